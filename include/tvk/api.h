#ifndef TVK_API_H
#define TVK_API_H

/*
 * How libtvk marks what it exports: the library is built with hidden
 * visibility, and TVK_API on a declaration makes it public.  TVK_PRINTF
 * lets the compiler check printf-style arguments.  And the one thing
 * every part of the library may ask: which version it is.
 */

#if defined(TVK_BUILDING_LIB) && defined(__GNUC__)
#define TVK_API __attribute__((visibility("default")))
#else
#define TVK_API
#endif

#if defined(__GNUC__)
#define TVK_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define TVK_PRINTF(fmt, args)
#endif

/** The library's version, "0.1.0". */
TVK_API const char *tvk_version(void);

#endif

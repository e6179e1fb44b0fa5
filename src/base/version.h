#ifndef TVK_VERSION_H
#define TVK_VERSION_H

/* Which tvk this is (tvk_version() is public, in <tvk/api.h>). */

/* The version and the build ID of the code that runs ("0.1.0+5a7f…":
 * libtvk's, or a program's that links the library's code in), or the
 * version alone when the linker wrote no build ID: what the cache's
 * records are keyed on. */
const char *tvk_build_identity(void);

#endif

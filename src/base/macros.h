#ifndef TVK_MACROS_H
#define TVK_MACROS_H

/* What C lacks: the length of an array, and min and max of coordinates. */

#define TVK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* fmin and fmax for coordinates, which are never NaN: libm's keep NaN
 * rules that stop the compiler from inlining them, and they run for every
 * glyph of every page. */
static inline double tvk_min(double a, double b)
{
	return a < b ? a : b;
}

static inline double tvk_max(double a, double b)
{
	return a > b ? a : b;
}

#endif

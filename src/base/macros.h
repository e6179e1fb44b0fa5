#ifndef TVK_MACROS_H
#define TVK_MACROS_H

/* What C lacks: the length of an array, and min and max of coordinates;
 * the bound of every coordinate tvk reads. */

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

/*
 * The largest coordinate tvk believes, in points: far beyond any page
 * (PDF's largest is 14,400 units, some 5 metres), far within what
 * arithmetic on it (hundredths as a long long, areas, sums) can hold.  A
 * document or a PDF that says ±1e300 is refused or bounded by this.
 */
#define TVK_COORD_LIMIT 1e7

/* @v within ±TVK_COORD_LIMIT; NaN as 0. */
static inline double tvk_coord_bound(double v)
{
	if (!(v == v))
		return 0;
	return v > TVK_COORD_LIMIT ? TVK_COORD_LIMIT :
		v < -TVK_COORD_LIMIT ? -TVK_COORD_LIMIT : v;
}

#endif

#ifndef TVK_READ_IMAGE_H
#define TVK_READ_IMAGE_H

/*
 * The image stage: a scanned page's picture made fit to read.  A scan may
 * come turned a quarter or half round, skewed by a degree or two, 1-bit
 * (thresholded or dithered), JPEG-damaged, unevenly lit or with the back
 * page showing through; tesseract reads none of that well.  The stage
 * brings the picture back to grey, evens out its background, sets its
 * lines across and straight at TVK_IMAGE_DPI (upright, or upside down:
 * the reader settles that with tesseract), and says how its points map onto
 * the page as displayed, so that what is read from it can be reported
 * where it is printed.
 *
 * Ownership: a struct tvk_page_image owns its pixels;
 * tvk_page_image_finish() frees them.  Nothing here keeps a pointer to
 * its input.
 */

#include <stdbool.h>

#include <tvk/types.h>

#include "read/pdf.h"

/* The resolution pages are read at: digits of the publication's 8-point
 * tables are then some 20 pixels high, which tesseract reads as well as
 * at 300 dpi (the development set's scans, cell for cell) from two thirds
 * of the pixels; its page layout, and tvk's own preparation of the
 * picture, take their time by the pixel. */
#define TVK_IMAGE_DPI 250

/* The resolution a page whose tables fail there is read at again: some
 * pictures (a 1-bit scan of 150 dpi, a page OCRmyPDF cleaned) lose a
 * digit or a row at 250 dpi that they keep at 300. */
#define TVK_IMAGE_DPI_AGAIN 300

/** The frame that maps every point to itself. */
struct tvk_frame tvk_frame_identity(void);

/** Whether @f maps every point to itself. */
bool tvk_frame_is_identity(const struct tvk_frame *f);

/** The point (@x, @y) mapped through @f, into (*@ox, *@oy). */
void tvk_frame_point(const struct tvk_frame *f, double x, double y,
		double *ox, double *oy);

/** The box around @b mapped through @f. */
struct tvk_box tvk_frame_box(const struct tvk_frame *f,
		struct tvk_box b);

/** The inverse of @f (which is never singular: a turn and scales). */
struct tvk_frame tvk_frame_invert(const struct tvk_frame *f);

/**
 * @im (a page rendered as displayed) as seen in frame @f: the picture of
 * the same size whose point u shows @im's point f(u) — a text layer's
 * page set level (layout.h) seen as its words now lie.  Returns 0, or -1
 * when @im is empty; @out's pixels are the caller's to free.
 */
int tvk_image_in_frame(const struct tvk_image *im,
		const struct tvk_frame *f, struct tvk_image *out);

/* A page's picture, ready to read, and how it lies on the page. */
struct tvk_page_image {
	struct tvk_image image;  /* grey, lines across and straight, at
	                            TVK_IMAGE_DPI */
	int turns;               /* quarter turns made, clockwise: 0..3 */
	double skew;             /* degrees turned to straighten it,
	                            clockwise positive */
	bool bilevel;            /* the scan had two tones only */
	/* Points of @image (pixels * 72 / dpi) to points of the page as
	 * displayed. */
	struct tvk_frame to_page;
};

/**
 * Makes @render (a page rendered at render->dpi, as displayed) ready to
 * read into @out: grey, background evened out, lines across and
 * straight, at @dpi (TVK_IMAGE_DPI, or TVK_IMAGE_DPI_AGAIN).  Returns 0,
 * or -1 when @render is empty or too large to turn.
 */
int tvk_image_prepare(const struct tvk_image *render, double dpi,
		struct tvk_page_image *out);

/** Frees what @pi holds. Accepts NULL. */
void tvk_page_image_finish(struct tvk_page_image *pi);

/*
 * The analysis behind tvk_image_prepare(): the quarter turns (0 or 1,
 * clockwise) that set the lines of @image across the page, and the skew
 * left after them (degrees; positive: the lines fall to the right).
 */
int tvk_image_orientation(const struct tvk_image *image, double *skew);

/* A line of a picture: a rectangle of pixels, [x0, x1) x [y0, y1). */
struct tvk_band {
	int x0, y0, x1, y1;
};

/**
 * The lines of print of @image (upright and straight), top to bottom: the
 * bands of rows with ink, a table's rules and a page's dark edges left
 * out, lines that touch cut apart.  Sets *@out (free() it) and returns
 * their number.
 */
size_t tvk_image_lines(const struct tvk_image *image,
		struct tvk_band **out);

/**
 * The lines of running text of @image: of the body's height, half the
 * width of the widest line or more, no gap in them wider than a column's
 * — below the top fifth of the text, where titles stand, and on a page
 * with rows of a table (three lines with column gaps) above its first
 * row only.  What the publication prints as prose carries nothing a
 * table needs (its period, region, register and furniture stand apart),
 * and most of the time reading a scan goes on it.  Sets *@out (free() it) and returns
 * their number.
 */
size_t tvk_image_body_text(const struct tvk_image *image,
		struct tvk_band **out);

/**
 * Wipes the rules of @image (a table's grid, a box around it): runs of
 * dark pixels an inch long across the page or half an inch down it,
 * which no glyph makes, no thicker than a fortieth of an inch (a shaded
 * band or a dark block keeps its text), and a pixel around them, where
 * their edges blur.  tesseract reads a rule beside a count as a 1 or a
 * bracket ("2041" for 204 before a column's rule), and a grid printed
 * close glues its rows together through the rules; but a rule may also
 * run so close under a row's digits that wiping it takes their feet.
 */
void tvk_image_wipe_rules(struct tvk_image *image);

/**
 * Whitens the specks of @image: dark pixels (under 140 of 255) with
 * fewer than seven dark pixels in the 7 x 7 pixels around them, a blot
 * smaller than any glyph's stroke at 250 dpi and more (a full stop of
 * the tables' 8 points has some fourteen at 250 dpi, twenty at 300).
 * Dust, a scanner's noise and JPEG's blocks are that, and tesseract
 * reads them as marks beside a count.
 */
void tvk_image_despeckle(struct tvk_image *image);

/** Turns @pi's picture upside down (its frame with it). */
void tvk_page_image_turn_over(struct tvk_page_image *pi);

#endif

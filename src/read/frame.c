/*
 * Frames (image.h): the affine maps between a picture set straight and
 * the page as displayed, by which every box read from the picture is
 * reported where it is printed.
 */
#include "read/image.h"

#include "base/macros.h"

struct tvk_frame tvk_frame_identity(void)
{
	return (struct tvk_frame){1, 0, 0, 0, 1, 0};
}

bool tvk_frame_is_identity(const struct tvk_frame *f)
{
	return f->xx == 1 && f->xy == 0 && f->x0 == 0 && f->yx == 0 &&
		f->yy == 1 && f->y0 == 0;
}

void tvk_frame_point(const struct tvk_frame *f, double x, double y,
		double *ox, double *oy)
{
	*ox = f->xx * x + f->xy * y + f->x0;
	*oy = f->yx * x + f->yy * y + f->y0;
}

struct tvk_box tvk_frame_box(const struct tvk_frame *f, struct tvk_box b)
{
	double xs[4], ys[4];
	tvk_frame_point(f, b.x0, b.y0, &xs[0], &ys[0]);
	tvk_frame_point(f, b.x1, b.y0, &xs[1], &ys[1]);
	tvk_frame_point(f, b.x0, b.y1, &xs[2], &ys[2]);
	tvk_frame_point(f, b.x1, b.y1, &xs[3], &ys[3]);
	struct tvk_box out = {xs[0], ys[0], xs[0], ys[0]};
	for (int i = 1; i < 4; i++) {
		out.x0 = tvk_min(out.x0, xs[i]);
		out.y0 = tvk_min(out.y0, ys[i]);
		out.x1 = tvk_max(out.x1, xs[i]);
		out.y1 = tvk_max(out.y1, ys[i]);
	}
	return out;
}

struct tvk_frame tvk_frame_invert(const struct tvk_frame *f)
{
	double det = f->xx * f->yy - f->xy * f->yx;
	struct tvk_frame inv = {
		f->yy / det, -f->xy / det, 0,
		-f->yx / det, f->xx / det, 0,
	};
	inv.x0 = -(inv.xx * f->x0 + inv.xy * f->y0);
	inv.y0 = -(inv.yx * f->x0 + inv.yy * f->y0);
	return inv;
}

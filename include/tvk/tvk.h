#ifndef TVK_TVK_H
#define TVK_TVK_H

/* The umbrella header of libtvk: include this one.  In pipeline order. */

#include <tvk/api.h>
#include <tvk/error.h>
#include <tvk/arena.h>
#include <tvk/types.h>
#include <tvk/model.h>
#include <tvk/sha256.h>
#include <tvk/pdf.h>
#include <tvk/ocr.h>
#include <tvk/layout.h>
#include <tvk/lex.h>
#include <tvk/gazetteer.h>
#include <tvk/composition.h>
#include <tvk/table.h>
#include <tvk/repair.h>
#include <tvk/validate.h>
#include <tvk/second.h>
#include <tvk/doc.h>
#include <tvk/document.h>
#include <tvk/emit.h>
#include <tvk/schema.h>
#include <tvk/batch.h>
#include <tvk/dataset.h>
#include <tvk/review.h>

#endif

#ifndef TVK_TVK_H
#define TVK_TVK_H

/*
 * The umbrella header of libtvk, its public face: include this one.
 * From the bottom up: errors and the plain values (api.h, error.h,
 * types.h); an input through the pipeline (read.h, input.h); the documents
 * it gives and their JSON (document.h, emit.h, schema.h); a folder of
 * them at a glance (archive.h); many inputs
 * into a folder (batch.h); the table and the review page over documents
 * (dataset.h, review.h).  The stages behind them are the library's own.
 */

#include <tvk/api.h>
#include <tvk/error.h>
#include <tvk/types.h>
#include <tvk/read.h>
#include <tvk/input.h>
#include <tvk/document.h>
#include <tvk/emit.h>
#include <tvk/schema.h>
#include <tvk/archive.h>
#include <tvk/batch.h>
#include <tvk/dataset.h>
#include <tvk/review.h>

#endif

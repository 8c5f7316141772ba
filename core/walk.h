/*
 * walk.h - discover: the input files under the paths of the command line,
 * one at a time (walk.c).
 */
#ifndef OTL_WALK_H
#define OTL_WALK_H

#include <stddef.h>
#include "otlint.h"
#include "result.h"

/* A walk over `paths` (files or directories, recursively; VCS folders
 * skipped; symbolic links inside directories not followed; each directory
 * sorted, depth first), one file at a time.  It keeps the entries of the
 * directories it is in, never the files it has handed over.  Problems are
 * kept as pseudo-files with status unreadable.  `paths` is borrowed. */
struct otl_walk;
struct otl_walk *otl_walk_new(char *const *paths, size_t npaths); /* NULL: OOM */
/* 1 with the next file (*path malloc'd, the caller's; *explicit_ when named
 * on the command line: an unrecognised explicit file is an input error, one
 * found in a directory is reported, not an error), 0 at the end, -1 out of
 * memory. */
int otl_walk_next(struct otl_walk *w, char **path, int *explicit_);
/* The problems so far, taken over by the caller (otl_file_clear, free). */
void otl_walk_errors(struct otl_walk *w, struct otl_file **errs, size_t *nerrs);
void otl_walk_free(struct otl_walk *w);
/* At most how many files a walk not yet begun will hand over: the number
 * of paths when none is a directory, else SIZE_MAX (not known before the
 * walk).  A scan starts no more workers than that. */
size_t otl_walk_bound(const struct otl_walk *w);
/* Files and problems a walk of `paths` finds (the progress total). */
size_t otl_walk_count(char *const *paths, size_t npaths);

#endif

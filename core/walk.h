/*
 * walk.h - discover: the input files under the paths of the command line,
 * one at a time (walk.c).
 */
#ifndef OTL_WALK_H
#define OTL_WALK_H

#include <stddef.h>
#include <sys/types.h>
#include "otlint.h"
#include "ignore.h"
#include "result.h"

/* A walk over `paths` (files or directories, recursively; symbolic links
 * inside directories not followed; each directory sorted, depth first), one
 * entry at a time.  It keeps the entries of the directories it is in, never
 * the files it has handed over.  What an ignore rule matches
 * (docs/file-accounting.md: the built-in list, --exclude, .otlintignore)
 * is handed over too, marked, and not descended into.  Problems are kept as
 * pseudo-files with status unreadable.  `paths` is borrowed. */
struct otl_walk;
struct otl_walk *otl_walk_new(char *const *paths, size_t npaths); /* NULL: OOM */
/* --exclude GLOBs (borrowed; gitignore syntax, relative to each directory
 * named on the command line).  Before the first otl_walk_next.  0, -1 OOM. */
int otl_walk_exclude(struct otl_walk *w, char *const *globs, size_t nglobs);

/* Pass over the file `dev`/`ino` without a word (otlint's own temporary
 * report files, when an output lies inside a scanned directory: they are
 * not inputs).  Before the first otl_walk_next.  0, -1 when full (32). */
int otl_walk_skip(struct otl_walk *w, dev_t dev, ino_t ino);

/* Would a walk of directory `top` (named on the command line; --exclude
 * `excludes`) read the file `top`/`rel` (rel: a relative path without "."
 * or ".." components, which need not exist)?  The same rules as
 * otl_walk_next: --exclude, the .otlintignore files on the way, the
 * built-in list, a link on the way (never followed), the depth limit.
 * 1 yes, 0 no, -1 out of memory. */
int otl_walk_would_read(const char *top, const char *rel, char *const *excludes, size_t nexcludes);

/* Why an entry is ignored: the rule, the pattern and where it was written
 * (strings malloc'd, the caller's; otl_walk_why_clear). */
struct otl_walk_why {
    enum otl_ignore_src src; /* OTL_IGNORE_NONE: not ignored */
    char *pattern;           /* as written, with its `!` and `/` */
    char *source;            /* the .otlintignore file, else NULL */
    unsigned long line;      /* its line there */
    int is_dir;              /* the entry is a directory (not descended) */
    int is_link;             /* a symbolic link (never followed) */
};
void otl_walk_why_clear(struct otl_walk_why *why);

/* 1 with the next entry (*path malloc'd, the caller's; *explicit_ when named
 * on the command line: named entries are never ignored, but why->src says
 * which rule would have; else why->src set: ignored, not to be read), 0 at
 * the end, -1 out of memory. */
int otl_walk_next(struct otl_walk *w, char **path, int *explicit_, struct otl_walk_why *why);
/* The problems so far, taken over by the caller (otl_file_clear, free). */
void otl_walk_errors(struct otl_walk *w, struct otl_file **errs, size_t *nerrs);
void otl_walk_free(struct otl_walk *w);
/* At most how many files a walk not yet begun will hand over: the number
 * of paths when none is a directory, else SIZE_MAX (not known before the
 * walk).  A scan starts no more workers than that. */
size_t otl_walk_bound(const struct otl_walk *w);
/* Entries and problems a walk of `paths` finds (the progress total). */
size_t otl_walk_count(char *const *paths, size_t npaths, char *const *excludes, size_t nexcludes);

#endif

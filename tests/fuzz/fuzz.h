/*
 * fuzz.h - what the fuzz targets in tests/fuzz/ share.
 *
 * Each target defines the libFuzzer entry points below.  Built with
 * ./configure --enable-fuzzing (clang) they link libFuzzer's main and fuzz;
 * built otherwise (gcc too) they link replay.c, a main() that runs every file
 * named on the command line through LLVMFuzzerTestOneInput once: that is how
 * `make check` replays the seeds and the committed reproducers.
 */
#ifndef OTL_FUZZ_H
#define OTL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog.h"
#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The shipped catalogs, rules and profiles (source tree), loaded once.
 * Any load error aborts: the harness would otherwise fuzz nothing. */
struct fuzz_rules {
    struct otl_catalog cat;
    struct otl_ruleset rs;
    struct otl_selection sel; /* the default profile */
    char schema[4096];
};
void fuzz_rules_load(struct fuzz_rules *fr);

/* A load-error callback that only counts (arg: size_t *). */
void fuzz_count_err(void *arg, int level, const char *file, unsigned long line, const char *msg);

/* /dev/null, opened once: writers run on every input, their output is not
 * looked at (the secrets and output tests do that), only their behaviour. */
FILE *fuzz_sink(void);

#endif

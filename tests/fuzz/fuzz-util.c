/* fuzz-util.c - see fuzz.h. */
#include <config.h>
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

void fuzz_count_err(void *arg, int level, const char *file, unsigned long line, const char *msg)
{
    static int verbose = -1;

    /* OTL_FUZZ_DEBUG=1 shows why an input did not load (seed triage). */
    if (verbose < 0)
        verbose = getenv("OTL_FUZZ_DEBUG") != NULL;
    if (verbose)
        fprintf(stderr, "load error: %s:%lu: %s\n", file ? file : "-", line, msg);
    if (arg && level >= OTL_DIAG_ERROR)
        ++*(size_t *)arg;
}

static void fatal_err(void *arg, int level, const char *file, unsigned long line,
                      const char *msg)
{
    (void)arg, (void)level;
    fprintf(stderr, "fuzz: cannot load the shipped rules: %s:%lu: %s\n", file ? file : "-", line,
            msg);
    abort();
}

void fuzz_rules_load(struct fuzz_rules *fr)
{
    char path[4096];

    memset(fr, 0, sizeof *fr);
    otl_catalog_init(&fr->cat);
    otl_ruleset_init(&fr->rs);
    snprintf(fr->schema, sizeof fr->schema, "%s/baselines/schema", OTL_SRCDIR);
    snprintf(path, sizeof path, "%s/baselines/requirements", OTL_SRCDIR);
    if (otl_catalog_load(&fr->cat, path, fr->schema, fatal_err, NULL) != 0)
        abort();
    fr->rs.catalog = &fr->cat;
    snprintf(path, sizeof path, "%s/baselines/rules", OTL_SRCDIR);
    if (otl_ruleset_load_baseline(&fr->rs, path, fr->schema, fatal_err, NULL) != 0)
        abort();
    snprintf(path, sizeof path, "%s/baselines/profiles", OTL_SRCDIR);
    if (otl_ruleset_load_profile(&fr->rs, path, fr->schema, fatal_err, NULL) != 0)
        abort();
    if (otl_select(&fr->rs, "default", &fr->sel, fatal_err, NULL) != 0)
        abort();
}

FILE *fuzz_sink(void)
{
    static FILE *null;

    if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
        abort();
    return null;
}

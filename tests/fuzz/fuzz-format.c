/*
 * fuzz-format.c - one fuzz target per format plugin.
 *
 * Built once per plugin with that plugin's source linked in statically (its
 * descriptor `otlint_format`) and OTL_FUZZ_FORMAT naming it.  Each input goes
 * the way a file goes through `otlint scan`: sniff, parse (forced to this
 * plugin, so the fuzzer need not first learn to please sniff), evaluation of
 * the default profile, the requirement roll-up, and every report writer.
 *
 * Besides the sanitizers it checks one promise of otlint: an input that was
 * not fully read never passes silently (a parse error, a partial parse or a
 * limit comes with at least one diagnostic).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>

#include "fuzz.h"
#include "limits.h"
#include "loader.h"
#include "result.h"
#include "rollup.h"
#include "scan.h"

#ifndef OTL_FUZZ_FORMAT
#error "OTL_FUZZ_FORMAT must name the plugin linked into this target"
#endif

extern const struct otl_format otlint_format;

static struct fuzz_rules rules;
static struct otl_registry reg;
static struct otl_plugin plugin;
static struct otl_evaluator *ev;
/* As in a scan: raw statements as records when no rule reads raw elements. */
static struct otl_rawrecs recs;
static int use_recs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256];

    (void)argc;
    (void)argv;
    xmlInitParser();
    if (strcmp(otlint_format.name, OTL_FUZZ_FORMAT) != 0)
        abort();
    plugin.path = NULL;
    plugin.kind = OTL_PLUGIN_FORMAT;
    plugin.format = &otlint_format;
    reg.v = &plugin;
    reg.n = reg.cap = 1;
    /* every rule expression in core/xpfast.c's subset evaluated by it and by
     * libxml2, abort() on a difference: fuzzing is differential there */
    fuzz_rules_load(&rules);
    ev = otl_evaluator_new(&rules.sel, &reg, err, sizeof err);
    use_recs = ev != NULL && !otl_evaluator_reads_raw(ev);
    if (ev == NULL) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    return 0;
}

static void write_reports(struct otl_scan *scan)
{
    static int all = -1;
    FILE *out = fuzz_sink();

    if (all < 0)
        all = getenv("OTL_FUZZ_ALL_WRITERS") != NULL;
    scan->rollup = otl_rollup_scan(&rules.cat, scan);
    (void)otl_write_text(out, scan, 1, 0);
    (void)otl_write_junit(out, scan);
    if (all) {
        (void)otl_write_json(out, scan);
        (void)otl_write_sarif(out, scan);
        (void)otl_write_matrix_csv(out, scan);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct otl_scan_opts opts = {1, OTL_FUZZ_FORMAT, OTL_MAX_FILE_SIZE, NULL, NULL, NULL, NULL, NULL, 0};
    struct otl_input head = {"fuzz-input", data, size < OTL_SNIFF_LEN ? size : OTL_SNIFF_LEN};
    struct otl_scan scan;
    struct otl_devdoc dd;
    struct otl_file *f;
    int sniffed;

    sniffed = otlint_format.sniff(&head);
    if (sniffed < 0 || sniffed > 100)
        abort(); /* the ABI says 0..100 */
    if ((f = calloc(1, sizeof *f)) == NULL)
        return 0;
    if (otl_parse_memory(&reg, &opts, "fuzz-input", data, size, NULL, 0, f, &dd,
                         use_recs ? &recs : NULL) == 0) {
        otl_evaluator_set_raw(ev, use_recs ? &recs : NULL);
        (void)otl_evaluate(ev, &dd, otlint_format.classes, f);
        xmlFreeDoc(dd.doc);
        f->rollup = otl_rollup_device(&rules.cat, f, rules.sel.target_sl);
    }
    /* Never silent: what was not fully read says why. */
    if ((f->status == OTL_FILE_PARSE_ERROR || f->status == OTL_FILE_PARTIAL ||
         f->status == OTL_FILE_LIMIT) && f->ndiags == 0)
        abort();
    if (f->coverage > 1.0)
        abort();
    memset(&scan, 0, sizeof scan);
    scan.rules = &rules.rs;
    scan.selected = rules.sel.rules;
    scan.nselected = rules.sel.nrules;
    scan.profile = rules.sel.profile_id;
    scan.fail_on = OTL_SEV_LOW;
    scan.catalog = &rules.cat;
    scan.target_sl = rules.sel.target_sl;
    scan.files = f;
    scan.nfiles = 1;
    write_reports(&scan);
    otl_scan_free(&scan);
    return 0;
}

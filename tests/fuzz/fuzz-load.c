/*
 * fuzz-load.c - fuzz target for what otlint loads besides configs: baselines,
 * profiles, waiver files and requirement catalogs.
 *
 * The first byte of an input picks the kind (its low two bits: 0 baseline,
 * 1 profile, 2 waivers, 3 catalog); the rest is the file.  The loaders read
 * files (they name them in errors), so each input is written to a private
 * temporary file first.  What loads cleanly is then used: a baseline's rules
 * are selected and evaluated on a fixed device document, a profile is
 * resolved at every target SL, waivers are applied to that document's
 * findings.  These files are otlint's own trusted data, but they are
 * hand-written and shared between teams: a typo must be a load error with
 * file:line, never a crash.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>

#include "fuzz.h"
#include "result.h"
#include "waiver.h"
#include "xmlsafe.h"

static struct fuzz_rules rules;
static struct otl_evaluator *ev;
static char dir[64] = "/tmp/otl-fuzz-load.XXXXXX";
static char input[128], allprof[128];

/* A switch as the cisco-ios plugin describes it (facts only): enough for
 * many rules to fail and for waivers to match. */
static const char device_xml[] =
    "<device file=\"sw1.cfg\" format=\"cisco-ios\"><facts>"
    "<system hostname=\"SW1\" vendor=\"cisco\" os=\"ios\" version=\"15.2\" class=\"switch\""
    " export-kind=\"full\" parse-coverage=\"0.980\" statements=\"102\"/>"
    "<service name=\"telnet\" enabled=\"true\" defaulted=\"false\"/>"
    "<service name=\"ssh\" enabled=\"true\" defaulted=\"true\" version=\"1.99\"/>"
    "<service name=\"http\" enabled=\"true\" defaulted=\"false\"/>"
    "<service name=\"snmp\" enabled=\"true\" defaulted=\"false\"/>"
    "<service name=\"cdp\" enabled=\"true\" defaulted=\"true\"/>"
    "<aaa enabled=\"false\"/><ntp authenticate=\"false\" defaulted=\"true\"/>"
    "<logging enabled=\"true\" trap-level=\"informational\" buffered=\"true\"/>"
    "<enable level=\"15\" secret-kind=\"md5\"/>"
    "<account name=\"admin\" privilege=\"15\" secret-kind=\"reversible\" known-default=\"false\"/>"
    "<interface name=\"Gi1/1\" vlan=\"10\" mode=\"access\" port-security=\"true\" enabled=\"true\"/>"
    "<interface name=\"Gi1/9\" mode=\"trunk\" enabled=\"true\"/>"
    "<snmp-community version=\"2c\" access=\"ro\" known-default=\"true\"/>"
    "<ntp-server address=\"10.41.99.1\" authenticated=\"false\"/>"
    "<session channel=\"vty\" first=\"0\" last=\"4\" idle-timeout=\"0\" login=\"local\""
    " transport-in=\"telnet ssh\" exec=\"true\"/>"
    "</facts><raw/></device>";

static void cleanup(void)
{
    unlink(input);
    unlink(allprof);
    rmdir(dir);
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    int rc = 0;

    if (fp == NULL)
        return -1;
    if (len && fwrite(data, 1, len, fp) != len)
        rc = -1;
    if (fclose(fp) != 0)
        rc = -1;
    return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char all[] = "<profile xmlns=\"urn:otlint:profile:1\" id=\"fuzz-all\">"
                              "<title>every rule</title><select/></profile>";
    char err[256];

    (void)argc;
    (void)argv;
    xmlInitParser();
    /* every rule expression in core/xpfast.c's subset evaluated by it and by
     * libxml2, abort() on a difference: fuzzing is differential there */
    fuzz_rules_load(&rules);
    ev = otl_evaluator_new(&rules.sel, NULL, err, sizeof err);
    if (ev == NULL || mkdtemp(dir) == NULL)
        abort();
    snprintf(input, sizeof input, "%s/input.xml", dir);
    snprintf(allprof, sizeof allprof, "%s/all.xml", dir);
    if (write_file(allprof, all, sizeof all - 1) != 0)
        abort();
    atexit(cleanup);
    return 0;
}

/* Evaluate `e` on the fixed device; waivers `w` (may be NULL) applied. */
static void evaluate_device(struct otl_evaluator *e, struct otl_waivers *w)
{
    struct otl_devdoc dd;
    struct otl_file f;

    memset(&dd, 0, sizeof dd);
    memset(&f, 0, sizeof f);
    dd.doc = otl_xml_read_memory(device_xml, sizeof device_xml - 1, "device", NULL, NULL);
    if (dd.doc == NULL)
        return;
    dd.device = xmlDocGetRootElement(dd.doc);
    dd.facts = dd.device ? dd.device->children : NULL;
    dd.raw = dd.facts ? dd.facts->next : NULL;
    f.coverage = -1;
    (void)otl_evaluate(e, &dd, OTL_CLASS_SWITCH, &f);
    xmlFreeDoc(dd.doc);
    otl_waivers_apply(w, &f);
    otl_file_clear(&f);
}

static void fuzz_baseline(void)
{
    struct otl_ruleset rs;
    struct otl_selection sel;
    struct otl_evaluator *e;
    size_t errs = 0;
    char err[256];

    otl_ruleset_init(&rs);
    rs.catalog = &rules.cat;
    if (otl_ruleset_load_baseline(&rs, input, rules.schema, fuzz_count_err, &errs) == 0 &&
        otl_ruleset_load_profile(&rs, allprof, rules.schema, fuzz_count_err, &errs) == 0 &&
        otl_select(&rs, "fuzz-all", &sel, fuzz_count_err, &errs) == 0) {
        if ((e = otl_evaluator_new(&sel, NULL, err, sizeof err)) != NULL) {
            evaluate_device(e, NULL);
            otl_evaluator_free(e);
        }
        otl_selection_free(&sel);
    }
    otl_ruleset_free(&rs);
}

static void fuzz_profile(void)
{
    struct otl_ruleset rs;
    struct otl_selection sel;
    size_t errs = 0, i, base = rules.rs.nprofiles;
    int sl;

    /* The shipped rules and profiles are needed for selections and extends
     * chains to mean anything, but loading them per input is slow: the
     * input's profiles go into a copy of the profile list (seeds.sh renames
     * the shipped profiles used as seeds, so their ids do not clash). */
    otl_ruleset_init(&rs);
    rs.catalog = &rules.cat;
    rs.rules = rules.rs.rules;
    rs.nrules = rs.caprules = rules.rs.nrules;
    if ((rs.profiles = malloc(base * sizeof *rs.profiles)) == NULL)
        return;
    memcpy(rs.profiles, rules.rs.profiles, base * sizeof *rs.profiles);
    rs.nprofiles = rs.capprofiles = base;
    if (otl_ruleset_load_profile(&rs, input, rules.schema, fuzz_count_err, &errs) == 0) {
        for (i = base; i < rs.nprofiles; i++)
            for (sl = 0; sl <= 4; sl++)
                if (otl_select_sl(&rs, rs.profiles[i]->id, sl, &sel, fuzz_count_err, &errs) == 0)
                    otl_selection_free(&sel);
    }
    /* Give back what is borrowed; free what the input added. */
    memmove(rs.profiles, rs.profiles + base, (rs.nprofiles - base) * sizeof *rs.profiles);
    rs.nprofiles -= base;
    rs.rules = NULL;
    rs.nrules = 0;
    otl_ruleset_free(&rs);
}

static void fuzz_waivers(void)
{
    struct otl_waivers w;
    size_t errs = 0;

    otl_waivers_init(&w);
    if (otl_waivers_load(&w, input, rules.schema, &rules.rs, "2026-06-01", fuzz_count_err, &errs) == 0)
        evaluate_device(ev, &w);
    otl_waivers_free(&w);
}

static void fuzz_catalog(void)
{
    struct otl_catalog cat;
    size_t errs = 0;

    otl_catalog_init(&cat);
    (void)otl_catalog_load(&cat, input, rules.schema, fuzz_count_err, &errs);
    otl_catalog_free(&cat);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || write_file(input, data + 1, size - 1) != 0)
        return 0;
    switch (data[0] & 3) {
    case 0: fuzz_baseline(); break;
    case 1: fuzz_profile(); break;
    case 2: fuzz_waivers(); break;
    default: fuzz_catalog(); break;
    }
    return 0;
}

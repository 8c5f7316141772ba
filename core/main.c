/* main.c - the otlint command. */
#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>

#include "catalog.h"
#include "engine.h"
#include "limits.h"
#include "loader.h"
#include "regex.h"
#include "result.h"
#include "rollup.h"
#include "xmlalloc.h"
#include "scan.h"
#include "util.h"
#include "waiver.h"
#include "write-util.h"
#include "xmlsafe.h"

/* Exit codes (docs/otlint.1). */
enum {
    EXIT_CLEAN = 0,    /* nothing at or above --fail-on */
    EXIT_FINDINGS = 1, /* findings at or above --fail-on */
    EXIT_USAGE = 2,    /* usage, baseline, profile, plugin or rule error */
    EXIT_INPUT = 3,    /* an input could not be read, parsed or checked */
    EXIT_CRASH = 4     /* a plugin (or otlint) crashed: no results */
};

static const char usage_text[] =
    "Usage: otlint [OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Static configuration checker for industrial automation and control systems:\n"
    "reads exported configurations of switches, routers, firewalls and controllers\n"
    "and evaluates them against hardening baselines mapped to IEC 62443.\n"
    "\n"
    "Commands:\n"
    "  scan [OPTIONS] PATH...   check files and directories (recursive); PATH -\n"
    "                           reads one config from standard input\n"
    "  requirements [OPTIONS] PATH...\n"
    "                           scan, then print the compliance matrix:\n"
    "                           IEC 62443 requirement x device with status\n"
    "  show [--raw] FILE        print the device document (facts; --raw adds the\n"
    "                           vendor tree) as XML, secrets redacted\n"
    "  formats                  list the format plugins\n"
    "  rules                    list the rules the profile runs (with --profile,\n"
    "                           --sl: what that profile runs)\n"
    "  explain RULE-ID          show a rule in full (the id in any case)\n"
    "\n"
    "Options:\n"
    "  -o, --output FORMAT[=FILE]  scan: text, json, sarif or junit; requirements:\n"
    "                           text, json or csv; repeatable; FILE is written\n"
    "                           atomically; default: text to stdout; two outputs\n"
    "                           to one place, or one onto an input, are an error;\n"
    "                           FILE is never written through a symbolic link, and\n"
    "                           one in a scanned directory must be --exclude'd\n"
    "      --fail-on SEVERITY   info|low|medium|high|critical (default: the\n"
    "                           profile's, else low), or none: findings never\n"
    "                           fail the run (errors still exit 2, 3 or 4)\n"
    "  -j, --jobs N             files in parallel (default: number of CPUs)\n"
    "      --format NAME        force a format plugin instead of sniffing (a file\n"
    "                           that shows no sign of it stays unrecognised)\n"
    "      --exclude GLOB       do not scan what GLOB matches in the directories\n"
    "                           walked (gitignore syntax; repeatable); also\n"
    "                           .otlintignore files and a built-in list (README*,\n"
    "                           *.md, images, archives, VCS folders ...): see\n"
    "                           docs/file-accounting.md\n"
    "      --baseline FILE|DIR  load more rules (repeatable); this and every file\n"
    "                           read by name must be a regular file (no FIFO)\n"
    "      --no-default-baselines  do not load the installed baselines\n"
    "      --profile ID|FILE    profile to run (default: default; with --sl N:\n"
    "                           iec62443-slN); profiles: otlint rules --profile ID\n"
    "      --sl N               target security level 1-4 of the zone: runs the rules\n"
    "                           for requirements up to SL N and reports the achieved\n"
    "                           SL per FR against it (overrides the profile's)\n"
    "      --waivers FILE       accepted deviations (repeatable; docs/waivers.md)\n"
    "      --strict-waivers     an expired or unmatched waiver is an error (exit 2)\n"
    "      --today YYYY-MM-DD   judge waiver expiry as of this date (default: today, UTC)\n"
    "      --plugin-dir DIR     load format plugins from DIR too (repeatable)\n"
    "      --max-file-size N    largest input in bytes (K, M, G suffixes; default 512M;\n"
    "                           standard input too); 1 to 1024G\n"
    "      --time-limit SECONDS wall-clock time one file may take to be read, parsed\n"
    "                           and evaluated (default 300; 0: none); a file over it\n"
    "                           is not checked (status limit, exit 3), the others are\n"
    "                           still checked\n"
    "      --stdin-name NAME    the name of standard input (PATH -) in reports and\n"
    "                           for sniffing (default: <stdin>)\n"
    "      --color WHEN         auto|always|never (text output; default auto)\n"
    "      --progress WHEN      auto|always|never: files done, total and rate on\n"
    "                           stderr during a scan, at most 5 redraws a second\n"
    "                           on a terminal, else a line per 5 s (auto: when\n"
    "                           stderr is a terminal, $CI is not set, no -q)\n"
    "  -q, --quiet              text: findings and errors only; stderr: errors\n"
    "                           (each naming its file), no warnings or progress\n"
    "  -h, --help               this help\n"
    "  -V, --version            version\n"
    "\n"
    "Exit status: 0 nothing at or above --fail-on; 1 findings at or above it\n"
    "(waived findings never count; never with --fail-on none); 2 usage, catalog, baseline, profile, plugin,\n"
    "rule or waiver error (with --strict-waivers: also an expired or unmatched\n"
    "waiver); 3 an input was not (fully) checked: not read, not parsed, even in\n"
    "part, recognised by no plugin, or without any security setting the profile\n"
    "checks (ignored files do not count); 4 a plugin or otlint crashed\n"
    "(the message names the plugin, the stage and the file; no report file is\n"
    "written, and a text report on stdout stops where it was).\n"
    "When several apply the highest wins, so nothing exits 0 when something failed.\n";

struct output {
    char *format;
    char *path; /* NULL = stdout */
};

struct opts {
    struct output outs[16];
    size_t nouts;
    enum otl_severity fail_on;
    unsigned jobs;
    const char *force_format;
    const char *baselines[64];
    size_t nbaselines;
    int no_default_baselines;
    const char *profile;
    int sl;            /* --sl, 0 = none */
    int fail_on_set;   /* --fail-on given */
    int strict_waivers;
    const char *waivers[16];
    size_t nwaivers;
    const char *today; /* --today, or NULL */
    const char *plugin_dirs[16];
    size_t nplugin_dirs;
    char *excludes[64]; /* --exclude GLOB (borrowed from argv) */
    size_t nexcludes;
    size_t max_file_size;
    int color; /* -1 auto */
    int progress; /* -1 auto */
    int quiet;
    int raw;
    const char *stdin_name; /* --stdin-name: standard input ("-") in reports */
    unsigned long time_limit; /* --time-limit seconds, 0 = none */
};

static int plugin_refusals;

__attribute__((noreturn)) static void leave(int code);
static int load_errors;
static int stdout_told; /* a failed write to stdout has been reported */

/* Every command ends here (--help and --version too): what it wrote to
 * standard output must have got there.  A write error (/dev/full, a full
 * disk) is exit status 2 with a message, unless a higher status stands. */
static int finish_stdout(int rc)
{
    if (otl_stdout_close() == 0)
        return rc;
    if (!stdout_told)
        fprintf(stderr, "otlint: cannot write to standard output: %s\n", strerror(errno));
    return rc > EXIT_USAGE ? rc : EXIT_USAGE;
}

/* The loader reports refusals only (level error, no line). */
static void loader_err(void *arg, int level, const char *path, unsigned long line,
                       const char *reason)
{
    (void)arg, (void)level, (void)line;
    plugin_refusals++;
    fprintf(stderr, "otlint: plugin %s refused: %s\n", path, reason);
}

static void load_err(void *arg, int level, const char *file, unsigned long line, const char *msg)
{
    const char *what = level >= OTL_DIAG_ERROR ? "error" : "warning";

    (void)arg;
    if (level >= OTL_DIAG_ERROR)
        load_errors++;
    if (line)
        fprintf(stderr, "%s:%lu: %s: %s\n", file, line, what, msg);
    else
        fprintf(stderr, "%s: %s: %s\n", file, what, msg);
}

/* The largest --max-file-size: 1 TiB, far above any configuration export,
 * and far enough below 2^64 that sizes computed from it cannot wrap. */
#define MAX_SIZE_ARG (1ULL << 40)

/* --max-file-size: digits (nothing before them: no sign, no space), then
 * one optional K, M or G (binary), nothing after; 1 byte to MAX_SIZE_ARG.
 * Overflow (18014398509481985K), -1, "", "1KB" are errors, never wrapped. */
static int parse_size(const char *s, size_t *out)
{
    unsigned long long v, max = MAX_SIZE_ARG < SIZE_MAX ? MAX_SIZE_ARG : SIZE_MAX;
    unsigned shift = 0;
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end != '\0' || v == 0 || v > max >> shift)
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

static int add_output(struct opts *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    struct output *out;

    if (o->nouts == sizeof o->outs / sizeof *o->outs)
        return -1;
    out = &o->outs[o->nouts];
    out->format = eq ? strndup(arg, (size_t)(eq - arg)) : strdup(arg);
    /* "-" and /dev/stdout (a symbolic link, refused as a FILE) are
     * standard output */
    out->path = eq && eq[1] && strcmp(eq + 1, "-") != 0 && strcmp(eq + 1, "/dev/stdout") != 0
                    ? strdup(eq + 1)
                    : NULL;
    /* Which formats fit depends on the command: checked again there. */
    if (out->format == NULL ||
        (!otl_output_format_known(out->format) && !otl_matrix_format_known(out->format))) {
        fprintf(stderr, "otlint: unknown output format '%s' (text, json, sarif, junit, csv)\n",
                out->format ? out->format : arg);
        free(out->format);
        free(out->path);
        return -1;
    }
    o->nouts++;
    return 0;
}

enum {
    OPT_FAIL_ON = 256,
    OPT_FORMAT,
    OPT_BASELINE,
    OPT_NO_DEFAULT,
    OPT_PROFILE,
    OPT_PLUGIN_DIR,
    OPT_MAX_SIZE,
    OPT_COLOR,
    OPT_RAW,
    OPT_SL,
    OPT_WAIVERS,
    OPT_STRICT_WAIVERS,
    OPT_TODAY,
    OPT_PROGRESS,
    OPT_STDIN_NAME,
    OPT_TIME_LIMIT,
    OPT_EXCLUDE
};

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"jobs", required_argument, NULL, 'j'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"no-default-baselines", no_argument, NULL, OPT_NO_DEFAULT},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
    {"max-file-size", required_argument, NULL, OPT_MAX_SIZE},
    {"color", required_argument, NULL, OPT_COLOR},
    {"progress", required_argument, NULL, OPT_PROGRESS},
    {"raw", no_argument, NULL, OPT_RAW},
    {"sl", required_argument, NULL, OPT_SL},
    {"waivers", required_argument, NULL, OPT_WAIVERS},
    {"strict-waivers", no_argument, NULL, OPT_STRICT_WAIVERS},
    {"today", required_argument, NULL, OPT_TODAY},
    {"stdin-name", required_argument, NULL, OPT_STDIN_NAME},
    {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Parses options anywhere on the line (GNU getopt permutes). */
static int parse_opts(int argc, char **argv, struct opts *o)
{
    int c;
    unsigned long v;

    while ((c = getopt_long(argc, argv, "o:j:qhV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (add_output(o, optarg) != 0)
                return -1;
            break;
        case OPT_FAIL_ON:
            /* none: OTL_SEV_COUNT, above every severity (scan_exit_code) */
            if (strcmp(optarg, "none") == 0)
                o->fail_on = OTL_SEV_COUNT;
            else if (otl_severity_parse(optarg, &o->fail_on) != 0) {
                fprintf(stderr, "otlint: --fail-on: want info, low, medium, high, critical or none\n");
                return -1;
            }
            o->fail_on_set = 1;
            break;
        case OPT_SL:
            if (otl_parse_ulong(optarg, &v) != 0 || v < 1 || v > 4) {
                fprintf(stderr, "otlint: --sl: want a security level from 1 to 4\n");
                return -1;
            }
            o->sl = (int)v;
            break;
        case OPT_WAIVERS:
            if (o->nwaivers == sizeof o->waivers / sizeof *o->waivers) {
                fprintf(stderr, "otlint: too many --waivers options\n");
                return -1;
            }
            o->waivers[o->nwaivers++] = optarg;
            break;
        case OPT_STRICT_WAIVERS: o->strict_waivers = 1; break;
        case OPT_EXCLUDE:
            if (o->nexcludes == sizeof o->excludes / sizeof *o->excludes) {
                fprintf(stderr, "otlint: too many --exclude options\n");
                return -1;
            }
            o->excludes[o->nexcludes++] = optarg;
            break;
        case OPT_TODAY:
            if (!otl_date_valid(optarg)) {
                fprintf(stderr, "otlint: --today: want a date YYYY-MM-DD\n");
                return -1;
            }
            o->today = optarg;
            break;
        case 'j':
            if (otl_parse_ulong(optarg, &v) != 0 || v < 1 || v > 256) {
                fprintf(stderr, "otlint: -j: want a number from 1 to 256\n");
                return -1;
            }
            o->jobs = (unsigned)v;
            break;
        case OPT_FORMAT: o->force_format = optarg; break;
        case OPT_BASELINE:
            if (o->nbaselines == sizeof o->baselines / sizeof *o->baselines) {
                fprintf(stderr, "otlint: too many --baseline options\n");
                return -1;
            }
            o->baselines[o->nbaselines++] = optarg;
            break;
        case OPT_NO_DEFAULT: o->no_default_baselines = 1; break;
        case OPT_PROFILE: o->profile = optarg; break;
        case OPT_PLUGIN_DIR:
            if (o->nplugin_dirs == sizeof o->plugin_dirs / sizeof *o->plugin_dirs) {
                fprintf(stderr, "otlint: too many --plugin-dir options\n");
                return -1;
            }
            o->plugin_dirs[o->nplugin_dirs++] = optarg;
            break;
        case OPT_MAX_SIZE:
            if (parse_size(optarg, &o->max_file_size) != 0) {
                fprintf(stderr, "otlint: --max-file-size: want a size from 1 byte to 1024G, digits"
                                " with an optional K, M or G (such as 64M), not '%s'\n", optarg);
                return -1;
            }
            break;
        case OPT_COLOR:
        case OPT_PROGRESS: {
            int *when = c == OPT_COLOR ? &o->color : &o->progress;
            if (strcmp(optarg, "auto") == 0)
                *when = -1;
            else if (strcmp(optarg, "always") == 0)
                *when = 1;
            else if (strcmp(optarg, "never") == 0)
                *when = 0;
            else {
                fprintf(stderr, "otlint: --%s: want auto, always or never\n",
                        c == OPT_COLOR ? "color" : "progress");
                return -1;
            }
            break;
        }
        case OPT_RAW: o->raw = 1; break;
        case OPT_STDIN_NAME:
            if (optarg[0] == '\0' || strcmp(optarg, "-") == 0) {
                fprintf(stderr, "otlint: --stdin-name: want a name (not empty, not -)\n");
                return -1;
            }
            o->stdin_name = optarg;
            break;
        case OPT_TIME_LIMIT:
            if (otl_parse_ulong(optarg, &v) != 0 || v > 86400) {
                fprintf(stderr, "otlint: --time-limit: want seconds from 0 (none) to 86400\n");
                return -1;
            }
            o->time_limit = v;
            break;
        case 'q': o->quiet = 1; break;
        case 'h': fputs(usage_text, stdout); leave(finish_stdout(EXIT_CLEAN));
        case 'V':
            printf("otlint %s (plugin ABI %d.%d)\n", PACKAGE_VERSION, OTL_ABI_MAJOR, OTL_ABI_MINOR);
            leave(finish_stdout(EXIT_CLEAN));
        default:
            fprintf(stderr, "Try 'otlint --help'.\n");
            return -1;
        }
    }
    return 0;
}

/* Plugins: the defaults, then --plugin-dir.  Any refusal is exit 2. */
static int load_plugins(struct otl_registry *reg, const struct opts *o)
{
    size_t i;

    otl_registry_init(reg);
    otl_registry_load_defaults(reg, loader_err, NULL);
    for (i = 0; i < o->nplugin_dirs; i++)
        otl_registry_load_dir(reg, o->plugin_dirs[i], OTL_PLUGIN_FORMAT, 0, loader_err, NULL);
    return plugin_refusals ? -1 : 0;
}

static int is_file_arg(const char *s)
{
    size_t l = strlen(s);
    return strchr(s, '/') != NULL || (l > 4 && strcmp(s + l - 4, ".xml") == 0);
}

static const char *const sl_profiles[] = {"iec62443-sl1", "iec62443-sl2", "iec62443-sl3",
                                           "iec62443-sl4"};

/* Catalogs, baselines and profiles: defaults, then --baseline, then --profile FILE. */
static int load_rules(struct otl_ruleset *rs, struct otl_catalog *cat, const struct opts *o,
                      const char **profile_id)
{
    char schema[4096], path[4096];
    const char *data = otl_default_datadir();
    size_t i;

    snprintf(schema, sizeof schema, "%s/schema", data);
    /* The requirement catalogs come first: baselines are checked against them. */
    snprintf(path, sizeof path, "%s/requirements", data);
    otl_catalog_load(cat, path, schema, load_err, NULL);
    if (load_errors)
        return -1;
    rs->catalog = cat;
    if (!o->no_default_baselines) {
        snprintf(path, sizeof path, "%s/rules", data);
        otl_ruleset_load_baseline(rs, path, schema, load_err, NULL);
    }
    snprintf(path, sizeof path, "%s/profiles", data);
    otl_ruleset_load_profile(rs, path, schema, load_err, NULL);
    for (i = 0; i < o->nbaselines; i++)
        otl_ruleset_load_baseline(rs, o->baselines[i], schema, load_err, NULL);
    *profile_id = o->profile ? o->profile : o->sl ? sl_profiles[o->sl - 1] : "default";
    if (o->profile && is_file_arg(o->profile)) {
        size_t before = rs->nprofiles;
        otl_ruleset_load_profile(rs, o->profile, schema, load_err, NULL);
        if (rs->nprofiles == before + 1)
            *profile_id = rs->profiles[before]->id;
        else if (load_errors == 0)
            load_err(NULL, OTL_DIAG_ERROR, o->profile, 0, "no profile loaded");
    }
    return load_errors ? -1 : 0;
}

/* An unknown profile id is a usage error that lists the ids there are
 * (the installed ones and those of --profile FILE).  1 when `id` is known. */
static int profile_known(const struct otl_ruleset *rs, const char *id)
{
    if (otl_ruleset_find_profile(rs, id) != NULL)
        return 1;
    fprintf(stderr, "otlint: no such profile '%s'; available:", id);
    for (size_t i = 0; i < rs->nprofiles; i++)
        fprintf(stderr, "%s %s", i > 0 ? "," : "", rs->profiles[i]->id);
    fprintf(stderr, "%s (a FILE with a '/' or ending in .xml is loaded as a profile)\n",
            rs->nprofiles == 0 ? " none" : "");
    return 0;
}

static int cmd_formats(const struct otl_registry *reg)
{
    size_t i;
    char cls[64];

    for (i = 0; i < reg->n; i++) {
        if (reg->v[i].kind != OTL_PLUGIN_FORMAT)
            continue;
        otl_class_names(reg->v[i].format->classes, cls, sizeof cls);
        printf("%-16s %-24s %s\n", reg->v[i].format->name, cls,
               reg->v[i].format->description ? reg->v[i].format->description : "");
        printf("%-16s %s\n", "", reg->v[i].path);
    }
    for (i = 0; i < reg->n; i++)
        if (reg->v[i].kind == OTL_PLUGIN_CHECKER)
            printf("checker %-8s %s\n", reg->v[i].checker->name, reg->v[i].path);
    return EXIT_CLEAN;
}

static void print_refs(const struct otl_rule *r, const char *sep)
{
    size_t i;

    for (i = 0; i < r->nrefs; i++) {
        printf("%s%s %s", i ? sep : "", r->refs[i].standard ? r->refs[i].standard : "",
               r->refs[i].id ? r->refs[i].id : "");
        if (r->refs[i].sl)
            printf(" (SL %d)", r->refs[i].sl);
    }
}

static int cmd_rules(const struct otl_ruleset *rs, const struct otl_selection *sel)
{
    const struct otl_profile *p = otl_ruleset_find_profile(rs, sel->profile_id);
    size_t i;
    char cls[64];

    printf("profile %s: %zu rules", sel->profile_id, sel->nrules);
    if (p && p->title)
        printf(" (%s)", p->title);
    printf("\n");
    for (; p && p->extends; p = otl_ruleset_find_profile(rs, p->extends))
        printf("  extends %s\n", p->extends);
    if (sel->target_sl)
        printf("target SL: %d (rules whose requirements start above SL %d do not run)\n",
               sel->target_sl, sel->target_sl);
    else
        printf("target SL: none (rules of every SL run)\n");
    if (sel->fail_on >= 0)
        printf("fail-on: %s\n", otl_severity_name((enum otl_severity)sel->fail_on));
    if (sel->strict_waivers == 1)
        printf("strict waivers: yes\n");
    if (!sel->rollup)
        printf("roll-up: off (findings only)\n");
    for (i = 0; i < sel->nrules; i++) {
        const struct otl_rule *r = sel->rules[i];
        char slbuf[8];
        otl_class_names(r->classes, cls, sizeof cls);
        snprintf(slbuf, sizeof slbuf, r->sl ? "SL%d" : "SL-", r->sl);
        printf("%-18s %-8s %-4s %-6s %s\n", r->id, otl_severity_name(r->severity), slbuf,
               r->kind == OTL_CHECK_SELECT ? "select" : "assert", r->title);
        printf("%-18s %s; ", "", cls);
        print_refs(r, ", ");
        printf("\n");
    }
    for (i = 0; i < sel->nparams; i++)
        printf("param %s = %s\n", sel->params[i].name, sel->params[i].value);
    return EXIT_CLEAN;
}

/* A rule by id, exactly, else in any case (ids are upper case by
 * convention: `otlint explain net-svc-telnet`).  NULL when none. */
static const struct otl_rule *find_rule_anycase(const struct otl_ruleset *rs, const char *id)
{
    const struct otl_rule *r = otl_ruleset_find(rs, id);

    for (size_t i = 0; r == NULL && i < rs->nrules; i++)
        if (strcasecmp(rs->rules[i]->id, id) == 0)
            r = rs->rules[i];
    return r;
}

static int cmd_explain(const struct otl_ruleset *rs, const struct otl_selection *sel,
                       const char *id)
{
    const struct otl_rule *r = find_rule_anycase(rs, id);
    size_t i;
    char cls[64];

    if (r == NULL) {
        fprintf(stderr, "otlint: no rule %s (see otlint rules)\n", id);
        return EXIT_USAGE;
    }
    otl_class_names(r->classes, cls, sizeof cls);
    printf("%s  %s\n", r->id, r->title);
    printf("severity:   %s\nclasses:    %s\n", otl_severity_name(r->severity), cls);
    printf("tags:      ");
    for (i = 0; i < r->ntags; i++)
        printf(" %s", r->tags[i]);
    printf("\nreferences:\n");
    for (i = 0; i < r->nrefs; i++)
    {
        const struct otl_req *q = r->refs[i].req;
        if (r->refs[i].sl)
            printf("  %s %s  SL %d", r->refs[i].standard, r->refs[i].id, r->refs[i].sl);
        else
            printf("  %s %s  SL n/a", r->refs[i].standard, r->refs[i].id);
        printf("%s%s\n", q && q->title ? "  " : "", q && q->title ? q->title : "");
    }
    printf("runs at:    %s%.0d\n", r->sl ? "SL-T >= " : "every SL-T", r->sl);
    printf("source:     %s\n", r->source ? r->source : "");
    printf("defined at: %s:%lu\n", r->file, r->line);
    printf("\nrationale:\n  %s\n\nfix:\n  %s\n\n", r->rationale ? r->rationale : "",
           r->fix ? r->fix : "");
    if (r->applies)
        printf("applies:   %s\n", r->applies);
    if (r->requires)
        printf("requires:  %s  (%s)\n", r->requires, r->requires_reason ? r->requires_reason : "");
    printf("%s:%s %s\nmessage:   %s\n", r->kind == OTL_CHECK_SELECT ? "select" : "assert",
           r->kind == OTL_CHECK_SELECT ? "   " : "   ", r->check, r->message);
    for (i = 0; i < r->nparams; i++) {
        size_t k;
        const char *val = r->params[i].value;
        for (k = 0; sel && k < sel->nparams; k++)
            if (strcmp(sel->params[k].name, r->params[i].name) == 0)
                val = sel->params[k].value;
        printf("param:     $%s = %s (default %s)\n", r->params[i].name, val, r->params[i].value);
    }
    return EXIT_CLEAN;
}

static void print_diags(const struct otl_file *f, int min_level)
{
    size_t i;

    /* path and message are the input's: escaped as in the text report */
    for (i = 0; i < f->ndiags; i++) {
        if (f->diags[i].level < min_level)
            continue;
        (void)otl_text_put(stderr, f->path);
        if (f->diags[i].line)
            fprintf(stderr, ":%lu", f->diags[i].line);
        fprintf(stderr, ": %s: ", otl_diag_level_name(f->diags[i].level));
        (void)otl_text_put(stderr, f->diags[i].msg);
        fputc('\n', stderr);
    }
}

/* Adds line="N" to every element below `top` (for people writing rules). */
static void annotate_lines(xmlNodePtr top)
{
    xmlNodePtr n = top->children;
    char buf[32];

    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            snprintf(buf, sizeof buf, "%lu", otl_node_line(n));
            xmlSetProp(n, (const xmlChar *)"line", (const xmlChar *)buf);
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && n != top && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == top)
            break;
        n = n->next;
    }
}

static int cmd_show(const struct otl_registry *reg, const struct opts *o, const char *path)
{
    struct otl_scan_opts so = {1,    o->force_format, o->max_file_size, NULL, NULL, NULL, NULL,
                               o->stdin_name, 0};
    struct otl_file f;
    struct otl_devdoc dd;
    int rc;

    memset(&f, 0, sizeof f);
    rc = otl_parse_file(reg, &so, path, &f, &dd, NULL);
    print_diags(&f, OTL_DIAG_NOTE);
    if (rc != 0 || dd.doc == NULL) {
        otl_file_clear(&f);
        return EXIT_INPUT;
    }
    if (!o->raw) {
        xmlUnlinkNode(dd.raw);
        xmlFreeNode(dd.raw);
        dd.raw = NULL;
    }
    annotate_lines(dd.facts);
    if (dd.raw)
        annotate_lines(dd.raw);
    xmlDocFormatDump(stdout, dd.doc, 1);
    xmlFreeDoc(dd.doc);
    /* a document of part of the file (errors said above) is printed, but
     * is no success: exit 3, as scan */
    rc = f.status == OTL_FILE_OK ? EXIT_CLEAN : EXIT_INPUT;
    otl_file_clear(&f);
    return rc;
}

/* ------------------------------------------------------------ crashes
 *
 * A plugin that crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) takes the
 * process down: after a wild write nothing in it can be trusted, so there is
 * no recovery and no partial report (report files are written atomically,
 * so none is left half-written).  What the handler adds is the reason: it
 * names the plugin, the stage and the file, then exits 4.  Isolating each
 * file in a child process would cost a fork per file for a failure that
 * should never happen; see docs/hostile-input.md.  Every worker thread has
 * its own alternate signal stack (otl_thread_altstack, activity.c), so a
 * stack overflow is reported too.  OTL_NO_CRASH_HANDLER=1 leaves the fatal
 * signals to the debugger or sanitizer; the temporary report files are
 * removed on SIGINT, SIGTERM, SIGHUP and SIGPIPE whatever it says.
 */
static void put_err(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* put_err for a name from the input, async-signal-safe: bytes outside
 * printable ASCII as \xNN (no control or bidi character reaches the
 * terminal; the text report escapes the same name more finely). */
static void put_err_esc(const char *s)
{
    static const char hex[] = "0123456789abcdef";
    char buf[256];
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (n + 4 >= sizeof buf) {
            buf[n] = '\0';
            put_err(buf);
            n = 0;
        }
        if (*p >= 0x20 && *p < 0x7F) {
            buf[n++] = (char)*p;
        } else {
            buf[n++] = '\\';
            buf[n++] = 'x';
            buf[n++] = hex[*p >> 4];
            buf[n++] = hex[*p & 15];
        }
    }
    buf[n] = '\0';
    put_err(buf);
}

/* "in plugin 'x' (path) during STAGE of FILE" from this thread's activity;
 * 0 when it is in no plugin. */
static int put_activity(void)
{
    const struct otl_activity *a = otl_activity_current();
    const char *stage = __atomic_load_n(&a->stage, __ATOMIC_ACQUIRE);

    if (stage == NULL)
        return 0;
    put_err(" in plugin '");
    put_err(a->plugin ? a->plugin : "?");
    put_err("'");
    if (a->file) {
        put_err(" (");
        put_err(a->file);
        put_err(")");
    }
    put_err(" during ");
    put_err(stage);
    put_err(" of ");
    put_err_esc(a->input ? a->input : "?");
    return 1;
}

static void crash_tail(int in_plugin)
{
    if (in_plugin)
        put_err("\notlint: no report file was written (text on stdout stops here); the plugin has a"
                " bug: run again without this file (or with another --format) and report it with"
                " the file\n");
    else
        put_err(" in otlint itself; no report file was written (text on stdout stops here);"
                " please report this bug\n");
}

static void on_crash(int sig)
{
    const char *name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE"
                     : sig == SIGILL ? "SIGILL" : "SIGABRT";

    put_err("otlint: fatal: ");
    put_err(name);
    crash_tail(put_activity());
    otl_output_remove_temps();
    otl_exit_now(EXIT_CRASH);
}

/* Interrupted (Ctrl-C, a CI timeout, a hang-up) or the reader of standard
 * output gone (SIGPIPE: `otlint scan ... | head`): no half-written report
 * files left behind, then die of the signal as if unhandled (exit status
 * 128 + the signal in a shell).  A report file that was not finished is
 * not written; one written before the run stays as it was. */
static void on_interrupt(int sig)
{
    otl_output_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ------------------------------------------------------------ exit
 *
 * A plugin that calls exit(), _exit() or _Exit() would end the run with its
 * status (0: "clean") and no report.  otlint defines the three itself and
 * exports just them (Makefile.am: --export-dynamic-symbol), so a plugin's
 * call binds to these, not to the C library's: only otlint's own way out
 * (otl_exit_now, and returning from main, which glibc's start-up code ends
 * with its own exit) leaves; anything else is reported as a crash, exit 4,
 * naming the plugin when one is running on the thread. */
/* -fvisibility=hidden is the default of the tree: these three are seen. */
#define OTL_EXPORT __attribute__((visibility("default")))

__attribute__((noreturn)) static void exit_from_plugin(const char *fn, int status)
{
    char num[16];
    int in_plugin;

    snprintf(num, sizeof num, "%d", status);
    put_err("otlint: fatal: ");
    put_err(fn);
    if (status >= 0) {
        put_err("(");
        put_err(num);
        put_err(")");
    }
    put_err(" called");
    in_plugin = put_activity();
    crash_tail(in_plugin);
    otl_output_remove_temps();
    otl_exit_now(EXIT_CRASH);
}

/* Set by leave(): exit() is otlint's own. */
static int leaving;

OTL_EXPORT void exit(int status)
{
    void (*real)(int);

    if (!__atomic_load_n(&leaving, __ATOMIC_ACQUIRE))
        exit_from_plugin("exit", status);
    /* the C library's: atexit handlers, stdio flushed */
    *(void **)&real = dlsym(RTLD_NEXT, "exit");
    if (real != NULL)
        real(status);
    fflush(NULL);
    otl_exit_now(status);
}

/* otlint's exit() (--help, --version): what returning from main does. */
static void leave(int code)
{
    __atomic_store_n(&leaving, 1, __ATOMIC_RELEASE);
    exit(code);
}

OTL_EXPORT void _exit(int status)
{
    exit_from_plugin("_exit", status);
}

OTL_EXPORT void _Exit(int status)
{
    exit_from_plugin("_Exit", status);
}

/* The second line: the C library's own calls of exit (err(), errx(),
 * error() with a status) and quick_exit() do not go through the symbols
 * above, but run the atexit / at_quick_exit handlers. */
static void exit_unexpected(void)
{
    if (!__atomic_load_n(&leaving, __ATOMIC_ACQUIRE))
        exit_from_plugin("the C library's exit (err(), error(), quick_exit() ...)", -1);
}

static void install_crash_handler(void)
{
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    static const int stops[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    struct sigaction sa;
    size_t i;
    const char *off = getenv("OTL_NO_CRASH_HANDLER");

    (void)atexit(exit_unexpected);
    (void)at_quick_exit(exit_unexpected);

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* the temporary report files go whatever OTL_NO_CRASH_HANDLER says */
    sa.sa_handler = on_interrupt;
    sa.sa_flags = SA_RESETHAND;
    for (i = 0; i < sizeof stops / sizeof stops[0]; i++)
        (void)sigaction(stops[i], &sa, NULL);
    if (off != NULL && *off != '\0' && strcmp(off, "0") != 0)
        return;
    (void)otl_thread_altstack(); /* a stack overflow still gets its report */
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        (void)sigaction(sigs[i], &sa, NULL);
}

static int scan_exit_code(const struct otl_scan *scan, size_t nerrs)
{
    struct otl_counts c;
    int findings = 0;

    otl_scan_count(scan, &c);
    for (int s = scan->fail_on; s < OTL_SEV_COUNT; s++)
        findings |= c.findings_by_sev[s] > 0;
    /* The highest code wins (--help).  A partial file (errors reported,
     * part of it not read: malformed input, the element limit) was not
     * fully checked: never exit 0. */
    if (nerrs > 0 || c.files_failed > 0 || c.files_partial > 0 || c.files_nosecurity > 0)
        return EXIT_INPUT;
    if (c.states[OTL_STATE_ERROR] > 0)
        return EXIT_USAGE;
    return findings ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int use_color(const struct opts *o)
{
    const char *term = getenv("TERM");

    if (o->color >= 0)
        return o->color;
    return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL && term && strcmp(term, "dumb") != 0;
}

/* Expired and unmatched waivers, on stderr unless the text report (which
 * lists them) goes to stdout.  Returns how many there are. */
static size_t report_waivers(const struct otl_waivers *w, int text_on_stdout)
{
    size_t n = 0;

    for (size_t i = 0; w && i < w->n; i++) {
        const struct otl_waiver *v = &w->v[i];
        if (!v->expired && v->matched > 0)
            continue;
        n++;
        if (text_on_stdout)
            continue;
        if (v->expired)
            fprintf(stderr, "%s:%lu: warning: waiver for %s on %s expired on %s (%lu finding%s no "
                            "longer waived)\n",
                    v->file, v->line, v->rule, v->device, v->expires, v->would_match,
                    v->would_match == 1 ? "" : "s");
        else
            fprintf(stderr, "%s:%lu: warning: waiver for %s on %s matched no finding\n", v->file,
                    v->line, v->rule, v->device);
    }
    return n;
}

/* ------------------------------------------------------------------ progress
 * A status line on stderr for long scans: files done / total and the rate,
 * shown only after half a second (a short scan never flickers), erased
 * before anything else goes to stderr and at the end.  On a terminal it is
 * redrawn in place at most five times a second; elsewhere (--progress
 * always into a log) it is one line every PROGRESS_LOG_S seconds at most.
 * The clock, not the erasing, sets the pace: a scan that prints a
 * diagnostic per file still redraws five times a second, not per file. */
#define PROGRESS_TTY_S 0.2
#define PROGRESS_LOG_S 5.0

struct progress {
    int on, tty;
    size_t total, done;
    double start, last; /* last: when a line was last printed (0: never) */
    int shown;          /* a line is on the screen */
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* -q turns the automatic progress line off; --progress always wins. */
static int progress_wanted(int when, int quiet)
{
    const char *ci = getenv("CI"), *term = getenv("TERM");

    if (when >= 0)
        return when;
    if (quiet)
        return 0;
    /* Never into pipes and CI logs unless asked. */
    return isatty(STDERR_FILENO) && (ci == NULL || *ci == '\0') && term != NULL &&
           strcmp(term, "dumb") != 0;
}

static void progress_clear(struct progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
    }
}

static void progress_tick(struct progress *p)
{
    double t;

    p->done++;
    if (!p->on)
        return;
    t = now_s();
    if (t - p->start < 0.5)
        return;
    if (p->last > 0 && t - p->last < (p->tty ? PROGRESS_TTY_S : PROGRESS_LOG_S))
        return;
    p->last = t;
    /* \r and erase-to-end only on a terminal; elsewhere one line per update */
    if (p->tty)
        fprintf(stderr, "\rotlint: %zu/%zu files, %.0f files/s\033[K", p->done, p->total,
                (double)p->done / (t - p->start));
    else
        fprintf(stderr, "otlint: %zu/%zu files, %.0f files/s\n", p->done, p->total,
                (double)p->done / (t - p->start));
    fflush(stderr);
    p->shown = p->tty;
}

/* ------------------------------------------------------------------ scan */

/* What happens to each file as the scan finishes it, in order: counted,
 * its problems on stderr (unless the text report on stdout shows them),
 * written by every output, added to the scan roll-up; then the worker that
 * made it frees it (core/scan.c). */
struct emitter {
    struct otl_scan *scan;
    struct otl_output *outs[17];
    const char *fmts[17], *paths[17];
    size_t nouts;
    int text_on_stdout, quiet;
    struct otl_rollup_acc *acc;
    struct progress prog;
};

/* A file not checked is named on stderr even when the text report on
 * stdout shows it (and with -q, which hides its warnings there): a CI log
 * that keeps stderr only still sees it (docs/file-accounting.md). */
static void say_unchecked(const struct otl_file *f)
{
    const char *why = NULL, *st = otl_file_status_name(f->status);
    size_t n = strlen(st);

    for (size_t i = 0; why == NULL && i < f->ndiags; i++)
        if (f->diags[i].level == OTL_DIAG_ERROR)
            why = f->diags[i].msg;
    /* the message may begin with the status already */
    if (why != NULL && strncmp(why, st, n) == 0 && why[n] == ':' && why[n + 1] == ' ')
        why += n + 2;
    (void)otl_text_put(stderr, f->path);
    fprintf(stderr, ": error: not checked (%s)%s", st, why != NULL ? ": " : "");
    (void)otl_text_put(stderr, why);
    fputc('\n', stderr);
}

static int has_error(const struct otl_file *f)
{
    for (size_t i = 0; i < f->ndiags; i++)
        if (f->diags[i].level == OTL_DIAG_ERROR)
            return 1;
    return 0;
}

/* A file's problems on stderr.  Every error names its file there, -q or
 * not, whether or not the text report on stdout shows it too (a CI log may
 * keep stderr only, stdout may go to a file): not checked (unreadable,
 * unrecognised, limit, partial) as say_unchecked, a rule that failed as its
 * error.  Warnings and notes only when no text report on stdout shows them,
 * and not with -q. */
static void say_problems(struct emitter *e, const struct otl_file *f)
{
    int errors = has_error(f), min = e->quiet ? OTL_DIAG_ERROR : OTL_DIAG_WARNING;

    if (!e->text_on_stdout) {
        for (size_t i = 0; i < f->ndiags; i++)
            if (f->diags[i].level >= min) {
                progress_clear(&e->prog);
                print_diags(f, min);
                break;
            }
        if (otl_file_unchecked(f) && !errors) {
            progress_clear(&e->prog);
            say_unchecked(f);
        }
    } else if (otl_file_unchecked(f)) {
        progress_clear(&e->prog);
        say_unchecked(f);
    } else if (errors) {
        progress_clear(&e->prog);
        print_diags(f, OTL_DIAG_ERROR);
    }
}

static void emit_file(void *arg, struct otl_file *f)
{
    struct emitter *e = arg;

    otl_counts_add(&e->scan->tally, f);
    say_problems(e, f);
    if (e->text_on_stdout)
        progress_clear(&e->prog);
    for (size_t i = 0; i < e->nouts; i++)
        (void)otl_output_file(e->outs[i], f); /* a failure is told at the close */
    if (e->acc != NULL)
        otl_rollup_acc_add(e->acc, f->rollup);
    /* not freed here: the worker that made the file frees it (scan.c) */
    progress_tick(&e->prog);
}

/* Open every report output before the scan (a place that cannot be
 * written fails the run before any work).  0, or -1 with the message
 * printed and nothing left open. */
static int open_outputs(struct emitter *e, const struct opts *o, const struct otl_scan *scan)
{
    size_t n = o->nouts ? o->nouts : 1;

    for (size_t i = 0; i < n; i++) {
        const char *fmt = o->nouts ? o->outs[i].format : "text";
        const char *path = o->nouts ? o->outs[i].path : NULL;
        int color = path == NULL && use_color(o);
        e->outs[i] = otl_output_open(fmt, path, scan, color, o->quiet);
        if (e->outs[i] == NULL) {
            fprintf(stderr, "otlint: cannot write %s output to %s: %s\n", fmt,
                    path ? path : "stdout", strerror(errno));
            while (i-- > 0)
                otl_output_close(e->outs[i], 0);
            return -1;
        }
        e->fmts[i] = fmt;
        e->paths[i] = path;
        e->nouts = i + 1;
    }
    return 0;
}

/* ------------------------------------------------------------ -o places
 * Two reports into one place interleave or overwrite each other, and a
 * report over an input destroys it: both are usage errors (exit 2), found
 * before anything is opened or truncated.  A place is standard output or a
 * file, known by device and inode when it exists (./a.json, a.json and a
 * link to it are one place), else by the real path of its directory and its
 * name.  /dev/null takes any number of reports. */
struct place {
    const char *label; /* as given, for messages; NULL: standard output */
    int have_ino;
    dev_t dev;
    ino_t ino;
    char *name; /* canonical path; NULL for standard output or when unknown */
};

static int is_dev_null(const struct stat *st)
{
    struct stat nul;

    return S_ISCHR(st->st_mode) && stat("/dev/null", &nul) == 0 && st->st_rdev == nul.st_rdev;
}

/* 0, or -1 when the place is the file /dev/null (it never clashes). */
static int place_of(struct place *pl, const char *path)
{
    struct stat st;
    int ok;

    memset(pl, 0, sizeof *pl);
    pl->label = path;
    ok = path == NULL ? fstat(STDOUT_FILENO, &st) == 0 : stat(path, &st) == 0;
    if (ok && path != NULL && is_dev_null(&st))
        return -1; /* standard output is one place even when it is /dev/null */
    if (ok) {
        pl->have_ino = 1;
        pl->dev = st.st_dev;
        pl->ino = st.st_ino;
    }
    if (path == NULL)
        return 0;
    pl->name = realpath(path, NULL);
    if (pl->name == NULL) {
        /* Not there yet: its directory's real path and its name. */
        const char *slash = strrchr(path, '/');
        char *dir = slash == NULL ? strdup(".") : strndup(path, (size_t)(slash - path) + 1);
        char *real = dir != NULL ? realpath(dir, NULL) : NULL;
        if (real != NULL)
            pl->name = otl_asprintf("%s/%s", real, slash == NULL ? path : slash + 1);
        free(real);
        free(dir);
    }
    return 0;
}

static int same_place(const struct place *a, const struct place *b)
{
    if (a->label == NULL && b->label == NULL)
        return 1;
    if (a->have_ino && b->have_ino)
        return a->dev == b->dev && a->ino == b->ino;
    return a->name != NULL && b->name != NULL && strcmp(a->name, b->name) == 0;
}

static void say_place(const struct output *out)
{
    if (out->path != NULL)
        fprintf(stderr, "-o %s=%s", out->format, out->path);
    else
        fprintf(stderr, "-o %s (standard output)", out->format);
}

/* Does output `pl` land on input `in` (a file, or "-": standard input)? */
static int on_input(const struct place *pl, const char *in)
{
    struct stat st;
    int ok = strcmp(in, "-") == 0 ? fstat(STDIN_FILENO, &st) == 0 : stat(in, &st) == 0;

    return ok && pl->have_ino && !S_ISDIR(st.st_mode) && !is_dev_null(&st) &&
           st.st_dev == pl->dev && st.st_ino == pl->ino;
}

/* Standard input can be read once: "-" twice is a usage error (1). */
static int stdin_twice(char *const *inputs, size_t ninputs)
{
    size_t n = 0;

    for (size_t i = 0; i < ninputs; i++)
        n += strcmp(inputs[i], "-") == 0;
    if (n > 1)
        fprintf(stderr, "otlint: - (standard input) given %zu times; it can be read once\n", n);
    return n > 1;
}

/* A report is never written through a symbolic link (docs/otlint.1): 1
 * (message printed) when the FILE of `out` is one. */
static int is_link(const struct output *out)
{
    struct stat st;

    if (out->path == NULL || lstat(out->path, &st) != 0 || !S_ISLNK(st.st_mode))
        return 0;
    fputs("otlint: ", stderr);
    say_place(out);
    fputs(": a symbolic link; a report is never written through one (remove the link or name"
          " the file itself)\n", stderr);
    return 1;
}

/* Does output `pl` lie inside directory input `in`, where the walk would
 * read it (now, or in the next scan once it is written)?  Judged by name
 * with the walk's own rules (--exclude, .otlintignore, the built-in list,
 * links on the way): otl_walk_would_read. */
static int in_walk(const struct place *pl, const char *in, const struct opts *o)
{
    struct stat st;
    char *top;
    size_t n;
    int r = 0;

    if (pl->name == NULL || strcmp(in, "-") == 0 || stat(in, &st) != 0 || !S_ISDIR(st.st_mode) ||
        (top = realpath(in, NULL)) == NULL)
        return 0;
    n = strcmp(top, "/") == 0 ? 0 : strlen(top);
    if (strncmp(pl->name, top, n) == 0 && pl->name[n] == '/' && pl->name[n + 1] != '\0')
        r = otl_walk_would_read(in, pl->name + n + 1, o->excludes, o->nexcludes) != 0;
    free(top);
    return r;
}

/* 1 (messages printed) when two outputs share a place or one is an input. */
static int outputs_clash(const struct opts *o, char *const *inputs, size_t ninputs)
{
    struct place pl[sizeof o->outs / sizeof *o->outs];
    int nul[sizeof o->outs / sizeof *o->outs];
    int clash = 0;

    for (size_t i = 0; i < o->nouts; i++)
        nul[i] = place_of(&pl[i], o->outs[i].path) != 0;
    for (size_t i = 0; i < o->nouts; i++) {
        for (size_t j = i + 1; !nul[i] && j < o->nouts; j++) {
            if (nul[j] || !same_place(&pl[i], &pl[j]))
                continue;
            fputs("otlint: ", stderr);
            say_place(&o->outs[i]);
            fputs(" and ", stderr);
            say_place(&o->outs[j]);
            fputs(" write to the same place; one output per file\n", stderr);
            clash = 1;
        }
        for (size_t k = 0; !nul[i] && k < ninputs; k++) {
            if (!on_input(&pl[i], inputs[k]))
                continue;
            fputs("otlint: ", stderr);
            say_place(&o->outs[i]);
            fprintf(stderr, " would overwrite the input %s\n",
                    strcmp(inputs[k], "-") == 0 ? "on standard input" : inputs[k]);
            clash = 1;
        }
        for (size_t k = 0; !nul[i] && k < ninputs; k++) {
            if (on_input(&pl[i], inputs[k]) || !in_walk(&pl[i], inputs[k], o))
                continue;
            fputs("otlint: ", stderr);
            say_place(&o->outs[i]);
            fprintf(stderr, " lies inside the scanned directory %s and would be read as an input"
                            " (write it elsewhere, or --exclude it)\n", inputs[k]);
            clash = 1;
        }
        clash |= is_link(&o->outs[i]);
    }
    for (size_t i = 0; i < o->nouts; i++)
        free(pl[i].name);
    return clash;
}

/* The output formats a command can write: a usage error (exit 2) names the
 * first that does not fit. */
static int outputs_fit(const struct opts *o, const char *cmd, int (*known)(const char *),
                       const char *want)
{
    for (size_t i = 0; i < o->nouts; i++) {
        if (!known(o->outs[i].format)) {
            fprintf(stderr, "otlint %s: output format '%s' does not fit (want %s)\n", cmd,
                    o->outs[i].format, want);
            return 0;
        }
    }
    return 1;
}

/* What scan and requirements set alike from the profile and the options. */
static void scan_init(struct otl_scan *scan, const struct otl_ruleset *rs,
                      const struct otl_selection *sel, const struct opts *o,
                      const struct otl_catalog *cat, struct otl_waivers *waivers)
{
    memset(scan, 0, sizeof *scan);
    scan->rules = rs;
    scan->selected = sel->rules;
    scan->nselected = sel->nrules;
    scan->profile = sel->profile_id;
    scan->fail_on = o->fail_on_set || sel->fail_on < 0 ? o->fail_on : (enum otl_severity)sel->fail_on;
    scan->catalog = sel->rollup ? cat : NULL;
    scan->target_sl = sel->target_sl;
    scan->waivers = waivers;
}

/* After the scan: expired and unmatched waivers, an error with strict
 * waivers (the profile's or --strict-waivers).  Returns the exit code. */
static int waivers_verdict(int rc, const struct otl_waivers *waivers, const struct opts *o,
                           const struct otl_selection *sel, int text_on_stdout)
{
    size_t bad = report_waivers(waivers, text_on_stdout);

    if (bad && (o->strict_waivers || sel->strict_waivers == 1)) {
        fprintf(stderr, "otlint: strict waivers: %zu waiver%s expired or matched nothing\n", bad,
                bad == 1 ? "" : "s");
        if (rc < EXIT_USAGE)
            rc = EXIT_USAGE;
    }
    return rc;
}

static void free_files(struct otl_file *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        otl_file_clear(&v[i]);
    free(v);
}

/* otlint scan: the report is written file by file as the scan goes (the
 * files come from the walk as the workers take them, and each is freed once
 * written); the scan-wide roll-up is accumulated the same way. */
static int cmd_scan(const struct otl_registry *reg, const struct otl_ruleset *rs,
                    const struct otl_selection *sel, const struct opts *o,
                    const struct otl_catalog *cat, struct otl_waivers *waivers, char **paths,
                    size_t npaths)
{
    struct otl_scan_opts so = {o->jobs,    o->force_format, o->max_file_size, waivers,
                               emit_file, NULL,            NULL,             o->stdin_name,
                               (double)o->time_limit};
    struct otl_file *errs = NULL;
    size_t nerrs = 0, i;
    struct otl_scan scan;
    struct emitter e;
    char err[256];
    int rc = EXIT_USAGE, out_failed = 0;

    memset(&e, 0, sizeof e);
    scan_init(&scan, rs, sel, o, cat, waivers);
    if (npaths == 0) {
        fprintf(stderr, "otlint scan: no PATH given\n");
        return EXIT_USAGE;
    }
    if (!outputs_fit(o, "scan", otl_output_format_known, "text, json, sarif or junit"))
        return EXIT_USAGE;
    /* Problems must be visible even when only files are written. */
    e.text_on_stdout = o->nouts == 0;
    for (i = 0; i < o->nouts; i++)
        if (strcmp(o->outs[i].format, "text") == 0 && o->outs[i].path == NULL)
            e.text_on_stdout = 1;
    if ((so.walk = otl_walk_new(paths, npaths)) == NULL ||
        otl_walk_exclude(so.walk, o->excludes, o->nexcludes) != 0 ||
        (scan.catalog != NULL && (e.acc = otl_rollup_acc_new(cat)) == NULL)) {
        fprintf(stderr, "otlint: out of memory\n");
        goto out;
    }
    e.scan = &scan;
    e.quiet = o->quiet;
    e.prog.on = progress_wanted(o->progress, o->quiet);
    e.prog.tty = isatty(STDERR_FILENO);
    /* the total takes a walk of its own, only when it is shown */
    e.prog.total = e.prog.on ? otl_walk_count(paths, npaths, o->excludes, o->nexcludes) : 0;
    e.prog.start = now_s();
    if (open_outputs(&e, o, &scan) != 0)
        goto out;
    for (i = 0; i < e.nouts; i++) { /* its own temporary files are no inputs */
        dev_t dev;
        ino_t ino;
        if (otl_output_temp_id(e.outs[i], &dev, &ino) == 0)
            (void)otl_walk_skip(so.walk, dev, ino);
    }
    for (i = 0; i < o->nouts; i++)
        if (strcmp(o->outs[i].format, "junit") == 0)
            otl_evaluate_time_rules(1); /* its testcases' time */
    scan.released = 1;
    so.emit_arg = &e;
    if (otl_scan_run(&scan, reg, sel, &so, err, sizeof err) != 0) {
        progress_clear(&e.prog);
        fprintf(stderr, "otlint: %s\n", err);
        goto out;
    }
    /* Paths that could not be walked are reported as unreadable files. */
    otl_walk_errors(so.walk, &errs, &nerrs);
    for (i = 0; i < nerrs; i++) {
        emit_file(&e, &errs[i]);
        otl_file_clear(&errs[i]);
    }
    progress_clear(&e.prog);
    if (scan.catalog && (scan.rollup = otl_rollup_acc_finish(e.acc, scan.target_sl)) == NULL) {
        fprintf(stderr, "otlint: out of memory in the requirement roll-up\n");
        out_failed = 1;
    }
    rc = waivers_verdict(scan_exit_code(&scan, nerrs), waivers, o, sel, e.text_on_stdout);
    for (i = 0; i < e.nouts; i++) {
        if (otl_output_close(e.outs[i], 1) != 0) {
            fprintf(stderr, "otlint: cannot write %s output to %s: %s\n", e.fmts[i],
                    e.paths[i] ? e.paths[i] : "stdout", strerror(errno));
            stdout_told |= e.paths[i] == NULL;
            out_failed = 1;
        }
    }
    e.nouts = 0;
    if (out_failed)
        rc = EXIT_USAGE;
out:
    for (i = 0; i < e.nouts; i++)
        otl_output_close(e.outs[i], 0);
    otl_rollup_acc_free(e.acc);
    free_files(errs, nerrs);
    otl_scan_free(&scan);
    otl_walk_free(so.walk);
    return rc;
}

/* otlint requirements: the compliance matrix needs every device at once, so
 * the scan keeps each file (otl_scan_keep) instead of writing it; walk
 * problems follow as unreadable files.  The roll-up runs even where the
 * profile turns it off. */
static int cmd_requirements(const struct otl_registry *reg, const struct otl_ruleset *rs,
                            const struct otl_selection *sel, const struct opts *o,
                            const struct otl_catalog *cat, struct otl_waivers *waivers,
                            char **paths, size_t npaths)
{
    struct otl_kept kept = {NULL, 0, 0, 0};
    struct otl_scan_opts so = {o->jobs,       o->force_format, o->max_file_size, waivers,
                               otl_scan_keep, &kept,           NULL,             o->stdin_name,
                               (double)o->time_limit};
    struct otl_file *errs = NULL;
    size_t nerrs = 0, i;
    struct otl_scan scan;
    char err[256];
    int rc = EXIT_USAGE, out_failed = 0;

    scan_init(&scan, rs, sel, o, cat, waivers);
    scan.catalog = cat;
    if (npaths == 0) {
        fprintf(stderr, "otlint requirements: no PATH given\n");
        return EXIT_USAGE;
    }
    if (!outputs_fit(o, "requirements", otl_matrix_format_known, "text, json or csv"))
        return EXIT_USAGE;
    if ((so.walk = otl_walk_new(paths, npaths)) == NULL ||
        otl_walk_exclude(so.walk, o->excludes, o->nexcludes) != 0) {
        fprintf(stderr, "otlint: out of memory\n");
        goto out;
    }
    if (otl_scan_run(&scan, reg, sel, &so, err, sizeof err) != 0) {
        fprintf(stderr, "otlint: %s\n", err);
        goto out;
    }
    otl_walk_errors(so.walk, &errs, &nerrs);
    for (i = 0; i < nerrs && !kept.oom; i++)
        otl_scan_keep(&kept, &errs[i]);
    if (kept.oom) {
        fprintf(stderr, "otlint: out of memory while keeping the devices for the matrix\n");
        goto out;
    }
    scan.files = kept.v;
    scan.nfiles = kept.n;
    kept.v = NULL;
    kept.n = 0;
    if ((scan.rollup = otl_rollup_scan(cat, &scan)) == NULL) {
        fprintf(stderr, "otlint: out of memory in the requirement roll-up\n");
        out_failed = 1;
    }
    rc = scan_exit_code(&scan, 0);
    for (i = 0; i < scan.nfiles; i++) {
        /* as scan with -o FILE: errors always, warnings unless -q */
        print_diags(&scan.files[i], o->quiet ? OTL_DIAG_ERROR : OTL_DIAG_WARNING);
        if (otl_file_unchecked(&scan.files[i]) && !has_error(&scan.files[i]))
            say_unchecked(&scan.files[i]);
    }
    rc = waivers_verdict(rc, waivers, o, sel, 0);
    if (o->nouts == 0 && otl_output_write_matrix("text", NULL, &scan, use_color(o)) != 0) {
        fprintf(stderr, "otlint: cannot write text output to stdout: %s\n", strerror(errno));
        stdout_told = out_failed = 1;
    }
    for (i = 0; i < o->nouts; i++) {
        int color = o->outs[i].path == NULL && use_color(o);
        if (otl_output_write_matrix(o->outs[i].format, o->outs[i].path, &scan, color) != 0) {
            fprintf(stderr, "otlint: cannot write %s output to %s: %s\n", o->outs[i].format,
                    o->outs[i].path ? o->outs[i].path : "stdout", strerror(errno));
            stdout_told |= o->outs[i].path == NULL;
            out_failed = 1;
        }
    }
    if (out_failed)
        rc = EXIT_USAGE;
out:
    free_files(kept.v, kept.n);
    free_files(errs, nerrs);
    otl_scan_free(&scan);
    otl_walk_free(so.walk);
    return rc;
}

int main(int argc, char **argv)
{
    struct opts o;
    struct otl_registry reg;
    struct otl_ruleset rs;
    struct otl_selection sel;
    struct otl_catalog cat;
    struct otl_waivers waivers;
    const char *cmd, *profile_id = "default";
    long ncpu;
    int rc = EXIT_USAGE, have_rules = 0;
    size_t i;

    /* A report into a pipe or a file is written 64 KiB at a time, not in
     * stdio's 4 KiB: a sixteenth of the write()s, and of the reader's
     * wake-ups (docs/benchmark.md).  A terminal keeps its line buffering. */
    static char outbuf[1 << 16];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    o.fail_on = OTL_SEV_LOW;
    o.color = -1;
    o.progress = -1;
    o.max_file_size = OTL_MAX_FILE_SIZE;
    o.time_limit = OTL_TIME_LIMIT;
    ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = ncpu > 0 ? (unsigned)(ncpu > 256 ? 256 : ncpu) : 1;

    if (parse_opts(argc, argv, &o) != 0)
        return EXIT_USAGE;
    if (optind >= argc) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    cmd = argv[optind++];
    install_crash_handler();
    if (otl_xml_alloc_init() < 0)
        fputs("otlint: warning: libxml2 allocator not installed; using malloc\n", stderr);
    xmlInitParser();
    otl_xml_thread_init();
    otl_registry_init(&reg);
    otl_ruleset_init(&rs);
    otl_catalog_init(&cat);
    otl_waivers_init(&waivers);

    if (strcmp(cmd, "scan") != 0 && strcmp(cmd, "show") != 0 && strcmp(cmd, "formats") != 0 &&
        strcmp(cmd, "rules") != 0 && strcmp(cmd, "explain") != 0 &&
        strcmp(cmd, "requirements") != 0) {
        fprintf(stderr, "otlint: unknown command '%s'. Try 'otlint --help'.\n", cmd);
        goto out;
    }
    /* Before any report file is opened (or truncated). */
    if ((strcmp(cmd, "scan") == 0 || strcmp(cmd, "requirements") == 0) &&
        (stdin_twice(argv + optind, (size_t)(argc - optind)) ||
         outputs_clash(&o, argv + optind, (size_t)(argc - optind))))
        goto out;
    if (load_plugins(&reg, &o) != 0)
        goto out;
    if (o.force_format && otl_registry_find_format(&reg, o.force_format) == NULL) {
        fprintf(stderr, "otlint: --format %s: no such format plugin (see otlint formats)\n",
                o.force_format);
        goto out;
    }
    if (strcmp(cmd, "formats") == 0) {
        rc = cmd_formats(&reg);
        goto out;
    }
    if (strcmp(cmd, "show") == 0) {
        if (argc - optind != 1) {
            fprintf(stderr, "otlint show: want exactly one FILE\n");
            goto out;
        }
        rc = cmd_show(&reg, &o, argv[optind]);
        goto out;
    }
    if (load_rules(&rs, &cat, &o, &profile_id) != 0 || !profile_known(&rs, profile_id))
        goto out;
    if (otl_select_sl(&rs, profile_id, o.sl, &sel, load_err, NULL) != 0)
        goto out;
    have_rules = 1;
    if (o.nwaivers) {
        char schema[4096], today[11];
        snprintf(schema, sizeof schema, "%s/schema", otl_default_datadir());
        if (o.today)
            snprintf(today, sizeof today, "%s", o.today);
        else
            otl_date_today(today);
        for (i = 0; i < o.nwaivers; i++)
            otl_waivers_load(&waivers, o.waivers[i], schema, &rs, today, load_err, NULL);
        if (load_errors)
            goto out;
    }
    if (strcmp(cmd, "rules") == 0)
        rc = cmd_rules(&rs, &sel);
    else if (strcmp(cmd, "explain") == 0) {
        if (argc - optind != 1) {
            fprintf(stderr, "otlint explain: want exactly one RULE-ID\n");
            goto out;
        }
        rc = cmd_explain(&rs, &sel, argv[optind]);
    } else {
        rc = (strcmp(cmd, "requirements") == 0 ? cmd_requirements : cmd_scan)(
            &reg, &rs, &sel, &o, &cat, &waivers, argv + optind, (size_t)(argc - optind));
    }
out:
    if (otl_scan_abandoned() != 0) {
        /* A worker abandoned over --time-limit may still run plugin code:
         * nothing it may use is freed, no plugin unloaded.  The reports are
         * written; leave. */
        fflush(stdout);
        fflush(stderr);
        otl_exit_now(rc);
    }
    otl_waivers_free(&waivers);
    otl_catalog_free(&cat);
    if (have_rules)
        otl_selection_free(&sel);
    otl_ruleset_free(&rs);
    otl_registry_free(&reg);
    otl_re_cache_free();
    for (i = 0; i < o.nouts; i++) {
        free(o.outs[i].format);
        free(o.outs[i].path);
    }
    xmlCleanupParser();
    otl_xml_alloc_release();
    rc = finish_stdout(rc);
    __atomic_store_n(&leaving, 1, __ATOMIC_RELEASE); /* the C library's exit follows */
    return rc;
}

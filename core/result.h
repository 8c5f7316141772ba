/*
 * result.h - the result model every writer renders (internal to the core).
 *
 * One struct otl_scan per run: the rule set, then one struct otl_file per
 * input file in command-line/discovery order.  Everything here is owned by the
 * scan and freed by otl_scan_free(); writers only read.
 *
 * No field ever holds a secret value: messages and evidence are built from
 * the device document, in which plugins already redacted secrets.
 */
#ifndef OTL_RESULT_H
#define OTL_RESULT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

enum otl_severity {
    OTL_SEV_INFO = 0,
    OTL_SEV_LOW,
    OTL_SEV_MEDIUM,
    OTL_SEV_HIGH,
    OTL_SEV_CRITICAL,
    OTL_SEV_COUNT
};

/* Result state of one rule on one device.  Append only. */
enum otl_state {
    OTL_STATE_PASS = 0,
    OTL_STATE_FAIL,
    OTL_STATE_NOTAPPLICABLE,
    OTL_STATE_NOTEVALUABLE,
    OTL_STATE_ERROR,
    OTL_STATE_WAIVED,
    OTL_STATE_COUNT
};

/* What happened to a file as a whole.  Append only. */
enum otl_file_status {
    OTL_FILE_OK = 0,       /* parsed and evaluated */
    OTL_FILE_PARTIAL,      /* parsed with errors; evaluated on what was understood */
    OTL_FILE_UNRECOGNISED, /* no plugin claimed it */
    OTL_FILE_UNREADABLE,   /* open/read/stat failed */
    OTL_FILE_PARSE_ERROR,  /* the plugin could not build a document */
    OTL_FILE_LIMIT,        /* a limit of core/limits.h was hit */
    OTL_FILE_SKIPPED,      /* no longer given (until issue 22: a file found in a
                              directory that no plugin recognised; now unrecognised) */
    OTL_FILE_IGNORED,      /* left out by an ignore rule (docs/file-accounting.md):
                              never read; ignore_src says which rule */
    OTL_FILE_NOSECURITY,   /* parsed and evaluated, but no rule reached a verdict on it
                              (all notapplicable or notevaluable): "no security settings
                              in this export"; never a pass (exit 3) */
    OTL_FILE_STATUS_COUNT
};

enum otl_check_kind { OTL_CHECK_SELECT = 0, OTL_CHECK_ASSERT = 1 };

struct otl_req; /* catalog.h */

struct otl_ref {
    char *standard; /* "IEC 62443-3-3", "IEC 62443-4-2", ... */
    char *id;       /* "SR 1.1", "SR 1.1 RE 1", "CR 4.1", ... */
    int sl;         /* lowest security level at which it applies, 1..4; 0 = n/a (from the
                       catalog entry when a catalog was loaded) */
    const struct otl_req *req; /* the catalog entry; NULL when no catalog was loaded */
};

struct otl_param {
    char *name;
    char *value;
};

/* A rule as loaded from a baseline.  Read-only once loaded. */
struct otl_rule {
    char *id;
    char *title;
    enum otl_severity severity;
    unsigned classes; /* enum otl_class bits */
    char **tags;
    size_t ntags;
    char *rationale;
    char *fix;
    char *source; /* CIS / STIG / vendor guide ids */
    struct otl_ref *refs;
    size_t nrefs, caprefs;
    struct otl_param *params; /* declared parameters with defaults */
    size_t nparams, capparams;
    enum otl_check_kind kind;
    char *applies;         /* XPath boolean or NULL: false -> notapplicable */
    char *requires;        /* XPath boolean or NULL: false -> notevaluable */
    char *requires_reason; /* said when `requires` is false */
    int partial_ok;        /* assert rules: evaluate on partial exports too */
    char *check;           /* XPath: node-set (select) or boolean (assert) */
    char *at;              /* select: names of the attributes a finding is about, blank-separated
                              (the finding goes to the first one's line), or NULL */
    char *message;         /* template with {xpath} */
    char *file;            /* baseline file */
    unsigned long line;    /* line of <rule> */
    int sl;                /* lowest SL of its 62443-3-3 / 4-2 references (1..4): at SL-T n
                              the rule runs when sl <= n; 0 = no SL-tied reference (runs at
                              every SL-T) */
};

struct otl_waiver; /* waiver.h */

struct otl_finding {
    const struct otl_rule *rule;
    enum otl_state state; /* OTL_STATE_FAIL or OTL_STATE_WAIVED */
    unsigned long line;   /* 0 = device level */
    char *message;
    char *evidence;       /* redacted excerpt of the config, may be NULL */
    char *object;         /* identity of the offending object (fingerprint input) */
    char fingerprint[33]; /* 128-bit hex: device + rule + object */
    const struct otl_waiver *waiver; /* the waiver that accepted it (state WAIVED), else NULL */
};

struct otl_rule_result {
    const struct otl_rule *rule;
    enum otl_state state;
    char *reason; /* why notapplicable / notevaluable / error; NULL otherwise */
    size_t nfindings;
    double seconds; /* wall-clock time evaluating it on this file (evaluate.c) */
};

struct otl_diag {
    int level; /* enum otl_diag_level */
    unsigned long line;
    char *msg;
};

struct otl_file {
    char *path;         /* as discovered (display path) */
    const char *format; /* plugin name (borrowed from the plugin), NULL if none */
    char *device;       /* device identity: hostname, else file name */
    unsigned classes;   /* device class bits */
    enum otl_file_status status;
    double coverage;    /* parse coverage 0..1, -1 unknown */
    struct otl_diag *diags;
    size_t ndiags, capdiags; /* capdiags: allocated, otl_grow (util.h) */
    struct otl_rule_result *results; /* one per rule of the profile */
    size_t nresults;
    struct otl_finding *findings;
    size_t nfindings, capfindings;
    struct otl_rollup *rollup; /* requirement statuses and SLs; NULL when not computed
                                  (file not evaluated, or the profile turns the roll-up off) */
    int oom; /* something of this result could not be recorded (a diagnostic, say) for
                want of memory: the scan makes the file not checked (status limit) */
    double seconds; /* wall-clock time its worker spent on it: read, parse, evaluate,
                       waivers, roll-up (scan.c); 0 when not measured */
    /* Added for file accounting (issue 22): the ignore rule of an ignored
     * entry, or the one a named file matched (scanned all the same). */
    int ignore_src;         /* enum otl_ignore_src (ignore.h); 0 none */
    char *ignore_pattern;   /* the pattern as written */
    char *ignore_source;    /* its .otlintignore file, NULL for the others */
    unsigned long ignore_line; /* its line there */
};

/* ------------------------------------------------------------------ roll-up
 * (docs/requirements.md; computed by rollup.c) */

/* Status of one catalog requirement on one device (or over the scan).
 * Append only. */
enum otl_req_status {
    OTL_REQ_SATISFIED = 0, /* every mapped rule that applied passed */
    OTL_REQ_NOTSATISFIED,  /* a mapped rule failed */
    OTL_REQ_NOTEVALUABLE,  /* no failure, but a mapped rule was notevaluable or error */
    OTL_REQ_WAIVED,        /* no failure left, but a mapped rule's findings were all waived */
    OTL_REQ_NOTASSESSABLE, /* no selected rule for this device class maps to it: not assessable
                              from configuration (organisational, physical ...) */
    OTL_REQ_NOTAPPLICABLE, /* mapped rules ran, and all were notapplicable (e.g. no wireless) */
    OTL_REQ_STATUS_COUNT
};

struct otl_req_result {
    const struct otl_req *req; /* borrowed from the catalog */
    enum otl_req_status status;
    /* Mapped rules that ran on the device (their results in the file), for
     * "why": indices into otl_file.results.  Scan level: NULL / 0. */
    size_t *rules;
    size_t nrules;
    /* Scan level only: devices by status (per device: all 0). */
    size_t ndevices[OTL_REQ_STATUS_COUNT];
};

/* Achieved security level of one foundational requirement. */
struct otl_fr_level {
    int target;   /* SL-T 1..4, 0 = no target */
    int achieved; /* highest s <= cap such that every 62443-3-3 requirement of the FR
                     required at SL <= s is satisfied or notapplicable (cap = target, or 4
                     without one) */
    int ceiling;  /* the same, counting notassessable requirements as met: the level the
                     configuration does not contradict; >= achieved */
    /* 62443-3-3 requirements of the FR required at SL <= cap that are neither satisfied
     * nor notapplicable, in catalog order (indices into otl_rollup.reqs). */
    size_t *limited_by;
    size_t nlimited_by;
};

struct otl_rollup {
    struct otl_req_result *reqs; /* 62443-3-3, then 4-2, 2-1, 2-4, each in catalog order;
                                    only requirements in scope for the device
                                    (docs/requirements.md, "Scope") */
    size_t nreqs;
    struct otl_fr_level fr[7];   /* FR1..FR7 */
    size_t ndevices;             /* scan level: devices rolled up; per device: 1 */
};

const char *otl_req_status_name(enum otl_req_status s); /* "satisfied", "notsatisfied", ... */

struct otl_ruleset; /* engine.h */
struct otl_catalog; /* catalog.h */
struct otl_waivers; /* waiver.h */

/* Counts for summaries. */
struct otl_counts {
    size_t files;
    size_t files_failed; /* status other than OK/PARTIAL */
    size_t findings_by_sev[OTL_SEV_COUNT];
    size_t waived;
    size_t states[OTL_STATE_COUNT];
    size_t diag_errors;
    size_t files_partial; /* status PARTIAL: evaluated, but not fully read */
    /* Added for file accounting (issue 22). */
    size_t files_unrecognised; /* status UNRECOGNISED (also in files_failed) */
    size_t files_nosecurity;   /* status NOSECURITY: no rule reached a verdict */
    size_t files_ignored;      /* status IGNORED */
    size_t ignored_by[4];      /* by enum otl_ignore_src */
};

struct otl_scan {
    const struct otl_ruleset *rules;
    const struct otl_rule *const *selected; /* rules the profile runs */
    size_t nselected;
    const char *profile; /* profile id */
    struct otl_file *files;
    size_t nfiles;
    enum otl_severity fail_on;
    /* Added for the roll-up and waivers (issue 4). */
    const struct otl_catalog *catalog; /* NULL: no roll-up */
    int target_sl;                     /* SL-T 1..4 of the profile / --sl; 0 = none */
    struct otl_rollup *rollup;         /* whole scan (owned); NULL when not computed */
    const struct otl_waivers *waivers; /* NULL when no --waivers */
    /* Added for streamed output (issue 6): files handed to the writers one
     * by one are released (otl_file_release) and counted here. */
    struct otl_counts tally;
    int released;
};


/* Counts over the scan: scan->tally once the files were released (written
 * and freed as the scan went), else counted from the files. */
void otl_scan_count(const struct otl_scan *scan, struct otl_counts *out);

/* Add one file to `c` (files included). */
void otl_counts_add(struct otl_counts *c, const struct otl_file *f);

/* Free what a written file no longer needs: diagnostics, rule results,
 * findings, and its roll-up but for the FR levels (the text report's SL
 * table).  Path, device, format, classes, status and coverage stay. */
void otl_file_release(struct otl_file *f);

/* Was the file not evaluated because of an input problem? (Not for OK,
 * PARTIAL, SKIPPED, IGNORED and NOSECURITY.) */
int otl_file_failed(const struct otl_file *f);

/* Does the file keep the run from passing?  Not evaluated, partial, or no
 * security settings: what exit 3 is about (docs/file-accounting.md). */
int otl_file_unchecked(const struct otl_file *f);

/* Is the file an entry an ignore rule left out (not a result)? */
int otl_file_ignored(const struct otl_file *f);

/* The ignore rule of an ignored or matching file, in words:
 * "built-in list 'README*'", "--exclude '*.bak'", ".otlintignore
 * dir/.otlintignore:3 'x.cfg'", "symbolic link, not followed".  Into
 * buf[n]; always terminated. */
void otl_file_ignore_text(const struct otl_file *f, char *buf, size_t n);

const char *otl_severity_name(enum otl_severity s);
int otl_severity_parse(const char *s, enum otl_severity *out); /* 0 ok, -1 bad */
const char *otl_state_name(enum otl_state s);
const char *otl_file_status_name(enum otl_file_status s);
const char *otl_diag_level_name(int level);

void otl_file_clear(struct otl_file *f);

/* A file result owns its findings: this frees one finding's strings (and
 * only this does); otl_file_drop_findings() frees findings [from, n) and
 * sets n to `from`. */
void otl_finding_clear(struct otl_finding *fd);
void otl_file_drop_findings(struct otl_file *f, size_t from);

/* Append a diagnostic to a file result (bounded by OTL_MAX_DIAGS_PER_FILE). */
void otl_file_diag(struct otl_file *f, int level, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Out of memory part-way through a file: what was computed of it is
 * incomplete (rules not run, findings or a roll-up missing), so none of it
 * is reported as a result.  The file counts as not checked (status limit:
 * exit 3) and says why ("out of memory WHEN"), as far as memory allows. */
void otl_file_out_of_memory(struct otl_file *f, const char *when);
void otl_scan_free(struct otl_scan *scan);

/* Writers.  Each renders the whole scan; returns 0 or -1 with errno set.
 * `color`: text only, ANSI colour.  No writer prints a secret: they only
 * print what the result holds. */
int otl_write_text(FILE *out, const struct otl_scan *scan, int color, int quiet);
int otl_write_json(FILE *out, const struct otl_scan *scan);
int otl_write_sarif(FILE *out, const struct otl_scan *scan);
int otl_write_junit(FILE *out, const struct otl_scan *scan);

/* The compliance matrix of `otlint requirements`: requirement x device with
 * status, from scan->rollup and each file's rollup.  Same conventions as the
 * writers above (docs/requirements.md, "Compliance matrix"). */
int otl_write_matrix_text(FILE *out, const struct otl_scan *scan, int color);
int otl_write_matrix_json(FILE *out, const struct otl_scan *scan);
int otl_write_matrix_csv(FILE *out, const struct otl_scan *scan);

/* The JSON output's schema version (docs/json-output.md, docs/otlint-result.schema.json). */
#define OTL_JSON_SCHEMA_VERSION "1.2"

/* Added for the writers (append-only). */

/* Name of one enum otl_class bit ("switch", "router", "firewall",
 * "controller", "other"); NULL if `bit` is not exactly one known bit.
 * Static string. */
const char *otl_class_name(unsigned bit);

/* Space-separated names of the bits set in `classes`, in enum order, into
 * buf[n] (always NUL-terminated when n > 0; a truncated list holds only whole
 * words).  Returns the length the full list needs, like snprintf: >= n means
 * truncated. */
size_t otl_class_names(unsigned classes, char *buf, size_t n);

/* A copy of `s` in which every ill-formed UTF-8 sequence is replaced by
 * U+FFFD (maximal-subpart rule).  Config text is arbitrary bytes; JSON and
 * XML are not.  Caller frees; NULL with errno set on allocation failure or
 * when s is NULL (EINVAL). */
char *otl_utf8_clean(const char *s);

/* Output formats the writers know: "text", "json", "sarif", "junit".
 * 1 if `format` is one of them, else 0. */
int otl_output_format_known(const char *format);

/* Render `scan` as `format` to `path`.  path NULL or "-": stdout.  Otherwise
 * the output goes to a new temporary file in the same directory (mode 0666
 * less the umask; the mode, owner and group of the file it replaces when
 * there is one), fsync'd and renamed over `path` (a symbolic link at `path`
 * is refused: ELOOP), so that a reader never sees half a report;
 * on failure the temporary file is removed and `path` is left untouched.
 * `color` and `quiet` only matter to "text".
 * Returns 0; -1 with errno set on an I/O or memory error; -2 (errno EINVAL)
 * for an unknown format. */
int otl_output_write(const char *format, const char *path, const struct otl_scan *scan,
                     int color, int quiet);

/* The same, file by file, so that the scan can free each file once it is
 * written (memory flat in the number of files).  otl_output_open writes
 * what comes before the files; NULL with errno set (EINVAL: unknown
 * format).  otl_output_file takes the files in order: 0, or -1 with errno
 * set, after which the output is broken (later calls fail the same way).
 * otl_output_close with `keep` writes the rest and puts the file in place;
 * without, it drops the output (the target stays untouched).  It frees `o`
 * in any case: 0, or -1 with errno set.  The scan must stay until then: the
 * summaries are read from it at the close. */
struct otl_output;
/* Unlink the temporary files of the outputs still open: for a crash or
 * interrupt handler (async-signal-safe). */
void otl_output_remove_temps(void);
struct otl_output *otl_output_open(const char *format, const char *path, const struct otl_scan *scan,
                                   int color, int quiet);
int otl_output_file(struct otl_output *o, const struct otl_file *f);
int otl_output_close(struct otl_output *o, int keep);
/* The device and inode of the temporary file an output is written to
 * (for the walk to pass over it when it lies in a scanned directory): 0,
 * or -1 when there is none (standard output, a file written in place). */
int otl_output_temp_id(const struct otl_output *o, dev_t *dev, ino_t *ino);

/* The same for the compliance matrix (`otlint requirements`): formats
 * "text", "json", "csv"; same atomic write and return values. */
int otl_matrix_format_known(const char *format);
int otl_output_write_matrix(const char *format, const char *path, const struct otl_scan *scan,
                            int color);

#endif /* OTL_RESULT_H */

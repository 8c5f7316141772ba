/*
 * engine.h - baselines, profiles and rule evaluation.
 *
 * Loading: every baseline and profile file is parsed through xmlsafe.c and
 * validated against its RELAX NG schema; errors name file:line.  Every XPath
 * of every rule is compiled at load, so a bad expression is a load error
 * (exit 2), not a run-time surprise.
 *
 * Evaluation: one struct otl_evaluator per worker thread.  It owns an XPath
 * context and its own compiled copy of each selected rule's expressions:
 * libxml2 caches function lookups inside a compiled expression while
 * evaluating it, so compiled expressions are not shared between threads.
 */
#ifndef OTL_ENGINE_H
#define OTL_ENGINE_H

#include <stddef.h>
#include "otlint.h"
#include "result.h"
#include "util.h"

struct otl_registry;
struct otl_catalog;

struct otl_profile_sel {
    int exclude;
    char **rules;
    size_t nrules;
    char **tags;
    size_t ntags;
    unsigned classes;
    int min_sev; /* -1 = any */
    int any_sl;  /* select sl="any": its rules run whatever the target SL */
};

struct otl_profile {
    char *id;
    char *title;
    char *extends;
    char *file;
    unsigned long line;
    struct otl_profile_sel *sels;
    size_t nsels, capsels;
    struct otl_param *params;
    size_t nparams, capparams;
    unsigned long *param_lines; /* line of each <param> (error messages) */
    size_t capparam_lines;
    /* Profile options; unset values come from the profile it extends. */
    int target_sl;      /* target-sl 1..4; 0 unset */
    int fail_on;        /* fail-on severity; -1 unset */
    int strict_waivers; /* strict-waivers yes/no; -1 unset */
    int rollup;         /* rollup yes/no; -1 unset */
};

struct otl_ruleset {
    struct otl_rule **rules;
    size_t nrules, caprules;
    struct otl_profile **profiles;
    size_t nprofiles, capprofiles;
    /* Requirement catalogs (borrowed; set before loading baselines): rule
     * references are checked against them.  NULL: references unchecked. */
    const struct otl_catalog *catalog;
};

/* What a profile runs: rules (borrowed from the ruleset) and parameter
 * values (owned).  Free with otl_selection_free(). */
struct otl_selection {
    const char *profile_id; /* borrowed */
    const struct otl_rule **rules;
    size_t nrules;
    struct otl_param *params; /* every declared parameter, value resolved */
    size_t nparams, capparams;
    int target_sl;      /* SL-T 1..4 (profile chain or override); 0 = none */
    int fail_on;        /* severity from the profile chain; -1 = not set by the profile */
    int strict_waivers; /* 1 yes, 0 no, -1 not set by the profile */
    int rollup;         /* 0 when the profile turns the roll-up off, else 1 */
};

void otl_ruleset_init(struct otl_ruleset *rs);
void otl_ruleset_free(struct otl_ruleset *rs);

/* Load a baseline file, or every *.xml of a directory (sorted).  `schema_dir`
 * holds baseline.rng and profile.rng.  Returns the number of errors (0 ok). */
int otl_ruleset_load_baseline(struct otl_ruleset *rs, const char *path, const char *schema_dir,
                              otl_errfn fn, void *arg);
int otl_ruleset_load_profile(struct otl_ruleset *rs, const char *path, const char *schema_dir,
                             otl_errfn fn, void *arg);

const struct otl_rule *otl_ruleset_find(const struct otl_ruleset *rs, const char *id);
const struct otl_profile *otl_ruleset_find_profile(const struct otl_ruleset *rs, const char *id);

/* Resolve profile `id` (with its extends chain) into a selection.  0 ok,
 * -1 error reported via fn (unknown profile, cycle, unknown parameter). */
int otl_select(const struct otl_ruleset *rs, const char *profile_id, struct otl_selection *out,
               otl_errfn fn, void *arg);
/* The same with the target SL forced to `sl` (1..4; 0 = the profile's own):
 * `--sl N`.  At a target SL n a rule runs only when its SL (struct
 * otl_rule.sl) is 0 or <= n, unless a select with sl="any" chose it. */
int otl_select_sl(const struct otl_ruleset *rs, const char *profile_id, int sl,
                  struct otl_selection *out, otl_errfn fn, void *arg);
void otl_selection_free(struct otl_selection *sel);

/* Append a parameter to the array *v of *n (capacity *cap, otl_grow) (name
 * and value taken over, freed on failure).  0, -1 out of memory. */
int otl_param_add(struct otl_param **v, size_t *n, size_t *cap, char *name, char *value);

/* Device class names <-> bits ("switch router firewall controller other"). */
int otl_classes_parse(const char *s, unsigned *out);

struct otl_evaluator;

/* The raw tree handed over as records instead of elements (otl_host.raw_stmt,
 * core/otlint.h): one per statement of a text config (its text) or per
 * element of an XML skeleton (its start tag), in file order; `text` holds
 * every record's text (sanitised, secrets redacted; the first
 * OTL_MAX_EVIDENCE + 1 bytes: evidence shows no more), record k's at
 * v[k].off.  Filled by the scan, read for evidence.  Reused
 * from file to file: reset keeps the memory, unless a large file grew it
 * past 1 MiB (then it is given back). */
struct otl_rawrec {
    unsigned long line;
    size_t off, len;
    unsigned depth; /* 0 top level; parent's + 1 */
    unsigned flags; /* OTL_RAW_* */
};
struct otl_rawrecs {
    struct otl_rawrec *v;
    size_t n, cap;
    char *text;
    size_t tlen, tcap;
};
void otl_rawrecs_reset(struct otl_rawrecs *r);
void otl_rawrecs_free(struct otl_rawrecs *r);
/* Append a record (the text is copied).  0, -1 out of memory. */
int otl_rawrecs_add(struct otl_rawrecs *r, unsigned depth, unsigned long line, const char *text,
                    size_t len, unsigned flags);

/* A per-thread evaluator for `sel` (borrowed, must outlive it); checker
 * modules of `reg` (may be NULL) register their XPath functions.  NULL on
 * error, with the reason in err. */
struct otl_evaluator *otl_evaluator_new(const struct otl_selection *sel,
                                        const struct otl_registry *reg, char *err, size_t errlen);
void otl_evaluator_free(struct otl_evaluator *ev);

/* Might anything read the raw elements: a selected rule (judged on the
 * expressions' text, conservatively: docs/plugins.md) or a checker module of
 * the registry (its XPath functions or analyse())?  When not, a scan lets
 * text plugins hand the raw tree over as records. */
int otl_evaluator_reads_raw(const struct otl_evaluator *ev);

/* Evidence for the following otl_evaluate calls: from these records (the
 * document's raw element is then empty), or from dd->raw when NULL.
 * Borrowed until the next call. */
void otl_evaluator_set_raw(struct otl_evaluator *ev, const struct otl_rawrecs *recs);

/* Evaluate every selected rule on `dd`; fills f->results, f->findings and
 * f->device / f->classes.  `fmt_classes`: the plugin's classes, used when the
 * document does not say.  0 ok, -1 out of memory. */
int otl_evaluate(struct otl_evaluator *ev, struct otl_devdoc *dd, unsigned fmt_classes,
                 struct otl_file *f);

/* Measure each rule's evaluation (otl_rule_result.seconds, JUnit's testcase
 * time)?  Off by default (0 s); process-wide; call before a scan starts. */
void otl_evaluate_time_rules(int on);


#endif

/*
 * waiver.h - accepted deviations (--waivers FILE, docs/waivers.md).
 *
 * A waivers file is XML validated against baselines/schema/waivers.rng:
 *
 *   <waivers xmlns="urn:otlint:waivers:1">
 *     <waiver rule="NET-SVC-TELNET" device="bl1-*" expires="2027-03-31"
 *             owner="J. Ortega, integrator" fingerprint="0123...">   (fingerprint optional)
 *       <reason>Legacy HMI needs telnet until the panel upgrade.</reason>
 *       <countermeasure>Conduit firewall allows 23/tcp only from the HMI.</countermeasure>  (optional)
 *     </waiver>
 *   </waivers>
 *
 * A waiver without reason, owner or expiry is rejected at load (schema), as is
 * one naming a rule that no loaded baseline defines, a malformed or impossible
 * date, or a fingerprint that is not 32 hex digits.
 *
 * Matching: a finding is waived by the first active waiver (file order) whose
 * rule equals the finding's rule, whose device glob (fnmatch(3), no flags)
 * matches the file's device identity or its path, and whose fingerprint,
 * when given, equals the finding's.  A waiver is active through its expiry
 * day; from the day after it is expired: it waives nothing, and the findings
 * it would have matched are counted in `would_match`.
 */
#ifndef OTL_WAIVER_H
#define OTL_WAIVER_H

#include <stddef.h>
#include "util.h"

struct otl_ruleset;
struct otl_file;

struct otl_waiver {
    char *rule;           /* rule id */
    char *device;         /* glob */
    char *fingerprint;    /* 32 lower-case hex digits, or NULL = every finding of the rule */
    char *reason;
    char *owner;
    char *countermeasure; /* NULL if none given */
    char expires[11];     /* "YYYY-MM-DD" */
    char *file;           /* waivers file */
    unsigned long line;   /* line of <waiver> */
    int expired;          /* expires < the waivers' `today` */
    /* Updated by otl_waivers_apply (atomically; several workers apply at once). */
    unsigned long matched;     /* findings this waiver waived */
    unsigned long would_match; /* expired waivers: findings it would have waived */
};

struct otl_waivers {
    struct otl_waiver *v;
    size_t n;
    char today[11]; /* "YYYY-MM-DD": the date expiry is judged against */
    size_t cap;     /* allocated elements of v (otl_grow, util.h) */
};

void otl_waivers_init(struct otl_waivers *w);
void otl_waivers_free(struct otl_waivers *w);

/* Is `s` a valid calendar date "YYYY-MM-DD" (proleptic Gregorian, year 1970..9999)? */
int otl_date_valid(const char *s);

/* Today's date in UTC as "YYYY-MM-DD" into buf[11]. */
void otl_date_today(char buf[11]);

/* Load `path` (one file) into `w`, judging expiry against `today`
 * ("YYYY-MM-DD", must be valid).  `rs` (may be NULL: no rule-id check)
 * gives the known rule ids.  `schema_dir` holds waivers.rng.  Errors are
 * reported through fn (util.h's otl_errfn) with file:line.
 * Returns the number of errors (0 ok); on errors `w` keeps what loaded
 * before the bad file. */
int otl_waivers_load(struct otl_waivers *w, const char *path, const char *schema_dir,
                     const struct otl_ruleset *rs, const char *today,
                     otl_errfn fn, void *arg);

/* Apply the waivers to one evaluated file: each finding matched by an active
 * waiver gets state OTL_STATE_WAIVED and ->waiver set; a rule result whose
 * findings are all waived (at least one) becomes OTL_STATE_WAIVED.  Counts
 * in the waivers are updated atomically, so workers may call this at the
 * same time for different files.  Does nothing when w is NULL or empty. */
void otl_waivers_apply(struct otl_waivers *w, struct otl_file *f);

/* After the scan: how many waivers are expired, and how many active ones
 * matched no finding. */
void otl_waivers_problems(const struct otl_waivers *w, size_t *expired, size_t *unmatched);

#endif

/*
 * write-text.c - the human-readable report (default output).
 *
 * Grouped by file: a header line, the file's diagnostics, its findings as
 * `path:line: SEVERITY RULE message [refs]` (the form editors and `grep -n`
 * users jump to), then the rule states that are neither pass nor fail.  A
 * summary line always ends the report, also in quiet mode, so that an empty
 * report still says what was scanned.
 *
 * Everything printed that came from a config (paths, messages, evidence,
 * reasons) goes through put_safe(): a config could otherwise carry terminal
 * escape sequences to the operator's screen, or a newline that forges a line
 * of the report.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otlint.h"
#include "result.h"

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"

/* Indexed by enum otl_severity. */
static const char *const sev_color[OTL_SEV_COUNT] = {
    "\033[2m",    /* info: dim */
    "\033[36m",   /* low: cyan */
    "\033[33m",   /* medium: yellow */
    "\033[31m",   /* high: red */
    "\033[1;35m", /* critical: bold magenta, stands out from high */
};

static const char *const sev_upper[OTL_SEV_COUNT] = {
    "INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL",
};

/*
 * Print untrusted text on one line: ill-formed UTF-8 becomes U+FFFD, C0
 * controls, DEL and C1 controls (U+0080..U+009F, which some terminals obey
 * as CSI etc.) become \xNN / \u00NN escapes.  Returns 0 or -1 (ENOMEM).
 */
static int put_safe(FILE *out, const char *s)
{
    char *clean = NULL;
    int rc = -1;

    if (s == NULL) {
        rc = 0;
        goto done;
    }
    clean = otl_utf8_clean(s);
    if (clean == NULL)
        goto done;
    for (const unsigned char *p = (const unsigned char *)clean; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7F)
            fprintf(out, "\\x%02x", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            fprintf(out, "\\u%04x", (unsigned)p[1]);
            p++;
        } else
            fputc(*p, out);
    }
    rc = 0;
done:
    free(clean);
    return rc;
}

static const char *sev_word(enum otl_severity s)
{
    return (unsigned)s < OTL_SEV_COUNT ? sev_upper[s] : "UNKNOWN";
}

/* `path:line: ` or `path: ` for line 0 (device level / whole file). */
static int put_loc(FILE *out, const char *path, unsigned long line)
{
    if (put_safe(out, path) != 0)
        return -1;
    if (line > 0)
        fprintf(out, ":%lu: ", line);
    else
        fputs(": ", out);
    return 0;
}

static int put_header(FILE *out, const struct otl_file *f, int color)
{
    char classes[64];

    if (color)
        fputs(ANSI_BOLD, out);
    fputs("== ", out);
    if (put_safe(out, f->path) != 0)
        return -1;
    fputs("  format=", out);
    if (put_safe(out, f->format != NULL ? f->format : "-") != 0)
        return -1;
    fputs(" device=", out);
    if (put_safe(out, f->device != NULL ? f->device : "-") != 0)
        return -1;
    otl_class_names(f->classes, classes, sizeof classes);
    if (classes[0] != '\0')
        fprintf(out, " class=%s", classes);
    fprintf(out, " status=%s", otl_file_status_name(f->status));
    if (f->coverage >= 0)
        fprintf(out, " coverage=%.1f%%", f->coverage * 100.0);
    else
        fputs(" coverage=unknown", out);
    if (color)
        fputs(ANSI_RESET, out);
    fputc('\n', out);
    return 0;
}

static int put_diag(FILE *out, const struct otl_file *f, const struct otl_diag *d, int color)
{
    if (put_loc(out, f->path, d->line) != 0)
        return -1;
    if (color && d->level == OTL_DIAG_ERROR)
        fputs("\033[31m", out);
    else if (color && d->level == OTL_DIAG_WARNING)
        fputs("\033[33m", out);
    fputs(otl_diag_level_name(d->level), out);
    if (color && d->level >= OTL_DIAG_WARNING)
        fputs(ANSI_RESET, out);
    fputs(": ", out);
    if (put_safe(out, d->msg) != 0)
        return -1;
    fputc('\n', out);
    return 0;
}

static int put_finding(FILE *out, const struct otl_file *f, const struct otl_finding *fi, int color)
{
    const struct otl_rule *r = fi->rule;
    enum otl_severity sev = r != NULL ? r->severity : OTL_SEV_INFO;

    if (put_loc(out, f->path, fi->line) != 0)
        return -1;
    if (color && (unsigned)sev < OTL_SEV_COUNT)
        fputs(sev_color[sev], out);
    fputs(sev_word(sev), out);
    if (color)
        fputs(ANSI_RESET, out);
    fputc(' ', out);
    if (put_safe(out, r != NULL ? r->id : "?") != 0)
        return -1;
    fputc(' ', out);
    if (put_safe(out, fi->message != NULL ? fi->message : (r != NULL ? r->title : "")) != 0)
        return -1;
    if (r != NULL && r->nrefs > 0) {
        fputs(" [", out);
        /* Standard named once per run of its ids: [IEC 62443-3-3 SR 1.5, SR 4.3; ...] */
        for (size_t i = 0; i < r->nrefs; i++) {
            const char *std = r->refs[i].standard ? r->refs[i].standard : "";
            int same = i > 0 && r->refs[i - 1].standard && strcmp(r->refs[i - 1].standard, std) == 0;
            if (i > 0)
                fputs(same ? ", " : "; ", out);
            if (!same) {
                if (put_safe(out, std) != 0)
                    return -1;
                fputc(' ', out);
            }
            if (put_safe(out, r->refs[i].id) != 0)
                return -1;
        }
        fputc(']', out);
    }
    if (fi->state == OTL_STATE_WAIVED)
        fputs(color ? " \033[32m(waived)" ANSI_RESET : " (waived)", out);
    fputc('\n', out);
    if (fi->evidence != NULL && fi->evidence[0] != '\0') {
        fputs("    ", out);
        if (put_safe(out, fi->evidence) != 0)
            return -1;
        fputc('\n', out);
    }
    return 0;
}

/* The rule states a reader must not mistake for a pass: one line each.
 * Not-applicable rules are many and expected, so they get one count line. */
static int put_states(FILE *out, const struct otl_file *f, int color)
{
    size_t notapplicable = 0;

    for (size_t i = 0; i < f->nresults; i++) {
        const struct otl_rule_result *rr = &f->results[i];
        const char *rid = rr->rule != NULL ? rr->rule->id : "?";

        switch (rr->state) {
        case OTL_STATE_NOTAPPLICABLE:
            notapplicable++;
            continue;
        case OTL_STATE_NOTEVALUABLE:
        case OTL_STATE_ERROR:
        case OTL_STATE_WAIVED:
            break;
        case OTL_STATE_PASS:
        case OTL_STATE_FAIL:
        case OTL_STATE_COUNT:
        default:
            continue;
        }
        if (put_loc(out, f->path, 0) != 0)
            return -1;
        if (color && rr->state == OTL_STATE_ERROR)
            fputs("\033[31m", out);
        fputs(otl_state_name(rr->state), out);
        if (color && rr->state == OTL_STATE_ERROR)
            fputs(ANSI_RESET, out);
        fputc(' ', out);
        if (put_safe(out, rid) != 0)
            return -1;
        if (rr->reason != NULL) {
            fputs(": ", out);
            if (put_safe(out, rr->reason) != 0)
                return -1;
        }
        fputc('\n', out);
    }
    if (notapplicable > 0) {
        if (put_loc(out, f->path, 0) != 0)
            return -1;
        fprintf(out, "%zu rule%s not applicable\n", notapplicable, notapplicable == 1 ? "" : "s");
    }
    return 0;
}

static void put_summary(FILE *out, const struct otl_scan *scan)
{
    struct otl_counts c;
    size_t total = 0;

    otl_scan_count(scan, &c);
    for (int s = 0; s < OTL_SEV_COUNT; s++)
        total += c.findings_by_sev[s];
    fprintf(out, "otlint: %zu file%s (%zu not evaluated), %zu finding%s", c.files,
            c.files == 1 ? "" : "s", c.files_failed, total, total == 1 ? "" : "s");
    fprintf(out, " (critical %zu, high %zu, medium %zu, low %zu, info %zu), %zu waived;",
            c.findings_by_sev[OTL_SEV_CRITICAL], c.findings_by_sev[OTL_SEV_HIGH],
            c.findings_by_sev[OTL_SEV_MEDIUM], c.findings_by_sev[OTL_SEV_LOW],
            c.findings_by_sev[OTL_SEV_INFO], c.waived);
    fputs(" rules:", out);
    for (int s = 0; s < OTL_STATE_COUNT; s++)
        fprintf(out, " %s %zu%s", otl_state_name((enum otl_state)s), c.states[s],
                s + 1 < OTL_STATE_COUNT ? "," : ";");
    fprintf(out, " %zu diagnostic error%s\n", c.diag_errors, c.diag_errors == 1 ? "" : "s");
}

/* Findings in line order (device-level ones, line 0, first); ties keep the
 * rule order. */
struct order {
    unsigned long line;
    size_t idx;
};

static int cmp_order(const void *a, const void *b)
{
    const struct order *x = a, *y = b;

    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int otl_write_text(FILE *out, const struct otl_scan *scan, int color, int quiet)
{
    struct order *ord = NULL;
    int rc = -1;

    for (size_t i = 0; i < scan->nfiles; i++) {
        const struct otl_file *f = &scan->files[i];

        if (!quiet && put_header(out, f, color) != 0)
            goto done;
        for (size_t j = 0; j < f->ndiags; j++) {
            if (quiet && f->diags[j].level != OTL_DIAG_ERROR)
                continue;
            if (put_diag(out, f, &f->diags[j], color) != 0)
                goto done;
        }
        /* Waived findings stay in quiet mode too: waived is reported,
         * never dropped (DESIGN.md, Waivers). */
        if (f->nfindings > 0) {
            struct order *no = realloc(ord, f->nfindings * sizeof *no);
            if (no == NULL)
                goto done;
            ord = no;
            for (size_t j = 0; j < f->nfindings; j++) {
                ord[j].line = f->findings[j].line;
                ord[j].idx = j;
            }
            qsort(ord, f->nfindings, sizeof *ord, cmp_order);
        }
        for (size_t j = 0; j < f->nfindings; j++)
            if (put_finding(out, f, &f->findings[ord[j].idx], color) != 0)
                goto done;
        if (!quiet && put_states(out, f, color) != 0)
            goto done;
        if (!quiet)
            fputc('\n', out);
    }
    put_summary(out, scan);
    if (fflush(out) != 0 || ferror(out)) {
        if (errno == 0)
            errno = EIO;
        goto done;
    }
    rc = 0;
done:
    free(ord);
    return rc;
}

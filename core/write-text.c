/*
 * write-text.c - the human-readable report (default output).
 *
 * Grouped by file: a header line, the file's diagnostics, its findings as
 * `path:line: SEVERITY RULE message [refs]` (the form editors and `grep -n`
 * users jump to), then the rule states that are neither pass nor fail.
 * Waivers that are expired or matched nothing follow, then a summary line,
 * also in quiet mode, so that an empty report still says what was scanned.
 * With a target SL (and not quiet), a compact table of the achieved SL per
 * FR ends the report: the one thing an integrator hands over.
 *
 * Everything printed that came from a config (paths, messages, evidence,
 * reasons) goes through otl_text_put(): a config could otherwise carry terminal
 * escape sequences to the operator's screen, or a newline that forges a line
 * of the report.
 */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otlint.h"
#include "result.h"
#include "util.h"
#include "write-util.h"
#include "waiver.h"

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



/* Untrusted text in a column of `width` characters (code points): cut with
 * a trailing '~' when longer, padded with spaces when shorter. */
static int put_column(FILE *out, const char *s, size_t width)
{
    char *safe = otl_text_safe(s);
    size_t cps = 0, i;

    if (safe == NULL)
        return -1;
    for (i = 0; safe[i] != '\0'; i++)
        cps += ((unsigned char)safe[i] & 0xC0) != 0x80;
    if (cps > width) {
        size_t keep = width > 0 ? width - 1 : 0, seen = 0;
        for (i = 0; safe[i] != '\0'; i++) {
            if (((unsigned char)safe[i] & 0xC0) != 0x80 && seen++ == keep)
                break;
        }
        fwrite(safe, 1, i, out);
        if (width > 0)
            fputc('~', out);
        cps = width;
    } else
        fputs(safe, out);
    for (; cps < width; cps++)
        fputc(' ', out);
    free(safe);
    return 0;
}

static const char *sev_word(enum otl_severity s)
{
    return (unsigned)s < OTL_SEV_COUNT ? sev_upper[s] : "UNKNOWN";
}

/* `path:line: ` or `path: ` for line 0 (device level / whole file). */
static int put_loc(FILE *out, const char *path, unsigned long line)
{
    if (otl_text_put(out, path) != 0)
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
    if (otl_text_put(out, f->path) != 0)
        return -1;
    fputs("  format=", out);
    if (otl_text_put(out, f->format != NULL ? f->format : "-") != 0)
        return -1;
    fputs(" device=", out);
    if (otl_text_put(out, f->device != NULL ? f->device : "-") != 0)
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
    if (otl_text_put(out, d->msg) != 0)
        return -1;
    fputc('\n', out);
    return 0;
}

/* " (waived: owner O, until D)": who accepted it and for how long. */
static int put_waived(FILE *out, const struct otl_waiver *w, int color)
{
    fputs(color ? " \033[32m(waived" : " (waived", out);
    if (w != NULL) {
        fputs(": owner ", out);
        if (otl_text_put(out, w->owner) != 0)
            return -1;
        fputs(", until ", out);
        if (otl_text_put(out, w->expires) != 0)
            return -1;
    }
    fputs(color ? ")" ANSI_RESET : ")", out);
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
    if (otl_text_put(out, r != NULL ? r->id : "?") != 0)
        return -1;
    fputc(' ', out);
    if (otl_text_put(out, fi->message != NULL ? fi->message : (r != NULL ? r->title : "")) != 0)
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
                if (otl_text_put(out, std) != 0)
                    return -1;
                fputc(' ', out);
            }
            if (otl_text_put(out, r->refs[i].id) != 0)
                return -1;
        }
        fputc(']', out);
    }
    if (fi->state == OTL_STATE_WAIVED && put_waived(out, fi->waiver, color) != 0)
        return -1;
    fputc('\n', out);
    if (fi->evidence != NULL && fi->evidence[0] != '\0') {
        fputs("    ", out);
        if (otl_text_put(out, fi->evidence) != 0)
            return -1;
        fputc('\n', out);
    } else if (fi->line == 0) {
        /* No statement to show: the finding is about the device as a whole
         * (a setting absent, or a platform default) */
        fputs("    (device level)\n", out);
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
        if (otl_text_put(out, rid) != 0)
            return -1;
        if (rr->reason != NULL) {
            fputs(": ", out);
            if (otl_text_put(out, rr->reason) != 0)
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

/* ", K without security settings, I ignored: built-in a, ..." of the
 * summary's file counts (each part only when not 0). */
static void put_accounting(FILE *out, const struct otl_counts *c)
{
    static const char *const src[] = {NULL, "built-in", "--exclude", ".otlintignore"};
    const char *sep = ": ";

    if (c->files_nosecurity > 0)
        fprintf(out, ", %zu without security settings", c->files_nosecurity);
    if (c->files_ignored == 0)
        return;
    fprintf(out, ", %zu ignored", c->files_ignored);
    for (size_t i = 1; i < sizeof src / sizeof *src; i++)
        if (c->ignored_by[i] > 0) {
            fprintf(out, "%s%s %zu", sep, src[i], c->ignored_by[i]);
            sep = ", ";
        }
}

static void put_summary(FILE *out, const struct otl_scan *scan)
{
    struct otl_counts c;
    size_t total = 0;

    otl_scan_count(scan, &c);
    for (int s = 0; s < OTL_SEV_COUNT; s++)
        total += c.findings_by_sev[s];
    fprintf(out, "otlint: %zu file%s (%zu not evaluated", c.files, c.files == 1 ? "" : "s",
            c.files_failed);
    put_accounting(out, &c);
    fprintf(out, "), %zu finding%s", total, total == 1 ? "" : "s");
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

/* One waiver that needs attention: where it is, what it waives, what is
 * wrong with it. */
static int put_waiver_problem(FILE *out, const struct otl_waiver *w)
{
    fputs("  ", out);
    if (put_loc(out, w->file, w->line) != 0 || otl_text_put(out, w->rule) != 0)
        return -1;
    fputs(" on \"", out);
    if (otl_text_put(out, w->device) != 0)
        return -1;
    fputc('"', out);
    if (w->fingerprint != NULL) {
        fputs(" fingerprint ", out);
        if (otl_text_put(out, w->fingerprint) != 0)
            return -1;
    }
    fputs(" (owner ", out);
    if (otl_text_put(out, w->owner) != 0)
        return -1;
    fputs(", until ", out);
    if (otl_text_put(out, w->expires) != 0)
        return -1;
    if (w->expired)
        fprintf(out, "): expired; would have waived %lu finding%s\n", w->would_match,
                w->would_match == 1 ? "" : "s");
    else
        fputs("): unmatched; waived no finding\n", out);
    return 0;
}

/* Expired and unmatched waivers, also in quiet mode: a waiver that no
 * longer does what its owner thinks is a problem to fix. */
static int put_waivers(FILE *out, const struct otl_waivers *ws, int color)
{
    int header = 0;

    for (size_t i = 0; ws != NULL && i < ws->n; i++) {
        const struct otl_waiver *w = &ws->v[i];
        if (!w->expired && w->matched > 0)
            continue;
        if (!header) {
            fputs(color ? "\033[33mWaivers:" ANSI_RESET "\n" : "Waivers:\n", out);
            header = 1;
        }
        if (put_waiver_problem(out, w) != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ SL table */

#define SL_CELL 7     /* "  " + "a/t^c" */
#define SL_NAME_MIN 11 /* "all devices" */
#define SL_NAME_MAX 30 /* keeps a row of 7 FRs within 80 columns */

static const char *dev_name(const struct otl_file *f)
{
    return f->device != NULL ? f->device : (f->path != NULL ? f->path : "-");
}

/* One row: the name, then achieved/target per FR, "^c" when the
 * configuration does not contradict a higher level than achieved. */
static int put_sl_row(FILE *out, const char *name, const struct otl_rollup *ru, int target,
                      size_t width)
{
    if (put_column(out, name, width) != 0)
        return -1;
    for (int k = 0; k < 7; k++) {
        const struct otl_fr_level *fl = &ru->fr[k];
        char cell[32];
        int t = fl->target > 0 ? fl->target : target;

        if (fl->ceiling > fl->achieved)
            snprintf(cell, sizeof cell, "%d/%d^%d", fl->achieved, t, fl->ceiling);
        else
            snprintf(cell, sizeof cell, "%d/%d", fl->achieved, t);
        /* No trailing blanks after the last column. */
        fprintf(out, k < 6 ? "  %-5s" : "  %s", cell);
    }
    fputc('\n', out);
    return 0;
}

/* The compact SL-T vs achieved table that ends a report with a target.
 * Its rows are kept as the files go by, in a temporary file (the files are
 * freed once written: memory stays flat in the number of devices), and the
 * name column is as wide as the widest name, within SL_NAME_MAX. */
struct sl_rec {
    size_t namelen; /* the name's bytes follow the record */
    struct otl_fr_level fr[7]; /* target, achieved, ceiling (limited_by not kept) */
};

struct sl_rows {
    FILE *tmp; /* NULL until the first row */
    size_t n, width;
};

static int sl_keep(struct sl_rows *r, const struct otl_file *f)
{
    const char *name = dev_name(f);
    struct sl_rec rec;
    char *safe;
    size_t cps = 0;

    if (r->tmp == NULL) {
        if ((r->tmp = otl_tmpfile()) == NULL)
            return -1;
        r->width = SL_NAME_MIN;
    }
    if ((safe = otl_text_safe(name)) == NULL)
        return -1;
    for (const char *p = safe; *p != '\0'; p++)
        cps += ((unsigned char)*p & 0xC0) != 0x80;
    free(safe);
    if (cps > r->width)
        r->width = cps < SL_NAME_MAX ? cps : SL_NAME_MAX;
    memset(&rec, 0, sizeof rec);
    rec.namelen = strlen(name);
    for (int k = 0; k < 7; k++) {
        rec.fr[k].target = f->rollup->fr[k].target;
        rec.fr[k].achieved = f->rollup->fr[k].achieved;
        rec.fr[k].ceiling = f->rollup->fr[k].ceiling;
    }
    errno = 0;
    if (fwrite(&rec, sizeof rec, 1, r->tmp) != 1 ||
        fwrite(name, 1, rec.namelen, r->tmp) != rec.namelen) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    r->n++;
    return 0;
}

static int put_sl_table(FILE *out, const struct otl_scan *scan, struct sl_rows *r, int color)
{
    struct otl_rollup ru;
    char *name = NULL;
    size_t cap = 0;
    int rc = -1;

    if (r->n == 0)
        return 0;
    errno = 0;
    if (fflush(r->tmp) != 0 || fseek(r->tmp, 0, SEEK_SET) != 0) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    fputc('\n', out);
    if (color)
        fputs(ANSI_BOLD, out);
    fputs("IEC 62443-3-3 security levels per FR: achieved/target "
          "(configuration evidence only)\n",
          out);
    if (color)
        fputs(ANSI_RESET, out);
    if (put_column(out, "device", r->width) != 0)
        return -1;
    for (int k = 0; k < 7; k++)
        fprintf(out, k < 6 ? "  FR%d  " : "  FR%d", k + 1);
    fputc('\n', out);
    memset(&ru, 0, sizeof ru);
    for (size_t i = 0; i < r->n; i++) {
        struct sl_rec rec;
        errno = 0;
        if (fread(&rec, sizeof rec, 1, r->tmp) != 1)
            goto io;
        if (otl_grow(&name, &cap, rec.namelen + 1, 1, 0) != 0)
            goto done;
        if (fread(name, 1, rec.namelen, r->tmp) != rec.namelen)
            goto io;
        name[rec.namelen] = '\0';
        memcpy(ru.fr, rec.fr, sizeof ru.fr);
        if (put_sl_row(out, name, &ru, scan->target_sl, r->width) != 0)
            goto done;
    }
    if (scan->rollup != NULL &&
        put_sl_row(out, "all devices", scan->rollup, scan->target_sl, r->width) != 0)
        goto done;
    fputs("^c: not contradicted by the configuration up to SL c; the rest is not assessable\n",
          out);
    rc = 0;
    goto done;
io:
    if (errno == 0)
        errno = EIO;
done:
    free(name);
    return rc;
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

struct tstate {
    FILE *out;
    const struct otl_scan *scan;
    int color, quiet;
    struct order *ord; /* reused from file to file */
    size_t nord;
    struct sl_rows sl; /* the SL table's rows (report with a target, not quiet) */
};

static int text_begin(void **st, FILE *out, const struct otl_scan *scan, int color, int quiet)
{
    struct tstate *t = calloc(1, sizeof *t);

    if (t == NULL)
        return -1;
    t->out = out;
    t->scan = scan;
    t->color = color;
    t->quiet = quiet;
    *st = t;
    return 0;
}

/* An ignored entry: one line, not in quiet mode (the summary counts it). */
static int put_ignored(FILE *out, const struct otl_file *f, int quiet)
{
    char rule[512];

    if (quiet)
        return 0;
    otl_file_ignore_text(f, rule, sizeof rule);
    fputs("== ", out);
    if (otl_text_put(out, f->path) != 0)
        return -1;
    fputs("  status=ignored (", out);
    if (otl_text_put(out, rule) != 0)
        return -1;
    fputs(")\n", out);
    return ferror(out) ? -1 : 0;
}

static int text_file(void *st, const struct otl_file *f)
{
    struct tstate *t = st;
    FILE *out = t->out;
    int color = t->color, quiet = t->quiet;

    if (otl_file_ignored(f))
        return put_ignored(out, f, quiet);

    if (!quiet && put_header(out, f, color) != 0)
        return -1;
    for (size_t j = 0; j < f->ndiags; j++) {
        if (quiet && f->diags[j].level != OTL_DIAG_ERROR)
            continue;
        if (put_diag(out, f, &f->diags[j], color) != 0)
            return -1;
    }
    /* Waived findings stay in quiet mode too: waived is reported,
     * never dropped (DESIGN.md, Waivers). */
    if (otl_grow(&t->ord, &t->nord, f->nfindings, sizeof *t->ord, 0) != 0)
        return -1;
    for (size_t j = 0; j < f->nfindings; j++) {
        t->ord[j].line = f->findings[j].line;
        t->ord[j].idx = j;
    }
    if (f->nfindings > 1)
        qsort(t->ord, f->nfindings, sizeof *t->ord, cmp_order);
    for (size_t j = 0; j < f->nfindings; j++)
        if (put_finding(out, f, &f->findings[t->ord[j].idx], color) != 0)
            return -1;
    if (!quiet && put_states(out, f, color) != 0)
        return -1;
    if (!quiet && t->scan->target_sl > 0 && f->rollup != NULL && sl_keep(&t->sl, f) != 0)
        return -1;
    if (!quiet)
        fputc('\n', out);
    /* A terminal or a pipe sees the report as the scan goes. */
    return ferror(out) ? -1 : 0;
}

static void text_discard(void *st)
{
    struct tstate *t = st;

    free(t->ord);
    if (t->sl.tmp != NULL)
        fclose(t->sl.tmp);
    free(t);
}

static int text_end(void *st)
{
    struct tstate *t = st;
    int rc = -1;

    if (put_waivers(t->out, t->scan->waivers, t->color) != 0)
        goto done;
    put_summary(t->out, t->scan);
    if (!t->quiet && t->scan->target_sl > 0 && put_sl_table(t->out, t->scan, &t->sl, t->color) != 0)
        goto done;
    if (otl_flush(t->out) != 0)
        goto done;
    rc = 0;
done:
    text_discard(t);
    return rc;
}

const struct otl_writer otl_writer_text = {text_begin, text_file, text_end, text_discard};

int otl_write_text(FILE *out, const struct otl_scan *scan, int color, int quiet)
{
    return otl_write_whole(&otl_writer_text, out, scan, color, quiet);
}

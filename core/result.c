/*
 * result.c - names, counts and ownership of the result model (result.h).
 *
 * The writers (write-*.c) only read a struct otl_scan; everything that
 * several of them need (names of enum values, the summary counts, the UTF-8
 * clean-up of text that came from a config) lives here so that every output
 * format says the same thing with the same words.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otlint.h"
#include "result.h"
#include "ignore.h"
#include "limits.h"
#include "util.h"
#include "rollup.h"

/* Indexed by enum value.  These strings are part of the JSON, SARIF and
 * JUnit outputs and of docs/otlint-result.schema.json: never rename one. */
static const char *const severity_names[OTL_SEV_COUNT] = {
    "info", "low", "medium", "high", "critical",
};

static const char *const state_names[OTL_STATE_COUNT] = {
    "pass", "fail", "notapplicable", "notevaluable", "error", "waived",
};

static const char *const status_names[OTL_FILE_STATUS_COUNT] = {
    "ok", "partial", "unrecognised", "unreadable", "parse-error", "limit", "skipped", "ignored",
    "no-security-settings",
};

static const char *const diag_names[] = {"note", "warning", "error"};

/* Bit order of enum otl_class; the same words rules use in @classes. */
static const struct {
    unsigned bit;
    const char *name;
} class_names[] = {
    {OTL_CLASS_SWITCH, "switch"},     {OTL_CLASS_ROUTER, "router"},
    {OTL_CLASS_FIREWALL, "firewall"}, {OTL_CLASS_CONTROLLER, "controller"},
    {OTL_CLASS_OTHER, "other"},
};

const char *otl_severity_name(enum otl_severity s)
{
    /* Out-of-range values are a bug upstream; say so instead of indexing. */
    if ((unsigned)s >= OTL_SEV_COUNT)
        return "unknown";
    return severity_names[s];
}

int otl_severity_parse(const char *s, enum otl_severity *out)
{
    if (s == NULL)
        return -1;
    for (unsigned i = 0; i < OTL_SEV_COUNT; i++) {
        if (strcmp(s, severity_names[i]) == 0) {
            if (out != NULL)
                *out = (enum otl_severity)i;
            return 0;
        }
    }
    return -1;
}

const char *otl_req_status_name(enum otl_req_status s)
{
    static const char *const names[] = {"satisfied",     "notsatisfied", "notevaluable",
                                        "waived",        "notassessable", "notapplicable"};

    return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}

const char *otl_state_name(enum otl_state s)
{
    if ((unsigned)s >= OTL_STATE_COUNT)
        return "unknown";
    return state_names[s];
}

const char *otl_file_status_name(enum otl_file_status s)
{
    if ((unsigned)s >= OTL_FILE_STATUS_COUNT)
        return "unknown";
    return status_names[s];
}

const char *otl_diag_level_name(int level)
{
    if (level < 0 || (size_t)level >= sizeof diag_names / sizeof diag_names[0])
        return "unknown";
    return diag_names[level];
}

const char *otl_class_name(unsigned bit)
{
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        if (class_names[i].bit == bit)
            return class_names[i].name;
    return NULL;
}

size_t otl_class_names(unsigned classes, char *buf, size_t n)
{
    size_t len = 0;
    int full = n == 0;

    /* snprintf-like: always NUL-terminate when n > 0 and return the length
     * the whole list needs, so that a caller can detect truncation.  Once a
     * word does not fit, later ones are not written either: a truncated list
     * is a prefix, never a list with a gap. */
    if (n > 0)
        buf[0] = '\0';
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++) {
        if ((classes & class_names[i].bit) == 0)
            continue;
        size_t wl = strlen(class_names[i].name);
        size_t nl = wl + (len > 0 ? 1 : 0);
        if (!full && len + nl < n) {
            char *p = buf + len;
            if (len > 0)
                *p++ = ' ';
            memcpy(p, class_names[i].name, wl + 1);
        } else
            full = 1;
        len += nl;
    }
    return len;
}

int otl_file_failed(const struct otl_file *f)
{
    return f->status != OTL_FILE_OK && f->status != OTL_FILE_PARTIAL &&
           f->status != OTL_FILE_SKIPPED && f->status != OTL_FILE_IGNORED &&
           f->status != OTL_FILE_NOSECURITY;
}

int otl_file_unchecked(const struct otl_file *f)
{
    return otl_file_failed(f) || f->status == OTL_FILE_PARTIAL || f->status == OTL_FILE_NOSECURITY;
}

int otl_file_ignored(const struct otl_file *f)
{
    return f->status == OTL_FILE_IGNORED;
}

void otl_file_ignore_text(const struct otl_file *f, char *buf, size_t n)
{
    const char *pat = f->ignore_pattern != NULL ? f->ignore_pattern : "";

    if (n == 0)
        return;
    switch ((enum otl_ignore_src)f->ignore_src) {
    case OTL_IGNORE_BUILTIN:
        if (f->ignore_pattern == NULL)
            snprintf(buf, n, "built-in rule: a symbolic link inside a directory is not followed");
        else
            snprintf(buf, n, "built-in list '%s'", pat);
        break;
    case OTL_IGNORE_EXCLUDE:
        snprintf(buf, n, "--exclude '%s'", pat);
        break;
    case OTL_IGNORE_OTLINTIGNORE:
        snprintf(buf, n, "%s:%lu '%s'", f->ignore_source != NULL ? f->ignore_source : ".otlintignore",
                 f->ignore_line, pat);
        break;
    case OTL_IGNORE_NONE:
    case OTL_IGNORE_SRC_COUNT:
    default:
        buf[0] = '\0';
        break;
    }
}

void otl_counts_add(struct otl_counts *c, const struct otl_file *f)
{
    c->files++;
    if (otl_file_failed(f))
        c->files_failed++;
    if (f->status == OTL_FILE_PARTIAL)
        c->files_partial++;
    if (f->status == OTL_FILE_UNRECOGNISED)
        c->files_unrecognised++;
    if (f->status == OTL_FILE_NOSECURITY)
        c->files_nosecurity++;
    if (f->status == OTL_FILE_IGNORED) {
        c->files_ignored++;
        if (f->ignore_src > 0 && f->ignore_src < OTL_IGNORE_SRC_COUNT)
            c->ignored_by[f->ignore_src]++;
    }
    for (size_t j = 0; j < f->nresults; j++)
        if ((unsigned)f->results[j].state < OTL_STATE_COUNT)
            c->states[f->results[j].state]++;
    /* A waived finding is counted as waived, not by severity: the
     * severity counts are what --fail-on looks at. */
    for (size_t j = 0; j < f->nfindings; j++) {
        const struct otl_finding *fi = &f->findings[j];
        if (fi->state == OTL_STATE_WAIVED)
            c->waived++;
        else if (fi->rule != NULL && (unsigned)fi->rule->severity < OTL_SEV_COUNT)
            c->findings_by_sev[fi->rule->severity]++;
    }
    for (size_t j = 0; j < f->ndiags; j++)
        if (f->diags[j].level == OTL_DIAG_ERROR)
            c->diag_errors++;
}

void otl_scan_count(const struct otl_scan *scan, struct otl_counts *out)
{
    memset(out, 0, sizeof *out);
    if (scan == NULL)
        return;
    if (scan->released) {
        *out = scan->tally;
        return;
    }
    for (size_t i = 0; i < scan->nfiles; i++)
        otl_counts_add(out, &scan->files[i]);
}

void otl_finding_clear(struct otl_finding *fd)
{
    free(fd->message);
    free(fd->evidence);
    free(fd->object);
    fd->message = fd->evidence = fd->object = NULL;
}

void otl_file_drop_findings(struct otl_file *f, size_t from)
{
    while (f->nfindings > from)
        otl_finding_clear(&f->findings[--f->nfindings]);
}

static void free_findings(struct otl_file *f)
{
    otl_file_drop_findings(f, 0);
    free(f->findings);
    f->findings = NULL;
    f->capfindings = 0;
}

static void free_results(struct otl_file *f)
{
    for (size_t i = 0; i < f->nresults; i++)
        free(f->results[i].reason);
    free(f->results);
    f->results = NULL;
    f->nresults = 0;
}

void otl_file_diag(struct otl_file *f, int level, unsigned long line, const char *fmt, ...)
{
    struct otl_diag *d;
    char buf[1024];
    va_list ap;

    if (f->ndiags > OTL_MAX_DIAGS_PER_FILE)
        return;
    if (f->ndiags == OTL_MAX_DIAGS_PER_FILE) {
        snprintf(buf, sizeof buf, "more than %d diagnostics; the rest are suppressed",
                 OTL_MAX_DIAGS_PER_FILE);
        level = OTL_DIAG_WARNING;
        line = 0;
    } else {
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
    }
    if (otl_grow(&f->diags, &f->capdiags, f->ndiags + 1, sizeof *f->diags, 4) != 0) {
        f->oom = 1; /* a lost diagnostic is not to go unnoticed */
        return;
    }
    d = &f->diags[f->ndiags];
    d->level = level;
    d->line = line;
    d->msg = strdup(buf);
    if (d->msg)
        f->ndiags++;
    else
        f->oom = 1;
}

void otl_file_out_of_memory(struct otl_file *f, const char *when)
{
    free_results(f);
    free_findings(f);
    otl_rollup_free(f->rollup);
    f->rollup = NULL;
    f->status = OTL_FILE_LIMIT;
    otl_file_diag(f, OTL_DIAG_ERROR, 0, "out of memory %s: the file was not checked", when);
}

void otl_file_release(struct otl_file *f)
{
    for (size_t i = 0; i < f->ndiags; i++)
        free(f->diags[i].msg);
    free(f->diags);
    f->diags = NULL;
    f->ndiags = f->capdiags = 0;
    free_results(f);
    free_findings(f);
    otl_rollup_shrink(f->rollup);
}

void otl_file_clear(struct otl_file *f)
{
    if (f == NULL)
        return;
    free(f->path);
    free(f->device);
    free(f->ignore_pattern);
    free(f->ignore_source);
    otl_file_release(f);
    otl_rollup_free(f->rollup);
    /* format and rules are borrowed (plugin, rule set): not ours to free.
     * Zeroing makes a second clear harmless. */
    memset(f, 0, sizeof *f);
    f->coverage = -1.0;
}

void otl_scan_free(struct otl_scan *scan)
{
    if (scan == NULL)
        return;
    for (size_t i = 0; i < scan->nfiles; i++)
        otl_file_clear(&scan->files[i]);
    free(scan->files);
    scan->files = NULL;
    scan->nfiles = 0;
    otl_rollup_free(scan->rollup);
    scan->rollup = NULL;
    /* rules, selected and profile belong to the rule set (engine). */
}

/*
 * Length of the well-formed UTF-8 sequence at s[0..n), or 0 if it is not
 * one; *bad is then the length of its maximal ill-formed prefix (at least 1)
 * which one U+FFFD replaces (Unicode 15, section 3.9, "maximal subpart").
 * Overlongs, surrogates and code points above U+10FFFF are ill-formed, as in
 * jansson's own check.
 */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */

    *bad = 1;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* > U+10FFFF */
    } else
        return 0; /* C0, C1, F5..FF, stray continuation */

    for (size_t i = 1; i < need; i++) {
        unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (i >= n || s[i] < l || s[i] > h) {
            *bad = i;
            return 0;
        }
    }
    return need;
}

char *otl_utf8_clean(const char *s)
{
    const unsigned char *in = (const unsigned char *)s;
    size_t n, cap, o = 0;
    char *out = NULL;

    if (s == NULL) {
        errno = EINVAL;
        goto done;
    }
    n = strlen(s);
    /* Worst case: every byte becomes the 3-byte U+FFFD. */
    if (n > (SIZE_MAX - 1) / 3) {
        errno = ENOMEM;
        goto done;
    }
    cap = n * 3 + 1;
    out = malloc(cap);
    if (out == NULL)
        goto done;
    for (size_t i = 0; i < n;) {
        size_t bad, len = utf8_seq(in + i, n - i, &bad);
        if (len > 0) {
            memcpy(out + o, in + i, len);
            o += len;
            i += len;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += bad;
        }
    }
    out[o] = '\0';
done:
    return out;
}

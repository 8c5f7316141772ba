/*
 * write-junit.c - JUnit XML for CI test dashboards.
 *
 * The mapping (docs/json-output.md has the JSON one):
 *   <testsuites>                       the run; counts and time are the sums
 *     <testsuite name="DEVICE (file)"> one per input file; time: the file's
 *                                      read, parse and evaluation
 *       <testcase classname=file name=RULE-ID>  one per rule result but
 *                                      notapplicable; time: the rule's evaluation
 *         pass            empty
 *         fail            <failure message type=severity> "line: message" per finding
 *         error           <error message=reason>
 *         notevaluable    <skipped message="state: reason">
 *         notapplicable   no testcase: one line in <system-out> and the
 *                         property otlint.notapplicable count them (a switch
 *                         is not dozens of skipped controller tests)
 *         waived          <skipped message="waived: REASON (owner O, until D)">:
 *                         accepted, so not a failure, but not a pass either
 *                         (a passed test would hide that a deviation exists)
 *       <testcase name="parse">  for a file that could not be read or
 *                                parsed, or was parsed only in part (status
 *                                partial): <error> with its diagnostics;
 *                                time: the file's time less its rules'
 * Dashboards trust the tests/failures/errors/skipped attributes more than
 * the elements, so they are computed with the same predicates (count_file)
 * that decide which element is written.
 *
 * XML 1.0 cannot carry every byte a config may hold, not even as a character
 * reference: xml_clean() turns ill-formed UTF-8 and U+FFFE/U+FFFF into
 * U+FFFD and the forbidden C0 controls (all but TAB/LF/CR) into '?' before
 * libxml2 escapes the rest.  Each testsuite is rendered in memory and kept
 * in a spill file until the end, when the root with the counts is written
 * around them: a failure leaves no half-written XML behind in `out` beyond
 * what fwrite managed.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "otlint.h"
#include "result.h"
#include "util.h"
#include "waiver.h"
#include "write-util.h"

struct counts {
    size_t tests, failures, errors, skipped;
    double seconds; /* the run's: the sum of the files' (junit_file) */
};

/* Files whose status means "not evaluated": they get the "parse" testcase. */
static int file_failed(const struct otl_file *f)
{
    return otl_file_failed(f);
}

/* Files that get a "parse" <error>: not evaluated, or only in part. */
static int parse_error_case(const struct otl_file *f)
{
    return file_failed(f) || f->status == OTL_FILE_PARTIAL;
}

static void count_file(const struct otl_file *f, struct counts *c)
{
    memset(c, 0, sizeof *c);
    if (parse_error_case(f)) {
        c->tests++;
        c->errors++;
    } else if (f->status == OTL_FILE_SKIPPED || otl_file_ignored(f)) {
        c->tests++;
        c->skipped++;
    } else if (f->status == OTL_FILE_NOSECURITY) {
        c->tests++;
        c->errors++;
    }
    for (size_t i = 0; i < f->nresults; i++) {
        if (f->results[i].state == OTL_STATE_NOTAPPLICABLE)
            continue; /* not a testcase (wnotapplicable) */
        c->tests++;
        switch (f->results[i].state) {
        case OTL_STATE_FAIL:
            c->failures++;
            break;
        case OTL_STATE_ERROR:
            c->errors++;
            break;
        case OTL_STATE_NOTEVALUABLE:
        case OTL_STATE_WAIVED:
            c->skipped++;
            break;
        case OTL_STATE_NOTAPPLICABLE:
        case OTL_STATE_PASS:
        case OTL_STATE_COUNT:
        default:
            break;
        }
    }
}

/* Copy of s fit for XML 1.0 character data; caller frees.  NULL: ENOMEM. */
static char *xml_clean(const char *s)
{
    char *c = otl_utf8_clean(s != NULL ? s : "");
    unsigned char *p;

    if (c == NULL)
        return NULL;
    /* U+FFFD is 3 bytes like U+FFFE/U+FFFF, but a C0 control is 1: the
     * result for those is '?' to stay in place (no reallocation). */
    for (p = (unsigned char *)c; *p != '\0'; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            *p = '?';
        else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            p[2] = 0xBD; /* U+FFFE/U+FFFF -> U+FFFD */
    }
    return c;
}

static int wattr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *v = xml_clean(value);
    int rc;

    if (v == NULL)
        return -1;
    rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v) < 0 ? -1 : 0;
    free(v);
    return rc;
}

static int wattr_size(xmlTextWriterPtr w, const char *name, size_t n)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%zu", n);
    return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST buf) < 0 ? -1 : 0;
}

static int wtext(xmlTextWriterPtr w, const char *s)
{
    char *v = xml_clean(s);
    int rc;

    if (v == NULL)
        return -1;
    rc = xmlTextWriterWriteString(w, BAD_CAST v) < 0 ? -1 : 0;
    free(v);
    return rc;
}

/* time="S": seconds with microseconds (JUnit's unit). */
static int wtime(xmlTextWriterPtr w, double seconds)
{
    char buf[48];

    snprintf(buf, sizeof buf, "%.6f", seconds > 0 ? seconds : 0.0);
    return xmlTextWriterWriteAttribute(w, BAD_CAST "time", BAD_CAST buf) < 0 ? -1 : 0;
}

static int wcounts(xmlTextWriterPtr w, const struct counts *c)
{
    if (wattr_size(w, "tests", c->tests) != 0 || wattr_size(w, "failures", c->failures) != 0 ||
        wattr_size(w, "errors", c->errors) != 0 || wattr_size(w, "skipped", c->skipped) != 0)
        return -1;
    return 0;
}

/* "line: message\n" (or "device: message" at line 0), plus evidence. */
static int wfinding(xmlTextWriterPtr w, const struct otl_finding *fi)
{
    char buf[32];

    if (fi->line > 0)
        snprintf(buf, sizeof buf, "%lu: ", fi->line);
    else
        snprintf(buf, sizeof buf, "device: ");
    if (wtext(w, buf) != 0 || wtext(w, fi->message) != 0)
        return -1;
    if (fi->state == OTL_STATE_WAIVED && wtext(w, " (waived)") != 0)
        return -1;
    if (fi->evidence != NULL && fi->evidence[0] != '\0' &&
        (wtext(w, "\n    ") != 0 || wtext(w, fi->evidence) != 0))
        return -1;
    return wtext(w, "\n");
}

static int wfindings_of(xmlTextWriterPtr w, const struct otl_file *f, const struct otl_rule *r)
{
    for (size_t i = 0; i < f->nfindings; i++)
        if (f->findings[i].rule == r && wfinding(w, &f->findings[i]) != 0)
            return -1;
    return 0;
}

static int wdiags(xmlTextWriterPtr w, const struct otl_file *f)
{
    char buf[48];

    for (size_t i = 0; i < f->ndiags; i++) {
        const struct otl_diag *d = &f->diags[i];
        if (d->line > 0)
            snprintf(buf, sizeof buf, "%lu: %s: ", d->line, otl_diag_level_name(d->level));
        else
            snprintf(buf, sizeof buf, "%s: ", otl_diag_level_name(d->level));
        if (wtext(w, buf) != 0 || wtext(w, d->msg) != 0 || wtext(w, "\n") != 0)
            return -1;
    }
    return 0;
}

/* The waiver of the first waived finding of `r`, and how many other
 * waivers accepted findings of it. */
static const struct otl_waiver *first_waiver(const struct otl_file *f, const struct otl_rule *r,
                                             size_t *others)
{
    const struct otl_waiver *first = NULL;

    *others = 0;
    for (size_t i = 0; i < f->nfindings; i++) {
        const struct otl_waiver *wv = f->findings[i].waiver;
        int seen = 0;
        if (f->findings[i].rule != r || wv == NULL)
            continue;
        if (first == NULL) {
            first = wv;
            continue;
        }
        /* Findings are few per rule: a quadratic look back is fine. */
        for (size_t j = 0; j < i && !seen; j++)
            seen = f->findings[j].rule == r && f->findings[j].waiver == wv;
        if (!seen)
            (*others)++;
    }
    return first;
}

/* <skipped message="waived: REASON (owner O, until D)"> with the findings:
 * accepted, so no failure, but not a pass that would hide the deviation. */
static int wwaived(xmlTextWriterPtr w, const struct otl_file *f, const struct otl_rule_result *rr)
{
    size_t others = 0;
    const struct otl_waiver *wv = first_waiver(f, rr->rule, &others);
    char more[64];

    if (xmlTextWriterStartElement(w, BAD_CAST "skipped") < 0 ||
        xmlTextWriterStartAttribute(w, BAD_CAST "message") < 0 || wtext(w, "waived") != 0)
        return -1;
    if (wv != NULL) {
        if (wtext(w, ": ") != 0 || wtext(w, wv->reason) != 0 || wtext(w, " (owner ") != 0 ||
            wtext(w, wv->owner) != 0 || wtext(w, ", until ") != 0 || wtext(w, wv->expires) != 0 ||
            wtext(w, ")") != 0)
            return -1;
        if (others > 0) {
            snprintf(more, sizeof more, "; and %zu other waiver%s", others, others == 1 ? "" : "s");
            if (wtext(w, more) != 0)
                return -1;
        }
    } else if (rr->reason != NULL && (wtext(w, ": ") != 0 || wtext(w, rr->reason) != 0))
        return -1;
    if (xmlTextWriterEndAttribute(w) < 0 || wfindings_of(w, f, rr->rule) != 0 ||
        xmlTextWriterEndElement(w) < 0)
        return -1;
    return 0;
}

static int wresult(xmlTextWriterPtr w, const struct otl_file *f, const struct otl_rule_result *rr)
{
    const struct otl_rule *r = rr->rule;
    const char *state = otl_state_name(rr->state);
    char count[48];

    if (rr->state == OTL_STATE_NOTAPPLICABLE)
        return 0; /* counted in <system-out> (wnotapplicable) */
    if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
        wattr(w, "classname", f->path) != 0 || wattr(w, "name", r != NULL ? r->id : "?") != 0 ||
        wtime(w, rr->seconds) != 0)
        return -1;
    switch (rr->state) {
    case OTL_STATE_FAIL:
        snprintf(count, sizeof count, " (%zu finding%s)", rr->nfindings,
                 rr->nfindings == 1 ? "" : "s");
        if (xmlTextWriterStartElement(w, BAD_CAST "failure") < 0 ||
            xmlTextWriterStartAttribute(w, BAD_CAST "message") < 0 ||
            wtext(w, r != NULL && r->title != NULL ? r->title : "rule failed") != 0 ||
            wtext(w, count) != 0 || xmlTextWriterEndAttribute(w) < 0 ||
            wattr(w, "type", otl_severity_name(r != NULL ? r->severity : OTL_SEV_INFO)) != 0 ||
            wfindings_of(w, f, r) != 0 || xmlTextWriterEndElement(w) < 0)
            return -1;
        break;
    case OTL_STATE_ERROR:
        if (xmlTextWriterStartElement(w, BAD_CAST "error") < 0 ||
            wattr(w, "message", rr->reason != NULL ? rr->reason : "rule error") != 0 ||
            wattr(w, "type", "rule-error") != 0 || xmlTextWriterEndElement(w) < 0)
            return -1;
        break;
    case OTL_STATE_NOTEVALUABLE:
        /* The attribute is written in pieces: the reason is config text. */
        if (xmlTextWriterStartElement(w, BAD_CAST "skipped") < 0 ||
            xmlTextWriterStartAttribute(w, BAD_CAST "message") < 0 || wtext(w, state) != 0 ||
            (rr->reason != NULL && (wtext(w, ": ") != 0 || wtext(w, rr->reason) != 0)) ||
            xmlTextWriterEndAttribute(w) < 0 || xmlTextWriterEndElement(w) < 0)
            return -1;
        break;
    case OTL_STATE_WAIVED:
        if (wwaived(w, f, rr) != 0)
            return -1;
        break;
    case OTL_STATE_NOTAPPLICABLE:
    case OTL_STATE_PASS:
    case OTL_STATE_COUNT:
    default:
        break;
    }
    return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

static size_t count_notapplicable(const struct otl_file *f)
{
    size_t n = 0;

    for (size_t i = 0; i < f->nresults; i++)
        n += f->results[i].state == OTL_STATE_NOTAPPLICABLE;
    return n;
}

/* <system-out>notapplicable: N rules (not testcases): ID ID ...</system-out>:
 * one line instead of a skipped testcase per rule for another device class. */
static int wnotapplicable(xmlTextWriterPtr w, const struct otl_file *f)
{
    size_t n = count_notapplicable(f);
    char buf[96];

    if (n == 0)
        return 0;
    snprintf(buf, sizeof buf, "notapplicable: %zu rule%s (not reported as testcases):", n,
             n == 1 ? "" : "s");
    if (xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0 || wtext(w, buf) != 0)
        return -1;
    for (size_t i = 0; i < f->nresults; i++) {
        const struct otl_rule *r = f->results[i].rule;
        if (f->results[i].state == OTL_STATE_NOTAPPLICABLE &&
            (wtext(w, " ") != 0 || wtext(w, r != NULL ? r->id : "?") != 0))
            return -1;
    }
    return wtext(w, "\n") != 0 || xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* The "parse" testcase's <error> message: the status, and for a file not
 * evaluated its first error, for a partial one what partial means. */
static int wparse_message(xmlTextWriterPtr w, const struct otl_file *f)
{
    const char *first = NULL;
    char cov[96];

    for (size_t i = 0; first == NULL && i < f->ndiags; i++)
        if (f->diags[i].level == OTL_DIAG_ERROR)
            first = f->diags[i].msg;
    if (xmlTextWriterStartAttribute(w, BAD_CAST "message") < 0 ||
        wtext(w, otl_file_status_name(f->status)) != 0)
        return -1;
    if (f->status == OTL_FILE_PARTIAL) {
        if (f->coverage >= 0)
            snprintf(cov, sizeof cov, " (parse coverage %.1f%%)", f->coverage * 100.0);
        else
            cov[0] = '\0';
        if (wtext(w, ": parsed only in part") != 0 || wtext(w, cov) != 0 ||
            wtext(w, "; the rules ran on what was read") != 0)
            return -1;
    } else if (first != NULL && (wtext(w, ": ") != 0 || wtext(w, first) != 0))
        return -1;
    return xmlTextWriterEndAttribute(w) < 0 ? -1 : 0;
}

/* <testcase name="parse"><error type=STATUS>: a file not evaluated, or only
 * in part; its time is the file's less its rules' (reading and parsing). */
static int wparse_error(xmlTextWriterPtr w, const struct otl_file *f, const char *path)
{
    double t = f->seconds;

    for (size_t i = 0; i < f->nresults; i++)
        t -= f->results[i].seconds;
    if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
        wattr(w, "classname", path) != 0 || wattr(w, "name", "parse") != 0 || wtime(w, t) != 0 ||
        xmlTextWriterStartElement(w, BAD_CAST "error") < 0 || wparse_message(w, f) != 0 ||
        wattr(w, "type", otl_file_status_name(f->status)) != 0 || wdiags(w, f) != 0 ||
        xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0)
        return -1;
    return 0;
}

static int wproperty(xmlTextWriterPtr w, const char *name, const char *value)
{
    if (xmlTextWriterStartElement(w, BAD_CAST "property") < 0 || wattr(w, "name", name) != 0 ||
        wattr(w, "value", value) != 0 || xmlTextWriterEndElement(w) < 0)
        return -1;
    return 0;
}

/* The testcase of a file's accounting (docs/file-accounting.md): an
 * ignored entry is a skipped "ignored" case naming the rule; a file with
 * no security settings is an "security-settings" error, never a pass. */
static int waccounting(xmlTextWriterPtr w, const struct otl_file *f, const char *path)
{
    const char *first = NULL;
    char rule[512];

    if (otl_file_ignored(f)) {
        otl_file_ignore_text(f, rule, sizeof rule);
        if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 || wattr(w, "classname", path) != 0 ||
            wattr(w, "name", "ignored") != 0 || wtime(w, 0.0) != 0 ||
            xmlTextWriterStartElement(w, BAD_CAST "skipped") < 0 ||
            xmlTextWriterStartAttribute(w, BAD_CAST "message") < 0 || wtext(w, "ignored by the ") != 0 ||
            wtext(w, rule) != 0 || xmlTextWriterEndAttribute(w) < 0 || xmlTextWriterEndElement(w) < 0 ||
            xmlTextWriterEndElement(w) < 0)
            return -1;
        return 0;
    }
    if (f->status != OTL_FILE_NOSECURITY)
        return 0;
    for (size_t i = 0; first == NULL && i < f->ndiags; i++)
        if (f->diags[i].level == OTL_DIAG_ERROR)
            first = f->diags[i].msg;
    if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 || wattr(w, "classname", path) != 0 ||
        wattr(w, "name", "security-settings") != 0 || wtime(w, f->seconds) != 0 ||
        xmlTextWriterStartElement(w, BAD_CAST "error") < 0 ||
        wattr(w, "message", first != NULL ? first : "no security settings in this export") != 0 ||
        wattr(w, "type", otl_file_status_name(f->status)) != 0 || wdiags(w, f) != 0 ||
        xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0)
        return -1;
    return 0;
}

static int wsuite(xmlTextWriterPtr w, const struct otl_scan *scan, const struct otl_file *f)
{
    struct counts c;
    const char *dev = f->device != NULL ? f->device : f->path;
    const char *path = f->path != NULL ? f->path : "";
    size_t dlen = strlen(dev != NULL ? dev : ""), plen = strlen(path);
    char *name = malloc(dlen + plen + 4);
    char cov[32];
    int rc = -1;

    if (name == NULL)
        goto done;
    /* "DEVICE (file)" */
    memcpy(name, dev != NULL ? dev : "", dlen);
    memcpy(name + dlen, " (", 2);
    memcpy(name + dlen + 2, path, plen);
    memcpy(name + dlen + 2 + plen, ")", 2);
    count_file(f, &c);
    if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0 || wattr(w, "name", name) != 0 ||
        wcounts(w, &c) != 0 || wtime(w, f->seconds) != 0)
        goto done;

    if (f->coverage >= 0)
        snprintf(cov, sizeof cov, "%.4f", f->coverage);
    else
        snprintf(cov, sizeof cov, "unknown");
    if (xmlTextWriterStartElement(w, BAD_CAST "properties") < 0 ||
        wproperty(w, "otlint.file", path) != 0 ||
        wproperty(w, "otlint.format", f->format != NULL ? f->format : "") != 0 ||
        wproperty(w, "otlint.status", otl_file_status_name(f->status)) != 0 ||
        wproperty(w, "otlint.parse_coverage", cov) != 0 ||
        wproperty(w, "otlint.profile", scan->profile != NULL ? scan->profile : "") != 0)
        goto done;
    snprintf(cov, sizeof cov, "%zu", count_notapplicable(f));
    if (wproperty(w, "otlint.notapplicable", cov) != 0 || xmlTextWriterEndElement(w) < 0)
        goto done;

    /* message: the status and the first error, the body: every diagnostic. */
    if (parse_error_case(f) && wparse_error(w, f, path) != 0)
        goto done;
    if (f->status == OTL_FILE_SKIPPED &&
        (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
         wattr(w, "classname", path) != 0 || wattr(w, "name", "parse") != 0 ||
         wtime(w, f->seconds) != 0 || xmlTextWriterStartElement(w, BAD_CAST "skipped") < 0 ||
         wattr(w, "message", "skipped: no format plugin recognised this file") != 0 ||
         xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0))
        goto done;
    if (waccounting(w, f, path) != 0)
        goto done;
    for (size_t i = 0; i < f->nresults; i++)
        if (wresult(w, f, &f->results[i]) != 0)
            goto done;
    if (wnotapplicable(w, f) != 0)
        goto done;
    /* Diagnostics of a file that was evaluated are not test cases, but a
     * reader of the dashboard should see them (a partial file's are in its
     * "parse" error, one without security settings in its own). */
    if (!parse_error_case(f) && f->status != OTL_FILE_NOSECURITY && !otl_file_ignored(f) && f->ndiags > 0 &&
        (xmlTextWriterStartElement(w, BAD_CAST "system-err") < 0 || wdiags(w, f) != 0 ||
         xmlTextWriterEndElement(w) < 0))
        goto done;
    if (xmlTextWriterEndElement(w) < 0)
        goto done;
    rc = 0;
done:
    free(name);
    return rc;
}

/* libxml2's writer reports some failures only on the generic error channel
 * (xmlListPushFront: "Cannot initialize memory for new link") and goes on
 * with a broken element stack (tests/oom/oom-scan): any message there while
 * writing spoils the report.  `ctx`: an int flag. */
static void generic_error(void *ctx, const char *msg, ...)
{
    (void)msg;
    *(int *)ctx = 1;
}

/* The root's counts need every file: each testsuite is rendered on its
 * own as it comes and goes to a spill file, and the root is written around
 * it at the end.  A testsuite is rendered inside a stand-in root element,
 * so that libxml2 indents it exactly as it would inside the real one; the
 * stand-in's start tag is cut off. */
struct jstate {
    struct otl_spilled b; /* the spill holds the testsuites */
    struct counts total;
};

static const char stand_in[] = "<testsuites>\n";

/* One testsuite into `buf` after the stand-in's start tag, with libxml2's
 * generic error channel caught (generic_error).  0, or -1. */
static int render_suite(const struct otl_scan *scan, const struct otl_file *f, xmlBufferPtr buf)
{
    xmlTextWriterPtr w;
    int complained = 0, rc = -1;
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;

    xmlSetGenericErrorFunc(&complained, generic_error);
    /* The writer drops text it could not escape and goes on: only the
     * last error tells (util.h). */
    otl_xml_oom_clear();
    w = xmlNewTextWriterMemory(buf, 0);
    if (w == NULL)
        goto done;
    if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0 || wsuite(w, scan, f) != 0 ||
        xmlTextWriterFlush(w) < 0)
        goto done;
    rc = 0;
done:
    /* Flushes the writer into buf; the writer must go before buf. */
    if (w != NULL)
        xmlFreeTextWriter(w);
    if (otl_xml_oom_seen() || complained)
        rc = -1;
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    return rc;
}

static int junit_begin(void **st, FILE *out, const struct otl_scan *scan, int color, int quiet)
{
    (void)color;
    (void)quiet;
    *st = otl_spilled_new(sizeof(struct jstate), out, scan);
    return *st != NULL ? 0 : -1;
}

static int junit_file(void *st, const struct otl_file *f)
{
    struct jstate *j = st;
    xmlBufferPtr buf = xmlBufferCreate();
    struct counts c;
    int rc = -1;

    errno = ENOMEM; /* libxml2 reports no errno; memory is its only failure here */
    if (buf == NULL || render_suite(j->b.scan, f, buf) != 0)
        goto done;
    {
        const char *text = (const char *)xmlBufferContent(buf);
        size_t len = (size_t)xmlBufferLength(buf), skip = sizeof stand_in - 1;
        /* The suite has ended; the stand-in root has not. */
        if (len < skip || memcmp(text, stand_in, skip) != 0) {
            errno = EIO;
            goto done;
        }
        errno = 0;
        if (fwrite(text + skip, 1, len - skip, j->b.spill.tmp) != len - skip) {
            if (errno == 0)
                errno = EIO;
            goto done;
        }
    }
    j->b.spill.n++;
    count_file(f, &c);
    j->total.tests += c.tests;
    j->total.failures += c.failures;
    j->total.errors += c.errors;
    j->total.skipped += c.skipped;
    j->total.seconds += f->seconds;
    rc = 0;
done:
    if (buf != NULL)
        xmlBufferFree(buf);
    return rc;
}

static void junit_discard(void *st)
{
    struct jstate *j = st;

    otl_spill_close(&j->b.spill);
    free(j);
}

static int junit_end(void *st)
{
    struct jstate *j = st;
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = NULL;
    int err = ENOMEM; /* libxml2 reports no errno; memory is its only failure here */
    int rc = -1, complained = 0;
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    size_t len;
    const char *text;

    xmlSetGenericErrorFunc(&complained, generic_error);
    if (buf == NULL)
        goto done;
    otl_xml_oom_clear();
    w = xmlNewTextWriterMemory(buf, 0);
    if (w == NULL)
        goto done;
    if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0 ||
        wattr(w, "name", PACKAGE_NAME) != 0 || wcounts(w, &j->total) != 0 ||
        wtime(w, j->total.seconds) != 0)
        goto done;
    /* With suites: a stand-in child closes the start tag and is cut off
     * again ("  <x"); the suites and the end tag follow. */
    if (j->b.spill.n > 0 ? xmlTextWriterStartElement(w, BAD_CAST "x") < 0 || xmlTextWriterFlush(w) < 0
                        : xmlTextWriterEndDocument(w) < 0)
        goto done;
    xmlFreeTextWriter(w);
    w = NULL;
    if (otl_xml_oom_seen() || complained)
        goto done;
    text = (const char *)xmlBufferContent(buf);
    len = (size_t)xmlBufferLength(buf);
    if (j->b.spill.n > 0) {
        if (len < 4 || memcmp(text + len - 4, "  <x", 4) != 0) {
            err = EIO;
            goto done;
        }
        len -= 4;
    }
    errno = 0;
    if (fwrite(text, 1, len, j->b.out) != len ||
        (j->b.spill.n > 0 &&
         (otl_spill_copy(j->b.out, &j->b.spill) != 0 || fputs("</testsuites>\n", j->b.out) == EOF)) ||
        fflush(j->b.out) != 0) {
        err = errno != 0 ? errno : EIO;
        goto done;
    }
    rc = 0;
done:
    if (w != NULL)
        xmlFreeTextWriter(w);
    if (buf != NULL)
        xmlBufferFree(buf);
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    junit_discard(j);
    if (rc != 0)
        errno = err;
    return rc;
}

const struct otl_writer otl_writer_junit = {junit_begin, junit_file, junit_end, junit_discard};

int otl_write_junit(FILE *out, const struct otl_scan *scan)
{
    return otl_write_whole(&otl_writer_junit, out, scan, 0, 0);
}

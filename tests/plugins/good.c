/*
 * good.c - a minimal, well-formed format plugin for the loader and engine
 * tests ("test-good").  Format, one statement per line:
 *
 *   TESTCFG                          first line, required (sniff)
 *   fact NAME [attr=value ...]       a fact element under <facts>
 *   default NAME [attr=value ...]    the same, made from no statement (line 0)
 *   child NAME [attr=value ...]      a child element NAME of the last fact, at
 *                                    this line (fw-rule's source, member ...)
 *   set attr=value ... [-- TEXT...]  attributes of the last fact, set by this
 *                                    line (their otl_attr_line); with TEXT, a
 *                                    raw statement at that line as well
 *   raw TEXT...                      a <stmt text="TEXT"> under <raw> (or a
 *                                    record, when the host takes them)
 *   stmt NAME TEXT...                fact NAME and raw TEXT at the same line,
 *                                    as a text plugin makes them
 *   error MESSAGE                    an error diagnostic at that line
 *   fail                             parse returns OTL_PARSE_FAILED
 *
 * Values cannot contain spaces; in `fact` and `child` values "%20" stands
 * for one.
 */
#include <stdlib.h>
#include <string.h>
#include "otlint.h"

/* "%20" -> ' ' in place. */
static void unspace(char *v)
{
    char *o = v;

    for (; *v; v++, o++) {
        if (v[0] == '%' && v[1] == '2' && v[2] == '0') {
            *o = ' ';
            v += 2;
        } else
            *o = *v;
    }
    *o = '\0';
}

static int sniff(const struct otl_input *in)
{
    return in->len >= 7 && memcmp(in->data, "TESTCFG", 7) == 0 ? 90 : 0;
}

/* A raw statement: a record, or a <stmt text=...> element.  0, -1 OOM. */
static int raw_text(const struct otl_host *host, struct otl_parse_ctx *ctx, struct otl_devdoc *dd,
                    int recs, unsigned long line, const char *text)
{
    xmlNodePtr n;

    if (recs)
        return host->raw_stmt(ctx, 0, line, text, strlen(text), 0) != 0 ? -1 : 0;
    n = xmlNewChild(dd->raw, NULL, (const xmlChar *)"stmt", NULL);
    otl_node_set_line(n, line);
    xmlSetProp(n, (const xmlChar *)"text", (const xmlChar *)text);
    return 0;
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    const char *p = (const char *)in->data, *end = p + in->len;
    unsigned long line = 0;
    enum otl_parse_status st = OTL_PARSE_OK;
    int recs = host->abi_minor >= 1 && host->raw_stmt != NULL;
    xmlNodePtr last = NULL;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char buf[1024], *save = NULL, *w;
        line++;
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        p = nl ? nl + 1 : end;
        w = strtok_r(buf, " ", &save);
        if (w == NULL)
            continue;
        if ((strcmp(w, "fact") == 0 || strcmp(w, "default") == 0) &&
            (w = strtok_r(NULL, " ", &save)) != NULL) {
            xmlNodePtr n = xmlNewChild(dd->facts, NULL, (const xmlChar *)w, NULL);
            otl_node_set_line(n, buf[0] == 'f' ? line : 0);
            last = n;
            while ((w = strtok_r(NULL, " ", &save)) != NULL) {
                char *eq = strchr(w, '=');
                if (eq) {
                    *eq = '\0';
                    unspace(eq + 1);
                    xmlSetProp(n, (const xmlChar *)w, (const xmlChar *)(eq + 1));
                }
            }
        } else if (strcmp(w, "child") == 0 && last != NULL &&
                   (w = strtok_r(NULL, " ", &save)) != NULL) {
            xmlNodePtr n = xmlNewChild(last, NULL, (const xmlChar *)w, NULL);
            otl_node_set_line(n, line);
            while ((w = strtok_r(NULL, " ", &save)) != NULL) {
                char *eq = strchr(w, '=');
                if (eq) {
                    *eq = '\0';
                    unspace(eq + 1);
                    xmlSetProp(n, (const xmlChar *)w, (const xmlChar *)(eq + 1));
                }
            }
        } else if (strcmp(w, "set") == 0 && last != NULL) {
            while ((w = strtok_r(NULL, " ", &save)) != NULL) {
                char *eq = strchr(w, '=');
                xmlAttrPtr a;
                if (strcmp(w, "--") == 0) {
                    if (raw_text(host, ctx, dd, recs, line, save ? save : "") != 0)
                        return OTL_PARSE_NOMEM;
                    break;
                }
                if (eq) {
                    *eq = '\0';
                    a = xmlSetProp(last, (const xmlChar *)w, (const xmlChar *)(eq + 1));
                    if (a != NULL)
                        otl_attr_set_line(a, line);
                }
            }
        } else if (strcmp(w, "raw") == 0 ||
                   (strcmp(w, "stmt") == 0 && (w = strtok_r(NULL, " ", &save)) != NULL)) {
            const char *text = save ? save : "";
            if (w != buf) {
                xmlNodePtr f = xmlNewChild(dd->facts, NULL, (const xmlChar *)w, NULL);
                otl_node_set_line(f, line);
                last = f;
            }
            if (raw_text(host, ctx, dd, recs, line, text) != 0)
                return OTL_PARSE_NOMEM;
        } else if (strcmp(w, "error") == 0) {
            host->diag(ctx, OTL_DIAG_ERROR, line, "%s", save ? save : "error");
            st = OTL_PARSE_PARTIAL;
        } else if (strcmp(w, "fail") == 0) {
            host->diag(ctx, OTL_DIAG_ERROR, line, "asked to fail");
            return OTL_PARSE_FAILED;
        }
    }
    return st;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_format), "test-good",
    "test plugin: line-oriented facts", OTL_CLASS_SWITCH | OTL_CLASS_ROUTER, sniff, parse, {NULL}};

/*
 * write-matrix.c - the compliance matrix of `otlint requirements`:
 * requirement x device with status (docs/requirements.md, "Compliance
 * matrix").
 *
 * Rows are the scan roll-up's requirements (catalog order), columns the
 * files that have a roll-up (discovery order).  A device's cell is its status
 * for the row's requirement, or "not in scope" when its roll-up does not hold
 * that requirement (an EDR row for a switch, an SL 3 row at SL-T 2).
 *
 * Three renderings: text for a terminal, JSON (docs/otlint-matrix.schema.json,
 * versioned on its own) and CSV for spreadsheets.  Device names and paths
 * come from configurations: text escapes them like write-text.c, JSON cleans
 * the UTF-8, CSV cleans the UTF-8, quotes per RFC 4180 and defuses formula
 * injection.
 */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog.h"
#include "otlint.h"
#include "result.h"
#include "write-util.h"

#define MATRIX_SCHEMA_VERSION "1.0"
#define ASSESSMENT_BASIS "configuration evidence only"
#define NOT_IN_SCOPE "not in scope"
#define TEXT_WIDTH 80     /* a row fits a terminal unless devices are many */
#define TITLE_MIN 16      /* a title keeps at least this much */

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"

/* ------------------------------------------------------------ model */

/* Columns: indexes of the files with a roll-up, in discovery order. */
struct columns {
    size_t *file; /* index into scan->files */
    size_t *hint; /* per column: where the last lookup hit, to start the next */
    size_t n;
};

static void columns_free(struct columns *c)
{
    free(c->file);
    free(c->hint);
    memset(c, 0, sizeof *c);
}

static int columns_init(struct columns *c, const struct otl_scan *scan)
{
    memset(c, 0, sizeof *c);
    /* One spare slot: calloc(0) may return NULL, which is no error here. */
    c->file = calloc(scan->nfiles + 1, sizeof *c->file);
    c->hint = calloc(scan->nfiles + 1, sizeof *c->hint);
    if (c->file == NULL || c->hint == NULL) {
        columns_free(c);
        return -1;
    }
    for (size_t i = 0; i < scan->nfiles; i++)
        if (scan->files[i].rollup != NULL)
            c->file[c->n++] = i;
    return 0;
}

/*
 * The status of column `col` for requirement `q`, or NULL when not in
 * scope.  Rows and a device's requirements are both in catalog order, so
 * the search starts where the last one hit and usually succeeds at once;
 * a miss costs one pass over the device's requirements.
 */
static const struct otl_req_result *cell(const struct otl_scan *scan, struct columns *c,
                                         size_t col, const struct otl_req *q)
{
    const struct otl_rollup *ru = scan->files[c->file[col]].rollup;
    size_t n = ru->nreqs, start = c->hint[col] < n ? c->hint[col] : 0;

    for (size_t k = 0; k < n; k++) {
        size_t i = (start + k) % n;
        if (ru->reqs[i].req == q) {
            c->hint[col] = i + 1;
            return &ru->reqs[i];
        }
    }
    return NULL;
}

static size_t nrows(const struct otl_scan *scan)
{
    return scan->rollup != NULL ? scan->rollup->nreqs : 0;
}

/* Does rule `r` reference requirement `q`?  By catalog entry when the
 * loader resolved it, else by standard and id. */
static int rule_references(const struct otl_rule *r, const struct otl_req *q)
{
    for (size_t i = 0; i < r->nrefs; i++) {
        const struct otl_ref *ref = &r->refs[i];
        if (ref->req == q)
            return 1;
        if (ref->req == NULL && ref->standard != NULL && ref->id != NULL &&
            q->standard != NULL && q->id != NULL && strcmp(ref->standard, q->standard) == 0 &&
            strcmp(ref->id, q->id) == 0)
            return 1;
    }
    return 0;
}

static const char *dev_name(const struct otl_file *f)
{
    return f->device != NULL ? f->device : (f->path != NULL ? f->path : "-");
}

/* ------------------------------------------------------------ text */

/* Indexed by enum otl_req_status. */
static const char status_symbol[OTL_REQ_STATUS_COUNT] = {'+', 'X', '?', 'W', '.', '~'};
static const char *const status_color[OTL_REQ_STATUS_COUNT] = {
    "\033[32m", "\033[31m", "\033[33m", "\033[36m", "", "",
};



/* At most `width` code points of untrusted text, '~' marking a cut; padded
 * to `width` when `pad`. */
static int put_column(FILE *out, const char *s, size_t width, int pad)
{
    char *safe = otl_text_safe(s);
    size_t cps = 0, i;

    if (safe == NULL)
        return -1;
    for (i = 0; safe[i] != '\0'; i++)
        cps += ((unsigned char)safe[i] & 0xC0) != 0x80;
    if (cps > width) {
        size_t keep = width > 0 ? width - 1 : 0, seen = 0;
        for (i = 0; safe[i] != '\0'; i++)
            if (((unsigned char)safe[i] & 0xC0) != 0x80 && seen++ == keep)
                break;
        fwrite(safe, 1, i, out);
        if (width > 0)
            fputc('~', out);
        cps = width;
    } else
        fputs(safe, out);
    for (; pad && cps < width; cps++)
        fputc(' ', out);
    free(safe);
    return 0;
}

static size_t digits(size_t n)
{
    size_t d = 1;

    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* Column widths of the text rows. */
struct layout {
    size_t id;    /* longest requirement id */
    size_t cell;  /* one device column: digits of the device count */
    size_t title; /* what is left of the line for the title */
};

#define STATUS_WIDTH 13 /* "notassessable" */

static void layout_init(struct layout *l, const struct otl_scan *scan, size_t ncols)
{
    size_t used;

    l->id = 2;
    for (size_t i = 0; i < nrows(scan); i++) {
        const struct otl_req *q = scan->rollup->reqs[i].req;
        size_t len = q != NULL && q->id != NULL ? strlen(q->id) : 0;
        if (len > l->id)
            l->id = len;
    }
    l->cell = digits(ncols);
    /* "ID  SL  overall  c1 c2 ...  title" */
    used = l->id + 2 + 2 + 2 + STATUS_WIDTH + 2 + ncols * (l->cell + 1) + 1;
    l->title = used + TITLE_MIN < TEXT_WIDTH ? TEXT_WIDTH - used : TITLE_MIN;
}

static int put_matrix_header(FILE *out, const struct otl_scan *scan, const struct columns *c,
                             int color)
{
    if (color)
        fputs(ANSI_BOLD, out);
    fputs("otlint compliance matrix (configuration evidence only)", out);
    if (color)
        fputs(ANSI_RESET, out);
    fputs("\nprofile: ", out);
    if (otl_text_put(out, scan->profile != NULL ? scan->profile : "-") != 0)
        return -1;
    if (scan->target_sl > 0)
        fprintf(out, "  SL-T: %d\n", scan->target_sl);
    else
        fputs("  SL-T: none\n", out);
    fprintf(out, "devices: %zu\n", c->n);
    for (size_t k = 0; k < c->n; k++) {
        const struct otl_file *f = &scan->files[c->file[k]];
        fprintf(out, "  [%zu] ", k + 1);
        if (otl_text_put(out, dev_name(f)) != 0)
            return -1;
        fputs(" (", out);
        if (otl_text_put(out, f->path != NULL ? f->path : "-") != 0)
            return -1;
        fputs(")\n", out);
    }
    return 0;
}

/* The column head of a standard's block: "ID  SL  overall  1 2 3  title". */
static int put_block_header(FILE *out, const char *standard, const struct layout *l,
                            size_t ncols, int color)
{
    fputc('\n', out);
    if (color)
        fputs(ANSI_BOLD, out);
    if (otl_text_put(out, standard) != 0)
        return -1;
    if (color)
        fputs(ANSI_RESET, out);
    fprintf(out, "\n%-*s  SL  %-*s ", (int)l->id, "ID", STATUS_WIDTH, "overall");
    for (size_t k = 0; k < ncols; k++)
        fprintf(out, " %*zu", (int)l->cell, k + 1);
    fputs("  title\n", out);
    return 0;
}

static int put_row(FILE *out, const struct otl_scan *scan, struct columns *c,
                   const struct otl_req_result *row, const struct layout *l, int color)
{
    const struct otl_req *q = row->req;
    char sl[16];

    if (q->sl > 0)
        snprintf(sl, sizeof sl, "%d", q->sl);
    else
        snprintf(sl, sizeof sl, "-");
    if (put_column(out, q->id, l->id, 1) != 0)
        return -1;
    fprintf(out, "  %2s  %-*s ", sl, STATUS_WIDTH, otl_req_status_name(row->status));
    for (size_t k = 0; k < c->n; k++) {
        const struct otl_req_result *rr = cell(scan, c, k, q);
        int st = rr != NULL ? (int)rr->status : -1;
        int known = st >= 0 && st < OTL_REQ_STATUS_COUNT;
        int paint = color && known && status_color[st][0] != '\0';

        fprintf(out, " %*s", (int)l->cell - 1, "");
        if (paint)
            fputs(status_color[st], out);
        fputc(rr == NULL ? ' ' : known ? status_symbol[st] : '!', out);
        if (paint)
            fputs(ANSI_RESET, out);
    }
    if (q->title != NULL && q->title[0] != '\0') {
        fputs("  ", out);
        if (put_column(out, q->title, l->title, 0) != 0)
            return -1;
    }
    fputc('\n', out);
    return 0;
}

static void put_legend(FILE *out, const struct otl_scan *scan)
{
    size_t count[OTL_REQ_STATUS_COUNT] = {0}, n = nrows(scan);

    fputs("\n+ satisfied  X not satisfied  ? not evaluable  W waived\n"
          ". not assessable from configuration  ~ not applicable  (blank) not in scope\n",
          out);
    for (size_t i = 0; i < n; i++) {
        unsigned st = (unsigned)scan->rollup->reqs[i].status;
        if (st < OTL_REQ_STATUS_COUNT)
            count[st]++;
    }
    fprintf(out, "%zu requirement%s:", n, n == 1 ? "" : "s");
    for (int s = 0; s < OTL_REQ_STATUS_COUNT; s++)
        fprintf(out, " %s %zu%s", otl_req_status_name((enum otl_req_status)s), count[s],
                s + 1 < OTL_REQ_STATUS_COUNT ? "," : "\n");
}

int otl_write_matrix_text(FILE *out, const struct otl_scan *scan, int color)
{
    struct columns c;
    struct layout l;
    const char *standard = NULL;
    int rc = -1;

    if (columns_init(&c, scan) != 0)
        return -1;
    layout_init(&l, scan, c.n);
    if (put_matrix_header(out, scan, &c, color) != 0)
        goto done;
    for (size_t i = 0; i < nrows(scan); i++) {
        const struct otl_req_result *row = &scan->rollup->reqs[i];
        const char *std;
        if (row->req == NULL)
            continue;
        std = row->req->standard != NULL ? row->req->standard : "";
        if ((standard == NULL || strcmp(standard, std) != 0) &&
            put_block_header(out, std, &l, c.n, color) != 0)
            goto done;
        standard = std;
        if (put_row(out, scan, &c, row, &l, color) != 0)
            goto done;
    }
    put_legend(out, scan);
    if (otl_flush(out) != 0)
        goto done;
    rc = 0;
done:
    columns_free(&c);
    return rc;
}

/* ------------------------------------------------------------ JSON */


static json_t *jlevel(int v)
{
    return v > 0 ? json_integer(v) : json_null();
}

static json_t *jdevices(const struct otl_scan *scan, const struct columns *c)
{
    json_t *a = json_array();

    for (size_t k = 0; a != NULL && k < c->n; k++) {
        const struct otl_file *f = &scan->files[c->file[k]];
        json_t *o = json_object();
        if (json_array_append_new(a, o) != 0 ||
            json_object_set_new(o, "device", otl_jstr(f->device)) != 0 ||
            json_object_set_new(o, "path", otl_jstr(f->path)) != 0 ||
            json_object_set_new(o, "format", otl_jstr(f->format)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* One status per device column, null when not in scope. */
static json_t *jcells(const struct otl_scan *scan, struct columns *c, const struct otl_req *q)
{
    json_t *a = json_array();

    for (size_t k = 0; a != NULL && k < c->n; k++) {
        const struct otl_req_result *rr = cell(scan, c, k, q);
        if (json_array_append_new(a, rr != NULL ? json_string(otl_req_status_name(rr->status))
                                                : json_null()) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* Ids of the selected rules that reference `q` (whether or not they ran). */
static json_t *jrules(const struct otl_scan *scan, const struct otl_req *q)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < scan->nselected; i++)
        if (rule_references(scan->selected[i], q) &&
            json_array_append_new(a, otl_jstr(scan->selected[i]->id)) != 0) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

static json_t *jrow(const struct otl_scan *scan, struct columns *c,
                    const struct otl_req_result *row)
{
    const struct otl_req *q = row->req;
    json_t *o = json_object();

    if (o == NULL || json_object_set_new(o, "standard", otl_jstr(q->standard)) != 0 ||
        json_object_set_new(o, "id", otl_jstr(q->id)) != 0 ||
        json_object_set_new(o, "title", otl_jstr(q->title)) != 0 ||
        json_object_set_new(o, "sl", jlevel(q->sl)) != 0 ||
        json_object_set_new(o, "fr", jlevel(q->fr)) != 0 ||
        json_object_set_new(o, "status", json_string(otl_req_status_name(row->status))) != 0 ||
        json_object_set_new(o, "devices", jcells(scan, c, q)) != 0 ||
        json_object_set_new(o, "rules", jrules(scan, q)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int otl_write_matrix_json(FILE *out, const struct otl_scan *scan)
{
    json_t *root = json_object(), *tool = NULL, *reqs;
    struct columns c;
    int err = ENOMEM; /* what a failure until the dump means */
    int rc = -1;

    if (columns_init(&c, scan) != 0) {
        json_decref(root);
        errno = ENOMEM;
        return -1;
    }
    /* Each container is attached before it is filled: root owns it. */
    tool = json_object();
    if (root == NULL ||
        json_object_set_new(root, "schema_version", json_string(MATRIX_SCHEMA_VERSION)) != 0) {
        json_decref(tool); /* not attached yet: nobody else will */
        goto done;
    }
    if (json_object_set_new(root, "tool", tool) != 0 ||
        json_object_set_new(tool, "name", json_string(PACKAGE_NAME)) != 0 ||
        json_object_set_new(tool, "version", json_string(PACKAGE_VERSION)) != 0 ||
        json_object_set_new(root, "profile", otl_jstr(scan->profile)) != 0 ||
        json_object_set_new(root, "target_sl", jlevel(scan->target_sl)) != 0 ||
        json_object_set_new(root, "assessment_basis", json_string(ASSESSMENT_BASIS)) != 0 ||
        json_object_set_new(root, "devices", jdevices(scan, &c)) != 0)
        goto done;
    reqs = json_array();
    if (json_object_set_new(root, "requirements", reqs) != 0)
        goto done;
    for (size_t i = 0; i < nrows(scan); i++) {
        const struct otl_req_result *row = &scan->rollup->reqs[i];
        if (row->req != NULL && json_array_append_new(reqs, jrow(scan, &c, row)) != 0)
            goto done;
    }
    if (otl_json_dump(out, root, 0) != 0) {
        err = errno;
        goto done;
    }
    rc = 0;
done:
    columns_free(&c);
    json_decref(root);
    if (rc != 0)
        errno = err;
    return rc;
}

/* ------------------------------------------------------------ CSV */

/*
 * One RFC 4180 field.  `untrusted` (text from a configuration): a leading
 * = + - @ TAB or CR would make a spreadsheet evaluate the cell as a formula,
 * so it gets a leading apostrophe.  Quoted when it holds a comma, quote, CR
 * or LF; quotes doubled.  Returns 0 or -1 (ENOMEM).
 */
static int csv_field(FILE *out, const char *s, int untrusted, int last)
{
    char *clean = otl_utf8_clean(s != NULL ? s : "");
    int quote;

    if (clean == NULL)
        return -1;
    quote = strpbrk(clean, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (untrusted && clean[0] != '\0' && strchr("=+-@\t\r", clean[0]) != NULL)
        fputc('\'', out);
    for (const char *p = clean; *p != '\0'; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    if (quote)
        fputc('"', out);
    fputs(last ? "\r\n" : ",", out);
    free(clean);
    return 0;
}

static int csv_level(FILE *out, int v)
{
    char buf[16] = "";

    if (v > 0)
        snprintf(buf, sizeof buf, "%d", v);
    return csv_field(out, buf, 0, 0);
}

int otl_write_matrix_csv(FILE *out, const struct otl_scan *scan)
{
    static const char *const head[] = {"standard", "id", "title", "sl", "fr", "status"};
    struct columns c;
    int rc = -1;

    if (columns_init(&c, scan) != 0)
        return -1;
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        if (csv_field(out, head[i], 0, c.n == 0 && i + 1 == sizeof head / sizeof *head) != 0)
            goto done;
    for (size_t k = 0; k < c.n; k++)
        if (csv_field(out, dev_name(&scan->files[c.file[k]]), 1, k + 1 == c.n) != 0)
            goto done;
    for (size_t i = 0; i < nrows(scan); i++) {
        const struct otl_req_result *row = &scan->rollup->reqs[i];
        const struct otl_req *q = row->req;
        if (q == NULL)
            continue;
        if (csv_field(out, q->standard, 0, 0) != 0 || csv_field(out, q->id, 0, 0) != 0 ||
            csv_field(out, q->title, 0, 0) != 0 || csv_level(out, q->sl) != 0 ||
            csv_level(out, q->fr) != 0 ||
            csv_field(out, otl_req_status_name(row->status), 0, c.n == 0) != 0)
            goto done;
        for (size_t k = 0; k < c.n; k++) {
            const struct otl_req_result *rr = cell(scan, &c, k, q);
            if (csv_field(out, rr != NULL ? otl_req_status_name(rr->status) : NOT_IN_SCOPE, 0,
                          k + 1 == c.n) != 0)
                goto done;
        }
    }
    if (otl_flush(out) != 0)
        goto done;
    rc = 0;
done:
    columns_free(&c);
    return rc;
}

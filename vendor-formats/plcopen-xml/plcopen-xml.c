/*
 * plcopen-xml.c - format plugin for PLCopen TC6 XML projects (the IEC 61131-3
 * exchange format) and for Beremiz confnode files.
 *
 * Inputs:
 *  - TC6 XML: root <project> in the namespace http://www.plcopen.org/xml/tc6_0201
 *    (TC6 v2.01), .../tc6_0200 (v2.0) or .../tc6.xsd (v1.x), written by
 *    Beremiz, OpenPLC Editor, CODESYS V3 and the tools built on it (TwinCAT 3,
 *    Automation Builder, Machine Expert ...).
 *  - Beremiz confnode.xml / baseconfnode.xml: a Beremiz project directory keeps
 *    one small XML file per node of its configuration tree; the root element
 *    is the one the node's XSD string declares in Beremiz's source
 *    (modbus/modbus.py, bacnet/bacnet.py, ConfigTreeNode.py).
 *
 * TC6 grammar (tc6_xml_v201.xsd): project = fileHeader, contentHeader, types
 * (dataTypes, pous), instances (configurations), addData?.  A pou has
 * interface?, actions?, transitions?, body* (v2.0: body?), and a body holds
 * exactly one of IL, ST, FBD, LD, SFC.  A configuration holds resource*,
 * globalVars*, accessVars?, configVars?; a resource holds task*, globalVars*,
 * pouInstance*.  task: name and priority required, interval or single
 * optional.  addData/data[@name] (a URI) carries tool-specific data.
 *
 * CODESYS V3 exports (checked on a real CODESYS V3.5 SP21 export): the
 * application's POUs sit in resource/addData/data[@name=".../plcopenxml/pou"],
 * an application exported without its device in
 * project/addData/data[".../plcopenxml/application"]/resource, the device in
 * configuration/addData/data[@name="Device"] and its sub-devices in nested
 * data[@name="configurations"]/configurations/configuration; the task kind in
 * task/addData/data[".../plcopenxml/tasksettings"]/TaskSettings/@KindOfTask.
 *
 * The file is read once, as SAX events (host->xml_sax): no tree of the
 * input is ever built.  What a fact needs from further down (a POU's body
 * languages, a task's CODESYS TaskSettings, a configuration's CODESYS
 * device) is completed when its element ends; see
 * docs/formats/plcopen-xml.md, "Parsing model".
 *
 * PLCopen carries no external-access flags for variables (no HMI/OPC UA
 * access attribute exists in TC6), so no tag-group or tag facts are written:
 * any writable count would be invented.  See docs/formats/plcopen-xml.md.
 */
#include "otlint-plugin.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIFF_BYTES 8192
#define TC6_NS "http://www.plcopen.org/xml/tc6"
#define CDS_URI "http://www.3s-software.com/plcopenxml/"
#define MAX_UNREC_LINES 8
#define DEPTH_FALLBACK 256

/* How the children of an element are read. */
enum mode {
    M_TC6,    /* TC6 elements: counted, facts */
    M_RAW,    /* kept in the raw skeleton only (types, vendor data) */
    M_OPAQUE  /* children dropped: code bodies, values, free text */
};

/* A configuration of the TC6 instances or of a CODESYS device tree.  Whether
 * it carries a CODESYS device description (configuration/addData/
 * data[@name="Device"]) is known only when its addData has been read, after
 * its resources: its controller or module fact is made where it starts (the
 * facts keep document order) and completed, or taken back, when the
 * outermost configuration ends (struct st, pend). */
struct pend {
    struct pend *next;
    xmlNodePtr fact;       /* controller/module fact, NULL: blank name */
    char *name;            /* NULL: no name attribute */
    unsigned long line;
    int devtree, has_device;
    /* its own parent and controller: the sources in force where it starts */
    struct pend *dp_src, *dev_src;
    /* as a source for what it holds: a top configuration is the device
     * parent and controller only when it has a device (else the one
     * around it is); a device-tree configuration is the parent always */
    int dp_cond;
    struct pend *dp_inh, *dev_inh;
};

/* Where an element sits. */
struct where {
    enum mode mode;
    const char *config;   /* enclosing TC6 configuration */
    const char *resource; /* enclosing resource (application) */
    struct pend *dp;      /* CODESYS device tree: enclosing device */
    struct pend *dev;     /* CODESYS device tree: the controller */
    int devtree;          /* inside a CODESYS data[@name="configurations"] */
};

/* Element names a frame needs to know its children by. */
enum kind { K_OTHER, K_BODY, K_ADDDATA, K_RESOURCE, K_POU, K_TASK, K_CONFIG, K_DATA };

/* What a frame's addData/data/TaskSettings are to a task or configuration. */
enum role { R_NONE, R_TASK_AD, R_TASK_TSD, R_CFG_AD };

/* A task fact, completed at the end of the task (its CODESYS TaskSettings
 * follow its pouInstances). */
struct task {
    xmlNodePtr fact;
    unsigned long line;
    char *name, *interval, *single, *prio, *cds_iv, *cds_kind;
    const char *config, *resource;
    int ad_seen, tsd_seen, ts_seen;
};

/* One open element. */
struct frame {
    struct where sub;  /* how its children are read */
    xmlNodePtr raw;    /* its raw copy (an element), else NULL */
    int made;          /* its raw copy (element or record) was made: its
                          children are read */
    unsigned rdepth;   /* a record's depth (0 at the top) */
    unsigned depth;    /* root 1 */
    enum kind kind;
    enum role role;
    size_t owner;      /* frame of the task/configuration of `role` */
    unsigned long nchild;
    int secret;        /* attribute values below are redacted */
    char *own[2];      /* strings `sub` points to */
    /* pou: the program-unit fact and its languages so far */
    xmlNodePtr pou_fact;
    unsigned long pou_line;
    unsigned langs_seen;
    char langs[64];
    struct task *task;
    struct pend *pend;
    int pend_root;     /* the outermost configuration: completes the list */
    int ad_seen;       /* a configuration's first addData is read */
};

/* One element's attributes as the parser gave them, values decoded. */
struct attrs {
    size_t n, cap;
    const char **k;
    char **v;
    int *ns; /* the attribute has a prefix */
    char *buf;
    size_t bcap;
};

/* An attribute of the raw copy being made. */
struct kv {
    const char *k, *v;
    int own;
};

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc; /* the builder: budget, outcome */
    xmlParserCtxtPtr pc;
    struct otlp_tagpos tp;
    unsigned max_depth;
    int root_kind;       /* 0 none yet, 1 TC6, 2 confnode */
    int failed;          /* the root is neither: stop */
    const struct confnode *cn;
    xmlNodePtr sys;
    unsigned long root_line;
    int fh_seen, ch_seen;
    char *company, *product, *version, *hostname;
    struct frame *f;
    size_t nf, fcap;
    struct attrs A;
    struct kv *kv;
    size_t nkv, kvcap;
    int raw_records;     /* the skeleton goes to host->raw_stmt */
    struct pend *pends, **pend_tail;
    /* parse coverage: elements read / elements understood */
    unsigned long units, recognised;
    unsigned long unrec_lines[MAX_UNREC_LINES];
    size_t n_unrec;
};

/* ------------------------------------------------------------------ helpers */

static int in_list(const char *s, const char *const *list)
{
    size_t i;
    for (i = 0; s != NULL && list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* Is `s` (trimmed) empty or absent? */
static int blank(const char *s)
{
    if (s == NULL)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

/* Value of the attribute without namespace `k`, or NULL (xmlGetNoNsProp). */
static const char *av(const struct attrs *A, const char *k)
{
    size_t i;
    for (i = 0; i < A->n; i++)
        if (!A->ns[i] && strcmp(A->k[i], k) == 0)
            return A->v[i];
    return NULL;
}

/* Set a fact's attribute from the input: credentials in URLs never reach a
 * fact (otlp_scrub_urls). */
static void set_val(struct st *S, xmlNodePtr n, const char *name, const char *v)
{
    char *c;
    if (v == NULL || strstr(v, "://") == NULL) {
        otlp_doc_set(&S->doc, n, name, v);
        return;
    }
    c = otlp_scrub_urls(v, strlen(v), NULL);
    if (c == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    otlp_doc_set(&S->doc, n, name, c);
    free(c);
}

/* Attributes at the line of the element they come from, then back. */
static unsigned long at_push(struct st *S, unsigned long line)
{
    unsigned long save = S->doc.line;
    otlp_doc_at(&S->doc, line);
    return save;
}

/* Count one element (or confnode attribute); an element not understood is
 * marked recognised="false" in the raw tree (docs/device-document.md) by
 * raw_copy. */
static void count(struct st *S, int known, unsigned long line)
{
    S->units++;
    if (known) {
        S->recognised++;
        return;
    }
    if (S->n_unrec < MAX_UNREC_LINES)
        S->unrec_lines[S->n_unrec++] = line;
}

static void set_coverage(struct st *S, xmlNodePtr sys)
{
    if (sys == NULL)
        return;
    otlp_doc_coverage(&S->doc, sys, S->recognised, S->units);
    otlp_doc_setu(&S->doc, sys, "statements", S->units);
}

/* Lines only: an unrecognised element may hold anything. */
static void coverage_note(struct st *S, const char *what)
{
    char lines[128];
    size_t i, o = 0;
    unsigned long unrec = S->units - S->recognised;

    if (unrec == 0)
        return;
    for (i = 0; i < S->n_unrec && o < sizeof lines; i++)
        o += (size_t)snprintf(lines + o, sizeof lines - o, "%s%lu", i ? ", " : "", S->unrec_lines[i]);
    S->host->diag(S->ctx, OTL_DIAG_NOTE, 0, "%lu of %lu %s not recognised (line%s %s%s)", unrec,
                  S->units, what, unrec > 1 ? "s" : "", lines, unrec > S->n_unrec ? ", ..." : "");
}

/* ------------------------------------------------------------- vocabulary */

/* TC6 elements outside type declarations and code bodies (tc6_xml_v201.xsd;
 * v2.0 and v1.x use the same names for these). */
static const char *const tc6_names[] = {
    "project", "fileHeader", "contentHeader", "Comment", "coordinateInfo", "pageSize", "fbd",
    "ld", "sfc", "scaling", "addDataInfo", "info", "description", "addData", "data", "types",
    "dataTypes", "dataType", "baseType", "initialValue", "documentation", "pous", "pou",
    "interface", "returnType", "localVars", "tempVars", "inputVars", "outputVars", "inOutVars",
    "externalVars", "globalVars", "accessVars", "actions", "action", "transitions", "transition",
    "body", "instances", "configurations", "configuration", "resource", "task", "pouInstance",
    "configVars", "variable", "type", "accessVariable", "configVariable", NULL};

/* The language elements of a body. */
static const char *const languages[] = {"IL", "ST", "FBD", "LD", "SFC", NULL};

/* CODESYS addData kinds (data/@name after CDS_URI) seen in a real export or
 * in tools that read and write CODESYS exports; each is read or skipped on
 * purpose (object ids, folders, build settings, library references,
 * inheritance, documentation carry nothing about security). */
static const char *const cds_known[] = {
    "projectinformation", "objectid", "attributes", "libraries", "projectstructure", "pou",
    "application", "globalvars", "datatype", "tasksettings", "buildproperties",
    "enumvaluedocumentation", "datatypeinheritance", "pouinheritance", "method", "property",
    "interfaceasplaintext", "mixedattrsvarlist", "fbdelementtype", "sfcsettings", NULL};

/* Of those, the ones whose payload is TC6 again (pou, resource, ...). */
static const char *const cds_tc6_payload[] = {"pou", "application", "globalvars", "datatype", NULL};

/* Elements that carry a value under a name (TC6 variables and struct
 * members, vendor data): when the name is a secret word, the values are
 * redacted (docs/formats/plcopen-xml.md, "Secrets"). */
static const char *const value_carriers[] = {"variable", "accessVariable", "configVariable", "value",
                                             "data", NULL};
/* The attributes that name such a value. */
static const char *const naming_attrs[] = {"name", "Name", "NAME", "member", "key", "Key", NULL};

/* The CODESYS data kind of a data element: the part after CDS_URI, or the
 * plain names CODESYS uses for the device tree ("Device", "configurations");
 * NULL for other tools' data. */
static const char *cds_kind(const char *name)
{
    size_t l = strlen(CDS_URI);
    if (name == NULL)
        return NULL;
    if (strncmp(name, CDS_URI, l) == 0)
        return name + l;
    if (strcmp(name, "Device") == 0 || strcmp(name, "configurations") == 0)
        return name;
    return NULL;
}

static enum kind kind_of(const char *name)
{
    static const struct {
        const char *n;
        enum kind k;
    } t[] = {{"body", K_BODY},  {"addData", K_ADDDATA},     {"resource", K_RESOURCE}, {"pou", K_POU},
             {"task", K_TASK},  {"configuration", K_CONFIG}, {"data", K_DATA}};
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(name, t[i].n) == 0)
            return t[i].k;
    return K_OTHER;
}

/* ------------------------------------------------------------ attributes */

/* The element's attributes from libxml2's SAX2 array (5 pointers each:
 * local name, prefix, URI, value start, value end), the defaulted ones left
 * out as the tree builder leaves them out (the host asks for no DTD defaults).  An '&'
 * of a value reaches SAX2 handlers as "&#38;" (libxml2 parser.c,
 * xmlParseAttValueComplex) and is decoded here, as the tree builder does. */
static int load_attrs(struct st *S, int nb, int nb_defaulted, const xmlChar **at)
{
    struct attrs *A = &S->A;
    size_t i, need = 0, o = 0, n;

    A->n = 0;
    if (nb_defaulted > 0 && nb_defaulted <= nb)
        nb -= nb_defaulted;
    n = nb > 0 ? (size_t)nb : 0;
    for (i = 0; i < n; i++)
        need += (size_t)(at[5 * i + 4] - at[5 * i + 3]) + 1;
    if (need > A->bcap) {
        char *nbuf = realloc(A->buf, need);
        if (nbuf == NULL)
            goto nomem;
        A->buf = nbuf;
        A->bcap = need;
    }
    if (n > A->cap) {
        const char **k = realloc(A->k, n * sizeof *k);
        char **v;
        int *ns;
        if (k == NULL)
            goto nomem;
        A->k = k;
        v = realloc(A->v, n * sizeof *v);
        if (v == NULL)
            goto nomem;
        A->v = v;
        ns = realloc(A->ns, n * sizeof *ns);
        if (ns == NULL)
            goto nomem;
        A->ns = ns;
        A->cap = n;
    }
    for (i = 0; i < n; i++) {
        char *v = A->buf + o;
        size_t m = otlp_sax_value(v, at[5 * i + 3], at[5 * i + 4]);
        A->k[A->n] = at[5 * i] ? (const char *)at[5 * i] : "";
        A->v[A->n] = v;
        A->ns[A->n] = at[5 * i + 1] != NULL;
        A->n++;
        o += m + 1;
    }
    return 0;
nomem:
    otlp_doc_nomem(&S->doc);
    return -1;
}

/* Index of the attribute naming the value an element carries, when that
 * name is a secret word; -1 when none. */
static long secret_naming(const struct attrs *A)
{
    size_t i;
    for (i = 0; i < A->n; i++)
        if (!A->ns[i] && in_list(A->k[i], naming_attrs) && otlp_secret_name(A->v[i], strlen(A->v[i])))
            return (long)i;
    return -1;
}

/* Set attribute k of the raw copy being made (S->kv): a second value of the
 * same name replaces the first in place, as on an element.  `own`: v was
 * malloc'd and is the list's. */
static void kv_set(struct st *S, const char *k, const char *v, int own)
{
    size_t i;

    for (i = 0; i < S->nkv; i++)
        if (strcmp(S->kv[i].k, k) == 0)
            break;
    if (i == S->nkv) {
        if (S->nkv == S->kvcap) {
            size_t n = S->kvcap ? S->kvcap * 2 : 16;
            struct kv *nk = realloc(S->kv, n * sizeof *nk);
            if (nk == NULL) {
                if (own)
                    free((char *)v);
                otlp_doc_nomem(&S->doc);
                return;
            }
            S->kv = nk;
            S->kvcap = n;
        }
        S->nkv++;
    } else if (S->kv[i].own) {
        free((char *)S->kv[i].v);
    }
    S->kv[i].k = k;
    S->kv[i].v = v;
    S->kv[i].own = own;
}

static void kv_clear(struct st *S)
{
    size_t i;
    for (i = 0; i < S->nkv; i++)
        if (S->kv[i].own)
            free((char *)S->kv[i].v);
    S->nkv = 0;
}

/* One attribute value of the raw copy: as it is, with URL credentials
 * scrubbed, or (an element the plugin does not know) redacted from a
 * secret word on (otlp_redact_unknown).  1 when something was redacted. */
static int raw_value(struct st *S, const char *k, const char *v, int known)
{
    size_t len = strlen(v);
    int red = 0;
    char *c;

    if (strstr(v, "://") == NULL && (known || !otlp_secret_name(v, len))) {
        kv_set(S, k, v, 0);
        return 0;
    }
    c = known ? otlp_scrub_urls(v, len, &red) : otlp_redact_unknown(v, len, &red);
    if (c == NULL) {
        otlp_doc_nomem(&S->doc);
        return 0;
    }
    kv_set(S, k, c, 1);
    return red;
}

/* The attributes in S->kv as an element under P's (or the raw tree's top),
 * or as a record: its start tag as the core writes an element's for
 * evidence (host->raw_stmt). */
static void raw_emit(struct st *S, struct frame *P, struct frame *F, const char *name,
                     unsigned long line, unsigned flags)
{
    size_t i;

    if (S->raw_records) {
        char b[OTLP_RAWTAG];
        size_t o = 0;
        if (otlp_doc_take(&S->doc, line) < 0)
            return;
        otlp_tag_put(b, &o, "<");
        otlp_tag_put(b, &o, name);
        for (i = 0; i < S->nkv; i++) {
            otlp_tag_put(b, &o, " ");
            otlp_tag_put(b, &o, S->kv[i].k);
            otlp_tag_put(b, &o, "=\"");
            otlp_tag_put(b, &o, S->kv[i].v);
            otlp_tag_put(b, &o, "\"");
        }
        otlp_tag_put(b, &o, ">");
        F->rdepth = P != NULL ? P->rdepth + 1 : 0;
        if (otlp_raw_record(S->host, S->ctx, F->rdepth, line, b, o, flags) != 0) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        F->made = 1;
        return;
    }
    F->raw = otlp_doc_node(&S->doc, P != NULL ? P->raw : S->dd->raw, name, line);
    if (F->raw == NULL)
        return;
    for (i = 0; i < S->nkv; i++)
        otlp_doc_set(&S->doc, F->raw, S->kv[i].k, S->kv[i].v);
    F->made = 1;
}

/* The raw copy of the element being started (local name, attributes, line;
 * never text) below P's (NULL: at the top), into F.  Secrets
 * (docs/formats/plcopen-xml.md): below an element marked secret, and in an
 * element named by a secret word, every value is redacted; in an element
 * that carries a value under a secret name (<variable name="AdminPassword">,
 * <Attribute Name="Password" Value="...">), every value but that name; an
 * attribute named by a secret word is redacted; the rest go through the URL
 * scrubber, and the values of elements the plugin does not know through
 * otlp_redact_unknown.  A redacted element is marked secret="true", an
 * element counted as not understood recognised="false" (recog 0). */
static void raw_copy(struct st *S, struct frame *P, struct frame *F, const char *name,
                     unsigned long line, int known, int recog)
{
    const struct attrs *A = &S->A;
    size_t i;
    long keep = -1;
    int secret = 0, all = F->secret || otlp_secret_name(name, strlen(name));

    if (!all && (!known || in_list(name, value_carriers))) {
        keep = secret_naming(A);
        if (keep >= 0)
            F->secret = 1;
    }
    if (all)
        F->secret = 1;
    for (i = 0; i < A->n; i++) {
        if ((all || keep >= 0) && (long)i != keep) {
            kv_set(S, A->k[i], OTL_REDACTED, 0);
            secret = 1;
        } else if (otlp_secret_name(A->k[i], strlen(A->k[i]))) {
            kv_set(S, A->k[i], OTL_REDACTED, 0);
            secret = 1;
        } else {
            secret |= raw_value(S, A->k[i], A->v[i], known);
        }
    }
    if (secret)
        kv_set(S, "secret", "true", 0);
    if (recog == 0)
        kv_set(S, "recognised", "false", 0);
    if (!S->doc.oom)
        raw_emit(S, P, F, name, line,
                 (secret ? OTL_RAW_SECRET : 0u) | (recog == 0 ? OTL_RAW_UNRECOGNISED : 0u));
    kv_clear(S);
}

/* ------------------------------------------------------------------ facts */

static void emit_pou(struct st *S, struct frame *F, const struct where *w, unsigned long line)
{
    const char *name = av(&S->A, "name"), *type = av(&S->A, "pouType");
    xmlNodePtr f;

    if (blank(name)) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "pou without a name: no program-unit fact");
        return;
    }
    f = otlp_doc_fact(&S->doc, "program-unit", line);
    otlp_doc_set(&S->doc, f, "kind", "pou");
    set_val(S, f, "name", name);
    if (w->resource != NULL)
        set_val(S, f, "scope", w->resource);
    if (!blank(type))
        set_val(S, f, "type", type);
    F->pou_fact = f;
    F->pou_line = line;
}

/* The languages of a POU's bodies, distinct, in order (v2.01 allows several
 * bodies, one per worksheet): the first element of each body. */
static void pou_language(struct frame *pou, const char *lang)
{
    size_t i, o = strlen(pou->langs);
    for (i = 0; languages[i] != NULL; i++) {
        if (strcmp(lang, languages[i]) != 0 || (pou->langs_seen & (1u << i)))
            continue;
        pou->langs_seen |= 1u << i;
        snprintf(pou->langs + o, sizeof pou->langs - o, "%s%s", o ? " " : "", languages[i]);
    }
}

static void end_pou(struct st *S, struct frame *F)
{
    unsigned long save;
    if (F->pou_fact == NULL || F->langs[0] == '\0')
        return;
    save = at_push(S, F->pou_line);
    otlp_doc_set(&S->doc, F->pou_fact, "language", F->langs);
    otlp_doc_at(&S->doc, save);
}

static void start_task(struct st *S, struct frame *F, const struct where *w, unsigned long line)
{
    const struct attrs *A = &S->A;
    struct task *t;

    if (blank(av(A, "name"))) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "task without a name: no task fact");
        return;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    F->task = t;
    t->line = line;
    t->config = w->config;
    t->resource = w->resource;
    t->name = otlp_doc_strdup(&S->doc, av(A, "name"));
    t->interval = otlp_doc_strdup(&S->doc, av(A, "interval"));
    t->single = otlp_doc_strdup(&S->doc, av(A, "single"));
    t->prio = otlp_doc_strdup(&S->doc, av(A, "priority"));
    t->fact = otlp_doc_fact(&S->doc, "task", line);
}

/* Task kind from CODESYS TaskSettings/@KindOfTask ("Cyclic" seen in real
 * exports; the others are the task types of the CODESYS task configuration,
 * spelling in exports unverified), NULL when absent or unknown. */
static const char *cds_task_kind(const char *k)
{
    if (k == NULL)
        return NULL;
    if (strcasecmp(k, "Cyclic") == 0)
        return "periodic";
    if (strcasecmp(k, "Freewheeling") == 0)
        return "continuous";
    if (strcasecmp(k, "Event") == 0 || strcasecmp(k, "ExternalEvent") == 0 ||
        strcasecmp(k, "Status") == 0)
        return "event";
    return NULL;
}

static void free_task(struct task *t)
{
    free(t->name);
    free(t->interval);
    free(t->single);
    free(t->prio);
    free(t->cds_iv);
    free(t->cds_kind);
    free(t);
}

static void end_task(struct st *S, struct task *t)
{
    const char *kind = cds_task_kind(t->cds_kind);
    const char *interval = !blank(t->interval) ? t->interval : !blank(t->cds_iv) ? t->cds_iv : NULL;
    xmlNodePtr f = t->fact;
    unsigned long save = at_push(S, t->line);

    if (kind == NULL) /* TC6: a cyclic task has an interval, a triggered one `single` */
        kind = interval != NULL ? "periodic" : !blank(t->single) ? "event" : "unknown";
    set_val(S, f, "name", t->name);
    otlp_doc_set(&S->doc, f, "kind", kind);
    if (interval != NULL)
        set_val(S, f, "interval", interval);
    if (!blank(t->prio))
        set_val(S, f, "priority", t->prio);
    if (t->resource != NULL)
        set_val(S, f, "resource", t->resource);
    if (t->config != NULL)
        set_val(S, f, "configuration", t->config);
    otlp_doc_at(&S->doc, save);
    free_task(t);
}

/* A TC6 configuration that carries a CODESYS device description is the
 * controller of the CODESYS device tree; its nested device-tree
 * configurations are modules (struct pend). */
static void start_config(struct st *S, struct frame *F, const struct where *w, unsigned long line)
{
    const char *name = av(&S->A, "name");
    struct pend *p = calloc(1, sizeof *p);

    if (p == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    p->name = otlp_doc_strdup(&S->doc, name);
    p->line = line;
    p->devtree = w->devtree;
    p->dp_src = w->dp;
    p->dev_src = w->dev;
    if (S->pends == NULL) {
        F->pend_root = 1;
        S->pend_tail = &S->pends;
    }
    *S->pend_tail = p;
    S->pend_tail = &p->next;
    F->pend = p;
    if (!blank(name)) {
        /* a place in document order, outside the budget: counted when it
         * is completed, dropped when there is no device (one at most per
         * configuration, whose raw copy the budget counts) */
        p->fact = xmlNewChild(S->dd->facts, NULL,
                              (const xmlChar *)(w->devtree ? "module" : "controller"), NULL);
        if (p->fact == NULL)
            otlp_doc_nomem(&S->doc);
        else
            otl_node_set_line(p->fact, line);
    }
    if (w->devtree) {
        F->sub.dp = p;
    } else {
        F->own[0] = otlp_doc_strdup(&S->doc, name);
        F->sub.config = F->own[0];
        p->dp_cond = 1;
        p->dp_inh = w->dp;
        p->dev_inh = w->dev;
        F->sub.dp = F->sub.dev = p;
    }
}

static const char *dp_name(const struct pend *s)
{
    while (s != NULL && s->dp_cond && !s->has_device)
        s = s->dp_inh;
    return s ? s->name : NULL;
}

static const char *dev_name(const struct pend *s)
{
    while (s != NULL && !s->has_device)
        s = s->dev_inh;
    return s ? s->name : NULL;
}

static void fill_device(struct st *S, struct pend *p)
{
    unsigned long save;
    const char *v;

    if (p->fact == NULL)
        return;
    if (!p->has_device || S->doc.oom || otlp_doc_take(&S->doc, p->line) < 0) {
        xmlUnlinkNode(p->fact);
        xmlFreeNode(p->fact);
        p->fact = NULL;
        return;
    }
    save = at_push(S, p->line);
    set_val(S, p->fact, "name", p->name);
    if (!p->devtree) {
        otlp_doc_set(&S->doc, p->fact, "vendor", "codesys");
        otlp_doc_set(&S->doc, p->fact, "family", "codesys");
    } else {
        if ((v = dp_name(p->dp_src)) != NULL)
            set_val(S, p->fact, "parent", v);
        if ((v = dev_name(p->dev_src)) != NULL)
            set_val(S, p->fact, "controller", v);
    }
    otlp_doc_at(&S->doc, save);
}

/* The outermost configuration ended: its own and its nested ones' facts. */
static void end_configs(struct st *S)
{
    struct pend *p = S->pends, *next;

    for (; p != NULL; p = p->next)
        fill_device(S, p);
    for (p = S->pends; p != NULL; p = next) {
        next = p->next;
        free(p->name);
        free(p);
    }
    S->pends = NULL;
    S->pend_tail = &S->pends;
}

/* ------------------------------------------------------------------ TC6 */

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
}

/* system: vendor from fileHeader/@companyName (empty: @productName), os and
 * version from @productName/@productVersion, hostname from
 * contentHeader/@name (the first of each among the project's children).
 * The vendor is lower-cased: it is an identifier.  Set when the project
 * ends, at no line of their own, as before any element was read. */
static void tc6_system(struct st *S, xmlNodePtr sys)
{
    const char *v = !blank(S->company) ? S->company : !blank(S->product) ? S->product : NULL;
    unsigned long save = at_push(S, 0);

    if (!S->fh_seen)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, S->root_line, "project without fileHeader: vendor unknown");
    if (v != NULL) {
        char *low = otlp_scrub_urls(v, strlen(v), NULL);
        if (low == NULL) {
            otlp_doc_nomem(&S->doc);
        } else {
            lower(low);
            otlp_doc_set(&S->doc, sys, "vendor", low);
            free(low);
        }
    } else {
        otlp_doc_set(&S->doc, sys, "vendor", "unknown");
    }
    if (!blank(S->hostname))
        set_val(S, sys, "hostname", S->hostname);
    if (!blank(S->product))
        set_val(S, sys, "os", S->product);
    if (!blank(S->version))
        set_val(S, sys, "version", S->version);
    otlp_doc_set(&S->doc, sys, "class", "controller");
    otlp_doc_set(&S->doc, sys, "export-kind", "partial");
    otlp_doc_set(&S->doc, sys, "export-type", "project");
    otlp_doc_at(&S->doc, save);
}

/* Is an element read in TC6 mode understood (counted as recognised)? */
static int tc6_known(struct st *S, const struct frame *P, const struct frame *F, const char *name)
{
    const char *k;

    if (P->kind == K_BODY) /* the code itself */
        return strcmp(name, "addData") == 0 || strcmp(name, "documentation") == 0 ||
               in_list(name, languages);
    if (F->kind == K_DATA && P->kind == K_ADDDATA) {
        k = cds_kind(av(&S->A, "name"));
        return k != NULL && (in_list(k, cds_known) || strcmp(k, "Device") == 0 ||
                             strcmp(k, "configurations") == 0);
    }
    return in_list(name, tc6_names);
}

/* An element read in TC6 mode: count it, start its facts, and decide how
 * its children are read (F->sub, from a copy of the parent's). */
static void tc6_element(struct st *S, const struct frame *P, struct frame *F, const char *name,
                        unsigned long line, int known)
{
    const struct where *w = &P->sub;
    struct where *sub = &F->sub;

    count(S, known, line);
    if (P->kind == K_BODY) {
        /* the code itself: never read, never kept */
        sub->mode = strcmp(name, "addData") == 0 ? M_TC6 : M_OPAQUE;
        return;
    }
    if (F->kind == K_DATA && P->kind == K_ADDDATA) {
        const char *k = cds_kind(av(&S->A, "name"));
        sub->mode = M_RAW;
        if (k != NULL && in_list(k, cds_tc6_payload))
            sub->mode = M_TC6;
        if (k != NULL && strcmp(k, "configurations") == 0) {
            sub->mode = M_TC6;
            sub->devtree = 1;
        }
        return;
    }
    if (!in_list(name, tc6_names)) {
        sub->mode = M_RAW;
    } else if (strcmp(name, "initialValue") == 0 || strcmp(name, "documentation") == 0) {
        sub->mode = M_OPAQUE; /* values and free text */
    } else if (strcmp(name, "type") == 0 || strcmp(name, "baseType") == 0 ||
               strcmp(name, "returnType") == 0) {
        sub->mode = M_RAW; /* type declarations: skeleton only */
    } else if (F->kind == K_POU) {
        emit_pou(S, F, w, line);
    } else if (F->kind == K_CONFIG) {
        start_config(S, F, w, line);
    } else if (F->kind == K_RESOURCE) {
        F->own[1] = otlp_doc_strdup(&S->doc, av(&S->A, "name"));
        sub->resource = F->own[1];
    } else if (F->kind == K_TASK && P->kind == K_RESOURCE) {
        start_task(S, F, w, line);
    }
}

/* Read what the facts need from an element before, or without, reading it:
 * the project's fileHeader and contentHeader, the first element of a POU's
 * body, a task's TaskSettings and a configuration's device, each where the
 * tree's first-child lookups found them. */
static void look(struct st *S, struct frame *P, struct frame *F, const char *name,
                 unsigned long line)
{
    const struct attrs *A = &S->A;
    struct frame *G = P->depth > 1 ? P - 1 : NULL, *O;

    if (P->depth == 1 && S->root_kind == 1) {
        if (!S->fh_seen && strcmp(name, "fileHeader") == 0) {
            S->fh_seen = 1;
            S->company = otlp_doc_strdup(&S->doc, av(A, "companyName"));
            S->product = otlp_doc_strdup(&S->doc, av(A, "productName"));
            S->version = otlp_doc_strdup(&S->doc, av(A, "productVersion"));
            if (S->sys != NULL)
                otl_node_set_line(S->sys, line);
        } else if (!S->ch_seen && strcmp(name, "contentHeader") == 0) {
            S->ch_seen = 1;
            S->hostname = otlp_doc_strdup(&S->doc, av(A, "name"));
        }
    }
    if (P->kind == K_BODY && P->nchild == 0 && G != NULL && G->pou_fact != NULL)
        pou_language(G, name);
    P->nchild++;
    if (F->kind == K_ADDDATA) {
        if (P->task != NULL && !P->task->ad_seen) {
            P->task->ad_seen = 1;
            F->role = R_TASK_AD;
            F->owner = (size_t)(P - S->f);
        } else if (P->pend != NULL && !P->ad_seen) {
            P->ad_seen = 1;
            F->role = R_CFG_AD;
            F->owner = (size_t)(P - S->f);
        }
        return;
    }
    if (P->role == R_NONE)
        return;
    O = &S->f[P->owner];
    if (F->kind == K_DATA && P->role == R_CFG_AD && O->pend != NULL) {
        const char *k = cds_kind(av(A, "name"));
        if (k != NULL && strcmp(k, "Device") == 0)
            O->pend->has_device = 1;
    } else if (F->kind == K_DATA && P->role == R_TASK_AD && O->task != NULL && !O->task->tsd_seen) {
        const char *k = cds_kind(av(A, "name"));
        if (k != NULL && strcmp(k, "tasksettings") == 0) {
            O->task->tsd_seen = 1;
            F->role = R_TASK_TSD;
            F->owner = P->owner;
        }
    } else if (P->role == R_TASK_TSD && O->task != NULL && !O->task->ts_seen &&
               strcmp(name, "TaskSettings") == 0) {
        O->task->ts_seen = 1;
        O->task->cds_iv = otlp_doc_strdup(&S->doc, av(A, "Interval"));
        O->task->cds_kind = otlp_doc_strdup(&S->doc, av(A, "KindOfTask"));
    }
}

/* -------------------------------------------------------- Beremiz confnodes */

/* Root elements of Beremiz confnode files with the attributes their XSD
 * declares (Beremiz source: modbus/modbus.py, bacnet/bacnet.py,
 * ConfigTreeNode.py BaseParams). */
struct confnode {
    const char *root;
    const char *const attrs[10];
};

static const struct confnode confnodes[] = {
    {"ModbusServerNode", {"Configuration_Name", "Local_IP_Address", "Local_Port_Number", "SlaveID", NULL}},
    {"ModbusTCPclient", {"Configuration_Name", "Remote_IP_Address", "Remote_Port_Number",
                         "Invocation_Rate_in_ms", NULL}},
    {"ModbusRTUclient", {"Configuration_Name", "Serial_Port", "Baud_Rate", "Parity", "Stop_Bits",
                         "Invocation_Rate_in_ms", NULL}},
    {"ModbusRTUslave", {"Configuration_Name", "Serial_Port", "Baud_Rate", "Parity", "Stop_Bits",
                        "SlaveID", NULL}},
    {"ModbusRoot", {"MaxRemoteTCPclients", NULL}},
    {"ModbusRequest", {"Function", "SlaveID", "Nr_of_Channels", "Start_Address", "Timeout_in_ms", NULL}},
    {"MemoryArea", {"MemoryAreaType", "Nr_of_Channels", "Start_Address", NULL}},
    {"BACnetServerNode", {"Network_Interface", "UDP_Port_Number", "BACnet_Communication_Control_Password",
                          "BACnet_Device_ID", "BACnet_Device_Name", "BACnet_Device_Location",
                          "BACnet_Device_Description", "BACnet_Device_Application_Software_Version",
                          NULL}},
    {"BaseParams", {"Name", "IEC_Channel", "Enabled", NULL}},
};

static const struct confnode *find_confnode(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < sizeof confnodes / sizeof confnodes[0]; i++)
        if (strlen(confnodes[i].root) == len && memcmp(confnodes[i].root, name, len) == 0)
            return &confnodes[i];
    return NULL;
}

static int all_digits(const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* A server confnode: Modbus/TCP and BACnet/IP authenticate nobody, so the
 * service fact is all a rule needs.  An absent port is the XSD default
 * (Beremiz writes only attributes that differ from their default: 502 for
 * Modbus/TCP, 47808 for BACnet/IP); an absent or "", "*", "#ANY#" address
 * listens on every interface. */
static void server_node(struct st *S, unsigned long line, const char *service, const char *addr_attr,
                        const char *port_attr, const char *default_port)
{
    const char *addr = addr_attr ? av(&S->A, addr_attr) : NULL, *port = av(&S->A, port_attr);
    xmlNodePtr f = otlp_doc_fact(&S->doc, "service", line);

    otlp_doc_at(&S->doc, line); /* the node's own attributes */
    otlp_doc_set(&S->doc, f, "name", service);
    otlp_doc_set(&S->doc, f, "enabled", "true");
    if (addr != NULL && !blank(addr))
        set_val(S, f, "address", addr);
    if (port == NULL) {
        otlp_doc_at(&S->doc, 0);
        otlp_doc_set(&S->doc, f, "port", default_port);
        otlp_doc_set(&S->doc, f, "defaulted", "true");
    } else if (all_digits(port) && strlen(port) <= 5) {
        otlp_doc_set(&S->doc, f, "port", port);
    } else {
        S->host->diag(S->ctx, OTL_DIAG_NOTE, line, "%s is not a port number (a service name?): port not recorded",
                      port_attr);
    }
}

/* The root of a confnode: its system and service facts; its children are
 * counted as not recognised (the XSDs declare none) and kept raw. */
static void start_confnode(struct st *S, struct frame *F, const char *name, unsigned long line)
{
    const struct confnode *cn = S->cn;
    xmlNodePtr sys = otlp_doc_fact(&S->doc, "system", line);
    size_t a, i;

    if (sys == NULL)
        return;
    S->sys = sys;
    otlp_doc_set(&S->doc, sys, "vendor", "beremiz");
    otlp_doc_set(&S->doc, sys, "class", "controller");
    otlp_doc_set(&S->doc, sys, "export-kind", "partial");
    otlp_doc_set(&S->doc, sys, "export-type", "config-node");
    /* coverage: the root and each attribute its XSD declares */
    count(S, 1, line);
    for (a = 0; a < S->A.n; a++) {
        int known = 0;
        for (i = 0; cn->attrs[i] != NULL; i++)
            if (strcmp(S->A.k[a], cn->attrs[i]) == 0)
                known = 1;
        count(S, known, line);
    }
    if (strcmp(cn->root, "ModbusServerNode") == 0)
        server_node(S, line, "modbus-server", "Local_IP_Address", "Local_Port_Number", "502");
    else if (strcmp(cn->root, "BACnetServerNode") == 0)
        /* Network_Interface is an interface name (XSD default "eth0"), not an address: not recorded */
        server_node(S, line, "bacnet-server", NULL, "UDP_Port_Number", "47808");
    F->sub.mode = M_RAW;
    raw_copy(S, NULL, F, name, line, 1, -1);
}

/* ------------------------------------------------------------- the events */

/* The root: a TC6 project or a Beremiz confnode, else the file is not read. */
static void start_root(struct st *S, struct frame *F, const char *name, const char *uri,
                       unsigned long line)
{
    S->root_line = line;
    S->cn = uri == NULL ? find_confnode(name, strlen(name)) : NULL;
    if (strcmp(name, "project") == 0 && uri != NULL && strncmp(uri, TC6_NS, strlen(TC6_NS)) == 0) {
        S->root_kind = 1;
        /* at the fileHeader's line once it is read */
        S->sys = otlp_doc_fact(&S->doc, "system", line);
        if (S->sys == NULL)
            return;
        F->sub.mode = M_TC6;
        raw_copy(S, NULL, F, name, line, 1, -1);
        count(S, 1, line);
    } else if (S->cn != NULL) {
        S->root_kind = 2;
        start_confnode(S, F, name, line);
    } else {
        S->host->diag(S->ctx, OTL_DIAG_ERROR, line,
                      "root element is neither a PLCopen TC6 <project> nor a known Beremiz confnode");
        S->failed = 1;
    }
}

/* A child element of P, F its new frame. */
static void start_child(struct st *S, struct frame *P, struct frame *F, const char *name,
                        unsigned long line)
{
    int known;

    look(S, P, F, name, line);
    if (S->root_kind == 2 && P->depth == 1)
        count(S, 0, line); /* a confnode's XSD declares no children */
    if (!P->made || P->sub.mode == M_OPAQUE || S->doc.stop)
        return;
    known = P->sub.mode == M_TC6 && tc6_known(S, P, F, name);
    F->secret = P->secret;
    F->sub = P->sub;
    raw_copy(S, P, F, name, line, known || (P->sub.mode == M_TC6 && in_list(name, tc6_names)),
             P->sub.mode == M_TC6 ? known : -1);
    if (!F->made)
        return;
    if (P->sub.mode == M_TC6) {
        otlp_doc_at(&S->doc, line); /* its facts come from this element */
        tc6_element(S, P, F, name, line, known);
    } else if (F->kind == K_BODY || strcmp(name, "xhtml") == 0 || strcmp(name, "initialValue") == 0 ||
               strcmp(name, "documentation") == 0 || strcmp(name, "Value") == 0 ||
               in_list(name, languages)) {
        /* skeleton of vendor data: still no code and no values */
        F->sub.mode = M_OPAQUE;
    }
}

static int push(struct st *S)
{
    if (S->nf == S->fcap) {
        size_t n = S->fcap ? S->fcap * 2 : 32;
        struct frame *f = realloc(S->f, n * sizeof *f);
        if (f == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        S->f = f;
        S->fcap = n;
    }
    memset(&S->f[S->nf], 0, sizeof S->f[S->nf]);
    S->nf++;
    return 0;
}

/* The element of the top frame ends: complete its facts. */
static void pop(struct st *S)
{
    struct frame *F = &S->f[S->nf - 1];

    end_pou(S, F);
    if (F->task != NULL)
        end_task(S, F->task);
    if (F->pend_root)
        end_configs(S);
    free(F->own[0]);
    free(F->own[1]);
    S->nf--;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                      int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                      int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    const char *name = localname ? (const char *)localname : "";
    unsigned limit = S->max_depth ? S->max_depth : DEPTH_FALLBACK;
    struct frame *F;
    unsigned long line;

    (void)prefix, (void)nb_namespaces, (void)namespaces;
    S->pc = pc;
    line = otlp_sax_line(&S->tp, S->pc);
    if (!S->doc.stop && S->nf >= limit) {
        /* libxml2 counts depth only when it builds a tree: here, the limit
         * is the plugin's (in code and values too) */
        S->host->diag(S->ctx, OTL_DIAG_ERROR, line,
                      "elements nested deeper than %u; the rest of the file is not read", limit);
        otlp_doc_stop(&S->doc, OTL_PARSE_PARTIAL);
    }
    if (S->doc.stop || S->failed || push(S) < 0 ||
        load_attrs(S, nb_attributes, nb_defaulted, attributes) < 0) {
        xmlStopParser(pc);
        return;
    }
    F = &S->f[S->nf - 1];
    F->kind = kind_of(name);
    F->depth = (unsigned)S->nf;
    if (S->nf == 1)
        start_root(S, F, name, (const char *)uri, line);
    else
        start_child(S, F - 1, F, name, line);
    if (S->doc.stop || S->failed)
        xmlStopParser(pc);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;

    (void)localname, (void)prefix, (void)uri;
    if (S->nf > 0)
        pop(S);
}

/* ---------------------------------------------------------- entry points */

static void finish(struct st *S)
{
    while (S->nf > 0)
        pop(S); /* what a stop left open */
    end_configs(S);
    if (S->sys == NULL || S->failed)
        return;
    if (S->root_kind == 1) {
        tc6_system(S, S->sys);
        set_coverage(S, S->sys);
        coverage_note(S, "elements");
    } else {
        set_coverage(S, S->sys);
        coverage_note(S, "elements and attributes");
    }
}

static void free_state(struct st *S)
{
    free(S->f);
    free(S->A.k);
    free(S->A.v);
    free(S->A.ns);
    free(S->A.buf);
    free(S->kv);
    free(S->company);
    free(S->product);
    free(S->version);
    free(S->hostname);
}

/* The file is read once, as SAX events (host->xml_sax): no tree of the
 * input is built, the element budget (host->max_nodes) counts every raw
 * copy and fact as it is made, and a spent budget stops the parser. */
static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st S;
    xmlSAXHandler h;
    int rc;

    if (host->abi_minor < 2 || host->xml_sax == NULL) {
        host->diag(ctx, OTL_DIAG_ERROR, 0,
                   "this otlint offers no SAX parse (host->xml_sax, plugin ABI 1.2); the file is not read");
        return OTL_PARSE_FAILED;
    }
    memset(&S, 0, sizeof S);
    S.host = host;
    S.ctx = ctx;
    S.dd = dd;
    otlp_doc_init(&S.doc, host, ctx, dd);
    S.max_depth = host->max_depth;
    S.pend_tail = &S.pends;
    S.raw_records = otlp_raw_records(host);
    otlp_tagpos_init(&S.tp, in);
    memset(&h, 0, sizeof h);
    h.initialized = XML_SAX2_MAGIC;
    h.startElementNs = sax_start;
    h.endElementNs = sax_end;

    rc = host->xml_sax(ctx, in->data, in->len, &h, &S);
    if (rc < 0) {
        otlp_doc_status(&S.doc, OTL_PARSE_FAILED); /* the host said why */
    } else if (S.failed || (rc > 0 && !S.doc.stop)) {
        /* not well-formed (libxml2 said where, through the host), or not
         * a project: nothing of it is kept, as with a tree */
        otlp_doc_status(&S.doc, OTL_PARSE_FAILED);
    }
    S.failed |= S.doc.status == OTL_PARSE_FAILED;
    finish(&S);
    free_state(&S);
    return S.doc.status;
}

/* ---------------------------------------------------------------- sniff */

/* Past the first occurrence of `pat` in [p, end), or end. */
static const char *past(const char *p, const char *end, const char *pat)
{
    size_t n = strlen(pat);
    for (; p + n <= end; p++)
        if (memcmp(p, pat, n) == 0)
            return p + n;
    return end;
}

/* Does [p, end) contain `pat`? */
static int contains(const char *p, const char *end, const char *pat)
{
    size_t n = strlen(pat);
    for (; p + n <= end; p++)
        if (memcmp(p, pat, n) == 0)
            return 1;
    return 0;
}

/* The root start tag: skips the BOM, the XML declaration, comments,
 * processing instructions and a DOCTYPE (with its internal subset). */
static const char *root_tag(const char *p, const char *end, const char **tag_end)
{
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *q;
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
            continue;
        }
        if (*p != '<' || end - p < 2)
            return NULL;
        if (p[1] == '?') {
            p = past(p + 2, end, "?>");
        } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            p = past(p + 4, end, "-->");
        } else if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
            /* an internal subset holds '>': skip it whole */
            size_t n = otlp_doctype_len(p, end);
            if (n == 0)
                return NULL;
            p += n;
        } else if (p[1] == '!') {
            p = past(p + 2, end, ">");
        } else {
            char quote = 0;
            for (q = p + 1; q < end; q++) {
                if (quote) {
                    if (*q == quote)
                        quote = 0;
                } else if (*q == '"' || *q == '\'') {
                    quote = *q;
                } else if (*q == '>') {
                    break;
                }
            }
            *tag_end = q;
            return p + 1;
        }
    }
    return NULL;
}

/* Does the start tag [p, end) have an attribute named `name`? */
static int has_attr(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (; p + n + 1 < end; p++)
        if ((*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') && memcmp(p + 1, name, n) == 0 &&
            (p[n + 1] == '=' || p[n + 1] == ' ' || p[n + 1] == '\t'))
            return 1;
    return 0;
}

static int sniff_text(const char *p, const char *end)
{
    const char *tag_end = NULL, *name = root_tag(p, end, &tag_end), *ne, *local;
    const struct confnode *cn;
    size_t i;
    int score;

    if (name == NULL)
        return 0;
    for (ne = name; ne < tag_end && *ne != ' ' && *ne != '\t' && *ne != '\r' && *ne != '\n' &&
                    *ne != '/' && *ne != '>';
         ne++)
        ;
    for (local = ne; local > name && local[-1] != ':'; local--)
        ;
    if (ne - local == 7 && memcmp(local, "project", 7) == 0)
        return contains(ne, tag_end, TC6_NS) ? 95 : 0;
    if (local != name)
        return 0; /* confnode roots carry no prefix */
    cn = find_confnode(name, (size_t)(ne - name));
    if (cn == NULL)
        return 0;
    /* a generic root name ("BaseParams", "MemoryArea") alone is weak: want
     * one of the node's own attributes too */
    score = 40;
    for (i = 0; cn->attrs[i] != NULL && score < 85; i++)
        if (has_attr(ne, tag_end, cn->attrs[i]))
            score = 85;
    return score;
}

/* UTF-16 exports (a byte order mark) are sniffed on their ASCII
 * characters; libxml2 reads them, only the exact start lines are lost. */
static int sniff(const struct otl_input *in)
{
    const unsigned char *d = in->data;
    size_t n = in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES, i, o = 0;
    char ascii[SNIFF_BYTES / 2];
    int le;

    if (n < 2 || !((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
        return sniff_text((const char *)d, (const char *)d + n);
    le = d[0] == 0xFF;
    for (i = 2; i + 1 < n && o < sizeof ascii; i += 2) {
        unsigned lo = le ? d[i] : d[i + 1], hi = le ? d[i + 1] : d[i];
        ascii[o++] = (char)(hi == 0 && lo < 0x80 ? lo : '?');
    }
    return sniff_text(ascii, ascii + o);
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "plcopen-xml",
    .description = "PLCopen TC6 XML projects (Beremiz, OpenPLC, CODESYS exports) and Beremiz confnode files",
    .classes = OTL_CLASS_CONTROLLER,
    .sniff = sniff,
    .parse = parse,
};

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
 * PLCopen carries no external-access flags for variables (no HMI/OPC UA
 * access attribute exists in TC6), so no tag-group or tag facts are written:
 * any writable count would be invented.  See docs/formats/plcopen-xml.md.
 */
#include "otlint-plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIFF_BYTES 8192
#define TC6_NS "http://www.plcopen.org/xml/tc6"
#define CDS_URI "http://www.3s-software.com/plcopenxml/"
#define MAX_UNREC_LINES 8
#define DEPTH_FALLBACK 256

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc; /* the builder: budget, outcome */
    unsigned max_depth;
    int depth_warned;
    /* parse coverage: elements read / elements understood */
    unsigned long units, recognised;
    unsigned long unrec_lines[MAX_UNREC_LINES];
    size_t n_unrec;
};

/* How the children of an element are read. */
enum mode {
    M_TC6,    /* TC6 elements: counted, facts */
    M_RAW,    /* kept in the raw skeleton only (types, vendor data) */
    M_OPAQUE  /* children dropped: code bodies, values, free text */
};

/* Where an element sits. */
struct where {
    enum mode mode;
    const xmlChar *config;   /* enclosing TC6 configuration */
    const xmlChar *resource; /* enclosing resource (application) */
    const xmlChar *devparent;/* CODESYS device tree: enclosing device */
    const xmlChar *device;   /* CODESYS device tree: the controller */
    int devtree;             /* inside a CODESYS data[@name="configurations"] */
};

/* ------------------------------------------------------------------ helpers */

static int is(const xmlNode *n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

static xmlNodePtr child(const xmlNode *n, const char *name)
{
    xmlNodePtr c;
    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

static xmlNodePtr first_element(const xmlNode *n)
{
    xmlNodePtr c;
    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

/* Attribute value without namespace, NULL when absent (caller frees). */
static xmlChar *attr(const xmlNode *n, const char *name)
{
    return xmlGetNoNsProp(n, (const xmlChar *)name);
}

static int in_list(const xmlChar *s, const char *const *list)
{
    size_t i;
    for (i = 0; s != NULL && list[i] != NULL; i++)
        if (xmlStrcmp(s, (const xmlChar *)list[i]) == 0)
            return 1;
    return 0;
}

/* Is `s` (trimmed) empty or absent? */
static int blank(const xmlChar *s)
{
    if (s == NULL)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

/* Names that hold a credential by convention (otlp_secret_name). */
static int secret_name(const xmlChar *name)
{
    return otlp_secret_name((const char *)name, (size_t)xmlStrlen(name));
}

/* The raw copy of `src` (local name, attributes, line; never text) under
 * `parent`.  Credential-like attribute values are replaced by OTL_REDACTED
 * and the element is marked secret="true". */
static xmlNodePtr raw_copy(struct st *S, xmlNodePtr parent, const xmlNode *src, unsigned long line)
{
    xmlNodePtr n;
    xmlAttrPtr a;
    int secret = 0;

    n = otlp_doc_node(&S->doc, parent, (const char *)src->name, line);
    if (n == NULL)
        return NULL;
    for (a = src->properties; a != NULL; a = a->next) {
        xmlChar *v;
        if (secret_name(a->name)) {
            otlp_doc_set(&S->doc, n, (const char *)a->name, OTL_REDACTED);
            secret = 1;
            continue;
        }
        v = xmlNodeListGetString(src->doc, a->children, 1);
        if (v == NULL && a->children != NULL) {
            otlp_doc_nomem(&S->doc);
            return n;
        }
        otlp_doc_set(&S->doc, n, (const char *)a->name, v ? (const char *)v : "");
        xmlFree(v);
    }
    if (secret)
        otlp_doc_set(&S->doc, n, "secret", "true");
    return n;
}

/* Count one element (or confnode attribute); an element not understood is
 * marked recognised="false" in the raw tree (docs/device-document.md). */
static void count(struct st *S, int known, unsigned long line, xmlNodePtr raw)
{
    S->units++;
    if (known) {
        S->recognised++;
        return;
    }
    if (raw != NULL)
        otlp_doc_set(&S->doc, raw, "recognised", "false");
    if (S->n_unrec < MAX_UNREC_LINES)
        S->unrec_lines[S->n_unrec++] = line;
}

static void set_coverage(struct st *S, xmlNodePtr sys)
{
    if (sys == NULL)
        return;
    if (S->units == 0 || S->recognised >= S->units)
        otlp_doc_set(&S->doc, sys, "parse-coverage", "1.000");
    else
        otlp_doc_setf(&S->doc, sys, "parse-coverage", "0.%03lu",
                      (unsigned long)((unsigned long long)S->recognised * 1000ull / S->units));
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

/* The CODESYS data kind of a data element: the part after CDS_URI, or the
 * plain names CODESYS uses for the device tree ("Device", "configurations");
 * NULL for other tools' data. */
static const xmlChar *cds_kind(const xmlChar *name)
{
    size_t l = strlen(CDS_URI);
    if (name == NULL)
        return NULL;
    if (xmlStrncmp(name, (const xmlChar *)CDS_URI, (int)l) == 0)
        return name + l;
    if (xmlStrcmp(name, (const xmlChar *)"Device") == 0 ||
        xmlStrcmp(name, (const xmlChar *)"configurations") == 0)
        return name;
    return NULL;
}

/* ------------------------------------------------------------------ facts */

/* The languages of a POU's bodies, distinct, in order (v2.01 allows several
 * bodies, one per worksheet). */
static void pou_languages(const xmlNode *pou, char *out, size_t n)
{
    xmlNodePtr b;
    unsigned seen = 0;
    size_t o = 0, i;

    out[0] = '\0';
    for (b = pou->children; b != NULL; b = b->next) {
        xmlNodePtr l = is(b, "body") ? first_element(b) : NULL;
        for (i = 0; l != NULL && languages[i] != NULL; i++) {
            if (xmlStrcmp(l->name, (const xmlChar *)languages[i]) != 0 || (seen & (1u << i)))
                continue;
            seen |= 1u << i;
            o += (size_t)snprintf(out + o, n - o, "%s%s", o ? " " : "", languages[i]);
            if (o >= n)
                return;
        }
    }
}

static void emit_pou(struct st *S, const xmlNode *pou, const struct where *w, unsigned long line)
{
    xmlChar *name = attr(pou, "name"), *type = attr(pou, "pouType");
    char langs[64];
    xmlNodePtr f;

    if (blank(name)) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "pou without a name: no program-unit fact");
        goto out;
    }
    f = otlp_doc_fact(&S->doc, "program-unit", line);
    otlp_doc_set(&S->doc, f, "kind", "pou");
    otlp_doc_set(&S->doc, f, "name", (const char *)name);
    if (w->resource != NULL)
        otlp_doc_set(&S->doc, f, "scope", (const char *)w->resource);
    if (!blank(type))
        otlp_doc_set(&S->doc, f, "type", (const char *)type);
    pou_languages(pou, langs, sizeof langs);
    if (langs[0] != '\0')
        otlp_doc_set(&S->doc, f, "language", langs);
out:
    xmlFree(name);
    xmlFree(type);
}

/* CODESYS data element of kind `kind` under n/addData, or NULL. */
static xmlNodePtr cds_data(const xmlNode *n, const char *kind)
{
    xmlNodePtr ad = child(n, "addData"), d;
    for (d = ad ? ad->children : NULL; d != NULL; d = d->next) {
        xmlChar *nm;
        const xmlChar *k;
        int hit;
        if (!is(d, "data"))
            continue;
        nm = attr(d, "name");
        k = cds_kind(nm);
        hit = k != NULL && xmlStrcmp(k, (const xmlChar *)kind) == 0;
        xmlFree(nm);
        if (hit)
            return d;
    }
    return NULL;
}

/* Task kind from CODESYS TaskSettings/@KindOfTask ("Cyclic" seen in real
 * exports; the others are the task types of the CODESYS task configuration,
 * spelling in exports unverified), NULL when absent or unknown. */
static const char *cds_task_kind(const xmlNode *task, xmlChar **interval)
{
    xmlNodePtr d = cds_data(task, "tasksettings"), ts = d ? child(d, "TaskSettings") : NULL;
    xmlChar *k;
    const char *kind = NULL;

    *interval = NULL;
    if (ts == NULL)
        return NULL;
    *interval = attr(ts, "Interval");
    k = attr(ts, "KindOfTask");
    if (k == NULL)
        return NULL;
    if (xmlStrcasecmp(k, (const xmlChar *)"Cyclic") == 0)
        kind = "periodic";
    else if (xmlStrcasecmp(k, (const xmlChar *)"Freewheeling") == 0)
        kind = "continuous";
    else if (xmlStrcasecmp(k, (const xmlChar *)"Event") == 0 ||
             xmlStrcasecmp(k, (const xmlChar *)"ExternalEvent") == 0 ||
             xmlStrcasecmp(k, (const xmlChar *)"Status") == 0)
        kind = "event";
    xmlFree(k);
    return kind;
}

static void emit_task(struct st *S, const xmlNode *task, const struct where *w, unsigned long line)
{
    xmlChar *name = attr(task, "name"), *interval = attr(task, "interval");
    xmlChar *single = attr(task, "single"), *prio = attr(task, "priority"), *cds_iv = NULL;
    const char *kind = cds_task_kind(task, &cds_iv);
    xmlNodePtr f;

    if (blank(name)) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "task without a name: no task fact");
        goto out;
    }
    if (blank(interval)) {
        xmlFree(interval);
        interval = !blank(cds_iv) ? xmlStrdup(cds_iv) : NULL;
    }
    if (kind == NULL) /* TC6: a cyclic task has an interval, a triggered one `single` */
        kind = !blank(interval) ? "periodic" : !blank(single) ? "event" : "unknown";
    f = otlp_doc_fact(&S->doc, "task", line);
    otlp_doc_set(&S->doc, f, "name", (const char *)name);
    otlp_doc_set(&S->doc, f, "kind", kind);
    if (!blank(interval))
        otlp_doc_set(&S->doc, f, "interval", (const char *)interval);
    if (!blank(prio))
        otlp_doc_set(&S->doc, f, "priority", (const char *)prio);
    if (w->resource != NULL)
        otlp_doc_set(&S->doc, f, "resource", (const char *)w->resource);
    if (w->config != NULL)
        otlp_doc_set(&S->doc, f, "configuration", (const char *)w->config);
out:
    xmlFree(name);
    xmlFree(interval);
    xmlFree(single);
    xmlFree(prio);
    xmlFree(cds_iv);
}

/* A TC6 configuration that carries a CODESYS device description is the
 * controller of the CODESYS device tree; its nested device-tree
 * configurations are modules. */
static void emit_device(struct st *S, const xmlNode *cfg, const struct where *w, unsigned long line)
{
    xmlChar *name;
    xmlNodePtr f;

    if (cds_data(cfg, "Device") == NULL)
        return;
    name = attr(cfg, "name");
    if (blank(name)) {
        xmlFree(name);
        return;
    }
    if (!w->devtree) {
        f = otlp_doc_fact(&S->doc, "controller", line);
        otlp_doc_set(&S->doc, f, "name", (const char *)name);
        otlp_doc_set(&S->doc, f, "vendor", "codesys");
        otlp_doc_set(&S->doc, f, "family", "codesys");
    } else {
        f = otlp_doc_fact(&S->doc, "module", line);
        otlp_doc_set(&S->doc, f, "name", (const char *)name);
        if (w->devparent != NULL)
            otlp_doc_set(&S->doc, f, "parent", (const char *)w->devparent);
        if (w->device != NULL)
            otlp_doc_set(&S->doc, f, "controller", (const char *)w->device);
    }
    xmlFree(name);
}

/* ------------------------------------------------------------------ walk */

static void walk(struct st *S, const xmlNode *src, xmlNodePtr raw, const struct where *w,
                 unsigned depth);

/* Read one element of TC6 mode: count it, write its facts, and decide how
 * its children are read. */
static void tc6_element(struct st *S, const xmlNode *e, xmlNodePtr r, const struct where *w,
                        unsigned long line, unsigned depth)
{
    const xmlNode *parent = e->parent;
    struct where sub = *w;
    xmlChar *nm = NULL;

    if (is(parent, "body")) {
        /* the code itself: never read, never kept */
        if (is(e, "addData") || is(e, "documentation"))
            count(S, 1, line, r);
        else
            count(S, in_list(e->name, languages), line, r);
        sub.mode = is(e, "addData") ? M_TC6 : M_OPAQUE;
        walk(S, e, r, &sub, depth);
        return;
    }
    if (is(e, "data") && is(parent, "addData")) {
        const xmlChar *k;
        nm = attr(e, "name");
        k = cds_kind(nm);
        count(S, k != NULL && (in_list(k, cds_known) || xmlStrcmp(k, (const xmlChar *)"Device") == 0 ||
                               xmlStrcmp(k, (const xmlChar *)"configurations") == 0),
              line, r);
        sub.mode = M_RAW;
        if (k != NULL && in_list(k, cds_tc6_payload))
            sub.mode = M_TC6;
        if (k != NULL && xmlStrcmp(k, (const xmlChar *)"configurations") == 0) {
            sub.mode = M_TC6;
            sub.devtree = 1;
        }
        walk(S, e, r, &sub, depth);
        xmlFree(nm);
        return;
    }
    count(S, in_list(e->name, tc6_names), line, r);
    if (!in_list(e->name, tc6_names)) {
        sub.mode = M_RAW;
    } else if (is(e, "initialValue") || is(e, "documentation")) {
        sub.mode = M_OPAQUE; /* values and free text */
    } else if (is(e, "type") || is(e, "baseType") || is(e, "returnType")) {
        sub.mode = M_RAW; /* type declarations: skeleton only */
    } else if (is(e, "pou")) {
        emit_pou(S, e, w, line);
    } else if (is(e, "configuration")) {
        nm = attr(e, "name");
        emit_device(S, e, w, line);
        if (w->devtree) {
            sub.devparent = nm;
        } else {
            sub.config = nm;
            if (cds_data(e, "Device") != NULL)
                sub.device = sub.devparent = nm;
        }
    } else if (is(e, "resource")) {
        nm = attr(e, "name");
        sub.resource = nm;
    } else if (is(e, "task") && is(parent, "resource")) {
        emit_task(S, e, w, line);
    }
    walk(S, e, r, &sub, depth);
    xmlFree(nm);
}

/* The children of `src`, read as w->mode says, copied under `raw`. */
static void walk(struct st *S, const xmlNode *src, xmlNodePtr raw, const struct where *w,
                 unsigned depth)
{
    xmlNodePtr e;
    unsigned limit = S->max_depth ? S->max_depth : DEPTH_FALLBACK;

    if (w->mode == M_OPAQUE)
        return;
    for (e = src->children; e != NULL; e = e->next) {
        unsigned long line;
        xmlNodePtr r;

        if (e->type != XML_ELEMENT_NODE)
            continue; /* text: values, code, comments are never kept */
        if (S->doc.stop)
            return;
        line = otl_node_line(e);
        if (depth + 1 > limit) {
            if (!S->depth_warned) {
                S->host->diag(S->ctx, OTL_DIAG_ERROR, line,
                              "elements nested deeper than %u: not read", limit);
                S->depth_warned = 1;
                otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            }
            continue;
        }
        r = raw_copy(S, raw, e, line);
        if (r == NULL)
            return;
        if (w->mode == M_TC6) {
            otlp_doc_at(&S->doc, line); /* its facts come from this element */
            tc6_element(S, e, r, w, line, depth + 1);
        } else {
            struct where sub = *w;
            /* skeleton of vendor data: still no code and no values */
            if (is(e, "body") || is(e, "xhtml") || is(e, "initialValue") || is(e, "documentation") ||
                is(e, "Value") || in_list(e->name, languages))
                sub.mode = M_OPAQUE;
            walk(S, e, r, &sub, depth + 1);
        }
    }
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
 * contentHeader/@name.  The vendor is lower-cased: it is an identifier. */
static void tc6_system(struct st *S, const xmlNode *root, xmlNodePtr sys)
{
    xmlNodePtr fh = child(root, "fileHeader"), ch = child(root, "contentHeader");
    xmlChar *company = fh ? attr(fh, "companyName") : NULL;
    xmlChar *product = fh ? attr(fh, "productName") : NULL;
    xmlChar *version = fh ? attr(fh, "productVersion") : NULL;
    xmlChar *name = ch ? attr(ch, "name") : NULL;
    const xmlChar *v = !blank(company) ? company : !blank(product) ? product : NULL;

    if (fh == NULL)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, otl_node_line(root),
                      "project without fileHeader: vendor unknown");
    if (v != NULL) {
        char *low = otlp_sanitize((const char *)v, (size_t)xmlStrlen(v));
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
    if (!blank(name))
        otlp_doc_set(&S->doc, sys, "hostname", (const char *)name);
    if (!blank(product))
        otlp_doc_set(&S->doc, sys, "os", (const char *)product);
    if (!blank(version))
        otlp_doc_set(&S->doc, sys, "version", (const char *)version);
    otlp_doc_set(&S->doc, sys, "class", "controller");
    otlp_doc_set(&S->doc, sys, "export-kind", "partial");
    otlp_doc_set(&S->doc, sys, "export-type", "project");
    xmlFree(company);
    xmlFree(product);
    xmlFree(version);
    xmlFree(name);
}

static void parse_tc6(struct st *S, const xmlNode *root)
{
    unsigned long line = otl_node_line(root);
    xmlNodePtr fh = child(root, "fileHeader");
    xmlNodePtr sys = otlp_doc_fact(&S->doc, "system", fh ? otl_node_line(fh) : line);
    xmlNodePtr r;
    struct where w;

    if (sys == NULL)
        return;
    tc6_system(S, root, sys);
    memset(&w, 0, sizeof w);
    w.mode = M_TC6;
    r = raw_copy(S, S->dd->raw, root, line);
    count(S, 1, line, r);
    if (r != NULL)
        walk(S, root, r, &w, 1);
    set_coverage(S, sys);
    coverage_note(S, "elements");
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

static int all_digits(const xmlChar *s)
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
static void server_node(struct st *S, const xmlNode *root, unsigned long line, const char *service,
                        const char *addr_attr, const char *port_attr, const char *default_port)
{
    xmlChar *addr = addr_attr ? attr(root, addr_attr) : NULL, *port = attr(root, port_attr);
    xmlNodePtr f = otlp_doc_fact(&S->doc, "service", line);

    otlp_doc_at(&S->doc, line); /* the node's own attributes */
    otlp_doc_set(&S->doc, f, "name", service);
    otlp_doc_set(&S->doc, f, "enabled", "true");
    if (addr != NULL && !blank(addr))
        otlp_doc_set(&S->doc, f, "address", (const char *)addr);
    if (port == NULL) {
        otlp_doc_at(&S->doc, 0);
        otlp_doc_set(&S->doc, f, "port", default_port);
        otlp_doc_set(&S->doc, f, "defaulted", "true");
    } else if (all_digits(port) && xmlStrlen(port) <= 5) {
        otlp_doc_set(&S->doc, f, "port", (const char *)port);
    } else {
        S->host->diag(S->ctx, OTL_DIAG_NOTE, line, "%s is not a port number (a service name?): port not recorded",
                      port_attr);
    }
    xmlFree(addr);
    xmlFree(port);
}

static void parse_confnode(struct st *S, const xmlNode *root, const struct confnode *cn)
{
    unsigned long line = otl_node_line(root);
    xmlNodePtr sys = otlp_doc_fact(&S->doc, "system", line), r, c;
    xmlAttrPtr a;
    struct where w;

    if (sys == NULL)
        return;
    otlp_doc_set(&S->doc, sys, "vendor", "beremiz");
    otlp_doc_set(&S->doc, sys, "class", "controller");
    otlp_doc_set(&S->doc, sys, "export-kind", "partial");
    otlp_doc_set(&S->doc, sys, "export-type", "config-node");
    /* coverage: the root and each attribute its XSD declares */
    count(S, 1, line, NULL);
    for (a = root->properties; a != NULL; a = a->next) {
        size_t i;
        int known = 0;
        for (i = 0; cn->attrs[i] != NULL; i++)
            if (xmlStrcmp(a->name, (const xmlChar *)cn->attrs[i]) == 0)
                known = 1;
        count(S, known, line, NULL);
    }
    for (c = root->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            count(S, 0, otl_node_line(c), NULL); /* the XSDs declare no children */
    if (strcmp(cn->root, "ModbusServerNode") == 0)
        server_node(S, root, line, "modbus-server", "Local_IP_Address", "Local_Port_Number", "502");
    else if (strcmp(cn->root, "BACnetServerNode") == 0)
        /* Network_Interface is an interface name (XSD default "eth0"), not an address: not recorded */
        server_node(S, root, line, "bacnet-server", NULL, "UDP_Port_Number", "47808");
    memset(&w, 0, sizeof w);
    w.mode = M_RAW;
    r = raw_copy(S, S->dd->raw, root, line);
    if (r != NULL)
        walk(S, root, r, &w, 1);
    set_coverage(S, sys);
    coverage_note(S, "elements and attributes");
}

/* ---------------------------------------------------------- entry points */

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st S;
    xmlDocPtr doc;
    xmlNodePtr root;
    const struct confnode *cn;

    memset(&S, 0, sizeof S);
    S.host = host;
    S.ctx = ctx;
    S.dd = dd;
    otlp_doc_init(&S.doc, host, ctx, dd);
    S.max_depth = host->max_depth;

    doc = host->xml_read(ctx, in->data, in->len);
    if (doc == NULL)
        return OTL_PARSE_FAILED; /* libxml2 reported why, with the line */
    otlp_fix_lines(doc, in);
    root = xmlDocGetRootElement(doc);
    if (root == NULL) {
        host->diag(ctx, OTL_DIAG_ERROR, 0, "no root element");
        xmlFreeDoc(doc);
        return OTL_PARSE_FAILED;
    }
    cn = root->ns == NULL ? find_confnode((const char *)root->name, (size_t)xmlStrlen(root->name)) : NULL;
    if (is(root, "project") && root->ns != NULL && root->ns->href != NULL &&
        xmlStrncmp(root->ns->href, (const xmlChar *)TC6_NS, (int)strlen(TC6_NS)) == 0) {
        parse_tc6(&S, root);
    } else if (cn != NULL) {
        parse_confnode(&S, root, cn);
    } else {
        host->diag(ctx, OTL_DIAG_ERROR, otl_node_line(root),
                   "root element is neither a PLCopen TC6 <project> nor a known Beremiz confnode");
        xmlFreeDoc(doc);
        return OTL_PARSE_FAILED;
    }
    xmlFreeDoc(doc);
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

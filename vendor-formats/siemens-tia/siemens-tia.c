/*
 * siemens-tia.c - format plugin for Siemens TIA Portal exports.
 *
 * Two kinds of file, one plugin (docs/formats/siemens-tia.md):
 *
 *  A. SimaticML: what TIA Openness `Export()` writes for one PLC block, PLC
 *     data type or PLC tag table (.xml).  Root <Document>, first child
 *     <Engineering version="V17"/>, then the object: SW.Blocks.OB|FB|FC|
 *     GlobalDB|InstanceDB|ArrayDB, SW.Types.PlcStruct, SW.Tags.PlcTagTable.
 *     An object is <AttributeList> (its attributes as child elements) plus
 *     <ObjectList> (comments, titles, networks, tags).  A block interface is
 *     AttributeList/Interface/Sections/Section/Member; a Struct member nests
 *     its members; the HMI/OPC UA flags of a member are
 *     <BooleanAttribute Name="ExternalAccessible|ExternalVisible|
 *     ExternalWritable|SetPoint" SystemDefined="true">.  Openness writes an
 *     attribute at its default value only with ExportOptions.WithDefaults, so
 *     an absent flag has its documented default: true for the External*
 *     flags, false for SetPoint (Openness manual, "XML structure of the block
 *     interface section").  Tag-table tags carry the same three flags as
 *     plain AttributeList elements.
 *
 *  B. "CAx data" hardware export (Project > Export CAx data, .aml):
 *     AutomationML, CAEX 2.15, structured after the AR APC recommendation.
 *     Project InternalElement > subnets, device folders > Device (station)
 *     > Rack > device items (CPU, head module, modules) > interfaces > Node.
 *     Roles are <SupportedRoleClass RefRoleClassPath=
 *     "AutomationProjectConfigurationRoleClassLib/ROLE"/> children, values
 *     are <Attribute Name="..."><Value>...</Value></Attribute> children.
 *     The CPU protection settings are not part of the public exports; when
 *     an export carries them under their Openness names, they are read.
 *
 * Both are parsed as trees (host->xml_read): the files are small, and the
 * AML needs look-ahead (an element's roles come after its children).
 */
#include "otlint-plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIFF_BYTES 8192
#define TEXT_MAX 512      /* longest value kept from an element's text */
#define PATH_MAX_LEN 1024 /* longest dotted member path kept */
#define UNREC_LINES 8
#define DEPTH_FALLBACK 256 /* when the host sets no limit */

enum fmt { F_SIMATIC, F_AML };

struct tia {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    enum fmt fmt;
    struct otlp_doc doc; /* the builder: budget, outcome */
    unsigned max_depth;
    int deep_reported;
    /* parse coverage: elements seen in the raw skeleton, and understood */
    unsigned long statements, recognised;
    unsigned long unrec_lines[UNREC_LINES];
    size_t n_unrec;
    size_t tag_facts;
    int tag_note;
    xmlNodePtr system;
    const char *export_type;
    /* dotted path of the member being read */
    char path[PATH_MAX_LEN];
    size_t pathlen;
};

/* ------------------------------------------------------------ small helpers */

static int is_el(const xmlNode *n)
{
    return n != NULL && n->type == XML_ELEMENT_NODE;
}

static int name_is(const xmlNode *n, const char *s)
{
    return is_el(n) && strcmp((const char *)n->name, s) == 0;
}

static xmlNodePtr child(const xmlNode *n, const char *s)
{
    xmlNodePtr c;
    for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
        if (name_is(c, s))
            return c;
    return NULL;
}

static int has_element_child(const xmlNode *n)
{
    const xmlNode *c;
    for (c = n->children; c != NULL; c = c->next)
        if (is_el(c))
            return 1;
    return 0;
}

/* An XML attribute's value as stored in the tree (no copy), NULL when absent
 * or not a plain text value. */
static const char *prop(const xmlNode *n, const char *name)
{
    xmlAttrPtr a;

    if (!is_el(n))
        return NULL;
    for (a = n->properties; a != NULL; a = a->next) {
        if (a->ns != NULL || strcmp((const char *)a->name, name) != 0)
            continue;
        if (a->children == NULL)
            return "";
        if (a->children->type == XML_TEXT_NODE && a->children->next == NULL &&
            a->children->content != NULL)
            return (const char *)a->children->content;
        return NULL;
    }
    return NULL;
}

/* The direct text of an element (text and CDATA children; entity references
 * are not followed), surrounding blanks trimmed, truncated to cap - 1 bytes.
 * Returns the length written. */
static size_t node_text(const xmlNode *n, char *buf, size_t cap)
{
    const xmlNode *c;
    size_t o = 0, s = 0;

    buf[0] = '\0';
    if (!is_el(n))
        return 0;
    for (c = n->children; c != NULL && o < cap - 1; c = c->next) {
        size_t l;
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || c->content == NULL)
            continue;
        l = strlen((const char *)c->content);
        if (l > cap - 1 - o)
            l = cap - 1 - o;
        memcpy(buf + o, c->content, l);
        o += l;
    }
    buf[o] = '\0';
    while (o > 0 && (buf[o - 1] == ' ' || buf[o - 1] == '\t' || buf[o - 1] == '\r' || buf[o - 1] == '\n'))
        buf[--o] = '\0';
    while (s < o && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r' || buf[s] == '\n'))
        s++;
    if (s > 0)
        memmove(buf, buf + s, o - s + 1);
    return o - s;
}

/* Text of the child element `name` of `n` into buf; 1 when it exists. */
static int child_text(const xmlNode *n, const char *name, char *buf, size_t cap, xmlNodePtr *where)
{
    xmlNodePtr c = child(n, name);
    if (where != NULL)
        *where = c;
    buf[0] = '\0';
    if (c == NULL)
        return 0;
    node_text(c, buf, cap);
    return 1;
}

/* Bounded copy, always terminated. */
static void scopy(char *dst, size_t cap, const char *src)
{
    size_t l = strlen(src);
    if (l >= cap)
        l = cap - 1;
    memcpy(dst, src, l);
    dst[l] = '\0';
}

static unsigned long line_of(const xmlNode *n)
{
    return otl_node_line(n);
}

/* What is set next comes from element `src` (NULL: from none of its own;
 * the fact's element line stands). */
static void at(struct tia *T, const xmlNode *src)
{
    otlp_doc_at(&T->doc, src != NULL ? line_of(src) : 0);
}

/* Nesting deeper than host->max_depth is not read. */
static int too_deep(struct tia *T, unsigned depth, unsigned long line)
{
    if (depth <= T->max_depth)
        return 0;
    if (!T->deep_reported)
        T->host->diag(T->ctx, OTL_DIAG_ERROR, line,
                      "elements nested deeper than %u levels; not read", T->max_depth);
    T->deep_reported = 1;
    otlp_doc_status(&T->doc, OTL_PARSE_PARTIAL);
    return 1;
}

/* A dotted firmware or tool version ("V2.9" -> "2.9"), or nothing. */
static void set_version(struct tia *T, xmlNodePtr n, const char *attr, const char *s)
{
    char v[64];
    if (s != NULL && otlp_version(s, v, sizeof v) == 0)
        otlp_doc_set(&T->doc, n, attr, v);
}

/* ------------------------------------------------------------ secrets */

/* Could an attribute or element of this name hold a credential? */
static int secret_name(const char *s)
{
    return otlp_secret_name(s, strlen(s));
}

/* A value under a secret-looking name that cannot be a credential: a
 * boolean, nothing, or the enumeration of a known setting that only says
 * whether a password exists. */
static int harmless_value(const char *name, const char *val)
{
    static const char *const settings[] = {"MasterSecretConfiguration", "PlcMasterSecretConfigurator",
                                           NULL};
    size_t i;

    if (val == NULL || val[0] == '\0' || otlp_parse_bool(val) >= 0)
        return 1;
    for (i = 0; settings[i] != NULL; i++)
        if (strcmp(name, settings[i]) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ raw skeleton */

enum act {
    A_KEEP,  /* element, attributes, text as value, children */
    A_SHELL, /* element and attributes only (code bodies) */
    A_DROP,  /* not kept: data values, comments */
    A_FOLD   /* AML <Value>: becomes the value= of its <Attribute> */
};

static const char *const simatic_drop[] = {
    "StartValue", "Comment", "MultilingualText", "Subelement", "NetworkSource", NULL};

static enum act simatic_act(const xmlNode *n)
{
    size_t i;

    for (i = 0; simatic_drop[i] != NULL; i++)
        if (name_is(n, simatic_drop[i]))
            return A_DROP;
    /* a user constant's value is data */
    if (name_is(n, "Value") && n->parent != NULL && n->parent->parent != NULL &&
        name_is(n->parent->parent, "SW.Tags.PlcUserConstant"))
        return A_DROP;
    if (name_is(n, "SW.Blocks.CompileUnit"))
        return A_SHELL;
    return A_KEEP;
}

static enum act aml_act(const xmlNode *n)
{
    if (name_is(n, "Value") && name_is(n->parent, "Attribute"))
        return A_FOLD;
    /* defaults and free text describe, they do not configure */
    if (name_is(n, "DefaultValue") || name_is(n, "Description"))
        return A_DROP;
    return A_KEEP;
}

/* SimaticML elements and attributes this plugin knows (Openness manual,
 * SW.*.xsd element names as seen in real exports V15.1-V20). */
static const char *const simatic_known[] = {
    "Document", "Engineering", "DocumentInfo", "Created", "ExportSetting", "InstalledProducts",
    "Product", "OptionPackage", "DisplayName", "DisplayVersion",
    "SW.Types.PlcStruct", "SW.Tags.PlcTagTable", "SW.Tags.PlcTag", "SW.Tags.PlcUserConstant",
    "SW.Tags.PlcSystemConstant", "SW.Blocks.CompileUnit",
    "AttributeList", "ObjectList", "Interface", "Sections", "Section", "Member",
    "BooleanAttribute", "StringAttribute", "IntegerAttribute", "DateAttribute", "RealAttribute",
    /* block attributes */
    "AutoNumber", "CodeModifiedDate", "CompileDate", "CreationDate", "DBAccessibleFromOPCUA",
    "DBAccessibleFromWebserver", "DownloadWithoutReinit", "HandleErrorsWithinBlock",
    "HeaderAuthor", "HeaderFamily", "HeaderName", "HeaderVersion", "InstanceOfName",
    "InstanceOfNumber", "InstanceOfType", "InterfaceModifiedDate", "IsConsistent",
    "IsIECCheckEnabled", "IsKnowHowProtected", "IsOnlyStoredInLoadMemory", "IsPLCDB",
    "IsRetainMemResEnabled", "IsWriteProtected", "IsWriteProtectedInAS", "ISMultiInstanceCapable",
    "IsFailsafeCompliant", "LibraryConformanceStatus", "MemoryLayout", "MemoryReserve",
    "ModifiedDate", "Name", "Namespace", "Number", "OfSystemLibElement", "OfSystemLibVersion",
    "ParameterModified", "ParameterPassing", "PLCSimAdvancedSupport", "ProgrammingLanguage",
    "SecondaryType", "SetENOAutomatically", "StructureModified", "UDABlockProperties",
    "UDAEnableTagReadback", "ArrayDataType", "ArrayLimitUpperBound", "GraphVersion",
    /* tag and tag-table attributes */
    "DataTypeName", "ExternalAccessible", "ExternalVisible", "ExternalWritable", "LogicalAddress",
    "Value", "IsDefault", NULL};

static const char *block_type(const char *elname)
{
    static const char *const types[] = {"OB", "FB", "FC", "GlobalDB", "InstanceDB", "ArrayDB", NULL};
    size_t i;

    if (strncmp(elname, "SW.Blocks.", 10) != 0)
        return NULL;
    for (i = 0; types[i] != NULL; i++)
        if (strcmp(elname + 10, types[i]) == 0)
            return types[i];
    return NULL;
}

static int in_list(const char *const *list, const char *s)
{
    size_t i;
    for (i = 0; list[i] != NULL; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* CAEX elements, and the names of the TIA attributes read or seen in real
 * CAx exports. */
static const char *const caex_known[] = {
    "CAEXFile", "AdditionalInformation", "WriterHeader", "WriterName", "WriterID", "WriterVendor",
    "WriterVendorURL", "WriterVersion", "WriterRelease", "LastWritingDateTime",
    "WriterProjectTitle", "WriterProjectID", "Document", "SuperiorStandardVersion",
    "SourceDocumentInformation", "ExternalReference", "InstanceHierarchy", "InternalElement",
    "ExternalInterface", "InternalLink", "SupportedRoleClass", "RoleRequirements", "RefSemantic",
    "Version", "Revision", "Copyright", "Attribute", "RoleClassLib", "RoleClass",
    "InterfaceClassLib", "InterfaceClass", "SystemUnitClassLib", "SystemUnitClass",
    "AttributeTypeLib", "AttributeType", "MappingObject", NULL};

static const char *const aml_attr_known[] = {
    "TypeIdentifier", "TypeName", "DeviceItemType", "PositionNumber", "BuiltIn",
    "FirmwareVersion", "OrderNumber", "InstallationDate", "Label", "Address", "StartAddress",
    "Length", "IoType", "Type", "Number", "NetworkAddress", "SubnetMask", "RouterAddress",
    "UseRouter", "IpProtocolSelection", "ProfinetDeviceName", "PnDeviceName",
    "PnDeviceNameAutoGeneration", "Comment", "Author", "ProjectManufacturer", "ProjectSign",
    "ProjectRevision", "ProjectInformation", "LogicalAddress", "DataType", "Customized",
    /* CPU settings under their TIA Openness names */
    "PlcProtectionAccessLevel", "PlcAccessControlConfiguration",
    "ProtectionEnablePutGetCommunication", "WebserverActivate", "OpcUaServer",
    "MasterSecretConfiguration", "PlcMasterSecretConfigurator", "DisplayProtection", NULL};

static int element_known(const struct tia *T, const xmlNode *n)
{
    const char *nm = (const char *)n->name;

    if (T->fmt == F_SIMATIC)
        return block_type(nm) != NULL || in_list(simatic_known, nm);
    if (!in_list(caex_known, nm))
        return 0;
    if (strcmp(nm, "Attribute") == 0) {
        const char *an = prop(n, "Name");
        /* members of an attribute list (Address/1/StartAddress) are data */
        if (name_is(n->parent, "Attribute"))
            return 1;
        return an != NULL && in_list(aml_attr_known, an);
    }
    return 1;
}

static void note_unrecognised(struct tia *T, xmlNodePtr raw, unsigned long line)
{
    if (T->n_unrec < UNREC_LINES)
        T->unrec_lines[T->n_unrec++] = line;
    otlp_doc_set(&T->doc, raw, "recognised", "false");
}

/* Copy the attributes of `src` to `dst`, redacting what may be a credential.
 * Namespaced attributes (xsi:noNamespaceSchemaLocation) keep their local
 * name unless a plain attribute has it. */
static void copy_attrs(struct tia *T, const xmlNode *src, xmlNodePtr dst)
{
    xmlAttrPtr a;

    for (a = src->properties; a != NULL && !T->doc.oom; a = a->next) {
        const char *nm = (const char *)a->name;
        xmlChar *v;
        char buf[TEXT_MAX + 1];

        if (a->ns != NULL && xmlHasNsProp(src, a->name, NULL) != NULL)
            continue;
        v = xmlNodeListGetString(src->doc, a->children, 1);
        scopy(buf, sizeof buf, v != NULL ? (const char *)v : "");
        xmlFree(v);
        if (secret_name(nm) && !harmless_value(nm, buf)) {
            otlp_doc_set(&T->doc, dst, nm, OTL_REDACTED);
            otlp_doc_set(&T->doc, dst, "secret", "true");
            continue;
        }
        otlp_doc_set(&T->doc, dst, nm, buf);
    }
}

/* The value= of a raw element: the element's own text (SimaticML leaf
 * attributes) or its <Value> child (CAEX Attribute). */
static void copy_value(struct tia *T, const xmlNode *src, xmlNodePtr dst)
{
    char buf[TEXT_MAX + 1];
    const xmlNode *from = src;
    const char *key = (const char *)src->name;

    if (T->fmt == F_AML) {
        if (!name_is(src, "Attribute"))
            from = has_element_child(src) ? NULL : src;
        else {
            from = child(src, "Value");
            key = prop(src, "Name") != NULL ? prop(src, "Name") : "";
        }
    } else if (has_element_child(src)) {
        from = NULL;
    }
    if (from == NULL || node_text(from, buf, sizeof buf) == 0)
        return;
    if (prop(src, "value") != NULL)
        return; /* the vendor's own attribute wins */
    if (secret_name(key) && !harmless_value(key, buf)) {
        otlp_doc_set(&T->doc, dst, "value", OTL_REDACTED);
        otlp_doc_set(&T->doc, dst, "secret", "true");
        return;
    }
    otlp_doc_set(&T->doc, dst, "value", buf);
}

static void raw_children(struct tia *T, const xmlNode *src, xmlNodePtr dst, unsigned depth)
{
    xmlNodePtr c;

    for (c = src->children; c != NULL && !T->doc.stop; c = c->next) {
        enum act a;
        xmlNodePtr n;
        unsigned long line;

        if (!is_el(c))
            continue;
        a = T->fmt == F_SIMATIC ? simatic_act(c) : aml_act(c);
        if (a == A_DROP || a == A_FOLD)
            continue;
        line = line_of(c);
        if (too_deep(T, depth, line))
            continue;
        n = otlp_doc_node(&T->doc, dst, (const char *)c->name, line);
        if (n == NULL)
            return;
        copy_attrs(T, c, n);
        T->statements++;
        if (element_known(T, c))
            T->recognised++;
        else
            note_unrecognised(T, n, line);
        if (a == A_SHELL)
            continue;
        copy_value(T, c, n);
        raw_children(T, c, n, depth + 1);
    }
}

static void build_raw(struct tia *T, const xmlNode *root)
{
    xmlNodePtr n;

    n = otlp_doc_node(&T->doc, T->dd->raw, (const char *)root->name, line_of(root));
    if (n == NULL)
        return;
    copy_attrs(T, root, n);
    T->statements++;
    T->recognised++;
    raw_children(T, root, n, 2);
}

/* ------------------------------------------------------------ tag access */

/* Effective access of a member: its own flags, bounded by those of the
 * structure it is part of (TIA greys out a member's flags below a parent
 * that is not accessible/writable).  *_def: the value rests on a flag that
 * was not written, i.e. on the documented default. */
struct access {
    int acc, wr;
    int acc_def, wr_def;
};

static void eval_access(const struct access *parent, int acc_own, int wr_own, struct access *f)
{
    if (parent != NULL && !parent->acc) {
        f->acc = 0;
        f->acc_def = parent->acc_def;
    } else {
        f->acc = acc_own != 0;
        f->acc_def = acc_own < 0 || (acc_own > 0 && parent != NULL && parent->acc_def);
    }
    if (!f->acc) {
        f->wr = 0;
        f->wr_def = 0;
    } else if (parent != NULL && !parent->wr) {
        f->wr = 0;
        f->wr_def = parent->wr_def;
    } else {
        f->wr = wr_own != 0;
        f->wr_def = wr_own < 0 || (wr_own > 0 && parent != NULL && parent->wr_def);
    }
}

/* A boolean flag: 1/0, -1 when absent (or unreadable: reported, then the
 * default applies). */
static int flag_value(struct tia *T, const xmlNode *el, const char *what)
{
    char buf[32];
    int b;

    if (el == NULL)
        return -1;
    node_text(el, buf, sizeof buf);
    b = otlp_parse_bool(buf);
    if (b < 0)
        T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(el),
                      "%s is not true or false; its default is used", what);
    return b;
}

/* <BooleanAttribute Name="name"> of a member's AttributeList. */
static xmlNodePtr member_flag(const xmlNode *member, const char *name)
{
    xmlNodePtr al = child(member, "AttributeList"), c;
    const char *nm;

    for (c = al != NULL ? al->children : NULL; c != NULL; c = c->next)
        if (name_is(c, "BooleanAttribute") && (nm = prop(c, "Name")) != NULL && strcmp(nm, name) == 0)
            return c;
    return NULL;
}

struct group {
    const char *name;
    int safety;
    unsigned long tags, rw, ro, none, safety_rw;
    char first[256];
    unsigned long first_line; /* of the first writable tag */
};

static void path_push(struct tia *T, const char *name)
{
    size_t l = strlen(name), room;

    if (T->pathlen > 0 && T->pathlen < sizeof T->path - 1)
        T->path[T->pathlen++] = '.';
    room = sizeof T->path - 1 - T->pathlen;
    if (l > room)
        l = room;
    memcpy(T->path + T->pathlen, name, l);
    T->pathlen += l;
    T->path[T->pathlen] = '\0';
}

static void path_pop(struct tia *T, size_t to)
{
    T->pathlen = to;
    T->path[to] = '\0';
}

/* Count the tag T->path in its group; read-write ones get a fact. */
static void count_tag(struct tia *T, struct group *g, unsigned long line, const char *datatype,
                      const struct access *f, int setpoint)
{
    xmlNodePtr n;

    at(T, NULL); /* a tag's attributes: its element's line */
    g->tags++;
    if (!f->acc) {
        g->none++;
        return;
    }
    if (!f->wr) {
        g->ro++;
        return;
    }
    g->rw++;
    if (g->safety)
        g->safety_rw++;
    if (g->first[0] == '\0') {
        scopy(g->first, sizeof g->first, T->path);
        g->first_line = line;
    }
    if (T->tag_facts >= OTLP_MAX_TAG_FACTS) {
        if (!T->tag_note)
            T->host->diag(T->ctx, OTL_DIAG_NOTE, line,
                          "more than %d writable tags: the rest are only counted in their tag-group",
                          OTLP_MAX_TAG_FACTS);
        T->tag_note = 1;
        return;
    }
    T->tag_facts++;
    n = otlp_doc_fact(&T->doc, "tag", line);
    otlp_doc_set(&T->doc, n, "name", T->path);
    otlp_doc_set(&T->doc, n, "scope", g->name);
    otlp_doc_set(&T->doc, n, "access", "read-write");
    if (datatype != NULL && datatype[0] != '\0')
        otlp_doc_set(&T->doc, n, "datatype", datatype);
    if (setpoint >= 0)
        otlp_doc_setb(&T->doc, n, "setpoint", setpoint);
    if (g->safety)
        otlp_doc_setb(&T->doc, n, "safety", 1);
    if (f->acc_def || f->wr_def)
        otlp_doc_setb(&T->doc, n, "defaulted", 1);
}

/* A member of a block interface.  A Struct lists its members inside it; a
 * member of a PLC data type (UDT) is one tag here: its <Sections> only repeat
 * the UDT's members whose start values were edited, not the type. */
static void member(struct tia *T, struct group *g, const xmlNode *m, const struct access *parent,
                   unsigned depth)
{
    const char *nm = prop(m, "Name");
    size_t save = T->pathlen;
    struct access f;
    xmlNodePtr c;
    int nested = 0;

    if (too_deep(T, depth, line_of(m)))
        return;
    path_push(T, nm != NULL ? nm : "?");
    eval_access(parent, flag_value(T, member_flag(m, "ExternalAccessible"), "ExternalAccessible"),
                flag_value(T, member_flag(m, "ExternalWritable"), "ExternalWritable"), &f);
    for (c = m->children; c != NULL && !T->doc.oom; c = c->next)
        if (name_is(c, "Member")) {
            nested = 1;
            member(T, g, c, &f, depth + 1);
        }
    if (!nested)
        count_tag(T, g, line_of(m), prop(m, "Datatype"), &f,
                  flag_value(T, member_flag(m, "SetPoint"), "SetPoint"));
    path_pop(T, save);
}

static void finish_group(struct tia *T, xmlNodePtr tg, const struct group *g)
{
    at(T, NULL); /* counts of the whole group */
    otlp_doc_setu(&T->doc, tg, "tags", g->tags);
    otlp_doc_setu(&T->doc, tg, "writable", g->rw);
    otlp_doc_setu(&T->doc, tg, "read-only", g->ro);
    otlp_doc_setu(&T->doc, tg, "no-access", g->none);
    otlp_doc_at(&T->doc, g->first_line);
    if (g->first[0] != '\0')
        otlp_doc_set(&T->doc, tg, "first-writable", g->first);
    at(T, NULL);
    if (g->safety)
        otlp_doc_setu(&T->doc, tg, "safety-writable", g->safety_rw);
}

/* ------------------------------------------------------------ SimaticML */

/* A boolean block attribute (AttributeList child) as a fact attribute. */
static int block_bool(struct tia *T, xmlNodePtr pu, const xmlNode *al, const char *el, const char *attr)
{
    xmlNodePtr c = child(al, el);
    char buf[32];
    int b;

    if (c == NULL)
        return -1;
    node_text(c, buf, sizeof buf);
    b = otlp_parse_bool(buf);
    if (b < 0) {
        T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(c), "%s is not true or false; ignored", el);
        return -1;
    }
    at(T, c);
    otlp_doc_setb(&T->doc, pu, attr, b);
    at(T, NULL);
    return b;
}

/* The tags of a data block: the Static section (global and array DBs), and
 * the parameters and statics of the FB for an instance DB (Temp and
 * Constant are not in a DB). */
static void db_tags(struct tia *T, const xmlNode *blk, const xmlNode *al, const char *type,
                    const char *name, int safety, int opcua)
{
    struct group g;
    xmlNodePtr tg, secs, s, m;
    int idb = strcmp(type, "InstanceDB") == 0;

    at(T, NULL);
    memset(&g, 0, sizeof g);
    g.name = name;
    g.safety = safety;
    tg = otlp_doc_fact(&T->doc, "tag-group", line_of(blk));
    otlp_doc_set(&T->doc, tg, "kind", "db");
    otlp_doc_set(&T->doc, tg, "name", name);
    if (opcua >= 0)
        otlp_doc_setb(&T->doc, tg, "opcua", opcua);
    secs = child(child(al, "Interface"), "Sections");
    if (secs == NULL)
        T->host->diag(T->ctx, OTL_DIAG_NOTE, line_of(blk),
                      "data block without an exported interface: no tags counted");
    for (s = secs != NULL ? secs->children : NULL; s != NULL && !T->doc.oom; s = s->next) {
        const char *sn = prop(s, "Name");
        if (!name_is(s, "Section") || sn == NULL)
            continue;
        if (!(strcmp(sn, "Static") == 0 ||
              (idb && (strcmp(sn, "Input") == 0 || strcmp(sn, "Output") == 0 || strcmp(sn, "InOut") == 0))))
            continue;
        for (m = s->children; m != NULL && !T->doc.oom; m = m->next)
            if (name_is(m, "Member")) {
                path_pop(T, 0);
                member(T, &g, m, NULL, 7);
            }
    }
    path_pop(T, 0);
    finish_group(T, tg, &g);
}

static void simatic_block(struct tia *T, const xmlNode *blk, const char *type)
{
    xmlNodePtr al = child(blk, "AttributeList"), pu;
    char name[256], lang[64];
    int safety = 0, opcua;

    at(T, NULL);
    child_text(al, "Name", name, sizeof name, NULL);
    if (name[0] == '\0')
        T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(blk), "block without a Name");
    pu = otlp_doc_fact(&T->doc, "program-unit", line_of(blk));
    otlp_doc_set(&T->doc, pu, "kind", "block");
    otlp_doc_set(&T->doc, pu, "name", name);
    otlp_doc_set(&T->doc, pu, "type", type);
    if (child_text(al, "ProgrammingLanguage", lang, sizeof lang, NULL) && lang[0] != '\0') {
        otlp_doc_set(&T->doc, pu, "language", lang);
        /* fail-safe blocks are written in F_LAD, F_FBD, F_DB, ... */
        safety = strncmp(lang, "F_", 2) == 0;
        otlp_doc_setb(&T->doc, pu, "safety", safety);
    }
    block_bool(T, pu, al, "IsKnowHowProtected", "protected");
    block_bool(T, pu, al, "IsWriteProtectedInAS", "write-protected");
    opcua = block_bool(T, pu, al, "DBAccessibleFromOPCUA", "opcua");
    if (strcmp(type, "GlobalDB") == 0 || strcmp(type, "InstanceDB") == 0 || strcmp(type, "ArrayDB") == 0)
        db_tags(T, blk, al, type, name, safety, opcua);
}

static void simatic_tagtable(struct tia *T, const xmlNode *tt)
{
    xmlNodePtr al = child(tt, "AttributeList"), tg, c;
    char name[256];
    struct group g;

    at(T, NULL);
    child_text(al, "Name", name, sizeof name, NULL);
    memset(&g, 0, sizeof g);
    g.name = name;
    tg = otlp_doc_fact(&T->doc, "tag-group", line_of(tt));
    otlp_doc_set(&T->doc, tg, "kind", "tag-table");
    otlp_doc_set(&T->doc, tg, "name", name);
    c = child(tt, "ObjectList");
    for (c = c != NULL ? c->children : NULL; c != NULL && !T->doc.oom; c = c->next) {
        xmlNodePtr tal;
        char tname[256], dt[128];
        struct access f;

        /* user and system constants are not tags: nothing writes them */
        if (!name_is(c, "SW.Tags.PlcTag"))
            continue;
        tal = child(c, "AttributeList");
        child_text(tal, "Name", tname, sizeof tname, NULL);
        child_text(tal, "DataTypeName", dt, sizeof dt, NULL);
        eval_access(NULL, flag_value(T, child(tal, "ExternalAccessible"), "ExternalAccessible"),
                    flag_value(T, child(tal, "ExternalWritable"), "ExternalWritable"), &f);
        path_pop(T, 0);
        path_push(T, tname);
        count_tag(T, &g, line_of(c), dt, &f, -1);
    }
    path_pop(T, 0);
    finish_group(T, tg, &g);
}

static void simatic(struct tia *T, const xmlNode *root)
{
    xmlNodePtr c;
    const char *type;

    for (c = root->children; c != NULL && !T->doc.oom; c = c->next) {
        if (!is_el(c))
            continue;
        if (name_is(c, "Engineering")) {
            set_version(T, T->system, "version", prop(c, "version"));
        } else if ((type = block_type((const char *)c->name)) != NULL) {
            if (T->export_type == NULL)
                T->export_type = "block";
            simatic_block(T, c, type);
        } else if (name_is(c, "SW.Types.PlcStruct")) {
            if (T->export_type == NULL)
                T->export_type = "datatype";
        } else if (name_is(c, "SW.Tags.PlcTagTable")) {
            if (T->export_type == NULL)
                T->export_type = "tag-table";
            simatic_tagtable(T, c);
        }
    }
}

/* ------------------------------------------------------------ AutomationML */

enum role {
    R_PROJECT = 1u << 0,
    R_DEVICE = 1u << 1,
    R_ITEM = 1u << 2,
    R_IFACE = 1u << 3,
    R_NODE = 1u << 4,
    R_NODE_ETH = 1u << 5,
    R_IOSYSTEM = 1u << 6
};

static unsigned roles_of(const xmlNode *ie)
{
    static const struct {
        const char *name;
        unsigned bit;
    } map[] = {{"AutomationProject", R_PROJECT}, {"Device", R_DEVICE}, {"DeviceItem", R_ITEM},
               {"CommunicationInterface", R_IFACE}, {"Node", R_NODE}, {"NodeEthernet", R_NODE_ETH},
               {"IoSystem", R_IOSYSTEM}};
    unsigned r = 0;
    xmlNodePtr c;
    size_t i;

    for (c = ie->children; c != NULL; c = c->next) {
        const char *p = NULL, *s;
        if (name_is(c, "SupportedRoleClass"))
            p = prop(c, "RefRoleClassPath");
        else if (name_is(c, "RoleRequirements"))
            p = prop(c, "RefBaseRoleClassPath");
        if (p == NULL)
            continue;
        s = strrchr(p, '/');
        s = s != NULL ? s + 1 : p;
        for (i = 0; i < sizeof map / sizeof map[0]; i++)
            if (strcmp(s, map[i].name) == 0)
                r |= map[i].bit;
    }
    return r;
}

/* <Attribute Name="key"> of an internal element, its <Value> text in buf.
 * 1 when present with a non-empty value. */
static int aml_attr(const xmlNode *ie, const char *key, char *buf, size_t cap, xmlNodePtr *where)
{
    xmlNodePtr c;
    const char *nm;

    buf[0] = '\0';
    if (where != NULL)
        *where = NULL;
    for (c = ie->children; c != NULL; c = c->next) {
        if (!name_is(c, "Attribute") || (nm = prop(c, "Name")) == NULL || strcmp(nm, key) != 0)
            continue;
        if (where != NULL)
            *where = c;
        node_text(child(c, "Value"), buf, cap);
        return buf[0] != '\0';
    }
    return 0;
}

/* Order number from TypeIdentifier "OrderNumber:6ES7 516-3AN02-0AB0/V2.9",
 * else the OrderNumber attribute. */
static int order_number(const xmlNode *ie, const char *typeid, char *buf, size_t cap)
{
    if (strncmp(typeid, "OrderNumber:", 12) == 0) {
        const char *s = typeid + 12, *e = strchr(s, '/');
        size_t l = e != NULL ? (size_t)(e - s) : strlen(s);
        if (l >= cap)
            l = cap - 1;
        memcpy(buf, s, l);
        buf[l] = '\0';
        return l > 0;
    }
    return aml_attr(ie, "OrderNumber", buf, cap, NULL);
}

/* Is this TypeIdentifier a GSD station or rack, not a module?
 * "GSD:<file>.XML/D" is a station, "GSD:<file>.XML/R/..." a rack. */
static int gsd_container(const char *typeid)
{
    const char *p;
    size_t i, n = strlen(typeid);

    for (i = 0; i + 5 <= n; i++)
        if (strncasecmp(typeid + i, ".xml/", 5) == 0) {
            p = typeid + i + 5;
            return (p[0] == 'D' || p[0] == 'R') && (p[1] == '\0' || p[1] == '/');
        }
    return 0;
}

/* Controller family from a SIMATIC order number (6ES7 / SIPLUS 6AG1, 6AG2):
 * 6ES7 21x = S7-1200, 6ES7 510-1D/-1S and 512-1D/-1S = ET 200SP CPU,
 * other 6ES7 51x = S7-1500, 31x = S7-300, 41x = S7-400. */
static const char *family_of(const char *order)
{
    char d[16];
    size_t o = 0;

    for (; *order != '\0' && o < sizeof d - 1; order++)
        if ((*order >= '0' && *order <= '9') || (*order >= 'A' && *order <= 'Z') ||
            (*order >= 'a' && *order <= 'z'))
            d[o++] = (char)(*order >= 'a' && *order <= 'z' ? *order - 'a' + 'A' : *order);
    d[o] = '\0';
    if (o < 9 || !(strncmp(d, "6ES7", 4) == 0 || strncmp(d, "6AG1", 4) == 0 || strncmp(d, "6AG2", 4) == 0))
        return NULL;
    if (d[4] == '2' && d[5] == '1')
        return "s7-1200";
    if (d[4] == '5' && d[5] == '1') {
        if ((d[6] == '0' || d[6] == '2') && d[7] == '1' && (d[8] == 'D' || d[8] == 'S'))
            return "et200sp";
        return "s7-1500";
    }
    if (d[4] == '3' && d[5] == '1')
        return "s7-300";
    if (d[4] == '4' && d[5] == '1')
        return "s7-400";
    return NULL;
}

/* Firmware: FirmwareVersion, else the "/V2.9" suffix of the TypeIdentifier. */
static void set_firmware(struct tia *T, xmlNodePtr n, const xmlNode *ie, const char *typeid)
{
    char fw[64];
    const char *v;
    xmlNodePtr where;

    if (aml_attr(ie, "FirmwareVersion", fw, sizeof fw, &where)) {
        at(T, where);
        set_version(T, n, "firmware", fw);
        at(T, NULL);
        return;
    }
    v = strrchr(typeid, '/');
    if (v != NULL && (v[1] == 'V' || v[1] == 'v') && v[2] >= '0' && v[2] <= '9') {
        char tid[8];
        aml_attr(ie, "TypeIdentifier", tid, sizeof tid, &where);
        at(T, where);
        set_version(T, n, "firmware", v + 1);
        at(T, NULL);
    }
}

/* The plugged modules and CPUs have a catalog identity; built-in
 * sub-items (interfaces, ports, on-board I/O) do not. */
static int is_catalog_item(const char *typeid)
{
    return strncmp(typeid, "OrderNumber:", 12) == 0 ||
           (strncmp(typeid, "GSD:", 4) == 0 && !gsd_container(typeid));
}

static int is_cpu(const xmlNode *ie)
{
    char dit[32], tn[64], tid[128];

    if (aml_attr(ie, "DeviceItemType", dit, sizeof dit, NULL))
        return strcasecmp(dit, "CPU") == 0;
    /* without DeviceItemType: a catalog item whose type name says CPU */
    return aml_attr(ie, "TypeName", tn, sizeof tn, NULL) && strncmp(tn, "CPU ", 4) == 0 &&
           aml_attr(ie, "TypeIdentifier", tid, sizeof tid, NULL) && strncmp(tid, "OrderNumber:", 12) == 0;
}

/* Links interface <-> IO system: which station's modules a CPU controls. */
struct iolink {
    const char *id;  /* an element linked to an IO system */
    const char *cpu; /* the CPU owning that IO system */
};

struct aml {
    struct iolink *sys;   /* IO systems: id = the IoSystem element */
    size_t nsys, capsys;
    struct iolink *peer;  /* link ends "ID:EndPoint" facing an IO system */
    size_t npeer, cappeer;
};

static int push_link(struct tia *T, struct iolink **v, size_t *n, size_t *cap, const char *id,
                     const char *cpu)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct iolink *nv = realloc(*v, nc * sizeof *nv);
        if (nv == NULL) {
            otlp_doc_nomem(&T->doc);
            return -1;
        }
        *v = nv;
        *cap = nc;
    }
    (*v)[*n].id = id;
    (*v)[(*n)++].cpu = cpu;
    return 0;
}

static int cmp_link(const void *a, const void *b)
{
    return strcmp(((const struct iolink *)a)->id, ((const struct iolink *)b)->id);
}

static const char *find_link(const struct iolink *v, size_t n, const char *id)
{
    struct iolink key, *hit;

    if (n == 0 || id == NULL)
        return NULL;
    key.id = id;
    key.cpu = NULL;
    hit = bsearch(&key, v, n, sizeof *v, cmp_link);
    return hit != NULL ? hit->cpu : NULL;
}

/* The element ID of a link side "GUID:LogicalEndPoint_X" (copied to buf). */
static const char *link_side(const char *ref, char *buf, size_t cap)
{
    const char *c;
    size_t l;

    if (ref == NULL)
        return NULL;
    c = strchr(ref, ':');
    l = c != NULL ? (size_t)(c - ref) : strlen(ref);
    if (l == 0 || l >= cap)
        return NULL;
    memcpy(buf, ref, l);
    buf[l] = '\0';
    return buf;
}

/* Pass 1: IO systems with their CPU. */
static void collect_iosystems(struct tia *T, struct aml *A, const xmlNode *n, const char *cpu,
                              unsigned depth)
{
    xmlNodePtr c;

    if (depth > T->max_depth)
        return;
    for (c = n->children; c != NULL && !T->doc.oom; c = c->next) {
        const char *here = cpu, *id;
        if (!name_is(c, "InternalElement"))
            continue;
        if (is_cpu(c))
            here = prop(c, "Name");
        if ((roles_of(c) & R_IOSYSTEM) && (id = prop(c, "ID")) != NULL && here != NULL)
            push_link(T, &A->sys, &A->nsys, &A->capsys, id, here);
        collect_iosystems(T, A, c, here, depth + 1);
    }
}

/* Pass 2: InternalLinks with an IO system on one side.  The other side is
 * kept as the reference string of the tree ("ID:EndPoint"). */
static void collect_peers(struct tia *T, struct aml *A, const xmlNode *n, unsigned depth)
{
    xmlNodePtr c;

    if (depth > T->max_depth)
        return;
    for (c = n->children; c != NULL && !T->doc.oom; c = c->next) {
        if (name_is(c, "InternalLink")) {
            char a[128], b[128];
            const char *ra = prop(c, "RefPartnerSideA"), *rb = prop(c, "RefPartnerSideB");
            const char *ca = find_link(A->sys, A->nsys, link_side(ra, a, sizeof a));
            const char *cb = find_link(A->sys, A->nsys, link_side(rb, b, sizeof b));
            if (ca != NULL && rb != NULL)
                push_link(T, &A->peer, &A->npeer, &A->cappeer, rb, ca);
            if (cb != NULL && ra != NULL)
                push_link(T, &A->peer, &A->npeer, &A->cappeer, ra, cb);
        } else if (is_el(c)) {
            collect_peers(T, A, c, depth + 1);
        }
    }
}

/* Compare an element ID with a link reference "ID:EndPoint" or "ID". */
static int cmp_peer(const void *a, const void *b)
{
    const char *x = ((const struct iolink *)a)->id, *y = ((const struct iolink *)b)->id;
    for (; *x != '\0' && *x != ':' && *y != '\0' && *y != ':'; x++, y++)
        if (*x != *y)
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
    if ((*x == '\0' || *x == ':') && (*y == '\0' || *y == ':'))
        return 0;
    return (*x == '\0' || *x == ':') ? -1 : 1;
}

/* The CPU whose IO system a station (Device element) is linked to. */
static const char *io_controller(struct tia *T, const struct aml *A, const xmlNode *dev, unsigned depth)
{
    xmlNodePtr c;

    if (A->npeer == 0 || depth > T->max_depth)
        return NULL;
    for (c = dev->children; c != NULL; c = c->next) {
        const char *id, *cpu;
        struct iolink key, *hit;
        if (!name_is(c, "InternalElement"))
            continue;
        if ((id = prop(c, "ID")) != NULL) {
            key.id = id;
            key.cpu = NULL;
            hit = bsearch(&key, A->peer, A->npeer, sizeof *A->peer, cmp_peer);
            if (hit != NULL)
                return hit->cpu;
        }
        if ((cpu = io_controller(T, A, c, depth + 1)) != NULL)
            return cpu;
    }
    return NULL;
}

/* The first CPU of a station. */
static const char *station_cpu(struct tia *T, const xmlNode *n, unsigned depth)
{
    xmlNodePtr c;

    if (depth > T->max_depth)
        return NULL;
    for (c = n->children; c != NULL; c = c->next) {
        const char *r;
        if (!name_is(c, "InternalElement") || (roles_of(c) & R_DEVICE))
            continue;
        if (is_cpu(c))
            return prop(c, "Name");
        if ((r = station_cpu(T, c, depth + 1)) != NULL)
            return r;
    }
    return NULL;
}

/* What the walk knows about the place of an element. */
struct where {
    const char *device;   /* station (Device) name */
    const char *st_cpu;   /* the station's own CPU */
    const char *ctrl;     /* the station's CPU, else the CPU of its IO system */
    const char *cpu;      /* enclosing CPU */
    const char *head;     /* enclosing CPU, head module or module, else the station */
    int head_item;        /* head is a CPU or head module */
    const char *iface;    /* enclosing communication interface */
};

/* CPU settings, as TIA Openness names them (GetAttribute on the CPU and its
 * built-in sub-items such as "OPC UA" and the display). */
struct cpuprot {
    const char *access_level;
    int full;
    const char *access_control;
    const char *confidential;
    int display; /* -1 not exported */
    /* the Attribute elements that said so */
    const xmlNode *level_at, *control_at, *conf_at, *display_at;
};

static const struct {
    const char *attr;
    const char *service;
} cpu_services[] = {
    {"ProtectionEnablePutGetCommunication", "putget"},
    {"WebserverActivate", "web"},
    {"OpcUaServer", "opcua"},
};

static const char *map_value(const char *v, const char *const *pairs)
{
    size_t i;
    for (i = 0; pairs[i] != NULL; i += 2)
        if (strcasecmp(v, pairs[i]) == 0)
            return pairs[i + 1];
    return NULL;
}

static void cpu_setting(struct tia *T, struct cpuprot *P, const char *cpu, const xmlNode *attr,
                        const char *name, const char *val)
{
    static const char *const levels[] = {
        "FullAccess", "full", "FullAccessIncludingFailsafe", "full-including-failsafe",
        "ReadAccess", "read", "HMIAccess", "hmi", "NoAccess", "no-access", NULL};
    static const char *const secrets[] = {
        "None", "none", "WithoutPassword", "without-password", "WithPassword", "with-password",
        "WithPasswordAllDataProtection", "with-password-all", NULL};
    size_t i;
    int b;

    if (strcmp(name, "PlcProtectionAccessLevel") == 0) {
        P->access_level = map_value(val, levels);
        P->level_at = attr;
        P->full = P->access_level != NULL && strncmp(P->access_level, "full", 4) == 0;
        if (P->access_level == NULL)
            T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(attr), "unknown %s value; ignored", name);
        return;
    }
    if (strcmp(name, "PlcAccessControlConfiguration") == 0) {
        /* "Disabled": the classic access levels; any other value is the
         * user and role model (UMAC) */
        P->access_control = strcasecmp(val, "Disabled") == 0 ? "legacy" : "user-management";
        P->control_at = attr;
        return;
    }
    if (strcmp(name, "MasterSecretConfiguration") == 0 || strcmp(name, "PlcMasterSecretConfigurator") == 0) {
        P->confidential = map_value(val, secrets);
        P->conf_at = attr;
        if (P->confidential == NULL)
            T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(attr), "unknown %s value; ignored", name);
        return;
    }
    b = otlp_parse_bool(val);
    if (strcmp(name, "DisplayProtection") == 0) {
        if (b < 0)
            T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(attr), "%s is not true or false; ignored", name);
        else
            P->display = b, P->display_at = attr;
        return;
    }
    for (i = 0; i < sizeof cpu_services / sizeof cpu_services[0]; i++) {
        xmlNodePtr s;
        if (strcmp(name, cpu_services[i].attr) != 0)
            continue;
        if (b < 0) {
            T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(attr), "%s is not true or false; ignored", name);
            return;
        }
        s = otlp_doc_fact(&T->doc, "service", line_of(attr));
        at(T, attr);
        otlp_doc_set(&T->doc, s, "name", cpu_services[i].service);
        otlp_doc_setb(&T->doc, s, "enabled", b);
        otlp_doc_set(&T->doc, s, "controller", cpu);
        return;
    }
}

/* The CPU's own attributes and those of its built-in sub-items (not of
 * plugged modules, which have a catalog identity). */
static void scan_cpu_settings(struct tia *T, struct cpuprot *P, const char *cpu, const xmlNode *ie,
                              unsigned depth)
{
    xmlNodePtr c;

    if (depth > T->max_depth)
        return;
    for (c = ie->children; c != NULL && !T->doc.oom; c = c->next) {
        const char *nm;
        char val[TEXT_MAX + 1], tid[128];
        if (name_is(c, "Attribute") && (nm = prop(c, "Name")) != NULL) {
            node_text(child(c, "Value"), val, sizeof val);
            if (val[0] != '\0')
                cpu_setting(T, P, cpu, c, nm, val);
        } else if (name_is(c, "InternalElement") && !is_cpu(c) &&
                   !(aml_attr(c, "TypeIdentifier", tid, sizeof tid, NULL) && is_catalog_item(tid))) {
            scan_cpu_settings(T, P, cpu, c, depth + 1);
        }
    }
}

static void aml_controller(struct tia *T, const xmlNode *ie, const char *name, const char *typeid,
                           unsigned depth)
{
    xmlNodePtr n = otlp_doc_fact(&T->doc, "controller", line_of(ie));
    char on[64], tn[128];
    struct cpuprot P;
    const char *fam;

    at(T, NULL);
    otlp_doc_set(&T->doc, n, "name", name);
    otlp_doc_set(&T->doc, n, "vendor", "siemens");
    if (order_number(ie, typeid, on, sizeof on)) {
        otlp_doc_set(&T->doc, n, "order-number", on);
        if ((fam = family_of(on)) != NULL)
            otlp_doc_set(&T->doc, n, "family", fam);
    }
    if (aml_attr(ie, "TypeName", tn, sizeof tn, NULL))
        otlp_doc_set(&T->doc, n, "model", tn);
    set_firmware(T, n, ie, typeid);

    memset(&P, 0, sizeof P);
    P.display = -1;
    scan_cpu_settings(T, &P, name, ie, depth + 1);
    at(T, P.level_at);
    if (P.access_level != NULL)
        otlp_doc_set(&T->doc, n, "access-level", P.access_level);
    at(T, P.control_at);
    if (P.access_control != NULL)
        otlp_doc_set(&T->doc, n, "access-control", P.access_control);
    /* protection only where the export decides it: user management, or a
     * full-access level (which needs no password); a lower level implies a
     * password the export cannot show, so it is left to access-level */
    if (P.access_control != NULL && strcmp(P.access_control, "user-management") == 0) {
        otlp_doc_set(&T->doc, n, "protection", "user-management");
    } else if (P.full) {
        at(T, P.level_at);
        otlp_doc_set(&T->doc, n, "protection", "none");
    }
    at(T, P.conf_at);
    if (P.confidential != NULL)
        otlp_doc_set(&T->doc, n, "confidential-data", P.confidential);
    at(T, P.display_at);
    if (P.display >= 0)
        otlp_doc_setb(&T->doc, n, "display-protection", P.display);
    at(T, NULL);
}

static void aml_module(struct tia *T, const xmlNode *ie, const char *name, const char *typeid,
                       const struct where *w)
{
    xmlNodePtr n = otlp_doc_fact(&T->doc, "module", line_of(ie));
    char on[128];

    at(T, NULL);
    otlp_doc_set(&T->doc, n, "name", name);
    if (strncmp(typeid, "OrderNumber:", 12) == 0 && order_number(ie, typeid, on, sizeof on)) {
        otlp_doc_set(&T->doc, n, "catalog", on);
        otlp_doc_set(&T->doc, n, "vendor", "siemens");
    } else {
        otlp_doc_set(&T->doc, n, "catalog", typeid);
    }
    set_firmware(T, n, ie, typeid);
    if (w->device != NULL)
        otlp_doc_set(&T->doc, n, "parent", w->device);
    if (w->ctrl != NULL)
        otlp_doc_set(&T->doc, n, "controller", w->ctrl);
}

static void aml_interface(struct tia *T, const xmlNode *node, unsigned roles, const struct where *w)
{
    static const char *const modes[] = {
        "Project", "project", "Dhcp", "dhcp", "OtherPath", "device", "UserProgram", "other",
        "ViaIoController", "other", "AddressTailoring", "other", "None", "other", NULL};
    xmlNodePtr n = otlp_doc_fact(&T->doc, "interface", line_of(node));
    char buf[256], name[512], ur[16];
    const char *nn = prop(node, "Name");

    at(T, NULL);    const char *m;

    if (w->iface != NULL)
        snprintf(name, sizeof name, "%s/%s", w->head != NULL ? w->head : "?", w->iface);
    else
        snprintf(name, sizeof name, "%s/%s", w->head != NULL ? w->head : "?", nn != NULL ? nn : "?");
    otlp_doc_set(&T->doc, n, "name", name);
    /* NetworkAddress is an IP address only on Ethernet; on MPI/PROFIBUS it
     * is the station number */
    aml_attr(node, "Type", buf, sizeof buf, NULL);
    if (((roles & R_NODE_ETH) || strcasecmp(buf, "Ethernet") == 0) &&
        aml_attr(node, "NetworkAddress", buf, sizeof buf, NULL))
        otlp_doc_set(&T->doc, n, "address", buf);
    if (aml_attr(node, "SubnetMask", buf, sizeof buf, NULL))
        otlp_doc_set(&T->doc, n, "mask", buf);
    if (aml_attr(node, "RouterAddress", buf, sizeof buf, NULL) &&
        !(aml_attr(node, "UseRouter", ur, sizeof ur, NULL) && otlp_parse_bool(ur) == 0))
        otlp_doc_set(&T->doc, n, "gateway", buf);
    if (aml_attr(node, "IpProtocolSelection", buf, sizeof buf, NULL)) {
        m = map_value(buf, modes);
        otlp_doc_set(&T->doc, n, "ip-mode", m != NULL ? m : "other");
    }
    if (aml_attr(node, "PnDeviceName", buf, sizeof buf, NULL) ||
        aml_attr(node, "ProfinetDeviceName", buf, sizeof buf, NULL))
        otlp_doc_set(&T->doc, n, "profinet-name", buf);
    if (w->cpu != NULL)
        otlp_doc_set(&T->doc, n, "controller", w->cpu);
    else if (w->st_cpu != NULL)
        otlp_doc_set(&T->doc, n, "controller", w->st_cpu);
}

static void aml_walk(struct tia *T, const struct aml *A, const xmlNode *parent, const struct where *up,
                     unsigned depth)
{
    xmlNodePtr ie;

    for (ie = parent->children; ie != NULL && !T->doc.stop; ie = ie->next) {
        struct where w = *up;
        const char *name;
        char typeid[256], dit[32];
        unsigned roles;

        if (!name_is(ie, "InternalElement"))
            continue;
        if (too_deep(T, depth, line_of(ie)))
            continue;
        name = prop(ie, "Name") != NULL ? prop(ie, "Name") : "";
        roles = roles_of(ie);
        aml_attr(ie, "TypeIdentifier", typeid, sizeof typeid, NULL);
        if (roles & R_DEVICE) {
            w.device = name;
            w.head = name;
            w.head_item = 0;
            w.cpu = NULL;
            w.iface = NULL;
            w.st_cpu = station_cpu(T, ie, depth + 1);
            w.ctrl = w.st_cpu != NULL ? w.st_cpu : io_controller(T, A, ie, depth + 1);
        } else if (is_cpu(ie)) {
            w.cpu = name;
            w.head = name;
            w.head_item = 1;
            aml_controller(T, ie, name, typeid, depth);
        } else {
            if (aml_attr(ie, "DeviceItemType", dit, sizeof dit, NULL)) {
                w.head = name; /* a head module: the station's name in TIA */
                w.head_item = 1;
            } else if (is_catalog_item(typeid) && !w.head_item) {
                w.head = name; /* a CP names the interfaces it carries */
            }
            if (is_catalog_item(typeid))
                aml_module(T, ie, name, typeid, &w);
        }
        if (roles & R_IFACE)
            w.iface = name;
        if (roles & R_NODE)
            aml_interface(T, ie, roles, &w);
        aml_walk(T, A, ie, &w, depth + 1);
    }
}

static void aml_header(struct tia *T, const xmlNode *root)
{
    xmlNodePtr ai, wh;
    char buf[128];

    for (ai = root->children; ai != NULL; ai = ai->next) {
        if (!name_is(ai, "AdditionalInformation") || (wh = child(ai, "WriterHeader")) == NULL)
            continue;
        child_text(wh, "WriterName", buf, sizeof buf, NULL);
        if (strcmp(buf, "Totally Integrated Automation Portal") != 0) {
            /* only reached with --format: sniff does not claim such files */
            T->host->diag(T->ctx, OTL_DIAG_WARNING, line_of(wh),
                          "AutomationML file not written by TIA Portal (WriterName); "
                          "read as a TIA hardware export, the facts may not fit");
            return;
        }
        otlp_doc_set(&T->doc, T->system, "os", "tia-portal");
        /* WriterVersion 1700 = V17, 1800 = V18 (a third digit would be an
         * update release, 1510 = V15.1: not seen in a public export) */
        if (child_text(wh, "WriterVersion", buf, sizeof buf, NULL) && strlen(buf) == 4 &&
            strspn(buf, "0123456789") == 4) {
            char v[8];
            if (buf[2] != '0')
                snprintf(v, sizeof v, "%c%c.%c", buf[0], buf[1], buf[2]);
            else
                snprintf(v, sizeof v, "%c%c", buf[0], buf[1]);
            set_version(T, T->system, "version", v);
        } else {
            set_version(T, T->system, "version", buf);
        }
        return;
    }
}

static void aml(struct tia *T, const xmlNode *root)
{
    struct aml A;
    struct where w;
    xmlNodePtr ih, ie;

    memset(&A, 0, sizeof A);
    memset(&w, 0, sizeof w);
    T->export_type = "hardware";
    aml_header(T, root);
    for (ih = root->children; ih != NULL; ih = ih->next) {
        if (!name_is(ih, "InstanceHierarchy"))
            continue;
        /* the project is the hierarchy's top element */
        for (ie = ih->children; ie != NULL; ie = ie->next)
            if (name_is(ie, "InternalElement") && prop(ie, "Name") != NULL &&
                ((roles_of(ie) & R_PROJECT) || prop(T->system, "hostname") == NULL)) {
                otlp_doc_set(&T->doc, T->system, "hostname", prop(ie, "Name"));
                if (roles_of(ie) & R_PROJECT)
                    break;
            }
        collect_iosystems(T, &A, ih, NULL, 2);
    }
    if (A.nsys > 1)
        qsort(A.sys, A.nsys, sizeof *A.sys, cmp_link);
    if (A.nsys > 0)
        collect_peers(T, &A, root, 1);
    if (A.npeer > 1)
        qsort(A.peer, A.npeer, sizeof *A.peer, cmp_peer);
    for (ih = root->children; ih != NULL && !T->doc.oom; ih = ih->next)
        if (name_is(ih, "InstanceHierarchy"))
            aml_walk(T, &A, ih, &w, 2);
    free(A.sys);
    free(A.peer);
}

/* ------------------------------------------------------------ entry points */

static void coverage(struct tia *T)
{
    otlp_doc_set(&T->doc, T->system, "export-type", T->export_type != NULL ? T->export_type : "other");
    if (T->statements == 0 || T->recognised >= T->statements)
        otlp_doc_set(&T->doc, T->system, "parse-coverage", "1.000");
    else
        otlp_doc_setf(&T->doc, T->system, "parse-coverage", "0.%03lu",
                      (unsigned long)((unsigned long long)T->recognised * 1000ull / T->statements));
    otlp_doc_setu(&T->doc, T->system, "statements", T->statements);
    if (T->statements > T->recognised && !T->doc.oom) {
        /* lines only: an unknown element may hold anything */
        char lines[160];
        size_t i, o = 0;
        unsigned long unrec = T->statements - T->recognised;
        for (i = 0; i < T->n_unrec && o < sizeof lines; i++)
            o += (size_t)snprintf(lines + o, sizeof lines - o, "%s%lu", i ? ", " : "", T->unrec_lines[i]);
        T->host->diag(T->ctx, OTL_DIAG_NOTE, 0, "%lu of %lu elements not recognised (line%s %s%s)",
                      unrec, T->statements, unrec > 1 ? "s" : "", lines, unrec > T->n_unrec ? ", ..." : "");
    }
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct tia *T;
    xmlDocPtr doc;
    xmlNodePtr root;
    enum otl_parse_status ret;

    doc = host->xml_read(ctx, in->data, in->len);
    if (doc == NULL) {
        host->diag(ctx, OTL_DIAG_ERROR, 0, "not a well-formed XML document; nothing read");
        return OTL_PARSE_FAILED;
    }
    otlp_fix_lines(doc, in);
    root = xmlDocGetRootElement(doc);
    if (root == NULL || !(name_is(root, "Document") || name_is(root, "CAEXFile"))) {
        host->diag(ctx, OTL_DIAG_ERROR, root != NULL ? otl_node_line(root) : 0,
                   "root element is neither <Document> (SimaticML) nor <CAEXFile> (AutomationML)");
        xmlFreeDoc(doc);
        return OTL_PARSE_FAILED;
    }
    T = calloc(1, sizeof *T);
    if (T == NULL) {
        xmlFreeDoc(doc);
        return OTL_PARSE_NOMEM;
    }
    T->host = host;
    T->ctx = ctx;
    T->dd = dd;
    T->fmt = name_is(root, "Document") ? F_SIMATIC : F_AML;
    otlp_doc_init(&T->doc, host, ctx, dd);
    T->max_depth = host->max_depth != 0 ? host->max_depth : DEPTH_FALLBACK;

    T->system = otlp_doc_fact(&T->doc, "system", line_of(root));
    otlp_doc_set(&T->doc, T->system, "vendor", "siemens");
    otlp_doc_set(&T->doc, T->system, "class", "controller");
    /* a block, tag table or hardware configuration is never the whole
     * controller configuration */
    otlp_doc_set(&T->doc, T->system, "export-kind", "partial");
    if (T->fmt == F_SIMATIC) {
        otlp_doc_set(&T->doc, T->system, "os", "tia-portal");
        simatic(T, root);
    } else {
        aml(T, root);
    }
    build_raw(T, root);
    coverage(T);
    ret = T->doc.status;
    free(T);
    xmlFreeDoc(doc);
    return ret;
}

/* ------------------------------------------------------------ sniff */

static const unsigned char *find(const unsigned char *p, const unsigned char *end, const char *s)
{
    size_t n = strlen(s);

    while (p != NULL && p < end && (size_t)(end - p) >= n) {
        const unsigned char *c = memchr(p, s[0], (size_t)(end - p));
        if (c == NULL || (size_t)(end - c) < n)
            return NULL;
        if (memcmp(c, s, n) == 0)
            return c;
        p = c + 1;
    }
    return NULL;
}

/* The root element's name: skip a BOM, the XML declaration, comments,
 * processing instructions and a DOCTYPE. */
static size_t root_name(const unsigned char *p, const unsigned char *end, const unsigned char **name)
{
    const unsigned char *q;

    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            q = find(p + 4, end, "-->");
            if (q == NULL)
                return 0;
            p = q + 3;
        } else if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
            /* an internal subset holds '>': skip it whole */
            size_t n = otlp_doctype_len((const char *)p, (const char *)end);
            if (n == 0)
                return 0;
            p += n;
        } else if (end - p >= 2 && p[0] == '<' && (p[1] == '?' || p[1] == '!')) {
            q = memchr(p, '>', (size_t)(end - p));
            if (q == NULL)
                return 0;
            p = q + 1;
        } else {
            break;
        }
    }
    if (p >= end || *p != '<')
        return 0;
    *name = ++p;
    while (p < end && *p != ' ' && *p != '>' && *p != '/' && *p != '\t' && *p != '\r' && *p != '\n')
        p++;
    return (size_t)(p - *name);
}

static int sniff(const struct otl_input *in)
{
    const unsigned char *p = in->data;
    const unsigned char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    const unsigned char *name = NULL, *w;
    size_t n = root_name(p, end, &name);

    if (n == 8 && memcmp(name, "Document", 8) == 0) {
        if (find(name, end, "<Engineering version=") != NULL)
            return 95;
        /* an export without the Engineering element (older versions) */
        if (find(name, end, "<SW.Blocks.") != NULL || find(name, end, "<SW.Tags.") != NULL ||
            find(name, end, "<SW.Types.") != NULL)
            return 80;
        return 0;
    }
    if (n == 8 && memcmp(name, "CAEXFile", 8) == 0) {
        w = find(name, end, "<WriterName>");
        if (w != NULL) {
            static const char tia[] = "Totally Integrated Automation Portal<";
            w += 12;
            while (w < end && (*w == ' ' || *w == '\t' || *w == '\r' || *w == '\n'))
                w++;
            if ((size_t)(end - w) >= sizeof tia - 1 && memcmp(w, tia, sizeof tia - 1) == 0)
                return 95;
        }
        /* AR APC role classes: TIA's, but EPLAN and TwinCAT write them too;
         * another Siemens tool, or no writer header at all, is likely TIA */
        if (find(name, end, "AutomationProjectConfigurationRoleClassLib/") != NULL &&
            (w == NULL || find(name, end, "<WriterVendor>Siemens AG</WriterVendor>") != NULL))
            return 60;
        return 0;
    }
    return 0;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "siemens-tia",
    .description = "Siemens TIA Portal: SimaticML block/tag-table exports, CAx (AutomationML) hardware exports",
    .classes = OTL_CLASS_CONTROLLER,
    .sniff = sniff,
    .parse = parse,
};

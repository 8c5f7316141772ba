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
 * Streaming (docs/formats/siemens-tia.md, "Parsing model"): the file is read
 * once, as SAX events (host->xml_sax, ABI 1.2); no tree of the file is
 * built.  Each element is checked against the element budget
 * (host->max_nodes) as it starts, so a flood stops there.  The raw skeleton
 * is written as the elements go by.  The facts are read from a pruned copy
 * of the few elements they need (struct tia.keep): a SimaticML tag or a
 * top-level interface member is read at its end and freed, a block or tag
 * table when it ends; the AutomationML hardware tree is kept in pruned form
 * (InternalElements with the Attributes read, their roles, InternalLinks)
 * until the end of the file, because an element's roles come after its
 * children and links join stations across the file.
 */
#include "otlint-plugin.h"

#include <libxml/parser.h>
#include <stddef.h>
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

/* A writable tag whose fact is made when its group ends (a block's name and
 * language follow its interface in the export). */
struct tagrec {
    char *path, *datatype;
    unsigned long line;
    int defaulted, setpoint;
};

struct group {
    int safety;
    unsigned long tags, rw, ro, none;
    char first[256];
    unsigned long first_line; /* of the first writable tag */
    struct tagrec *rec;       /* the tag facts to make, at most OTLP_MAX_TAG_FACTS */
    size_t nrec, caprec;
};

/* One open element of the file (SAX), while it is read. */
struct frame {
    const char *name;   /* its name as the raw tree keeps it */
    xmlNodePtr raw;     /* its raw element (records: until its record is written), or NULL */
    int kept;           /* it is in the raw skeleton (an element or a record) */
    int flushed;        /* its value= is decided (and its record written) */
    unsigned rdepth;    /* records: its depth in the raw skeleton (the root: 0) */
    xmlNodePtr keep;    /* its node in the pruned tree for the facts, or NULL */
    int act;            /* enum act */
    int child;          /* an element child has started */
    int own_value;      /* the vendor's own value= attribute */
    int key_secret;     /* its name (or Name=) holds a secret word */
    int key_enum;       /* ... but it is a known enumeration */
    int unknown;        /* not recognised */
    int vdone;          /* AML Attribute: its first <Value> was read */
    size_t tlen, vlen;
    char text[TEXT_MAX];  /* direct text, the first TEXT_MAX - 1 bytes */
    char vtext[TEXT_MAX]; /* AML Attribute: the first Value's text */
};

struct sattr;

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
    /* streaming */
    xmlParserCtxtPtr pc;
    struct otlp_tagpos tp;
    struct frame *f;     /* open elements, f[0] the root */
    size_t nf, capf;
    unsigned depth;      /* XML depth of the element being started (root 1) */
    unsigned skip;       /* > 0: inside a subtree not read, from this depth */
    int have_root, bad_root, header_done;
    int raw_records;     /* the skeleton goes to host->raw_stmt, not elements */
    xmlNodePtr keep;     /* pruned tree: its root */
    xmlNodePtr links;    /* AML: every InternalLink, in file order */
    struct group grp;    /* the block or tag table being read */
    char *abuf;          /* the attributes of the element being started */
    size_t acap;
    struct sattr *av;
    size_t avcap;
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

/* What becomes of element `nm` under `parent`, under `grand` (NULL at the
 * top). */
static enum act simatic_act(const char *nm, const char *parent, const char *grand)
{
    size_t i;

    for (i = 0; simatic_drop[i] != NULL; i++)
        if (strcmp(nm, simatic_drop[i]) == 0)
            return A_DROP;
    /* a user constant's value is data */
    if (strcmp(nm, "Value") == 0 && parent != NULL && grand != NULL &&
        strcmp(grand, "SW.Tags.PlcUserConstant") == 0)
        return A_DROP;
    if (strcmp(nm, "SW.Blocks.CompileUnit") == 0)
        return A_SHELL;
    return A_KEEP;
}

static enum act aml_act(const char *nm, const char *parent)
{
    if (strcmp(nm, "Value") == 0 && parent != NULL && strcmp(parent, "Attribute") == 0)
        return A_FOLD;
    /* defaults and free text describe, they do not configure */
    if (strcmp(nm, "DefaultValue") == 0 || strcmp(nm, "Description") == 0)
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
    /* the first byte first: called for every element of the file */
    for (i = 0; list[i] != NULL; i++)
        if (list[i][0] == s[0] && strcmp(list[i], s) == 0)
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

/* Is element `nm` (under `parent`; `an` its Name=, AML) one this plugin
 * knows? */
static int element_known(const struct tia *T, const char *nm, const char *parent, const char *an)
{
    if (T->fmt == F_SIMATIC)
        return block_type(nm) != NULL || in_list(simatic_known, nm);
    if (!in_list(caex_known, nm))
        return 0;
    if (strcmp(nm, "Attribute") == 0) {
        /* members of an attribute list (Address/1/StartAddress) are data */
        if (parent != NULL && strcmp(parent, "Attribute") == 0)
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

/* Count the tag T->path in its group; read-write ones get a fact when the
 * group ends (tag_facts). */
static void count_tag(struct tia *T, struct group *g, unsigned long line, const char *datatype,
                      const struct access *f, int setpoint)
{
    struct tagrec *r;

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
    if (g->nrec == g->caprec) {
        size_t nc = g->caprec ? g->caprec * 2 : 64;
        struct tagrec *nv = realloc(g->rec, nc * sizeof *nv);
        if (nv == NULL) {
            otlp_doc_nomem(&T->doc);
            return;
        }
        g->rec = nv;
        g->caprec = nc;
    }
    r = &g->rec[g->nrec++];
    r->path = otlp_doc_strdup(&T->doc, T->path);
    r->datatype = datatype != NULL && datatype[0] != '\0' ? otlp_doc_strdup(&T->doc, datatype) : NULL;
    r->line = line;
    r->setpoint = setpoint;
    r->defaulted = f->acc_def || f->wr_def;
}

static void free_group(struct group *g)
{
    size_t i;

    for (i = 0; i < g->nrec; i++) {
        free(g->rec[i].path);
        free(g->rec[i].datatype);
    }
    free(g->rec);
    memset(g, 0, sizeof *g);
}

/* The facts of the writable tags of group `scope`. */
static void tag_facts(struct tia *T, const struct group *g, const char *scope)
{
    size_t i;

    at(T, NULL); /* a tag's attributes: its element's line */
    for (i = 0; i < g->nrec && !T->doc.stop; i++) {
        const struct tagrec *r = &g->rec[i];
        xmlNodePtr n = otlp_doc_fact(&T->doc, "tag", r->line);
        otlp_doc_set(&T->doc, n, "name", r->path);
        otlp_doc_set(&T->doc, n, "scope", scope);
        otlp_doc_set(&T->doc, n, "access", "read-write");
        if (r->datatype != NULL)
            otlp_doc_set(&T->doc, n, "datatype", r->datatype);
        if (r->setpoint >= 0)
            otlp_doc_setb(&T->doc, n, "setpoint", r->setpoint);
        if (g->safety)
            otlp_doc_setb(&T->doc, n, "safety", 1);
        if (r->defaulted)
            otlp_doc_setb(&T->doc, n, "defaulted", 1);
    }
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
        otlp_doc_setu(&T->doc, tg, "safety-writable", g->rw);
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

static int is_db(const char *type)
{
    return strcmp(type, "GlobalDB") == 0 || strcmp(type, "InstanceDB") == 0 || strcmp(type, "ArrayDB") == 0;
}

/* Is `sec` (pruned tree) a section whose members are tags of its data block:
 * the Static section (global and array DBs), and the parameters and statics
 * of the FB for an instance DB (Temp and Constant are not in a DB)?  Only
 * the first Sections of the first Interface of the block's first
 * AttributeList counts. */
static int tag_section(const xmlNode *sec)
{
    const xmlNode *secs, *iface, *al, *blk;
    const char *sn = prop(sec, "Name"), *type;

    if (!name_is(sec, "Section") || sn == NULL || (secs = sec->parent) == NULL ||
        (iface = secs->parent) == NULL || (al = iface->parent) == NULL || (blk = al->parent) == NULL ||
        (type = block_type((const char *)blk->name)) == NULL || !is_db(type) ||
        child(blk, "AttributeList") != al || child(al, "Interface") != iface ||
        child(iface, "Sections") != secs)
        return 0;
    return strcmp(sn, "Static") == 0 ||
           (strcmp(type, "InstanceDB") == 0 &&
            (strcmp(sn, "Input") == 0 || strcmp(sn, "Output") == 0 || strcmp(sn, "InOut") == 0));
}

/* A top-level member of a tag section has ended: count its tags. */
static void simatic_member_end(struct tia *T, const xmlNode *m)
{
    path_pop(T, 0);
    member(T, &T->grp, m, NULL, 7);
    path_pop(T, 0);
}

/* A tag of a tag table has ended: count it. */
static void simatic_tag_end(struct tia *T, const xmlNode *c)
{
    xmlNodePtr tal = child(c, "AttributeList");
    char tname[256], dt[128];
    struct access f;

    child_text(tal, "Name", tname, sizeof tname, NULL);
    child_text(tal, "DataTypeName", dt, sizeof dt, NULL);
    eval_access(NULL, flag_value(T, child(tal, "ExternalAccessible"), "ExternalAccessible"),
                flag_value(T, child(tal, "ExternalWritable"), "ExternalWritable"), &f);
    path_pop(T, 0);
    path_push(T, tname);
    count_tag(T, &T->grp, line_of(c), dt, &f, -1);
    path_pop(T, 0);
}

/* The tag-group of a data block, its members counted as they went by. */
static void db_tags(struct tia *T, const xmlNode *blk, const xmlNode *al, const char *name, int safety,
                    int opcua)
{
    xmlNodePtr tg;

    at(T, NULL);
    T->grp.safety = safety;
    tg = otlp_doc_fact(&T->doc, "tag-group", line_of(blk));
    otlp_doc_set(&T->doc, tg, "kind", "db");
    otlp_doc_set(&T->doc, tg, "name", name);
    if (opcua >= 0)
        otlp_doc_setb(&T->doc, tg, "opcua", opcua);
    if (child(child(al, "Interface"), "Sections") == NULL)
        T->host->diag(T->ctx, OTL_DIAG_NOTE, line_of(blk),
                      "data block without an exported interface: no tags counted");
    tag_facts(T, &T->grp, name);
    finish_group(T, tg, &T->grp);
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
    if (is_db(type))
        db_tags(T, blk, al, name, safety, opcua);
}

static void simatic_tagtable(struct tia *T, const xmlNode *tt)
{
    xmlNodePtr al = child(tt, "AttributeList"), tg;
    char name[256];

    at(T, NULL);
    child_text(al, "Name", name, sizeof name, NULL);
    tg = otlp_doc_fact(&T->doc, "tag-group", line_of(tt));
    otlp_doc_set(&T->doc, tg, "kind", "tag-table");
    otlp_doc_set(&T->doc, tg, "name", name);
    tag_facts(T, &T->grp, name);
    finish_group(T, tg, &T->grp);
}

/* An object (block, data type, tag table) of the document starts. */
static void simatic_object_start(struct tia *T, const char *nm)
{
    const char *type = block_type(nm);

    free_group(&T->grp);
    if (T->export_type != NULL)
        return;
    if (type != NULL)
        T->export_type = "block";
    else if (strcmp(nm, "SW.Types.PlcStruct") == 0)
        T->export_type = "datatype";
    else if (strcmp(nm, "SW.Tags.PlcTagTable") == 0)
        T->export_type = "tag-table";
}

/* ... and ends: its facts. */
static void simatic_object_end(struct tia *T, const xmlNode *c)
{
    const char *type = block_type((const char *)c->name);

    if (type != NULL)
        simatic_block(T, c, type);
    else if (name_is(c, "SW.Tags.PlcTagTable"))
        simatic_tagtable(T, c);
    free_group(&T->grp);
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

/* Pass 2: InternalLinks with an IO system on one side (all of the file's,
 * in file order: T->links).  The other side is kept as the reference string
 * ("ID:EndPoint"). */
static void collect_peers(struct tia *T, struct aml *A)
{
    xmlNodePtr c;

    for (c = T->links != NULL ? T->links->children : NULL; c != NULL && !T->doc.oom; c = c->next) {
        char a[128], b[128];
        const char *ra = prop(c, "RefPartnerSideA"), *rb = prop(c, "RefPartnerSideB");
        const char *ca = find_link(A->sys, A->nsys, link_side(ra, a, sizeof a));
        const char *cb = find_link(A->sys, A->nsys, link_side(rb, b, sizeof b));
        if (ca != NULL && rb != NULL)
            push_link(T, &A->peer, &A->npeer, &A->cappeer, rb, ca);
        if (cb != NULL && ra != NULL)
            push_link(T, &A->peer, &A->npeer, &A->cappeer, ra, cb);
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

/* The first AdditionalInformation with a WriterHeader: who wrote the file. */
static void aml_header(struct tia *T, const xmlNode *ai)
{
    xmlNodePtr wh;
    char buf[128];

    if (T->header_done || (wh = child(ai, "WriterHeader")) == NULL)
        return;
    T->header_done = 1;
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
}

static void aml(struct tia *T, const xmlNode *root)
{
    struct aml A;
    struct where w;
    xmlNodePtr ih, ie;

    memset(&A, 0, sizeof A);
    memset(&w, 0, sizeof w);
    T->export_type = "hardware";
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
        collect_peers(T, &A);
    if (A.npeer > 1)
        qsort(A.peer, A.npeer, sizeof *A.peer, cmp_peer);
    for (ih = root->children; ih != NULL && !T->doc.oom; ih = ih->next)
        if (name_is(ih, "InstanceHierarchy"))
            aml_walk(T, &A, ih, &w, 2);
    free(A.sys);
    free(A.peer);
}

/* ------------------------------------------------------------ streaming */

#define KEEP_VALUE_MAX 4096 /* longest attribute value the pruned tree keeps */

/* Attributes the pruned tree keeps: what the facts read. */
static const char *const keep_props[] = {"Name", "ID", "Datatype", "RefRoleClassPath",
                                         "RefBaseRoleClassPath", "RefPartnerSideA", "RefPartnerSideB",
                                         NULL};

/* The <Attribute Name=...> of an InternalElement the facts read. */
static const char *const aml_attr_read[] = {
    "TypeIdentifier", "TypeName", "DeviceItemType", "FirmwareVersion", "OrderNumber", "Type",
    "NetworkAddress", "SubnetMask", "RouterAddress", "UseRouter", "IpProtocolSelection",
    "PnDeviceName", "ProfinetDeviceName", "PlcProtectionAccessLevel", "PlcAccessControlConfiguration",
    "ProtectionEnablePutGetCommunication", "WebserverActivate", "OpcUaServer",
    "MasterSecretConfiguration", "PlcMasterSecretConfigurator", "DisplayProtection", NULL};

static const char *const block_attrs_read[] = {"Name", "ProgrammingLanguage", "IsKnowHowProtected",
                                               "IsWriteProtectedInAS", "DBAccessibleFromOPCUA", NULL};
static const char *const tag_attrs_read[] = {"Name", "DataTypeName", "ExternalAccessible",
                                             "ExternalWritable", NULL};

/* The attributes of the element being started, decoded (struct tia.abuf). */
struct sattr {
    const char *name; /* local name; "prefix:name" when the prefix is unbound */
    const char *val;
    size_t len;
    int ns;           /* in a namespace (a bound prefix) */
};

struct sattrs {
    struct sattr *v;
    size_t n;
};

/* Plain (no namespace) attribute `k`, or NULL. */
static const char *sattr(const struct sattrs *A, const char *k)
{
    size_t i;

    for (i = 0; i < A->n; i++)
        if (!A->v[i].ns && strcmp(A->v[i].name, k) == 0)
            return A->v[i].val;
    return NULL;
}

static int grow(struct tia *T, void **p, size_t *cap, size_t need, size_t size)
{
    void *n;
    size_t nc = *cap ? *cap : 16;

    if (need <= *cap)
        return 0;
    while (nc < need)
        nc *= 2;
    n = realloc(*p, nc * size);
    if (n == NULL) {
        otlp_doc_nomem(&T->doc);
        return -1;
    }
    *p = n;
    *cap = nc;
    return 0;
}

/* libxml2's attribute array (5 pointers each: local name, prefix, URI, value
 * start, value end) decoded into T->abuf: an '&' reaches SAX2 handlers as
 * "&#38;" (libxml2 parser.c, xmlParseAttValueComplex).  Values are cut at
 * KEEP_VALUE_MAX bytes. */
static int load_attrs(struct tia *T, const xmlChar **at, int nat, struct sattrs *A)
{
    size_t i, need = 0, o = 0;

    A->n = 0;
    for (i = 0; i < (size_t)nat; i++)
        need += (size_t)(at[5 * i + 4] - at[5 * i + 3]) + strlen((const char *)at[5 * i]) +
                (at[5 * i + 1] != NULL ? strlen((const char *)at[5 * i + 1]) : 0) + 3;
    if (grow(T, (void **)&T->abuf, &T->acap, need, 1) < 0 ||
        grow(T, (void **)&T->av, &T->avcap, (size_t)nat + 1, sizeof *T->av) < 0)
        return -1;
    A->v = T->av;
    for (i = 0; i < (size_t)nat; i++) {
        const char *s = (const char *)at[5 * i + 3], *e = (const char *)at[5 * i + 4];
        const char *ln = (const char *)at[5 * i], *px = (const char *)at[5 * i + 1];
        struct sattr *a = &A->v[A->n++];
        char *v;
        size_t n = 0;

        a->ns = px != NULL && at[5 * i + 2] != NULL;
        if (px != NULL && at[5 * i + 2] == NULL) {
            /* an unbound prefix: the qualified name, as a tree keeps it */
            size_t pl = strlen(px), nl = strlen(ln);
            a->name = T->abuf + o;
            memcpy(T->abuf + o, px, pl);
            T->abuf[o + pl] = ':';
            memcpy(T->abuf + o + pl + 1, ln, nl + 1);
            o += pl + nl + 2;
        } else {
            a->name = ln;
        }
        v = T->abuf + o;
        while (s < e && n < KEEP_VALUE_MAX) {
            if (*s == '&' && e - s >= 5 && memcmp(s, "&#38;", 5) == 0) {
                v[n++] = '&';
                s += 5;
            } else {
                v[n++] = *s++;
            }
        }
        v[n] = '\0';
        a->val = v;
        a->len = n;
        o += n + 1;
    }
    return 0;
}

/* A raw value: URL credentials scrubbed; for an element this plugin does not
 * know, everything from a secret word on (fail closed).  Sets secret="true"
 * when something was hidden. */
static void set_raw_value(struct tia *T, xmlNodePtr n, const char *attr, const char *v, size_t len,
                          int unknown)
{
    int red = 0;
    char *c = unknown ? otlp_redact_unknown(v, len, &red) : otlp_scrub_urls(v, len, &red);

    if (c == NULL) {
        otlp_doc_nomem(&T->doc);
        return;
    }
    otlp_doc_set(&T->doc, n, attr, c);
    free(c);
    if (red)
        otlp_doc_set(&T->doc, n, "secret", "true");
}

/* The attributes of an element onto its raw element, each cut at TEXT_MAX
 * bytes; what may be a credential (by its name) is redacted.  A namespaced
 * attribute keeps its local name unless a plain attribute has it. */
static void raw_attrs(struct tia *T, const struct sattrs *A, xmlNodePtr dst, int unknown)
{
    size_t i;

    for (i = 0; i < A->n && !T->doc.oom; i++) {
        const struct sattr *a = &A->v[i];
        char buf[TEXT_MAX + 1];

        if (a->ns && sattr(A, a->name) != NULL)
            continue;
        scopy(buf, sizeof buf, a->val);
        if (secret_name(a->name) && !harmless_value(a->name, buf)) {
            otlp_doc_set(&T->doc, dst, a->name, OTL_REDACTED);
            otlp_doc_set(&T->doc, dst, "secret", "true");
            continue;
        }
        set_raw_value(T, dst, a->name, buf, strlen(buf), unknown);
    }
}

/* The value= of a raw element at its end: its own text (SimaticML leaf
 * attributes) or its first <Value> child's (CAEX Attribute), surrounding
 * blanks trimmed, at most TEXT_MAX bytes. */
static void raw_value(struct tia *T, const struct frame *fr)
{
    char buf[TEXT_MAX + 1];
    const char *src;
    size_t n, s = 0;

    if (T->fmt == F_AML && strcmp(fr->name, "Attribute") == 0) {
        if (!fr->vdone)
            return;
        src = fr->vtext, n = fr->vlen;
    } else {
        if (fr->child)
            return;
        src = fr->text, n = fr->tlen;
    }
    memcpy(buf, src, n);
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\r' || buf[n - 1] == '\n'))
        buf[--n] = '\0';
    while (s < n && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r' || buf[s] == '\n'))
        s++;
    if (s == n || fr->own_value)
        return; /* nothing, or the vendor's own attribute wins */
    at(T, NULL);
    if (fr->key_secret && !(fr->key_enum || otlp_parse_bool(buf + s) >= 0)) {
        otlp_doc_set(&T->doc, fr->raw, "value", OTL_REDACTED);
        otlp_doc_set(&T->doc, fr->raw, "secret", "true");
        return;
    }
    set_raw_value(T, fr->raw, "value", buf + s, n - s, fr->unknown);
}

/* The record of a raw element: what evidence would show of the element
 * (core/evidence.c: its text= attribute, else its start tag with every
 * attribute in order). */
static void emit_record(struct tia *T, struct frame *fr)
{
    char b[OTLP_RAWTAG];
    size_t o = 0;
    xmlAttrPtr a;
    unsigned flags = 0;
    xmlChar *text = xmlGetNoNsProp(fr->raw, (const xmlChar *)"text");

    if (text != NULL) {
        otlp_tag_put(b, &o, (const char *)text);
        xmlFree(text);
    } else {
        otlp_tag_put(b, &o, "<");
        otlp_tag_put(b, &o, fr->name);
        for (a = fr->raw->properties; a != NULL; a = a->next) {
            xmlChar *v = xmlNodeListGetString(NULL, a->children, 1);
            otlp_tag_put(b, &o, " ");
            otlp_tag_put(b, &o, (const char *)a->name);
            otlp_tag_put(b, &o, "=\"");
            if (v != NULL)
                otlp_tag_put(b, &o, (const char *)v);
            otlp_tag_put(b, &o, "\"");
            xmlFree(v);
        }
        otlp_tag_put(b, &o, ">");
    }
    text = xmlGetNoNsProp(fr->raw, (const xmlChar *)"secret");
    if (text != NULL && strcmp((const char *)text, "true") == 0)
        flags = OTL_RAW_SECRET;
    xmlFree(text);
    if (otlp_raw_record(T->host, T->ctx, fr->rdepth, otl_node_line(fr->raw), b, o, flags) != 0)
        otlp_doc_nomem(&T->doc);
}

/* A raw element is complete once its first raw child starts or it ends:
 * its value= is decided, and as a record it is written then (a record comes
 * before those of its children). */
static void flush(struct tia *T, struct frame *fr)
{
    if (!fr->kept || fr->flushed)
        return;
    fr->flushed = 1;
    if (fr->act == A_KEEP)
        raw_value(T, fr);
    if (T->raw_records && fr->raw != NULL) {
        if (!T->doc.oom)
            emit_record(T, fr);
        xmlFreeNode(fr->raw);
        fr->raw = NULL;
    }
}

/* The name the secret test reads: the element's, and for an AML <Attribute>
 * or a SimaticML attribute list entry (<StringAttribute Name="...">) its
 * Name=. */
static void secret_key(struct tia *T, struct frame *fr, const struct sattrs *A)
{
    static const char *const settings[] = {"MasterSecretConfiguration", "PlcMasterSecretConfigurator",
                                           NULL};
    const char *an = sattr(A, "Name");
    size_t l = strlen(fr->name);
    int named = an != NULL && (strcmp(fr->name, "Attribute") == 0 ||
                               (T->fmt == F_SIMATIC && l > 9 && strcmp(fr->name + l - 9, "Attribute") == 0));

    if (T->fmt == F_AML && strcmp(fr->name, "Attribute") == 0) {
        fr->key_secret = an != NULL && secret_name(an);
        fr->key_enum = an != NULL && in_list(settings, an);
        return;
    }
    fr->key_secret = secret_name(fr->name) || (named && secret_name(an));
    fr->key_enum = in_list(settings, fr->name) || (named && in_list(settings, an));
}

/* A new node of the pruned tree under `parent`, with the attributes the
 * facts read. */
static xmlNodePtr keep_node(struct tia *T, xmlNodePtr parent, const char *name, const struct sattrs *A,
                            unsigned long line)
{
    xmlNodePtr n = xmlNewNode(NULL, (const xmlChar *)name);
    size_t i;

    if (n == NULL || n->name == NULL) {
        /* libxml2 2.9 keeps a node whose name could not be copied */
        xmlFreeNode(n);
        otlp_doc_nomem(&T->doc);
        return NULL;
    }
    otl_node_set_line(n, line);
    if (parent != NULL)
        xmlAddChild(parent, n);
    for (i = 0; A != NULL && i < A->n && !T->doc.oom; i++) {
        xmlAttrPtr a;
        if (A->v[i].ns || !in_list(keep_props, A->v[i].name))
            continue;
        a = xmlNewProp(n, (const xmlChar *)A->v[i].name, (const xmlChar *)A->v[i].val);
        if (a == NULL || a->name == NULL ||
            (A->v[i].len > 0 && (a->children == NULL || a->children->content == NULL))) {
            if (a != NULL)
                xmlRemoveProp(a);
            otlp_doc_nomem(&T->doc);
        }
    }
    return n;
}

static int is_object(const xmlNode *n)
{
    return n != NULL && n->parent != NULL && n->parent->parent == NULL &&
           (block_type((const char *)n->name) != NULL || name_is(n, "SW.Types.PlcStruct") ||
            name_is(n, "SW.Tags.PlcTagTable"));
}

/* Does SimaticML element `nm` under the pruned node `pk` go into the pruned
 * tree? */
static int simatic_keep(const xmlNode *pk, const char *nm)
{
    const xmlNode *gp = pk->parent;
    const char *type;

    if (gp == NULL) /* under the root */
        return block_type(nm) != NULL || strcmp(nm, "SW.Types.PlcStruct") == 0 ||
               strcmp(nm, "SW.Tags.PlcTagTable") == 0;
    if (is_object(pk))
        return strcmp(nm, "AttributeList") == 0 ||
               (strcmp(nm, "ObjectList") == 0 && name_is(pk, "SW.Tags.PlcTagTable"));
    if (name_is(pk, "AttributeList") && is_object(gp))
        return in_list(block_attrs_read, nm) ||
               (strcmp(nm, "Interface") == 0 && (type = block_type((const char *)gp->name)) != NULL &&
                is_db(type));
    if (name_is(pk, "Interface"))
        return strcmp(nm, "Sections") == 0;
    if (name_is(pk, "Sections"))
        return strcmp(nm, "Section") == 0;
    if (name_is(pk, "Section"))
        return strcmp(nm, "Member") == 0 && tag_section(pk);
    if (name_is(pk, "Member"))
        return strcmp(nm, "Member") == 0 || strcmp(nm, "AttributeList") == 0;
    if (name_is(pk, "AttributeList") && name_is(gp, "Member"))
        return strcmp(nm, "BooleanAttribute") == 0;
    if (name_is(pk, "ObjectList") && name_is(gp, "SW.Tags.PlcTagTable"))
        return strcmp(nm, "SW.Tags.PlcTag") == 0 && child(gp, "ObjectList") == pk;
    if (name_is(pk, "SW.Tags.PlcTag"))
        return strcmp(nm, "AttributeList") == 0;
    if (name_is(pk, "AttributeList") && name_is(gp, "SW.Tags.PlcTag"))
        return in_list(tag_attrs_read, nm);
    return 0;
}

static int aml_keep(const struct frame *p, const xmlNode *pk, const char *nm, const struct sattrs *A)
{
    const char *an;

    if (pk->parent == NULL)
        return strcmp(nm, "InstanceHierarchy") == 0 || strcmp(nm, "AdditionalInformation") == 0;
    if (name_is(pk, "AdditionalInformation"))
        return strcmp(nm, "WriterHeader") == 0;
    if (name_is(pk, "WriterHeader"))
        return strcmp(nm, "WriterName") == 0 || strcmp(nm, "WriterVersion") == 0;
    if (name_is(pk, "InstanceHierarchy"))
        return strcmp(nm, "InternalElement") == 0;
    if (name_is(pk, "InternalElement"))
        return strcmp(nm, "InternalElement") == 0 || strcmp(nm, "SupportedRoleClass") == 0 ||
               strcmp(nm, "RoleRequirements") == 0 ||
               (strcmp(nm, "Attribute") == 0 && (an = sattr(A, "Name")) != NULL && in_list(aml_attr_read, an));
    if (name_is(pk, "Attribute"))
        return strcmp(nm, "Value") == 0 && !p->vdone;
    return 0;
}

static void free_keep(xmlNodePtr n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* The root element: which of the two kinds, and the system fact. */
static int root_start(struct tia *T, const char *name, unsigned long line)
{
    if (strcmp(name, "Document") != 0 && strcmp(name, "CAEXFile") != 0) {
        T->host->diag(T->ctx, OTL_DIAG_ERROR, line,
                      "root element is neither <Document> (SimaticML) nor <CAEXFile> (AutomationML)");
        T->bad_root = 1;
        otlp_doc_stop(&T->doc, OTL_PARSE_FAILED);
        return -1;
    }
    T->have_root = 1;
    T->fmt = strcmp(name, "Document") == 0 ? F_SIMATIC : F_AML;
    T->system = otlp_doc_fact(&T->doc, "system", line);
    otlp_doc_set(&T->doc, T->system, "vendor", "siemens");
    otlp_doc_set(&T->doc, T->system, "class", "controller");
    /* a block, tag table or hardware configuration is never the whole
     * controller configuration */
    otlp_doc_set(&T->doc, T->system, "export-kind", "partial");
    if (T->fmt == F_SIMATIC)
        otlp_doc_set(&T->doc, T->system, "os", "tia-portal");
    return 0;
}

/* The pruned node of a new element (NULL: not kept), and what its start
 * means for the facts. */
static xmlNodePtr keep_start(struct tia *T, struct frame *p, const char *nm, const struct sattrs *A,
                             unsigned long line)
{
    xmlNodePtr pk = p != NULL ? p->keep : NULL;

    if (p == NULL)
        return keep_node(T, NULL, nm, NULL, line);
    if (T->fmt == F_AML && strcmp(nm, "InternalLink") == 0) {
        keep_node(T, T->links, nm, A, line);
        return NULL;
    }
    if (pk == NULL)
        return NULL;
    if (T->fmt == F_SIMATIC) {
        if (pk->parent == NULL && strcmp(nm, "Engineering") == 0) {
            at(T, NULL);
            set_version(T, T->system, "version", sattr(A, "version"));
            return NULL;
        }
        if (!simatic_keep(pk, nm))
            return NULL;
        if (pk->parent == NULL)
            simatic_object_start(T, nm);
    } else if (!aml_keep(p, pk, nm, A)) {
        return NULL;
    }
    return keep_node(T, pk, nm, A, line);
}

/* A kept element has ended: read what is complete. */
static void keep_end(struct tia *T, struct frame *fr)
{
    xmlNodePtr k = fr->keep;

    if (fr->tlen > 0) {
        xmlNodePtr t = xmlNewTextLen((const xmlChar *)fr->text, (int)fr->tlen);
        if (t == NULL || t->content == NULL || xmlAddChild(k, t) == NULL) {
            xmlFreeNode(t);
            otlp_doc_nomem(&T->doc);
            return;
        }
    }
    if (k->parent == NULL || T->doc.stop)
        return;
    at(T, NULL);
    if (T->fmt == F_SIMATIC) {
        if (is_object(k)) {
            simatic_object_end(T, k);
            free_keep(k);
        } else if (name_is(k, "Member") && name_is(k->parent, "Section")) {
            simatic_member_end(T, k);
            free_keep(k);
        } else if (name_is(k, "SW.Tags.PlcTag")) {
            simatic_tag_end(T, k);
            free_keep(k);
        }
    } else if (name_is(k, "AdditionalInformation") && k->parent->parent == NULL) {
        aml_header(T, k);
        free_keep(k);
    }
}

/* Room for the frame of depth `d` (1-based). */
static struct frame *push_frame(struct tia *T)
{
    struct frame *fr;

    if (grow(T, (void **)&T->f, &T->capf, T->nf + 1, sizeof *T->f) < 0)
        return NULL;
    fr = &T->f[T->nf++];
    memset(fr, 0, offsetof(struct frame, text));
    return fr;
}

/* A raw element for the element being started, under frame p (NULL: the
 * root).  0 go on, -1 not kept. */
static int raw_start(struct tia *T, struct frame *p, struct frame *fr, const struct sattrs *A,
                     unsigned long line)
{
    const char *an = sattr(A, "Name");

    if (T->raw_records) {
        if (p != NULL)
            flush(T, p);
        if (otlp_doc_take(&T->doc, line) < 0)
            return -1;
        fr->raw = xmlNewNode(NULL, (const xmlChar *)fr->name);
        if (fr->raw == NULL || fr->raw->name == NULL) {
            xmlFreeNode(fr->raw);
            fr->raw = NULL;
            otlp_doc_nomem(&T->doc);
            return -1;
        }
        otl_node_set_line(fr->raw, line);
        fr->rdepth = p != NULL ? p->rdepth + 1 : 0;
    } else {
        if (p != NULL)
            flush(T, p);
        fr->raw = otlp_doc_node(&T->doc, p != NULL ? p->raw : T->dd->raw, fr->name, line);
        if (fr->raw == NULL)
            return -1;
    }
    fr->kept = 1;
    at(T, NULL);
    fr->unknown = p != NULL && !element_known(T, fr->name, p->name, an);
    raw_attrs(T, A, fr->raw, fr->unknown);
    T->statements++;
    if (!fr->unknown)
        T->recognised++;
    else
        note_unrecognised(T, fr->raw, line);
    secret_key(T, fr, A);
    /* what is written below a credential is part of it (a nested attribute
     * list, the parts of a compound value) */
    if (p != NULL && p->key_secret)
        fr->key_secret = 1, fr->key_enum = 0;
    fr->own_value = sattr(A, "value") != NULL;
    return 0;
}

static void element_start(struct tia *T, const char *name, const xmlChar **attrs, int nattrs,
                          unsigned long line)
{
    struct frame *p = T->nf > 0 ? &T->f[T->nf - 1] : NULL, *fr;
    const char *grand = T->nf > 1 ? T->f[T->nf - 2].name : NULL;
    struct sattrs A;
    int act;

    if (p == NULL && root_start(T, name, line) < 0)
        return;
    if (p != NULL) {
        p->child = 1;
        if (p->act == A_FOLD || p->act == A_SHELL) {
            T->skip = T->depth;
            return;
        }
    }
    act = p == NULL ? A_KEEP
          : T->fmt == F_SIMATIC ? simatic_act(name, p->name, grand) : aml_act(name, p->name);
    if (act == A_DROP) {
        T->skip = T->depth;
        return;
    }
    if (load_attrs(T, attrs, nattrs, &A) < 0 || (fr = push_frame(T)) == NULL)
        return;
    p = T->nf > 1 ? &T->f[T->nf - 2] : NULL; /* the array may have moved */
    fr->name = name;
    fr->act = act;
    if (act != A_FOLD && raw_start(T, p, fr, &A, line) < 0) {
        if (fr->raw != NULL && T->raw_records)
            xmlFreeNode(fr->raw);
        T->nf--;
        return;
    }
    fr->keep = keep_start(T, p, name, &A, line);
    if (p == NULL)
        T->keep = fr->keep;
}

static void element_end(struct tia *T)
{
    struct frame *fr = &T->f[T->nf - 1];
    struct frame *p = T->nf > 1 ? &T->f[T->nf - 2] : NULL;

    flush(T, fr);
    if (fr->act == A_FOLD && p != NULL && !p->vdone) {
        memcpy(p->vtext, fr->text, fr->tlen);
        p->vlen = fr->tlen;
        p->vdone = 1;
    }
    if (fr->keep != NULL)
        keep_end(T, fr);
    T->nf--;
}

/* SAX events (host->xml_sax).  An element written <a/> has its end event
 * too. */
static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                      int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                      int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr pc = ctx;
    struct tia *T = pc->_private;
    unsigned long line;
    const char *name = localname != NULL ? (const char *)localname : "";

    (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    T->depth++;
    T->pc = pc;
    line = otlp_sax_line(&T->tp, T->pc);
    if (T->doc.stop)
        return;
    if (T->depth > T->max_depth) {
        /* dropped subtrees too: libxml2's own limit does not hold in a push parse */
        T->host->diag(T->ctx, OTL_DIAG_ERROR, line,
                      "elements nested deeper than %u levels; the rest of the file is not read", T->max_depth);
        otlp_doc_stop(&T->doc, OTL_PARSE_PARTIAL);
        xmlStopParser(pc);
        return;
    }
    if (T->skip)
        return;
    if (prefix != NULL && uri == NULL) {
        /* an unbound prefix: the qualified name, as a tree keeps it */
        size_t l = strlen((const char *)prefix) + strlen(name) + 2;
        char *q = malloc(l);
        const xmlChar *d;
        if (q == NULL) {
            otlp_doc_nomem(&T->doc);
            xmlStopParser(pc);
            return;
        }
        snprintf(q, l, "%s:%s", (const char *)prefix, name);
        d = xmlDictLookup(pc->dict, (const xmlChar *)q, -1);
        free(q);
        if (d == NULL) {
            otlp_doc_nomem(&T->doc);
            xmlStopParser(pc);
            return;
        }
        name = (const char *)d;
    }
    element_start(T, name, attributes, nb_attributes, line);
    if (T->doc.stop)
        xmlStopParser(pc);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr pc = ctx;
    struct tia *T = pc->_private;
    unsigned d = T->depth--;

    (void)localname, (void)prefix, (void)uri;
    if (T->doc.stop)
        return;
    if (T->skip) {
        if (d == T->skip)
            T->skip = 0;
        return;
    }
    if (T->nf > 0)
        element_end(T);
    if (T->doc.stop)
        xmlStopParser(pc);
}

/* Text and CDATA: the first TEXT_MAX bytes of an element's own text. */
static void sax_text(void *ctx, const xmlChar *s, int len)
{
    xmlParserCtxtPtr pc = ctx;
    struct tia *T = pc->_private;
    struct frame *fr;
    size_t n;

    if (T->doc.stop || T->skip || T->nf == 0 || len <= 0)
        return;
    fr = &T->f[T->nf - 1];
    n = (size_t)len;
    if (n > TEXT_MAX - fr->tlen)
        n = TEXT_MAX - fr->tlen;
    memcpy(fr->text + fr->tlen, s, n);
    fr->tlen += n;
}

/* ------------------------------------------------------------ entry points */

static void coverage(struct tia *T)
{
    otlp_doc_set(&T->doc, T->system, "export-type", T->export_type != NULL ? T->export_type : "other");
    otlp_doc_coverage(&T->doc, T->system, T->recognised, T->statements);
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

static void run_sax(struct tia *T, const struct otl_input *in)
{
    xmlSAXHandler h;
    int rc;

    memset(&h, 0, sizeof h);
    h.initialized = XML_SAX2_MAGIC;
    h.startElementNs = sax_start;
    h.endElementNs = sax_end;
    h.characters = sax_text;
    h.cdataBlock = sax_text;
    rc = T->host->xml_sax(T->ctx, in->data, in->len, &h, T);
    if (T->bad_root || T->doc.status == OTL_PARSE_NOMEM)
        return;
    if (rc != 0 && !T->doc.stop) {
        /* libxml2 said where, through the host; what was read is dropped,
         * as a tree parse would have read nothing */
        T->host->diag(T->ctx, OTL_DIAG_ERROR, 0, "not a well-formed XML document; nothing read");
        otlp_doc_status(&T->doc, OTL_PARSE_FAILED);
    }
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct tia *T;
    enum otl_parse_status ret;

    /* SAX events are the one way this plugin reads (ABI 1.2) */
    if (host->abi_minor < 2 || host->xml_sax == NULL) {
        host->diag(ctx, OTL_DIAG_ERROR, 0,
                   "this otlint offers no SAX parse (host->xml_sax, plugin ABI 1.2); the export is not read");
        return OTL_PARSE_FAILED;
    }
    T = calloc(1, sizeof *T);
    if (T == NULL)
        return OTL_PARSE_NOMEM;
    T->host = host;
    T->ctx = ctx;
    T->dd = dd;
    otlp_doc_init(&T->doc, host, ctx, dd);
    T->max_depth = host->max_depth != 0 ? host->max_depth : DEPTH_FALLBACK;
    otlp_tagpos_init(&T->tp, in);
    T->raw_records = otlp_raw_records(host);
    T->links = xmlNewNode(NULL, (const xmlChar *)"links");
    if (T->links == NULL || T->links->name == NULL)
        otlp_doc_nomem(&T->doc);
    else
        run_sax(T, in);
    if (T->doc.status != OTL_PARSE_NOMEM && T->doc.status != OTL_PARSE_FAILED && T->have_root) {
        if (T->fmt == F_AML && T->keep != NULL && !T->doc.stop)
            aml(T, T->keep);
        coverage(T);
    }
    ret = T->doc.status;
    while (T->raw_records && T->nf > 0) {
        struct frame *fr = &T->f[--T->nf];
        if (fr->raw != NULL)
            xmlFreeNode(fr->raw);
    }
    free_group(&T->grp);
    if (T->keep != NULL)
        xmlFreeNode(T->keep);
    if (T->links != NULL)
        xmlFreeNode(T->links);
    free(T->f);
    free(T->abuf);
    free(T->av);
    free(T);
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

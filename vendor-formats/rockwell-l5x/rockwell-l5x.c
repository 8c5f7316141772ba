/*
 * rockwell-l5x.c - format plugin for Rockwell Automation Logix 5000 XML
 * exports (.L5X) of RSLogix 5000 / Studio 5000 Logix Designer.
 *
 * Input: a whole-controller export (root TargetType="Controller") or a
 * component export (Program, Routine, Rung, AddOnInstructionDefinition,
 * Module, DataType ...), in which the Controller element carries
 * Use="Context" and only the exported component is Use="Target".
 *
 * Grammar notes (Logix 5000 Controllers Import/Export Reference Manual,
 * 1756-RM014, and the L5X schema's element and attribute names):
 *  - root <RSLogix5000Content SchemaRevision SoftwareRevision TargetType
 *    ContainsContext ...>, one <Controller> child;
 *  - Controller children in export order: RedundancyInfo, Security,
 *    SafetyInfo, DataTypes, Modules, AddOnInstructionDefinitions, Tags,
 *    Programs, Tasks, ... TimeSynchronize, EthernetPorts;
 *  - a source-protected Routine or Add-On Instruction is exported as
 *    <EncodedData EncodedType="Routine|AddOnInstructionDefinition" Name=...>
 *    in its place (base64 body); older protection leaves the element and
 *    marks it with SourceKey / EncryptedContent.
 *  - default External Access of a tag without the attribute (exports of
 *    versions before 18): standard tags Read/Write, safety tags and
 *    equipment-phase output parameters Read Only (1756-PM004, "Imported tag
 *    behavior").
 *
 * Streaming: real exports reach hundreds of MB, nearly all of it tag data
 * and code.  The file is read once, as SAX events (host->xml_sax, ABI 1.2:
 * no node is built for an element; a core that does not offer them is
 * refused with an error); only a skeleton
 * (controller, modules, programs, routines, AOIs, tasks, tag groups: start
 * tags with their attributes, no data values, no code) and the facts are
 * kept, so memory does not grow with the number of tags or rungs beyond the
 * OTLP_MAX_TAG_FACTS tag facts.  Start lines come from otlp_tagpos_next(),
 * called once per element start in document order.
 */
#include "otlint-plugin.h"
#include "opaque.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIFF_BYTES 8192
#define MAXFRAMES 32  /* the skeleton's nesting is fixed by the table below: < 10 */
#define MAXUNREC 8    /* unrecognised element lines named in the coverage note */

/* ------------------------------------------------------------ element kinds */

enum kind {
    K_NONE = 0,  /* before the root */
    K_ROOT,      /* RSLogix5000Content */
    K_CONTROLLER,
    K_SECURITY,
    K_SAFETYINFO,
    K_TIMESYNC,
    K_DATATYPES, /* plain collections whose children are leaves */
    K_ETHPORTS,
    K_CHILDPROGS,
    K_SCHED,
    K_MODULES,
    K_MODULE,
    K_EKEY,
    K_PORTS,
    K_PORT,
    K_AOIS,
    K_AOI,
    K_ENCODED,   /* EncodedData in place of a Routine or an AOI */
    K_PROTMARK,  /* child of a Routine / AOI that means its source is protected */
    K_ROUTINES,
    K_ROUTINE,
    K_TAGS,
    K_TAG,
    K_PROGRAMS,
    K_PROGRAM,
    K_TASKS,
    K_TASK,
    K_LEAF       /* kept in the raw skeleton with its attributes, nothing else */
};

/* What happens to an element: FRAME = kept and its children examined;
 * LEAF = kept (or handled), children skipped; SKIP = understood but neither
 * kept nor examined (data, code, descriptions, trends ...). */
enum act { A_FRAME, A_LEAF, A_SKIP };

struct rule {
    enum kind parent;
    const char *name;
    enum kind kind;
    enum act act;
};

/* The L5X skeleton: for each parent, the children of the schema.  Anything
 * else under these parents is counted as not recognised (parse coverage). */
static const struct rule rules[] = {
    {K_NONE, "RSLogix5000Content", K_ROOT, A_FRAME},
    {K_ROOT, "Controller", K_CONTROLLER, A_FRAME},
    {K_ROOT, "CustomProperties", K_NONE, A_SKIP},

    {K_CONTROLLER, "RedundancyInfo", K_LEAF, A_LEAF},
    {K_CONTROLLER, "Security", K_SECURITY, A_LEAF},
    {K_CONTROLLER, "SafetyInfo", K_SAFETYINFO, A_LEAF},
    {K_CONTROLLER, "DataTypes", K_DATATYPES, A_FRAME},
    {K_CONTROLLER, "Modules", K_MODULES, A_FRAME},
    {K_CONTROLLER, "AddOnInstructionDefinitions", K_AOIS, A_FRAME},
    {K_CONTROLLER, "Tags", K_TAGS, A_FRAME},
    {K_CONTROLLER, "Programs", K_PROGRAMS, A_FRAME},
    {K_CONTROLLER, "Tasks", K_TASKS, A_FRAME},
    {K_CONTROLLER, "TimeSynchronize", K_TIMESYNC, A_LEAF},
    {K_CONTROLLER, "EthernetPorts", K_ETHPORTS, A_FRAME},
    {K_CONTROLLER, "EthernetNetwork", K_LEAF, A_LEAF},
    {K_CONTROLLER, "InternetProtocol", K_LEAF, A_LEAF},
    {K_CONTROLLER, "CST", K_LEAF, A_LEAF},
    {K_CONTROLLER, "WallClockTime", K_LEAF, A_LEAF},
    {K_CONTROLLER, "OpcUaInfo", K_LEAF, A_LEAF},
    {K_CONTROLLER, "CommPorts", K_NONE, A_SKIP},
    {K_CONTROLLER, "Description", K_NONE, A_SKIP},
    {K_CONTROLLER, "CustomProperties", K_NONE, A_SKIP},
    {K_CONTROLLER, "DiagnosticMessages", K_NONE, A_SKIP},
    {K_CONTROLLER, "DeviceDiagnosticProfiles", K_NONE, A_SKIP},
    {K_CONTROLLER, "AlarmDefinitions", K_NONE, A_SKIP},
    {K_CONTROLLER, "ParameterConnections", K_NONE, A_SKIP},
    {K_CONTROLLER, "Trends", K_NONE, A_SKIP},
    {K_CONTROLLER, "DataLogs", K_NONE, A_SKIP},
    {K_CONTROLLER, "QuickWatchLists", K_NONE, A_SKIP},

    {K_DATATYPES, "DataType", K_LEAF, A_LEAF}, /* members are not tags */
    {K_DATATYPES, "CustomProperties", K_NONE, A_SKIP},
    {K_ETHPORTS, "EthernetPort", K_LEAF, A_LEAF},
    {K_ETHPORTS, "CustomProperties", K_NONE, A_SKIP},
    {K_CHILDPROGS, "ChildProgram", K_LEAF, A_LEAF},
    {K_SCHED, "ScheduledProgram", K_LEAF, A_LEAF},

    {K_MODULES, "Module", K_MODULE, A_FRAME},
    {K_MODULES, "CustomProperties", K_NONE, A_SKIP},
    {K_MODULE, "EKey", K_EKEY, A_LEAF},
    {K_MODULE, "Ports", K_PORTS, A_FRAME},
    {K_MODULE, "Description", K_NONE, A_SKIP},
    {K_MODULE, "CustomProperties", K_NONE, A_SKIP},
    {K_MODULE, "FaultString", K_NONE, A_SKIP},
    {K_MODULE, "Communications", K_NONE, A_SKIP},
    {K_MODULE, "ExtendedProperties", K_NONE, A_SKIP},
    {K_MODULE, "PingMethod", K_NONE, A_SKIP},
    {K_MODULE, "SiblingDependencies", K_NONE, A_SKIP},
    {K_PORTS, "Port", K_PORT, A_LEAF},
    {K_PORTS, "CustomProperties", K_NONE, A_SKIP},

    {K_AOIS, "AddOnInstructionDefinition", K_AOI, A_FRAME},
    {K_AOIS, "EncodedData", K_ENCODED, A_LEAF},
    {K_AOIS, "CustomProperties", K_NONE, A_SKIP},
    {K_AOI, "Routines", K_ROUTINES, A_FRAME},
    {K_AOI, "EncodedData", K_PROTMARK, A_SKIP},
    {K_AOI, "EncryptedAOIContent", K_PROTMARK, A_SKIP},
    {K_AOI, "Description", K_NONE, A_SKIP},
    {K_AOI, "CustomProperties", K_NONE, A_SKIP},
    {K_AOI, "RevisionNote", K_NONE, A_SKIP},
    {K_AOI, "SignatureHistory", K_NONE, A_SKIP},
    {K_AOI, "AdditionalHelpText", K_NONE, A_SKIP},
    {K_AOI, "EncryptionInfo", K_NONE, A_SKIP},
    {K_AOI, "Parameters", K_NONE, A_SKIP}, /* AOI parameters are not external tags */
    {K_AOI, "LocalTags", K_NONE, A_SKIP},
    {K_AOI, "Tags", K_NONE, A_SKIP},
    {K_AOI, "Dependencies", K_NONE, A_SKIP},

    {K_ROUTINES, "Routine", K_ROUTINE, A_FRAME},
    {K_ROUTINES, "EncodedData", K_ENCODED, A_LEAF},
    {K_ROUTINES, "CustomProperties", K_NONE, A_SKIP},
    {K_ROUTINE, "EncodedData", K_PROTMARK, A_SKIP},
    {K_ROUTINE, "EncryptedContent", K_PROTMARK, A_SKIP},
    {K_ROUTINE, "EncryptedSegments", K_PROTMARK, A_SKIP},
    {K_ROUTINE, "RLLContent", K_NONE, A_SKIP},
    {K_ROUTINE, "STContent", K_NONE, A_SKIP},
    {K_ROUTINE, "FBDContent", K_NONE, A_SKIP},
    {K_ROUTINE, "SFCContent", K_NONE, A_SKIP},
    {K_ROUTINE, "SEQContent", K_NONE, A_SKIP},
    {K_ROUTINE, "ExternalContent", K_NONE, A_SKIP},
    {K_ROUTINE, "Description", K_NONE, A_SKIP},
    {K_ROUTINE, "CustomProperties", K_NONE, A_SKIP},
    {K_ROUTINE, "EncryptionInfo", K_NONE, A_SKIP},

    {K_TAGS, "Tag", K_TAG, A_LEAF},
    {K_TAGS, "CustomProperties", K_NONE, A_SKIP},

    {K_PROGRAMS, "Program", K_PROGRAM, A_FRAME},
    {K_PROGRAMS, "CustomProperties", K_NONE, A_SKIP},
    {K_PROGRAM, "Tags", K_TAGS, A_FRAME},
    {K_PROGRAM, "Routines", K_ROUTINES, A_FRAME},
    {K_PROGRAM, "ChildPrograms", K_CHILDPROGS, A_FRAME},
    {K_PROGRAM, "Description", K_NONE, A_SKIP},
    {K_PROGRAM, "CustomProperties", K_NONE, A_SKIP},
    {K_PROGRAM, "RevisionNote", K_NONE, A_SKIP},
    {K_PROGRAM, "Parameters", K_NONE, A_SKIP},
    {K_PROGRAM, "LocalTags", K_NONE, A_SKIP},

    {K_TASKS, "Task", K_TASK, A_FRAME},
    {K_TASKS, "CustomProperties", K_NONE, A_SKIP},
    {K_TASK, "EventInfo", K_LEAF, A_LEAF},
    {K_TASK, "ScheduledPrograms", K_SCHED, A_FRAME},
    {K_TASK, "Description", K_NONE, A_SKIP},
    {K_TASK, "CustomProperties", K_NONE, A_SKIP},
};

/* ------------------------------------------------------------------ state */

/* The attributes of the element being started.  Names are libxml2's,
 * valid during its start event; values are copies in struct st's vbuf
 * (sax_load_attrs). */
#define INLINE_ATTRS 24
struct attrs {
    size_t n;
    const char **k, **v;
    const char *ik[INLINE_ATTRS], *iv[INLINE_ATTRS];
    int heap;   /* k and v are malloc'd (more than INLINE_ATTRS) */
    char **own; /* values with something replaced (scrubbed(); malloc'd), or NULL */
    size_t nown;
};

/* What an attribute name is (name_class()): the same few dozen names recur
 * on every element, so the answers are cached by name. */
#define NAMECACHE 128
struct name_class {
    char name[40];
    unsigned char len;    /* strlen(name); names of 40 bytes or more are not cached */
    unsigned char secret; /* secret_attr() */
    unsigned char schema; /* schema_attr() */
};

/* One open skeleton element (A_FRAME). */
struct frame {
    enum kind kind;
    int depth;          /* the element's depth (the root: 0) */
    xmlNodePtr raw;     /* its raw skeleton element, or NULL */
    int rdepth;         /* records: its raw element's depth (0: top), -1 none */
    xmlNodePtr fact;    /* the fact it makes (routine, aoi, tag-group, module) */
    char *name;         /* Name attribute (program, AOI, module, controller) */
    int prot;           /* routine / AOI: source protected */
    int safety;         /* program: 1 Class="Safety", 0 standard, -1 unknown */
    int phase;          /* program: an equipment phase */
    /* Tags: exact counts */
    unsigned long tags, writable, ro, none, safety_w;
    char *first;        /* first writable tag */
    unsigned long first_line; /* its line */
};

enum export_type { X_OTHER = 0, X_CONTROLLER, X_PROGRAM, X_ROUTINE, X_AOI, X_MODULE, X_DATATYPE };

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_tagpos tp;

    /* the parser, the current depth, the attributes of the element
     * being started (libxml2's array: 5 pointers each) and where their
     * values are copied to */
    xmlParserCtxtPtr pc;
    int depth;
    const xmlChar **sax_attrs;
    int sax_nattrs;
    char *vbuf;
    size_t vcap;
    int raw_records;            /* the skeleton goes to host->raw_stmt, not elements */

    struct otlp_doc doc;        /* the builder; doc.stop: a limit was hit or memory ran out */
    unsigned max_depth;

    struct frame f[MAXFRAMES];
    size_t nf;
    int skip_depth;             /* >= 0: inside a skipped subtree below this depth */

    unsigned long statements, recognised;
    unsigned long unrec_lines[MAXUNREC];
    size_t n_unrec;

    enum export_type xt;
    int have_target_type;
    int have_root, have_controller;

    /* the Controller, when the export describes it (Use="Target") */
    xmlNodePtr system, controller, web, safety;
    char *ctrl_name;
    int safety_proc;

    unsigned long tag_facts, tags_uncounted;
    unsigned long unknown_access;
    int long_reported;

    struct name_class nc[NAMECACHE], nc_long; /* attribute names: name_class() */
};

/* ---------------------------------------------------------------- helpers */

/* A fact placed right after `after` (facts keep the order a reader expects:
 * system, controller, service, safety, then the file's order). */
static xmlNodePtr fact_after(struct st *S, xmlNodePtr after, const char *name, unsigned long line)
{
    xmlNodePtr n = otlp_doc_fact(&S->doc, name, line);

    if (n != NULL && after != NULL && after->next != n) {
        xmlUnlinkNode(n);
        if (xmlAddNextSibling(after, n) == NULL) {
            xmlFreeNode(n);
            otlp_doc_nomem(&S->doc);
            return NULL;
        }
    }
    return n;
}

static void free_attrs(struct attrs *A)
{
    size_t i;

    for (i = 0; i < A->nown; i++)
        free(A->own[i]);
    free(A->own);
    A->own = NULL;
    A->nown = 0;
    if (A->heap) {
        free((void *)A->k);
        free((void *)A->v);
    }
    A->n = 0;
    A->heap = 0;
}

/* Room in A for cap attributes: inline, or malloc'd past INLINE_ATTRS. */
static int attrs_room(struct st *S, struct attrs *A, size_t cap)
{
    A->n = 0;
    A->heap = 0;
    A->own = NULL;
    A->nown = 0;
    A->k = A->ik;
    A->v = A->iv;
    if (cap > INLINE_ATTRS) {
        A->k = malloc(cap * sizeof *A->k);
        A->v = malloc(cap * sizeof *A->v);
        A->heap = 1;
        if (A->k == NULL || A->v == NULL) {
            free_attrs(A);
            otlp_doc_nomem(&S->doc);
            return -1;
        }
    }
    return 0;
}

/* A value longer than host->max_line_len: cut (v is writable) and said. */
static void cut_value(struct st *S, char *v, size_t maxlen, unsigned long line)
{
    v[maxlen] = '\0';
    /* an error: a cut value is a limit hit, the file is not fully checked
     * (partial, exit 3) */
    if (!S->long_reported++)
        S->host->diag(S->ctx, OTL_DIAG_ERROR, line, "attribute value longer than %zu bytes; cut there",
                      maxlen);
    otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
}

/* Attribute names of the skeleton's elements in real exports (the shared
 * corpus, Logix Designer v19 to v37, and the fixtures, all after
 * 1756-RM084) and those this plugin reads, in strcmp() order.  The value of
 * any other attribute is text no grammar here knows: it fails closed
 * (otlp_redact_unknown) when it holds a secret word. */
static const char *const schema_attrs[] = {
    "Address", "AliasFor", "AutoDiagsEnabled", "AutoValueAssignPhaseToStepOnAborted",
    "AutoValueAssignPhaseToStepOnComplete", "AutoValueAssignPhaseToStepOnStopped",
    "AutoValueAssignStepToPhase", "BeaconInterval", "BeaconTimeout", "CanUseRPIFromProducer",
    "CatalogNumber", "ChangesToDetect", "Class", "Code", "CommPath", "CompleteStateIfNotImpl",
    "ConfigureSafetyIOAlways", "Constant", "ContainsContext", "ControlNetSignature", "CreatedBy",
    "CreatedDate", "DataExchangeId", "DataTablePadPercentage", "DataType", "DescriptionHash",
    "Dimensions", "DisableUpdateOutputs", "Disabled", "DownloadProjectCustomProperties",
    "DownloadProjectDocumentationAndExtendedProperties", "EditedBy", "EditedDate", "EnableTimeout",
    "Enabled", "EnabledPorts", "EncodedSourceKey", "EncodedType", "EncryptionConfig",
    "EtherNetIPMode", "EventTrigger", "ExecuteEnableInFalse", "ExecutePostscan", "ExecutePrescan",
    "ExportDate", "ExportOptions", "ExternalAccess", "ExternalRequestAction", "Family",
    "FaultRoutineName", "IOMemoryPadPercentage", "Id", "IncludeKeySegment",
    "InhibitAutomaticFirmwareUpdate", "InhibitTask", "Inhibited", "InitialState",
    "InitialStepIndex", "IsEncrypted", "KeepTestEditsOnSwitchOver", "KeySwitchPosition", "Label",
    "LastModifiedDate", "LocalTimeAdjustment", "LogicHash", "LossOfCommCmd", "MainRoutineName",
    "Major", "MajorFault", "MajorRev", "MasterID", "MatchProjectToController", "Minor", "MinorRev",
    "Name", "OpcUaAccess", "Owner", "PTPEnable", "ParentModPortId", "ParentModule",
    "PassThroughConfiguration", "PermissionSet", "Port", "PortEnabled", "PreStateRoutineName",
    "Priority", "Priority1", "Priority2", "ProcessorType", "ProductCode", "ProductType",
    "ProjectCreationDate", "ProjectSN", "Radix", "Rate", "ReportMinorOverflow", "Revision",
    "RevisionExtension", "SFCExecutionControl", "SFCLastScan", "SFCRestartPosition",
    "SafetyEnabled", "SafetyLevel", "SafetyLockPassword", "SafetyLocked", "SafetyNetwork",
    "SafetySignature", "SafetyUnlockPassword", "SchemaRevision", "SecurityAuthorityID",
    "SecurityAuthorityURI", "ShareUnusedTimeSlice", "SignatureID", "SignatureRunModeProtect",
    "SignatureTimestamp", "SoftwareRevision", "SourceKey", "SourceProtectionType", "State",
    "SupervisorModeEnabled", "SupervisorPrecedence", "TagType", "TargetName", "TargetSubType",
    "TargetType", "TestEdits", "TimeSlice", "TimeZone", "TokenHoldFactor", "TrackingGroups",
    "TrustedSlots", "Type", "UId", "Upstream", "Usage", "Use", "UseAsFolder", "VLANID", "Vendor",
    "Watchdog", "WebServerEnabled", "Width",
};

static int cmp_name(const void *k, const void *e)
{
    return strcmp(k, *(const char *const *)e);
}

static int schema_attr(const char *name)
{
    return bsearch(name, schema_attrs, sizeof schema_attrs / sizeof schema_attrs[0],
                   sizeof schema_attrs[0], cmp_name) != NULL;
}

static const struct name_class *name_class(struct st *S, const char *name);

/* A value with a URL credential (`ftp://user:PASS@host`, in any attribute:
 * a CommPath, one the schema does not have), or the value of an attribute
 * not in schema_attrs that holds a secret word (`Note="login pass X"`): the
 * SDK's scrubbed (and, for the second, otlp_redact_unknown'd) copy, kept in
 * A until free_attrs(), so that facts, raw elements and records all see the
 * same text.  NULL (said) when out of memory. */
static char *scrubbed(struct st *S, struct attrs *A, size_t cap, const char *name, char *v, size_t *n)
{
    size_t a, b;
    /* no ':' (nearly every value): no URL, without the scan */
    int url = memchr(v, ':', *n) != NULL && otlp_url_secret(v, *n, 0, &a, &b);
    int word = !name_class(S, name)->schema && otlp_secret_name(v, *n);
    char *t, *u;

    if (!url && !word)
        return v;
    if (A->own == NULL && (A->own = calloc(cap, sizeof *A->own)) == NULL) {
        otlp_doc_nomem(&S->doc);
        return NULL;
    }
    /* the URL credentials first: a secret word inside a password
     * (`https://u:MyKeyPw@h`) must not leave part of it in place */
    if ((t = otlp_scrub_urls(v, *n, NULL)) == NULL) {
        otlp_doc_nomem(&S->doc);
        return NULL;
    }
    if (word) {
        u = otlp_redact_unknown(t, strlen(t), NULL);
        free(t);
        if ((t = u) == NULL) {
            otlp_doc_nomem(&S->doc);
            return NULL;
        }
    }
    A->own[A->nown++] = t;
    *n = strlen(t);
    return t;
}

/* The current element's attributes (see struct attrs), in document order,
 * from libxml2's array (5 pointers each: local name, prefix, URI, value
 * start, value end).  Values are copied into S->vbuf (one block for the
 * element) with references resolved: an '&' reaches SAX2 handlers still as
 * "&#38;" (libxml2 2.9 parser.c, xmlParseAttValueComplex) and is decoded
 * here.  Left out: namespace declarations and prefixed attributes (L5X has
 * no namespaces; a foreign attribute is not the vendor's data and its
 * prefix would be unbound in the raw tree).  Values longer than
 * host->max_line_len are cut there: no L5X attribute comes close, and facts
 * and evidence must stay printable. */
static int load_attrs(struct st *S, struct attrs *A, unsigned long line)
{
    size_t i, need = 0, o = 0, maxlen = S->host->max_line_len;
    const xmlChar **at = S->sax_attrs;

    for (i = 0; i < (size_t)S->sax_nattrs; i++)
        need += (size_t)(at[5 * i + 4] - at[5 * i + 3]) + 1;
    if (need > S->vcap) {
        char *nb = realloc(S->vbuf, need);
        if (nb == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        S->vbuf = nb;
        S->vcap = need;
    }
    if (attrs_room(S, A, (size_t)S->sax_nattrs) < 0)
        return -1;
    for (i = 0; i < (size_t)S->sax_nattrs; i++) {
        char *v = S->vbuf + o;
        size_t n;
        if (at[5 * i] == NULL || at[5 * i + 1] != NULL)
            continue; /* prefixed (above) */
        n = otlp_sax_value(v, at[5 * i + 3], at[5 * i + 4]);
        o += n + 1;
        /* URL credentials out before a cut, which could leave a password
         * without the '@' that marks it */
        if ((v = scrubbed(S, A, (size_t)S->sax_nattrs, (const char *)at[5 * i], v, &n)) == NULL) {
            free_attrs(A);
            return -1;
        }
        if (maxlen != 0 && n > maxlen)
            cut_value(S, v, maxlen, line);
        A->k[A->n] = (const char *)at[5 * i];
        A->v[A->n] = v;
        A->n++;
    }
    return 0;
}

/* Value of attribute `k`, or NULL. */
static const char *av(const struct attrs *A, const char *k)
{
    size_t i;

    for (i = 0; i < A->n; i++)
        if (strcmp(A->k[i], k) == 0)
            return A->v[i];
    return NULL;
}

/* Present and not empty (after blanks). */
static int nonempty(const char *s)
{
    if (s == NULL)
        return 0;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s != '\0';
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

/* A Logix integer literal ("0", "16#0000_ffff", "2#0101", "8#17"):
 * 1 if non-zero, 0 if zero, -1 if not a number. */
static int logix_nonzero(const char *s)
{
    const char *p;
    int base = 10, digits = 0, nz = 0;

    if (s == NULL)
        return -1;
    while (*s == ' ')
        s++;
    p = strchr(s, '#');
    if (p != NULL) {
        if (strncmp(s, "16#", 3) == 0)
            base = 16;
        else if (strncmp(s, "8#", 2) == 0)
            base = 8;
        else if (strncmp(s, "2#", 2) == 0)
            base = 2;
        else if (strncmp(s, "10#", 3) == 0)
            base = 10;
        else
            return -1;
        s = p + 1;
    }
    for (; *s && *s != ' '; s++) {
        int d;
        if (*s == '_')
            continue;
        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (*s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            return -1;
        if (d >= base)
            return -1;
        digits++;
        if (d != 0)
            nz = 1;
    }
    while (*s == ' ')
        s++;
    if (digits == 0 || *s != '\0')
        return -1;
    return nz;
}

/* Dotted IPv4 address. */
static int is_ipv4(const char *s)
{
    int parts = 0;

    if (s == NULL)
        return 0;
    for (;;) {
        int v = 0, nd = 0;
        while (*s >= '0' && *s <= '9' && nd < 4) {
            v = v * 10 + (*s++ - '0');
            nd++;
        }
        if (nd == 0 || nd > 3 || v > 255)
            return 0;
        parts++;
        if (*s == '.' && parts < 4) {
            s++;
            continue;
        }
        return *s == '\0' && parts == 4;
    }
}

/* "Major.Minor" of two decimal attributes as a dotted firmware number. */
static int firmware(const char *major, const char *minor, char *out, size_t n)
{
    char buf[64];

    if (!all_digits(major) || strlen(major) > 20)
        return -1;
    if (all_digits(minor) && strlen(minor) <= 20)
        snprintf(buf, sizeof buf, "%s.%s", major, minor);
    else
        snprintf(buf, sizeof buf, "%s", major);
    return otlp_version(buf, out, n);
}

/*
 * GuardLogix and Compact GuardLogix catalog numbers carry an S among the
 * letters after the L-number: 1756-L61S, L73SXT, L8xES(K), L72EROMS,
 * 1768-L43S, 1769-L3xERMS, 5069-L3xxERS2 / ERMS2(K).  Standard controllers
 * (1756-L83E, 1769-L33ERM, 5069-L320ERP, 1756-L85EP) have none.
 */
static int safety_processor(const char *pt)
{
    const char *p;

    if (pt == NULL)
        return 0;
    p = strstr(pt, "-L");
    if (p == NULL)
        return 0;
    p += 2;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'); p++)
        if (*p == 'S' || *p == 's')
            return 1;
    return 0;
}

/* Safety I/O by catalog number (used only when SafetyEnabled is absent):
 * Guard I/O families 1791DS/1732DS/1791ES/1732ES, the POINT Guard,
 * ControlLogix and Compact 5000 safety I/O of this list, and safety
 * controllers.  Anything else: unknown (no attribute). */
static int safety_catalog(const char *cat)
{
    static const char *const prefix[] = {"1791DS-", "1732DS-", "1791ES-", "1732ES-", NULL};
    static const char *const exact[] = {"1734-IB8S", "1734-OB8S", "1734-IE4S", "1734-OBV2S",
                                        "1756-IB16S", "1756-OBV8S", "5069-IB8S", "5069-IB8SK",
                                        "5069-OBV8S", "5069-OBV8SK", "1756-LSP", "1756-L7SP", NULL};
    size_t i, base;

    if (cat == NULL)
        return 0;
    for (i = 0; prefix[i]; i++)
        if (strncasecmp(cat, prefix[i], strlen(prefix[i])) == 0)
            return 1;
    base = strcspn(cat, "/ ");
    for (i = 0; exact[i]; i++)
        if (strlen(exact[i]) == base && strncasecmp(cat, exact[i], base) == 0)
            return 1;
    return safety_processor(cat);
}

/* Is this attribute a credential?  Fail closed: any name with a secret word
 * of the SDK (otlp_secret_name: pass, pwd, secret, key, hash, community,
 * credential, token, kennwort, whole-word PIN and Auth ...), whether the
 * L5X schema has it (SafetyLockPassword, SourceKey) or not (a Credential=
 * on the Controller, Community= on a Module), except the schema's
 * attributes of such names that hold no secret. */
static int secret_attr(const char *name)
{
    static const char *const not_secret[] = {
        "KeySwitchPosition",  /* the controller's key switch */
        "PassThroughConfiguration", /* unconnected message pass-through */
        "IncludeKeySegment",  /* module connection path option */
        "LogicHash",          /* digest of the (exported) logic */
        "DescriptionHash",    /* digest of the description */
        "TokenHoldFactor",    /* DF1 / DH-485 serial port: token passing, not a credential */
        NULL};
    size_t i;

    if (!otlp_secret_name(name, strlen(name)))
        return 0;
    for (i = 0; not_secret[i]; i++)
        if (strcmp(name, not_secret[i]) == 0)
            return 0;
    return 1;
}

/* The class of an attribute name, from a direct-mapped cache keyed by its
 * first and last bytes and length, checked against the cached copy. */
static const struct name_class *name_class(struct st *S, const char *name)
{
    size_t len = strlen(name);
    unsigned h = 0;
    struct name_class *c;

    if (len > 0)
        h = ((unsigned char)name[0] * 31u + (unsigned char)name[len - 1] * 7u + (unsigned)len) % NAMECACHE;
    c = &S->nc[h];
    if (len >= sizeof c->name)
        c = &S->nc_long;
    else if (c->len == len && memcmp(c->name, name, len) == 0 && (len > 0 || c->name[0] == '\0'))
        return c;
    c->secret = (unsigned char)secret_attr(name);
    c->schema = (unsigned char)schema_attr(name);
    c->len = (unsigned char)(len < sizeof c->name ? len : 0);
    if (len < sizeof c->name)
        memcpy(c->name, name, len + 1);
    else
        c->name[0] = '\1'; /* matches no name: nc_long is never looked up */
    return c;
}

/* ------------------------------------------------------------ raw skeleton */

/* The current element in the raw skeleton, below the element of frame `p`
 * (NULL: at the top): its attributes, credentials replaced by OTL_REDACTED
 * (secret="true"; also when load_attrs() replaced part of a value).  When
 * nothing reads the raw elements the element is a record instead
 * (host->raw_stmt): its start tag, as the core would write the element's
 * for evidence.  Where it went is kept in `fr` (may be NULL)
 * for the elements below it. */
static void raw_elem(struct st *S, const struct frame *p, const char *name, const struct attrs *A,
                     unsigned long line, struct frame *fr)
{
    xmlNodePtr parent = p ? p->raw : S->dd->raw, n;
    int depth = p ? (p->rdepth < 0 ? -1 : p->rdepth + 1) : 0;
    size_t i;
    int secret = 0;

    if (fr != NULL) {
        fr->raw = NULL;
        fr->rdepth = -1;
    }
    if ((S->raw_records ? depth < 0 : parent == NULL) || otlp_doc_take(&S->doc, line) < 0)
        return;
    secret = A->nown > 0; /* part of a value was replaced (scrubbed()) */
    for (i = 0; i < A->n; i++)
        if (name_class(S, A->k[i])->secret)
            secret = 1;
    if (S->raw_records) {
        /* the attributes in order, as set() below would leave them: a
         * vendor secret= attribute is overwritten in place */
        char b[OTLP_RAWTAG];
        size_t o = 0;
        int had_secret = 0;
        otlp_tag_put(b, &o, "<");
        otlp_tag_put(b, &o, name);
        for (i = 0; i < A->n; i++) {
            int is_secret_name = strcmp(A->k[i], "secret") == 0;
            if (A->v[i] == NULL)
                continue;
            had_secret |= is_secret_name;
            otlp_tag_put(b, &o, " ");
            otlp_tag_put(b, &o, A->k[i]);
            otlp_tag_put(b, &o, "=\"");
            otlp_tag_put(b, &o, is_secret_name && secret ? "true"
                           : name_class(S, A->k[i])->secret ? OTL_REDACTED
                                                  : A->v[i]);
            otlp_tag_put(b, &o, "\"");
        }
        if (secret && !had_secret)
            otlp_tag_put(b, &o, " secret=\"true\"");
        otlp_tag_put(b, &o, ">");
        if (otlp_raw_record(S->host, S->ctx, (unsigned)depth, line, b, o,
                            secret ? OTL_RAW_SECRET : 0) != 0) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        if (fr != NULL)
            fr->rdepth = depth;
        return;
    }
    n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    if (n == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    otl_node_set_line(n, line);
    for (i = 0; i < A->n && !S->doc.stop; i++) {
        if (name_class(S, A->k[i])->secret) {
            if (!xmlSetProp(n, (const xmlChar *)A->k[i], (const xmlChar *)OTL_REDACTED))
                otlp_doc_nomem(&S->doc);
        } else {
            otlp_doc_set(&S->doc, n, A->k[i], A->v[i]);
        }
    }
    if (secret && !S->doc.stop)
        otlp_doc_set(&S->doc, n, "secret", "true");
    if (fr != NULL)
        fr->raw = n;
}

/* ---------------------------------------------------------------- frames */

static struct frame *top(struct st *S)
{
    return S->nf > 0 ? &S->f[S->nf - 1] : NULL;
}

/* The nearest open frame of `kind`, or NULL. */
static struct frame *up(struct st *S, enum kind kind)
{
    size_t i;

    for (i = S->nf; i > 0; i--)
        if (S->f[i - 1].kind == kind)
            return &S->f[i - 1];
    return NULL;
}

static const char *ctrl_name(const struct st *S)
{
    return S->ctrl_name ? S->ctrl_name : "";
}

/* ------------------------------------------------------------- root, controller */

static void on_root(struct st *S, const struct attrs *A, unsigned long line)
{
    const char *tt = av(A, "TargetType");
    static const struct {
        const char *tt;
        enum export_type xt;
    } map[] = {{"Controller", X_CONTROLLER}, {"Program", X_PROGRAM}, {"Routine", X_ROUTINE},
               {"AddOnInstructionDefinition", X_AOI}, {"Module", X_MODULE}, {"DataType", X_DATATYPE},
               {NULL, X_OTHER}};
    size_t i;

    S->have_root = 1;
    S->have_target_type = tt != NULL;
    S->xt = X_OTHER;
    for (i = 0; tt && map[i].tt; i++)
        if (strcmp(tt, map[i].tt) == 0)
            S->xt = map[i].xt;
    S->system = otlp_doc_fact(&S->doc, "system", line);
    otlp_doc_set(&S->doc, S->system, "vendor", "rockwell");
    otlp_doc_set(&S->doc, S->system, "class", "controller");
}

static void export_kind(struct st *S)
{
    static const char *const names[] = {"other", "controller", "program", "routine",
                                        "aoi",   "module",     "datatype"};

    otlp_doc_set(&S->doc, S->system, "export-type", names[S->xt]);
    otlp_doc_set(&S->doc, S->system, "export-kind", S->xt == X_CONTROLLER ? "full" : "partial");
}

static void on_controller(struct st *S, struct frame *fr, const struct attrs *A, unsigned long line)
{
    const char *use = av(A, "Use"), *name = av(A, "Name"), *pt = av(A, "ProcessorType");
    const char *v;
    char fw[64];
    int have_fw, target;

    if (S->have_controller) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "a second Controller element; ignored for the facts");
        return;
    }
    S->have_controller = 1;
    /* A file without TargetType (not written by any known version) still
     * says with Use="Target" that it exports the controller itself. */
    if (!S->have_target_type && use != NULL && strcmp(use, "Target") == 0)
        S->xt = X_CONTROLLER;
    target = S->xt == X_CONTROLLER && (use == NULL || strcmp(use, "Target") == 0);
    have_fw = firmware(av(A, "MajorRev"), av(A, "MinorRev"), fw, sizeof fw) == 0;
    if (av(A, "MajorRev") != NULL && !have_fw)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "MajorRev/MinorRev are not numbers; no firmware version");

    fr->name = otlp_doc_strdup(&S->doc, name ? name : "");
    S->ctrl_name = fr->name;
    if (use == NULL ? target : strcmp(use, "Target") == 0)
        otlp_doc_set(&S->doc, S->system, "hostname", name);
    otlp_doc_set(&S->doc, S->system, "model", pt);
    if (have_fw)
        otlp_doc_set(&S->doc, S->system, "version", fw);
    if (!target)
        return;

    S->safety_proc = safety_processor(pt);
    S->controller = otlp_doc_fact(&S->doc, "controller", line);
    otlp_doc_set(&S->doc, S->controller, "name", ctrl_name(S));
    otlp_doc_set(&S->doc, S->controller, "vendor", "rockwell");
    otlp_doc_set(&S->doc, S->controller, "family", "logix");
    otlp_doc_set(&S->doc, S->controller, "model", pt);
    if (have_fw)
        otlp_doc_set(&S->doc, S->controller, "firmware", fw);
    if ((v = av(A, "MatchProjectToController")) != NULL) {
        int b = otlp_parse_bool(v);
        if (b >= 0)
            otlp_doc_setb(&S->doc, S->controller, "match-project", b);
    }
    if ((v = av(A, "InhibitAutomaticFirmwareUpdate")) != NULL) {
        int b = otlp_parse_bool(v);
        if (b >= 0)
            otlp_doc_setb(&S->doc, S->controller, "firmware-update-inhibited", b);
    }
    if ((v = av(A, "WebServerEnabled")) != NULL) {
        int b = otlp_parse_bool(v);
        if (b < 0) {
            S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "WebServerEnabled is not a boolean");
        } else {
            S->web = otlp_doc_fact(&S->doc, "service", line);
            otlp_doc_set(&S->doc, S->web, "name", "web");
            otlp_doc_setb(&S->doc, S->web, "enabled", b);
            otlp_doc_set(&S->doc, S->web, "controller", ctrl_name(S));
        }
    }
    if (S->safety_proc) {
        S->safety = otlp_doc_fact(&S->doc, "safety", line);
        otlp_doc_set(&S->doc, S->safety, "controller", ctrl_name(S));
    }
}

/* Controller/Security: FactoryTalk Security binding, change detection,
 * trusted slots. */
static void on_security(struct st *S, const struct attrs *A, unsigned long line)
{
    const char *code = av(A, "Code"), *cd = av(A, "ChangesToDetect"), *ts = av(A, "TrustedSlots");
    int authority = nonempty(av(A, "SecurityAuthorityID")) || nonempty(av(A, "SecurityAuthorityURI"));
    int code_nz = logix_nonzero(code);

    if (S->controller == NULL)
        return;
    if (code != NULL)
        otlp_doc_set(&S->doc, S->controller, "security-code", code);
    otlp_doc_setb(&S->doc, S->controller, "security-authority", authority);
    otlp_doc_setb(&S->doc, S->controller, "permission-set", nonempty(av(A, "PermissionSet")));
    if (cd != NULL) {
        int nz = logix_nonzero(cd);
        if (nz < 0)
            S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "ChangesToDetect is not a number");
        else
            otlp_doc_setb(&S->doc, S->controller, "change-detection", nz);
    }
    /* TrustedSlots lists the slots (a mask in a Logix literal, or a list):
     * empty or all zero means none is trusted. */
    otlp_doc_setb(&S->doc, S->controller, "trusted-slots", nonempty(ts) && logix_nonzero(ts) != 0);
    if (authority)
        otlp_doc_set(&S->doc, S->controller, "protection", "user-management");
    else if (code_nz == 0)
        otlp_doc_set(&S->doc, S->controller, "protection", "none");
}

/* Controller/SafetyInfo.  Defaults of absent attributes: a controller is
 * safety-unlocked unless locked (1756-RM012, 1756-RM015: "the default state
 * of the controller is safety-unlocked"); the signature and the optional
 * lock/unlock passwords are written only when they exist.  Signature run
 * mode protection appeared in later versions: absent, it is not reported. */
static void on_safetyinfo(struct st *S, const struct attrs *A, unsigned long line)
{
    const char *v;
    int b, any = 0;
    size_t i;

    if (S->controller == NULL)
        return;
    for (i = 0; i < A->n; i++)
        if (strcmp(A->k[i], "Use") != 0 && strcmp(A->k[i], "UId") != 0)
            any = 1;
    if (!any && !S->safety_proc)
        return; /* `<SafetyInfo/>` of a standard controller */
    if (S->safety == NULL) {
        S->safety = fact_after(S, S->web ? S->web : S->controller, "safety", line);
        otlp_doc_set(&S->doc, S->safety, "controller", ctrl_name(S));
    }
    if (S->safety == NULL)
        return;
    otl_node_set_line(S->safety, line);
    v = av(A, "SafetyLocked");
    b = otlp_parse_bool(v);
    if (v == NULL) {
        otlp_doc_setb(&S->doc, S->safety, "locked", 0);
        otlp_doc_set(&S->doc, S->safety, "defaulted", "true");
    } else if (b < 0)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "SafetyLocked is not a boolean; lock state unknown");
    else
        otlp_doc_setb(&S->doc, S->safety, "locked", b);
    otlp_doc_setb(&S->doc, S->safety, "signature", nonempty(av(A, "SafetySignature")));
    if ((v = av(A, "SignatureRunModeProtect")) != NULL && (b = otlp_parse_bool(v)) >= 0)
        otlp_doc_setb(&S->doc, S->safety, "run-mode-protect", b);
    otlp_doc_setb(&S->doc, S->safety, "lock-password", nonempty(av(A, "SafetyLockPassword")));
    otlp_doc_setb(&S->doc, S->safety, "unlock-password", nonempty(av(A, "SafetyUnlockPassword")));
    if (nonempty(v = av(A, "SafetyLevel")))
        otlp_doc_set(&S->doc, S->safety, "level", v);
}

static void on_timesync(struct st *S, const struct attrs *A)
{
    int b = otlp_parse_bool(av(A, "PTPEnable"));

    if (S->controller != NULL && b >= 0)
        otlp_doc_set(&S->doc, S->controller, "time-sync", b ? "ptp" : "none");
}

/* ------------------------------------------------------------------ modules */

static void on_module(struct st *S, struct frame *fr, const struct attrs *A, unsigned long line)
{
    const char *name = av(A, "Name"), *cat = av(A, "CatalogNumber"), *v;
    char fw[64];
    int b;

    fr->name = otlp_doc_strdup(&S->doc, name ? name : "");
    fr->fact = otlp_doc_fact(&S->doc, "module", line);
    otlp_doc_set(&S->doc, fr->fact, "name", fr->name);
    otlp_doc_set(&S->doc, fr->fact, "catalog", cat);
    otlp_doc_set(&S->doc, fr->fact, "vendor", av(A, "Vendor"));
    if (firmware(av(A, "Major"), av(A, "Minor"), fw, sizeof fw) == 0)
        otlp_doc_set(&S->doc, fr->fact, "firmware", fw);
    otlp_doc_set(&S->doc, fr->fact, "parent", av(A, "ParentModule"));
    if ((b = otlp_parse_bool(av(A, "Inhibited"))) >= 0)
        otlp_doc_setb(&S->doc, fr->fact, "inhibited", b);
    v = av(A, "SafetyEnabled");
    if ((b = otlp_parse_bool(v)) >= 0)
        otlp_doc_setb(&S->doc, fr->fact, "safety", b);
    else if (safety_catalog(cat))
        otlp_doc_setb(&S->doc, fr->fact, "safety", 1);
}

static void on_ekey(struct st *S, const struct attrs *A, unsigned long line)
{
    struct frame *m = top(S);
    const char *state = av(A, "State");

    if (m == NULL || m->kind != K_MODULE || m->fact == NULL || state == NULL)
        return;
    if (strcmp(state, "ExactMatch") == 0)
        otlp_doc_set(&S->doc, m->fact, "keying", "exact");
    else if (strcmp(state, "CompatibleModule") == 0)
        otlp_doc_set(&S->doc, m->fact, "keying", "compatible");
    else if (strcmp(state, "Disabled") == 0)
        otlp_doc_set(&S->doc, m->fact, "keying", "disabled");
    else
        S->host->diag(S->ctx, OTL_DIAG_NOTE, line, "EKey State not known; no keying fact");
}

/* An Ethernet port with an IP address: the module's address, and an
 * interface "MODULE/PORT-ID". */
static void on_port(struct st *S, const struct attrs *A, unsigned long line)
{
    struct frame *m = up(S, K_MODULE);
    const char *type = av(A, "Type"), *addr = av(A, "Address"), *id = av(A, "Id");
    xmlNodePtr itf;

    if (m == NULL || m->fact == NULL || type == NULL || strcasecmp(type, "Ethernet") != 0 ||
        !is_ipv4(addr))
        return;
    if (xmlHasProp(m->fact, (const xmlChar *)"address") == NULL)
        otlp_doc_set(&S->doc, m->fact, "address", addr);
    itf = otlp_doc_fact(&S->doc, "interface", line);
    otlp_doc_setf(&S->doc, itf, "name", "%s/%s", m->name, id ? id : "");
    otlp_doc_set(&S->doc, itf, "address", addr);
}

/* ------------------------------------------------------------ program units */

/* Source protection written as attributes of the Routine / AOI itself
 * (protection with a source key, licence-based protection). */
static int prot_attrs(const struct attrs *A)
{
    const char *enc = av(A, "IsEncrypted");

    return nonempty(av(A, "SourceKey")) || nonempty(av(A, "EncodedSourceKey")) ||
           nonempty(av(A, "SourceProtectionType")) || otlp_parse_bool(enc) == 1;
}

static void class_attr(struct st *S, xmlNodePtr n, const char *cls)
{
    if (cls != NULL)
        otlp_doc_setb(&S->doc, n, "safety", strcmp(cls, "Safety") == 0);
}

static void on_program(struct st *S, struct frame *fr, const struct attrs *A, unsigned long line)
{
    const char *name = av(A, "Name"), *cls = av(A, "Class"), *type = av(A, "Type");

    fr->name = otlp_doc_strdup(&S->doc, name ? name : "");
    fr->safety = cls == NULL ? -1 : strcmp(cls, "Safety") == 0;
    fr->phase = type != NULL && strcmp(type, "EquipmentPhase") == 0;
    fr->fact = otlp_doc_fact(&S->doc, "program-unit", line);
    otlp_doc_set(&S->doc, fr->fact, "kind", "program");
    otlp_doc_set(&S->doc, fr->fact, "name", fr->name);
    class_attr(S, fr->fact, cls);
}

static void on_aoi(struct st *S, struct frame *fr, const struct attrs *A, unsigned long line)
{
    const char *name = av(A, "Name");

    fr->name = otlp_doc_strdup(&S->doc, name ? name : "");
    fr->prot = prot_attrs(A);
    fr->fact = otlp_doc_fact(&S->doc, "program-unit", line);
    otlp_doc_set(&S->doc, fr->fact, "kind", "aoi");
    otlp_doc_set(&S->doc, fr->fact, "name", fr->name);
    class_attr(S, fr->fact, av(A, "Class"));
    otlp_doc_setb(&S->doc, fr->fact, "signed", nonempty(av(A, "SignatureID")));
}

/* The program or AOI a Routines collection belongs to. */
static const char *routine_scope(struct st *S)
{
    struct frame *rs = up(S, K_ROUTINES);

    if (rs != NULL && rs > S->f && (rs[-1].kind == K_PROGRAM || rs[-1].kind == K_AOI))
        return rs[-1].name;
    return NULL;
}

static void on_routine(struct st *S, struct frame *fr, const struct attrs *A, unsigned long line)
{
    const char *name = av(A, "Name");

    fr->name = otlp_doc_strdup(&S->doc, name ? name : "");
    fr->prot = prot_attrs(A);
    fr->fact = otlp_doc_fact(&S->doc, "program-unit", line);
    otlp_doc_set(&S->doc, fr->fact, "kind", "routine");
    otlp_doc_set(&S->doc, fr->fact, "name", fr->name);
    otlp_doc_set(&S->doc, fr->fact, "type", av(A, "Type"));
    otlp_doc_set(&S->doc, fr->fact, "scope", routine_scope(S));
}

/* <EncodedData> in place of a Routine or an AOI: source protected. */
static void on_encoded(struct st *S, enum kind parent, const struct attrs *A, unsigned long line)
{
    const char *et = av(A, "EncodedType"), *name = av(A, "Name");
    xmlNodePtr n;

    if (et != NULL && strcmp(et, "Routine") == 0 && parent == K_ROUTINES) {
        n = otlp_doc_fact(&S->doc, "program-unit", line);
        otlp_doc_set(&S->doc, n, "kind", "routine");
        otlp_doc_set(&S->doc, n, "name", name ? name : "");
        otlp_doc_set(&S->doc, n, "type", av(A, "Type"));
        otlp_doc_set(&S->doc, n, "scope", routine_scope(S));
        otlp_doc_setb(&S->doc, n, "protected", 1);
    } else if (et != NULL && strcmp(et, "AddOnInstructionDefinition") == 0 && parent == K_AOIS) {
        n = otlp_doc_fact(&S->doc, "program-unit", line);
        otlp_doc_set(&S->doc, n, "kind", "aoi");
        otlp_doc_set(&S->doc, n, "name", name ? name : "");
        class_attr(S, n, av(A, "Class"));
        otlp_doc_setb(&S->doc, n, "protected", 1);
        otlp_doc_setb(&S->doc, n, "signed", nonempty(av(A, "SignatureID")));
    } else {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line,
                      "EncodedData of an unexpected EncodedType here; not counted as a program unit");
    }
}

/* ------------------------------------------------------------------- tags */

static void on_tags(struct st *S, struct frame *fr, enum kind parent, unsigned long line)
{
    struct frame *owner = parent == K_PROGRAM ? up(S, K_PROGRAM) : NULL;

    fr->name = otlp_doc_strdup(&S->doc, owner ? owner->name : ctrl_name(S));
    fr->fact = otlp_doc_fact(&S->doc, "tag-group", line);
    otlp_doc_set(&S->doc, fr->fact, "kind", owner ? "program" : "controller");
    otlp_doc_set(&S->doc, fr->fact, "name", fr->name);
}

static void tags_done(struct st *S, struct frame *fr)
{
    /* the counts are of the whole group (its element's line); the first
     * writable tag has a line of its own */
    otlp_doc_setu(&S->doc, fr->fact, "tags", fr->tags);
    otlp_doc_setu(&S->doc, fr->fact, "writable", fr->writable);
    otlp_doc_setu(&S->doc, fr->fact, "read-only", fr->ro);
    otlp_doc_setu(&S->doc, fr->fact, "no-access", fr->none);
    otlp_doc_setu(&S->doc, fr->fact, "safety-writable", fr->safety_w);
    otlp_doc_at(&S->doc, fr->first_line);
    if (fr->first != NULL)
        otlp_doc_set(&S->doc, fr->fact, "first-writable", fr->first);
    otlp_doc_at(&S->doc, 0);
}

enum access { ACC_RW, ACC_RO, ACC_NONE };

/* A Tag of a Tags collection: counted in its group; a tag writable from
 * outside gets a fact (and its start tag in the raw skeleton, as evidence). */
static void on_tag(struct st *S, struct frame *tg, const struct attrs *A, unsigned long line)
{
    struct frame *prog = up(S, K_PROGRAM);
    const char *ea = av(A, "ExternalAccess"), *cls = av(A, "Class"), *name = av(A, "Name"), *v;
    int safety, defaulted = 0, b, first = 0;
    enum access acc;
    xmlNodePtr n;

    /* Program tags carry no Class: they are of their program's class. */
    if (cls != NULL)
        safety = strcmp(cls, "Safety") == 0;
    else
        safety = tg->kind == K_TAGS && prog != NULL && prog->safety == 1;

    if (ea == NULL) {
        /* 1756-PM004 defaults for imports without External Access */
        const char *usage = av(A, "Usage");
        defaulted = 1;
        acc = safety || (prog != NULL && prog->phase && usage != NULL && strcmp(usage, "Output") == 0)
                  ? ACC_RO
                  : ACC_RW;
    } else if (strcmp(ea, "Read/Write") == 0) {
        acc = ACC_RW;
    } else if (strcmp(ea, "Read Only") == 0) {
        acc = ACC_RO;
    } else if (strcmp(ea, "None") == 0) {
        acc = ACC_NONE;
    } else {
        /* Logix Designer refuses such a file; count it as writable, the
         * side that does not hide a finding. */
        if (S->unknown_access++ == 0)
            S->host->diag(S->ctx, OTL_DIAG_WARNING, line,
                          "ExternalAccess value not known; counted as Read/Write");
        acc = ACC_RW;
    }

    tg->tags++;
    if (acc == ACC_RO)
        tg->ro++;
    else if (acc == ACC_NONE)
        tg->none++;
    if (acc != ACC_RW)
        return;
    tg->writable++;
    if (safety)
        tg->safety_w++;
    if (tg->first == NULL) {
        tg->first = otlp_doc_strdup(&S->doc, name ? name : "");
        tg->first_line = line;
        first = 1;
    }
    if (S->tag_facts >= OTLP_MAX_TAG_FACTS) {
        S->tags_uncounted++;
        /* the group's finding is at its first writable tag: keep that
         * start tag as its evidence (one per group) */
        if (first)
            raw_elem(S, tg, "Tag", A, line, NULL);
        return;
    }
    S->tag_facts++;
    n = otlp_doc_fact(&S->doc, "tag", line);
    otlp_doc_set(&S->doc, n, "name", name ? name : "");
    otlp_doc_set(&S->doc, n, "scope", tg->name);
    otlp_doc_set(&S->doc, n, "access", "read-write");
    otlp_doc_set(&S->doc, n, "datatype", av(A, "DataType"));
    otlp_doc_setb(&S->doc, n, "safety", safety);
    if ((v = av(A, "Constant")) != NULL && (b = otlp_parse_bool(v)) >= 0)
        otlp_doc_setb(&S->doc, n, "constant", b);
    if (defaulted)
        otlp_doc_setb(&S->doc, n, "defaulted", 1);
    raw_elem(S, tg, "Tag", A, line, NULL);
}

/* ------------------------------------------------------------------ tasks */

static void on_task(struct st *S, const struct attrs *A, unsigned long line)
{
    const char *type = av(A, "Type"), *cls = av(A, "Class"), *kind = "unknown";
    xmlNodePtr n = otlp_doc_fact(&S->doc, "task", line);

    if (type != NULL && strcasecmp(type, "PERIODIC") == 0)
        kind = "periodic";
    else if (type != NULL && strcasecmp(type, "EVENT") == 0)
        kind = "event";
    else if (type != NULL && strcasecmp(type, "CONTINUOUS") == 0)
        kind = "continuous";
    otlp_doc_set(&S->doc, n, "name", av(A, "Name") ? av(A, "Name") : "");
    otlp_doc_set(&S->doc, n, "kind", kind);
    /* Rate is the period (ms) of a periodic task; of an event task it is
     * the optional timeout, not an interval. */
    if (strcmp(kind, "periodic") == 0)
        otlp_doc_set(&S->doc, n, "interval", av(A, "Rate"));
    otlp_doc_set(&S->doc, n, "priority", av(A, "Priority"));
    class_attr(S, n, cls);
}

/* ------------------------------------------------------------- dispatcher */

static const struct rule *classify(enum kind parent, const char *name)
{
    size_t i;

    for (i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].parent == parent && strcmp(rules[i].name, name) == 0)
            return &rules[i];
    return NULL;
}

static void unrecognised(struct st *S, unsigned long line)
{
    if (S->n_unrec < MAXUNREC)
        S->unrec_lines[S->n_unrec++] = line;
}

/* The element's own facts, once its attributes are known. */
static void element_facts(struct st *S, const struct rule *ru, struct frame *fr, enum kind parent,
                          const struct attrs *A, unsigned long line)
{
    struct frame *p = top(S);

    switch (ru->kind) {
    case K_ROOT: on_root(S, A, line); break;
    case K_CONTROLLER: on_controller(S, fr, A, line); export_kind(S); break;
    case K_SECURITY: on_security(S, A, line); break;
    case K_SAFETYINFO: on_safetyinfo(S, A, line); break;
    case K_TIMESYNC: on_timesync(S, A); break;
    case K_MODULE: on_module(S, fr, A, line); break;
    case K_EKEY: on_ekey(S, A, line); break;
    case K_PORT: on_port(S, A, line); break;
    case K_AOI: on_aoi(S, fr, A, line); break;
    case K_ROUTINE: on_routine(S, fr, A, line); break;
    case K_ENCODED: on_encoded(S, parent, A, line); break;
    case K_TAGS: on_tags(S, fr, parent, line); break;
    case K_TAG:
        if (p != NULL && p->kind == K_TAGS)
            on_tag(S, p, A, line);
        break;
    case K_PROGRAM: on_program(S, fr, A, line); break;
    case K_TASK: on_task(S, A, line); break;
    default: break;
    }
}

/* An element's end: complete its facts. */
static void close_frame(struct st *S)
{
    struct frame *fr = &S->f[S->nf - 1];

    otlp_doc_at(&S->doc, 0); /* made from the element's children, not one of them */
    if (fr->kind == K_TAGS)
        tags_done(S, fr);
    else if ((fr->kind == K_ROUTINE || fr->kind == K_AOI) && fr->fact != NULL)
        otlp_doc_setb(&S->doc, fr->fact, "protected", fr->prot);
    if (fr->name != S->ctrl_name)
        free(fr->name);
    free(fr->first);
    S->nf--;
}

static void on_start(struct st *S, const char *name, int depth, unsigned long line)
{
    struct frame *p = top(S);
    enum kind parent = p ? p->kind : K_NONE;
    const struct rule *ru = classify(parent, name);
    struct attrs A;
    struct frame *fr = NULL;

    S->statements++;
    if (ru == NULL) {
        if (parent == K_NONE) {
            S->host->diag(S->ctx, OTL_DIAG_ERROR, line,
                          "the root element is not RSLogix5000Content: not an L5X export");
            otlp_doc_stop(&S->doc, OTL_PARSE_FAILED);
            return;
        }
        unrecognised(S, line);
        S->skip_depth = depth;
        return;
    }
    S->recognised++;
    if (ru->act == A_SKIP) {
        S->skip_depth = depth;
        if (ru->kind == K_PROTMARK && p != NULL)
            p->prot = 1;
        return;
    }
    if (load_attrs(S, &A, line) < 0)
        return;
    if (ru->act == A_FRAME) {
        if (S->nf >= MAXFRAMES) { /* cannot happen with the table above */
            free_attrs(&A);
            S->skip_depth = depth;
            return;
        }
        fr = &S->f[S->nf];
        memset(fr, 0, sizeof *fr);
        fr->kind = ru->kind;
        fr->depth = depth;
        fr->rdepth = -1;
        fr->safety = -1;
    }
    /* Tags are kept in the skeleton only with their fact (on_tag). */
    if (ru->kind != K_TAG)
        raw_elem(S, p, name, &A, line, fr);
    if (fr != NULL)
        S->nf++;
    otlp_doc_at(&S->doc, line); /* the facts' attributes come from this element */
    element_facts(S, ru, fr, parent, &A, line);
    free_attrs(&A);
    if (ru->act == A_LEAF)
        S->skip_depth = depth;
}

static void on_end(struct st *S, int depth)
{
    struct frame *t = top(S);

    if (t != NULL && t->depth == depth)
        close_frame(S);
}

/* ------------------------------------------------------------------ notes */

static void coverage(struct st *S)
{
    otlp_doc_coverage(&S->doc, S->system, S->recognised, S->statements);
    otlp_doc_setu(&S->doc, S->system, "statements", S->statements);
}

static void notes(struct st *S)
{
    unsigned long unrec = S->statements - S->recognised;

    if (unrec > 0) {
        char lines[128];
        size_t i, o = 0;
        for (i = 0; i < S->n_unrec && o < sizeof lines; i++)
            o += (size_t)snprintf(lines + o, sizeof lines - o, "%s%lu", i ? ", " : "", S->unrec_lines[i]);
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0, "%lu of %lu elements not recognised (line%s %s%s)", unrec,
                      S->statements, unrec > 1 ? "s" : "", lines, unrec > S->n_unrec ? ", ..." : "");
    }
    if (S->tags_uncounted > 0)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "%lu more tags writable from outside were only counted in their tag-group "
                      "(tag facts are limited to %d per document)",
                      S->tags_uncounted, OTLP_MAX_TAG_FACTS);
    if (S->unknown_access > 1)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0, "%lu tags with an unknown ExternalAccess value",
                      S->unknown_access);
}

/* ------------------------------------------------------------- entry points */

/* An element at `depth`: 0 go on, -1 the rest of the file is not read. */
static int element_start(struct st *S, const char *name, int depth, unsigned long line)
{
    if (S->max_depth != 0 && depth >= 0 && (unsigned)depth >= S->max_depth) {
        S->host->diag(S->ctx, OTL_DIAG_ERROR, line,
                      "elements nested deeper than %u; the rest of the file is not read", S->max_depth);
        otlp_doc_stop(&S->doc, OTL_PARSE_PARTIAL);
        return -1;
    }
    if (S->skip_depth < 0)
        on_start(S, name, depth, line);
    return S->doc.stop ? -1 : 0;
}

static void element_end(struct st *S, int depth)
{
    if (S->skip_depth >= 0) {
        if (depth == S->skip_depth)
            S->skip_depth = -1;
        return;
    }
    on_end(S, depth);
}

/* SAX events (host->xml_sax).  An element written <a/> has its end event
 * too. */
static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                      int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                      int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    int depth = S->depth++;
    unsigned long line;
    char qbuf[256], *q = NULL;
    const char *name = localname ? (const char *)localname : "";

    (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    if (S->doc.stop)
        return;
    S->pc = pc;
    line = otlp_sax_line(&S->tp, S->pc);
    if (prefix != NULL) {
        /* the qualified name, prefix:local, as the raw skeleton keeps it */
        size_t pl = strlen((const char *)prefix), nl = strlen(name);
        q = pl + nl + 2 <= sizeof qbuf ? qbuf : malloc(pl + nl + 2);
        if (q == NULL) {
            otlp_doc_nomem(&S->doc);
            xmlStopParser(pc);
            return;
        }
        memcpy(q, prefix, pl);
        q[pl] = ':';
        memcpy(q + pl + 1, name, nl + 1);
        name = q;
    }
    S->sax_attrs = attributes;
    S->sax_nattrs = nb_attributes;
    if (element_start(S, name, depth, line) < 0)
        xmlStopParser(pc);
    if (q != qbuf)
        free(q);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;

    (void)localname, (void)prefix, (void)uri;
    S->depth--;
    if (S->doc.stop)
        return;
    element_end(S, S->depth);
    if (S->doc.stop)
        xmlStopParser(pc);
}

static void run_sax(struct st *S, const struct otl_input *in)
{
    xmlSAXHandler h;
    int rc;

    memset(&h, 0, sizeof h);
    h.initialized = XML_SAX2_MAGIC;
    h.startElementNs = sax_start;
    h.endElementNs = sax_end;
    rc = S->host->xml_sax(S->ctx, in->data, in->len, &h, S);
    if (rc < 0) {
        S->host->diag(S->ctx, OTL_DIAG_ERROR, 0, "cannot start the XML parser");
        otlp_doc_status(&S->doc, OTL_PARSE_FAILED);
    } else if (rc > 0 && !S->doc.stop) {
        /* libxml2 reported the error with its line through the host */
        otlp_doc_status(&S->doc, S->have_root ? OTL_PARSE_PARTIAL : OTL_PARSE_FAILED);
        if (S->have_root)
            S->host->diag(S->ctx, OTL_DIAG_ERROR, 0, "the L5X is not well-formed XML; facts are from the part before the error");
    }
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st *S;
    enum otl_parse_status ret;

    /* SAX events are the one way this plugin reads (ABI 1.2) */
    if (host->abi_minor < 2 || host->xml_sax == NULL) {
        host->diag(ctx, OTL_DIAG_ERROR, 0, "this otlint offers no SAX parse (host->xml_sax, plugin ABI 1.2); the L5X is not read");
        return OTL_PARSE_FAILED;
    }
    S = calloc(1, sizeof *S);
    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    S->dd = dd;
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->max_depth = host->max_depth;
    S->raw_records = otlp_raw_records(host);
    S->skip_depth = -1;
    otlp_tagpos_init(&S->tp, in);

    run_sax(S, in);
    /* complete what the end of the file (or an error) left open */
    while (S->nf > 0)
        close_frame(S);
    free(S->vbuf);

    if (S->doc.status != OTL_PARSE_NOMEM && S->doc.status != OTL_PARSE_FAILED) {
        if (S->system == NULL) {
            host->diag(ctx, OTL_DIAG_ERROR, 0, "no RSLogix5000Content element: not an L5X export");
            otlp_doc_status(&S->doc, OTL_PARSE_FAILED);
        } else {
            if (!S->have_controller) {
                host->diag(ctx, OTL_DIAG_WARNING, 0, "the export has no Controller element");
                export_kind(S);
            }
            coverage(S);
            notes(S);
        }
    }
    ret = S->doc.status;
    free(S->ctrl_name);
    free(S);
    return ret;
}

/* ------------------------------------------------------------------- sniff */

/* Past the prolog (blanks, XML declaration, comments, PIs, DOCTYPE) of an
 * ASCII-compatible buffer; NULL when it does not end within the buffer. */
static const unsigned char *past_prolog(const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
        } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const unsigned char *q = p + 4;
            while (q + 3 <= end && memcmp(q, "-->", 3) != 0)
                q++;
            if (q + 3 > end)
                return NULL;
            p = q + 3;
        } else if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
            /* an internal subset holds '>': skip it whole */
            size_t n = otlp_doctype_len((const char *)p, (const char *)end);
            if (n == 0)
                return NULL;
            p += n;
        } else if (end - p >= 2 && p[0] == '<' && (p[1] == '?' || p[1] == '!')) {
            const unsigned char *q = memchr(p, '>', (size_t)(end - p));
            if (q == NULL)
                return NULL;
            p = q + 1;
        } else {
            return p;
        }
    }
    return NULL;
}

static int sniff_ascii(const unsigned char *p, size_t len)
{
    static const char root[] = "<RSLogix5000Content";
    const unsigned char *end = p + len, *q;
    size_t rl = sizeof root - 1;

    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    q = past_prolog(p, end);
    if (q != NULL) {
        if ((size_t)(end - q) > rl && memcmp(q, root, rl) == 0 &&
            (q[rl] == ' ' || q[rl] == '\t' || q[rl] == '\r' || q[rl] == '\n' || q[rl] == '>' || q[rl] == '/'))
            return 100;
        return 0;
    }
    /* a prolog longer than the window: the root name further on is still a
     * strong sign */
    for (q = p; q + rl <= end; q++)
        if (*q == '<' && memcmp(q, root, rl) == 0)
            return 90;
    return 0;
}

static int sniff(const struct otl_input *in)
{
    size_t len = in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES;
    const unsigned char *d = in->data;

    /* UTF-16 (with BOM, or '<' followed by NUL): look at every other byte */
    if (len >= 4 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF) ||
                     (d[0] == '<' && d[1] == 0) || (d[0] == 0 && d[1] == '<'))) {
        unsigned char narrow[SNIFF_BYTES / 2];
        size_t i, o = 0, start = (d[0] == 0xFF || d[0] == 0xFE) ? 2 : 0;
        int hi_first = d[0] == 0xFE || d[0] == 0;
        for (i = start; i + 1 < len && o < sizeof narrow; i += 2)
            narrow[o++] = hi_first ? d[i + 1] : d[i];
        return sniff_ascii(narrow, o);
    }
    return sniff_ascii(d, len);
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "rockwell-l5x",
    .description = "Rockwell Logix 5000 (RSLogix 5000 / Studio 5000) L5X exports, whole controller or component",
    .classes = OTL_CLASS_CONTROLLER,
    .sniff = sniff,
    .parse = parse,
};

/*
 * codesys-cfg.c - format plugin for the CODESYS Control runtime settings
 * files CODESYSControl.cfg and CODESYSControl_User.cfg.
 *
 * Grammar (CmpSettings ini backend; real files of CODESYS Control for Linux
 * SL and of container deployments): one setting per line; `[Component]`
 * opens the section of a runtime component; `Key=Value` inside it; `;`
 * starts a comment, also after a value (`Logger.0.Filter=0x0000000F ;
 * moved to ...`); lines end with CR LF or LF.  Indexed settings are written
 * `Name.N=` (FilePath.1, Component.3, Command.0).  Security settings are
 * named `SECURITY.<Setting>` (CMPSETTINGS_CATEGORY_SECURITY).
 *
 * What is not documented and how we read it (docs/formats/codesys-cfg.md):
 *  - case of section and key names: compared case-insensitively, so that a
 *    setting the runtime may honour is never missed;
 *  - a section that appears twice (real files do this): its keys merge;
 *  - a key that appears twice in a section: the last value counts, warning;
 *  - the main file and the _User.cfg overlay: decided by content
 *    ([CmpSettings] FileReference.N marks the file the runtime opens first),
 *    else by the file name (see export_kind()).
 *
 * Settings and values come from the runtime's interface headers
 * (CmpUserMgrItf.h, CmpSecureChannelItf.h, CmpWebServerItf.h,
 * CmpOPCUAServerItf.h, SysProcessItf.h, CmpWebServerHandlerV3Itf.h).  Their
 * defaults are compile-time `#ifndef` defaults that device makers override
 * and that changed between releases (user management is optional in the
 * header but enforced since V3.5 SP17), so an absent setting stays absent,
 * except three documented behaviours: no OS commands without a Command
 * setting, file transfer off (a fixed define) and the OPC UA server active
 * (see os_commands(), file_transfer(), opcua()).
 */
#include "otlint-plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIFF_BYTES 8192
#define MAX_UNREC_LINES 8

/* Settings the facts are made of. */
enum setting {
    S_ENFORCE,       /* CmpUserMgr SECURITY.UserMgmtEnforce */
    S_ENFORCE_TYPO,  /* CmpUserMgr SECUTITY.UserMgmtEnforce (misspelling seen in real files) */
    S_ANON,          /* CmpUserMgr SECURITY.UserMgmtAllowAnonymous */
    S_SC_MODE,       /* CmpSecureChannel SECURITY.CommunicationMode */
    S_WEB_MODE,      /* CmpWebServer SECURITY.CommunicationMode */
    S_WEB_PORT,      /* CmpWebServer WebServerPortNr */
    S_WEB_SPORT,     /* CmpWebServer WebServerSecurePortNr */
    S_WEB_ADDR,      /* CmpWebServer LocalAddress */
    S_UA_ACT,        /* CmpOPCUAServer SECURITY.Activation */
    S_UA_AUTH,       /* CmpOPCUAServer SECURITY.UserAuthentication */
    S_UA_PLAINPWD,   /* CmpOPCUAServer SECURITY.AllowUserPasswordOnPlaintext */
    S_UA_POLICY,     /* CmpOPCUAServer SECURITY.CommunicationPolicy */
    S_UA_MODE,       /* CmpOPCUAServer SECURITY.CommunicationMode */
    S_UA_PORT,       /* CmpOPCUAServer NetworkPort */
    S_CMD,           /* SysProcess Command */
    S_CMD_LIST,      /* SysProcess Command.N */
    S_FILEXFER,      /* CmpWebServerHandlerV3 AllowFileTransferServices */
    S_SERIAL,        /* SysTarget SerialNumber */
    S_FILEREF,       /* CmpSettings FileReference.N */
    S_COUNT,
    S_NONE = -1
};

/* Settings this plugin knows: the ones above and others of real files and
 * the interface headers (counted as understood; they carry nothing a fact
 * needs).  Key patterns: `#` matches one or more digits. */
struct known {
    const char *section, *key;
    int setting;
};

static const struct known known_keys[] = {
    {"CmpUserMgr", "SECURITY.UserMgmtEnforce", S_ENFORCE},
    {"CmpUserMgr", "SECUTITY.UserMgmtEnforce", S_ENFORCE_TYPO},
    {"CmpUserMgr", "SECURITY.UserMgmtAllowAnonymous", S_ANON},
    {"CmpUserMgr", "AsymmetricAuthKey", S_NONE},
    {"CmpUserMgr", "SECURITY.UserLogin_ErrorBehavior", S_NONE},
    {"CmpUserMgr", "SECURITY.UserLogin_AuthenticationType", S_NONE},
    {"CmpUserMgr", "SECURITY.UserLogin_RSAKeyLen", S_NONE},
    {"CmpUserMgr", "SECURITY.UserLogin_MaxRetries", S_NONE},
    {"CmpUserMgr", "SECURITY.User_LockTime", S_NONE},
    {"CmpUserMgr", "SECURITY.UserMgrEditTimeout", S_NONE},
    {"CmpUserMgr", "FastKeyStartup", S_NONE},
    {"CmpSecureChannel", "SECURITY.CommunicationMode", S_SC_MODE},
    {"CmpSecureChannel", "CertificateHash", S_NONE},
    {"CmpWebServer", "SECURITY.CommunicationMode", S_WEB_MODE},
    {"CmpWebServer", "WebServerPortNr", S_WEB_PORT},
    {"CmpWebServer", "WebServerSecurePortNr", S_WEB_SPORT},
    {"CmpWebServer", "LocalAddress", S_WEB_ADDR},
    {"CmpWebServer", "SECURITY.CreateSelfSignedCert", S_NONE},
    {"CmpWebServer", "ConnectionType", S_NONE},
    {"CmpWebServer", "URL", S_NONE},
    {"CmpWebServer", "LocalAdapterName", S_NONE},
    {"CmpWebServer", "LocalAdapterNameUnicode", S_NONE},
    {"CmpWebServer", "WebServerMemoryType", S_NONE},
    {"CmpWebServer", "FileUploadDirectory", S_NONE},
    {"CmpWebServer", "TaskInterval", S_NONE},
    {"CmpWebServer", "SelectTimeout", S_NONE},
    {"CmpWebServer", "TaskPriority", S_NONE},
    {"CmpWebServer", "StartupType", S_NONE},
    {"CmpWebServer", "AdditionalFileExtension.#", S_NONE},
    {"CmpWebServer", "AdditionalMimeType.#", S_NONE},
    {"CmpOPCUAServer", "SECURITY.Activation", S_UA_ACT},
    {"CmpOPCUAServer", "SECURITY.UserAuthentication", S_UA_AUTH},
    {"CmpOPCUAServer", "SECURITY.AllowUserPasswordOnPlaintext", S_UA_PLAINPWD},
    {"CmpOPCUAServer", "SECURITY.CommunicationPolicy", S_UA_POLICY},
    {"CmpOPCUAServer", "SECURITY.CommunicationMode", S_UA_MODE},
    {"CmpOPCUAServer", "NetworkPort", S_UA_PORT},
    {"CmpOPCUAServer", "NetworkAdapter", S_NONE},
    {"CmpOPCUAServer", "UseLoopback", S_NONE},
    {"CmpOPCUAServer", "AdapterUpdateRate", S_NONE},
    {"CmpOPCUAServer", "ItemMinSamplingRate", S_NONE},
    {"CmpOPCUAServer", "NumOfWorkerTasks", S_NONE},
    {"CmpOPCUAServer", "SECURITY.ApplicationName", S_NONE},
    {"CmpOPCUAServer", "SECURITY.CompanyOrOrganizationName", S_NONE},
    {"CmpOPCUAServer", "SECURITY.City", S_NONE},
    {"CmpOPCUAServer", "SECURITY.State", S_NONE},
    {"CmpOPCUAServer", "SECURITY.Country", S_NONE},
    {"SysProcess", "Command", S_CMD},
    {"SysProcess", "Command.#", S_CMD_LIST},
    {"SysProcess", "ProcessorId", S_NONE},
    {"CmpWebServerHandlerV3", "AllowFileTransferServices", S_FILEXFER},
    {"CmpWebServerHandlerV3", "CloseChannelTimeMs", S_NONE},
    {"CmpWebServerHandlerV3", "CallVisuServicesDirectly", S_NONE},
    {"CmpWebServerHandlerV3", "MaxCommBufferSize", S_NONE},
    {"SysTarget", "SerialNumber", S_SERIAL},
    {"SysTarget", "TargetVersionMask", S_NONE},
    {"SysTarget", "TargetVersionCompatibilityMask", S_NONE},
    {"CmpSettings", "FileReference.#", S_FILEREF},
    {"CmpSettings", "IsWriteProtected", S_NONE},
    {"CmpSettings", "SplitDatabases", S_NONE},
    {"SysFile", "FilePath", S_NONE},
    {"SysFile", "FilePath.#", S_NONE},
    {"SysFile", "ForceFilePath", S_NONE},
    {"SysFile", "IecFilePath", S_NONE},
    {"SysFile", "IecFilePath.#", S_NONE},
    {"SysFile", "ForceIecFilePath", S_NONE},
    {"SysFile", "PlaceholderFilePath", S_NONE},
    {"SysFile", "PlaceholderFilePath.#", S_NONE},
    {"SysFile", "PlaceholderFilePath.#.View", S_NONE},
    {"SysFile", "PlaceholderFilePath.#.Volatile", S_NONE},
    {"SysFile", "PlaceholderFilePath.#.VParent", S_NONE},
    {"SysFile", "PlaceholderFilePath.#.CreateOnWrite", S_NONE},
    {"SysFile", "PlaceholderFilePath.All.View", S_NONE},
    {"SysFile", "PlcLogicPrefix", S_NONE},
    {"ComponentManager", "Component.#", S_NONE},
    {"CmpApp", "Application.#", S_NONE},
    {"CmpApp", "Bootproject.RetainMismatch.Init", S_NONE},
    {"CmpApp", "RetainType.Applications", S_NONE},
    {"CmpLog", "Logger.#.Name", S_NONE},
    {"CmpLog", "Logger.#.Filter", S_NONE},
    {"CmpLog", "Logger.#.Enable", S_NONE},
    {"CmpLog", "Logger.#.MaxEntries", S_NONE},
    {"CmpLog", "Logger.#.MaxFileSize", S_NONE},
    {"CmpLog", "Logger.#.MaxFiles", S_NONE},
    {"CmpLog", "Logger.#.Type", S_NONE},
    {"CmpLog", "Logger.#.Backend.#.ClassId", S_NONE},
    {"SysExcept", "Linux.DisableFpuOverflowException", S_NONE},
    {"SysExcept", "Linux.DisableFpuUnderflowException", S_NONE},
    {"SysExcept", "Linux.DisableFpuInvalidOperationException", S_NONE},
    {"SysMem", "Linux.Memlock", S_NONE},
    {"SysEthernet", "Linux.ProtocolFilter", S_NONE},
    {"CmpSchedule", "SchedulerInterval", S_NONE},
    {"CmpSchedule", "ProcessorLoad.Enable", S_NONE},
    {"CmpSchedule", "ProcessorLoad.Maximum", S_NONE},
    {"CmpSchedule", "ProcessorLoad.Interval", S_NONE},
    {"CmpSchedule", "DisableOmittedCycleWatchdog", S_NONE},
    {"CmpSocketCanDrv", "ScriptPath", S_NONE},
    {"CmpSocketCanDrv", "ScriptName", S_NONE},
    {"CmpCodeMeter", "EnableNetLicenses", S_NONE},
    {"CmpCodeMeter", "InstallCmActContainer", S_NONE},
    {"CmpOpenSSL", "WebServer.Cert", S_NONE},
    {"CmpOpenSSL", "WebServer.PrivateKey", S_NONE},
    {"CmpOpenSSL", "WebServer.CipherList", S_NONE},
};

/* Component sections of real files, for sniffing. */
static const char *const sections[] = {
    "ComponentManager", "CmpApp", "CmpSettings", "SysFile", "SysTarget", "CmpLog", "CmpUserMgr",
    "CmpSecureChannel", "CmpWebServer", "CmpWebServerHandlerV3", "CmpOPCUAServer", "SysProcess",
    "SysExcept", "SysMem", "SysEthernet", "CmpSchedule", "CmpCodeMeter", "CmpSocketCanDrv",
    "CmpRedundancy", "CmpRedundancyConnectionIP", "CmpSrv", "IoDrvEtherCAT", "CmpOpenSSL", NULL};

struct val {
    const char *s; /* borrowed from the input; comment and blanks removed */
    size_t len;
    unsigned long line;
    int set;
};

/* Open-addressing set of (section, key) seen, for repeated keys and
 * sections; names borrowed from the input, compared case-insensitively. */
struct seen {
    const char *sec, *key;
    size_t slen, klen;
    unsigned long line;
};

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    const struct otl_input *in;
    struct otlp_doc doc; /* the builder: budget, outcome */

    /* current section; NULL before the first header or after a broken one */
    const char *sec;
    size_t slen;
    xmlNodePtr rawsec;
    int sec_bad;

    struct val v[S_COUNT];
    unsigned long fileref_count, cmd_list_count, cmd_list_line;
    /* first header line of the sections whose presence makes a service fact */
    unsigned long web_line, ua_line;

    struct seen *tab;
    size_t tabcap, tabn;

    unsigned long keys, recognised;
    unsigned long unrec_lines[MAX_UNREC_LINES];
    size_t n_unrec;
    unsigned long nul_lines; /* lines with a NUL byte */
};

/* ------------------------------------------------------------------ helpers */

static int ieq(const char *a, size_t al, const char *b)
{
    size_t bl = strlen(b);
    return al == bl && strncasecmp(a, b, al) == 0;
}

/* Case-insensitive match of a key against a pattern in which `#` stands for
 * one or more digits. */
static int key_match(const char *k, size_t kl, const char *pat)
{
    size_t i = 0;
    for (; *pat; pat++) {
        if (*pat == '#') {
            size_t d = i;
            while (i < kl && k[i] >= '0' && k[i] <= '9')
                i++;
            if (i == d)
                return 0;
            continue;
        }
        if (i >= kl)
            return 0;
        if ((k[i] | 0x20) != (*pat | 0x20) && k[i] != *pat)
            return 0;
        i++;
    }
    return i == kl;
}

static const struct known *lookup(const char *sec, size_t sl, const char *key, size_t kl)
{
    size_t i;
    for (i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
        if (ieq(sec, sl, known_keys[i].section) && key_match(key, kl, known_keys[i].key))
            return &known_keys[i];
    return NULL;
}

static void count(struct st *S, int known, unsigned long line)
{
    S->keys++;
    if (known) {
        S->recognised++;
        return;
    }
    if (S->n_unrec < MAX_UNREC_LINES)
        S->unrec_lines[S->n_unrec++] = line;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* ------------------------------------------------------------ repetitions */

static unsigned long hash(const char *sec, size_t sl, const char *key, size_t kl)
{
    unsigned long h = 2166136261u;
    size_t i;
    for (i = 0; i < sl; i++)
        h = (h ^ (unsigned char)(sec[i] | 0x20)) * 16777619u;
    h = (h ^ 0xffu) * 16777619u;
    for (i = 0; i < kl; i++)
        h = (h ^ (unsigned char)(key[i] | 0x20)) * 16777619u;
    return h;
}

static int grow(struct st *S)
{
    size_t cap = S->tabcap ? S->tabcap * 2 : 256, i;
    struct seen *t = calloc(cap, sizeof *t);

    if (t == NULL)
        return -1;
    for (i = 0; i < S->tabcap; i++) {
        struct seen *e = &S->tab[i];
        size_t j;
        if (e->sec == NULL)
            continue;
        j = hash(e->sec, e->slen, e->key, e->klen) & (cap - 1);
        while (t[j].sec != NULL)
            j = (j + 1) & (cap - 1);
        t[j] = *e;
    }
    free(S->tab);
    S->tab = t;
    S->tabcap = cap;
    return 0;
}

/* Remember (section, key) at `line`; return the line it was first seen on,
 * or 0 when new.  An empty key stands for the section header itself. */
static unsigned long seen_before(struct st *S, const char *sec, size_t sl, const char *key,
                                 size_t kl, unsigned long line)
{
    size_t j;

    if (S->tabn * 2 >= S->tabcap && grow(S) != 0) {
        otlp_doc_nomem(&S->doc);
        return 0;
    }
    j = hash(sec, sl, key, kl) & (S->tabcap - 1);
    while (S->tab[j].sec != NULL) {
        struct seen *e = &S->tab[j];
        if (e->slen == sl && e->klen == kl && strncasecmp(e->sec, sec, sl) == 0 &&
            (kl == 0 || strncasecmp(e->key, key, kl) == 0))
            return e->line;
        j = (j + 1) & (S->tabcap - 1);
    }
    S->tab[j].sec = sec;
    S->tab[j].slen = sl;
    S->tab[j].key = key;
    S->tab[j].klen = kl;
    S->tab[j].line = line;
    S->tabn++;
    return 0;
}

/* ------------------------------------------------------------------ lines */

/* ---------------------------------------------------------------- secrets */

/* Set attr to a sanitised copy of s[0..n) made by `how` (otlp_scrub_urls or
 * fail_closed); 1 when something was redacted. */
static int set_via(struct st *S, xmlNodePtr n, const char *attr, const char *s, size_t len,
                   char *(*how)(const char *, size_t, int *))
{
    int red = 0;
    char *t;

    if (n == NULL)
        return 0;
    t = how(s, len, &red);
    if (t == NULL) {
        otlp_doc_nomem(&S->doc);
        return 0;
    }
    otlp_doc_set(&S->doc, n, attr, t);
    free(t);
    return red;
}

/* Fail closed: URL credentials out first (otlp_scrub_urls), then
 * otlp_redact_unknown on the result.  The order matters: in
 * `https://svc:UnknownKeyUrl99@host` the secret word "Key" lies inside the
 * password, and otlp_redact_unknown alone keeps the text up to that word. */
static char *fail_closed(const char *s, size_t len, int *red)
{
    int r1 = 0, r2 = 0;
    char *t = otlp_scrub_urls(s, len, &r1), *u;

    if (t == NULL)
        return NULL;
    u = otlp_redact_unknown(t, strlen(t), &r2);
    free(t);
    *red = r1 || r2;
    return u;
}

/* A name or value no grammar of this plugin reads: fail closed (above). */
static int set_unknown(struct st *S, xmlNodePtr n, const char *attr, const char *s, size_t len)
{
    int red = set_via(S, n, attr, s, len, fail_closed);

    if (red)
        otlp_doc_set(&S->doc, n, "secret", "true");
    return red;
}

/* A value of a known setting, as printed in a fact: URL credentials out. */
static void set_value(struct st *S, xmlNodePtr n, const char *attr, const char *s, size_t len)
{
    set_via(S, n, attr, s, len, otlp_scrub_urls);
}

/* The name and value of a `Key=Value` line in the raw tree, which evidence
 * and `show --raw` print: a key named like a credential (otlp_secret_name:
 * Password, AsymmetricAuthKey, Community, AccessToken, PIN, Auth,
 * Kennwort ...) has its value replaced; a known setting's value loses its
 * URL credentials; a key this plugin does not know, and the shell commands
 * of [SysProcess] Command (free text to the OS), fail closed, name and
 * value (fail_closed(): URL credentials, then all after a secret word).
 * secret="true" when anything was replaced. */
static void key_text(struct st *S, xmlNodePtr r, const struct known *k, const char *key, size_t kl,
                     const char *v, size_t vl)
{
    int red = 0;

    if (k != NULL)
        otlp_doc_setn(&S->doc, r, "name", key, kl);
    else
        red = set_via(S, r, "name", key, kl, fail_closed);
    if (otlp_secret_name(key, kl)) {
        otlp_doc_set(&S->doc, r, "value", OTL_REDACTED);
        red = 1;
    } else if (k != NULL && k->setting != S_CMD && k->setting != S_CMD_LIST) {
        red |= set_via(S, r, "value", v, vl, otlp_scrub_urls);
    } else {
        red |= set_via(S, r, "value", v, vl, fail_closed);
    }
    if (red)
        otlp_doc_set(&S->doc, r, "secret", "true");
}

/* `[Section]` (blanks allowed around it). */
static void section_line(struct st *S, const char *s, size_t len, unsigned long no)
{
    const char *close = memchr(s, ']', len);
    const char *name = s + 1;
    size_t nl = close ? (size_t)(close - name) : len - 1;
    const char *rest = close ? close + 1 : s + len;
    size_t restlen = (size_t)(s + len - rest);
    unsigned long first;

    trim(&name, &nl);
    trim(&rest, &restlen);
    S->rawsec = otlp_doc_node(&S->doc, S->dd->raw, "section", no);
    /* a header no grammar reads further (`[Kennwort=...` without ']'):
     * fail closed, as for any name printed */
    set_unknown(S, S->rawsec, "name", name, nl);
    if (close == NULL || nl == 0 || (restlen > 0 && rest[0] != ';')) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, no,
                      close == NULL ? "section header without ']': its keys are not read"
                                    : "malformed section header: its keys are not read");
        otlp_doc_set(&S->doc, S->rawsec, "recognised", "false");
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
        S->sec = NULL;
        S->sec_bad = 1;
        return;
    }
    S->sec = name;
    S->slen = nl;
    S->sec_bad = 0;
    if (S->web_line == 0 && ieq(name, nl, "CmpWebServer"))
        S->web_line = no;
    if (S->ua_line == 0 && ieq(name, nl, "CmpOPCUAServer"))
        S->ua_line = no;
    first = seen_before(S, name, nl, "", 0, no);
    if (first != 0)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, no,
                      "section repeated (first at line %lu): its keys are merged", first);
}

static void remember(struct st *S, int setting, const char *v, size_t vl, unsigned long no)
{
    if (setting == S_FILEREF) {
        S->fileref_count++;
    } else if (setting == S_CMD_LIST) {
        if (vl > 0) {
            S->cmd_list_count++;
            S->cmd_list_line = no;
        }
        return;
    }
    S->v[setting].s = v;
    S->v[setting].len = vl;
    S->v[setting].line = no;
    S->v[setting].set = 1;
}

/* `Key=Value [;comment]`. */
static void key_line(struct st *S, const char *s, size_t len, unsigned long no)
{
    const char *eq = memchr(s, '=', len), *key = s, *v;
    size_t kl, vl;
    const struct known *k = NULL;
    xmlNodePtr r;
    unsigned long first;

    if (eq == NULL) {
        /* nothing of the line is kept: it may hold anything */
        S->host->diag(S->ctx, OTL_DIAG_WARNING, no, "line is neither [section], key=value nor ;comment: skipped");
        r = otlp_doc_node(&S->doc, S->rawsec ? S->rawsec : S->dd->raw, "malformed", no);
        otlp_doc_set(&S->doc, r, "recognised", "false");
        count(S, 0, no);
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
        return;
    }
    kl = (size_t)(eq - s);
    trim(&key, &kl);
    v = eq + 1;
    vl = (size_t)(s + len - v);
    {
        const char *semi = memchr(v, ';', vl);
        if (semi != NULL)
            vl = (size_t)(semi - v);
    }
    trim(&v, &vl);
    if (S->sec != NULL && kl > 0)
        k = lookup(S->sec, S->slen, key, kl);
    r = otlp_doc_node(&S->doc, S->rawsec ? S->rawsec : S->dd->raw, "key", no);
    key_text(S, r, k, key, kl, v, vl);
    if (kl == 0) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, no, "key without a name: skipped");
        otlp_doc_set(&S->doc, r, "recognised", "false");
        count(S, 0, no);
        return;
    }
    if (S->sec == NULL) {
        if (!S->sec_bad)
            S->host->diag(S->ctx, OTL_DIAG_WARNING, no, "key outside any [section]: not read");
        otlp_doc_set(&S->doc, r, "recognised", "false");
        count(S, 0, no);
        return;
    }
    count(S, k != NULL, no);
    if (k == NULL)
        otlp_doc_set(&S->doc, r, "recognised", "false");
    first = seen_before(S, S->sec, S->slen, key, kl, no);
    if (first != 0)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, no,
                      "key repeated in its section (first at line %lu): the last value counts", first);
    if (k != NULL && k->setting != S_NONE)
        remember(S, k->setting, v, vl, no);
}

static void line(struct st *S, const char *s, size_t len, unsigned long no)
{
    trim(&s, &len);
    if (len == 0 || s[0] == ';')
        return;
    if (s[0] == '[')
        section_line(S, s, len, no);
    else
        key_line(S, s, len, no);
}

/* ------------------------------------------------------------------ facts */

static int vis(const struct val *v, const char *w)
{
    return v->set && ieq(v->s, v->len, w);
}

/* YES/NO setting: 1, 0, or -1 (absent or another value, warned). */
static int yesno(struct st *S, const struct val *v, const char *what)
{
    if (!v->set)
        return -1;
    if (vis(v, "YES"))
        return 1;
    if (vis(v, "NO"))
        return 0;
    S->host->diag(S->ctx, OTL_DIAG_WARNING, v->line, "%s: value is neither YES nor NO: not used", what);
    return -1;
}

/* Decimal or 0x hexadecimal integer; -1 when not a small number. */
static long number(const struct val *v)
{
    size_t i = 0;
    long n = 0;
    int base = 10;

    if (!v->set || v->len == 0 || v->len > 10)
        return -1;
    if (v->len > 2 && v->s[0] == '0' && (v->s[1] | 0x20) == 'x') {
        base = 16;
        i = 2;
    }
    for (; i < v->len; i++) {
        char c = v->s[i];
        int d = c >= '0' && c <= '9' ? c - '0'
                : base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                                    : -1;
        if (d < 0)
            return -1;
        n = n * base + d;
    }
    return n;
}

/* What is set next comes from the key of `v` (or from none: line 0). */
static void at(struct st *S, const struct val *v)
{
    otlp_doc_at(&S->doc, v != NULL && v->set ? v->line : 0);
}

static void set_port(struct st *S, xmlNodePtr f, const struct val *v, const char *what)
{
    long p = number(v);
    if (!v->set)
        return;
    if (p < 0 || p > 65535) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, v->line, "%s: not a port number: not used", what);
        return;
    }
    at(S, v);
    otlp_doc_setf(&S->doc, f, "port", "%ld", p);
}

static unsigned long first_line(const struct st *S, const int *ids, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (S->v[ids[i]].set)
            return S->v[ids[i]].line;
    return 0;
}

/* controller: protection from SECURITY.UserMgmtEnforce (YES: enforced, "no
 * anonymous login possible"; NO: "user management is optional"),
 * anonymous from SECURITY.UserMgmtAllowAnonymous, secure-comm from
 * [CmpSecureChannel] SECURITY.CommunicationMode. */
static void controller(struct st *S)
{
    static const int ids[] = {S_ENFORCE, S_ENFORCE_TYPO, S_ANON, S_SC_MODE};
    const struct val *enf = &S->v[S_ENFORCE], *sc = &S->v[S_SC_MODE];
    xmlNodePtr f = otlp_doc_fact(&S->doc, "controller", first_line(S, ids, 4));
    int b;

    otlp_doc_set(&S->doc, f, "vendor", "codesys");
    otlp_doc_set(&S->doc, f, "family", "codesys");
    if (S->v[S_ENFORCE_TYPO].set) {
        /* the runtime reads only SECURITY.UserMgmtEnforce; the misspelled
         * key shows what was meant, so it is taken unless the right one is
         * there too */
        S->host->diag(S->ctx, OTL_DIAG_WARNING, S->v[S_ENFORCE_TYPO].line,
                      "SECUTITY.UserMgmtEnforce is a misspelling of SECURITY.UserMgmtEnforce, which the "
                      "runtime reads; %s",
                      enf->set ? "the correctly spelled key is used" : "taken as the intended setting");
        if (!enf->set)
            enf = &S->v[S_ENFORCE_TYPO];
    }
    b = yesno(S, enf, "SECURITY.UserMgmtEnforce");
    at(S, enf);
    if (b >= 0)
        otlp_doc_set(&S->doc, f, "protection", b ? "user-management" : "none");
    b = yesno(S, &S->v[S_ANON], "SECURITY.UserMgmtAllowAnonymous");
    at(S, &S->v[S_ANON]);
    if (b >= 0)
        otlp_doc_setb(&S->doc, f, "anonymous", b);
    at(S, sc);
    if (vis(sc, "ONLY_PLAIN"))
        otlp_doc_set(&S->doc, f, "secure-comm", "plain-only");
    else if (vis(sc, "ONLY_ENCRYPTED"))
        otlp_doc_set(&S->doc, f, "secure-comm", "encrypted-only");
    else if (vis(sc, "PLAIN_AND_ENCRYPTED"))
        otlp_doc_set(&S->doc, f, "secure-comm", "both");
    else if (sc->set)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, sc->line,
                      "[CmpSecureChannel] SECURITY.CommunicationMode: unknown value: not used");
}

/* Web server: SECURITY.CommunicationMode HTTPS / REDIRECT_HTTP_TO_HTTPS (no
 * content over HTTP) or "HTTP, HTTPS" / HTTP (CmpWebServerItf.h). */
static void web(struct st *S, unsigned long secline)
{
    const struct val *m = &S->v[S_WEB_MODE];
    xmlNodePtr f = otlp_doc_fact(&S->doc, "service", m->set ? m->line : secline);
    int clear = -1;

    otlp_doc_set(&S->doc, f, "name", "web");
    otlp_doc_set(&S->doc, f, "enabled", "true");
    if (vis(m, "HTTPS") || vis(m, "REDIRECT_HTTP_TO_HTTPS"))
        clear = 0;
    else if (vis(m, "HTTP") || vis(m, "HTTP, HTTPS") || vis(m, "HTTP,HTTPS"))
        clear = 1;
    else if (m->set)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, m->line,
                      "[CmpWebServer] SECURITY.CommunicationMode: unknown value: not used");
    at(S, m);
    if (clear >= 0)
        otlp_doc_setb(&S->doc, f, "cleartext", clear);
    if (clear == 0)
        set_port(S, f, &S->v[S_WEB_SPORT], "WebServerSecurePortNr");
    else
        set_port(S, f, &S->v[S_WEB_PORT], "WebServerPortNr");
    at(S, &S->v[S_WEB_ADDR]);
    if (S->v[S_WEB_ADDR].set && S->v[S_WEB_ADDR].len > 0)
        set_value(S, f, "address", S->v[S_WEB_ADDR].s, S->v[S_WEB_ADDR].len);
}

/* OPC UA security policies from SECURITY.CommunicationPolicy: the header's
 * values select "all policies beginning with" the named one. */
static const char *ua_policies(const struct val *p)
{
    if (vis(p, "POLICY_BASIC128RSA15"))
        return "basic128rsa15 basic256 basic256sha256";
    if (vis(p, "POLICY_BASIC256"))
        return "basic256 basic256sha256";
    if (vis(p, "POLICY_BASIC256SHA256"))
        return "basic256sha256";
    if (vis(p, "POLICY_AES128SHA256RSAOAEP")) /* seen in tooling; not in the headers read */
        return "aes128sha256rsaoaep";
    return NULL;
}

/* May a default that rests on a setting's absence be asserted?  Not on a
 * file read only in part (a line skipped, a NUL) or with less than
 * OTL_MIN_COVERAGE_PERMILLE of its settings recognised: the absent setting
 * may be in what was not read (docs/file-accounting.md). */
static int complete(const struct st *S)
{
    return S->doc.status == OTL_PARSE_OK &&
           (S->keys == 0 || (unsigned long long)S->recognised * 1000ull >=
                                (unsigned long long)S->keys * OTL_MIN_COVERAGE_PERMILLE);
}

static void opcua(struct st *S, unsigned long secline)
{
    const struct val *act = &S->v[S_UA_ACT], *auth = &S->v[S_UA_AUTH], *mode = &S->v[S_UA_MODE];
    const struct val *pol = &S->v[S_UA_POLICY];
    const char *pols = ua_policies(pol);
    xmlNodePtr f = otlp_doc_fact(&S->doc, "service", act->set ? act->line : secline);
    int b, none = -1;

    otlp_doc_set(&S->doc, f, "name", "opcua");
    at(S, act);
    if (vis(act, "ACTIVATED") || vis(act, "DEACTIVATED")) {
        otlp_doc_setb(&S->doc, f, "enabled", vis(act, "ACTIVATED"));
    } else {
        if (act->set)
            S->host->diag(S->ctx, OTL_DIAG_WARNING, act->line,
                          "[CmpOPCUAServer] SECURITY.Activation: unknown value: default assumed");
        /* CmpOPCUAServerItf.h: ACTIVATED is the default "with and without
         * CmpSecurityManager"; the section is configured, so the server runs.
         * Kept on a file read in part (complete() false): a running server
         * is the side that can only add findings, never make a rule pass. */
        at(S, NULL);
        otlp_doc_set(&S->doc, f, "enabled", "true");
        otlp_doc_set(&S->doc, f, "defaulted", "true");
    }
    at(S, auth);
    /* DISABLED: only the anonymous token; ENABLED: user tokens and
     * anonymous; ENFORCED: "no Anonymous token will be available" */
    if (vis(auth, "DISABLED") || vis(auth, "ENABLED")) {
        otlp_doc_setb(&S->doc, f, "user-auth", 0);
        otlp_doc_setb(&S->doc, f, "anonymous", 1);
    } else if (vis(auth, "ENFORCED")) {
        otlp_doc_setb(&S->doc, f, "user-auth", 1);
        otlp_doc_setb(&S->doc, f, "anonymous", 0);
    } else if (auth->set) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, auth->line,
                      "[CmpOPCUAServer] SECURITY.UserAuthentication: unknown value: not used");
    }
    b = yesno(S, &S->v[S_UA_PLAINPWD], "SECURITY.AllowUserPasswordOnPlaintext");
    at(S, &S->v[S_UA_PLAINPWD]);
    if (b >= 0)
        otlp_doc_setb(&S->doc, f, "plaintext-password", b);
    if (pol->set && pols == NULL)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, pol->line,
                      "[CmpOPCUAServer] SECURITY.CommunicationPolicy: unknown value: not used");
    /* ALL: none, signed, signed and encrypted; ONLY_PLAINTEXT: only None;
     * MIN_SIGNED / SIGNED_AND_ENCRYPTED: no None */
    if (vis(mode, "ALL"))
        none = 1;
    else if (vis(mode, "ONLY_PLAINTEXT"))
        none = 2;
    else if (vis(mode, "MIN_SIGNED") || vis(mode, "SIGNED_AND_ENCRYPTED"))
        none = 0;
    else if (mode->set)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, mode->line,
                      "[CmpOPCUAServer] SECURITY.CommunicationMode: unknown value: not used");
    at(S, mode);
    if (none >= 0)
        otlp_doc_setb(&S->doc, f, "cleartext", none > 0);
    if (none == 2) {
        otlp_doc_set(&S->doc, f, "security-policy", "none"); /* the mode says so */
    } else if (none >= 0 && pols != NULL) {
        char buf[96];
        at(S, pol);
        snprintf(buf, sizeof buf, "%s%s", none ? "none " : "", pols);
        otlp_doc_set(&S->doc, f, "security-policy", buf);
    }
    set_port(S, f, &S->v[S_UA_PORT], "NetworkPort");
}

/* SysProcess: Command=AllowAll runs any command; Command.N is an allow
 * list; "If nothing is configured, SysExecuteCommand will always fail"
 * (SysProcessItf.h). */
static void os_commands(struct st *S, int full)
{
    const struct val *c = &S->v[S_CMD];
    int all = vis(c, "AllowAll");
    int list = S->cmd_list_count > 0 || (c->set && c->len > 0 && !all);
    xmlNodePtr f;

    if (!all && !list && !c->set && !full)
        return;
    f = otlp_doc_fact(&S->doc, "service", all || c->set ? c->line : list ? S->cmd_list_line : 0);
    otlp_doc_set(&S->doc, f, "name", "os-commands");
    otlp_doc_setb(&S->doc, f, "enabled", all || list);
    if (!all && list)
        otlp_doc_set(&S->doc, f, "scope", "allow-list");
    if (!all && !list && !c->set)
        otlp_doc_set(&S->doc, f, "defaulted", "true");
}

/* CmpWebServerHandlerV3 AllowFileTransferServices: != 0 enables; default 0
 * (a fixed define, not overridable). */
static void file_transfer(struct st *S, int full)
{
    const struct val *v = &S->v[S_FILEXFER];
    long n = number(v);
    xmlNodePtr f;

    if (v->set && n < 0) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, v->line, "AllowFileTransferServices: not a number: not used");
        return;
    }
    if (!v->set && !full)
        return;
    f = otlp_doc_fact(&S->doc, "service", v->set ? v->line : 0);
    otlp_doc_set(&S->doc, f, "name", "file-transfer");
    otlp_doc_setb(&S->doc, f, "enabled", v->set && n != 0);
    if (!v->set)
        otlp_doc_set(&S->doc, f, "defaulted", "true");
}

/* The file the runtime opens first names further files with [CmpSettings]
 * FileReference.N; an overlay such as CODESYSControl_User.cfg does not.
 * Without that mark the file name decides. */
static int export_kind(const struct st *S)
{
    const char *p = S->in->path ? S->in->path : "", *base = p, *q;
    size_t n;

    if (S->fileref_count > 0)
        return 1;
    for (q = p; *q; q++)
        if (*q == '/' || *q == '\\')
            base = q + 1;
    n = strlen(base);
    if (n >= 9 && strcasecmp(base + n - 9, "_User.cfg") == 0)
        return 0;
    return n >= 14 && strncasecmp(base, "CODESYSControl", 14) == 0 && strcasecmp(base + n - 4, ".cfg") == 0;
}

static void finish(struct st *S, xmlNodePtr sys)
{
    int full = export_kind(S);

    at(S, NULL); /* each value below is given the line of its key */
    otlp_doc_set(&S->doc, sys, "vendor", "codesys");
    if (S->v[S_SERIAL].set && S->v[S_SERIAL].len > 0)
        set_value(S, sys, "serial", S->v[S_SERIAL].s, S->v[S_SERIAL].len);
    otlp_doc_set(&S->doc, sys, "class", "controller");
    otlp_doc_set(&S->doc, sys, "export-kind", full ? "full" : "partial");
    otlp_doc_set(&S->doc, sys, "export-type", "runtime-config");
    otlp_doc_coverage(&S->doc, sys, S->recognised, S->keys);
    otlp_doc_setu(&S->doc, sys, "statements", S->keys);

    controller(S);
    at(S, NULL);
    if (S->web_line != 0)
        web(S, S->web_line);
    at(S, NULL);
    if (S->ua_line != 0)
        opcua(S, S->ua_line);
    at(S, NULL);
    /* the runtime's defaults for absent settings: only for the whole main
     * file, read in full */
    os_commands(S, full && complete(S));
    file_transfer(S, full && complete(S));
    if (full && S->fileref_count > 0)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, S->v[S_FILEREF].line,
                      "%lu further settings file(s) named by [CmpSettings] FileReference are read by the "
                      "runtime too and may change these settings",
                      S->fileref_count);
}

/* ---------------------------------------------------------- entry points */

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st *S = calloc(1, sizeof *S);
    struct otlp_reader rd;
    struct otlp_line ln;
    xmlNodePtr sys;
    enum otl_parse_status ret;

    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    S->dd = dd;
    S->in = in;
    otlp_doc_init(&S->doc, host, ctx, dd);

    sys = otlp_doc_fact(&S->doc, "system", 0);
    otlp_reader_init(&rd, in);
    while (sys != NULL && otlp_next_line(&rd, &ln) && !S->doc.stop) {
        const char *s = ln.s;
        size_t len = ln.len;
        if (host->max_line_len != 0 && len > host->max_line_len) {
            host->diag(ctx, OTL_DIAG_WARNING, ln.no, "line longer than %zu bytes: skipped", host->max_line_len);
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            count(S, 0, ln.no);
            while (len > 0 && (*s == ' ' || *s == '\t')) {
                s++;
                len--;
            }
            if (len > 0 && *s == '[') {
                /* a section header we cannot read: its keys must not be
                 * taken for the previous section's */
                S->sec = NULL;
                S->sec_bad = 1;
                S->rawsec = otlp_doc_node(&S->doc, dd->raw, "section", ln.no);
                otlp_doc_set(&S->doc, S->rawsec, "recognised", "false");
            }
            continue;
        }
        if (ln.no == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* UTF-8 byte order mark */
            len -= 3;
        }
        if (memchr(s, '\0', len) != NULL) {
            /* No runtime configuration holds a NUL: binary data or a
             * corrupted copy.  The line is still read (the NUL becomes '?'),
             * but the file is not what the device has: partial, so never
             * exit 0.  The first such line is reported, the rest counted. */
            if (S->nul_lines++ == 0)
                host->diag(ctx, OTL_DIAG_WARNING, ln.no,
                           "NUL byte: binary data or a corrupted copy, not configuration text");
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
        }
        line(S, s, len, ln.no);
    }
    if (sys != NULL && !S->doc.oom)
        finish(S, sys);
    if (S->nul_lines > 1)
        host->diag(ctx, OTL_DIAG_WARNING, 0, "%lu lines with NUL bytes in all", S->nul_lines);
    if (S->keys > S->recognised) {
        char lines[128];
        size_t i, o = 0;
        unsigned long unrec = S->keys - S->recognised;
        for (i = 0; i < S->n_unrec && o < sizeof lines; i++)
            o += (size_t)snprintf(lines + o, sizeof lines - o, "%s%lu", i ? ", " : "", S->unrec_lines[i]);
        host->diag(ctx, OTL_DIAG_NOTE, 0, "%lu of %lu settings not recognised (line%s %s%s)", unrec, S->keys,
                   unrec > 1 ? "s" : "", lines, unrec > S->n_unrec ? ", ..." : "");
    }
    ret = sys == NULL ? OTL_PARSE_NOMEM : S->doc.status;
    free(S->tab);
    free(S);
    return ret;
}

/* A component section header `[Name]` at the start of a line. */
static int known_section(const char *s, const char *eol)
{
    size_t i;
    const char *close;
    if (s >= eol || *s != '[')
        return 0;
    close = memchr(s, ']', (size_t)(eol - s));
    if (close == NULL)
        return 0;
    for (i = 0; sections[i] != NULL; i++)
        if (ieq(s + 1, (size_t)(close - s - 1), sections[i]))
            return 1;
    return 0;
}

static int sniff(const struct otl_input *in)
{
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int known = 0, headers = 0, security = 0, other = 0;

    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    /* Without a '[' no line can be a known section header, and the answer
     * is 0 whatever the lines are: one memchr() instead of a walk over
     * every line of every other format's files. */
    if (memchr(p, '[', (size_t)(end - p)) == NULL)
        return 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *s = p;
        if (eol == NULL)
            eol = end;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s < eol && *s == '<')
            return 0; /* XML */
        if (s < eol && *s == '[') {
            headers++;
            known += known_section(s, eol);
        } else if (eol - s > 9 && strncmp(s, "SECURITY.", 9) == 0) {
            security++;
        } else if (s < eol && *s != ';' && *s != '\r' && memchr(s, '=', (size_t)(eol - s)) == NULL) {
            other++; /* neither comment, header nor key: not this format */
        }
        p = eol < end ? eol + 1 : end;
    }
    if (known == 0 || other > known + security)
        return 0;
    if (known >= 2 || security > 0)
        return 90;
    return headers == known ? 60 : 40;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "codesys-cfg",
    .description = "CODESYS Control runtime settings (CODESYSControl.cfg, CODESYSControl_User.cfg)",
    .classes = OTL_CLASS_CONTROLLER,
    .sniff = sniff,
    .parse = parse,
};

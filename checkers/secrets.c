/*
 * secrets.c - checker "secrets": kind and strength of every stored
 * credential, whatever the vendor.
 *
 * Plugins describe a credential without its value (docs/facts.md): either
 * secret-kind= directly, or only secret-format=, the visible prefix or type
 * of the stored value ("0".."9" for a Cisco type digit, "$1$", "$9$",
 * "ENC", "SH2", "-AQ==" ...), which is not a secret.  analyse() then
 *
 *   - sets secret-kind from secret-format where a plugin gave only that,
 *     with facts/system/@vendor deciding the ambiguous prefixes ($9$ is
 *     scrypt on Cisco, reversible on Junos);
 *   - adds secret-strength (weak, moderate, strong, none, unknown) to every
 *     fact with a secret-kind;
 *   - adds unhashed-secrets (a count) to service[@name='password-encryption']:
 *     the accounts, enable and line passwords stored in clear or type 7.
 *
 * known-default= stays the plugin's: only the plugin sees the value.
 * XPath: otl:secret-kind(format[, vendor]), otl:secret-strength(kind).
 */
#include <stdio.h>
#include <string.h>
#include "ckutil.h"

struct kind {
    const char *kind;
    const char *strength;
};

/* Weak: readable (clear, type 7, FortiOS ENC, Junos $9$) or a fast hash
 * (MD5-crypt, unsalted SHA).  Moderate: reversible with a key kept outside
 * the config (Cisco type 6, PAN-OS -AQ==), or SHA-crypt (5,000 rounds).
 * Strong: PBKDF2 (Cisco type 8, 20,000 rounds), scrypt, bcrypt. */
static const struct kind kinds[] = {
    {"none", "none"},           {"cleartext", "weak"},        {"reversible", "weak"},
    {"md5", "weak"},            {"sha1", "weak"},             {"sha256", "weak"},
    {"encrypted", "moderate"},  {"sha256-crypt", "moderate"}, {"sha512-crypt", "moderate"},
    {"pbkdf2", "strong"},       {"scrypt", "strong"},         {"bcrypt", "strong"},
    {"unknown", "unknown"},
};

static const char *strength_of(const char *kind)
{
    size_t i;

    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].strength;
    return NULL;
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Cisco type digits (Cisco IOS Security Command Reference: username,
 * enable secret, service password-encryption). */
static const char *cisco_type(const char *f)
{
    static const char *const t[10] = {"cleartext", NULL, NULL, NULL, "sha256",
                                      "md5",       "encrypted", "reversible", "pbkdf2", "scrypt"};
    if (f[0] >= '0' && f[0] <= '9' && f[1] == '\0')
        return t[f[0] - '0'] ? t[f[0] - '0'] : "unknown";
    return NULL;
}

/* Modular crypt prefixes ($id$) and the vendors' own markers. */
static const char *crypt_prefix(const char *f, int junos)
{
    static const struct {
        const char *p;
        const char *kind;
    } mc[] = {
        {"$1$", "md5"},          {"$5$", "sha256-crypt"}, {"$6$", "sha512-crypt"},
        {"$2a$", "bcrypt"},      {"$2b$", "bcrypt"},      {"$2y$", "bcrypt"},
        {"$7$", "scrypt"},       {"$8$", "pbkdf2"},       {"$sha1$", "sha1"},
        {"$pbkdf2", "pbkdf2"},   {"$scrypt$", "scrypt"},
        {"ENC ", "reversible"},  {"SH2", "sha256"},       {"AK1", "sha1"},
        {"-AQ==", "encrypted"},
    };
    size_t i;

    if (has_prefix(f, "$9$"))
        return junos ? "reversible" : "scrypt";
    if (strcmp(f, "ENC") == 0)
        return "reversible";
    for (i = 0; i < sizeof mc / sizeof mc[0]; i++)
        if (has_prefix(f, mc[i].p))
            return mc[i].kind;
    return NULL;
}

/* The secret-kind of a stored value's format as a plugin reports it. */
static const char *classify(const char *format, const char *vendor)
{
    const char *k;
    int junos = vendor != NULL && (strcmp(vendor, "juniper") == 0 || strcmp(vendor, "junos") == 0);

    if (format == NULL)
        return "unknown";
    if (*format == '\0' || strcmp(format, "plain") == 0 || strcmp(format, "cleartext") == 0)
        return "cleartext";
    if (strcmp(format, "none") == 0)
        return "none";
    if ((k = cisco_type(format)) != NULL || (k = crypt_prefix(format, junos)) != NULL)
        return k;
    return "unknown";
}

/* otl:secret-kind(format[, vendor]) */
static void fn_secret_kind(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *v[2] = {NULL, NULL};

    if (ck_pop_strings(ctxt, nargs, 1, 2, v) != 0)
        return;
    ck_push_string(ctxt, classify((const char *)v[0], (const char *)v[1]));
    xmlFree(v[0]);
    xmlFree(v[1]);
}

/* otl:secret-strength(kind): weak, moderate, strong, none, unknown; ''
 * when kind is not a secret-kind value. */
static void fn_secret_strength(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *v[1] = {NULL};
    const char *s;

    if (ck_pop_strings(ctxt, nargs, 1, 1, v) != 0)
        return;
    s = strength_of((const char *)v[0]);
    ck_push_string(ctxt, s ? s : "");
    xmlFree(v[0]);
}

static int reg(struct _xmlXPathContext *ctx)
{
    if (ck_register(ctx, "secret-kind", fn_secret_kind) != 0 ||
        ck_register(ctx, "secret-strength", fn_secret_strength) != 0)
        return -1;
    return 0;
}

static int is_login_secret(const xmlNode *n)
{
    return ck_is(n, "account") || ck_is(n, "enable") || ck_is(n, "session");
}

/* One fact: secret-kind from secret-format, then secret-strength.  Counts
 * the login secrets stored without a hash. */
static int derive(xmlNodePtr n, const char *vendor, unsigned long *unhashed)
{
    const char *kind = ck_get(n, "secret-kind"), *fmt, *st;

    if (kind == NULL && (fmt = ck_get(n, "secret-format")) != NULL) {
        kind = classify(fmt, vendor);
        if (ck_set(n, "secret-kind", kind) != 0)
            return -1;
    }
    if (kind == NULL)
        return 0;
    if (is_login_secret(n) && (strcmp(kind, "cleartext") == 0 || strcmp(kind, "reversible") == 0))
        (*unhashed)++;
    st = strength_of(kind);
    return ck_derive(n, "secret-strength", st ? st : "unknown");
}

static int is_pwenc(const xmlNode *n)
{
    const char *name;

    return ck_is(n, "service") && (name = ck_get(n, "name")) != NULL &&
           strcmp(name, "password-encryption") == 0;
}

static int analyse(const struct otl_host *host, struct otl_parse_ctx *ctx, struct otl_devdoc *dd)
{
    xmlNodePtr n;
    const char *vendor = NULL;
    unsigned long unhashed = 0;
    char num[24];

    (void)host;
    (void)ctx;
    if (dd == NULL || dd->facts == NULL)
        return 0;
    for (n = dd->facts->children; n != NULL; n = n->next)
        if (ck_is(n, "system")) {
            vendor = ck_get(n, "vendor");
            break;
        }
    for (n = dd->facts->children; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE && derive(n, vendor, &unhashed) != 0)
            return -1;
    snprintf(num, sizeof num, "%lu", unhashed);
    for (n = dd->facts->children; n != NULL; n = n->next)
        if (is_pwenc(n) && ck_derive(n, "unhashed-secrets", num) != 0)
            return -1;
    return 0;
}

__attribute__((visibility("default"))) const struct otl_checker otlint_checker = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_checker), "secrets",
    "kind and strength of stored credentials (secret-kind, secret-strength)", reg, analyse, 0, {NULL}};

/*
 * check_plugutil.c - the helpers every format plugin links
 * (vendor-formats/common/otlint-plugin.c, the SDK).
 *
 * otlp_sanitize copies printable ASCII eight bytes at a time and everything
 * else byte by byte; these tests put every kind of byte at every offset of
 * a word, so a run that is copied whole where it should not be (or a byte
 * lost at a word edge) shows.  otlp_secret_name is checked against the
 * naive lower-case-and-strstr reading on random names.
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "otlint-plugin.h"
#include "rounds.h"

/* What otlp_sanitize makes of a byte that cannot start or continue a valid
 * UTF-8 sequence on its own: printable ASCII and tab stay, the rest is '?'. */
static char expect_byte(unsigned char c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\t' ? (char)c : '?';
}

/* Bytes that are never part of a valid multi-byte sequence when alone:
 * ASCII, continuation bytes 0x80-0xBF, and 0xF8-0xFF. */
static int lone_byte(unsigned c)
{
    return c < 0x80 || (c >= 0x80 && c <= 0xBF) || c >= 0xF8;
}

START_TEST(every_byte_at_every_offset)
{
    char in[40], want[41];

    for (unsigned c = 0; c < 256; c++) {
        if (!lone_byte(c))
            continue;
        for (size_t at = 0; at < 24; at++) {
            for (size_t len = at + 1; len <= sizeof in; len += 7) {
                char *got;
                memset(in, 'x', sizeof in);
                in[at] = (char)c;
                for (size_t i = 0; i < len; i++)
                    want[i] = expect_byte((unsigned char)in[i]);
                want[len] = '\0';
                got = otlp_sanitize(in, len);
                ck_assert_ptr_nonnull(got);
                ck_assert_msg(strcmp(got, want) == 0, "byte 0x%02x at %zu of %zu: \"%s\"", c, at,
                              len, got);
                free(got);
            }
        }
    }
}
END_TEST

START_TEST(random_lone_bytes)
{
    /* Mostly printable, as configs are; sometimes a control or high byte. */
    uint32_t x = 2463534242u;
    char in[130], want[131];

    for (int round = 0; round < OTL_ROUNDS(20000); round++) {
        size_t len;
        char *got;
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        len = x % sizeof in;
        for (size_t i = 0; i < len; i++) {
            unsigned c;
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            c = x % 16 != 0 ? 0x20 + (x >> 8) % 0x5F : (x >> 8) % 256;
            if (!lone_byte(c))
                c = 0x7F;
            in[i] = (char)c;
            want[i] = expect_byte((unsigned char)c);
        }
        want[len] = '\0';
        got = otlp_sanitize(in, len);
        ck_assert_ptr_nonnull(got);
        ck_assert_str_eq(got, want);
        free(got);
    }
}
END_TEST

START_TEST(utf8_kept_at_every_offset)
{
    static const char *const seq[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
    char in[48];

    for (size_t s = 0; s < sizeof seq / sizeof *seq; s++) {
        size_t sl = strlen(seq[s]);
        for (size_t at = 0; at + sl <= 30; at++) {
            char *got;
            memset(in, 'y', 30);
            memcpy(in + at, seq[s], sl);
            got = otlp_sanitize(in, 30);
            ck_assert_ptr_nonnull(got);
            ck_assert_uint_eq(strlen(got), 30);
            ck_assert_msg(memcmp(got, in, 30) == 0, "sequence %zu at %zu changed", s, at);
            free(got);
            /* cut short at the word edge: the partial sequence is '?' */
            if (at + sl > 8 && at < 8) {
                got = otlp_sanitize(in, 8);
                ck_assert_ptr_nonnull(got);
                ck_assert_uint_eq(strlen(got), 8);
                ck_assert_int_eq(got[7], '?');
                free(got);
            }
        }
    }
}
END_TEST

/* otlp_set keeps short values inside the attribute's text node (as
 * libxml2's parser does under XML_PARSE_COMPACT): every libxml2 path that
 * reads, replaces, extends, copies or frees such a value must work (ASan
 * and valgrind see the frees). */
START_TEST(compact_values)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0"), copy;
    xmlNodePtr n = xmlNewNode(NULL, (const xmlChar *)"fact"), t;
    xmlChar *v;
    static const char *const vals[] = {"", "x", "fifteen-bytes..", "sixteen-bytes...",
                                       "a much longer value than sixteen bytes"};
    char name[8];

    ck_assert_ptr_nonnull(doc);
    ck_assert_ptr_nonnull(n);
    xmlDocSetRootElement(doc, n);
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        snprintf(name, sizeof name, "a%zu", i);
        ck_assert_int_eq(otlp_set(n, name, vals[i]), 0);
        v = xmlGetProp(n, (const xmlChar *)name);
        ck_assert_str_eq((const char *)v, vals[i]);
        xmlFree(v);
    }
    /* the short ones are in place */
    t = xmlHasProp(n, (const xmlChar *)"a1")->children;
    ck_assert_ptr_eq(t->content, (xmlChar *)&t->properties);
    /* set again (the old child is freed), longer and shorter */
    ck_assert_int_eq(otlp_set(n, "a1", "now longer than sixteen bytes"), 0);
    ck_assert_int_eq(otlp_set(n, "a4", "short"), 0);
    ck_assert_int_eq(otlp_set(n, "a2", "y"), 0);
    v = xmlGetProp(n, (const xmlChar *)"a1");
    ck_assert_str_eq((const char *)v, "now longer than sixteen bytes");
    xmlFree(v);
    v = xmlGetProp(n, (const xmlChar *)"a4");
    ck_assert_str_eq((const char *)v, "short");
    xmlFree(v);
    /* libxml2 extends and replaces in-place content */
    ck_assert_int_eq(otlp_set(n, "a5", "y"), 0);
    t = xmlHasProp(n, (const xmlChar *)"a5")->children;
    ck_assert_ptr_eq(t->content, (xmlChar *)&t->properties);
    xmlNodeAddContent(t, (const xmlChar *)" and a tail past the node's fields");
    v = xmlGetProp(n, (const xmlChar *)"a5");
    ck_assert_str_eq((const char *)v, "y and a tail past the node's fields");
    xmlFree(v);
    t = xmlHasProp(n, (const xmlChar *)"a0")->children;
    xmlNodeSetContent(t, (const xmlChar *)"replaced");
    v = xmlGetProp(n, (const xmlChar *)"a0");
    ck_assert_str_eq((const char *)v, "replaced");
    xmlFree(v);
    /* a copy of the document, and removal of one attribute */
    copy = xmlCopyDoc(doc, 1);
    ck_assert_ptr_nonnull(copy);
    v = xmlGetProp(xmlDocGetRootElement(copy), (const xmlChar *)"a3");
    ck_assert_str_eq((const char *)v, "sixteen-bytes...");
    xmlFree(v);
    ck_assert_int_eq(xmlRemoveProp(xmlHasProp(n, (const xmlChar *)"a4")), 0);
    ck_assert_ptr_null(xmlHasProp(n, (const xmlChar *)"a4"));
    xmlFreeDoc(copy);
    xmlFreeDoc(doc);
}
END_TEST

/* The naive reading of otlp_secret_name: lower-case the n bytes, look for
 * each stem anywhere in them; split the name into words (runs of letters,
 * camelCase parts) and compare each with the whole words. */
static int secret_name_ref(const char *s, size_t n)
{
    static const char *const stems[] = {"pass", "pwd", "psk", "secret", "key", "hash",
                                        "communit", "credential", "token", "kennwort",
                                        "geheim", "schluessel", "schl\xc3\xbcssel",
                                        "zugangsdaten", "anmeldedaten", NULL};
    static const char *const whole[] = {"pin", "auth", "pw", "cred", "creds", NULL};
    char low[64], w[64];
    size_t i, j, k;

    ck_assert_uint_lt(n, sizeof low);
    for (i = 0; i < n; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    low[n] = '\0';
    for (i = 0; stems[i] != NULL; i++)
        if (strstr(low, stems[i]) != NULL)
            return 1;
    for (i = 0; i < n; i = j) {
        /* a word: letters (bytes >= 0x80 count as letters); a new word
         * starts at a lower->Upper edge and at the last capital of a
         * capital run followed by a lower-case letter */
#define L(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || (unsigned char)(c) >= 0x80)
#define UP(c) ((c) >= 'A' && (c) <= 'Z')
#define LO(c) ((c) >= 'a' && (c) <= 'z')
        if (!L(s[i])) {
            j = i + 1;
            continue;
        }
        for (j = i + 1; j < n && L(s[j]); j++)
            if (UP(s[j]) && (LO(s[j - 1]) || (UP(s[j - 1]) && j + 1 < n && LO(s[j + 1]))))
                break;
        for (k = 0; k < j - i; k++)
            w[k] = low[i + k];
        w[k] = '\0';
        for (k = 0; whole[k] != NULL; k++)
            if (strcmp(w, whole[k]) == 0)
                return 1;
#undef L
#undef UP
#undef LO
    }
    return 0;
}

/* Random names over the words' letters (either case), their near misses
 * and bytes that fold onto letters with | 0x20 ('P' ^ 0x20 is 'p', '0' is
 * 0x30 and 0x10 is not a letter, 0xD0 | 0x20 is 0xF0): the one-pass
 * matcher must agree with the naive one on every name, and must not look
 * past n (a word cut by the end is no match).  The count is sized for a
 * sanitizer build on a loaded machine (a few seconds at most). */
START_TEST(secret_names)
{
    static const char alpha[] = "passwordPASSWORDsecretSECRETkeyKEYhashHASHpskPINauthAUTHcred"
                                "tokencommunity_0@`\x10\xd0\xf0.";
    const char *const fixed[] = {"SafetyLockPassword", "EncodedSourceKey", "Pwd", "PSK",
                                 "BACnet_Communication_Control_Password", "pas", "pw", "ke",
                                 "has", "secre", "ps", "xKEYx", "h", "", "PIN", "userPin",
                                 "PINCode", "Ping", "Mapping", "Auth", "Author", "AccessToken",
                                 "ReadCommunity", "Kennwort", "GeraeteKennwort", "Credentials",
                                 "ConnectionCredentials", "SnmpCommunity", "pin_code", "AdminPW",
                                 "Schl\xc3\xbcssel", "spinning", NULL};
    char b[40];
    unsigned seed = 12345;
    size_t i, k, n;

    for (i = 0; fixed[i] != NULL; i++)
        ck_assert_msg(otlp_secret_name(fixed[i], strlen(fixed[i])) ==
                          secret_name_ref(fixed[i], strlen(fixed[i])),
                      "name %s", fixed[i]);
    ck_assert_int_eq(otlp_secret_name("Passphrase", 10), 1);
    ck_assert_int_eq(otlp_secret_name("Passphrase", 3), 0); /* "Pas": cut at n */
    ck_assert_int_eq(otlp_secret_name("akeyz", 3), 0);      /* "ake" */
    ck_assert_int_eq(otlp_secret_name("akeyz", 4), 1);
    ck_assert_int_eq(otlp_secret_name("userPin", 7), 1);
    ck_assert_int_eq(otlp_secret_name("userPing", 8), 0);
    ck_assert_int_eq(otlp_secret_name("Author", 6), 0);
    ck_assert_int_eq(otlp_secret_name("Kennwort", 8), 1);
    ck_assert_int_eq(otlp_secret_name("PINs", 3), 1); /* "PIN" cut at n: a word */
    for (i = 0; i < OTL_ROUNDS(50000); i++) {
        n = (seed = seed * 1103515245u + 12345u) >> 16 & 15;
        for (k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            b[k] = alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        b[n] = 'y'; /* past n: "ke|y" must not count */
        ck_assert_msg(otlp_secret_name(b, n) == secret_name_ref(b, n), "name %.*s", (int)n, b);
    }
}
END_TEST

/* URL credentials and the fail-closed redaction of unknown text. */
START_TEST(redact_text)
{
    static const struct {
        const char *in, *out;
        int red;
    } cases[] = {
        {"boot system ftp://admin:S3cr3t@10.0.0.1/ios.bin",
         "boot system ftp://admin:<redacted>@10.0.0.1/ios.bin", 1},
        {"path ftp://u:p@ss@h/x", "path ftp://u:<redacted>@h/x", 1},
        {"https://abc123@github.com/x", "https://<redacted>@github.com/x", 1},
        {"a http://h/x b", "a http://h/x b", 0},
        {"mail user@example.com", "mail user@example.com", 0},
        {"x tftp://a:b@h/1 y scp://c:d@h/2", "x tftp://a:<redacted>@h/1 y scp://c:<redacted>@h/2", 1},
        {"Kennwort=geheimX", "Kennwort=<redacted>", 1},
        {"snmp-agent community read S3cr3t", "snmp-agent community <redacted>", 1},
        {"AccessToken: \"abc\"", "AccessToken: \"<redacted>", 1},
        {"ip ftp passive", "ip ftp passive", 0},
        {"description uplink", "description uplink", 0},
        {"PIN 1234", "PIN <redacted>", 1},
        {"Ping 10.0.0.1", "Ping 10.0.0.1", 0},
        {"https://svc:UnknownKeyUrl99@host/", "https://svc:<redacted>@host/", 1},
        {"conn ftp://x:y@h/ auth z", "conn ftp://x:<redacted>@h/ auth <redacted>", 1},
        {NULL, NULL, 0}};
    size_t i;

    for (i = 0; cases[i].in != NULL; i++) {
        int red = -1;
        char *o = otlp_redact_unknown(cases[i].in, strlen(cases[i].in), &red);
        ck_assert_ptr_nonnull(o);
        ck_assert_msg(strcmp(o, cases[i].out) == 0, "%s -> %s", cases[i].in, o);
        ck_assert_int_eq(red, cases[i].red);
        free(o);
    }
    {
        int red = -1;
        char *o = otlp_scrub_urls("x ftp://a:b@h/ password y", 25, &red);
        ck_assert_str_eq(o, "x ftp://a:<redacted>@h/ password y");
        ck_assert_int_eq(red, 1);
        free(o);
    }
}
END_TEST

/* The builder records the line of the statement being read (otlp_doc_at)
 * on every attribute it sets, short (compact) and long values alike; a
 * value set again takes the new line; plain otlp_set* records none. */
START_TEST(attribute_lines)
{
    struct otl_host host;
    struct otl_devdoc dd;
    struct otlp_doc d;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr n = xmlNewNode(NULL, (const xmlChar *)"fact");
    static const char *const longv = "a much longer value than sixteen bytes";

    memset(&host, 0, sizeof host);
    memset(&dd, 0, sizeof dd);
    xmlDocSetRootElement(doc, n);
    otlp_doc_init(&d, &host, NULL, &dd);
    ck_assert_int_eq(otlp_doc_set(&d, n, "first", "0"), 0);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"first")), 0);
    otlp_doc_at(&d, 7);
    ck_assert_int_eq(otlp_doc_set(&d, n, "short", "x"), 0);
    ck_assert_int_eq(otlp_doc_set(&d, n, "long", longv), 0);
    ck_assert_int_eq(otlp_doc_setb(&d, n, "b", 1), 0);
    ck_assert_int_eq(otlp_doc_setu(&d, n, "u", 42), 0);
    ck_assert_int_eq(otlp_doc_setf(&d, n, "f", "%d", 5), 0);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"short")), 7);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"long")), 7);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"b")), 7);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"u")), 7);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"f")), 7);
    otlp_doc_at(&d, 123456);
    ck_assert_int_eq(otlp_doc_set(&d, n, "short", "y"), 0);
    ck_assert_int_eq(otlp_doc_set(&d, n, "long", "z"), 0);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"short")), 123456);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"long")), 123456);
    otlp_doc_at(&d, 0); /* a default filled in at the end */
    ck_assert_int_eq(otlp_doc_set(&d, n, "short", "w"), 0);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"short")), 0);
    ck_assert_int_eq(otlp_set(n, "long", longv), 0);
    ck_assert_uint_eq(otl_attr_line(xmlHasProp(n, (const xmlChar *)"long")), 0);
    ck_assert_uint_eq(otl_attr_line(NULL), 0);
    xmlFreeDoc(doc);
}
END_TEST


/* otlp_words: blanks, quotes (shell-like), backslashes, counting past max,
 * a buffer too small. */
static void words_is(const char *line, unsigned flags, const char *const *want, size_t nwant)
{
    char buf[256];
    struct otlp_word w[8];
    size_t n = otlp_words(line, strlen(line), buf, sizeof buf, w, 8, flags);
    ck_assert_msg(n == nwant, "%s: %zu words, want %zu", line, n, nwant);
    for (size_t i = 0; i < n && i < 8; i++) {
        ck_assert_str_eq(w[i].s, want[i]);
        ck_assert_uint_eq(w[i].n, strlen(want[i]));
    }
}

START_TEST(words_split)
{
    static const char *const a[] = { "set", "name", "a b", "c" };
    words_is("  set name \"a b\"\tc\r", 0, a, 4);
    static const char *const b[] = { "set", "x", "say \"hi\"" };
    words_is("set x \"say \\\"hi\\\"\"", OTLP_WORDS_BACKSLASH, b, 3);
    static const char *const c[] = { "set", "x", "say \\hi\\" };
    words_is("set x \"say \\hi\\\"", 0, c, 3); /* no backslash escapes: quote closes */
    static const char *const d[] = { "'a", "b'" };
    words_is("'a b'", 0, d, 2);
    static const char *const e[] = { "a b" };
    words_is("'a b'", OTLP_WORDS_SQUOTE, e, 1);
    static const char *const f[] = { "ab cd" };
    words_is("a\"b c\"d", 0, f, 1);
    words_is("   ", 0, NULL, 0);

    char buf[64];
    struct otlp_word w[2];
    const char *line = "one \"two three";
    ck_assert_uint_eq(otlp_words(line, strlen(line), buf, sizeof buf, w, 2, 0), 2);
    ck_assert_uint_eq(w[0].quoted, 0);
    ck_assert_uint_eq(w[1].quoted, 2); /* open at the end of the line */
    ck_assert_str_eq(w[1].s, "two three");
    line = "a b c d e";
    ck_assert_uint_eq(otlp_words(line, strlen(line), buf, sizeof buf, w, 2, 0), 5);
    ck_assert_str_eq(w[1].s, "b");
    ck_assert_uint_eq(otlp_words(line, strlen(line), buf, 4, w, 2, 0), (size_t)-1);
    /* the documented size always suffices: every line of 1..12 bytes of "a \"" */
    for (unsigned v = 0; v < 531441; v++) { /* 3^12 */
        char l[13];
        unsigned x = v;
        size_t len = 0;
        for (; len < 12; len++, x /= 3)
            l[len] = "a \""[x % 3];
        char b2[2 * 12 + 2];
        struct otlp_word w2[13];
        size_t n = otlp_words(l, len, b2, sizeof b2, w2, 13, OTLP_WORDS_BACKSLASH);
        ck_assert(n != (size_t)-1 && n <= 6);
    }
}
END_TEST

START_TEST(masks)
{
    ck_assert_int_eq(otlp_mask_prefix("255.255.255.0", 13), 24);
    ck_assert_int_eq(otlp_mask_prefix("255.255.255.255", 15), 32);
    ck_assert_int_eq(otlp_mask_prefix("0.0.0.0", 7), 0);
    ck_assert_int_eq(otlp_mask_prefix("255.255.254.0", 13), 23);
    ck_assert_int_eq(otlp_mask_prefix("255.0.255.0", 11), -1);
    ck_assert_int_eq(otlp_mask_prefix("255.255.255.256", 15), -1);
    ck_assert_int_eq(otlp_mask_prefix("255.255.255", 11), -1);
    ck_assert_int_eq(otlp_mask_prefix("255.255.255.0 ", 14), -1);
    ck_assert_int_eq(otlp_mask_prefix("255.255.255.0", 12), -1); /* "255.255.255." */
    ck_assert_int_eq(otlp_wildcard_prefix("0.0.0.255", 9), 24);
    ck_assert_int_eq(otlp_wildcard_prefix("0.0.0.0", 7), 32);
    ck_assert_int_eq(otlp_wildcard_prefix("255.255.255.255", 15), 0);
    ck_assert_int_eq(otlp_wildcard_prefix("0.0.255.0", 9), -1);
    ck_assert_int_eq(otlp_wildcard_prefix("0.0.1.255", 9), 23);
    /* every contiguous mask and wildcard */
    for (int p = 0; p <= 32; p++) {
        unsigned long m = p ? (0xffffffffUL << (32 - p)) & 0xffffffffUL : 0;
        char t[32];
        int len = snprintf(t, sizeof t, "%lu.%lu.%lu.%lu", m >> 24, (m >> 16) & 255,
                           (m >> 8) & 255, m & 255);
        ck_assert_int_eq(otlp_mask_prefix(t, (size_t)len), p);
        unsigned long w = ~m & 0xffffffffUL;
        len = snprintf(t, sizeof t, "%lu.%lu.%lu.%lu", w >> 24, (w >> 16) & 255,
                       (w >> 8) & 255, w & 255);
        ck_assert_int_eq(otlp_wildcard_prefix(t, (size_t)len), p);
    }
}
END_TEST

START_TEST(capture_noise)
{
    static const char *const noise[] = {
        "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2018.08.28 15:52:20 =~=~=~=~=~=~=~=~=~=~=~=\r",
        "show\r\r", "show full-configuration", "asa# show running-config",
        "user@host> show configuration | display set", "admin@PA-VM> show config running",
        "FGT (root) # show", "FG_A # show full-configuration", "asa/ctx1(config)# show run",
        "--More--", " --More-- ", "<--- More --->", "{master:0}", "{primary:node0}", "[edit]",
        "[edit security policies]", "asa#", "user@srx> ",
    };
    static const char *const config[] = {
        "", "   ", "set system host-name r1", "config system global", "hostname asa",
        " nameif outside", "edit \"port1\"", "interfaces {", "    set allowaccess ping https",
        "access-list OUT extended permit tcp any host 10.0.0.1 eq www",
        "set deviceconfig system hostname fw", "shutdown", "showtime enable",
        "{ key = \"v\" }", "banner motd ^C", "}", "#config-version=FGT60E-7.4.8-FW-build2731",
        "version 22.4R1.10;", "## Last commit: 2024-01-01 by admin",
    };
    for (size_t i = 0; i < sizeof noise / sizeof *noise; i++)
        ck_assert_msg(otlp_capture_noise(noise[i], strlen(noise[i])) == 1, "not noise: %s", noise[i]);
    for (size_t i = 0; i < sizeof config / sizeof *config; i++)
        ck_assert_msg(otlp_capture_noise(config[i], strlen(config[i])) == 0, "noise: %s", config[i]);

    const char *l = "--More--\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b ip address 10.0.0.1";
    size_t k = otlp_more_skip(l, strlen(l));
    ck_assert_str_eq(l + k, " ip address 10.0.0.1");
    l = " --More-- set system host-name r1";
    k = otlp_more_skip(l, strlen(l));
    ck_assert_str_eq(l + k, "set system host-name r1");
    l = "<--- More --->\r              \r  nameif inside";
    k = otlp_more_skip(l, strlen(l));
    ck_assert_uint_ne(k, 0);
    ck_assert_uint_eq(otlp_more_skip("interface Gi0/1", 15), 0);
}
END_TEST

START_TEST(list_add)
{
    char l[16] = "";
    otlp_list_add(l, sizeof l, "port2");
    otlp_list_add(l, sizeof l, "port");   /* a prefix of a word is another word */
    otlp_list_add(l, sizeof l, "port2");  /* once */
    otlp_list_add(l, sizeof l, "");       /* never: strstr finds "" everywhere (fuzz hang) */
    ck_assert_str_eq(l, "port2 port");
    otlp_list_add(l, sizeof l, "toolong"); /* 10 + 1 + 7 + 1 > 16: left out */
    ck_assert_str_eq(l, "port2 port");
    otlp_list_add(l, sizeof l, "ort");
    ck_assert_str_eq(l, "port2 port ort");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plugin-util");
    TCase *tc = tcase_create("sanitize");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120); /* under 1 s plain (issue 23: margin) */

    tcase_add_test(tc, every_byte_at_every_offset);
    tcase_add_test(tc, random_lone_bytes);
    tcase_add_test(tc, utf8_kept_at_every_offset);
    tcase_add_test(tc, compact_values);
    tcase_add_test(tc, attribute_lines);
    tcase_add_test(tc, words_split);
    tcase_add_test(tc, masks);
    tcase_add_test(tc, capture_noise);
    tcase_add_test(tc, list_add);
    suite_add_tcase(s, tc);
    tc = tcase_create("secret names");
    /* 200,000 names (20,000 sanitized), a Check mark point each: 2 s plain
     * on a loaded machine */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, secret_names);
    tcase_add_test(tc, redact_text);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

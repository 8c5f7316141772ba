/*
 * junos.c - format plugin for Juniper Junos OS configurations (SRX, MX/vMX,
 * EX, QFX): the curly-brace form of `show configuration` and the
 * `show configuration | display set` form, read through one mapping.
 *
 * Grammar (Junos OS CLI User Guide: "Configuration statements and
 * identifiers", "Display set", "Configuration groups"; docs/formats/junos.md):
 *  - curly form: `name words {` opens a container, `}` closes it, a leaf
 *    statement ends with `;`; `[ a b c ]` is a list (one statement per
 *    element); `inactive:` / `protect:` prefix a statement or a container;
 *    C-style comments and `#` start comments (`## Last commit: ...`, the trailing
 *    `## SECRET-DATA`); `"..."` quotes a word (backslash escapes).
 *  - set form: `set PATH WORDS`, `deactivate PATH`; one statement per line.
 *  Both give the same sequence of (path words, line) statements.
 *  - `groups NAME { ... }` / `set groups NAME ...` hold configuration that
 *    `apply-groups [ g1 g2 ]` at the top or at any level inherits (wildcards
 *    `<*>`, `<ge-*>` in the group's path match existing names);
 *    `apply-groups-except` stops a group below a level.  Inherited
 *    statements carry the line where the group defines them; local
 *    statements win (they are read last, and the last value set stands);
 *    the first group of a list wins over later ones, a deeper apply-groups
 *    over a shallower one.
 *  - an inactive statement (`inactive:` or `deactivate`, or under such a
 *    container) gives no fact, except security policies and filter terms,
 *    which become fw-rule enabled="false".
 */
#include "otlint-plugin.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stddef.h>

#define SNIFF_BYTES 8192
#define MAXW 64        /* words kept of one statement */
#define MAXDEPTH 64    /* nesting of the curly form */
#define MAXUNREC 8

/* ------------------------------------------------------------ hash table */

struct hent {
    char *k;
    size_t klen;
    uint64_t h;
    size_t v;
};
struct htab {
    struct hent *e;
    size_t cap, n;
};

#define FNV0 1469598103934665603ULL
static uint64_t hmore(uint64_t h, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static uint64_t hstr(const char *s, size_t n)
{
    return hmore(FNV0, s, n) | 1;
}

static struct hent *ht_slot(const struct htab *t, const char *k, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (t->cap - 1);
    for (;;) {
        struct hent *e = &t->e[i];
        if (e->h == 0 || (e->h == h && e->klen == n && memcmp(e->k, k, n) == 0))
            return e;
        i = (i + 1) & (t->cap - 1);
    }
}

/* 1 found (*v set), 0 not */
static int ht_get_h(const struct htab *t, const char *k, size_t n, uint64_t h, size_t *v)
{
    struct hent *e;
    if (t->cap == 0)
        return 0;
    e = ht_slot(t, k, n, h | 1);
    if (e->h == 0)
        return 0;
    if (v != NULL)
        *v = e->v;
    return 1;
}

static int ht_get(const struct htab *t, const char *k, size_t n, size_t *v)
{
    struct hent *e;
    if (t->cap == 0)
        return 0;
    e = ht_slot(t, k, n, hstr(k, n));
    if (e->h == 0)
        return 0;
    if (v != NULL)
        *v = e->v;
    return 1;
}

/* insert or replace; 0, -1 out of memory */
static int ht_put(struct htab *t, const char *k, size_t n, size_t v)
{
    uint64_t h = hstr(k, n);
    struct hent *e;
    if (t->n * 2 >= t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64, i;
        struct htab nt;
        nt.e = calloc(nc, sizeof *nt.e);
        if (nt.e == NULL)
            return -1;
        nt.cap = nc;
        nt.n = t->n;
        for (i = 0; i < t->cap; i++)
            if (t->e[i].h != 0)
                *ht_slot(&nt, t->e[i].k, t->e[i].klen, t->e[i].h) = t->e[i];
        free(t->e);
        *t = nt;
    }
    e = ht_slot(t, k, n, h);
    if (e->h == 0) {
        e->k = malloc(n + 1);
        if (e->k == NULL)
            return -1;
        memcpy(e->k, k, n);
        e->k[n] = '\0';
        e->klen = n;
        e->h = h;
        t->n++;
    }
    e->v = v;
    return 0;
}

static void ht_free(struct htab *t)
{
    size_t i;
    for (i = 0; i < t->cap; i++)
        free(t->e[i].k);
    free(t->e);
    t->e = NULL;
    t->cap = t->n = 0;
}

/* ------------------------------------------------------------ statements */

struct jw {
    uint32_t off, len;
};

enum { SF_INACT = 1, SF_GROUP = 2, SF_INHER = 4, SF_UNREC = 8 };

struct jst {
    uint32_t w;     /* first word in P->wv */
    uint16_t n;
    uint16_t flags;
    unsigned long line;
    uint32_t rank;  /* inherited: priority (lower is read first) */
    uint32_t ord;
};

/* a token of a line */
enum { T_WORD, T_LB, T_RB, T_SEMI, T_LL, T_RL };
struct tok {
    int type;
    size_t a, b;      /* bytes in the line (quotes included) */
    uint32_t off, len; /* the word in the arena (unquoted) */
    int quoted;
};

struct frame {
    size_t plen;  /* path length before this frame's words */
};

struct pst {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc;
    int raw_records;
    unsigned max_depth;

    char *txt;
    size_t tlen, tcap;
    struct jw *wv;
    size_t wn, wcap;
    struct jst *sv;
    size_t sn, scap;

    /* curly reader */
    struct jw path[MAXDEPTH * 4];
    size_t plen;
    struct frame fr[MAXDEPTH];
    size_t depth;
    int depth_reported;
    struct jw cur[MAXW];
    size_t curn;
    int cur_inactive, inlist, list_seen;
    struct jw list[MAXW];
    size_t listn;
    unsigned long cur_line;
    int in_comment;

    struct htab deact; /* deactivated paths (joined by ' ') */

    /* counts */
    unsigned long statements, recognised, unrec_lines[MAXUNREC];
    size_t n_unrec;
    int set_form, curly_form, rooted;
    unsigned long inactive_line;
    int nul_seen;

    /* header */
    char model[64], hversion[64];
    unsigned long model_line, hversion_line;
};

static int grow(void **p, size_t *cap, size_t need, size_t el)
{
    size_t nc;
    void *np;
    if (need <= *cap)
        return 0;
    nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    np = realloc(*p, nc * el);
    if (np == NULL)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}

static const char *WS(const struct pst *P, const struct jw *w)
{
    return P->txt + w->off;
}

/* append bytes to the arena; the word's place or (off=UINT32_MAX) */
static struct jw arena_put(struct pst *P, const char *s, size_t n)
{
    struct jw w = {UINT32_MAX, 0};
    if (P->tlen + n + 1 > UINT32_MAX / 2) {
        otlp_doc_stop(&P->doc, OTL_PARSE_PARTIAL);
        return w;
    }
    if (grow((void **)&P->txt, &P->tcap, P->tlen + n + 1, 1) < 0) {
        otlp_doc_nomem(&P->doc);
        return w;
    }
    memcpy(P->txt + P->tlen, s, n);
    P->txt[P->tlen + n] = '\0';
    w.off = (uint32_t)P->tlen;
    w.len = (uint32_t)n;
    P->tlen += n + 1;
    return w;
}

static int weq(const struct pst *P, const struct jw *w, const char *s)
{
    size_t n = strlen(s);
    return w->len == n && memcmp(P->txt + w->off, s, n) == 0;
}

/* join words with ' ' into buf (cut at cap) */
static size_t join(const struct pst *P, const struct jw *w, size_t n, char *buf, size_t cap)
{
    size_t i, o = 0;
    for (i = 0; i < n && o + 1 < cap; i++) {
        size_t l = w[i].len;
        if (i > 0)
            buf[o++] = ' ';
        if (o + l >= cap)
            l = cap - o - 1;
        memcpy(buf + o, P->txt + w[i].off, l);
        o += l;
    }
    buf[o] = '\0';
    return o;
}

/* add one statement (words copied) */
static int add_st(struct pst *P, const struct jw *w, size_t n, unsigned long line, unsigned flags)
{
    struct jst *s;
    if (n == 0)
        return 0;
    if (n > MAXW)
        n = MAXW;
    if (grow((void **)&P->wv, &P->wcap, P->wn + n, sizeof *P->wv) < 0 ||
        grow((void **)&P->sv, &P->scap, P->sn + 1, sizeof *P->sv) < 0) {
        otlp_doc_nomem(&P->doc);
        return -1;
    }
    memcpy(P->wv + P->wn, w, n * sizeof *w);
    s = &P->sv[P->sn++];
    s->w = (uint32_t)P->wn;
    s->n = (uint16_t)n;
    s->flags = (uint16_t)flags;
    s->line = line;
    s->rank = 0;
    s->ord = (uint32_t)(P->sn - 1);
    P->wn += n;
    return 0;
}

/* a deactivated path, with the line that deactivates it (`inactive:` or
 * `deactivate`): a disabled rule's finding goes there */
static void deact_add(struct pst *P, const struct jw *w, size_t n, unsigned long line)
{
    char buf[1024];
    size_t l = join(P, w, n, buf, sizeof buf);
    if (ht_get(&P->deact, buf, l, NULL))
        return;
    if (ht_put(&P->deact, buf, l, line ? line : 1) < 0)
        otlp_doc_nomem(&P->doc);
}

/* ------------------------------------------------------------ recognition */

/* Path prefixes the plugin reads (facts) or knows to carry no security
 * setting; `*` stands for one name.  A statement whose path starts with none
 * is not recognised (parse-coverage, fail-closed redaction). */
static const char *const known_paths[] = {
    "version", "apply-groups", "apply-groups-except", "groups",
    "system host-name", "system domain-name", "system domain-search", "system time-zone",
    "system location", "system name-server", "system services", "system login",
    "system root-authentication", "system syslog", "system ntp", "system radius-server",
    "system tacplus-server", "system authentication-order", "system accounting",
    "system ports", "system archival", "system max-configurations-on-flash",
    "system max-configuration-rollbacks", "system license", "system backup-router",
    "system static-host-mapping", "system commit", "system internet-options",
    "system no-redirects", "system no-ping-record-route", "system no-ping-time-stamp",
    "system default-address-selection", "system processes", "system arp",
    "system management-instance", "system radius-options", "system tacplus-options",
    "interfaces", "snmp", "security", "firewall", "applications", "chassis",
    "routing-options", "protocols", "policy-options", "vlans", "routing-instances",
    "forwarding-options", "class-of-service", "ethernet-switching-options", "poe",
    "access", "event-options", "multi-chassis", "virtual-chassis", "switch-options",
    "bridge-domains", "services", "logical-systems", "access-profile", "tenants",
    "schedulers", "policy-options", "dynamic-profiles", "fabric", NULL};

static int path_known2(const struct pst *P, const struct jw *w, size_t n, int open);
static int path_known(const struct pst *P, const struct jw *w, size_t n)
{
    return path_known2(P, w, n, 0);
}

/* open: the path opens a block, known when it leads to a known path too */
static int path_known2(const struct pst *P, const struct jw *w, size_t n, int open)
{
    size_t i, j;
    if (n >= 2 && weq(P, &w[0], "groups")) {
        if (n == 2)
            return 1;
        w += 2;
        n -= 2;
    }
    if (n >= 2 && (weq(P, &w[n - 2], "apply-groups") || weq(P, &w[n - 2], "apply-groups-except")))
        return 1;
    for (i = 0; known_paths[i] != NULL; i++) {
        const char *k = known_paths[i];
        int ok = 1;
        for (j = 0; ok && *k; j++) {
            const char *e = strchr(k, ' ');
            size_t l = e ? (size_t)(e - k) : strlen(k);
            if (j >= n) {
                if (!open)
                    ok = 0;
                break;
            }
            if (w[j].len != l || memcmp(WS(P, &w[j]), k, l) != 0)
                ok = 0;
            k += l;
            if (*k == ' ')
                k++;
        }
        if (ok)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ secrets */

static int tok_is(const char *line, const struct tok *t, const char *s)
{
    size_t n = strlen(s);
    return t->type == T_WORD && !t->quoted && t->b - t->a == n && memcmp(line + t->a, s, n) == 0;
}

/* Is the word after token i a secret? (`in_snmp`: the statement is under
 * `snmp`, where `community NAME` names a secret) */
static int secret_after(const char *line, const struct tok *t, size_t i, size_t nt, int in_snmp)
{
    static const char *const kw[] = {"encrypted-password", "ascii-text", "hexadecimal", "secret",
                                     "authentication-key", "simple-password",
                                     "authentication-password", "privacy-password", "privacy-key",
                                     "shared-secret", "psk", "value", "md5-key", "auth-key",
                                     "plain-text-password-value", NULL};
    size_t k;
    const struct tok *n;
    if (i + 1 >= nt || t[i + 1].type != T_WORD)
        return 0;
    n = &t[i + 1];
    for (k = 0; kw[k] != NULL; k++)
        if (tok_is(line, &t[i], kw[k]))
            return 1;
    if (in_snmp && tok_is(line, &t[i], "community"))
        return 1;
    if ((tok_is(line, &t[i], "key") || tok_is(line, &t[i], "password") ||
         tok_is(line, &t[i], "pre-shared-key")) &&
        (n->quoted || (n->b - n->a > 1 && line[n->a] == '$')))
        return 1;
    return 0;
}

/* a word that is itself a Junos secret or hash ($9$, $1$, $5$, $6$ ...) */
static int secret_word(const char *line, const struct tok *t)
{
    const char *s = line + t->a + (t->quoted ? 1 : 0);
    size_t n = t->b - t->a;
    return t->type == T_WORD && n >= 4 && s[0] == '$' && s[2] == '$' && isalnum((unsigned char)s[1]);
}

/* ------------------------------------------------------------ tokenizer */

/* Tokens of one line; words copied (unquoted) into the arena.  Comments end
 * the line (`#` at a token start) or run to `*\/` (P->in_comment). */
static size_t tokenize(struct pst *P, const char *s, size_t n, struct tok *t, size_t max)
{
    size_t i = 0, nt = 0;
    while (i < n) {
        char c = s[i];
        if (P->in_comment) {
            if (c == '*' && i + 1 < n && s[i + 1] == '/') {
                P->in_comment = 0;
                i += 2;
            } else {
                i++;
            }
            continue;
        }
        if (c == ' ' || c == '\t') {
            i++;
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            P->in_comment = 1;
            i += 2;
            continue;
        }
        if (c == '#')
            break;
        if (nt >= max)
            break;
        t[nt].a = i;
        t[nt].quoted = 0;
        t[nt].off = 0;
        t[nt].len = 0;
        if (c == '{' || c == '}' || c == ';' || c == '[' || c == ']') {
            t[nt].type = c == '{' ? T_LB : c == '}' ? T_RB : c == ';' ? T_SEMI : c == '[' ? T_LL : T_RL;
            t[nt].b = ++i;
            nt++;
            continue;
        }
        t[nt].type = T_WORD;
        if (c == '"') {
            size_t j = i + 1;
            char buf[4096];
            size_t o = 0;
            while (j < n && s[j] != '"') {
                if (s[j] == '\\' && j + 1 < n)
                    j++;
                if (o < sizeof buf)
                    buf[o++] = s[j];
                j++;
            }
            t[nt].quoted = 1;
            t[nt].b = j < n ? j + 1 : n;
            {
                struct jw w = arena_put(P, buf, o);
                t[nt].off = w.off;
                t[nt].len = w.len;
            }
            i = t[nt].b;
        } else {
            size_t j = i;
            struct jw w;
            while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != ';' && s[j] != '{' &&
                   s[j] != '}' && !(s[j] == '[' && j == i) && s[j] != ']' && s[j] != '"')
                j++;
            if (j == i)
                j++;
            t[nt].b = j;
            w = arena_put(P, s + i, j - i);
            t[nt].off = w.off;
            t[nt].len = w.len;
            i = j;
        }
        if (t[nt].off == UINT32_MAX)
            return nt;
        nt++;
    }
    return nt;
}

/* ------------------------------------------------------------ reading */

static void unrec_note(struct pst *P, unsigned long line)
{
    if (P->n_unrec < MAXUNREC && (P->n_unrec == 0 || P->unrec_lines[P->n_unrec - 1] != line))
        P->unrec_lines[P->n_unrec++] = line;
}

/* one leaf statement of the current path + cur words (+ one list item) */
static int emit_leaf(struct pst *P, const struct jw *extra, size_t ne, unsigned long line)
{
    struct jw w[MAXW];
    size_t n = 0, i;
    int known;
    for (i = 0; i < P->plen && n < MAXW; i++)
        w[n++] = P->path[i];
    for (i = 0; i < P->curn && n < MAXW; i++)
        w[n++] = P->cur[i];
    for (i = 0; i < ne && n < MAXW; i++)
        w[n++] = extra[i];
    if (n == 0)
        return 1;
    if (P->cur_inactive)
        deact_add(P, w, n, P->inactive_line);
    known = path_known(P, w, n);
    P->statements++;
    if (known)
        P->recognised++;
    else
        unrec_note(P, line);
    add_st(P, w, n, line, known ? 0 : SF_UNREC);
    return known;
}

static int curly_leaf(struct pst *P, unsigned long line)
{
    int known = 1;
    if (P->inlist || P->list_seen) {
        size_t i;
        if (P->listn == 0)
            known = emit_leaf(P, NULL, 0, line);
        for (i = 0; i < P->listn; i++)
            known &= emit_leaf(P, &P->list[i], 1, line);
    } else if (P->curn > 0) {
        known = emit_leaf(P, NULL, 0, line);
    }
    P->curn = 0;
    P->listn = 0;
    P->inlist = 0;
    P->list_seen = 0;
    P->cur_inactive = 0;
    return known;
}

static int curly_open(struct pst *P, unsigned long line)
{
    size_t i;
    int known;
    struct jw w[MAXW];
    size_t n = 0;
    for (i = 0; i < P->plen && n < MAXW; i++)
        w[n++] = P->path[i];
    for (i = 0; i < P->curn && n < MAXW; i++)
        w[n++] = P->cur[i];
    known = path_known2(P, w, n, 1);
    if (P->cur_inactive)
        deact_add(P, w, n, P->inactive_line);
    if (P->depth >= MAXDEPTH || P->plen + P->curn > sizeof P->path / sizeof *P->path ||
        (P->max_depth != 0 && P->depth >= P->max_depth)) {
        if (!P->depth_reported) {
            P->depth_reported = 1;
            P->host->diag(P->ctx, OTL_DIAG_ERROR, line,
                          "nesting deeper than %zu levels; the rest of the file is not read",
                          P->depth);
        }
        otlp_doc_stop(&P->doc, OTL_PARSE_PARTIAL);
        return known;
    }
    P->fr[P->depth++].plen = P->plen;
    for (i = 0; i < P->curn; i++)
        P->path[P->plen++] = P->cur[i];
    P->curn = 0;
    P->cur_inactive = 0;
    return known;
}

static void curly_close(struct pst *P, unsigned long line)
{
    if (P->curn > 0)
        curly_leaf(P, line);
    if (P->depth == 0) {
        P->host->diag(P->ctx, OTL_DIAG_WARNING, line, "`}` without an open block; ignored");
        otlp_doc_status(&P->doc, OTL_PARSE_PARTIAL);
        return;
    }
    P->plen = P->fr[--P->depth].plen;
}

/* raw record / element of one line, secrets redacted */
static void raw_line(struct pst *P, const char *s, size_t n, const struct tok *t, size_t nt,
                     unsigned long line, unsigned depth, int known, int in_snmp)
{
    char *buf, *u = NULL, small[512];
    size_t i, o = 0, p = 0, need = n + nt * (sizeof OTL_REDACTED + 2) + 1;
    int secret = 0;

    buf = need <= sizeof small ? small : malloc(need);
    if (buf == NULL) {
        otlp_doc_nomem(&P->doc);
        return;
    }
    for (i = 0; i < nt; i++) {
        int red = secret_word(s, &t[i]) || (i > 0 && secret_after(s, t, i - 1, nt, in_snmp));
        if (!red)
            continue;
        memcpy(buf + o, s + p, t[i].a - p);
        o += t[i].a - p;
        memcpy(buf + o, OTL_REDACTED, sizeof OTL_REDACTED - 1);
        o += sizeof OTL_REDACTED - 1;
        p = t[i].b;
        secret = 1;
    }
    if (p < n) {
        /* the rest of the line; a trailing comment (`## SECRET-DATA`) stays, so
         * that evidence is the line, but fails closed like unknown text */
        size_t e = n;
        if (nt > 0 && t[nt - 1].b < n)
            e = t[nt - 1].b;
        if (e > p) {
            memcpy(buf + o, s + p, e - p);
            o += e - p;
        }
        if (e < n) {
            int red = 0;
            char *c = otlp_redact_unknown(s + e, n - e, &red);
            if (c == NULL) {
                if (buf != small)
                    free(buf);
                otlp_doc_nomem(&P->doc);
                return;
            }
            if (o + strlen(c) < need) {
                memcpy(buf + o, c, strlen(c));
                o += strlen(c);
            }
            secret |= red;
            free(c);
        }
    }
    if (!known) {
        int red = 0;
        u = otlp_redact_unknown(buf, o, &red);
        if (u == NULL) {
            if (buf != small)
                free(buf);
            otlp_doc_nomem(&P->doc);
            return;
        }
        secret |= red;
    }
    if (otlp_doc_take(&P->doc, line) == 0) {
        const char *text = u ? u : buf;
        size_t tl = u ? strlen(u) : o;
        unsigned fl = (known ? 0 : OTL_RAW_UNRECOGNISED) | (secret ? OTL_RAW_SECRET : 0);
        if (P->raw_records) {
            if (otlp_raw_record(P->host, P->ctx, depth, line, text, tl, fl) != 0)
                otlp_doc_nomem(&P->doc);
        } else {
            xmlNodePtr x = otlp_child_text(P->dd->raw, "stmt", line, text, tl);
            if (x == NULL)
                otlp_doc_nomem(&P->doc);
            if (!known)
                otlp_doc_set(&P->doc, x, "recognised", "false");
            if (secret)
                otlp_doc_setb(&P->doc, x, "secret", 1);
        }
    }
    free(u);
    if (buf != small)
        free(buf);
}

static void header_comment(struct pst *P, const char *s, size_t n, unsigned long line)
{
    const char *p;
    size_t i, l;
    while (n > 0 && (*s == '#' || *s == ' ' || *s == '/' || *s == '*')) {
        s++;
        n--;
    }
    if (n > 6 && memcmp(s, "Model:", 6) == 0 && P->model[0] == '\0') {
        p = s + 6;
        l = n - 6;
        while (l > 0 && *p == ' ') {
            p++;
            l--;
        }
        for (i = 0; i < l && i + 1 < sizeof P->model && p[i] != ' '; i++)
            P->model[i] = p[i];
        P->model[i] = '\0';
        P->model_line = line;
    } else if (n > 6 && memcmp(s, "Junos:", 6) == 0 && P->hversion[0] == '\0') {
        p = s + 6;
        l = n - 6;
        while (l > 0 && *p == ' ') {
            p++;
            l--;
        }
        for (i = 0; i < l && i + 1 < sizeof P->hversion && p[i] != ' '; i++)
            P->hversion[i] = p[i];
        P->hversion[i] = '\0';
        P->hversion_line = line;
    }
}

/* a set-form line (`set ...`, `deactivate ...`); returns known */
static int set_line(struct pst *P, const char *s, struct tok *t, size_t nt, unsigned long line,
                    int *is_set)
{
    struct jw w[MAXW], items[MAXW];
    size_t i, n = 0, ni = 0, k;
    int known, inl = 0, deact = tok_is(s, &t[0], "deactivate");
    *is_set = 1;
    if (!deact && !tok_is(s, &t[0], "set")) {
        /* delete/activate/protect/insert/annotate: not a configuration state */
        P->statements++;
        unrec_note(P, line);
        return 0;
    }
    for (i = 1; i < nt; i++) {
        struct jw x = {t[i].off, t[i].len};
        if (t[i].type == T_LL) {
            inl = 1;
            continue;
        }
        if (t[i].type == T_RL) {
            inl = 0;
            continue;
        }
        if (t[i].type != T_WORD)
            continue;
        if (inl && ni < MAXW)
            items[ni++] = x;
        else if (!inl && n < MAXW)
            w[n++] = x;
    }
    if (deact) {
        deact_add(P, w, n, line);
        return path_known(P, w, n);
    }
    P->set_form = 1;
    P->plen = 0;
    P->curn = 0;
    for (k = 0; k < n; k++)
        P->cur[P->curn++] = w[k];
    P->cur_inactive = 0;
    if (ni > 0) {
        known = 1;
        for (k = 0; k < ni; k++)
            known &= emit_leaf(P, &items[k], 1, line);
    } else {
        known = emit_leaf(P, NULL, 0, line);
    }
    P->curn = 0;
    return known;
}

/* A fragment (`show configuration security policies` prints the levels
 * below [edit security policies]): the hierarchy its first top-level word
 * belongs to, when that word is not a top-level statement itself. */
static const char *fragment_root(const struct pst *P, const struct jw *w)
{
    static const char *const map[][2] = {
        {"from-zone", "security policies"}, {"default-policy", "security policies"},
        {"global", "security policies"},    {"security-zone", "security zones"},
        {"functional-zone", "security zones"}, {"zones", "security"},
        {"policies", "security"},           {"ike", "security"},
        {"ipsec", "security"},              {"nat", "security"},
        {"address-book", "security"},       {"screen", "security"},
        {"services", "system"},             {"login", "system"},
        {"syslog", "system"},               {"ntp", "system"},
        {"host-name", "system"},            {"root-authentication", "system"},
        {"community", "snmp"},              {"trap-group", "snmp"},
        {"application", "applications"},    {"application-set", "applications"},
        {"filter", "firewall family inet"}, {NULL, NULL}};
    size_t i;
    for (i = 0; map[i][0] != NULL; i++)
        if (weq(P, w, map[i][0]))
            return map[i][1];
    return NULL;
}

static void set_root(struct pst *P, const char *root, unsigned long line)
{
    const char *r = root;
    while (*r && P->plen < 4) {
        const char *e = strchr(r, ' ');
        size_t l = e ? (size_t)(e - r) : strlen(r);
        P->path[P->plen++] = arena_put(P, r, l);
        r += l;
        while (*r == ' ')
            r++;
    }
    P->rooted = 1;
    P->host->diag(P->ctx, OTL_DIAG_WARNING, line,
                  "a fragment: the hierarchy starts below the top level; read as [edit %s]",
                  root);
    otlp_doc_status(&P->doc, OTL_PARSE_PARTIAL);
}

/* read one line of either form */
static void read_line(struct pst *P, const char *s, size_t n, unsigned long line)
{
    struct tok t[512];
    size_t nt, i;
    int known = 1, any = 0, is_set = 0, in_snmp;
    unsigned depth = (unsigned)P->depth;
    int was_comment = P->in_comment;

    if (!was_comment) {
        size_t k = otlp_more_skip(s, n); /* a `---(more)---` pager prompt before the text */
        s += k;
        n -= k;
    }
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return;
    if (!was_comment && s[0] == '#') {
        header_comment(P, s, n, line);
        return;
    }
    /* capture noise: prompts, the echoed show command, {master:0}, [edit],
     * and Junos' own pager prompt `---(more)---` / `---(more 45%)---` */
    if (!was_comment && (otlp_capture_noise(s, n) || (n >= 8 && memcmp(s, "---(more", 8) == 0)))
        return;
    nt = tokenize(P, s, n, t, sizeof t / sizeof *t);
    if (nt == 0)
        return;
    in_snmp = (P->depth > 0 && weq(P, &P->path[0], "snmp")) ||
              (nt > 1 && t[1].type == T_WORD && tok_is(s, &t[1], "snmp")) ||
              (P->depth == 0 && nt > 0 && tok_is(s, &t[0], "snmp")) ||
              (P->depth >= 2 && weq(P, &P->path[0], "groups") && P->plen > 2 &&
               weq(P, &P->path[2], "snmp")) ||
              (nt > 3 && tok_is(s, &t[1], "groups") && tok_is(s, &t[3], "snmp"));
    if (P->depth == 0 && t[0].type == T_WORD &&
        (tok_is(s, &t[0], "set") || tok_is(s, &t[0], "deactivate") ||
         tok_is(s, &t[0], "delete") || tok_is(s, &t[0], "activate"))) {
        if (P->curn > 0 || P->inlist) {
            /* words left without `;` or `{` before a set line: not a statement */
            P->statements++;
            unrec_note(P, P->cur_line);
            P->curn = 0;
            P->listn = 0;
            P->inlist = P->list_seen = 0;
            P->cur_inactive = 0;
        }
        known = set_line(P, s, t, nt, line, &is_set);
        any = 1;
    } else {
        P->curly_form = 1;
        for (i = 0; i < nt; i++) {
            struct jw x = {t[i].off, t[i].len};
            switch (t[i].type) {
            case T_WORD:
                if (P->curn == 0 && P->depth == 0 && P->plen == 0 && !P->rooted &&
                    !P->inlist && fragment_root(P, &x) != NULL)
                    set_root(P, fragment_root(P, &x), line);
                if (P->curn == 0 && !t[i].quoted && x.len > 1 && WS(P, &x)[x.len - 1] == ':' &&
                    (weq(P, &x, "inactive:") || weq(P, &x, "protect:") ||
                     weq(P, &x, "replace:") || weq(P, &x, "active:"))) {
                    if (weq(P, &x, "inactive:")) {
                        P->cur_inactive = 1;
                        P->inactive_line = line;
                    }
                    break;
                }
                if (P->inlist) {
                    if (P->listn < MAXW)
                        P->list[P->listn++] = x;
                } else if (P->curn < MAXW) {
                    P->cur[P->curn++] = x;
                }
                if (P->curn == 1 || P->inlist)
                    P->cur_line = line;
                break;
            case T_LL:
                P->inlist = 1;
                P->list_seen = 1;
                break;
            case T_RL:
                P->inlist = 0;
                break;
            case T_SEMI:
                known &= curly_leaf(P, line);
                any = 1;
                break;
            case T_LB:
                known &= curly_open(P, line);
                any = 1;
                break;
            case T_RB:
                curly_close(P, line);
                break;
            default:
                break;
            }
            if (P->doc.stop)
                return;
        }
    }
    if (any)
        raw_line(P, s, n, t, nt, line, is_set ? 0 : depth, known, in_snmp);
}

/* ------------------------------------------------------------ groups */

struct apply {
    uint32_t w, n;      /* level path (words in wv) */
    uint32_t g;         /* group name word */
    uint32_t idx;       /* position in its apply-groups list */
    int except;
};

/* a group's path word (`<ge-*>`, `<*>`) against a name */
static int wmatch(const struct pst *P, const struct jw *pat, const struct jw *name)
{
    char p[256], s[256];
    if (pat->len >= 3 && WS(P, pat)[0] == '<' && WS(P, pat)[pat->len - 1] == '>' &&
        pat->len - 2 < sizeof p && name->len < sizeof s) {
        memcpy(p, WS(P, pat) + 1, pat->len - 2);
        p[pat->len - 2] = '\0';
        memcpy(s, WS(P, name), name->len);
        s[name->len] = '\0';
        return fnmatch(p, s, 0) == 0;
    }
    return pat->len == name->len && memcmp(WS(P, pat), WS(P, name), pat->len) == 0;
}

static int is_wild(const struct pst *P, const struct jw *w)
{
    return w->len >= 3 && WS(P, w)[0] == '<' && WS(P, w)[w->len - 1] == '>';
}

struct gres {
    struct htab groups;   /* group name -> 1 + index in gidx heads */
    struct htab except;   /* "group\x01path" */
};

/* Expand the group statement's words `r` (from position `at` on) into
 * concrete paths; wildcards match names the local configuration has at that
 * place (Junos: a wildcard never creates an object).  Calls emit for each. */
struct expand {
    struct pst *P;
    struct gres *G;
    const struct jst *src;
    uint32_t rank;
};

static void inherit_one(struct expand *X, struct jw *w, size_t n)
{
    size_t i;
    char buf[1200];
    /* apply-groups-except below the level stops this group */
    for (i = 1; i <= n; i++) {
        size_t l;
        const struct jw *gn = &X->P->wv[X->src->w + 1];
        if (X->G->except.n == 0)
            break;
        l = join(X->P, gn, 1, buf, 200);
        buf[l++] = '\x01';
        l += join(X->P, w, i, buf + l, sizeof buf - l);
        if (ht_get(&X->G->except, buf, l, NULL))
            return;
    }
    if (add_st(X->P, w, n, X->src->line, SF_INHER | (X->src->flags & SF_INACT)) == 0)
        X->P->sv[X->P->sn - 1].rank = X->rank;
}

static void expand_rest(struct expand *X, struct jw *w, size_t n, size_t at, int depth)
{
    size_t j;
    for (j = at; j < n; j++)
        if (is_wild(X->P, &w[j]))
            break;
    if (j == n) {
        inherit_one(X, w, n);
        return;
    }
    if (depth > 4 || X->P->doc.stop)
        return;
    /* candidate names: every local path with the same prefix; walk the
     * local statements' words at j (bounded by the children index) */
    {
        size_t i;
        struct htab seen = {NULL, 0, 0};
        for (i = 0; i < X->P->sn; i++) {
            const struct jst *s = &X->P->sv[i];
            const struct jw *sw = X->P->wv + s->w;
            size_t k, ok = 1;
            if (s->flags & (SF_GROUP | SF_INHER) || s->n <= j)
                continue;
            for (k = 0; k < j && ok; k++)
                ok = sw[k].len == w[k].len && memcmp(WS(X->P, &sw[k]), WS(X->P, &w[k]), w[k].len) == 0;
            if (!ok || !wmatch(X->P, &w[j], &sw[j]))
                continue;
            if (ht_get(&seen, WS(X->P, &sw[j]), sw[j].len, NULL))
                continue;
            if (ht_put(&seen, WS(X->P, &sw[j]), sw[j].len, 1) < 0) {
                otlp_doc_nomem(&X->P->doc);
                break;
            }
            {
                struct jw c[MAXW];
                memcpy(c, w, n * sizeof *w);
                c[j] = sw[j];
                expand_rest(X, c, n, j + 1, depth + 1);
            }
        }
        ht_free(&seen);
    }
}

static int rank_cmp(const void *a, const void *b)
{
    const struct jst *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* Inheritance: every apply-groups (active) at level L for group G takes
 * G's statements under L.  Rank: shallower levels first, later groups of a
 * list first, so that what is read last (and wins) is the first group of
 * the deepest list; local statements are read after every inherited one. */
static void resolve_groups(struct pst *P)
{
    struct gres G;
    struct apply *ap = NULL;
    size_t na = 0, cap = 0, i, nlocal = P->sn, a;
    uint32_t *gnext = NULL, *ghead = NULL;
    size_t ng = 0;
    char buf[1200];

    memset(&G, 0, sizeof G);
    /* group statements, by group name (linked lists of indices) */
    gnext = malloc((nlocal + 1) * sizeof *gnext);
    ghead = malloc((nlocal + 1) * sizeof *ghead);
    if (gnext == NULL || ghead == NULL)
        goto oom;
    for (i = nlocal; i-- > 0;) {
        struct jst *s = &P->sv[i];
        const struct jw *w = P->wv + s->w;
        size_t gi;
        if (!(s->n >= 3 && weq(P, &w[0], "groups")))
            continue;
        s->flags |= SF_GROUP;
        if (!ht_get(&G.groups, WS(P, &w[1]), w[1].len, &gi)) {
            gi = ng++;
            ghead[gi] = UINT32_MAX;
            if (ht_put(&G.groups, WS(P, &w[1]), w[1].len, gi) < 0)
                goto oom;
        }
        gnext[i] = ghead[gi];
        ghead[gi] = (uint32_t)i;
    }
    if (ng == 0)
        goto done;
    /* apply-groups / apply-groups-except statements (not in a group) */
    for (i = 0; i < nlocal; i++) {
        const struct jst *s = &P->sv[i];
        const struct jw *w = P->wv + s->w;
        size_t k;
        if (s->flags & (SF_GROUP | SF_INACT) || s->n < 2)
            continue;
        k = s->n - 2;
        if (!weq(P, &w[k], "apply-groups") && !weq(P, &w[k], "apply-groups-except"))
            continue;
        if (grow((void **)&ap, &cap, na + 1, sizeof *ap) < 0)
            goto oom;
        ap[na].w = s->w;
        ap[na].n = (uint32_t)k;
        ap[na].g = s->w + (uint32_t)k + 1;
        ap[na].except = weq(P, &w[k], "apply-groups-except");
        ap[na].idx = 0;
        if (na > 0 && !ap[na - 1].except && !ap[na].except && ap[na - 1].n == k &&
            P->sv[i - 1].n == s->n && memcmp(P->wv + ap[na - 1].w, w, k * sizeof *w) == 0)
            ap[na].idx = ap[na - 1].idx + 1;
        if (ap[na].except) {
            size_t l = join(P, &P->wv[ap[na].g], 1, buf, 200);
            buf[l++] = '\x01';
            l += join(P, w, k, buf + l, sizeof buf - l);
            if (ht_put(&G.except, buf, l, 1) < 0)
                goto oom;
        }
        na++;
    }
    for (a = 0; a < na && !P->doc.stop; a++) {
        size_t gi;
        uint32_t si;
        const struct jw *L = P->wv + ap[a].w;
        if (ap[a].except)
            continue;
        if (!ht_get(&G.groups, WS(P, &P->wv[ap[a].g]), P->wv[ap[a].g].len, &gi)) {
            char nm[128];
            join(P, &P->wv[ap[a].g], 1, nm, sizeof nm);
            P->host->diag(P->ctx, OTL_DIAG_WARNING, 0,
                          "apply-groups names group '%s', which the file does not define", nm);
            continue;
        }
        for (si = ghead[gi]; si != UINT32_MAX; si = gnext[si]) {
            const struct jst *s = &P->sv[si];
            struct jw r[MAXW];
            size_t rn = s->n - 2, k, ok = 1;
            struct expand X;
            struct jst srccopy;
            if (rn <= ap[a].n)
                continue;
            memcpy(r, P->wv + s->w + 2, rn * sizeof *r);
            if (rn >= 2 && (weq(P, &r[rn - 2], "apply-groups") ||
                            weq(P, &r[rn - 2], "apply-groups-except")))
                continue;
            for (k = 0; k < ap[a].n && ok; k++)
                ok = wmatch(P, &r[k], &L[k]);
            if (!ok)
                continue;
            for (k = 0; k < ap[a].n; k++)
                r[k] = L[k];
            srccopy = *s;
            X.P = P;
            X.G = &G;
            X.src = &srccopy;
            /* deeper first read last; within a list, the first group last */
            X.rank = 1 + (uint32_t)(ap[a].n * 256 + (255 - (ap[a].idx > 255 ? 255 : ap[a].idx)));
            expand_rest(&X, r, rn, ap[a].n, 0);
        }
    }
    /* inherited (sorted by rank) before local */
    if (P->sn > nlocal) {
        size_t ni = P->sn - nlocal;
        struct jst *tmp = malloc(P->sn * sizeof *tmp);
        if (tmp == NULL)
            goto oom;
        memcpy(tmp, P->sv + nlocal, ni * sizeof *tmp);
        qsort(tmp, ni, sizeof *tmp, rank_cmp);
        memcpy(tmp + ni, P->sv, nlocal * sizeof *tmp);
        free(P->sv);
        P->sv = tmp;
        P->scap = P->sn;
    }
    goto done;
oom:
    otlp_doc_nomem(&P->doc);
done:
    free(ap);
    free(gnext);
    free(ghead);
    ht_free(&G.groups);
    ht_free(&G.except);
}

/* inactive: a prefix of the path was deactivated (`inactive:`, `deactivate`) */
static void mark_inactive(struct pst *P)
{
    size_t i, j;
    char buf[1200];
    if (P->deact.n == 0)
        return;
    for (i = 0; i < P->sn; i++) {
        struct jst *s = &P->sv[i];
        const struct jw *w = P->wv + s->w;
        size_t l = 0;
        uint64_t h = FNV0;
        for (j = 0; j < s->n; j++) {
            if (w[j].len + l + 2 >= sizeof buf)
                break;
            if (j > 0) {
                buf[l++] = ' ';
                h = hmore(h, " ", 1);
            }
            memcpy(buf + l, WS(P, &w[j]), w[j].len);
            h = hmore(h, buf + l, w[j].len);
            l += w[j].len;
            if (ht_get_h(&P->deact, buf, l, h, NULL)) {
                s->flags |= SF_INACT;
                break;
            }
        }
    }
}

/* ------------------------------------------------------------ facts */

struct term {
    xmlNodePtr n;
    char proto[64], dports[160], sports[160];
    unsigned long pline, dline;
    int has_src, has_dst, has_action, action_then;
};

struct mg {
    char zone[96], iface[96];
    char svcs[512], except[256];
    unsigned long line;
};

struct ikeprop {
    char name[96], auth[16], dh[32], enc[64], integ[32], life[16];
    unsigned long line;
    int ipsec;
};

struct ikepol {
    char name[96], mode[16], props[256], set[16], pfs[16], peers[256];
    int psk;
    xmlNodePtr pskn;
    unsigned long line;
    int ipsec;
};

struct ikegw {
    char name[96], policy[96], addr[96], version[16];
    unsigned long line;
};

struct natref {
    xmlNodePtr n;
    char kind[16], rs[96], pool[96];
};

struct fst {
    struct pst *P;
    struct otlp_doc *d;
    xmlNodePtr sys;
    char hostname[256], version[64];
    unsigned long host_line, version_line;
    int have_system, security_seen, vlans_seen, ethsw_seen, cluster;
    struct htab users, zones, rules, seqs, ifs, apps, addrs, comms, snmpusers, ntpsrv, logt, aaasrv,
        refs, classes, natseq, nats, pools, termidx, mgidx, nrank;
    uint32_t cur_rank; /* of the statement being read: inherited rank, local UINT32_MAX */
    xmlNodePtr svc_ssh, svc_telnet, svc_http, svc_https, svc_ftp, svc_finger, svc_netconf,
        svc_rest, svc_xnm, svc_snmp, svc_dhcp;
    char ssh_versions[16];
    unsigned long ssh_ver_line;
    char web_ifs[256];
    unsigned long web_line;
    /* login */
    char min_len[16], min_changes[16];
    unsigned long pw_line;
    char tries[16], lock_period[16];
    unsigned long lock_line;
    char auth_order[128], acct_events[128], acct_dest[64];
    unsigned long auth_line, acct_line;
    /* logging */
    int syslog_seen, ts_msec;
    unsigned long syslog_line;
    /* ntp */
    int ntp_seen, ntp_trusted[64], ntp_keys[64], n_trusted, n_keys;
    unsigned long ntp_line;
    /* default policy */
    char defpol[16];
    unsigned long defpol_line;
    char lo0_filter[96];
    /* arrays */
    struct term *terms;
    size_t nterms, cterms;
    struct mg *mgs;
    size_t nmg, cmg;
    struct ikeprop *props;
    size_t nprops, cprops;
    struct ikepol *pols;
    size_t npols, cpols;
    struct ikegw *gws;
    size_t ngws, cgws;
    struct natref *natrefs;
    size_t nnat, cnat;
};

#define EQ(i, s) ((i) < n && weq(P, &w[i], (s)))
#define STR(i) ((i) < n ? WS(P, &w[i]) : "")

static void cpy(char *dst, size_t cap, const char *s)
{
    size_t l = strlen(s);
    if (l >= cap)
        l = cap - 1;
    memcpy(dst, s, l);
    dst[l] = '\0';
}


static void remw(char *dst, const char *s)
{
    char out[512] = "", tmp[512];
    char *tok, *save = NULL;
    cpy(tmp, sizeof tmp, dst);
    for (tok = strtok_r(tmp, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
        if (strcmp(tok, s) != 0)
            otlp_list_add(out, sizeof out, tok);
    memcpy(dst, out, strlen(out) + 1); /* out is no longer than dst */
}

static xmlNodePtr hget(struct fst *F, struct htab *h, const char *key, size_t kl)
{
    size_t v;
    if (ht_get(h, key, kl, &v))
        return (xmlNodePtr)(uintptr_t)v;
    return NULL;
}

static void hput(struct fst *F, struct htab *h, const char *key, size_t kl, const void *n)
{
    if (ht_put(h, key, kl, (size_t)(uintptr_t)n) < 0)
        otlp_doc_nomem(F->d);
}

static xmlNodePtr named(struct fst *F, struct htab *h, const char *elem, const char *key,
                       unsigned long line, int *created)
{
    xmlNodePtr x = hget(F, h, key, strlen(key));
    size_t r;
    if (created != NULL)
        *created = 0;
    if (x != NULL) {
        /* made by a statement of lower priority (a later group, a shallower
         * apply-groups): the fact now stands where the winning source is */
        if (ht_get(&F->nrank, (const char *)&x, sizeof x, &r) && r < F->cur_rank) {
            otl_node_set_line(x, line);
            if (ht_put(&F->nrank, (const char *)&x, sizeof x, F->cur_rank) < 0)
                otlp_doc_nomem(F->d);
        }
        return x;
    }
    if (F->d->stop)
        return NULL;
    x = otlp_doc_fact(F->d, elem, line);
    if (x == NULL)
        return NULL;
    hput(F, h, key, strlen(key), x);
    if (ht_put(&F->nrank, (const char *)&x, sizeof x, F->cur_rank) < 0)
        otlp_doc_nomem(F->d);
    if (created != NULL)
        *created = 1;
    return x;
}

static void *arr_add(struct fst *F, void **arr, size_t *n, size_t *cap, size_t el)
{
    char *p;
    if (grow(arr, cap, *n + 1, el) < 0) {
        otlp_doc_nomem(F->d);
        return NULL;
    }
    p = (char *)*arr + *n * el;
    memset(p, 0, el);
    (*n)++;
    return p;
}

/* secret kind of a Junos stored secret */
static const char *kind_of(const char *v, char *fmt, size_t cap)
{
    fmt[0] = '\0';
    if (v[0] == '$' && v[1] != '\0' && v[2] == '$') {
        snprintf(fmt, cap, "$%c$", v[1]);
        switch (v[1]) {
        case '1':
            return "md5";
        case '5':
            return "sha256-crypt";
        case '6':
            return "sha512-crypt";
        case '9':
            return "reversible";
        default:
            return "unknown";
        }
    }
    if (strncmp(v, "$sha1$", 6) == 0) {
        cpy(fmt, cap, "$sha1$");
        return "unknown";
    }
    return "unknown";
}

static const char *port_num(const char *p)
{
    static const char *const map[][2] = {
        {"ftp-data", "20"}, {"ftp", "21"}, {"ssh", "22"}, {"telnet", "23"}, {"smtp", "25"},
        {"tacacs", "49"}, {"domain", "53"}, {"bootps", "67"}, {"bootpc", "68"}, {"tftp", "69"},
        {"finger", "79"}, {"http", "80"}, {"pop3", "110"}, {"sunrpc", "111"}, {"ntp", "123"},
        {"netbios-ns", "137"}, {"netbios-dgm", "138"}, {"netbios-ssn", "139"}, {"imap", "143"},
        {"snmp", "161"}, {"snmptrap", "162"}, {"xdmcp", "177"}, {"bgp", "179"}, {"ldap", "389"},
        {"https", "443"}, {"exec", "512"}, {"login", "513"}, {"shell", "514"}, {"syslog", "514"},
        {"printer", "515"}, {"talk", "517"}, {"ldp", "646"}, {"klogin", "543"},
        {"kshell", "544"}, {"radius", "1812"}, {"radacct", "1813"}, {"nfsd", "2049"},
        {"cvspserver", "2401"}, {"zephyr-srv", "2102"}, {"biff", "512"}, {"who", "513"},
        {NULL, NULL}};
    size_t i;
    for (i = 0; map[i][0] != NULL; i++)
        if (strcmp(map[i][0], p) == 0)
            return map[i][1];
    return p;
}

static const char *proto_name(const char *p)
{
    if (strcmp(p, "icmp6") == 0 || strcmp(p, "icmpv6") == 0)
        return "icmp6";
    if (strcmp(p, "any") == 0)
        return "ip";
    return p;
}

static int is_any(const char *s)
{
    return strcmp(s, "any") == 0 || strcmp(s, "any-ipv4") == 0 || strcmp(s, "any-ipv6") == 0;
}

static xmlNodePtr endpoint(struct fst *F, xmlNodePtr r, const char *elem, const char *v,
                           unsigned long line, int literal)
{
    xmlNodePtr c = otlp_doc_node(F->d, r, elem, line);
    if (is_any(v))
        otlp_doc_set(F->d, c, "any", "true");
    else
        otlp_doc_set(F->d, c, literal ? "address" : "name", v);
    return c;
}

/* ---------------- system */

static xmlNodePtr svc(struct fst *F, xmlNodePtr *slot, const char *name, unsigned long line)
{
    if (*slot == NULL) {
        *slot = otlp_doc_fact(F->d, "service", line);
        otlp_doc_set(F->d, *slot, "name", name);
        otlp_doc_set(F->d, *slot, "enabled", "true");
    }
    return *slot;
}

static void f_services(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    xmlNodePtr s;
    if (EQ(2, "ssh")) {
        s = svc(F, &F->svc_ssh, "ssh", line);
        if (EQ(3, "root-login") && n > 4) {
            const char *v = STR(4);
            otlp_doc_set(F->d, s, "root-login",
                         strcmp(v, "allow") == 0  ? "allow"
                         : strcmp(v, "deny") == 0 ? "deny"
                         : strcmp(v, "deny-password") == 0 ? "key-only"
                                                           : "unknown");
        } else if (EQ(3, "protocol-version") && n > 4) {
            if (F->ssh_ver_line != line)
                F->ssh_versions[0] = '\0';
            otlp_list_add(F->ssh_versions, sizeof F->ssh_versions, STR(4));
            F->ssh_ver_line = line;
            otlp_doc_set(F->d, s, "version",
                         strstr(F->ssh_versions, "v1") && strstr(F->ssh_versions, "v2") ? "1.99"
                         : strstr(F->ssh_versions, "v1")                                ? "1"
                                                                                         : "2");
        } else if (EQ(3, "key-exchange") && n > 4) {
            char buf[256] = "";
            xmlChar *o = xmlGetProp(s, (const xmlChar *)"key-exchange");
            if (o != NULL)
                cpy(buf, sizeof buf, (const char *)o);
            xmlFree(o);
            otlp_list_add(buf, sizeof buf, STR(4));
            otlp_doc_set(F->d, s, "key-exchange", buf);
        } else if (EQ(3, "hostkey-algorithm") && n > 4) {
            char buf[256] = "";
            xmlChar *o = xmlGetProp(s, (const xmlChar *)"host-key");
            if (o != NULL)
                cpy(buf, sizeof buf, (const char *)o);
            xmlFree(o);
            otlp_list_add(buf, sizeof buf, STR(4));
            otlp_doc_set(F->d, s, "host-key", buf);
        }
    } else if (EQ(2, "telnet")) {
        svc(F, &F->svc_telnet, "telnet", line);
    } else if (EQ(2, "ftp")) {
        svc(F, &F->svc_ftp, "ftp", line);
    } else if (EQ(2, "finger")) {
        svc(F, &F->svc_finger, "finger", line);
    } else if (EQ(2, "netconf")) {
        svc(F, &F->svc_netconf, "netconf", line);
    } else if (EQ(2, "xnm-clear-text")) {
        s = svc(F, &F->svc_xnm, "xnm-clear-text", line);
        otlp_doc_set(F->d, s, "cleartext", "true");
    } else if (EQ(2, "rest")) {
        s = svc(F, &F->svc_rest, "rest", line);
        if (EQ(3, "http"))
            otlp_doc_set(F->d, s, "cleartext", "true");
    } else if (EQ(2, "dhcp") || EQ(2, "dhcp-local-server")) {
        s = svc(F, &F->svc_dhcp, "dhcp", line);
        otlp_doc_set(F->d, s, "in-use", "true");
    } else if (EQ(2, "web-management") && (EQ(3, "http") || EQ(3, "https"))) {
        int https = EQ(3, "https");
        s = svc(F, https ? &F->svc_https : &F->svc_http, https ? "https" : "http", line);
        if (!https)
            otlp_doc_set(F->d, s, "cleartext", "true");
        if (EQ(4, "interface") && n > 5) {
            otlp_list_add(F->web_ifs, sizeof F->web_ifs, STR(5));
            F->web_line = line;
        } else if (EQ(4, "port") && n > 5) {
            otlp_doc_set(F->d, s, "port", STR(5));
        }
    }
}

static xmlNodePtr account(struct fst *F, const char *name, unsigned long line)
{
    int created;
    xmlNodePtr a = named(F, &F->users, "account", name, line, &created);
    if (created)
        otlp_doc_set(F->d, a, "name", name);
    return a;
}

static void f_auth(struct fst *F, xmlNodePtr a, const struct jw *w, size_t n, size_t i)
{
    struct pst *P = F->P;
    if (EQ(i, "encrypted-password") && n > i + 1) {
        char fmt[16];
        const char *k = kind_of(STR(i + 1), fmt, sizeof fmt);
        otlp_doc_set(F->d, a, "secret-kind", k);
        if (fmt[0])
            otlp_doc_set(F->d, a, "secret-format", fmt);
    } else if (n > i && strncmp(STR(i), "ssh-", 4) == 0) {
        const char *t = STR(i) + 4;
        char buf[64] = "";
        xmlChar *o = xmlGetProp(a, (const xmlChar *)"ssh-key");
        if (o != NULL)
            cpy(buf, sizeof buf, (const char *)o);
        xmlFree(o);
        otlp_list_add(buf, sizeof buf,
             strcmp(t, "dss") == 0 || strcmp(t, "dsa") == 0 ? "dsa"
             : strcmp(t, "rsa") == 0                        ? "rsa"
             : strcmp(t, "ecdsa") == 0                      ? "ecdsa"
             : strcmp(t, "ed25519") == 0                    ? "ed25519"
                                                            : t);
        otlp_doc_set(F->d, a, "ssh-key", buf);
    }
}

static void f_login(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    if (EQ(2, "user") && n > 3) {
        xmlNodePtr a = account(F, STR(3), line);
        if (EQ(4, "class") && n > 5) {
            otlp_doc_set(F->d, a, "privilege", STR(5));
            otlp_doc_set(F->d, a, "role", STR(5));
        } else if (EQ(4, "authentication")) {
            f_auth(F, a, w, n, 5);
        }
    } else if (EQ(2, "class") && n > 4 && EQ(4, "idle-timeout") && n > 5) {
        hput(F, &F->classes, STR(3), w[3].len, (void *)(uintptr_t)(strtoul(STR(5), NULL, 10) + 1));
    } else if (EQ(2, "class") && n > 3) {
        size_t v;
        if (!ht_get(&F->classes, STR(3), w[3].len, &v))
            hput(F, &F->classes, STR(3), w[3].len, (void *)(uintptr_t)0);
    } else if (EQ(2, "retry-options") && n > 4) {
        if (EQ(3, "tries-before-disconnect"))
            cpy(F->tries, sizeof F->tries, STR(4));
        else if (EQ(3, "lockout-period"))
            snprintf(F->lock_period, sizeof F->lock_period, "%lu", strtoul(STR(4), NULL, 10) * 60);
        if (EQ(3, "lockout-period") || F->lock_line == 0)
            F->lock_line = line;
    } else if (EQ(2, "password") && n > 4) {
        if (EQ(3, "minimum-length"))
            cpy(F->min_len, sizeof F->min_len, STR(4));
        else if (EQ(3, "minimum-changes") || EQ(3, "minimum-character-changes"))
            cpy(F->min_changes, sizeof F->min_changes, STR(4));
        F->pw_line = F->pw_line ? F->pw_line : line;
    } else if ((EQ(2, "message") || EQ(2, "announcement")) && n > 3) {
        xmlNodePtr b = otlp_doc_fact(F->d, "banner", line);
        otlp_doc_set(F->d, b, "kind", EQ(2, "message") ? "login" : "exec");
        otlp_doc_set(F->d, b, "present", w[3].len > 0 ? "true" : "false");
    }
}

static void f_aaa_server(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    char key[160];
    int created;
    xmlNodePtr a;
    int rad = EQ(1, "radius-server");
    if (n < 3)
        return;
    snprintf(key, sizeof key, "%s %s", rad ? "radius" : "tacacs", STR(2));
    a = named(F, &F->aaasrv, "aaa-server", key, line, &created);
    if (created) {
        otlp_doc_set(F->d, a, "protocol", rad ? "radius" : "tacacs");
        otlp_doc_set(F->d, a, "address", STR(2));
        otlp_doc_set(F->d, a, "secret-kind", "none");
    }
    if (EQ(3, "secret") && n > 4) {
        char fmt[16];
        otlp_doc_set(F->d, a, "secret-kind", kind_of(STR(4), fmt, sizeof fmt));
    }
}

static const char *level_name(const char *l)
{
    static const char *const map[][2] = {
        {"emergency", "emergencies"}, {"alert", "alerts"},  {"critical", "critical"},
        {"error", "errors"},          {"warning", "warnings"}, {"notice", "notifications"},
        {"info", "informational"},    {"any", "debugging"}, {"none", "off"}, {NULL, NULL}};
    size_t i;
    for (i = 0; map[i][0] != NULL; i++)
        if (strcmp(map[i][0], l) == 0)
            return map[i][1];
    return NULL;
}

static void f_syslog(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    if (!F->syslog_seen) {
        F->syslog_seen = 1;
        F->syslog_line = line;
    }
    if (EQ(2, "time-format") && (EQ(3, "millisecond") || EQ(4, "millisecond")))
        F->ts_msec = 1;
    if (EQ(2, "host") && n > 3) {
        int created;
        xmlNodePtr t = named(F, &F->logt, "log-target", STR(3), line, &created);
        if (created) {
            otlp_doc_set(F->d, t, "host", STR(3));
            otlp_doc_set(F->d, t, "transport", "udp");
        }
        if (EQ(4, "port") && n > 5) {
            otlp_doc_set(F->d, t, "port", STR(5));
        } else if (EQ(4, "transport") && n > 5) {
            otlp_doc_set(F->d, t, "transport", STR(5));
        } else if (n > 5 && level_name(STR(5)) != NULL) {
            if (EQ(4, "any") || xmlHasProp(t, (const xmlChar *)"level") == NULL)
                otlp_doc_set(F->d, t, "level", level_name(STR(5)));
        }
    }
}

static void f_ntp(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    if (!F->ntp_seen) {
        F->ntp_seen = 1;
        F->ntp_line = line;
    }
    if (EQ(2, "server") && n > 3) {
        int created;
        size_t i;
        xmlNodePtr s = named(F, &F->ntpsrv, "ntp-server", STR(3), line, &created);
        if (created)
            otlp_doc_set(F->d, s, "address", STR(3));
        for (i = 4; i < n; i++) {
            if (EQ(i, "key") && i + 1 < n)
                otlp_doc_set(F->d, s, "key", STR(i + 1));
            else if (EQ(i, "prefer"))
                otlp_doc_set(F->d, s, "prefer", "true");
        }
    } else if (EQ(2, "trusted-key") && n > 3 && F->n_trusted < 64) {
        F->ntp_trusted[F->n_trusted++] = (int)strtol(STR(3), NULL, 10);
    } else if (EQ(2, "authentication-key") && n > 3 && F->n_keys < 64) {
        int k = (int)strtol(STR(3), NULL, 10), i, seen = 0;
        for (i = 0; i < F->n_keys; i++)
            seen |= F->ntp_keys[i] == k;
        if (!seen)
            F->ntp_keys[F->n_keys++] = k;
    }
}

static void f_system(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    F->have_system = 1;
    if (EQ(1, "host-name") && n > 2) {
        cpy(F->hostname, sizeof F->hostname, STR(2));
        F->host_line = line;
    } else if (EQ(1, "services")) {
        f_services(F, w, n, line);
    } else if (EQ(1, "login")) {
        f_login(F, w, n, line);
    } else if (EQ(1, "root-authentication")) {
        xmlNodePtr a = account(F, "root", line);
        otlp_doc_set(F->d, a, "privilege", "super-user");
        otlp_doc_set(F->d, a, "role", "super-user");
        f_auth(F, a, w, n, 2);
    } else if (EQ(1, "radius-server") || EQ(1, "tacplus-server")) {
        f_aaa_server(F, w, n, line);
    } else if (EQ(1, "authentication-order") && n > 2) {
        /* Junos methods in the IOS-style vocabulary of the aaa facts:
         * radius -> group radius, tacplus -> group tacacs+, password -> local */
        const char *m = EQ(2, "radius") ? "group radius" : EQ(2, "tacplus") ? "group tacacs+"
                        : EQ(2, "password")                                 ? "local"
                                                                            : STR(2);
        size_t l;
        if (F->auth_line != line)
            F->auth_order[0] = '\0';
        l = strlen(F->auth_order);
        snprintf(F->auth_order + l, sizeof F->auth_order - l, "%s%s", l ? " " : "", m);
        F->auth_line = line;
    } else if (EQ(1, "accounting") && n > 3) {
        if (EQ(2, "events"))
            otlp_list_add(F->acct_events, sizeof F->acct_events, STR(3));
        else if (EQ(2, "destination"))
            otlp_list_add(F->acct_dest, sizeof F->acct_dest, EQ(3, "tacplus") ? "tacacs+" : STR(3));
        F->acct_line = F->acct_line ? F->acct_line : line;
    } else if (EQ(1, "syslog")) {
        f_syslog(F, w, n, line);
    } else if (EQ(1, "ntp")) {
        f_ntp(F, w, n, line);
    }
}

/* ---------------- snmp */

static void f_snmp(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    int created;
    if (EQ(1, "community") || EQ(1, "v3") || EQ(1, "trap-group"))
        svc(F, &F->svc_snmp, "snmp", line);
    if (EQ(1, "community") && n > 2) {
        xmlNodePtr c = named(F, &F->comms, "snmp-community", STR(2), line, &created);
        if (created) {
            otlp_doc_set(F->d, c, "version", "2c");
            otlp_doc_set(F->d, c, "access", "ro");
            otlp_doc_setb(F->d, c, "known-default", otlp_known_default_secret(STR(2), w[2].len));
        }
        if (EQ(3, "authorization") && n > 4)
            otlp_doc_set(F->d, c, "access", EQ(4, "read-write") ? "rw" : "ro");
        else if (EQ(3, "clients") && n > 4 && !EQ(5, "restrict"))
            otlp_doc_set(F->d, c, "acl", "clients");
        else if (EQ(3, "client-list-name") && n > 4)
            otlp_doc_set(F->d, c, "acl", STR(4));
    } else if (EQ(1, "v3") && EQ(2, "usm") && n > 5 && EQ(4, "user")) {
        xmlNodePtr u = named(F, &F->snmpusers, "snmp-user", STR(5), line, &created);
        const char *a = STR(6);
        if (created) {
            otlp_doc_set(F->d, u, "name", STR(5));
            otlp_doc_set(F->d, u, "version", "3");
        }
        if (strncmp(a, "authentication-", 15) == 0 && strcmp(a, "authentication-key") != 0 &&
            strcmp(a, "authentication-password") != 0)
            otlp_doc_set(F->d, u, "auth", a + 15);
        else if (strncmp(a, "privacy-", 8) == 0 && strcmp(a, "privacy-key") != 0 &&
                 strcmp(a, "privacy-password") != 0)
            otlp_doc_set(F->d, u, "priv", a + 8);
    } else if (EQ(1, "trap-group") && n > 4 && EQ(3, "targets")) {
        xmlNodePtr h = otlp_doc_fact(F->d, "snmp-host", line);
        otlp_doc_set(F->d, h, "address", STR(4));
        otlp_doc_set(F->d, h, "version", "2c");
    }
}

/* ---------------- interfaces */

static xmlNodePtr iface(struct fst *F, const char *name, unsigned long line)
{
    int created;
    xmlNodePtr x = named(F, &F->ifs, "interface", name, line, &created);
    if (created)
        otlp_doc_set(F->d, x, "name", name);
    return x;
}

static void f_interfaces(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    char name[200];
    xmlNodePtr x;
    size_t i;
    if (n < 5 || !EQ(2, "unit"))
        return;
    snprintf(name, sizeof name, "%s.%s", STR(1), STR(3));
    x = iface(F, name, line);
    if (EQ(4, "description") && n > 5) {
        otlp_doc_set(F->d, x, "description", STR(5));
    } else if (EQ(4, "disable")) {
        otlp_doc_set(F->d, x, "enabled", "false");
    } else if (EQ(4, "family") && n > 6 && EQ(6, "address") && n > 7) {
        if (xmlHasProp(x, (const xmlChar *)"address") == NULL)
            otlp_doc_set(F->d, x, "address", STR(7));
        otlp_doc_set(F->d, x, "mode", "routed");
    } else if (EQ(4, "family") && n > 7 && EQ(6, "filter")) {
        for (i = 7; i + 1 < n; i++) {
            int in = EQ(i, "input") || EQ(i, "input-list");
            int out = EQ(i, "output") || EQ(i, "output-list");
            if (in || out) {
                int lo0 = strcmp(STR(1), "lo0") == 0;
                xmlNodePtr b = otlp_doc_fact(F->d, "fw-binding", line);
                otlp_doc_set(F->d, b, "policy", STR(i + 1));
                otlp_doc_set(F->d, b, "interface", name);
                otlp_doc_set(F->d, b, "direction", out ? "out" : lo0 ? "control-plane" : "in");
                if (lo0 && in && EQ(5, "inet"))
                    cpy(F->lo0_filter, sizeof F->lo0_filter, STR(i + 1));
                break;
            }
        }
    } else if (EQ(4, "family") && EQ(5, "ethernet-switching")) {
        F->ethsw_seen = 1;
        if ((EQ(6, "interface-mode") || EQ(6, "port-mode")) && n > 7)
            otlp_doc_set(F->d, x, "mode", EQ(7, "trunk") ? "trunk" : "access");
        else if (EQ(6, "vlan") && EQ(7, "members") && n > 8)
            otlp_doc_set(F->d, x, "vlan", STR(8));
    }
}

/* ---------------- security */

static const char *zone_trust(const char *z, const char **src)
{
    static const char *const untr[] = {"untrust", "untrusted", "internet", "outside", "wan",
                                       "external", NULL};
    static const char *const tr[] = {"trust", "trusted", "inside", "internal", "lan", NULL};
    size_t i;
    *src = "name";
    for (i = 0; untr[i] != NULL; i++)
        if (strcasecmp(z, untr[i]) == 0)
            return "untrusted";
    for (i = 0; tr[i] != NULL; i++)
        if (strcasecmp(z, tr[i]) == 0)
            return "trusted";
    if (strcasecmp(z, "dmz") == 0)
        return "dmz";
    *src = NULL;
    return "unknown";
}

static xmlNodePtr zone(struct fst *F, const char *z, unsigned long line)
{
    int created;
    xmlNodePtr x = named(F, &F->zones, "fw-zone", z, line, &created);
    if (created) {
        const char *src;
        otlp_doc_set(F->d, x, "name", z);
        otlp_doc_set(F->d, x, "trust", zone_trust(z, &src));
        if (src != NULL)
            otlp_doc_set(F->d, x, "trust-source", src);
    }
    return x;
}

static struct mg *mgmt(struct fst *F, const char *z, const char *ifn, unsigned long line)
{
    char key[200];
    size_t v;
    struct mg *m;
    snprintf(key, sizeof key, "%s\x01%s", z, ifn ? ifn : "");
    if (ht_get(&F->mgidx, key, strlen(key), &v))
        return &F->mgs[v];
    m = arr_add(F, (void **)&F->mgs, &F->nmg, &F->cmg, sizeof *F->mgs);
    if (m == NULL)
        return NULL;
    cpy(m->zone, sizeof m->zone, z);
    cpy(m->iface, sizeof m->iface, ifn ? ifn : "");
    m->line = line;
    if (ht_put(&F->mgidx, key, strlen(key), F->nmg - 1) < 0)
        otlp_doc_nomem(F->d);
    return m;
}

static void hit(struct fst *F, const struct jw *w, size_t n, size_t i, struct mg *m)
{
    struct pst *P = F->P;
    if (m == NULL || !EQ(i, "host-inbound-traffic") || !EQ(i + 1, "system-services") || n <= i + 2)
        return;
    if (EQ(i + 3, "except"))
        otlp_list_add(m->except, sizeof m->except, STR(i + 2));
    else
        otlp_list_add(m->svcs, sizeof m->svcs, STR(i + 2));
}

static void address(struct fst *F, const char *book, const struct jw *w, size_t n, size_t i,
                    unsigned long line)
{
    struct pst *P = F->P;
    char key[256];
    int created;
    xmlNodePtr a;
    if (n <= i + 1)
        return;
    snprintf(key, sizeof key, "%s\x01%s", book, STR(i + 1));
    a = named(F, &F->addrs, "fw-address", key, line, &created);
    if (created)
        otlp_doc_set(F->d, a, "name", STR(i + 1));
    if (EQ(i, "address-set")) {
        otlp_doc_set(F->d, a, "kind", "group");
        if ((EQ(i + 2, "address") || EQ(i + 2, "address-set")) && n > i + 3) {
            xmlNodePtr m = otlp_doc_node(F->d, a, "member", line);
            otlp_doc_set(F->d, m, "name", STR(i + 3));
        }
        return;
    }
    if (EQ(i + 2, "dns-name") && n > i + 3) {
        otlp_doc_set(F->d, a, "kind", "fqdn");
        otlp_doc_set(F->d, a, "value", STR(i + 3));
    } else if (EQ(i + 2, "range-address") && n > i + 5) {
        char v[200];
        snprintf(v, sizeof v, "%s-%s", STR(i + 3), STR(i + 5));
        otlp_doc_set(F->d, a, "kind", "range");
        otlp_doc_set(F->d, a, "value", v);
    } else if (EQ(i + 2, "wildcard-address") && n > i + 3) {
        otlp_doc_set(F->d, a, "kind", "wildcard");
        otlp_doc_set(F->d, a, "value", STR(i + 3));
    } else if (n > i + 2 && (isdigit((unsigned char)STR(i + 2)[0]) || strchr(STR(i + 2), ':'))) {
        const char *v = STR(i + 2), *sl = strchr(v, '/');
        int host = sl == NULL || strcmp(sl, "/32") == 0 || strcmp(sl, "/128") == 0;
        otlp_doc_set(F->d, a, "kind", host ? "host" : "subnet");
        otlp_doc_set(F->d, a, "value", v);
    } else if (xmlHasProp(a, (const xmlChar *)"kind") == NULL) {
        otlp_doc_set(F->d, a, "kind", "other");
    }
}

static xmlNodePtr rule(struct fst *F, const char *policy, const char *kind, const char *name,
                       unsigned long line, unsigned long inactive, int *created)
{
    char key[300];
    size_t seq = 0;
    xmlNodePtr r;
    snprintf(key, sizeof key, "%s\x01%s\x01%s", kind, policy, name);
    r = named(F, &F->rules, "fw-rule", key, line, created);
    if (*created) {
        char sk[200];
        snprintf(sk, sizeof sk, "%s\x01%s", kind, policy);
        ht_get(&F->seqs, sk, strlen(sk), &seq);
        seq++;
        if (ht_put(&F->seqs, sk, strlen(sk), seq) < 0)
            otlp_doc_nomem(F->d);
        otlp_doc_set(F->d, r, "policy", policy);
        otlp_doc_set(F->d, r, "kind", kind);
        otlp_doc_setu(F->d, r, "seq", seq);
        otlp_doc_set(F->d, r, "name", name);
        otlp_doc_set(F->d, r, "log", "false");
        if (inactive)
            otlp_doc_at(F->d, inactive); /* FW-DISABLED: where it was deactivated */
        otlp_doc_set(F->d, r, "enabled", inactive ? "false" : "true");
        otlp_doc_at(F->d, line);
    }
    return r;
}

static void ref_app(struct fst *F, const char *name)
{
    if (strncmp(name, "junos-", 6) == 0 && ht_put(&F->refs, name, strlen(name), 1) < 0)
        otlp_doc_nomem(F->d);
}

/* policy match / then, from word i on */
static void policy_body(struct fst *F, xmlNodePtr r, const struct jw *w, size_t n, size_t i,
                        unsigned long line)
{
    struct pst *P = F->P;
    if (EQ(i, "match") && n > i + 2) {
        const char *k = STR(i + 1), *v = STR(i + 2);
        if (strcmp(k, "source-address") == 0)
            endpoint(F, r, "source", v, line, 0);
        else if (strcmp(k, "destination-address") == 0)
            endpoint(F, r, "destination", v, line, 0);
        else if (strcmp(k, "source-address-excluded") == 0)
            otlp_doc_set(F->d, r, "source-negate", "true");
        else if (strcmp(k, "destination-address-excluded") == 0)
            otlp_doc_set(F->d, r, "destination-negate", "true");
        else if (strcmp(k, "application") == 0) {
            xmlNodePtr a = otlp_doc_node(F->d, r, "application", line);
            if (strcmp(v, "any") == 0)
                otlp_doc_set(F->d, a, "any", "true");
            else {
                otlp_doc_set(F->d, a, "name", v);
                ref_app(F, v);
            }
        } else if (strcmp(k, "from-zone") == 0 || strcmp(k, "to-zone") == 0) {
            xmlNodePtr z = otlp_doc_node(F->d, r, k[0] == 'f' ? "from" : "to", line);
            if (strcmp(v, "any") == 0)
                otlp_doc_set(F->d, z, "any", "true");
            else
                otlp_doc_set(F->d, z, "name", v);
        }
    } else if (EQ(i, "then") && n > i + 1) {
        const char *a = STR(i + 1);
        if (strcmp(a, "permit") == 0 || strcmp(a, "deny") == 0 || strcmp(a, "reject") == 0)
            otlp_doc_set(F->d, r, "action", a);
        else if (strcmp(a, "log") == 0 && n > i + 2)
            otlp_doc_set(F->d, r, "log", "true");
    } else if (EQ(i, "scheduler-name") && n > i + 1) {
        otlp_doc_set(F->d, r, "schedule", STR(i + 1));
    }
}

/* the line that deactivates the first `upto` words of the path, 0 none */
static unsigned long policy_inactive(struct pst *P, const struct jw *w, size_t upto)
{
    char buf[1024];
    size_t j, v;
    for (j = 1; j <= upto; j++) {
        size_t l = join(P, w, j, buf, sizeof buf);
        if (ht_get(&P->deact, buf, l, &v))
            return v;
    }
    return 0;
}

static void f_policies(struct fst *F, const struct jw *w, size_t n, unsigned long line, int inact)
{
    struct pst *P = F->P;
    int created;
    xmlNodePtr r;
    if (EQ(2, "default-policy") && n > 3) {
        if (inact)
            return;
        cpy(F->defpol, sizeof F->defpol, STR(3));
        F->defpol_line = line;
    } else if (EQ(2, "from-zone") && EQ(4, "to-zone") && EQ(6, "policy") && n > 8) {
        char pol[200];
        unsigned long off = inact ? policy_inactive(P, w, 8) : 0;
        if (inact && !off)
            return;
        snprintf(pol, sizeof pol, "%s>%s", STR(3), STR(5));
        r = rule(F, pol, "security", STR(7), line, off, &created);
        if (created) {
            xmlNodePtr z = otlp_doc_node(F->d, r, "from", line);
            otlp_doc_set(F->d, z, "name", STR(3));
            z = otlp_doc_node(F->d, r, "to", line);
            otlp_doc_set(F->d, z, "name", STR(5));
        }
        policy_body(F, r, w, n, 8, line);
    } else if (EQ(2, "global") && EQ(3, "policy") && n > 5) {
        unsigned long off = inact ? policy_inactive(P, w, 5) : 0;
        if (inact && !off)
            return;
        r = rule(F, "global", "security", STR(4), line, off, &created);
        policy_body(F, r, w, n, 5, line);
    }
}

static void f_zones(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    xmlNodePtr z;
    const char *zn;
    if (!EQ(2, "security-zone") || n < 4)
        return;
    zn = STR(3);
    z = zone(F, zn, line);
    if (EQ(4, "interfaces") && n > 5) {
        char buf[512] = "";
        xmlChar *o = xmlGetProp(z, (const xmlChar *)"interfaces");
        xmlNodePtr x;
        if (o != NULL)
            cpy(buf, sizeof buf, (const char *)o);
        xmlFree(o);
        otlp_list_add(buf, sizeof buf, STR(5));
        otlp_doc_set(F->d, z, "interfaces", buf);
        x = iface(F, STR(5), line);
        otlp_doc_set(F->d, x, "zone", zn);
        if (n > 7)
            hit(F, w, n, 6, mgmt(F, zn, STR(5), line));
    } else if (EQ(4, "host-inbound-traffic")) {
        hit(F, w, n, 4, mgmt(F, zn, NULL, line));
    } else if (EQ(4, "address-book") && n > 6) {
        address(F, zn, w, n, 5, line);
    }
}

static void f_app(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    int created;
    xmlNodePtr a;
    size_t i = 3;
    char key[300];
    if (n < 4)
        return;
    if (EQ(1, "application-set")) {
        a = named(F, &F->apps, "fw-service", STR(2), line, &created);
        if (created) {
            otlp_doc_set(F->d, a, "name", STR(2));
            otlp_doc_set(F->d, a, "kind", "group");
        }
        if ((EQ(3, "application") || EQ(3, "application-set")) && n > 4) {
            xmlNodePtr m = otlp_doc_node(F->d, a, "member", line);
            otlp_doc_set(F->d, m, "name", STR(4));
            ref_app(F, STR(4));
        }
        return;
    }
    if (!EQ(1, "application"))
        return;
    a = named(F, &F->apps, "fw-service", STR(2), line, &created);
    if (created) {
        otlp_doc_set(F->d, a, "name", STR(2));
        otlp_doc_set(F->d, a, "kind", "service");
    }
    if (EQ(3, "term") && n > 5) {
        xmlNodePtr t;
        snprintf(key, sizeof key, "%s:%s", STR(2), STR(4));
        otlp_doc_set(F->d, a, "kind", "group");
        t = named(F, &F->apps, "fw-service", key, line, &created);
        if (created) {
            xmlNodePtr m = otlp_doc_node(F->d, a, "member", line);
            otlp_doc_set(F->d, m, "name", key);
            otlp_doc_set(F->d, t, "name", key);
            otlp_doc_set(F->d, t, "kind", "service");
        }
        a = t;
        i = 5;
    }
    if (EQ(i, "protocol") && n > i + 1)
        otlp_doc_set(F->d, a, "protocol", proto_name(STR(i + 1)));
    else if (EQ(i, "destination-port") && n > i + 1)
        otlp_doc_set(F->d, a, "ports", port_num(STR(i + 1)));
    else if (EQ(i, "source-port") && n > i + 1)
        otlp_doc_set(F->d, a, "source-ports", port_num(STR(i + 1)));
    else if (EQ(i, "icmp-type") && n > i + 1)
        otlp_doc_set(F->d, a, "icmp-type", STR(i + 1));
}

/* firewall family inet filter F term T ... / firewall filter F term T ... */
static void f_firewall(struct fst *F, const struct jw *w, size_t n, unsigned long line, int inact)
{
    struct pst *P = F->P;
    size_t i = 1, v;
    char key[300];
    struct term *t;
    unsigned long off;
    if (EQ(1, "family") && n > 2)
        i = 3;
    if (!EQ(i, "filter") || !EQ(i + 2, "term") || n < i + 5)
        return;
    off = inact ? policy_inactive(P, w, i + 4) : 0;
    if (inact && !off)
        return;
    snprintf(key, sizeof key, "%s\x01%s", STR(i + 1), STR(i + 3));
    if (!ht_get(&F->termidx, key, strlen(key), &v)) {
        int created;
        t = arr_add(F, (void **)&F->terms, &F->nterms, &F->cterms, sizeof *F->terms);
        if (t == NULL)
            return;
        v = F->nterms - 1;
        if (ht_put(&F->termidx, key, strlen(key), v) < 0)
            otlp_doc_nomem(F->d);
        t->n = rule(F, STR(i + 1), "filter", STR(i + 3), line, off, &created);
    }
    t = &F->terms[v];
    i += 4;
    if (EQ(i, "from") && n > i + 2) {
        const char *k = STR(i + 1), *val = STR(i + 2);
        int except = EQ(i + 3, "except");
        if (strcmp(k, "source-address") == 0 || strcmp(k, "address") == 0) {
            if (!except) {
                endpoint(F, t->n, "source", strcmp(val, "0.0.0.0/0") == 0 ? "any" : val, line, 1);
                t->has_src = 1;
            }
        }
        if (strcmp(k, "destination-address") == 0 || strcmp(k, "address") == 0) {
            if (!except) {
                endpoint(F, t->n, "destination", strcmp(val, "0.0.0.0/0") == 0 ? "any" : val,
                         line, 1);
                t->has_dst = 1;
            }
        } else if (strcmp(k, "source-prefix-list") == 0 || strcmp(k, "prefix-list") == 0) {
            endpoint(F, t->n, "source", val, line, 0);
            t->has_src = 1;
        } else if (strcmp(k, "destination-prefix-list") == 0) {
            endpoint(F, t->n, "destination", val, line, 0);
            t->has_dst = 1;
        } else if (strcmp(k, "protocol") == 0) {
            otlp_list_add(t->proto, sizeof t->proto, proto_name(val));
            t->pline = t->pline ? t->pline : line;
        } else if (strcmp(k, "destination-port") == 0 || strcmp(k, "port") == 0) {
            otlp_list_add(t->dports, sizeof t->dports, port_num(val));
            t->dline = t->dline ? t->dline : line;
        } else if (strcmp(k, "source-port") == 0) {
            otlp_list_add(t->sports, sizeof t->sports, port_num(val));
        }
    } else if (EQ(i, "then") && n > i + 1) {
        const char *a = STR(i + 1);
        if (strcmp(a, "accept") == 0 || strcmp(a, "discard") == 0 || strcmp(a, "reject") == 0) {
            otlp_doc_set(F->d, t->n, "action",
                         a[0] == 'a' ? "permit" : a[0] == 'd' ? "deny" : "reject");
            t->has_action = 1;
        } else if (strcmp(a, "log") == 0 || strcmp(a, "syslog") == 0) {
            otlp_doc_set(F->d, t->n, "log", "true");
        }
    }
}

static void f_nat(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    const char *kind = STR(2);
    char key[300];
    int created;
    xmlNodePtr x;
    size_t seq = 0;
    if (!EQ(2, "source") && !EQ(2, "destination") && !EQ(2, "static"))
        return;
    if (EQ(3, "pool") && n > 6 && EQ(5, "address")) {
        snprintf(key, sizeof key, "%s\x01%s", kind, STR(4));
        if (ht_put(&F->pools, key, strlen(key), (size_t)(w[6].off)) < 0)
            otlp_doc_nomem(F->d);
        if (EQ(7, "port") && n > 8) {
            snprintf(key, sizeof key, "%s\x01%s\x01port", kind, STR(4));
            if (ht_put(&F->pools, key, strlen(key), (size_t)(w[8].off)) < 0)
                otlp_doc_nomem(F->d);
        }
        return;
    }
    if (!EQ(3, "rule-set") || n < 6)
        return;
    if ((EQ(5, "from") || EQ(5, "to")) && n > 7) {
        /* rule-set zones apply to its rules: kept per rule-set */
        snprintf(key, sizeof key, "%s\x01%s\x01%s", kind, STR(4), STR(5));
        if (ht_put(&F->nats, key, strlen(key), (size_t)w[7].off) < 0)
            otlp_doc_nomem(F->d);
        return;
    }
    if (!EQ(5, "rule") || n < 8)
        return;
    snprintf(key, sizeof key, "%s\x01%s\x01rule\x01%s", kind, STR(4), STR(6));
    x = named(F, &F->nats, "fw-nat", key, line, &created);
    if (created) {
        struct natref *nr;
        snprintf(key, sizeof key, "%s\x01%s", kind, STR(4));
        ht_get(&F->natseq, key, strlen(key), &seq);
        seq++;
        if (ht_put(&F->natseq, key, strlen(key), seq) < 0)
            otlp_doc_nomem(F->d);
        otlp_doc_set(F->d, x, "kind", kind);
        otlp_doc_set(F->d, x, "name", STR(6));
        otlp_doc_setu(F->d, x, "seq", seq);
        otlp_doc_set(F->d, x, "enabled", "true");
        if (!EQ(2, "source"))
            otlp_doc_set(F->d, x, "inbound", "true");
        nr = arr_add(F, (void **)&F->natrefs, &F->nnat, &F->cnat, sizeof *F->natrefs);
        if (nr != NULL) {
            nr->n = x;
            cpy(nr->kind, sizeof nr->kind, kind);
            cpy(nr->rs, sizeof nr->rs, STR(4));
        }
    }
    if (EQ(7, "match") && n > 9) {
        const char *k = STR(8), *v = STR(9);
        if (strcmp(k, "source-address") == 0)
            otlp_doc_set(F->d, x, "original-source", v);
        else if (strcmp(k, "destination-address") == 0)
            otlp_doc_set(F->d, x, "original-destination", v);
        else if (strcmp(k, "destination-port") == 0)
            otlp_doc_set(F->d, x, "original-port", port_num(v));
        else if (strcmp(k, "protocol") == 0)
            otlp_doc_set(F->d, x, "protocol", v);
    } else if (EQ(7, "then") && n > 9) {
        if (EQ(9, "pool") && n > 10) {
            otlp_doc_set(F->d, x, EQ(2, "source") ? "translated-source" : "translated-destination",
                         STR(10));
            /* the pool's address replaces its name at the end */
            {
                size_t k;
                for (k = F->nnat; k-- > 0;)
                    if (F->natrefs[k].n == x) {
                        cpy(F->natrefs[k].pool, sizeof F->natrefs[k].pool, STR(10));
                        break;
                    }
            }
        } else if (EQ(9, "interface")) {
            otlp_doc_set(F->d, x, "translated-source", "interface");
        } else if (EQ(9, "prefix") && n > 10) {
            otlp_doc_set(F->d, x, "translated-destination", STR(10));
        } else if (EQ(9, "mapped-port") && n > 10) {
            otlp_doc_set(F->d, x, "translated-port", STR(10));
        }
    }
}

static struct ikeprop *ike_prop(struct fst *F, const char *name, int ipsec, unsigned long line)
{
    size_t i;
    struct ikeprop *p;
    for (i = F->nprops; i-- > 0;)
        if (F->props[i].ipsec == ipsec && strcmp(F->props[i].name, name) == 0)
            return &F->props[i];
    p = arr_add(F, (void **)&F->props, &F->nprops, &F->cprops, sizeof *F->props);
    if (p != NULL) {
        cpy(p->name, sizeof p->name, name);
        p->ipsec = ipsec;
        p->line = line;
    }
    return p;
}

static struct ikepol *ike_pol(struct fst *F, const char *name, int ipsec, unsigned long line)
{
    size_t i;
    struct ikepol *p;
    for (i = F->npols; i-- > 0;)
        if (F->pols[i].ipsec == ipsec && strcmp(F->pols[i].name, name) == 0)
            return &F->pols[i];
    p = arr_add(F, (void **)&F->pols, &F->npols, &F->cpols, sizeof *F->pols);
    if (p != NULL) {
        cpy(p->name, sizeof p->name, name);
        p->ipsec = ipsec;
        p->line = line;
    }
    return p;
}

static const char *enc_name(const char *e)
{
    static const char *const map[][2] = {
        {"des-cbc", "des"},         {"3des-cbc", "3des"},       {"aes-128-cbc", "aes128"},
        {"aes-192-cbc", "aes192"},  {"aes-256-cbc", "aes256"},  {"aes-128-gcm", "aes128-gcm"},
        {"aes-192-gcm", "aes192-gcm"}, {"aes-256-gcm", "aes256-gcm"}, {NULL, NULL}};
    size_t i;
    for (i = 0; map[i][0] != NULL; i++)
        if (strcmp(map[i][0], e) == 0)
            return map[i][1];
    return e;
}

static const char *integ_name(const char *a)
{
    if (strstr(a, "md5"))
        return "md5";
    if (strstr(a, "sha-256") || strstr(a, "sha-256"))
        return "sha256";
    if (strstr(a, "sha-384"))
        return "sha384";
    if (strstr(a, "sha-512"))
        return "sha512";
    if (strstr(a, "sha1") || strstr(a, "sha-1"))
        return "sha1";
    return a;
}

static void f_ike(struct fst *F, const struct jw *w, size_t n, unsigned long line)
{
    struct pst *P = F->P;
    int ipsec = EQ(1, "ipsec");
    if (n < 5)
        return;
    if (EQ(2, "proposal")) {
        struct ikeprop *p = ike_prop(F, STR(3), ipsec, line);
        const char *k = STR(4), *v = STR(5);
        if (p == NULL || n < 6)
            return;
        if (strcmp(k, "authentication-method") == 0)
            cpy(p->auth, sizeof p->auth, strstr(v, "pre-shared") ? "psk" : "certificate");
        else if (strcmp(k, "dh-group") == 0)
            cpy(p->dh, sizeof p->dh, strncmp(v, "group", 5) == 0 ? v + 5 : v);
        else if (strcmp(k, "encryption-algorithm") == 0)
            cpy(p->enc, sizeof p->enc, enc_name(v));
        else if (strcmp(k, "authentication-algorithm") == 0)
            cpy(p->integ, sizeof p->integ, integ_name(v));
        else if (strcmp(k, "lifetime-seconds") == 0)
            cpy(p->life, sizeof p->life, v);
    } else if (EQ(2, "policy")) {
        struct ikepol *p = ike_pol(F, STR(3), ipsec, line);
        if (p == NULL)
            return;
        if (EQ(4, "mode") && n > 5)
            cpy(p->mode, sizeof p->mode, STR(5));
        else if (EQ(4, "proposals") && n > 5)
            otlp_list_add(p->props, sizeof p->props, STR(5));
        else if (EQ(4, "proposal-set") && n > 5)
            cpy(p->set, sizeof p->set, STR(5));
        else if (EQ(4, "perfect-forward-secrecy") && EQ(5, "keys") && n > 6)
            cpy(p->pfs, sizeof p->pfs, strncmp(STR(6), "group", 5) == 0 ? STR(6) + 5 : STR(6));
        else if (EQ(4, "pre-shared-key") && n > 6 && !ipsec) {
            char fmt[16];
            xmlNodePtr k = otlp_doc_fact(F->d, "pre-shared-key", line);
            const char *v = STR(6);
            otlp_doc_set(F->d, k, "context", "ike");
            otlp_doc_set(F->d, k, "peer", STR(3));
            otlp_doc_set(F->d, k, "secret-kind",
                         v[0] == '$' ? kind_of(v, fmt, sizeof fmt) : "cleartext");
            otlp_doc_setb(F->d, k, "known-default", otlp_known_default_secret(v, w[6].len));
            p->psk = 1;
            p->pskn = k;
        }
    } else if (EQ(2, "gateway") && !ipsec) {
        size_t i;
        struct ikegw *g = NULL;
        for (i = F->ngws; i-- > 0;)
            if (strcmp(F->gws[i].name, STR(3)) == 0) {
                g = &F->gws[i];
                break;
            }
        if (g == NULL) {
            g = arr_add(F, (void **)&F->gws, &F->ngws, &F->cgws, sizeof *F->gws);
            if (g == NULL)
                return;
            cpy(g->name, sizeof g->name, STR(3));
            g->line = line;
        }
        if (EQ(4, "ike-policy") && n > 5)
            cpy(g->policy, sizeof g->policy, STR(5));
        else if (EQ(4, "address") && n > 5 && g->addr[0] == '\0')
            cpy(g->addr, sizeof g->addr, STR(5));
        else if (EQ(4, "version") && n > 5)
            cpy(g->version, sizeof g->version, STR(5));
    }
}

static void f_security(struct fst *F, const struct jw *w, size_t n, unsigned long line, int inact)
{
    struct pst *P = F->P;
    F->security_seen = 1;
    if (EQ(1, "policies")) {
        f_policies(F, w, n, line, inact);
        return;
    }
    if (inact)
        return;
    if (EQ(1, "zones")) {
        F->security_seen = 1;
        f_zones(F, w, n, line);
    } else if (EQ(1, "address-book") && n > 4 && (EQ(3, "address") || EQ(3, "address-set"))) {
        address(F, STR(2), w, n, 3, line);
    } else if (EQ(1, "nat")) {
        f_nat(F, w, n, line);
    } else if (EQ(1, "ike") || EQ(1, "ipsec")) {
        f_ike(F, w, n, line);
    }
}

/* one resolved, active (or inactive policy) statement */
static void fact_stmt(struct fst *F, const struct jst *s)
{
    struct pst *P = F->P;
    const struct jw *w = P->wv + s->w;
    size_t n = s->n;
    int inact = (s->flags & SF_INACT) != 0;
    F->cur_rank = (s->flags & SF_INHER) ? s->rank : UINT32_MAX;
    otlp_doc_at(F->d, s->line);
    if (EQ(0, "security")) {
        f_security(F, w, n, s->line, inact);
        return;
    }
    if (EQ(0, "firewall")) {
        f_firewall(F, w, n, s->line, inact);
        return;
    }
    if (inact)
        return;
    if (EQ(0, "version") && n > 1) {
        cpy(F->version, sizeof F->version, STR(1));
        F->version_line = s->line;
    } else if (EQ(0, "system")) {
        f_system(F, w, n, s->line);
    } else if (EQ(0, "snmp")) {
        f_snmp(F, w, n, s->line);
    } else if (EQ(0, "interfaces")) {
        f_interfaces(F, w, n, s->line);
    } else if (EQ(0, "applications")) {
        f_app(F, w, n, s->line);
    } else if (EQ(0, "vlans")) {
        F->vlans_seen = 1;
    } else if (EQ(0, "ethernet-switching-options") || EQ(0, "switch-options")) {
        F->ethsw_seen = 1;
    } else if (EQ(0, "chassis") && EQ(1, "cluster")) {
        F->cluster = 1;
    }
}

/* ------------------------------------------------------------ finish */

/* Junos predefined applications a policy may reference without defining
 * them (Junos OS "Predefined Applications"; docs/formats/junos.md). */
static const char *const predefined[][3] = {
    {"junos-ftp", "tcp", "21"},         {"junos-tftp", "udp", "69"},
    {"junos-ssh", "tcp", "22"},         {"junos-telnet", "tcp", "23"},
    {"junos-smtp", "tcp", "25"},        {"junos-dns-udp", "udp", "53"},
    {"junos-dns-tcp", "tcp", "53"},     {"junos-http", "tcp", "80"},
    {"junos-https", "tcp", "443"},      {"junos-pop3", "tcp", "110"},
    {"junos-imap", "tcp", "143"},       {"junos-imaps", "tcp", "993"},
    {"junos-nntp", "tcp", "119"},       {"junos-ntp", "udp", "123"},
    {"junos-snmp-get", "udp", "161"},   {"junos-snmp-get-next", "udp", "161"},
    {"junos-snmp-response", "udp", "161"}, {"junos-snmp-trap", "udp", "162"},
    {"junos-bgp", "tcp", "179"},        {"junos-ldap", "tcp", "389"},
    {"junos-syslog", "udp", "514"},     {"junos-rsh", "tcp", "514"},
    {"junos-ike", "udp", "500"},        {"junos-ike-nat", "udp", "4500"},
    {"junos-radius", "udp", "1812"},    {"junos-radacct", "udp", "1813"},
    {"junos-ms-sql", "tcp", "1433"},    {"junos-sqlnet-v2", "tcp", "1521"},
    {"junos-pptp", "tcp", "1723"},      {"junos-nfs", "udp", "2049"},
    {"junos-ping", "icmp", ""},         {"junos-icmp-ping", "icmp", ""},
    {"junos-icmp-all", "icmp", ""},     {"junos-pingv6", "icmp6", ""},
    {"junos-tcp-any", "tcp", "0-65535"}, {"junos-udp-any", "udp", "0-65535"},
    {"junos-gre", "47", ""},            {"junos-ospf", "89", ""},
    {"junos-rdp", "tcp", "3389"},       {"junos-vnc", "tcp", "5800-5801 5900-5901"},
    {"junos-ms-rpc-epm", "tcp", "135"}, {"junos-smb-session", "tcp", "139"},
    {"junos-cifs", "tcp", "445"},       {"junos-ldp-tcp", "tcp", "646"},
    {NULL, NULL, NULL}};

static void finish_predefined(struct fst *F)
{
    size_t i, k;
    for (i = 0; i < F->refs.cap; i++) {
        const char *nm = F->refs.e[i].k;
        xmlNodePtr s;
        if (F->refs.e[i].h == 0 || ht_get(&F->apps, nm, strlen(nm), NULL))
            continue;
        for (k = 0; predefined[k][0] != NULL; k++)
            if (strcmp(predefined[k][0], nm) == 0)
                break;
        if (predefined[k][0] == NULL)
            continue;
        s = otlp_doc_fact(F->d, "fw-service", 0);
        otlp_doc_set(F->d, s, "name", nm);
        otlp_doc_set(F->d, s, "kind", "service");
        otlp_doc_set(F->d, s, "protocol", predefined[k][1]);
        if (predefined[k][2][0])
            otlp_doc_set(F->d, s, "ports", predefined[k][2]);
        otlp_doc_set(F->d, s, "defaulted", "true");
    }
}

static void finish_terms(struct fst *F)
{
    size_t i;
    for (i = 0; i < F->nterms; i++) {
        struct term *t = &F->terms[i];
        xmlNodePtr c;
        char protos[64], *tok, *save = NULL;
        if (t->n == NULL)
            continue;
        if (!t->has_src)
            endpoint(F, t->n, "source", "any", otl_node_line(t->n), 1);
        if (!t->has_dst)
            endpoint(F, t->n, "destination", "any", otl_node_line(t->n), 1);
        if (t->proto[0] == '\0' && t->dports[0] == '\0' && t->sports[0] == '\0') {
            c = otlp_doc_node(F->d, t->n, "service", otl_node_line(t->n));
            otlp_doc_set(F->d, c, "any", "true");
        } else {
            cpy(protos, sizeof protos, t->proto[0] ? t->proto : "tcp-udp");
            for (tok = strtok_r(protos, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
                c = otlp_doc_node(F->d, t->n, "service",
                                  t->pline ? t->pline : t->dline ? t->dline : otl_node_line(t->n));
                otlp_doc_set(F->d, c, "protocol", tok);
                if (t->dports[0])
                    otlp_doc_set(F->d, c, "ports", t->dports);
                if (t->sports[0])
                    otlp_doc_set(F->d, c, "source-ports", t->sports);
            }
        }
        if (!t->has_action) /* a term without a terminating action accepts */
            otlp_doc_set(F->d, t->n, "action", "permit");
    }
    /* a security policy without `then` (not committable): deny */
    for (i = 0; i < F->rules.cap; i++) {
        xmlNodePtr r = (xmlNodePtr)(uintptr_t)F->rules.e[i].v;
        if (F->rules.e[i].h != 0 && r != NULL && xmlHasProp(r, (const xmlChar *)"action") == NULL)
            otlp_doc_set(F->d, r, "action", "deny");
    }
}

static void expand_services(char *out, size_t cap, const struct mg *m)
{
    static const char *const all[] = {"ssh", "telnet", "http", "https", "ftp", "tftp", "snmp",
                                      "netconf", "ping", "traceroute", "ntp", "dns", "dhcp",
                                      "xnm-clear-text", "xnm-ssl", "rlogin", "rsh", "finger",
                                      NULL};
    char tmp[512], *tok, *save = NULL;
    size_t i;
    out[0] = '\0';
    cpy(tmp, sizeof tmp, m->svcs);
    for (tok = strtok_r(tmp, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
        if (strcmp(tok, "all") == 0) {
            for (i = 0; all[i] != NULL; i++)
                otlp_list_add(out, cap, all[i]);
        } else if (strcmp(tok, "none") != 0) {
            otlp_list_add(out, cap, strcmp(tok, "any-service") == 0 ? "all" : tok);
        }
    }
    cpy(tmp, sizeof tmp, m->except);
    save = NULL;
    for (tok = strtok_r(tmp, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
        remw(out, tok);
    /* IKE makes the zone a VPN endpoint (vpn-crypto facts), not a management service */
    remw(out, "ike");
}

/* The sources the loopback input filter (lo0.0 `filter input`: what
 * reaches the Routing Engine) accepts: its enabled accept terms' source
 * addresses; "any" when one accepts from any source or no such filter is
 * defined in the file. */
static void lo0_sources(struct fst *F, char *out, size_t cap)
{
    size_t i;
    int found = 0;
    cpy(out, cap, "any");
    if (F->lo0_filter[0] == '\0')
        return;
    out[0] = '\0';
    for (i = 0; i < F->nterms; i++) {
        xmlNodePtr r = F->terms[i].n, c;
        xmlChar *pol, *act, *en;
        int mine;
        if (r == NULL)
            continue;
        pol = xmlGetProp(r, (const xmlChar *)"policy");
        act = xmlGetProp(r, (const xmlChar *)"action");
        en = xmlGetProp(r, (const xmlChar *)"enabled");
        mine = pol != NULL && strcmp((const char *)pol, F->lo0_filter) == 0;
        found |= mine;
        if (mine && act != NULL && strcmp((const char *)act, "permit") == 0 &&
            !(en != NULL && strcmp((const char *)en, "false") == 0)) {
            for (c = r->children; c != NULL; c = c->next) {
                xmlChar *v;
                if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "source") != 0)
                    continue;
                v = xmlGetProp(c, (const xmlChar *)"address");
                if (v == NULL)
                    v = xmlGetProp(c, (const xmlChar *)"name");
                if (v == NULL)
                    otlp_list_add(out, cap, "any");
                else
                    otlp_list_add(out, cap, (const char *)v);
                xmlFree(v);
            }
        }
        xmlFree(pol);
        xmlFree(act);
        xmlFree(en);
    }
    if (!found || strstr(out, "any") != NULL)
        cpy(out, cap, "any");
    else if (out[0] == '\0')
        cpy(out, cap, "none");
}

static void finish_mgmt(struct fst *F)
{
    size_t i;
    char protos[512], src[512];
    lo0_sources(F, src, sizeof src);
    for (i = 0; i < F->nmg; i++) {
        xmlNodePtr x;
        expand_services(protos, sizeof protos, &F->mgs[i]);
        if (protos[0] == '\0')
            continue;
        x = otlp_doc_fact(F->d, "mgmt-access", F->mgs[i].line);
        otlp_doc_set(F->d, x, "zone", F->mgs[i].zone);
        if (F->mgs[i].iface[0])
            otlp_doc_set(F->d, x, "interface", F->mgs[i].iface);
        otlp_doc_set(F->d, x, "protocols", protos);
        otlp_doc_set(F->d, x, "source", src);
    }
    if (F->svc_http != NULL || F->svc_https != NULL) {
        char p[32] = "", tmp[256], *tok, *save = NULL;
        if (F->svc_http)
            otlp_list_add(p, sizeof p, "http");
        if (F->svc_https)
            otlp_list_add(p, sizeof p, "https");
        cpy(tmp, sizeof tmp, F->web_ifs);
        tok = strtok_r(tmp, " ", &save);
        do {
            xmlNodePtr x = otlp_doc_fact(F->d, "mgmt-access",
                                         F->web_line ? F->web_line
                                                     : otl_node_line(F->svc_http ? F->svc_http
                                                                                 : F->svc_https));
            if (tok != NULL)
                otlp_doc_set(F->d, x, "interface", tok);
            otlp_doc_set(F->d, x, "protocols", p);
            otlp_doc_set(F->d, x, "source", src);
        } while (tok != NULL && (tok = strtok_r(NULL, " ", &save)) != NULL);
    }
}

/* predefined proposal sets (Junos OS "proposal-set (Security IKE Policy)" and
 * "(Security IPsec Policy)") as encryption / integrity / dh */
static void propset(const char *set, int ipsec, char *enc, char *integ, char *dh, size_t cap)
{
    if (strcmp(set, "basic") == 0) {
        otlp_list_add(enc, cap, "des");
        if (!ipsec)
            otlp_list_add(enc, cap, "3des");
        otlp_list_add(integ, cap, "sha1");
        if (ipsec)
            otlp_list_add(integ, cap, "md5");
        if (!ipsec)
            otlp_list_add(dh, cap, "1");
    } else if (strcmp(set, "compatible") == 0) {
        otlp_list_add(enc, cap, "3des");
        otlp_list_add(enc, cap, "des");
        otlp_list_add(integ, cap, "sha1");
        otlp_list_add(integ, cap, "md5");
        if (!ipsec)
            otlp_list_add(dh, cap, "2");
    } else if (strcmp(set, "standard") == 0) {
        otlp_list_add(enc, cap, "aes128");
        otlp_list_add(enc, cap, "3des");
        otlp_list_add(integ, cap, "sha1");
        otlp_list_add(dh, cap, "2");
    }
}

static void crypto_algs(struct fst *F, const struct ikepol *p, xmlNodePtr x)
{
    char enc[128] = "", integ[64] = "", dh[32] = "", auth[16] = "", life[16] = "";
    char tmp[256], *tok, *save = NULL;
    size_t i;
    cpy(tmp, sizeof tmp, p->props);
    for (tok = strtok_r(tmp, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
        for (i = 0; i < F->nprops; i++) {
            const struct ikeprop *q = &F->props[i];
            if (q->ipsec != p->ipsec || strcmp(q->name, tok) != 0)
                continue;
            if (q->enc[0])
                otlp_list_add(enc, sizeof enc, q->enc);
            if (q->integ[0])
                otlp_list_add(integ, sizeof integ, q->integ);
            if (q->dh[0])
                otlp_list_add(dh, sizeof dh, q->dh);
            if (q->auth[0] && strcmp(auth, "psk") != 0)
                cpy(auth, sizeof auth, q->auth);
            if (q->life[0])
                cpy(life, sizeof life, q->life);
        }
    }
    if (p->set[0]) {
        propset(p->set, p->ipsec, enc, integ, dh, sizeof integ < sizeof dh ? sizeof dh : sizeof integ);
        if (!p->ipsec)
            cpy(auth, sizeof auth, "psk");
    }
    if (p->psk && !p->ipsec)
        cpy(auth, sizeof auth, "psk");
    if (enc[0])
        otlp_doc_set(F->d, x, "encryption", enc);
    if (integ[0])
        otlp_doc_set(F->d, x, "integrity", integ);
    if (!p->ipsec && dh[0])
        otlp_doc_set(F->d, x, "dh-group", dh);
    if (!p->ipsec)
        otlp_doc_set(F->d, x, "authentication", auth[0] ? auth : "unknown");
    if (life[0])
        otlp_doc_set(F->d, x, "lifetime", life);
}

static void finish_crypto(struct fst *F, int full)
{
    size_t i, k;
    for (i = 0; i < F->ngws; i++) {
        const struct ikegw *g = &F->gws[i];
        xmlNodePtr x = otlp_doc_fact(F->d, "vpn-crypto", g->line);
        const struct ikepol *p = NULL;
        otlp_doc_set(F->d, x, "phase", "ike");
        otlp_doc_set(F->d, x, "name", g->name);
        if (g->addr[0])
            otlp_doc_set(F->d, x, "peer", g->addr);
        if (strcmp(g->version, "v2-only") == 0) {
            otlp_doc_set(F->d, x, "ike-version", "2");
        } else if (strcmp(g->version, "v1-only") == 0) {
            otlp_doc_set(F->d, x, "ike-version", "1");
        } else if (full) {
            otlp_doc_set(F->d, x, "ike-version", "1"); /* default v1-only */
            otlp_doc_set(F->d, x, "defaulted", "true");
        }
        for (k = 0; k < F->npols; k++)
            if (!F->pols[k].ipsec && strcmp(F->pols[k].name, g->policy) == 0)
                p = &F->pols[k];
        if (p == NULL)
            continue;
        if (p->pskn != NULL && g->addr[0]) {
            /* the key's peer: the gateways that use the policy */
            struct ikepol *pw = &F->pols[p - F->pols];
            otlp_list_add(pw->peers, sizeof pw->peers, g->addr);
            otlp_doc_set(F->d, p->pskn, "peer", pw->peers);
        }
        if (strcmp(g->version, "v2-only") != 0) {
            if (p->mode[0]) {
                otlp_doc_set(F->d, x, "mode", p->mode);
            } else if (full) {
                otlp_doc_set(F->d, x, "mode", "main");
                otlp_doc_set(F->d, x, "defaulted", "true");
            }
        }
        crypto_algs(F, p, x);
    }
    for (k = 0; k < F->npols; k++) {
        const struct ikepol *p = &F->pols[k];
        xmlNodePtr x;
        int used = 0;
        for (i = 0; i < F->ngws && !p->ipsec; i++)
            used |= strcmp(F->gws[i].policy, p->name) == 0;
        if (used)
            continue;
        x = otlp_doc_fact(F->d, "vpn-crypto", p->line);
        otlp_doc_set(F->d, x, "phase", p->ipsec ? "ipsec" : "ike");
        otlp_doc_set(F->d, x, "name", p->name);
        if (!p->ipsec && p->mode[0])
            otlp_doc_set(F->d, x, "mode", p->mode);
        if (p->ipsec)
            otlp_doc_set(F->d, x, "pfs", p->pfs[0] ? p->pfs : "none");
        crypto_algs(F, p, x);
    }
}

static void finish_nat(struct fst *F)
{
    size_t i, v;
    char key[300];
    for (i = 0; i < F->nnat; i++) {
        const struct natref *r = &F->natrefs[i];
        snprintf(key, sizeof key, "%s\x01%s\x01" "from", r->kind, r->rs);
        if (ht_get(&F->nats, key, strlen(key), &v))
            otlp_doc_set(F->d, r->n, "from", F->P->txt + v);
        snprintf(key, sizeof key, "%s\x01%s\x01to", r->kind, r->rs);
        if (ht_get(&F->nats, key, strlen(key), &v))
            otlp_doc_set(F->d, r->n, "to", F->P->txt + v);
        if (r->pool[0] == '\0')
            continue;
        snprintf(key, sizeof key, "%s\x01%s", r->kind, r->pool);
        if (ht_get(&F->pools, key, strlen(key), &v))
            otlp_doc_set(F->d, r->n,
                         strcmp(r->kind, "source") == 0 ? "translated-source" : "translated-destination",
                         F->P->txt + v);
        snprintf(key, sizeof key, "%s\x01%s\x01port", r->kind, r->pool);
        if (ht_get(&F->pools, key, strlen(key), &v))
            otlp_doc_set(F->d, r->n, "translated-port", F->P->txt + v);
    }
}

/* idle timeout of the login classes the local users have: 0 (never) when
 * a user's class sets none (the predefined classes set none) */
static long idle_seconds(struct fst *F)
{
    size_t i, v;
    long best = -1;
    for (i = 0; i < F->users.cap; i++) {
        xmlNodePtr a = (xmlNodePtr)(uintptr_t)F->users.e[i].v;
        xmlChar *c;
        long t = 0;
        if (F->users.e[i].h == 0 || a == NULL || strcmp(F->users.e[i].k, "root") == 0)
            continue;
        c = xmlGetProp(a, (const xmlChar *)"role");
        if (c != NULL && ht_get(&F->classes, (const char *)c, strlen((const char *)c), &v) && v > 0)
            t = (long)(v - 1) * 60;
        xmlFree(c);
        if (t == 0)
            return 0;
        if (t > best)
            best = t;
    }
    return best;
}

static void finish_mgmt_plane(struct fst *F, int full, int is_router)
{
    struct pst *P = F->P;
    xmlNodePtr x;
    struct otlp_doc *d = F->d;
    static const struct {
        size_t off;
        const char *name;
    } dflt[] = {{offsetof(struct fst, svc_ssh), "ssh"},
                {offsetof(struct fst, svc_telnet), "telnet"},
                {offsetof(struct fst, svc_http), "http"},
                {offsetof(struct fst, svc_https), "https"},
                {offsetof(struct fst, svc_ftp), "ftp"},
                {offsetof(struct fst, svc_finger), "finger"}};
    size_t i;
    if (full)
        for (i = 0; i < sizeof dflt / sizeof *dflt; i++) {
            xmlNodePtr *slot = (xmlNodePtr *)(void *)((char *)F + dflt[i].off);
            if (*slot != NULL)
                continue;
            x = otlp_doc_fact(d, "service", 0);
            otlp_doc_set(d, x, "name", dflt[i].name);
            otlp_doc_set(d, x, "enabled", "false");
            otlp_doc_set(d, x, "defaulted", "true");
        }
    if (F->svc_ssh != NULL) {
        long idle = idle_seconds(F);
        if (xmlHasProp(F->svc_ssh, (const xmlChar *)"version") == NULL && full) {
            otlp_doc_set(d, F->svc_ssh, "version", "2");
            otlp_doc_set(d, F->svc_ssh, "defaulted", "true");
        }
        if (xmlHasProp(F->svc_ssh, (const xmlChar *)"root-login") == NULL && full) {
            /* the documented default (docs/formats/junos.md): `allow` up to
             * 17.3; from 17.4R1 `deny` on MX and `deny-password` on the
             * other platforms */
            const char *v = F->version[0] ? F->version : P->hversion;
            char *e;
            long maj = strtol(v, &e, 10), min = *e == '.' ? strtol(e + 1, NULL, 10) : 0;
            const char *rl = v[0] == '\0' || maj <= 0 ? "unknown"
                             : maj < 17 || (maj == 17 && min < 4) ? "allow"
                             : is_router ? "deny" : "key-only";
            otlp_doc_set(d, F->svc_ssh, "root-login", rl);
            otlp_doc_set(d, F->svc_ssh, "defaulted", "true");
        }
        x = otlp_doc_fact(d, "session", otl_node_line(F->svc_ssh));
        otlp_doc_set(d, x, "channel", "ssh");
        if (F->svc_telnet != NULL) /* the finding about telnet belongs on its statement */
            otlp_doc_at(d, otl_node_line(F->svc_telnet));
        otlp_doc_set(d, x, "transport-in", F->svc_telnet ? "ssh telnet" : "ssh");
        otlp_doc_at(d, 0);
        otlp_doc_set(d, x, "login", F->auth_order[0] ? "aaa" : "local");
        if (F->lo0_filter[0])
            otlp_doc_set(d, x, "access-list", F->lo0_filter);
        if (idle >= 0)
            otlp_doc_setu(d, x, "idle-timeout", (unsigned long)idle);
    }
    if (F->lo0_filter[0]) {
        if (F->svc_http)
            otlp_doc_set(d, F->svc_http, "scope", F->lo0_filter);
        if (F->svc_https)
            otlp_doc_set(d, F->svc_https, "scope", F->lo0_filter);
    }
    if (F->min_len[0] || F->min_changes[0]) {
        x = otlp_doc_fact(d, "password-policy", F->pw_line);
        otlp_doc_set(d, x, "min-length", F->min_len[0] ? F->min_len : "6");
        if (F->min_changes[0])
            otlp_doc_set(d, x, "classes", F->min_changes);
    } else if (full) {
        x = otlp_doc_fact(d, "password-policy", 0);
        otlp_doc_set(d, x, "min-length", "6");
        otlp_doc_set(d, x, "defaulted", "true");
    }
    if (F->lock_period[0]) {
        x = otlp_doc_fact(d, "lockout", F->lock_line);
        otlp_doc_set(d, x, "attempts", F->tries[0] ? F->tries : "10");
        otlp_doc_set(d, x, "duration", F->lock_period);
    }
    if (F->auth_order[0] || F->aaasrv.n > 0 || F->acct_dest[0]) {
        x = otlp_doc_fact(d, "aaa", F->auth_line ? F->auth_line : F->acct_line);
        otlp_doc_set(d, x, "enabled", "true");
        if (F->acct_dest[0] && F->acct_events[0]) {
            /* system accounting: events login -> exec, interactive-commands
             * -> commands (IOS-style method lists, docs/facts.md) */
            char buf[256] = "";
            size_t o = 0;
            otlp_doc_at(d, F->acct_line);
            if (strstr(F->acct_events, "login"))
                o += (size_t)snprintf(buf + o, sizeof buf - o, "exec:default=start-stop group %s",
                                      F->acct_dest);
            if (strstr(F->acct_events, "interactive-commands") && o < sizeof buf)
                o += (size_t)snprintf(buf + o, sizeof buf - o,
                                      "%scommands:default=start-stop group %s", o ? "; " : "",
                                      F->acct_dest);
            if (buf[0])
                otlp_doc_set(d, x, "accounting", buf);
            otlp_doc_at(d, 0);
        }
        if (F->auth_order[0]) {
            char buf[200];
            snprintf(buf, sizeof buf, "login:default=%s", F->auth_order);
            otlp_doc_set(d, x, "authentication", buf);
            x = otlp_doc_fact(d, "aaa-list", F->auth_line);
            otlp_doc_set(d, x, "kind", "authentication");
            otlp_doc_set(d, x, "type", "login");
            otlp_doc_set(d, x, "name", "default");
            otlp_doc_set(d, x, "methods", F->auth_order);
        }
    }
    if (F->syslog_seen) {
        x = otlp_doc_fact(d, "logging", F->syslog_line);
        otlp_doc_set(d, x, "enabled", "true");
        otlp_doc_set(d, x, "timestamps", F->ts_msec ? "datetime-msec" : "datetime");
        otlp_doc_set(d, x, "defaulted", "true");
    }
    if (F->ntp_seen) {
        int auth = F->n_trusted > 0 && F->n_keys > 0;
        x = otlp_doc_fact(d, "ntp", F->ntp_line);
        otlp_doc_set(d, x, "authenticate", auth ? "true" : "false");
        for (i = 0; i < F->ntpsrv.cap; i++) {
            xmlNodePtr s = (xmlNodePtr)(uintptr_t)F->ntpsrv.e[i].v;
            xmlChar *k;
            int ok = 0, j, kn;
            if (F->ntpsrv.e[i].h == 0 || s == NULL)
                continue;
            k = xmlGetProp(s, (const xmlChar *)"key");
            kn = k ? (int)strtol((const char *)k, NULL, 10) : -1;
            for (j = 0; k != NULL && j < F->n_trusted; j++)
                ok |= F->ntp_trusted[j] == kn;
            xmlFree(k);
            otlp_doc_set(d, s, "authenticated", ok && auth ? "true" : "false");
        }
    }
    for (i = 0; i < F->snmpusers.cap; i++) {
        xmlNodePtr u = (xmlNodePtr)(uintptr_t)F->snmpusers.e[i].v;
        xmlChar *a, *p;
        if (F->snmpusers.e[i].h == 0 || u == NULL)
            continue;
        a = xmlGetProp(u, (const xmlChar *)"auth");
        p = xmlGetProp(u, (const xmlChar *)"priv");
        otlp_doc_set(d, u, "security",
                     a == NULL || strcmp((const char *)a, "none") == 0 ? "noauth"
                     : p == NULL || strcmp((const char *)p, "none") == 0 ? "auth"
                                                                          : "priv");
        xmlFree(a);
        xmlFree(p);
    }
}

static void finish(struct fst *F, int *full_out)
{
    struct pst *P = F->P;
    struct otlp_doc *d = F->d;
    const char *cls;
    char lm[64];
    size_t i;
    int full = F->have_system;

    otlp_doc_at(d, 0);
    for (i = 0; P->model[i] && i + 1 < sizeof lm; i++)
        lm[i] = (char)tolower((unsigned char)P->model[i]);
    lm[i] = '\0';
    if (strncmp(lm, "srx", 3) == 0 || strncmp(lm, "vsrx", 4) == 0 || F->cluster)
        cls = "firewall";
    else if (strncmp(lm, "mx", 2) == 0 || strncmp(lm, "vmx", 3) == 0 || strncmp(lm, "ptx", 3) == 0)
        cls = "router";
    else if (strncmp(lm, "ex", 2) == 0 || strncmp(lm, "qfx", 3) == 0)
        cls = "switch";
    else if (F->security_seen)
        cls = "firewall";
    else if (F->ethsw_seen)
        cls = "switch";
    else
        cls = "router";
    if (F->hostname[0]) {
        otlp_doc_at(d, F->host_line);
        otlp_doc_set(d, F->sys, "hostname", F->hostname);
    }
    otlp_doc_at(d, F->version_line ? F->version_line : P->hversion_line);
    if (F->version[0])
        otlp_doc_set(d, F->sys, "version", F->version);
    else if (P->hversion[0])
        otlp_doc_set(d, F->sys, "version", P->hversion);
    otlp_doc_at(d, P->model_line);
    if (P->model[0])
        otlp_doc_set(d, F->sys, "model", P->model);
    otlp_doc_at(d, 0);
    otlp_doc_set(d, F->sys, "class", cls);
    if (!full)
        P->host->diag(P->ctx, OTL_DIAG_WARNING, 0,
                      "no `system` hierarchy: read as a fragment (export-kind partial), no "
                      "defaults assumed");
    otlp_doc_set(d, F->sys, "export-kind", full ? "full" : "partial");
    if (F->cluster)
        P->host->diag(P->ctx, OTL_DIAG_NOTE, 0,
                      "chassis cluster configured: the facts describe the cluster's shared "
                      "configuration (both nodes)");
    finish_terms(F);
    finish_predefined(F);
    finish_mgmt(F);
    finish_crypto(F, full);
    finish_nat(F);
    finish_mgmt_plane(F, full, strcmp(cls, "router") == 0);
    if (F->defpol[0]) {
        xmlNodePtr x = otlp_doc_fact(d, "fw-default", F->defpol_line);
        otlp_doc_at(d, F->defpol_line);
        otlp_doc_set(d, x, "policy", "default-policy");
        otlp_doc_set(d, x, "action", strcmp(F->defpol, "permit-all") == 0 ? "permit" : "deny");
    } else if (full && strcmp(cls, "firewall") == 0) {
        xmlNodePtr x = otlp_doc_fact(d, "fw-default", 0);
        otlp_doc_set(d, x, "policy", "default-policy");
        otlp_doc_set(d, x, "action", "deny");
        otlp_doc_set(d, x, "defaulted", "true");
    }
    /* a user without authentication (no password, no key) is a template
     * for remotely authenticated users, not a local account */
    for (i = 0; i < F->users.cap; i++) {
        xmlNodePtr a = (xmlNodePtr)(uintptr_t)F->users.e[i].v;
        if (F->users.e[i].h == 0 || a == NULL || strcmp(F->users.e[i].k, "root") == 0)
            continue;
        if (xmlHasProp(a, (const xmlChar *)"secret-kind") == NULL &&
            xmlHasProp(a, (const xmlChar *)"ssh-key") == NULL) {
            xmlUnlinkNode(a);
            xmlFreeNode(a);
            F->users.e[i].v = 0;
        }
    }
    *full_out = full;
}

static void fst_free(struct fst *F)
{
    struct htab *h[] = {&F->users, &F->zones, &F->rules, &F->seqs, &F->ifs, &F->apps, &F->addrs,
                        &F->comms, &F->snmpusers, &F->ntpsrv, &F->logt, &F->aaasrv, &F->refs,
                        &F->classes, &F->natseq, &F->nats, &F->pools, &F->termidx, &F->mgidx, &F->nrank};
    size_t i;
    for (i = 0; i < sizeof h / sizeof *h; i++)
        ht_free(h[i]);
    free(F->terms);
    free(F->mgs);
    free(F->props);
    free(F->pols);
    free(F->gws);
    free(F->natrefs);
}

/* ------------------------------------------------------------ entry points */

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct pst *P;
    struct fst F;
    struct otlp_reader rd;
    struct otlp_line ln;
    enum otl_parse_status ret;
    size_t i;
    int full = 0;
    const unsigned char *data = in->data;
    struct otl_input u = *in;

    P = calloc(1, sizeof *P);
    if (P == NULL)
        return OTL_PARSE_NOMEM;
    memset(&F, 0, sizeof F);
    P->host = host;
    P->ctx = ctx;
    P->dd = dd;
    otlp_doc_init(&P->doc, host, ctx, dd);
    P->max_depth = host->max_depth;
    P->raw_records = otlp_raw_records(host);
    F.P = P;
    F.d = &P->doc;
    F.sys = otlp_doc_fact(&P->doc, "system", 0);
    if (F.sys == NULL) {
        ret = P->doc.oom ? OTL_PARSE_NOMEM : P->doc.status;
        goto done;
    }
    otlp_doc_set(&P->doc, F.sys, "vendor", "juniper");
    otlp_doc_set(&P->doc, F.sys, "os", "junos");
    otlp_doc_set(&P->doc, F.sys, "export-type", "device");
    if (in->len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
        u.data = data + 3;
        u.len = in->len - 3;
    }
    /* room for the words, their places and the statements of a typical
     * file up front: growing them by doubling copies and touches every page
     * twice (about a fifth of the parse of a 4 MB configuration) */
    if (u.len > 0 && u.len < ((size_t)1 << 30) &&
        (grow((void **)&P->txt, &P->tcap, u.len + 64, 1) < 0 ||
         grow((void **)&P->wv, &P->wcap, u.len / 4 + 64, sizeof *P->wv) < 0 ||
         grow((void **)&P->sv, &P->scap, u.len / 24 + 64, sizeof *P->sv) < 0)) {
        ret = OTL_PARSE_NOMEM;
        goto done;
    }
    otlp_reader_init(&rd, &u);
    while (otlp_next_line(&rd, &ln) && !P->doc.stop) {
        size_t len = ln.len;
        const char *s = ln.s;
        if (host->max_line_len != 0 && len > host->max_line_len) {
            host->diag(ctx, OTL_DIAG_ERROR, ln.no, "line longer than %zu bytes; skipped",
                       host->max_line_len);
            otlp_doc_status(&P->doc, OTL_PARSE_PARTIAL);
            continue;
        }
        if (memchr(s, '\0', len) != NULL) {
            if (!P->nul_seen++)
                host->diag(ctx, OTL_DIAG_WARNING, ln.no,
                           "NUL byte: binary data or a corrupted copy, not configuration text");
            otlp_doc_status(&P->doc, OTL_PARSE_PARTIAL);
            continue;
        }
        read_line(P, s, len, ln.no);
    }
    if (P->depth > 0 && !P->doc.stop) {
        host->diag(ctx, OTL_DIAG_WARNING, ln.no,
                   "%zu block%s not closed at the end of the file: cut short?", P->depth,
                   P->depth > 1 ? "s" : "");
        otlp_doc_status(&P->doc, OTL_PARSE_PARTIAL);
    }
    mark_inactive(P);
    resolve_groups(P);
    mark_inactive(P);
    for (i = 0; i < P->sn && !P->doc.oom; i++) {
        const struct jst *s = &P->sv[i];
        if (s->flags & SF_GROUP)
            continue;
        fact_stmt(&F, s);
    }
    finish(&F, &full);
    if (P->statements == 0 && !P->doc.stop) {
        host->diag(ctx, OTL_DIAG_ERROR, 0, "no Junos configuration statement found");
        otlp_doc_status(&P->doc, OTL_PARSE_PARTIAL);
    }
    otlp_doc_at(&P->doc, 0);
    otlp_doc_coverage(&P->doc, F.sys, P->recognised, P->statements);
    otlp_doc_setu(&P->doc, F.sys, "statements", P->statements);
    otlp_note_unrecognised(host, ctx, P->statements, P->recognised, P->unrec_lines, P->n_unrec);
    ret = P->doc.status;
done:
    fst_free(&F);
    ht_free(&P->deact);
    free(P->txt);
    free(P->wv);
    free(P->sv);
    free(P);
    return ret;
}

/* ------------------------------------------------------------ sniff */


/* Junos top-level statement names (the first word of a `set` line or of a
 * top-level block) */
static int junos_top(const char *p, const char *end)
{
    static const char *const top[] = {
        "system ", "interfaces ", "security ", "protocols ", "routing-options ",
        "policy-options ", "firewall ", "snmp ", "groups ", "apply-groups ", "version ",
        "applications ", "chassis ", "vlans ", "routing-instances ", "class-of-service ",
        "forwarding-options ", "ethernet-switching-options ", "switch-options ", "poe ",
        "event-options ", "virtual-chassis ", "access ", "bridge-domains ", NULL};
    size_t i;
    for (i = 0; top[i] != NULL; i++)
        if (otlp_starts(p, end, top[i]))
            return 1;
    return 0;
}

static int sniff(const struct otl_input *in)
{
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int score = 0, ios = 0, marks = 0, frag = 0;

    if ((const unsigned char *)p + 3 <= (const unsigned char *)end &&
        (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p < end && *p == '<')
        return 0; /* XML (Junos XML is not read by this plugin) */
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *s = p, *e;
        if (eol == NULL)
            eol = end;
        e = eol;
        while (e > s && (e[-1] == '\r' || e[-1] == ' '))
            e--;
        /* other vendors */
        if (otlp_starts(s, e, "set deviceconfig") || otlp_starts(s, e, "set rulebase") ||
            otlp_starts(s, e, "set mgt-config") || otlp_starts(s, e, "set shared") ||
            otlp_starts(s, e, "set vsys") || otlp_starts(s, e, "set network ") ||
            otlp_starts(s, e, "deviceconfig {") || otlp_starts(s, e, "rulebase {") ||
            otlp_starts(s, e, "mgt-config {") || otlp_starts(s, e, "config {") ||
            otlp_starts(s, e, "config system") || otlp_starts(s, e, "config vdom") ||
            otlp_starts(s, e, "#config-version") || otlp_starts(s, e, "ASA Version") ||
            otlp_starts(s, e, "PIX Version"))
            return 0;
        if (otlp_starts(s, e, "!") || otlp_starts(s, e, "hostname ") || otlp_starts(s, e, "interface ") ||
            otlp_starts(s, e, "line vty") || otlp_starts(s, e, "ip ") || otlp_starts(s, e, "no ") ||
            otlp_starts(s, e, "service "))
            ios++;
        if (otlp_starts(s, e, "## Last commit:") || otlp_starts(s, e, "## Last changed:")) {
            score += 40;
            marks++;
        } else if (otlp_starts(s, e, "version ") && e > s && e[-1] == ';') {
            score += 40;
            marks++;
        } else if ((otlp_starts(s, e, "set ") && junos_top(s + 4, e)) ||
                   (otlp_starts(s, e, "deactivate ") && junos_top(s + 11, e))) {
            score += 20;
            marks++;
        } else if (junos_top(s, e) && e > s && e[-1] == '{') {
            score += 30;
            marks++;
        } else if (s < e && e[-1] == ';' && (s[0] == ' ' || s[0] == '\t') && marks > 0) {
            score += 2;
        } else if (e > s && (e[-1] == '{' || e[-1] == ';')) {
            /* a fragment: hierarchy levels only Junos has */
            const char *q = s;
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            if (otlp_starts(q, e, "from-zone ") || otlp_starts(q, e, "security-zone ") ||
                otlp_starts(q, e, "host-inbound-traffic {") || otlp_starts(q, e, "system-services {") ||
                otlp_starts(q, e, "family inet {") || otlp_starts(q, e, "then {") ||
                otlp_starts(q, e, "match {") || otlp_starts(q, e, "unit 0 {"))
                frag++;
        }
        if (score >= 100 && marks >= 2)
            break;
        p = eol < end ? eol + 1 : end;
    }
    if (ios > marks + frag)
        return 0;
    if (marks == 0 && frag >= 2)
        return 40; /* a fragment of Junos hierarchy: moderate */
    if (marks < 2 && score > 60)
        score = 60;
    return score > 100 ? 100 : score;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "junos",
    .description = "Juniper Junos OS configurations (SRX, MX, EX): curly-brace and display-set forms",
    .classes = OTL_CLASS_FIREWALL | OTL_CLASS_ROUTER | OTL_CLASS_SWITCH,
    .sniff = sniff,
    .parse = parse,
};

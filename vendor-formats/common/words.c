/*
 * words.c - text helpers of the plugin SDK shared by the line-oriented
 * network formats: splitting a statement into words with quotes, IPv4
 * masks and wildcards as prefix lengths, and the noise that capturing a
 * `show` command from a terminal leaves in an export (docs/plugins.md).
 */
#include <stdio.h>
#include <string.h>
#include "otlint-plugin.h"

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Copy one word starting at line[*i] into buf at *o (NUL-terminated);
 * returns the quoting state: 0 none, 1 quoted, 2 a quote left open. */
static unsigned word_copy(const char *line, size_t len, size_t *i, char *buf, size_t *o,
                          unsigned flags)
{
    char q = 0;
    unsigned quoted = 0;
    for (; *i < len; (*i)++) {
        char c = line[*i];
        if (q) {
            if (c == q) {
                q = 0;
                continue;
            }
            if (c == '\\' && (flags & OTLP_WORDS_BACKSLASH) && *i + 1 < len)
                c = line[++*i];
            buf[(*o)++] = c;
            continue;
        }
        if (is_blank(c))
            break;
        if (c == '"' || (c == '\'' && (flags & OTLP_WORDS_SQUOTE))) {
            q = c;
            quoted = 1;
            continue;
        }
        buf[(*o)++] = c;
    }
    buf[(*o)++] = '\0';
    return q ? 2 : quoted;
}

size_t otlp_words(const char *line, size_t len, char *buf, size_t bufsz,
                  struct otlp_word *w, size_t max, unsigned flags)
{
    size_t i = 0, o = 0, nw = 0;
    /* A word is at most as long as what is left of the line, plus its NUL:
     * the whole line fits when bufsz >= len + words; check per word. */
    while (i < len) {
        while (i < len && is_blank(line[i]))
            i++;
        if (i >= len)
            break;
        if (bufsz - o < len - i + 1)
            return (size_t)-1;
        size_t start = o;
        unsigned quoted = word_copy(line, len, &i, buf, &o, flags);
        if (nw < max) {
            w[nw].s = buf + start;
            w[nw].n = o - start - 1;
            w[nw].quoted = quoted;
        }
        nw++;
    }
    return nw;
}

/* Dotted quad, four decimal octets, nothing else. */
static int ipv4(const char *s, size_t n, unsigned long *out)
{
    unsigned long v = 0;
    size_t i = 0;
    for (int k = 0; k < 4; k++) {
        unsigned long oct = 0;
        size_t d = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && d < 3) {
            oct = oct * 10 + (unsigned long)(s[i] - '0');
            i++, d++;
        }
        if (d == 0 || oct > 255)
            return -1;
        v = (v << 8) | oct;
        if (k < 3) {
            if (i >= n || s[i] != '.')
                return -1;
            i++;
        }
    }
    if (i != n)
        return -1;
    *out = v;
    return 0;
}

static int ones(unsigned long v)
{
    int c = 0;
    for (; v; v &= v - 1)
        c++;
    return c;
}

int otlp_mask_prefix(const char *s, size_t n)
{
    unsigned long m;
    if (!s || ipv4(s, n, &m) < 0)
        return -1;
    unsigned long inv = ~m & 0xffffffffUL;
    if (inv & (inv + 1))
        return -1;
    return ones(m);
}

int otlp_wildcard_prefix(const char *s, size_t n)
{
    unsigned long w;
    if (!s || ipv4(s, n, &w) < 0)
        return -1;
    if (w & (w + 1))
        return -1;
    return 32 - ones(w);
}

static void trim(const char **s, size_t *n)
{
    while (*n && (is_blank(**s) || **s == '\b'))
        (*s)++, (*n)--;
    while (*n && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\b'))
        (*n)--;
}

int otlp_starts(const char *p, const char *end, const char *w)
{
    size_t l = strlen(w);
    return (size_t)(end - p) >= l && memcmp(p, w, l) == 0;
}

void otlp_list_add(char *list, size_t cap, const char *word)
{
    size_t l = strlen(list), wl = strlen(word);
    const char *p = list;
    if (wl == 0) /* strstr() finds "" everywhere: no progress */
        return;
    while ((p = strstr(p, word)) != NULL) {
        if ((p == list || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0'))
            return;
        p += wl;
    }
    if (l + wl + 2 > cap)
        return;
    if (l > 0)
        list[l++] = ' ';
    memcpy(list + l, word, wl + 1);
}

static int starts(const char *s, size_t n, const char *p)
{
    return otlp_starts(s, s + n, p);
}

/* The pager prompts of the CLIs: IOS, ASA, Junos, PAN-OS and FortiOS
 * ("--More--", " --More-- "), ASA's "<--- More --->". */
static size_t pager_len(const char *s, size_t n)
{
    static const char *const pagers[] = { "--More--", "--- More ---", "<--- More --->",
                                          "--more--", "-- More --" };
    for (size_t k = 0; k < sizeof pagers / sizeof *pagers; k++)
        if (starts(s, n, pagers[k]))
            return strlen(pagers[k]);
    return 0;
}

/* A `show` (or Junos `display`, FortiOS `get`) command line as echoed into
 * a capture, after the prompt if any: the command word and what follows. */
static int command_word(const char *s, size_t n)
{
    static const char *const cmds[] = { "show", "sh", "display", "get", "more" };
    for (size_t k = 0; k < sizeof cmds / sizeof *cmds; k++) {
        size_t l = strlen(cmds[k]);
        if (starts(s, n, cmds[k]) && (n == l || is_blank(s[l])))
            return 1;
    }
    return 0;
}

static int host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '@' || c == ':' || c == '/';
}

/* "host#", "user@host>", "FGT (root) #", "asa/ctx(config)#": length of the
 * prompt including its terminator and the blanks after it, else 0. */
static size_t prompt_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && host_char(s[i]))
        i++;
    if (i == 0)
        return 0;
    size_t j = i;
    while (j < n && s[j] == ' ')
        j++;
    if (j < n && s[j] == '(') { /* (vdom), (config), (config-if) */
        size_t k = j + 1;
        while (k < n && (host_char(s[k]) || s[k] == ' '))
            k++;
        if (k >= n || s[k] != ')')
            return 0;
        j = k + 1;
        while (j < n && s[j] == ' ')
            j++;
    }
    if (j >= n || (s[j] != '#' && s[j] != '>'))
        return 0;
    j++;
    while (j < n && is_blank(s[j]))
        j++;
    return j;
}

int otlp_capture_noise(const char *s, size_t n)
{
    if (!s)
        return 0;
    trim(&s, &n);
    if (n == 0)
        return 0;
    size_t p = pager_len(s, n);
    if (p) {
        const char *r = s + p;
        size_t rn = n - p;
        trim(&r, &rn);
        return rn == 0;
    }
    if (starts(s, n, "=~=~=~=~=~=~"))   /* PuTTY session log header */
        return 1;
    /* Junos: "{master:0}", "{primary:node0}", "[edit]" */
    if ((s[0] == '{' && s[n - 1] == '}' && memchr(s, ':', n) && !memchr(s, ' ', n)) ||
        (starts(s, n, "[edit") && s[n - 1] == ']'))
        return 1;
    if (command_word(s, n))
        return 1;
    size_t pl = prompt_len(s, n);
    return pl && (pl == n || command_word(s + pl, n - pl));
}

size_t otlp_more_skip(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\r'))
        i++;
    size_t p = pager_len(s + i, n - i);
    if (!p)
        return 0;
    i += p;
    /* The erase that follows: backspaces, the blanks written over the
     * prompt, backspaces again (a terminal shows none of it). */
    size_t b = 0;
    while (i < n && s[i] == '\b')
        i++, b++;
    size_t k = 0;
    while (i < n && s[i] == ' ' && k < (b ? b : 1)) /* no erase: the prompt's own blank */
        i++, k++;
    while (i < n && s[i] == '\b')
        i++;
    while (i < n && s[i] == '\r')
        i++;
    return i;
}

void otlp_note_unrecognised(const struct otl_host *host, struct otl_parse_ctx *ctx,
                            unsigned long statements, unsigned long recognised,
                            const unsigned long *lines, size_t nlines)
{
    if (!host || recognised >= statements)
        return;
    unsigned long unrec = statements - recognised;
    char list[128];
    size_t i, o = 0;
    list[0] = '\0';
    for (i = 0; i < nlines && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%lu", i ? ", " : "", lines[i]);
    /* Lines only: an unrecognised statement may hold a secret. */
    host->diag(ctx, OTL_DIAG_NOTE, 0, "%lu of %lu statements not recognised (line%s %s%s)", unrec,
               statements, unrec > 1 ? "s" : "", list, unrec > nlines ? ", ..." : "");
}

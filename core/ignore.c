/* ignore.c - see ignore.h. */
#include <config.h>
#include "ignore.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* What a directory of device exports holds besides them, never a device
 * configuration (docs/file-accounting.md keeps this list). */
const char *const otl_ignore_builtin_list[] = {
    /* version control and tool folders */
    ".git", ".svn", ".hg", ".bzr", "CVS", "_darcs", ".github/", ".gitlab/", ".vscode/", ".idea/",
    ".gitignore", ".gitattributes", ".gitmodules", ".gitkeep", ".otlintignore",
    /* documentation and legal text */
    "*.md", "*.markdown", "*.rst", "*.adoc", "README", "README.*", "LICENSE", "LICENSE.*",
    "LICENCE", "LICENCE.*", "COPYING", "COPYING.*", "NOTICE", "NOTICE.*", "CHANGELOG",
    "CHANGELOG.*", "AUTHORS", "*.pdf", "*.doc", "*.docx", "*.odt", "*.xls", "*.xlsx", "*.ods",
    /* images */
    "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.svg", "*.ico", "*.webp", "*.tif", "*.tiff",
    /* archives */
    "*.zip", "*.tar", "*.gz", "*.tgz", "*.bz2", "*.xz", "*.zst", "*.7z", "*.rar",
    /* editor and desktop leftovers */
    "*~", "*.swp", ".DS_Store", "Thumbs.db", "desktop.ini",
    NULL,
};

const char *otl_ignore_src_name(enum otl_ignore_src s)
{
    static const char *const names[] = {"none", "built-in", "exclude", "otlintignore"};

    return (unsigned)s < OTL_IGNORE_SRC_COUNT ? names[s] : "unknown";
}

/* Longest pattern line kept; a longer one is no real pattern. */
#define MAX_PATTERN 4096

int otl_ignore_add(struct otl_ignore *ig, const char *line, size_t len, unsigned long lineno)
{
    struct otl_ignore_pat p;
    const char *s = line;
    size_t tlen;

    memset(&p, 0, sizeof p);
    while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    /* trailing blanks go, unless escaped with a backslash */
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t') && !(len > 1 && s[len - 2] == '\\'))
        len--;
    if (len == 0 || s[0] == '#' || len > MAX_PATTERN)
        return 0;
    tlen = len;
    if (s[0] == '!') {
        p.negate = 1;
        s++;
        len--;
    }
    while (len > 0 && s[len - 1] == '/') {
        p.dir_only = 1;
        len--;
    }
    if (len > 0 && memchr(s, '/', len) != NULL)
        p.anchored = 1;
    while (len > 0 && s[0] == '/') {
        s++;
        len--;
    }
    if (len == 0)
        return 0;
    p.line = lineno;
    if (otl_grow(&ig->v, &ig->cap, ig->n + 1, sizeof *ig->v, 8) != 0)
        return -1;
    if ((p.glob = malloc(len + 1)) == NULL)
        return -1;
    if ((p.text = malloc(tlen + 1)) == NULL) {
        free(p.glob);
        return -1;
    }
    memcpy(p.glob, s, len);
    p.glob[len] = '\0';
    memcpy(p.text, line, tlen);
    p.text[tlen] = '\0';
    if (ig->casefold)
        for (char *c = p.glob; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    ig->v[ig->n++] = p;
    return 0;
}

int otl_ignore_parse(struct otl_ignore *ig, const char *text, size_t len)
{
    unsigned long no = 0;
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        no++;
        if (otl_ignore_add(ig, p, (size_t)(eol - p), no) != 0)
            return -1;
        p = eol < end ? eol + 1 : end;
    }
    return 0;
}

void otl_ignore_free(struct otl_ignore *ig)
{
    for (size_t i = 0; i < ig->n; i++) {
        free(ig->v[i].glob);
        free(ig->v[i].text);
    }
    free(ig->v);
    memset(ig, 0, sizeof *ig);
}

int otl_ignore_builtin(struct otl_ignore *ig)
{
    memset(ig, 0, sizeof *ig);
    ig->casefold = 1;
    for (size_t i = 0; otl_ignore_builtin_list[i] != NULL; i++)
        if (otl_ignore_add(ig, otl_ignore_builtin_list[i], strlen(otl_ignore_builtin_list[i]), 0) != 0) {
            otl_ignore_free(ig);
            return -1;
        }
    return 0;
}

/* ------------------------------------------------------------ matching */

/* The segments of a '/'-separated string, cut in place. */
static size_t split(char *s, char **seg, size_t max)
{
    size_t n = 0;

    for (char *p = s; n < max;) {
        char *slash = strchr(p, '/');
        seg[n++] = p;
        if (slash == NULL)
            break;
        *slash = '\0';
        p = slash + 1;
    }
    return n;
}

/* Glob segments g[0..ng) against path segments s[0..ns): `**` takes zero
 * or more segments, one or more as the last.  Bottom-up over a table of
 * (ng+1) x (ns+1) cells, each decided once, so no pattern can make it
 * exponential. */
static int match_segs(char **g, size_t ng, char **s, size_t ns)
{
    size_t w = ns + 1, i, j;
    unsigned char *t;
    int r;

    if (ng > (size_t)-1 / 2 / w)
        return 0;
    if ((t = calloc((ng + 1) * w, 1)) == NULL)
        return 0;
    t[ng * w + ns] = 1; /* both used up */
    for (i = ng; i-- > 0;) {
        int dstar = strcmp(g[i], "**") == 0;
        for (j = ns + 1; j-- > 0;) {
            unsigned char v = 0;
            if (dstar && i + 1 == ng)
                v = j < ns;
            else if (dstar)
                v = t[(i + 1) * w + j] || (j < ns && t[i * w + j + 1]);
            else
                v = j < ns && t[(i + 1) * w + j + 1] && fnmatch(g[i], s[j], 0) == 0;
            t[i * w + j] = v;
        }
    }
    r = t[0];
    free(t);
    return r;
}

/* Out of memory, a glob matches nothing: nothing is ignored, the file is
 * read (the side that hides nothing). */
int otl_glob_match(const char *glob, const char *path, int casefold)
{
    size_t gl = strlen(glob), pl = strlen(path), ng, ns, maxg = gl + 2, maxs = pl + 2;
    char *gc = malloc(gl + 1), *pc = malloc(pl + 1);
    char **g = malloc(maxg * sizeof *g), **s = malloc(maxs * sizeof *s);
    int r = 0;

    if (gc == NULL || pc == NULL || g == NULL || s == NULL)
        goto done;
    memcpy(gc, glob, gl + 1);
    memcpy(pc, path, pl + 1);
    if (casefold)
        for (char *c = pc; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    ng = split(gc, g, maxg);
    ns = split(pc, s, maxs);
    r = match_segs(g, ng, s, ns);
done:
    free(gc);
    free(pc);
    free(g);
    free(s);
    return r;
}

int otl_ignore_match(const struct otl_ignore *ig, const char *rel, int is_dir,
                     const struct otl_ignore_pat **which)
{
    const char *base = strrchr(rel, '/');
    char low[256], *lowp = NULL;
    const char *name;
    int r = -1;

    base = base != NULL ? base + 1 : rel;
    name = base;
    *which = NULL;
    /* A pattern without a slash is one segment matched against the name:
     * fnmatch(3) directly, no allocation (the built-in list is all such). */
    if (ig->casefold) {
        size_t n = strlen(base);
        lowp = n < sizeof low ? low : malloc(n + 1);
        if (lowp == NULL)
            return -1; /* out of memory: nothing ignored, the file is read */
        for (size_t i = 0; i <= n; i++)
            lowp[i] = (char)tolower((unsigned char)base[i]);
        name = lowp;
    }
    for (size_t i = ig->n; i-- > 0;) {
        const struct otl_ignore_pat *p = &ig->v[i];
        int m;
        if (p->dir_only && !is_dir)
            continue;
        m = p->anchored ? otl_glob_match(p->glob, rel, ig->casefold) : fnmatch(p->glob, name, 0) == 0;
        if (!m)
            continue;
        *which = p;
        r = p->negate ? 0 : 1;
        break;
    }
    if (lowp != low)
        free(lowp);
    return r;
}

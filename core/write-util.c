/* write-util.c - see write-util.h. */
#include <config.h>
#include "write-util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"

char *otl_text_safe(const char *s)
{
    char *clean = otl_utf8_clean(s != NULL ? s : ""), *out, *o;
    size_t n;

    if (clean == NULL)
        return NULL;
    /* Worst case: one byte becomes four ("\x01"). */
    n = strlen(clean);
    out = n <= (SIZE_MAX - 1) / 4 ? malloc(n * 4 + 1) : NULL;
    if (out == NULL) {
        free(clean);
        return NULL;
    }
    o = out;
    for (const unsigned char *p = (const unsigned char *)clean; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7F)
            o += snprintf(o, 5, "\\x%02x", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            o += snprintf(o, 7, "\\u%04x", (unsigned)p[1]);
            p++;
        } else
            *o++ = (char)*p;
    }
    *o = '\0';
    free(clean);
    return out;
}

int otl_text_put(FILE *out, const char *s)
{
    char *safe;

    if (s == NULL)
        return 0;
    safe = otl_text_safe(s);
    if (safe == NULL)
        return -1;
    fputs(safe, out);
    free(safe);
    return 0;
}

json_t *otl_jstr(const char *s)
{
    char *clean;
    json_t *j;

    if (s == NULL)
        return json_null();
    clean = otl_utf8_clean(s);
    if (clean == NULL)
        return NULL;
    j = json_string(clean);
    free(clean);
    return j;
}

int otl_flush(FILE *out)
{
    if (fflush(out) != 0 || ferror(out)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}

int otl_json_dump(FILE *out, const json_t *root, size_t flags)
{
    errno = 0;
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags) != 0 ||
        fputc('\n', out) == EOF) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return otl_flush(out);
}

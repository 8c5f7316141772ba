/* plugin-util.c - see plugin-util.h. */
#include "plugin-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void otlp_reader_init(struct otlp_reader *r, const struct otl_input *in)
{
    r->p = in->data;
    r->end = in->data + in->len;
    r->no = 0;
}

int otlp_next_line(struct otlp_reader *r, struct otlp_line *out)
{
    const unsigned char *s = r->p, *q;

    if (s >= r->end)
        return 0;
    for (q = s; q < r->end && *q != '\n' && *q != '\r'; q++)
        ;
    out->s = (const char *)s;
    out->len = (size_t)(q - s);
    out->no = ++r->no;
    if (q < r->end && *q == '\r') {
        q++;
        if (q < r->end && *q == '\n')
            q++;
    } else if (q < r->end) {
        q++; /* '\n' */
    }
    r->p = q;
    return 1;
}

/* Length of the valid UTF-8 sequence at s (max n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned c = s[0];
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return len;
}

char *otlp_sanitize(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out = malloc(len + 1);
    size_t i = 0, o = 0;

    if (out == NULL)
        return NULL;
    while (i < len) {
        size_t l = utf8_len(u + i, len - i);
        if (l == 0 || (l == 1 && ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F))) {
            out[o++] = '?';
            i++;
            continue;
        }
        memcpy(out + o, u + i, l);
        o += l;
        i += l;
    }
    out[o] = '\0';
    return out;
}

int otlp_setn(xmlNodePtr n, const char *attr, const char *val, size_t len)
{
    char *v = otlp_sanitize(val, len);
    xmlAttrPtr a;

    if (v == NULL)
        return -1;
    a = xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)v);
    free(v);
    return a == NULL ? -1 : 0;
}

int otlp_set(xmlNodePtr n, const char *attr, const char *val)
{
    return otlp_setn(n, attr, val, strlen(val));
}

int otlp_setf(xmlNodePtr n, const char *attr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k < 0)
        return -1;
    return otlp_setn(n, attr, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
}

int otlp_setb(xmlNodePtr n, const char *attr, int b)
{
    return xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)(b ? "true" : "false")) ? 0 : -1;
}

xmlNodePtr otlp_fact(struct otl_devdoc *dd, const char *name, unsigned long line)
{
    xmlNodePtr n = xmlNewChild(dd->facts, NULL, (const xmlChar *)name, NULL);
    if (n != NULL)
        otl_node_set_line(n, line);
    return n;
}

xmlNodePtr otlp_child_text(xmlNodePtr parent, const char *name, unsigned long line,
                           const char *text, size_t len)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    if (n == NULL)
        return NULL;
    otl_node_set_line(n, line);
    if (otlp_setn(n, "text", text, len) < 0)
        return NULL; /* n stays in the tree; freed with the document */
    return n;
}

int otlp_known_default_secret(const char *s, size_t len)
{
    /* Vendor defaults and the passwords found in default-credential lists
     * for network and OT gear (e.g. CIRT.net default password list). */
    static const char *const known[] = {
        "", "cisco", "Cisco", "admin", "administrator", "password", "passw0rd", "Password1",
        "public", "private", "secret", "default", "changeme", "manager", "root", "private@123",
        "1234", "12345", "123456", "12345678", "0000", "enable", "letmein", "test", "guest",
        "user", "operator", "sysadmin", "security", "monitor", "write", "read", "rw", "ro",
        "Siemens", "siemens", "rockwell", "1756", "codesys", "moxa", "hirschmann", "Belden",
        "private123", "public123", "snmp", "community", "netman", NULL};
    size_t i;

    for (i = 0; known[i] != NULL; i++)
        if (strlen(known[i]) == len && strncasecmp(known[i], s, len) == 0)
            return 1;
    return 0;
}

/* message.c - see message.h. */
#include <config.h>
#include "message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int otl_msg_parse(const char *t, struct otl_msgpart **out, size_t *n, char *err, size_t errlen)
{
    struct otl_msgpart *v = NULL;
    size_t k = 0, cap = 0;
    struct otl_sb lit;

    otl_sb_init(&lit, 0);
    while (*t) {
        const char *close;
        if (t[0] == '{' && t[1] == '{') {
            otl_sb_add(&lit, "{", 1);
            t += 2;
            continue;
        }
        if (t[0] != '{') {
            otl_sb_add(&lit, t, 1);
            t++;
            continue;
        }
        close = strchr(t, '}');
        if (close == NULL || close == t + 1) {
            snprintf(err, errlen, "message: unbalanced or empty {} at '%.20s'", t);
            goto fail;
        }
        if (otl_grow(&v, &cap, k + 2, sizeof *v, 8) != 0)
            goto oom;
        /* A failed append leaves the literal short, not empty: check. */
        if (lit.oom)
            goto oom;
        if (lit.len) {
            if ((v[k].text = otl_sb_take(&lit)) == NULL)
                goto oom;
            v[k++].is_xpath = 0;
        }
        if ((v[k].text = strndup(t + 1, (size_t)(close - t - 1))) == NULL)
            goto oom;
        v[k++].is_xpath = 1;
        t = close + 1;
    }
    if (lit.oom)
        goto oom;
    if (lit.len) {
        if (otl_grow(&v, &cap, k + 1, sizeof *v, 8) != 0)
            goto oom;
        if ((v[k].text = otl_sb_take(&lit)) == NULL)
            goto oom;
        v[k++].is_xpath = 0;
    }
    otl_sb_free(&lit);
    *out = v;
    *n = k;
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
fail:
    otl_sb_free(&lit);
    while (k > 0)
        free(v[--k].text);
    free(v);
    return -1;
}

void otl_msg_free(struct otl_msgpart *v, size_t n)
{
    while (n > 0)
        free(v[--n].text);
    free(v);
}

/* ------------------------------------------------------------------ rules */

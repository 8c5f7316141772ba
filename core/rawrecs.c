/* rawrecs.c - see engine.h: the raw tree as records (otl_host.raw_stmt). */
#include <config.h>
#include "opaque.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util.h"

void otl_rawrecs_reset(struct otl_rawrecs *r)
{
    /* What one huge file needed is not kept for the rest of the scan. */
    if (r->tcap + r->cap * sizeof *r->v > ((size_t)1 << 20))
        otl_rawrecs_free(r);
    r->n = 0;
    r->tlen = 0;
}

void otl_rawrecs_free(struct otl_rawrecs *r)
{
    free(r->v);
    free(r->text);
    memset(r, 0, sizeof *r);
}

int otl_rawrecs_add(struct otl_rawrecs *r, unsigned depth, unsigned long line, const char *text,
                    size_t len, unsigned flags)
{
    struct otl_rawrec *e;

    /* Only evidence reads the text (evidence_of), and never more than
     * OTL_MAX_EVIDENCE bytes of it: one byte over keeps its "..." mark. */
    if (len > OTL_MAX_EVIDENCE + 1)
        len = OTL_MAX_EVIDENCE + 1;
    OTL_OPAQUE(len); /* a call to memcpy, not `rep movsq` (opaque.h) */
    if (otl_grow(&r->v, &r->cap, r->n + 1, sizeof *r->v, 512) != 0)
        return -1;
    if (len > SIZE_MAX - r->tlen || otl_grow(&r->text, &r->tcap, r->tlen + len, 1, 16384) != 0)
        return -1;
    memcpy(r->text + r->tlen, text, len);
    e = &r->v[r->n++];
    e->line = line;
    e->off = r->tlen;
    e->len = len;
    e->depth = depth;
    e->flags = flags;
    r->tlen += len;
    return 0;
}

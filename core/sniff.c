/* sniff.c - see sniff.h. */
#include <config.h>
#include "sniff.h"

#include "activity.h"
#include "limits.h"

const struct otl_plugin *otl_sniff(const struct otl_registry *reg, const struct otl_input *in)
{
    struct otl_input head = *in;
    const struct otl_plugin *best = NULL;
    int best_score = 0;
    size_t i;

    if (head.len > OTL_SNIFF_LEN)
        head.len = OTL_SNIFF_LEN;
    for (i = 0; i < reg->n; i++) {
        int s;
        if (reg->v[i].kind != OTL_PLUGIN_FORMAT)
            continue;
        otl_activity_set(&reg->v[i], reg->v[i].format->name, "sniff", in->path);
        s = reg->v[i].format->sniff(&head);
        otl_activity_clear();
        if (s > 100)
            s = 100;
        if (s > best_score) {
            best_score = s;
            best = &reg->v[i];
        }
    }
    return best;
}

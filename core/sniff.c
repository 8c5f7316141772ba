/* sniff.c - see sniff.h. */
#include <config.h>
#include "sniff.h"

#include "activity.h"
#include "limits.h"

int otl_sniff_one(const struct otl_plugin *pl, const struct otl_input *in)
{
    struct otl_input head = *in;
    int s;

    if (head.len > OTL_SNIFF_LEN)
        head.len = OTL_SNIFF_LEN;
    otl_activity_set(pl, pl->format->name, "sniff", in->path);
    s = pl->format->sniff(&head);
    otl_activity_clear();
    return s > 100 ? 100 : s;
}

const struct otl_plugin *otl_sniff(const struct otl_registry *reg, const struct otl_input *in)
{
    const struct otl_plugin *best = NULL;
    int best_score = 0;
    size_t i;

    for (i = 0; i < reg->n; i++) {
        int s;
        if (reg->v[i].kind != OTL_PLUGIN_FORMAT)
            continue;
        s = otl_sniff_one(&reg->v[i], in);
        if (s > best_score) {
            best_score = s;
            best = &reg->v[i];
        }
    }
    return best;
}

/* analyse.c - see analyse.h. */
#include <config.h>
#include "analyse.h"

#include "activity.h"

void otl_check_document(const struct otl_registry *reg, const struct otl_host *host,
                        struct otl_parse_ctx *ctx, struct otl_devdoc *dd, struct otl_file *f)
{
    size_t i;

    for (i = 0; i < reg->n; i++) {
        const struct otl_checker *ck = reg->v[i].checker;
        int bad;
        if (reg->v[i].kind != OTL_PLUGIN_CHECKER || ck->analyse == NULL)
            continue;
        otl_activity_set(&reg->v[i], ck->name, "analyse", f->path);
        bad = ck->analyse(host, ctx, dd) != 0;
        otl_activity_clear();
        if (bad) {
            /* its derived facts are missing: rules reading them would
             * judge less than the document holds (fail closed: exit 3) */
            otl_file_diag(f, OTL_DIAG_ERROR, 0,
                          "checker %s failed on this document: its derived facts are missing, "
                          "so the file counts as read only in part", ck->name);
            if (f->status == OTL_FILE_OK)
                f->status = OTL_FILE_PARTIAL;
        }
    }
}

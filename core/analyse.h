/*
 * analyse.h - check: the checker modules' analyses of one device document
 * (analyse.c), after its parse and before the rules.
 */
#ifndef OTL_ANALYSE_H
#define OTL_ANALYSE_H

#include "loader.h"
#include "result.h"

/* Run every loaded checker's analyse() on dd, in load order.  A checker
 * that fails says so as an error diagnostic of the file (status partial
 * follows from it). */
void otl_check_document(const struct otl_registry *reg, const struct otl_host *host,
                        struct otl_parse_ctx *ctx, struct otl_devdoc *dd, struct otl_file *f);

#endif

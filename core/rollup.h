/*
 * rollup.h - requirement status per device and per scan, and the achieved
 * security level per foundational requirement (docs/requirements.md).
 *
 * Pure functions over the result model: the catalog, a file's rule results
 * (after waivers) and the target SL.  No XML, no I/O.
 */
#ifndef OTL_ROLLUP_H
#define OTL_ROLLUP_H

#include "catalog.h"
#include "result.h"

/* Roll up one evaluated file.  `target_sl`: 1..4, or 0 for none (then
 * every level up to 4 is judged).  NULL on allocation failure. */
struct otl_rollup *otl_rollup_device(const struct otl_catalog *cat, const struct otl_file *f,
                                     int target_sl);

/* Roll up the whole scan from the files' roll-ups (files without one are
 * left out).  NULL on allocation failure. */
struct otl_rollup *otl_rollup_scan(const struct otl_catalog *cat, const struct otl_scan *scan);

void otl_rollup_free(struct otl_rollup *r);

/* The scan roll-up built device by device, for a scan that frees each file
 * once it is written: new (NULL on allocation failure), add each device's
 * roll-up (NULL is skipped), finish (NULL on allocation failure; the
 * accumulator stays the caller's to free). */
struct otl_rollup_acc;
struct otl_rollup_acc *otl_rollup_acc_new(const struct otl_catalog *cat);
void otl_rollup_acc_add(struct otl_rollup_acc *a, const struct otl_rollup *device);
struct otl_rollup *otl_rollup_acc_finish(struct otl_rollup_acc *a, int target_sl);
void otl_rollup_acc_free(struct otl_rollup_acc *a);

/* Keep only the FR levels (target, achieved, ceiling) of a device roll-up
 * that has been written: what the text report's SL table needs at the end. */
void otl_rollup_shrink(struct otl_rollup *r);

/* Is requirement `r` in scope for a device of `classes` at `target_sl`?
 * (62443-3-3 and 4-2 requirements up to the target, 4-2 only CR and the
 * device type's EDR/NDR; every 2-1 and 2-4 entry.) */
int otl_rollup_in_scope(const struct otl_req *r, unsigned classes, int target_sl);

#endif

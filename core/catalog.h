/*
 * catalog.h - IEC 62443 requirement catalogs (baselines/requirements/NAME.xml).
 *
 * A catalog file holds the identifiers, short titles and security-level
 * tables of one standard (facts only, never the standards' prose), validated
 * on load against baselines/schema/requirements.rng.  Rules reference its
 * entries by standard + id; the roll-up (rollup.h) gives every entry a status
 * per device.
 *
 * Shape of a catalog file (docs/requirements.md):
 *
 *   <catalog xmlns="urn:otlint:requirements:1" standard="IEC 62443-3-3"
 *            edition="2013" title="System security requirements and security levels">
 *     <group id="FR 1" fr="1" abbrev="IAC" title="Identification and authentication control">
 *       <req id="SR 1.1" sl="1" title="Human user identification and authentication">
 *         <req id="SR 1.1 RE 1" sl="2" title="Unique identification and authentication"/>
 *       </req>
 *     </group>
 *   </catalog>
 *
 * Level 0 is a <group> (an FR of 62443-3-3 / 4-2, a security program element
 * of 2-1, a functional area of 2-4), level 1 a <req> (SR, CR/EDR/HDR/NDR/SAR,
 * 2-1 sub-element, 2-4 numbered requirement), level 2 a nested <req> (an RE,
 * or a numbered 2-1 requirement under its sub-element).
 *
 * Everything is owned by the catalog and read-only once loaded, so threads
 * may share it.
 */
#ifndef OTL_CATALOG_H
#define OTL_CATALOG_H

#include <stddef.h>
#include "util.h"

struct otl_req {
    const char *standard; /* "IEC 62443-3-3", "IEC 62443-4-2", "IEC 62443-2-1", "IEC 62443-2-4" */
    const char *id;       /* "FR 1", "SR 1.1", "SR 1.1 RE 1", "CR 2.11 RE 1", "EDR 3.10",
                             "SPE 4", "COMP 1", "USER 2.1", "SP.03", "SP.03.05" */
    const char *title;    /* short title; NULL where the reference has none */
    const char *abbrev;   /* groups of 3-3/4-2: "IAC", "UC" ...; NULL otherwise */
    const char *confidence; /* "V", "M" or "U" as the reference rates it; NULL = not rated */
    const char *note;     /* short remark (e.g. "COR1:2014 touches this row"); NULL */
    int level;            /* 0 group, 1 requirement, 2 nested requirement */
    int parent;           /* index of the parent entry in the catalog, -1 for groups */
    int fr;               /* 1..7 for 62443-3-3 and 62443-4-2 entries; 0 for 2-1 / 2-4 */
    int sl;               /* lowest SL (1..4) at which it is required; 0 = not tied to an SL
                             (groups, 2-1, 2-4) */
    const char *file;     /* catalog file */
    unsigned long line;   /* line of the element */
};

struct otl_catalog_std {
    const char *standard; /* "IEC 62443-3-3" */
    const char *edition;  /* "2013" */
    const char *title;    /* "System security requirements and security levels" */
    const char *file;
};

struct otl_catalog {
    struct otl_req *v; /* every entry of every loaded file, in file order (groups before their
                          members, members in document order); files in load order */
    size_t n;
    struct otl_catalog_std *stds;
    size_t nstds;
    void *priv; /* lookup index and string storage (catalog.c) */
};

void otl_catalog_init(struct otl_catalog *cat);
void otl_catalog_free(struct otl_catalog *cat);

/* Load one catalog file, or every *.xml of a directory (sorted by name).
 * `schema_dir` holds requirements.rng.  Errors (unreadable, invalid against
 * the schema, a duplicate id within a standard, a standard loaded twice, a
 * nested requirement whose SL is below its parent's) are reported through
 * fn with file:line.  Returns the number of errors (0 ok). */
int otl_catalog_load(struct otl_catalog *cat, const char *path, const char *schema_dir,
                     otl_errfn fn, void *arg);

/* The entry `id` of `standard`, or NULL.  O(log n). */
const struct otl_req *otl_catalog_find(const struct otl_catalog *cat, const char *standard,
                                       const char *id);

/* Index of `r` in cat->v (r must belong to cat). */
size_t otl_catalog_index(const struct otl_catalog *cat, const struct otl_req *r);

/* Short name of a standard for compact output: "IEC 62443-3-3" -> "3-3". */
const char *otl_standard_short(const char *standard);

#endif

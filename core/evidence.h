/*
 * evidence.h - what a finding shows (evidence.c): the redacted statement of
 * the raw tree at the finding's line (from elements or records) or the
 * node's start tag, and the finding's object identity (fingerprints).
 */
#ifndef OTL_EVIDENCE_H
#define OTL_EVIDENCE_H

#include <stddef.h>
#include <libxml/tree.h>

struct otl_rawrec;
struct otl_rawrecs;

/* Open-addressing map from a node pointer to an unsigned value. */
struct otl_ptrent {
    const void *key;
    unsigned val;
};
struct otl_ptrtab {
    struct otl_ptrent *v;
    size_t cap, n; /* cap: a power of two, or 0 */
};

/* A raw element or record by its line. */
struct otl_lineref {
    unsigned long line;
    xmlNodePtr node;
    const struct otl_rawrec *rec;
};

/* Per evaluator, filled per document. */
struct otl_evidence {
    /* raw elements (or records) by line */
    struct otl_lineref *lines;
    size_t nlines, caplines;
    /* ordinals of elements among same-keyed siblings, for finding
     * identities; filled one parent at a time */
    struct otl_ptrtab ords, done;
    const struct otl_rawrecs *recs; /* the records, when the raw tree came so */
};

/* Index the document's raw tree (or e->recs) by line.  0, -1 out of memory. */
int otl_evidence_index(struct otl_evidence *e, xmlNodePtr raw);
/* Evidence text for node n at `line` (malloc'd, NULL when none; *oom set
 * when memory ran out). */
char *otl_evidence_of(struct otl_evidence *e, xmlNodePtr n, xmlNodePtr raw, unsigned long line,
                      int *oom);
/* The object a finding is about, as a path of keyed steps from the device
 * (malloc'd; NULL out of memory). */
char *otl_evidence_object(struct otl_evidence *e, xmlNodePtr n, xmlNodePtr device);
void otl_evidence_free(struct otl_evidence *e);

#endif

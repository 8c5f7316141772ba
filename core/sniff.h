/*
 * sniff.h - which format plugin reads a file (sniff.c).
 */
#ifndef OTL_SNIFF_H
#define OTL_SNIFF_H

#include "loader.h"

/* Every format plugin scores the first OTL_SNIFF_LEN bytes (0-100); the
 * highest score above 0 wins, the first loaded on a tie.  NULL: none. */
const struct otl_plugin *otl_sniff(const struct otl_registry *reg, const struct otl_input *in);

/* The score of one format plugin (`--format`: the file must show a sign of
 * the forced format, a score above 0; docs/file-accounting.md). */
int otl_sniff_one(const struct otl_plugin *pl, const struct otl_input *in);

#endif

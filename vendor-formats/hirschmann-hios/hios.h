/* hios.h - the hirschmann-hios plugin reads two forms of a HiOS export:
 * the XML configuration (hios.c: the plugin, its sniff and dispatch) and
 * the CLI script of `show running-config script` (hios-cli.c).  This is the
 * interface between the two files. */
#ifndef OTL_HIOS_H
#define OTL_HIOS_H

#include "otlint-plugin.h"

/* 0..100: how sure that in is a HiOS CLI script (0: not one). */
int hios_cli_sniff(const struct otl_input *in);

/* Read a CLI script into dd (facts and raw records), as a plugin's parse()
 * would; the status it returns is the plugin's. */
enum otl_parse_status hios_cli_parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                     const struct otl_input *in, struct otl_devdoc *dd);

#endif

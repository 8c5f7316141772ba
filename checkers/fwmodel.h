/*
 * fwmodel.h - the firewall model's derived facts (issue 24), part of the
 * addresses checker module: fwmodel.c resolves objects and groups and
 * writes derived/@addresses, @services, @any, @source-any, ...;
 * fwports.c classifies ports as industrial or management protocols.
 * docs/facts.md "Derived facts of the firewall model".
 */
#ifndef OTL_FWMODEL_H
#define OTL_FWMODEL_H

#include <stdint.h>
#include <stddef.h>
#include <libxml/tree.h>

/* addresses.c: 1 when the address text (a literal of the firewall model)
 * means every address (any, 0.0.0.0/0, ::/0, 0.0.0.0-255.255.255.255), 0
 * when it is a narrower address, -1 when it is no address at all. */
int fw_addr_any(const char *s);

/* fwports.c: the protocols whose ports intersect lo..hi (TCP or UDP) as
 * bits; fw_ports_all() is every bit; fw_ports_names() writes the names of
 * the bits of `bits` that are industrial (mgmt 0) or management (mgmt 1),
 * space-separated, into buf. */
uint64_t fw_ports_bits(unsigned lo, unsigned hi);
uint64_t fw_ports_all(void);
void fw_ports_names(uint64_t bits, int mgmt, char *buf, size_t len);

/* fwmodel.c: the derived facts of every fw-* and mgmt-access fact under
 * facts; 0, or -1 when memory runs out. */
int fw_analyse(xmlNodePtr facts);

/* The work counter of the last fw_analyse() (table probes, set merges):
 * the unit tests compare it between document sizes. */
unsigned long fw_work(void);

#endif

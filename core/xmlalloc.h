/*
 * xmlalloc.h - libxml2's allocator: per-thread free lists (xmlalloc.c).
 */
#ifndef OTL_XMLALLOC_H
#define OTL_XMLALLOC_H

#include <stddef.h>

/* Install it (xmlMemSetup).  Call first, before any other libxml2 call.
 * Returns 1 installed, 0 not used (an AddressSanitizer build: libxml2 on
 * plain malloc, so that the sanitizer sees every free), -1 on failure
 * (libxml2 keeps malloc). */
int otl_xml_alloc_init(void);

/* Free the blocks the calling thread keeps (other threads release theirs
 * when they end).  For the main thread before exit. */
void otl_xml_alloc_release(void);

/* Bytes the calling thread keeps now (for the tests). */
size_t otl_xml_alloc_kept(void);

#endif

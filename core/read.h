/*
 * read.h - read: a file's bytes, in a worker's buffer or mapped (read.c).
 */
#ifndef OTL_READ_H
#define OTL_READ_H

#include <stddef.h>
#include "otlint.h"
#include "result.h"

/* A worker's read buffer, grown to the largest file it has read (at most
 * READ_MAX) and used again for every file: a fresh buffer per file left
 * the allocator's arenas fragmented, and the RSS crept up with the number
 * of files scanned (bench: 10,000 files against 1,000). */
struct otl_rbuf {
    unsigned char *p;
    size_t cap;
};

/* Read a whole file: read() up to READ_MAX (1 MiB), mmap above (*mapped
 * says which; *data is then rb's buffer when rb is given, else malloc'd).
 * Refuses FIFOs, devices and sockets (a FIFO would block), and files over
 * `max` bytes.  0, or -1 with f's status and a diagnostic set. */
int otl_read_input(const char *path, size_t max, unsigned char **data, size_t *len,
                   int *mapped, struct otl_file *f, struct otl_rbuf *rb);
/* Standard input, to its end, at most `max` bytes (over it: status limit);
 * *data is malloc'd (release with mapped 0 and no rb).  0, or -1 with f's
 * status and a diagnostic set. */
int otl_read_stdin(size_t max, unsigned char **data, size_t *len, struct otl_file *f);
/* Give back what otl_read_input() returned (nothing for rb's buffer). */
void otl_read_release(unsigned char *data, size_t len, int mapped, const struct otl_rbuf *rb);
void otl_rbuf_free(struct otl_rbuf *rb);

#endif

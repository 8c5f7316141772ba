/* read.c - see read.h. */
#include <config.h>
#include "read.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Up to this size a file is read into the heap; above it, mapped (the
 * streaming XML reader releases the pages behind it).  Unmapping in a
 * process with several threads costs each thread a TLB flush: with a
 * mapping per file that was a tenth of the scan's system time at -j2. */
#define READ_MAX (1u << 20)

int otl_read_input(const char *path, size_t max, unsigned char **data, size_t *len,
                   int *mapped, struct otl_file *f, struct otl_rbuf *rb)
{
    struct stat st;
    void *p;
    int fd;

    *data = NULL;
    *len = 0;
    fd = otl_open_regular(path, &st); /* a FIFO or a device would block */
    if (fd < 0) {
        if (fd == OTL_NOT_REGULAR)
            otl_file_diag(f, OTL_DIAG_ERROR, 0, "not a regular file");
        else
            otl_file_diag(f, OTL_DIAG_ERROR, 0, "cannot open: %s", strerror(errno));
        f->status = OTL_FILE_UNREADABLE;
        return -1;
    }
    if ((unsigned long long)st.st_size > (unsigned long long)max) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "file is %llu bytes, over the limit of %zu (--max-file-size)",
                      (unsigned long long)st.st_size, max);
        f->status = OTL_FILE_LIMIT;
        close(fd);
        return -1;
    }
    *mapped = 0;
    if (st.st_size == 0) {
        close(fd);
        return 0;
    }
    if (st.st_size <= READ_MAX) {
        size_t want = (size_t)st.st_size, got = 0;
        unsigned char *b;
        if (rb != NULL && rb->cap < want) {
            free(rb->p);
            rb->cap = 0;
            if ((rb->p = malloc(want)) != NULL)
                rb->cap = want;
        }
        b = rb != NULL ? rb->p : malloc(want);
        if (b == NULL) {
            otl_file_out_of_memory(f, "while reading");
            close(fd);
            return -1;
        }
        /* A file that shrinks while read is read as it is now; one that
         * grows, up to the size it had. */
        while (got < want) {
            ssize_t k = read(fd, b + got, want - got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                otl_file_diag(f, OTL_DIAG_ERROR, 0, "cannot read: %s", strerror(errno));
                f->status = OTL_FILE_UNREADABLE;
                if (rb == NULL)
                    free(b);
                close(fd);
                return -1;
            }
            if (k == 0)
                break;
            got += (size_t)k;
        }
        close(fd);
        if (got == 0) {
            if (rb == NULL)
                free(b);
            return 0;
        }
        *data = b;
        *len = got;
        return 0;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "cannot map: %s", strerror(errno));
        f->status = OTL_FILE_UNREADABLE;
        return -1;
    }
    *data = p;
    *len = (size_t)st.st_size;
    *mapped = 1;
    return 0;
}

/* Standard input (`otlint scan -`): read to the end into the heap, at most
 * `max` bytes (the same limit as a file; one byte more says it is over). */
int otl_read_stdin(size_t max, unsigned char **data, size_t *len, struct otl_file *f)
{
    size_t cap = 0, got = 0, lim = max < SIZE_MAX ? max + 1 : max;
    unsigned char *b = NULL;

    *data = NULL;
    *len = 0;
    for (;;) {
        ssize_t k;
        if (got == cap) {
            size_t want = cap == 0 ? 65536 : cap > SIZE_MAX / 2 ? lim : cap * 2;
            unsigned char *nb;
            if (cap >= lim) { /* max + 1 bytes read: over the limit */
                otl_file_diag(f, OTL_DIAG_ERROR, 0,
                              "standard input is over the limit of %zu bytes (--max-file-size)", max);
                f->status = OTL_FILE_LIMIT;
                free(b);
                return -1;
            }
            if (want > lim)
                want = lim;
            if ((nb = realloc(b, want)) == NULL) {
                free(b);
                otl_file_out_of_memory(f, "while reading standard input");
                return -1;
            }
            b = nb;
            cap = want;
        }
        k = read(STDIN_FILENO, b + got, cap - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            otl_file_diag(f, OTL_DIAG_ERROR, 0, "cannot read standard input: %s", strerror(errno));
            f->status = OTL_FILE_UNREADABLE;
            free(b);
            return -1;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    if (got == 0)
        free(b);
    else {
        *data = b;
        *len = got;
    }
    return 0;
}

void otl_read_release(unsigned char *data, size_t len, int mapped, const struct otl_rbuf *rb)
{
    if (mapped)
        munmap(data, len);
    else if (rb == NULL)
        free(data);
}

void otl_rbuf_free(struct otl_rbuf *rb)
{
    free(rb->p);
    rb->p = NULL;
    rb->cap = 0;
}

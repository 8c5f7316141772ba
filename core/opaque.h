/*
 * opaque.h - OTL_OPAQUE(n): make the compiler forget what it knows of n.
 *
 * Given a bound on a length (a clamp, a buffer's size), GCC expands memcpy
 * and memset inline as `rep movs` / `rep stos`, whose start-up costs more
 * than the short copies of a parser's inner loops take through glibc's
 * memcpy (perf; docs/benchmark.md).  Used where such a copy runs per statement or per
 * element; elsewhere the compiler's choice stands.  Core and plugins.
 */
#ifndef OTL_OPAQUE_H
#define OTL_OPAQUE_H

#if defined(__GNUC__)
#define OTL_OPAQUE(n) __asm__("" : "+r"(n))
#else
#define OTL_OPAQUE(n) ((void)0)
#endif

#endif

/*
 * rounds.h - how many rounds a randomized unit test runs.
 *
 * A sanitized build (configure --enable-asan/ubsan/tsan: OTL_SANITIZED in
 * config.h, or a compiler that says so) runs ten times fewer: the
 * comparison still covers thousands of inputs, and the test's time stays
 * that of a plain build on a loaded machine (issue 23).
 */
#ifndef OTL_TEST_ROUNDS_H
#define OTL_TEST_ROUNDS_H

#if !defined(OTL_SANITIZED) && (defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__))
#define OTL_SANITIZED 1
#endif
#if defined(__has_feature)
#if !defined(OTL_SANITIZED) && (__has_feature(address_sanitizer) || __has_feature(thread_sanitizer))
#define OTL_SANITIZED 1
#endif
#endif

#ifdef OTL_SANITIZED
#define OTL_ROUNDS(n) ((n) / 10)
#else
#define OTL_ROUNDS(n) (n)
#endif

#endif

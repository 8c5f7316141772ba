/*
 * oom-formats.h - the format plugins compiled into tests/oom/oom-scan.
 *
 * A plugin loaded with dlopen() calls the C library's allocator directly,
 * where the test's -Wl,--wrap hook cannot see it.  So the test compiles the
 * plugin sources into itself (fmt-*.c), each under its own descriptor name:
 * every plugin calls its descriptor otlint_format, which would clash.
 */
#ifndef OTL_OOM_FORMATS_H
#define OTL_OOM_FORMATS_H

#include "otlint.h"

extern const struct otl_format otl_oom_cisco_ios;
extern const struct otl_format otl_oom_rockwell_l5x;
extern const struct otl_format otl_oom_codesys_cfg;
extern const struct otl_checker otl_oom_versions;

#endif

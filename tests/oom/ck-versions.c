/* ck-versions.c - the versions checker compiled into oom-scan (see
 * oom-formats.h), so that rules calling otl:version-cmp run as in otlint. */
#include <config.h>
#include "oom-formats.h"

#define otlint_checker otl_oom_versions
#include "../../checkers/versions.c"

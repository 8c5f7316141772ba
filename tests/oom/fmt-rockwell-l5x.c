/* fmt-rockwell-l5x.c - the rockwell-l5x plugin compiled into oom-scan (see oom-formats.h). */
#include <config.h>
#include "oom-formats.h"

#define otlint_format otl_oom_rockwell_l5x
#include "../../vendor-formats/rockwell-l5x/rockwell-l5x.c"

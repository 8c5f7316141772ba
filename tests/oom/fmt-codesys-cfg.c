/* fmt-codesys-cfg.c - the codesys-cfg plugin compiled into oom-scan (see oom-formats.h). */
#include <config.h>
#include "oom-formats.h"

#define otlint_format otl_oom_codesys_cfg
#include "../../vendor-formats/codesys-cfg/codesys-cfg.c"

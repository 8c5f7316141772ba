/* fmt-cisco-ios.c - the cisco-ios plugin compiled into oom-scan (see oom-formats.h). */
#include <config.h>
#include "oom-formats.h"

#define otlint_format otl_oom_cisco_ios
#include "../../vendor-formats/cisco-ios/cisco-ios.c"

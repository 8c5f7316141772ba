/* activity.c - see activity.h. */
#include <config.h>
#include "activity.h"

static __thread struct otl_activity activity;

const struct otl_activity *otl_activity_current(void)
{
    return &activity;
}

void otl_activity_set(const struct otl_plugin *pl, const char *name, const char *stage,
                      const char *input)
{
    activity.input = input;
    activity.plugin = name;
    activity.file = pl->path;
    /* The stage last: the crash handler reports only when it is set. */
    __atomic_store_n(&activity.stage, stage, __ATOMIC_RELEASE);
}

void otl_activity_clear(void)
{
    __atomic_store_n(&activity.stage, NULL, __ATOMIC_RELEASE);
}

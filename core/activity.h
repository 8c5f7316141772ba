/*
 * activity.h - what each thread is doing inside plugin code (activity.c),
 * for the crash report of main.c.
 */
#ifndef OTL_ACTIVITY_H
#define OTL_ACTIVITY_H

#include "loader.h"

/* What a thread is doing inside plugin code, for the crash report of
 * main.c: a plugin that crashes takes the whole process down (there is no
 * per-file isolation; see docs/hostile-input.md), and the report must name
 * the plugin, the stage and the file.  Set by the scan around every sniff,
 * parse and analyse call; all NULL outside them.  Read from a signal
 * handler: plain pointers to strings that outlive the call. */
struct otl_activity {
    const char *plugin; /* format or checker name */
    const char *file;   /* plugin path (.so) or NULL when linked in */
    const char *stage;  /* "sniff", "parse", "analyse" */
    const char *input;  /* the input file */
};
const struct otl_activity *otl_activity_current(void);
/* Around every call into a plugin: set before (the stage last, so that the
 * handler reports only complete records), cleared after. */
void otl_activity_set(const struct otl_plugin *pl, const char *name, const char *stage,
                      const char *input);
void otl_activity_clear(void);

#endif

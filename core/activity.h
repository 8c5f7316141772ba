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

/* The wall-clock budget of the file this thread works on (--time-limit):
 * start it with the limit in seconds (0: none) when the file is taken;
 * passed() is 1 once it is spent.  The parse (the plugin, through
 * host->expired) and the evaluation (between rules) stop then; a plugin
 * that does not is abandoned by the scan's watchdog (scan.c). */
void otl_deadline_start(double seconds);
int otl_deadline_passed(void);

/* The calling thread's alternate signal stack (sigaltstack), so that the
 * crash handler of main.c runs even when the thread overflowed its stack:
 * every worker thread sets one up when it starts and gives it back
 * (otl_thread_altstack_free) when it ends.  Returns the stack to free, or
 * NULL when none could be set up (then an overflow dies of SIGSEGV). */
void *otl_thread_altstack(void);
void otl_thread_altstack_free(void *stack);

/* Leave now with `code`, without atexit handlers, stdio flushing or
 * sanitizer reports (the exit_group system call): otlint's one way out
 * besides returning from main.  main.c defines exit, _exit and _Exit so
 * that a plugin calling them is caught, which is why this does not call
 * any of them. */
__attribute__((noreturn)) void otl_exit_now(int code);

#endif

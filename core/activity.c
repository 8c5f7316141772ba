/* activity.c - see activity.h. */
#include <config.h>
#include "activity.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

static __thread struct timespec deadline; /* {0, 0}: none */

void otl_deadline_start(double seconds)
{
    memset(&deadline, 0, sizeof deadline);
    if (seconds <= 0)
        return;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)seconds;
    deadline.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
}

int otl_deadline_passed(void)
{
    struct timespec now;

    if (deadline.tv_sec == 0 && deadline.tv_nsec == 0)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > deadline.tv_sec ||
           (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

/* 64 KiB: the crash report needs a few hundred bytes of stack; sanitizers'
 * own handlers need more. */
#define ALTSTACK_SIZE (64 * 1024)

void *otl_thread_altstack(void)
{
    stack_t ss;
    void *p = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return NULL;
    ss.ss_sp = p;
    ss.ss_size = ALTSTACK_SIZE;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0) {
        munmap(p, ALTSTACK_SIZE);
        return NULL;
    }
    return p;
}

void otl_thread_altstack_free(void *stack)
{
    stack_t ss;

    if (stack == NULL)
        return;
    ss.ss_sp = NULL;
    ss.ss_size = ALTSTACK_SIZE;
    ss.ss_flags = SS_DISABLE;
    (void)sigaltstack(&ss, NULL);
    munmap(stack, ALTSTACK_SIZE);
}

void otl_exit_now(int code)
{
    for (;;)
        syscall(SYS_exit_group, code);
}

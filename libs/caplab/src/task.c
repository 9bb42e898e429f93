/*
 * task.c - caplab_task_todo(), behind TASK_TODO() in caplab/task.h.
 *
 * A TASK stub ends the whole run, wherever it stands.  In an app (a
 * program spawned with sel4utils) exit() stops only that app, as on seL4:
 * the app's start-up sets libc's __caplab_process_exit hook (libc sys.c).
 * The root task would then wait for the app forever, so the stub clears
 * the hook first and exit() halts the machine with the status the grader
 * reads.  The hook is declared weak: the host unit tests link task.c
 * without libc's sys.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <caplab/task.h>

extern void (*__caplab_process_exit)(int status) __attribute__((weak));

_Noreturn void caplab_task_todo(int n, const char *what)
{
    printf("caplab: TASK %d is not done yet: %s\n", n, what);
    if (&__caplab_process_exit != NULL)
        __caplab_process_exit = NULL;
    exit(CAPLAB_TASK_STATUS(n));
}

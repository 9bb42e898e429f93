/*
 * task.c - caplab_task_todo(), behind TASK_TODO() in caplab/task.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <caplab/task.h>

_Noreturn void caplab_task_todo(int n, const char *what)
{
    printf("caplab: TASK %d is not done yet: %s\n", n, what);
    exit(CAPLAB_TASK_STATUS(n));
}

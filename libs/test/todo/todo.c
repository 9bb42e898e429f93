/*
 * todo.c - a root task whose work is "not done yet": TASK_TODO must print
 * its one line and end the run with status 100 + n, before anything after
 * it runs.
 */
#include <stdio.h>
#include <caplab/task.h>

int main(void)
{
    printf("libs-todo: before the task\n");
    TASK_TODO(2, "retype an endpoint from an untyped");
    printf("libs-todo: after the task (must not appear)\n");
    return 0;
}

/*
 * caplab/task.h - marking a lab TASK that has not been solved yet.
 *
 * In the exercise version of a lab, the code of each unsolved TASK is
 * replaced by
 *
 *     TASK_TODO(3, "create an endpoint and badge two copies of it");
 *
 * which prints exactly one line on the console,
 *
 *     caplab: TASK 3 is not done yet: create an endpoint and badge two copies of it
 *
 * and halts the machine with exit status 100 + n (103 here), in an app
 * (a process) too, where exit() would stop only the app.  So an unsolved
 * lab builds, runs, and stops at once with a message naming the next TASK;
 * the grader reads both the line and the status from the `halt` event.
 * It never returns, so it can stand where a value would be computed.
 */
#pragma once

_Noreturn void caplab_task_todo(int n, const char *what);

#define TASK_TODO(n, what) caplab_task_todo((n), (what))

/* Exit statuses: TASK n not done -> CAPLAB_TASK_STATUS(n). */
#define CAPLAB_TASK_STATUS_BASE 100
#define CAPLAB_TASK_STATUS(n)   (CAPLAB_TASK_STATUS_BASE + (n))

/*
 * include_solution: the whole submission is one #include of the lab's
 * solution, reached from the folder the grader builds in
 * (build/grader/kernel-objects/src/, four levels below the repository).
 *
 * It would compile, and pass every step with someone else's work.  The
 * build runs in a sandbox that holds the kit and the submission but no
 * solutions/ folder: gcc says "No such file or directory".
 */
#include "../../../../solutions/kernel-objects/main.c"

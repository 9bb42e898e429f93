/*
 * include_solution: the whole submission is one #include of the lab's
 * solution, reached from the folder the grader builds in
 * (build/grader/kernel-objects/src/, four levels below the repository).
 *
 * It compiles, and it would pass every step with someone else's work.
 * The grader reads the files gcc read (the -MMD dependency files) and
 * refuses a build that used anything but the submission's own files and
 * the library headers: `build_failed`, naming the included file.
 */
#include "../../../../solutions/kernel-objects/main.c"

/*
 * include_solution_absolute: the lab's solution, #included by its
 * absolute path (@ROOT@ is the repository, filled in by the test).  The
 * sandbox holds no solutions/ folder: "No such file or directory".
 */
#include "@ROOT@/solutions/kernel-objects/main.c"

/*
 * system_header_solution: main.c includes hide.h, a "system header" that
 * includes the kernel-objects solution.  The sandbox holds no solutions/:
 * the build fails with "No such file or directory".
 */
#include "hide.h"

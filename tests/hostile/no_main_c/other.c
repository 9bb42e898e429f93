/*
 * other.c: the only file of the no_main_c submission.  The kernel-objects
 * lab takes main.c from the submission and nothing else, so the grader
 * must say that main.c is missing.
 */
int other(void)
{
    return 0;
}

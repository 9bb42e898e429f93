/*
 * return_minus_one: main returns -1.
 *
 * An exit status is 8 bits wide, as in a shell: -1 becomes 255.  `grader
 * run` must exit with 255, the status a shell would show.
 */
int main(void)
{
    return -1;
}

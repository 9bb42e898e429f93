/*
 * undefined_reference: compiles, but calls a function nothing defines, so
 * the link fails.  The grader shows the linker's line naming the function
 * and main.c's line, with no temporary build paths in them.
 */
void caplab_no_such_function(void);

int main(void)
{
    caplab_no_such_function();
    return 0;
}

/*
 * syntax_error: a missing semicolon.  The build fails; the grader shows
 * gcc's message with the student's file name and line, and no traceback.
 */
int main(void)
{
    return 0
}

/*
 * error_directive: stops the build on purpose with #error.
 */
#error "this submission refuses to be built"

int main(void)
{
    return 0;
}

/*
 * has_include_probe: __has_include tells whether a file exists without
 * reading it.  Each probe below names a host file that a build must not
 * see (the solution, the grader, the tests, a home folder, /etc) and
 * stops the build if it exists; @ROOT@ is the repository (filled in by
 * the test).  In the sandbox none exists: the build succeeds and the
 * program exits with 0 after checking that the kit's headers are there.
 */
#if __has_include("@ROOT@/solutions/kernel-objects/main.c") || \
    __has_include("../../../../solutions/kernel-objects/main.c") || \
    __has_include("@ROOT@/grader/judge.py") || \
    __has_include("@ROOT@/tests/hostile/README.md") || \
    __has_include("/root/.bashrc") || __has_include("/etc/passwd") || \
    __has_include("/etc/hostname") || __has_include("/home")
#error "the build can see a host file it must not"
#endif
#if !__has_include(<sel4/sel4.h>)
#error "the kit's headers are missing"
#endif

int main(void)
{
    return 0;
}

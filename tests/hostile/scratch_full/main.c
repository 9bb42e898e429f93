/*
 * scratch_full: main.c and fill1.c .. fill4.c each make a 60 MiB object:
 * 300 MiB in all, more than the build's scratch space (a 256 MiB tmpfs),
 * though no single file passes the 64 MiB limit.  The build fails with
 * "No space left on device", and the grader says what the limit is.
 */
__asm__(".data\n.fill 60 << 20, 1, 0\n.previous");

int main(void)
{
    return 0;
}

/*
 * fill_huge_object: a .fill that makes the assembler write an object file
 * of 256 MiB.  No file of the build may pass 64 MiB (RLIMIT_FSIZE): the
 * build fails and says so.
 */
__asm__(".data\n.fill 0x10000000, 1, 0\n.previous");

int main(void)
{
    return 0;
}

/*
 * link_huge: main.c and more.c each hold 40 MiB of data, so each object is
 * allowed, but the linker would write an 80 MiB image: the file-size limit
 * of the build stops it.
 */
__asm__(".data\n.fill 40 << 20, 1, 0\n.previous");

int main(void)
{
    return 0;
}

/*
 * more.c: the second 40 MiB object of link_huge.
 */
__asm__(".data\n.fill 40 << 20, 1, 0\n.previous");

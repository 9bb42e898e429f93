/*
 * fill3.c: one more 60 MiB object of scratch_full.
 */
__asm__(".data\n.fill 60 << 20, 1, 0\n.previous");

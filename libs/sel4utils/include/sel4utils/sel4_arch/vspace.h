/*
 * sel4utils/sel4_arch/vspace.h - the x86_64 shape the vspace library
 * works with: four levels of 512 entries, at most this many paging
 * structures made for one mapping, and where user addresses end.
 */
#pragma once

#include <autoconf.h>

/* First address the vspace never hands out (seL4_UserTop on x86_64). */
#define KERNEL_RESERVED_START 0x00007ffffffff000
/* Paging structures one mapping may need made, with room to spare. */
#define VSPACE_MAP_PAGING_OBJECTS 5

#define VSPACE_LEVEL_BITS 9
#define VSPACE_NUM_LEVELS 4

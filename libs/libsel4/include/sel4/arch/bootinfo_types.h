/*
 * sel4/arch/bootinfo_types.h - x86 chunks of the extended BootInfo (after
 * the BootInfo frame, extraLen bytes of {seL4_BootInfoHeader, data}
 * records).  caplab's kernel passes none (extraLen is 0); the multiboot
 * memory-map record is declared so code that looks for it compiles.
 */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>

#define SEL4_MULTIBOOT_MAX_MMAP_ENTRIES 50
#define SEL4_MULTIBOOT_RAM_REGION_TYPE  1

/* One multiboot memory-map entry. */
typedef struct seL4_X86_mb_mmap {
    seL4_Uint32 size;
    seL4_Uint64 base_addr;
    seL4_Uint64 length;
    seL4_Uint32 type;              /* 1: RAM */
} SEL4_PACKED seL4_X86_mb_mmap_t;

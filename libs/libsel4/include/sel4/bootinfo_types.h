/*
 * sel4/bootinfo_types.h - seL4_BootInfo, seL4_SlotRegion, seL4_UntypedDesc
 * and the extended-BootInfo records.  The main ones live in <sel4/types.h>
 * (the kernel includes that); this header adds the x86 records.
 */
#pragma once

#include <sel4/types.h>
#include <sel4/arch/bootinfo_types.h>

/* The multiboot memory map, as an extended-BootInfo record. */
typedef struct seL4_X86_BootInfo_mmap {
    seL4_BootInfoHeader header;
    seL4_Uint32 mmap_length;
    seL4_X86_mb_mmap_t mmap[SEL4_MULTIBOOT_MAX_MMAP_ENTRIES];
} SEL4_PACKED seL4_X86_BootInfo_mmap_t;

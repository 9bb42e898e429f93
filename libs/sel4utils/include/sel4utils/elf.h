/*
 * sel4utils/elf.h - loading an ELF image into an address space.
 *
 * Every PT_LOAD segment becomes a region of whole pages, reserved in the
 * loadee's vspace and backed by new frames (read-only unless the segment
 * is writable); the file bytes are copied in through temporary mappings
 * in the loader's vspace, the rest stays zero.
 */
#pragma once

#include <elf.h>
#include <elf/elf.h>
#include <sel4/sel4.h>
#include <vka/vka.h>
#include <vspace/vspace.h>

typedef Elf64_Phdr Elf_Phdr;

typedef struct sel4utils_elf_region {
    seL4_CapRights_t rights;
    uintptr_t elf_vstart;      /* page-aligned start */
    size_t size;               /* bytes, whole pages */
    reservation_t reservation;
    int cacheable;
    int global;
} sel4utils_elf_region_t;

/* Loads elf into loadee; returns the entry point, NULL on failure.  The
 * regions (sel4utils_elf_num_regions of them) are recorded if regions is
 * not NULL.  mapanywhere must be 0 (static images load at their address). */
void *sel4utils_elf_load_record_regions(vspace_t *loadee, vspace_t *loader, vka_t *loadee_vka,
                                        vka_t *loader_vka, elf_t *elf,
                                        sel4utils_elf_region_t *regions, int mapanywhere);

void *sel4utils_elf_load(vspace_t *loadee, vspace_t *loader, vka_t *loadee_vka,
                         vka_t *loader_vka, elf_t *elf);

/* Address of the vsyscall entry (0: static images have none). */
uintptr_t sel4utils_elf_get_vsyscall(elf_t *elf);

/* Number of PT_LOAD segments. */
int sel4utils_elf_num_regions(elf_t *elf);

/* Reserves the regions without loading them; 0 / -1. */
int sel4utils_elf_reserve(vspace_t *loadee, elf_t *elf, sel4utils_elf_region_t regions[]);

uint32_t sel4utils_elf_num_phdrs(elf_t *elf);
void sel4utils_elf_read_phdrs(elf_t *elf, size_t max_phdrs, Elf_Phdr *phdrs);

/*
 * elf/elf.h - reading an ELF image in memory (util_libs' libelf API, for
 * 64-bit little-endian files).
 *
 * elf_newFile checks the header and that every program header lies inside
 * the file; after that the accessors only index what was checked, so a
 * malformed image is refused once, up front.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <elf.h>

typedef struct {
    const void *elfFile;
    size_t elfSize;
    unsigned char elfClass;   /* ELFCLASS64 */
} elf_t;

/* 0 if file (size bytes) is an ELF64 x86_64 image we can read; then
 * *res describes it.  -1 otherwise. */
int elf_newFile(const void *file, size_t size, elf_t *res);
/* As elf_newFile, without the bounds checks of the program headers. */
int elf_newFile_maybe_unsafe(const void *file, size_t size, bool check_pht, bool check_st,
                             elf_t *res);
/* 0 if the header is a valid ELF64 header. */
int elf_checkFile(elf_t *elf);

uintptr_t elf_getEntryPoint(const elf_t *elf);
size_t elf_getNumProgramHeaders(const elf_t *elf);
const Elf64_Phdr *elf_getProgramHeaderTable(const elf_t *elf);
uint32_t elf_getProgramHeaderType(const elf_t *elf, size_t ph);
size_t elf_getProgramHeaderOffset(const elf_t *elf, size_t ph);
uintptr_t elf_getProgramHeaderVaddr(const elf_t *elf, size_t ph);
uintptr_t elf_getProgramHeaderPaddr(const elf_t *elf, size_t ph);
size_t elf_getProgramHeaderFileSize(const elf_t *elf, size_t ph);
size_t elf_getProgramHeaderMemorySize(const elf_t *elf, size_t ph);
uint32_t elf_getProgramHeaderFlags(const elf_t *elf, size_t ph);
size_t elf_getProgramHeaderAlign(const elf_t *elf, size_t ph);
/* The segment's bytes in the file. */
const void *elf_getProgramSegment(const elf_t *elf, size_t ph);
/* [*min, *max) of the loadable segments' virtual addresses; 1 on success. */
int elf_getMemoryBounds(const elf_t *elf, int phys, uintptr_t *min, uintptr_t *max);

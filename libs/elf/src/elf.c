/*
 * elf.c - the libelf accessors over a checked ELF64 image (elf/elf.h).
 */
#include <string.h>
#include <elf/elf.h>

static const Elf64_Ehdr *header(const elf_t *elf)
{
    return (const Elf64_Ehdr *)elf->elfFile;
}

int elf_checkFile(elf_t *elf)
{
    const Elf64_Ehdr *h = header(elf);

    if (elf->elfFile == NULL || elf->elfSize < sizeof(Elf64_Ehdr))
        return -1;
    if (h->e_ident[EI_MAG0] != ELFMAG0 || h->e_ident[EI_MAG1] != ELFMAG1 ||
        h->e_ident[EI_MAG2] != ELFMAG2 || h->e_ident[EI_MAG3] != ELFMAG3)
        return -1;
    if (h->e_ident[EI_CLASS] != ELFCLASS64 || h->e_ident[EI_DATA] != ELFDATA2LSB ||
        h->e_machine != EM_X86_64)
        return -1;
    elf->elfClass = ELFCLASS64;
    return 0;
}

static int check_phdrs(const elf_t *elf)
{
    const Elf64_Ehdr *h = header(elf);
    size_t n = h->e_phnum;

    if (n == 0)
        return 0;
    if (h->e_phentsize != sizeof(Elf64_Phdr) || h->e_phoff > elf->elfSize ||
        n > (elf->elfSize - h->e_phoff) / sizeof(Elf64_Phdr))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const Elf64_Phdr *p = &elf_getProgramHeaderTable(elf)[i];
        if (p->p_offset > elf->elfSize || p->p_filesz > elf->elfSize - p->p_offset ||
            p->p_filesz > p->p_memsz || p->p_vaddr + p->p_memsz < p->p_vaddr)
            return -1;
    }
    return 0;
}

int elf_newFile_maybe_unsafe(const void *file, size_t size, bool check_pht, bool check_st,
                             elf_t *res)
{
    elf_t e = { .elfFile = file, .elfSize = size };

    (void)check_st;
    if (res == NULL || elf_checkFile(&e) != 0 || (check_pht && check_phdrs(&e) != 0))
        return -1;
    *res = e;
    return 0;
}

int elf_newFile(const void *file, size_t size, elf_t *res)
{
    return elf_newFile_maybe_unsafe(file, size, true, true, res);
}

uintptr_t elf_getEntryPoint(const elf_t *elf)
{
    return header(elf)->e_entry;
}

size_t elf_getNumProgramHeaders(const elf_t *elf)
{
    return header(elf)->e_phnum;
}

const Elf64_Phdr *elf_getProgramHeaderTable(const elf_t *elf)
{
    return (const Elf64_Phdr *)((const char *)elf->elfFile + header(elf)->e_phoff);
}

static const Elf64_Phdr *phdr(const elf_t *elf, size_t ph)
{
    return &elf_getProgramHeaderTable(elf)[ph];
}

uint32_t elf_getProgramHeaderType(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_type;
}

size_t elf_getProgramHeaderOffset(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_offset;
}

uintptr_t elf_getProgramHeaderVaddr(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_vaddr;
}

uintptr_t elf_getProgramHeaderPaddr(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_paddr;
}

size_t elf_getProgramHeaderFileSize(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_filesz;
}

size_t elf_getProgramHeaderMemorySize(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_memsz;
}

uint32_t elf_getProgramHeaderFlags(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_flags;
}

size_t elf_getProgramHeaderAlign(const elf_t *elf, size_t ph)
{
    return phdr(elf, ph)->p_align;
}

const void *elf_getProgramSegment(const elf_t *elf, size_t ph)
{
    return (const char *)elf->elfFile + phdr(elf, ph)->p_offset;
}

int elf_getMemoryBounds(const elf_t *elf, int phys, uintptr_t *min, uintptr_t *max)
{
    uintptr_t lo = UINTPTR_MAX, hi = 0;

    for (size_t i = 0; i < elf_getNumProgramHeaders(elf); i++) {
        uintptr_t start;
        if (elf_getProgramHeaderType(elf, i) != PT_LOAD)
            continue;
        start = phys ? elf_getProgramHeaderPaddr(elf, i) : elf_getProgramHeaderVaddr(elf, i);
        if (start < lo)
            lo = start;
        if (start + elf_getProgramHeaderMemorySize(elf, i) > hi)
            hi = start + elf_getProgramHeaderMemorySize(elf, i);
    }
    *min = lo;
    *max = hi;
    return lo <= hi;
}

/*
 * elf.c - a small, suspicious reader of ELF64 executables, for loading
 * the root task image that the boot loader hands over as a module.
 *
 * Only the parts the loader needs are read: the file header (entry point,
 * where the program headers are) and the PT_LOAD program headers (what to
 * copy where).  elf_valid() checks everything the loader will rely on
 * before anything is used: the header and program headers lie inside the
 * file, every loadable segment's bytes lie inside the file, its memory
 * image fits below seL4_UserTop without wrapping around, no two segments
 * claim the same virtual bytes, the entry point is a user address, and
 * there are at most ELF_MAX_PHNUM program headers.
 *
 * Fields are read byte by byte in little-endian order, so the image need
 * not be aligned and no host <elf.h> is needed.
 */
#include "kernel.h"

/* File header offsets (ELF64). */
#define EH_IDENT_CLASS   4
#define EH_IDENT_DATA    5
#define EH_IDENT_VERSION 6
#define EH_TYPE          16
#define EH_MACHINE       18
#define EH_VERSION       20
#define EH_ENTRY         24
#define EH_PHOFF         32
#define EH_PHENTSIZE     54
#define EH_PHNUM         56
#define EH_SIZE          64

/* Program header offsets. */
#define PH_TYPE          0
#define PH_FLAGS         4
#define PH_OFFSET        8
#define PH_VADDR         16
#define PH_FILESZ        32
#define PH_MEMSZ         40
#define PH_SIZE          56

#define ELFCLASS64       2
#define ELFDATA2LSB      1
#define EV_CURRENT       1
#define ET_EXEC          2
#define EM_X86_64        62
#define PT_LOAD          1

/* Linkers write a handful of program headers; a limit keeps the pairwise
 * overlap check cheap whatever the image says. */
#define ELF_MAX_PHNUM    64

static word_t read_le(const void *base, word_t off, unsigned bytes)
{
    const uint8_t *p = (const uint8_t *)base + off;
    word_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (word_t)p[i] << (8 * i);
    return v;
}

static word_t ph_offset(const void *img, unsigned i)
{
    return read_le(img, EH_PHOFF, 8) + (word_t)i * PH_SIZE;
}

static bool header_valid(const uint8_t *e, word_t size)
{
    word_t phoff, phnum;

    if (size < EH_SIZE)
        return false;
    if (e[0] != 0x7f || e[1] != 'E' || e[2] != 'L' || e[3] != 'F')
        return false;
    if (e[EH_IDENT_CLASS] != ELFCLASS64 || e[EH_IDENT_DATA] != ELFDATA2LSB ||
        e[EH_IDENT_VERSION] != EV_CURRENT)
        return false;
    if (read_le(e, EH_TYPE, 2) != ET_EXEC || read_le(e, EH_MACHINE, 2) != EM_X86_64 ||
        read_le(e, EH_VERSION, 4) != EV_CURRENT)
        return false;
    if (read_le(e, EH_PHENTSIZE, 2) != PH_SIZE || read_le(e, EH_ENTRY, 8) >= seL4_UserTop)
        return false;
    phoff = read_le(e, EH_PHOFF, 8);
    phnum = read_le(e, EH_PHNUM, 2);
    /* phnum < 2^16 and PH_SIZE is small, so only phoff can overflow. */
    return phnum > 0 && phnum <= ELF_MAX_PHNUM && phoff <= size &&
           phnum * PH_SIZE <= size - phoff;
}

/* Read program header i without judging it. */
static void read_segment(const void *img, unsigned i, word_t *type, struct elf_segment *s)
{
    word_t ph = ph_offset(img, i);
    *type = read_le(img, ph + PH_TYPE, 4);
    s->flags = (unsigned)read_le(img, ph + PH_FLAGS, 4) & (ELF_PF_R | ELF_PF_W | ELF_PF_X);
    s->offset = read_le(img, ph + PH_OFFSET, 8);
    s->vaddr = read_le(img, ph + PH_VADDR, 8);
    s->filesz = read_le(img, ph + PH_FILESZ, 8);
    s->memsz = read_le(img, ph + PH_MEMSZ, 8);
}

static bool segment_valid(const struct elf_segment *s, word_t size)
{
    if (s->filesz > s->memsz)
        return false;
    if (s->offset > size || s->filesz > size - s->offset)
        return false;
    return s->vaddr < seL4_UserTop && s->memsz <= seL4_UserTop - s->vaddr;
}

static bool segments_overlap(const struct elf_segment *a, const struct elf_segment *b)
{
    if (a->memsz == 0 || b->memsz == 0)
        return false;
    return a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz;
}

/* Does loadable segment i share virtual bytes with an earlier one? */
static bool overlaps_earlier(const void *img, unsigned i, const struct elf_segment *s)
{
    for (unsigned j = 0; j < i; j++) {
        struct elf_segment other;
        word_t type;
        read_segment(img, j, &type, &other);
        if (type == PT_LOAD && segments_overlap(s, &other))
            return true;
    }
    return false;
}

bool elf_valid(const void *img, word_t size)
{
    unsigned loads = 0, phnum;

    if (!img || !header_valid(img, size))
        return false;
    phnum = elf_phnum(img);
    for (unsigned i = 0; i < phnum; i++) {
        struct elf_segment s;
        word_t type;
        read_segment(img, i, &type, &s);
        if (type != PT_LOAD)
            continue;
        if (!segment_valid(&s, size) || overlaps_earlier(img, i, &s))
            return false;
        loads++;
    }
    return loads > 0;
}

word_t elf_entry(const void *img)
{
    return read_le(img, EH_ENTRY, 8);
}

unsigned elf_phnum(const void *img)
{
    return (unsigned)read_le(img, EH_PHNUM, 2);
}

bool elf_load_segment(const void *img, unsigned i, struct elf_segment *out)
{
    word_t type;

    if (i >= elf_phnum(img))
        return false;
    read_segment(img, i, &type, out);
    return type == PT_LOAD;
}

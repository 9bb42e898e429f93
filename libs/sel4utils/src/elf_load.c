/*
 * elf_load.c - ELF images into a vspace (see sel4utils/elf.h).
 *
 * A page shared by two segments (the end of one and the start of the
 * next) is allocated once, by the first; the second copies its bytes into
 * it, and the page keeps the first segment's rights.
 */
#include <string.h>
#include <vka/capops.h>
#include <sel4utils/elf.h>
#include <sel4utils/mapping.h>
#include <sel4utils/vspace.h>

static seL4_CapRights_t segment_rights(uint32_t flags)
{
    return (flags & PF_W) ? seL4_ReadWrite : seL4_CanRead;
}

static void region_of(elf_t *elf, size_t ph, sel4utils_elf_region_t *r)
{
    uintptr_t va = elf_getProgramHeaderVaddr(elf, ph);
    uintptr_t start = ROUND_DOWN(va, BIT(seL4_PageBits));
    uintptr_t end = ROUND_UP(va + elf_getProgramHeaderMemorySize(elf, ph), BIT(seL4_PageBits));

    r->rights = segment_rights(elf_getProgramHeaderFlags(elf, ph));
    r->elf_vstart = start;
    r->size = end - start;
    r->cacheable = 1;
    r->global = 0;
    r->reservation.res = NULL;
}

int sel4utils_elf_num_regions(elf_t *elf)
{
    int n = 0;

    for (size_t i = 0; i < elf_getNumProgramHeaders(elf); i++)
        n += elf_getProgramHeaderType(elf, i) == PT_LOAD;
    return n;
}

/* Reserve [start, end) minus pages already reserved by an earlier region. */
static reservation_t reserve_region(vspace_t *loadee, uintptr_t start, uintptr_t end,
                                    seL4_CapRights_t rights)
{
    reservation_t res = { NULL };

    while (start < end && vspace_get_cap(loadee, (void *)start) != 0)
        start += BIT(seL4_PageBits);
    if (start < end)
        res = vspace_reserve_range_at(loadee, (void *)start, end - start, rights, 1);
    return res;
}

int sel4utils_elf_reserve(vspace_t *loadee, elf_t *elf, sel4utils_elf_region_t regions[])
{
    int n = 0;

    for (size_t i = 0; i < elf_getNumProgramHeaders(elf); i++) {
        if (elf_getProgramHeaderType(elf, i) != PT_LOAD)
            continue;
        region_of(elf, i, &regions[n]);
        regions[n].reservation = vspace_reserve_range_at(loadee, (void *)regions[n].elf_vstart,
                                                         regions[n].size, regions[n].rights, 1);
        if (regions[n].reservation.res == NULL)
            return -1;
        n++;
    }
    return 0;
}

/* Copies len bytes to loadee address dest (inside one page) via a
 * temporary mapping in the loader. */
static int copy_into_page(vspace_t *loadee, vspace_t *loader, vka_t *loader_vka, uintptr_t dest,
                          const void *src, size_t len)
{
    seL4_CPtr cap = vspace_get_cap(loadee, (void *)dest);
    char *window;

    if (len == 0)
        return 0;
    window = sel4utils_dup_and_map(loader_vka, loader, cap, seL4_PageBits);
    if (window == NULL)
        return -1;
    memcpy(window + (dest & MASK(seL4_PageBits)), src, len);
    sel4utils_unmap_dup(loader_vka, loader, window, seL4_PageBits);
    return 0;
}

static int load_segment(vspace_t *loadee, vspace_t *loader, vka_t *loader_vka, elf_t *elf,
                        size_t ph, sel4utils_elf_region_t *r)
{
    uintptr_t va = elf_getProgramHeaderVaddr(elf, ph);
    size_t filesz = elf_getProgramHeaderFileSize(elf, ph);
    const char *bytes = elf_getProgramSegment(elf, ph);
    reservation_t res = reserve_region(loadee, r->elf_vstart, r->elf_vstart + r->size, r->rights);
    sel4utils_elf_region_t *rr = r;

    if (res.res != NULL) {
        uintptr_t first = reservation_to_res(res)->start;
        size_t pages = (r->elf_vstart + r->size - first) >> seL4_PageBits;
        if (vspace_new_pages_at_vaddr(loadee, (void *)first, pages, seL4_PageBits, res) != 0)
            return -1;
    }
    rr->reservation = res;
    for (size_t done = 0; done < filesz; ) {
        uintptr_t dest = va + done;
        size_t chunk = MIN(filesz - done, BIT(seL4_PageBits) - (dest & MASK(seL4_PageBits)));
        if (copy_into_page(loadee, loader, loader_vka, dest, bytes + done, chunk) != 0)
            return -1;
        done += chunk;
    }
    return 0;
}

void *sel4utils_elf_load_record_regions(vspace_t *loadee, vspace_t *loader, vka_t *loadee_vka,
                                        vka_t *loader_vka, elf_t *elf,
                                        sel4utils_elf_region_t *regions, int mapanywhere)
{
    int n = 0;

    (void)loadee_vka;   /* the loadee's vspace allocates with its own vka */
    if (mapanywhere) {
        ZF_LOGE("static images load at their own addresses only");
        return NULL;
    }
    for (size_t i = 0; i < elf_getNumProgramHeaders(elf); i++) {
        sel4utils_elf_region_t r;
        if (elf_getProgramHeaderType(elf, i) != PT_LOAD)
            continue;
        region_of(elf, i, &r);
        if (load_segment(loadee, loader, loader_vka, elf, i, &r) != 0) {
            ZF_LOGE("loading segment %zu at %p failed", i, (void *)r.elf_vstart);
            return NULL;
        }
        if (regions != NULL)
            regions[n] = r;
        n++;
    }
    return (void *)elf_getEntryPoint(elf);
}

void *sel4utils_elf_load(vspace_t *loadee, vspace_t *loader, vka_t *loadee_vka,
                         vka_t *loader_vka, elf_t *elf)
{
    return sel4utils_elf_load_record_regions(loadee, loader, loadee_vka, loader_vka, elf, NULL, 0);
}

uintptr_t sel4utils_elf_get_vsyscall(elf_t *elf)
{
    (void)elf;
    return 0;
}

uint32_t sel4utils_elf_num_phdrs(elf_t *elf)
{
    return elf_getNumProgramHeaders(elf);
}

void sel4utils_elf_read_phdrs(elf_t *elf, size_t max_phdrs, Elf_Phdr *phdrs)
{
    size_t n = MIN(max_phdrs, elf_getNumProgramHeaders(elf));

    memcpy(phdrs, elf_getProgramHeaderTable(elf), n * sizeof(Elf_Phdr));
}

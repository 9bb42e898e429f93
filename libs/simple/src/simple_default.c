/*
 * simple_default.c - simple_t hooks that read the root task's BootInfo.
 *
 * The initial CNode holds the fixed caps in slots 1..15, then the regions
 * BootInfo describes (image paging structures, extra-bootinfo frames,
 * image frames, untypeds, ...), then the empty region.  cap_count/nth_cap
 * walk the fixed slots and then every region in BootInfo order, so the
 * largest cap they report is the last slot in use.
 */
#include <stdio.h>
#include <simple-default/simple-default.h>

static seL4_BootInfo *bootinfo_of(void *data)
{
    return data;
}

static seL4_CPtr default_init_cap(void *data, seL4_CPtr cap)
{
    (void)data;
    return cap;           /* the fixed slots are where BootInfo says */
}

static uint8_t default_cnode_size(void *data)
{
    return (uint8_t)bootinfo_of(data)->initThreadCNodeSizeBits;
}

static seL4_Word region_size(seL4_SlotRegion r)
{
    return r.end > r.start ? r.end - r.start : 0;
}

static int default_untyped_count(void *data)
{
    return (int)region_size(bootinfo_of(data)->untyped);
}

static seL4_CPtr default_nth_untyped(void *data, int n, size_t *size_bits,
                                     uintptr_t *paddr, bool *device)
{
    seL4_BootInfo *bi = bootinfo_of(data);
    const seL4_UntypedDesc *ut;

    if (n < 0 || (seL4_Word)n >= region_size(bi->untyped)) {
        ZF_LOGE("untyped %d does not exist (there are %d)", n, default_untyped_count(data));
        return seL4_CapNull;
    }
    ut = &bi->untypedList[n];
    if (size_bits != NULL)
        *size_bits = ut->sizeBits;
    if (paddr != NULL)
        *paddr = (uintptr_t)ut->paddr;
    if (device != NULL)
        *device = ut->isDevice != 0;
    return bi->untyped.start + (seL4_Word)n;
}

static int default_userimage_count(void *data)
{
    return (int)region_size(bootinfo_of(data)->userImageFrames);
}

static seL4_CPtr default_nth_userimage(void *data, int n)
{
    seL4_BootInfo *bi = bootinfo_of(data);

    if (n < 0 || n >= default_userimage_count(data))
        return seL4_CapNull;
    return bi->userImageFrames.start + (seL4_Word)n;
}

/* The fixed slots as a region, then BootInfo's regions in order. */
static int cap_regions(const seL4_BootInfo *bi, seL4_SlotRegion out[8])
{
    int k = 0;

    out[k++] = (seL4_SlotRegion){ seL4_CapInitThreadTCB, seL4_NumInitialCaps };
    out[k++] = bi->userImagePaging;
    out[k++] = bi->extraBIPages;
    out[k++] = bi->userImageFrames;
    out[k++] = bi->untyped;
    out[k++] = bi->sharedFrames;
    out[k++] = bi->ioSpaceCaps;
    return k;
}

static int default_cap_count(void *data)
{
    seL4_SlotRegion r[8];
    int k = cap_regions(bootinfo_of(data), r);
    seL4_Word total = 0;

    for (int i = 0; i < k; i++)
        total += region_size(r[i]);
    return (int)total;
}

static seL4_CPtr default_nth_cap(void *data, int n)
{
    seL4_SlotRegion r[8];
    int k = cap_regions(bootinfo_of(data), r);
    seL4_Word left = (seL4_Word)n;

    if (n < 0)
        return seL4_CapNull;
    for (int i = 0; i < k; i++) {
        if (left < region_size(r[i]))
            return r[i].start + left;
        left -= region_size(r[i]);
    }
    return seL4_CapNull;
}

static int default_core_count(void *data)
{
    return (int)bootinfo_of(data)->numNodes;
}

static void print_region(const char *name, seL4_SlotRegion r)
{
    printf("%-17s[%lu --> %lu)\n", name, (unsigned long)r.start, (unsigned long)r.end);
}

/* Lists the untypeds, then how many there are of each size. */
static void print_untypeds(const seL4_BootInfo *bi)
{
    seL4_Word n = region_size(bi->untyped);

    printf("List of untypeds\n");
    printf("------------------\n");
    printf("Paddr    | Size   | Device\n");
    for (seL4_Word i = 0; i < n; i++)
        printf("%p | %u | %u\n", (void *)bi->untypedList[i].paddr,
               bi->untypedList[i].sizeBits, bi->untypedList[i].isDevice);

    printf("Untyped summary\n");
    for (unsigned bits = 0; bits < 64; bits++) {
        unsigned count = 0;

        for (seL4_Word i = 0; i < n; i++)
            count += bi->untypedList[i].sizeBits == bits;
        if (count != 0)
            printf("%u untypeds of size %u\n", count, bits);
    }
}

void simple_default_print_bootinfo(const seL4_BootInfo *bi)
{
    printf("Node %lu of %lu\n", (unsigned long)bi->nodeID, (unsigned long)bi->numNodes);
    printf("IOPT levels:     %u\n", (unsigned)bi->numIOPTLevels);
    printf("IPC buffer:      %p\n", (void *)bi->ipcBuffer);
    print_region("Empty slots:", bi->empty);
    print_region("sharedFrames:", bi->sharedFrames);
    print_region("userImageFrames:", bi->userImageFrames);
    print_region("userImagePaging:", bi->userImagePaging);
    print_region("untypeds:", bi->untyped);
    printf("Initial thread domain: %u\n", (unsigned)bi->initThreadDomain);
    printf("Initial thread cnode size: %u\n", (unsigned)bi->initThreadCNodeSizeBits);
    print_untypeds(bi);
}

static void default_print(void *data)
{
    simple_default_print_bootinfo(bootinfo_of(data));
}

void simple_default_init_bootinfo(simple_t *simple, seL4_BootInfo *bi)
{
    if (simple == NULL || bi == NULL) {
        ZF_LOGE("simple_default_init_bootinfo needs a simple_t and a BootInfo");
        return;
    }
    *simple = (simple_t){
        .data = bi,
        .init_cap = default_init_cap,
        .cnode_size = default_cnode_size,
        .untyped_count = default_untyped_count,
        .nth_untyped = default_nth_untyped,
        .userimage_count = default_userimage_count,
        .nth_userimage = default_nth_userimage,
        .cap_count = default_cap_count,
        .nth_cap = default_nth_cap,
        .core_count = default_core_count,
        .print = default_print,
    };
}

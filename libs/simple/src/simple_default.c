/*
 * simple_default.c - simple_t hooks that read the root task's BootInfo.
 *
 * The initial CNode holds the fixed caps in slots 1..15, then the regions
 * BootInfo describes (image paging structures, extra-bootinfo frames,
 * image frames, untypeds, ...), then the empty region.  cap_count/nth_cap
 * walk the fixed slots and then every region in BootInfo order, so the
 * largest cap they report is the last slot in use.
 *
 * Device frames come from device untypeds: frame_cap retypes a frame out
 * of the untyped that starts at the wanted address, as seL4_libs does.
 */
#include <stdio.h>
#include <string.h>
#include <simple-default/simple-default.h>
#include <simple/simple_helpers.h>
#include <sel4debug/debug.h>

#define EXTENDED_BOOTINFO_OFFSET 4096     /* the records follow the BootInfo page */

static seL4_BootInfo *bootinfo_of(void *data)
{
    return data;
}

static seL4_Word region_size(seL4_SlotRegion r)
{
    return r.end > r.start ? r.end - r.start : 0;
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

/* The object type of a frame of 2^size_bits bytes (0 if there is none). */
static seL4_Word frame_type(int size_bits)
{
    switch (size_bits) {
    case seL4_PageBits:      return seL4_X86_4K;
    case seL4_LargePageBits: return seL4_X86_LargePageObject;
    case seL4_HugePageBits:  return seL4_X64_HugePageObject;
    default:                 return seL4_ObjectTypeCount;
    }
}

static seL4_Error default_frame_cap(void *data, void *paddr, int size_bits, cspacepath_t *path)
{
    seL4_BootInfo *bi = bootinfo_of(data);

    if (path == NULL || frame_type(size_bits) == seL4_ObjectTypeCount)
        return seL4_InvalidArgument;
    for (seL4_Word i = 0; i < region_size(bi->untyped); i++) {
        const seL4_UntypedDesc *ut = &bi->untypedList[i];

        if (ut->paddr == (seL4_Word)paddr && ut->sizeBits >= size_bits)
            return seL4_Untyped_Retype(bi->untyped.start + i, frame_type(size_bits),
                                       (seL4_Word)size_bits, path->root, path->dest,
                                       path->destDepth, path->offset, 1);
    }
    return seL4_FailedLookup;
}

/* The untyped holding [paddr, paddr + 2^size_bits) and the offset in it. */
static void *default_frame_info(void *data, void *paddr, int size_bits, seL4_CPtr *cap,
                                seL4_Word *offset)
{
    seL4_BootInfo *bi = bootinfo_of(data);
    seL4_Word want = (seL4_Word)paddr;

    for (seL4_Word i = 0; cap != NULL && offset != NULL && i < region_size(bi->untyped); i++) {
        const seL4_UntypedDesc *ut = &bi->untypedList[i];

        if (ut->paddr <= want && want + BIT(size_bits) <= ut->paddr + BIT(ut->sizeBits)) {
            *cap = bi->untyped.start + i;
            *offset = want - ut->paddr;
            break;
        }
    }
    return NULL;          /* nothing of it is mapped yet */
}

static void *default_frame_mapping(void *data, void *paddr, int size_bits)
{
    (void)data, (void)paddr, (void)size_bits;
    return NULL;
}

static seL4_Error default_ASID_assign(void *data, seL4_CPtr vspace)
{
    (void)data;
    return seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vspace);
}

static seL4_CPtr default_sched_ctrl(void *data, int core)
{
    (void)data, (void)core;
    ZF_LOGW("not implemented: a non-MCS kernel has no scheduling-control caps");
    return seL4_CapNull;
}

static seL4_Word default_arch_info(void *data)
{
    (void)data;
    return 0;             /* the kernel passes no TSC frequency */
}

/* The extended-BootInfo record of a type, or NULL. */
static const seL4_BootInfoHeader *find_record(const seL4_BootInfo *bi, seL4_Word type)
{
    uintptr_t at = (uintptr_t)bi + EXTENDED_BOOTINFO_OFFSET;
    uintptr_t end = at + bi->extraLen;

    while (at + sizeof(seL4_BootInfoHeader) <= end) {
        const seL4_BootInfoHeader *h = (const seL4_BootInfoHeader *)at;

        if (h->len < sizeof(*h) || h->len > end - at)
            break;                        /* a malformed record ends the walk */
        if (h->id == type)
            return h;
        at += h->len;
    }
    return NULL;
}

static ssize_t default_extended_bootinfo_len(void *data, seL4_Word type)
{
    const seL4_BootInfoHeader *h = find_record(bootinfo_of(data), type);

    if (h == NULL) {
        ZF_LOGE("bootinfo header type not found");
        return -1;
    }
    return (ssize_t)h->len;
}

static ssize_t default_extended_bootinfo(void *data, seL4_Word type, void *dest,
                                         ssize_t max_len)
{
    const seL4_BootInfoHeader *h = find_record(bootinfo_of(data), type);
    ssize_t n;

    if (max_len < 0) {
        ZF_LOGE("Unexpected negative size");
        return -1;
    }
    if (h == NULL)
        return -1;
    n = (ssize_t)h->len < max_len ? (ssize_t)h->len : max_len;
    memcpy(dest, h, (size_t)n);
    return n;
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

void debug_print_bootinfo(seL4_BootInfo *info)
{
    simple_default_print_bootinfo(info);
}

static void default_print(void *data)
{
    if (data == NULL) {
        ZF_LOGE("Data is null!");
        return;
    }
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
        .frame_cap = default_frame_cap,
        .frame_mapping = default_frame_mapping,
        .frame_info = default_frame_info,
        .ASID_assign = default_ASID_assign,
        .cap_count = default_cap_count,
        .nth_cap = default_nth_cap,
        .init_cap = default_init_cap,
        .cnode_size = default_cnode_size,
        .untyped_count = default_untyped_count,
        .nth_untyped = default_nth_untyped,
        .userimage_count = default_userimage_count,
        .nth_userimage = default_nth_userimage,
        .core_count = default_core_count,
        .print = default_print,
        .sched_ctrl = default_sched_ctrl,
        .arch_info = default_arch_info,
        .extended_bootinfo_len = default_extended_bootinfo_len,
        .extended_bootinfo = default_extended_bootinfo,
    };
    simple_default_init_arch_simple(&simple->arch_simple, NULL);
}

/* ---- helpers over any simple (simple_helpers.h) ---- */

bool simple_is_untyped_cap(simple_t *simple, seL4_CPtr pos)
{
    int n = simple_get_untyped_count(simple);

    for (int i = 0; i < n; i++)
        if (simple_get_nth_untyped(simple, i, NULL, NULL, NULL) == pos)
            return true;
    return false;
}

seL4_CPtr simple_last_valid_cap(simple_t *simple)
{
    seL4_CPtr last = seL4_CapNull;
    int n = simple_get_cap_count(simple);

    for (int i = 0; i < n; i++) {
        seL4_CPtr cap = simple_get_nth_cap(simple, i);

        if (cap > last)
            last = cap;
    }
    return last;
}

/*
 * boot.c - from the Multiboot hand-over to the root task.
 *
 * 1. Read the memory map and the root-task module from the Multiboot info.
 * 2. Free RAM = RAM regions minus page 0, the kernel image and the module.
 *    Boot allocations (the root task's CNode, TCB, page tables, frames,
 *    BootInfo and IPC buffer) are carved out of free RAM.
 * 3. Load the root task's ELF into fresh frames and map them, followed by
 *    the IPC buffer frame and the BootInfo frame.
 * 4. Build the initial CSpace (spec 5.1): the 16 fixed slots, then the
 *    image's paging structures, then its frames, then one untyped cap per
 *    power-of-two, naturally aligned chunk of what is still free, then the
 *    gaps of the physical address space below 4 GiB as device untypeds,
 *    less the regions that reach interrupts or DMA (arch/x86_64/withheld.c).
 * 5. Fill in BootInfo, announce the boot on both channels, and run.
 *
 * A root task the kernel cannot load (not an ELF, too big, bad segments)
 * stops the machine with a clear message: that is the submission's fault,
 * not a kernel panic.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

#define MB_BOOT_MAGIC  0x2BADB002
#define MB_INFO_MEMORY BIT(0)
#define MB_INFO_MODS   BIT(3)
#define MB_INFO_MMAP   BIT(6)

struct PACKED mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
};
struct PACKED mb_module { uint32_t start, end, string, reserved; };
struct PACKED mb_mmap_entry { uint32_t size; uint64_t addr, len; uint32_t type; };

struct region { paddr_t start, end; };   /* [start, end) */

#define MAX_REGIONS 64
static struct region ram[MAX_REGIONS];   /* RAM reported by the firmware */
static unsigned n_ram;
static struct region free_mem[MAX_REGIONS];
static unsigned n_free;

extern char _kernel_phys_start[], _kernel_end_phys[];

/* ---- physical memory bookkeeping ---- */

static void region_add(struct region *list, unsigned *n, paddr_t s, paddr_t e)
{
    if (s >= e)
        return;
    if (*n == MAX_REGIONS) {
        kprintf("caplab: too many memory regions; ignoring [%p, %p)\n", (void *)s, (void *)e);
        return;
    }
    unsigned i = *n;
    while (i > 0 && list[i - 1].start > s) {   /* keep sorted by start */
        list[i] = list[i - 1];
        i--;
    }
    list[i] = (struct region){ s, e };
    (*n)++;
}

/* Take [s, e) out of the free list. */
static void free_remove(paddr_t s, paddr_t e)
{
    struct region old[MAX_REGIONS];
    unsigned n = n_free;
    memcpy(old, free_mem, sizeof(old));
    n_free = 0;
    for (unsigned i = 0; i < n; i++) {
        region_add(free_mem, &n_free, old[i].start, MIN(old[i].end, s));
        region_add(free_mem, &n_free, MAX(old[i].start, e), old[i].end);
    }
}

/* Join free regions that touch, so untypeds come out as large as possible. */
static void free_merge(void)
{
    unsigned out = 0;
    for (unsigned i = 0; i < n_free; i++) {
        if (out > 0 && free_mem[out - 1].end >= free_mem[i].start)
            free_mem[out - 1].end = MAX(free_mem[out - 1].end, free_mem[i].end);
        else
            free_mem[out++] = free_mem[i];
    }
    n_free = out;
}

/* Allocate 2^bits bytes, naturally aligned, zeroed. */
static paddr_t boot_alloc(unsigned bits)
{
    for (unsigned i = 0; i < n_free; i++) {
        paddr_t s = ROUND_UP(free_mem[i].start, BIT(bits));
        if (s + BIT(bits) <= free_mem[i].end) {
            free_remove(s, s + BIT(bits));
            memset(kptr_of(s), 0, BIT(bits));
            return s;
        }
    }
    return 0;
}

static void read_memory_map(const struct mb_info *mbi)
{
    const uint8_t *p = kptr_of(mbi->mmap_addr);
    const uint8_t *end = p + mbi->mmap_length;
    while (p < end) {
        const struct mb_mmap_entry *e = (const void *)p;
        if (e->type == 1) {
            paddr_t s = ROUND_UP(e->addr, BIT(seL4_PageBits));
            paddr_t t = ROUND_DOWN(e->addr + e->len, BIT(seL4_PageBits));
            region_add(ram, &n_ram, s, t);
        }
        p += e->size + 4;
    }
}

/* ---- the root task's image ---- */

#define MAX_IMAGE_PAGES 2048     /* 8 MiB of root-task image */
#define MAX_PAGING      64

struct boot_state {
    paddr_t cnode;               /* root CNode object */
    paddr_t pml4;
    word_t  image_lo, image_hi;  /* user image [lo, hi) */
    unsigned n_frames;
    paddr_t frames[MAX_IMAGE_PAGES];
    unsigned n_paging;
    struct { paddr_t p; enum cap_type type; word_t vaddr; } paging[MAX_PAGING];
    word_t  next_slot;
    bool    out_of_memory;
    struct region module;        /* pages of the ELF module */
};

static struct boot_state bs;

static paddr_t alloc_paging(enum cap_type type, word_t vaddr)
{
    paddr_t p = boot_alloc(seL4_PageBits);
    if (!p || bs.n_paging == MAX_PAGING) {
        bs.out_of_memory = true;
        return p;
    }
    /* remember the virtual address the structure covers, for its cap */
    unsigned shift = type == cap_page_table ? 21 : type == cap_page_directory ? 30 : 39;
    bs.paging[bs.n_paging].p = p;
    bs.paging[bs.n_paging].type = type;
    bs.paging[bs.n_paging].vaddr = ROUND_DOWN(vaddr, BIT(shift));
    bs.n_paging++;
    return p;
}

static NORETURN void boot_fail(const char *why)
{
    kprintf("caplab: cannot start the root task: %s\n", why);
    event_begin("boot_error");
    event_str("msg", why);
    event_end();
    kernel_halt("boot_error", 0, NULL);
}

/*
 * Whether the image page at vaddr belongs to a writable segment.  Every
 * image page is executable, as seL4 x86_64 maps its root task (no page is
 * ever no-execute: multiboot.S leaves EFER.NXE off).  Unlike seL4, which
 * maps every image page read-write, a page no writable segment touches is
 * mapped read-only, so a stray write to code or constants faults.
 */
static bool page_writable(const void *img, word_t vaddr)
{
    struct elf_segment seg;
    for (unsigned i = 0; i < elf_phnum(img); i++) {
        if (!elf_load_segment(img, i, &seg))
            continue;
        if (vaddr + BIT(12) > seg.vaddr && vaddr < seg.vaddr + seg.memsz && (seg.flags & ELF_PF_W))
            return true;
    }
    return false;
}

static void image_bounds(const void *img)
{
    struct elf_segment seg;
    bs.image_lo = ~0ull;
    bs.image_hi = 0;
    for (unsigned i = 0; i < elf_phnum(img); i++) {
        if (!elf_load_segment(img, i, &seg) || seg.memsz == 0)
            continue;
        bs.image_lo = MIN(bs.image_lo, ROUND_DOWN(seg.vaddr, BIT(12)));
        bs.image_hi = MAX(bs.image_hi, ROUND_UP(seg.vaddr + seg.memsz, BIT(12)));
    }
    if (bs.image_hi == 0)
        boot_fail("the ELF image has no loadable segment");
    if (bs.image_lo < BIT(12))
        boot_fail("the ELF image wants to be loaded at page 0");
    if ((bs.image_hi - bs.image_lo) / BIT(12) > MAX_IMAGE_PAGES)
        boot_fail("the ELF image is larger than 8 MiB");
    if (bs.image_hi + 2 * BIT(12) > seL4_UserTop)
        boot_fail("the ELF image ends too close to the top of user space");
}

static void load_image(const void *img)
{
    struct elf_segment seg;
    for (word_t va = bs.image_lo; va < bs.image_hi; va += BIT(12)) {
        paddr_t f = boot_alloc(seL4_PageBits);
        if (!f)
            boot_fail("not enough memory for the root task's image");
        bs.frames[bs.n_frames++] = f;
        vspace_boot_map(bs.pml4, va, f, page_writable(img, va), alloc_paging);
    }
    for (unsigned i = 0; i < elf_phnum(img); i++) {
        if (!elf_load_segment(img, i, &seg))
            continue;
        const uint8_t *src = (const uint8_t *)img + seg.offset;
        for (word_t k = 0; k < seg.filesz; k++) {
            word_t va = seg.vaddr + k;
            paddr_t f = bs.frames[(va - bs.image_lo) >> 12];
            *((uint8_t *)kptr_of(f) + (va & 0xfff)) = src[k];
        }
    }
    if (bs.out_of_memory)
        boot_fail("not enough memory for the root task's page tables");
}

/* ---- the initial CSpace ---- */

static struct cte *root_slot(word_t i)
{
    return (struct cte *)kptr_of(bs.cnode) + i;
}

static void put_cap(word_t slot, struct cap c)
{
    cte_insert_root(c, root_slot(slot), true);
}

static struct cap mapped(struct cap c, word_t vaddr)
{
    c.flags |= CAP_F_MAPPED;
    c.asid = 1;
    c.data = vaddr;
    return c;
}

/* Cut [s, e) into maximal naturally aligned power-of-two chunks. */
static void add_untypeds(seL4_BootInfo *bi, paddr_t s, paddr_t e, bool device)
{
    while (s < e) {
        unsigned bits = s ? __builtin_ctzll(s) : 63;
        while (bits > seL4_MaxUntypedBits || s + BIT(bits) > e || s + BIT(bits) < s)
            bits--;
        if (bits < seL4_MinUntypedBits)
            return;
        word_t i = bs.next_slot - bi->untyped.start;
        if (i >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS || bs.next_slot >= BIT(CONFIG_ROOT_CNODE_SIZE_BITS)) {
            kprintf("caplab: BootInfo is full; memory at %p is not given out\n", (void *)s);
            return;
        }
        put_cap(bs.next_slot, cap_untyped_new(s, bits, device, 0));
        bi->untypedList[i] = (seL4_UntypedDesc){ .paddr = s, .sizeBits = (uint8_t)bits,
                                                  .isDevice = device };
        bs.next_slot++;
        s += BIT(bits);
    }
}

/* The gap [s, e) as device untypeds, less the withheld regions
 * (arch/x86_64/withheld.c: whatever reaches interrupts or DMA). */
static void add_device_untypeds(seL4_BootInfo *bi, paddr_t s, paddr_t e)
{
    for (unsigned i = 0; i < n_withheld_regions; i++) {
        paddr_t w = withheld_regions[i].base, w_end = w + withheld_regions[i].size;
        if (s < w_end && w < e) {
            add_untypeds(bi, s, MIN(w, e), true);
            s = MAX(s, w_end);
        }
    }
    add_untypeds(bi, s, e, true);
}

/* Untypeds in address order: free RAM as normal memory, and every gap
 * between RAM regions below 4 GiB as device memory (less the withheld). */
static void make_untypeds(seL4_BootInfo *bi)
{
    bi->untyped.start = bs.next_slot;
    unsigned f = 0;
    paddr_t cursor = 0;
    for (unsigned r = 0; r <= n_ram; r++) {
        paddr_t gap_end = r < n_ram ? ram[r].start : BIT(32);
        if (gap_end > cursor)
            add_device_untypeds(bi, cursor, gap_end);
        if (r == n_ram)
            break;
        for (; f < n_free && free_mem[f].start < ram[r].end; f++)
            add_untypeds(bi, free_mem[f].start, free_mem[f].end, false);
        cursor = MAX(cursor, ram[r].end);
    }
    bi->untyped.end = bs.next_slot;
}

static void event_boot(const seL4_BootInfo *bi, word_t ram_bytes)
{
    event_begin("boot");
    event_u64("ram", ram_bytes);
    event_u64("root_cnode_bits", CONFIG_ROOT_CNODE_SIZE_BITS);
    char buf[40];
    ksnprintf(buf, sizeof(buf), "[%lu,%lu]", bi->empty.start, bi->empty.end);
    event_raw("empty", buf);
    event_raw("untypeds", "[");
    for (word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        ksnprintf(buf, sizeof(buf), "%s[\"0x%lx\",%u,%u,%lu]", i ? "," : "",
                  u->paddr, u->sizeBits, u->isDevice, bi->untyped.start + i);
        event_append(buf);
    }
    event_append("]");
    event_end();
}

static void create_root_task(const void *img, word_t img_size)
{
    if (!elf_valid(img, img_size))
        boot_fail("the module is not a valid x86_64 ELF executable");
    image_bounds(img);

    bs.cnode = boot_alloc(CONFIG_ROOT_CNODE_SIZE_BITS + seL4_SlotBits);
    paddr_t tcb_p = boot_alloc(seL4_TCBBits);
    bs.pml4 = boot_alloc(seL4_PML4Bits);
    paddr_t pool_p = boot_alloc(seL4_ASIDPoolBits);
    if (!bs.cnode || !tcb_p || !bs.pml4 || !pool_p)
        boot_fail("not enough memory for the root task's objects");

    struct cap cnode_cap = create_object(seL4_CapTableObject, bs.cnode, CONFIG_ROOT_CNODE_SIZE_BITS, false);
    cnode_cap.guard_size = seL4_WordBits - CONFIG_ROOT_CNODE_SIZE_BITS;
    struct cap tcb_cap = create_object(seL4_TCBObject, tcb_p, 0, false);
    struct cap pml4_cap = create_object(seL4_X64_PML4Object, bs.pml4, 0, false);
    pml4_cap.flags |= CAP_F_MAPPED;
    pml4_cap.asid = 1;
    asid_pool_register(0, pool_p);
    asid_assign(1, bs.pml4);

    load_image(img);
    word_t ipc_vaddr = bs.image_hi, bi_vaddr = bs.image_hi + BIT(12);
    paddr_t ipc_p = boot_alloc(seL4_PageBits), bi_p = boot_alloc(seL4_PageBits);
    if (!ipc_p || !bi_p)
        boot_fail("not enough memory for the IPC buffer and BootInfo");
    vspace_boot_map(bs.pml4, ipc_vaddr, ipc_p, true, alloc_paging);
    vspace_boot_map(bs.pml4, bi_vaddr, bi_p, true, alloc_paging);   /* read-write, as on seL4 */
    if (bs.out_of_memory)
        boot_fail("not enough memory for the root task's page tables");

    put_cap(seL4_CapInitThreadTCB, tcb_cap);
    put_cap(seL4_CapInitThreadCNode, cnode_cap);
    put_cap(seL4_CapInitThreadVSpace, pml4_cap);
    put_cap(seL4_CapIRQControl, cap_singleton_new(cap_irq_control));
    put_cap(seL4_CapASIDControl, cap_singleton_new(cap_asid_control));
    put_cap(seL4_CapInitThreadASIDPool, cap_asid_pool_new(pool_p, 0));
    put_cap(seL4_CapIOPortControl, cap_singleton_new(cap_io_port_control));
    put_cap(seL4_CapBootInfoFrame, mapped(cap_frame_new(bi_p, 12, seL4_ReadWrite.words[0], false), bi_vaddr));
    put_cap(seL4_CapInitThreadIPCBuffer, mapped(cap_frame_new(ipc_p, 12, seL4_ReadWrite.words[0], false), ipc_vaddr));
    put_cap(seL4_CapDomain, cap_singleton_new(cap_domain));

    seL4_BootInfo *bi = kptr_of(bi_p);
    bs.next_slot = seL4_NumInitialCaps;
    bi->userImagePaging.start = bs.next_slot;
    for (unsigned i = 0; i < bs.n_paging; i++)
        put_cap(bs.next_slot++, mapped(cap_table_new(bs.paging[i].type, bs.paging[i].p), bs.paging[i].vaddr));
    bi->userImagePaging.end = bs.next_slot;
    bi->extraBIPages = (seL4_SlotRegion){ bs.next_slot, bs.next_slot };
    bi->userImageFrames.start = bs.next_slot;
    for (unsigned i = 0; i < bs.n_frames; i++) {
        bool writable = page_writable(img, bs.image_lo + i * BIT(12));
        unsigned rights = writable ? seL4_ReadWrite.words[0] : seL4_CanRead.words[0];
        put_cap(bs.next_slot++, mapped(cap_frame_new(bs.frames[i], 12, rights, false),
                                       bs.image_lo + i * BIT(12)));
    }
    bi->userImageFrames.end = bs.next_slot;
    /* The module's pages held only the ELF file, now copied: free them. */
    region_add(free_mem, &n_free, bs.module.start, bs.module.end);
    free_merge();
    make_untypeds(bi);
    bi->empty = (seL4_SlotRegion){ bs.next_slot, BIT(CONFIG_ROOT_CNODE_SIZE_BITS) };
    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = (seL4_Word)-1;
    bi->ipcBuffer = (seL4_IPCBuffer *)ipc_vaddr;
    bi->initThreadCNodeSizeBits = CONFIG_ROOT_CNODE_SIZE_BITS;
    bi->initThreadDomain = 0;
    bi->extraLen = 0;

    struct tcb *t = kptr_of(tcb_p);
    cte_insert(cnode_cap, root_slot(seL4_CapInitThreadCNode), &t->slots[TCB_CTABLE]);
    cte_insert(pml4_cap, root_slot(seL4_CapInitThreadVSpace), &t->slots[TCB_VTABLE]);
    cte_insert(root_slot(seL4_CapInitThreadIPCBuffer)->cap, root_slot(seL4_CapInitThreadIPCBuffer),
               &t->slots[TCB_BUFFER]);
    t->ipc_buffer = ipc_vaddr;
    t->ctx.rip = elf_entry(img);
    t->ctx.rdi = bi_vaddr;
    t->ctx.rflags = 0x202;
    t->priority = seL4_MaxPrio;
    t->mcp = seL4_MaxPrio;
    memcpy(t->name, "rootserver", 11);
    set_thread_state(t, ThreadState_Running);

    word_t ram_bytes = 0;
    for (unsigned i = 0; i < n_ram; i++)
        ram_bytes += ram[i].end - ram[i].start;
    event_boot(bi, ram_bytes);
    event_begin("user_start");
    event_str("thread", t->name);
    event_hex("entry", t->ctx.rip);
    event_end();
}

NORETURN void kernel_main(uint32_t magic, uint32_t mbi_paddr)
{
    machine_init();
    vspace_kernel_init();
    kprintf("caplab kernel: x86_64, seL4-style capabilities\n");
    if (magic != MB_BOOT_MAGIC)
        panic("not started by a Multiboot loader (magic %x)", magic);
    const struct mb_info *mbi = kptr_of(mbi_paddr);
    if (!(mbi->flags & MB_INFO_MMAP))
        panic("the boot loader gave no memory map");
    if (!(mbi->flags & MB_INFO_MODS) || mbi->mods_count < 1)
        boot_fail("no root task: give its ELF file as the first module (-initrd)");
    const struct mb_module *mod = kptr_of(mbi->mods_addr);
    paddr_t img_start = mod->start, img_end = mod->end;

    read_memory_map(mbi);
    for (unsigned i = 0; i < n_ram; i++) {
        paddr_t s = MAX(ram[i].start, BIT(12));           /* never page 0 */
        paddr_t e = MIN(ram[i].end, KERNEL_WINDOW);        /* what the kernel can reach */
        region_add(free_mem, &n_free, s, e);
    }
    free_remove((paddr_t)_kernel_phys_start, (paddr_t)_kernel_end_phys);
    bs.module = (struct region){ ROUND_DOWN(img_start, BIT(12)), ROUND_UP(img_end, BIT(12)) };
    free_remove(bs.module.start, bs.module.end);
    /* The Multiboot info and module list live in low memory; nothing we
     * still need from them is read after this point except the module,
     * which is reserved above. */
    if (img_end > KERNEL_WINDOW || img_end <= img_start)
        boot_fail("the root task module is not in the first GiB of memory");

    create_root_task(kptr_of(img_start), img_end - img_start);
    kprintf("Booting all finished, dropped to user space\n");
    activate_and_return();
}

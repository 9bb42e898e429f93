/*
 * vspace.c - x86_64 address spaces: four-level page tables, ASIDs, and
 * the paging-structure invocations.
 *
 * Every VSpace is a PML4.  Its lower half (entries 0..255) belongs to user
 * space; its entry 511 is shared with the kernel (the higher-half window
 * onto physical memory) and is copied into every new PML4, supervisor
 * only.  ASIDs name VSpaces: the ASID table points at up to 8 ASID pools of
 * 512 PML4s each; the root task's VSpace has ASID 1 in pool 0.
 *
 * Map rules (spec 9.2): a table or frame is mapped through the VSpace cap
 * passed as extra cap 0; a missing intermediate structure is reported as
 * FailedLookup with bitsLeft 39/30/21; an occupied entry is DeleteFirst.
 * A cap records where it is mapped (asid, vaddr), so a frame cap maps once:
 * copy the cap to map the frame twice.  Deleting a mapped cap unmaps it.
 *
 * Each paging invocation is decoded by a decode_* function that checks
 * everything and changes nothing, then performed by an invoke_* function
 * (invoke_table_map, invoke_frame_map, invoke_asid_pool_assign, ...) that
 * cannot fail.  The entry bits are named in arch/x86_64/x86_64.h.
 */
#include "kernel.h"
#include "arch/x86_64/x86_64.h"

static paddr_t asid_table[BIT(seL4_NumASIDPoolsBits)];

static uint64_t *table_at(paddr_t p) { return kptr_of(p); }

/* The kernel's own PML4, reached through the kernel window (the boot
 * identity map goes away). */
static uint64_t *kernel_pml4(void) { return table_at(arch_kernel_vspace()); }

static void flush_tlb(void)
{
    arch_set_vspace(arch_current_vspace());
}

static unsigned pt_index(word_t vaddr, unsigned level)
{
    /* level 3 = PML4, 2 = PDPT, 1 = PD, 0 = PT */
    return (vaddr >> level_shift(level)) & MASK(PT_INDEX_BITS);
}

void vspace_kernel_init(void)
{
    /* The identity map was only needed to switch to the higher half. */
    kernel_pml4()[0] = 0;
    flush_tlb();
}

void arch_init_vspace_root(paddr_t pml4)
{
    uint64_t *t = table_at(pml4);
    t[PML4_KERNEL_ENTRY] = kernel_pml4()[PML4_KERNEL_ENTRY];
}

void asid_pool_register(unsigned pool, paddr_t pool_paddr)
{
    asid_table[pool] = pool_paddr;
}

void asid_assign(word_t asid, paddr_t pml4)
{
    paddr_t pool = asid_table[asid >> seL4_ASIDPoolIndexBits];
    if (pool)
        table_at(pool)[asid & MASK(seL4_ASIDPoolIndexBits)] = pml4;
}

/*
 * Install a user mapping during boot.  `alloc_table` supplies a zeroed
 * page for each missing paging structure and records it.  The mapping is
 * executable, as every user mapping is (x86_64.h).
 */
void vspace_boot_map(paddr_t pml4, word_t vaddr, paddr_t frame, bool writable,
                     paddr_t (*alloc_table)(enum cap_type, word_t))
{
    static const enum cap_type level_type[] = { 0, cap_page_table, cap_page_directory, cap_pdpt };
    uint64_t *table = table_at(pml4);
    for (unsigned level = 3; level > 0; level--) {
        uint64_t *e = &table[pt_index(vaddr, level)];
        if (!(*e & PTE_P)) {
            paddr_t t = alloc_table(level_type[level], vaddr);
            *e = t | PTE_P | PTE_W | PTE_U;
        }
        table = table_at(*e & PTE_ADDR);
    }
    table[pt_index(vaddr, 0)] = frame | PTE_P | PTE_U | (writable ? PTE_W : 0);
}

/* Translate a user address of thread t; false if not mapped for user. */
static bool user_translate(struct tcb *t, word_t vaddr, paddr_t *out)
{
    struct cap *vt = &t->slots[TCB_VTABLE].cap;
    if (vt->type != cap_pml4 || vaddr >= seL4_UserTop)
        return false;
    uint64_t *table = table_at(vt->ptr);
    for (unsigned level = 3;; level--) {
        uint64_t e = table[pt_index(vaddr, level)];
        if (!(e & PTE_P) || !(e & PTE_U))
            return false;
        if (level == 0 || (e & PTE_PS)) {
            word_t page_mask = MASK(level_shift(level));
            paddr_t p = (e & PTE_ADDR & ~page_mask) | (vaddr & page_mask);
            if (p >= KERNEL_WINDOW)
                return false;
            *out = p;
            return true;
        }
        table = table_at(e & PTE_ADDR);
    }
}

bool user_read_word(struct tcb *t, word_t vaddr, word_t *out)
{
    paddr_t p;
    if ((vaddr & 7) || !user_translate(t, vaddr, &p))
        return false;
    *out = *(word_t *)kptr_of(p);
    return true;
}

/* ---- finding and changing entries ---- */

/* The PML4 of an ASID, or 0. */
static paddr_t pml4_of_asid(word_t asid)
{
    if (asid == 0 || asid >= BIT(seL4_NumASIDPoolsBits + seL4_ASIDPoolIndexBits))
        return 0;
    paddr_t pool = asid_table[asid >> seL4_ASIDPoolIndexBits];
    return pool ? table_at(pool)[asid & MASK(seL4_ASIDPoolIndexBits)] : 0;
}

/* A PML4 cap a thread can run in: it has an ASID that still names it. */
bool vspace_root_valid(const struct cap *c)
{
    return c->type == cap_pml4 && cap_is_mapped(c) && pml4_of_asid(c->asid) == c->ptr;
}

/*
 * Walk from the PML4 down to the table at `level` (3 PML4 .. 0 PT) that
 * holds the entry for vaddr.  On a missing structure, *bits_left says
 * which (39: no PDPT, 30: no PD, 21: no PT) and NULL is returned.
 */
static uint64_t *walk_to_level(paddr_t pml4, word_t vaddr, unsigned level, word_t *bits_left)
{
    uint64_t *table = table_at(pml4);
    for (unsigned l = 3; l > level; l--) {
        uint64_t e = table[pt_index(vaddr, l)];
        if (!(e & PTE_P) || (e & PTE_PS)) {
            *bits_left = level_shift(l);
            return NULL;
        }
        table = table_at(e & PTE_ADDR);
    }
    return table;
}


static unsigned frame_level(unsigned size_bits)
{
    return size_bits == seL4_HugePageBits ? 2 : size_bits == seL4_LargePageBits ? 1 : 0;
}

static unsigned table_level(enum cap_type t)
{
    /* the level of the table that holds the entry pointing at t */
    return t == cap_pdpt ? 3 : t == cap_page_directory ? 2 : 1;
}

static word_t attr_bits(word_t attr)
{
    return ((attr & VM_ATTR_WRITE_THROUGH) ? PTE_PWT : 0) |
           ((attr & VM_ATTR_CACHE_DISABLED) ? PTE_PCD : 0);
}

/* Clear the entry that maps cap c, if it still maps c's object. */
static void unmap_entry(const struct cap *c)
{
    paddr_t pml4 = pml4_of_asid(c->asid);
    if (!pml4 || !cap_is_mapped(c))
        return;
    word_t ignored, vaddr = cap_mapped_vaddr(c);
    unsigned level = c->type == cap_frame ? frame_level(c->bits) : table_level(c->type);
    uint64_t *t = walk_to_level(pml4, vaddr, level, &ignored);
    if (!t)
        return;
    uint64_t *e = &t[pt_index(vaddr, level)];
    if ((*e & PTE_P) && (*e & PTE_ADDR) == c->ptr)
        *e = 0;
    flush_tlb();
}

void unmap_cap_object(const struct cap *c)
{
    if (c->type == cap_asid_pool) {
        /* The pool's memory goes back to its untyped: forget it. */
        word_t pool = cap_asid_pool_base(c) >> seL4_ASIDPoolIndexBits;
        if (pool < ARRAY_SIZE(asid_table) && asid_table[pool] == c->ptr)
            asid_table[pool] = 0;
        return;
    }
    if (c->type == cap_pml4) {
        if (cap_is_mapped(c) && pml4_of_asid(c->asid) == c->ptr)
            asid_assign(c->asid, 0);
        /* The kernel may be running on this very PML4 (a thread deleted
         * its own VSpace): move to the kernel's tables before the memory
         * can be retyped under our feet. */
        if (arch_current_vspace() == c->ptr)
            arch_set_vspace(arch_kernel_vspace());
        return;
    }
    unmap_entry(c);
}

/* ---- the effects (each cannot fail) ---- */

/* Record in the cap in `slot` that it is now mapped at (asid, vaddr). */
static void mark_mapped(struct cte *slot, word_t asid, word_t vaddr)
{
    slot->cap.flags |= CAP_F_MAPPED;
    slot->cap.asid = (uint16_t)asid;
    slot->cap.data = vaddr;
}

static void mark_unmapped(struct cte *slot)
{
    slot->cap.flags &= (uint8_t)~CAP_F_MAPPED;
    slot->cap.asid = 0;
    slot->cap.data = 0;
}

/* PDPT/PageDirectory/PageTable Map: `entry` (empty) now points at the table. */
static void invoke_table_map(struct cte *slot, uint64_t *entry, word_t asid, word_t vaddr)
{
    *entry = slot->cap.ptr | PTE_P | PTE_W | PTE_U;
    mark_mapped(slot, asid, vaddr);
    event_hex("vaddr", vaddr);
}

/* Unmap: as in seL4, an unmapped table starts empty when mapped again. */
static void invoke_table_unmap(struct cte *slot)
{
    unmap_entry(&slot->cap);
    memset(table_at(slot->cap.ptr), 0, BIT(seL4_PageTableBits));
    mark_unmapped(slot);
}

/* Page Map (or a remap of the same frame at the same place). */
static void invoke_frame_map(struct cte *slot, uint64_t *entry, word_t pte, word_t asid,
                             word_t vaddr, bool remap)
{
    *entry = pte;
    mark_mapped(slot, asid, vaddr);
    if (remap)
        flush_tlb();
    event_hex("vaddr", vaddr);
    event_hex("paddr", slot->cap.ptr);
}

static void invoke_frame_unmap(struct cte *slot)
{
    unmap_entry(&slot->cap);
    mark_unmapped(slot);
}

static void invoke_frame_get_address(struct invocation *inv)
{
    inv_reply_mr(inv, 0, inv->cap.ptr);
    inv->reply_length = 1;
    event_hex("paddr", inv->cap.ptr);
}

/* MakePool: the whole untyped becomes ASID pool number `pool` in dest. */
static void invoke_asid_control_make_pool(struct cte *ut, struct cte *dest, unsigned pool)
{
    paddr_t p = ut->cap.ptr;
    memset(kptr_of(p), 0, BIT(seL4_ASIDPoolBits));
    ut->cap.data = BIT(seL4_ASIDPoolBits);          /* the untyped is used up */
    asid_pool_register(pool, p);
    cte_insert_original(cap_asid_pool_new(p, (word_t)pool << seL4_ASIDPoolIndexBits), ut, dest);
}

/* Assign: free entry i of the pool now names the PML4 of vs. */
static void invoke_asid_pool_assign(uint64_t *entries, word_t i, word_t base, struct cte *vs)
{
    entries[i] = vs->cap.ptr;
    vs->cap.flags |= CAP_F_MAPPED;
    vs->cap.asid = (uint16_t)(base + i);
    event_u64("asid", base + i);
}

/* ---- decoding ---- */

static seL4_Error check_vspace_cap(struct invocation *inv, paddr_t *pml4, word_t *asid)
{
    if (inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "%s: no VSpace cap.", invocation_label_name(inv->label));
    struct cap v = inv->extra[0]->cap;
    if (v.type != cap_pml4 || !cap_is_mapped(&v))
        return inv_invalid_cap(inv, 1, "%s: VSpace is not a PML4 with an ASID.",
                               invocation_label_name(inv->label));
    if (pml4_of_asid(v.asid) != v.ptr)
        return inv_failed_lookup(inv, false, &(struct lookup_fault){ .type = seL4_InvalidRoot },
                                 "%s: the VSpace's ASID is no longer valid.",
                                 invocation_label_name(inv->label));
    *pml4 = v.ptr;
    *asid = v.asid;
    return seL4_NoError;
}

static seL4_Error check_user_range(struct invocation *inv, word_t vaddr, word_t size)
{
    if (vaddr >= seL4_UserTop || vaddr + size > seL4_UserTop || vaddr + size < vaddr)
        return inv_invalid_argument(inv, 0, "%s: address %p is outside user space.",
                                    invocation_label_name(inv->label), (void *)vaddr);
    return seL4_NoError;
}

static seL4_Error decode_table_map(struct invocation *inv)
{
    if (inv->length < 2 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "%s: truncated message.",
                        invocation_label_name(inv->label));
    if (cap_is_mapped(&inv->cap))
        return inv_invalid_cap(inv, 0, "%s: table is already mapped.", invocation_label_name(inv->label));
    unsigned level = table_level(inv->cap.type);
    word_t vaddr = ROUND_DOWN(inv_mr(inv, 0), BIT(level_shift(level)));
    paddr_t pml4;
    word_t asid, bits_left = 0;
    seL4_Error e;
    if ((e = check_vspace_cap(inv, &pml4, &asid)) || (e = check_user_range(inv, inv_mr(inv, 0), 1)))
        return e;
    uint64_t *t = walk_to_level(pml4, vaddr, level, &bits_left);
    if (!t)
        return inv_failed_lookup_quiet(inv, false, &(struct lookup_fault){ .type = seL4_MissingCapability,
                                 .bits_left = bits_left }, "%s: no paging structure above %p.",
                                 invocation_label_name(inv->label), (void *)vaddr);
    uint64_t *entry = &t[pt_index(vaddr, level)];
    if (*entry & PTE_P)
        return inv_fail(inv, seL4_DeleteFirst, "%s: a table is already mapped there.",
                        invocation_label_name(inv->label));
    invoke_table_map(inv->slot, entry, asid, vaddr);
    return seL4_NoError;
}

static seL4_Error decode_table_unmap(struct invocation *inv)
{
    if (!cte_is_final(inv->slot))
        return inv_fail(inv, seL4_RevokeFirst, "%s: other caps to this table exist.",
                        invocation_label_name(inv->label));
    invoke_table_unmap(inv->slot);
    return seL4_NoError;
}

static word_t frame_pte(const struct cap *c, word_t rights, word_t attr)
{
    struct cap masked = *c;
    masked.rights = (uint8_t)(rights & c->rights);
    word_t e = c->ptr | PTE_P | attr_bits(attr);   /* seL4 x86 frames are executable */
    if (cap_has_rights(&masked, seL4_CanRead)) {
        e |= PTE_U;
        if (cap_has_rights(&masked, seL4_CanWrite))
            e |= PTE_W;
    }
    if (c->bits > seL4_PageBits)
        e |= PTE_PS;
    return e;
}

static seL4_Error decode_page_map(struct invocation *inv)
{
    if (inv->length < 3 || inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "X86PageMap: truncated message.");
    const struct cap *c = &inv->slot->cap;
    word_t vaddr = inv_mr(inv, 0), rights = inv_mr(inv, 1), attr = inv_mr(inv, 2);
    paddr_t pml4;
    word_t asid, bits_left = 0;
    seL4_Error e;
    if ((e = check_vspace_cap(inv, &pml4, &asid)))
        return e;
    bool remap = cap_is_mapped(c);
    if (remap) {
        if (c->asid != asid)
            return inv_invalid_cap(inv, 1, "X86PageMap: frame is mapped in another VSpace; copy the cap to map it twice.");
        if (cap_mapped_vaddr(c) != vaddr)
            return inv_invalid_argument(inv, 0, "X86PageMap: frame is already mapped at %p; copy the cap to map it twice.",
                                        (void *)cap_mapped_vaddr(c));
    }
    if (!IS_ALIGNED(vaddr, c->bits))
        return inv_fail(inv, seL4_AlignmentError, "X86PageMap: %p is not aligned to the frame size.",
                        (void *)vaddr);
    if ((e = check_user_range(inv, vaddr, BIT(c->bits))))
        return e;
    unsigned level = frame_level(c->bits);
    uint64_t *t = walk_to_level(pml4, vaddr, level, &bits_left);
    if (!t)
        return inv_failed_lookup_quiet(inv, false, &(struct lookup_fault){ .type = seL4_MissingCapability,
                                 .bits_left = bits_left }, "X86PageMap: no paging structure for %p.",
                                 (void *)vaddr);
    uint64_t *entry = &t[pt_index(vaddr, level)];
    if ((*entry & PTE_P) && !remap)
        return inv_fail(inv, seL4_DeleteFirst, "X86PageMap: something is already mapped at %p.",
                        (void *)vaddr);
    invoke_frame_map(inv->slot, entry, frame_pte(c, rights, attr), asid, vaddr, remap);
    return seL4_NoError;
}

/* The first ASID pool number not in use, or ARRAY_SIZE(asid_table). */
static unsigned free_asid_pool(void)
{
    unsigned pool = 0;
    while (pool < ARRAY_SIZE(asid_table) && asid_table[pool])
        pool++;
    return pool;
}

static seL4_Error decode_asid_control(struct invocation *inv)
{
    if (inv->label != X86ASIDControlMakePool)
        return inv_fail(inv, seL4_IllegalOperation, "ASIDControl: illegal operation.");
    if (inv->length < 2 || inv->extra_count < 2)
        return inv_fail(inv, seL4_TruncatedMessage, "ASIDControl MakePool: truncated message.");
    unsigned pool = free_asid_pool();
    if (pool == ARRAY_SIZE(asid_table))
        return inv_fail(inv, seL4_DeleteFirst, "ASIDControl MakePool: all ASID pools exist.");
    struct cte *ut = inv->extra[0];
    if (ut->cap.type != cap_untyped || ut->cap.bits != seL4_ASIDPoolBits || cap_is_device(&ut->cap))
        return inv_invalid_cap(inv, 1, "ASIDControl MakePool: need a 4 KiB non-device untyped.");
    if (cte_has_children(ut))
        return inv_fail(inv, seL4_RevokeFirst, "ASIDControl MakePool: the untyped has children.");
    struct cte *dest;
    seL4_Error e = lookup_slot_for_cnode_op(inv, false, inv->extra[1]->cap, inv_mr(inv, 0),
                                            inv_mr(inv, 1), &dest);
    if (e)
        return e;
    if (dest->cap.type != cap_null)
        return inv_fail(inv, seL4_DeleteFirst, "ASIDControl MakePool: destination not empty.");
    invoke_asid_control_make_pool(ut, dest, pool);
    return seL4_NoError;
}

/* The first free entry of a pool (entry 0 of pool 0 is ASID 0, never
 * used), or BIT(seL4_ASIDPoolIndexBits) if the pool is full. */
static word_t free_asid_entry(const uint64_t *entries, word_t base)
{
    word_t i = base == 0 ? 1 : 0;
    while (i < BIT(seL4_ASIDPoolIndexBits) && entries[i])
        i++;
    return i;
}

static seL4_Error decode_asid_pool(struct invocation *inv)
{
    if (inv->label != X86ASIDPoolAssign)
        return inv_fail(inv, seL4_IllegalOperation, "ASIDPool: illegal operation.");
    if (inv->extra_count < 1)
        return inv_fail(inv, seL4_TruncatedMessage, "ASIDPool Assign: no VSpace cap.");
    struct cte *vs = inv->extra[0];
    if (vs->cap.type != cap_pml4 || cap_is_mapped(&vs->cap))
        return inv_invalid_cap(inv, 1, "ASIDPool Assign: need a PML4 cap without an ASID.");
    word_t base = cap_asid_pool_base(&inv->cap);
    paddr_t pool = asid_table[base >> seL4_ASIDPoolIndexBits];
    if (pool != inv->cap.ptr)
        return inv_failed_lookup(inv, false, &(struct lookup_fault){ .type = seL4_InvalidRoot },
                                 "ASIDPool Assign: the pool is no longer valid.");
    uint64_t *entries = table_at(pool);
    word_t i = free_asid_entry(entries, base);
    if (i == BIT(seL4_ASIDPoolIndexBits))
        return inv_fail(inv, seL4_DeleteFirst, "ASIDPool Assign: the pool is full.");
    invoke_asid_pool_assign(entries, i, base, vs);
    return seL4_NoError;
}

seL4_Error decode_x86_mmu_invocation(struct invocation *inv)
{
    word_t l = inv->label;
    switch (inv->cap.type) {
    case cap_frame:
        if (l == X86PageMap) return decode_page_map(inv);
        if (l == X86PageUnmap) { invoke_frame_unmap(inv->slot); return seL4_NoError; }
        if (l == X86PageGetAddress) { invoke_frame_get_address(inv); return seL4_NoError; }
        break;
    case cap_page_table:
        if (l == X86PageTableMap) return decode_table_map(inv);
        if (l == X86PageTableUnmap) return decode_table_unmap(inv);
        break;
    case cap_page_directory:
        if (l == X86PageDirectoryMap) return decode_table_map(inv);
        if (l == X86PageDirectoryUnmap) return decode_table_unmap(inv);
        break;
    case cap_pdpt:
        if (l == X86PDPTMap) return decode_table_map(inv);
        if (l == X86PDPTUnmap) return decode_table_unmap(inv);
        break;
    case cap_asid_control:
        return decode_asid_control(inv);
    case cap_asid_pool:
        return decode_asid_pool(inv);
    default:
        break;
    }
    return inv_fail(inv, seL4_IllegalOperation, "%s cap: illegal operation %s.",
                    cap_type_name(inv->cap.type), invocation_label_name(l));
}

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
 * In this version user code can: ask a frame for its physical address
 * (X86_Page_GetAddress).  Mapping invocations answer IllegalOperation with
 * a message saying so; they arrive with the next issue.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

#define PTE_P    BIT(0)
#define PTE_W    BIT(1)
#define PTE_U    BIT(2)
#define PTE_PS   BIT(7)
#define PTE_NX   BIT(63)
#define PTE_ADDR 0x000ffffffffff000ull

extern uint64_t boot_pml4[];

static paddr_t asid_table[BIT(seL4_NumASIDPoolsBits)];

static uint64_t *table_at(paddr_t p) { return kptr_of(p); }

/* boot_pml4 is linked at its physical address (in .boot): reach it
 * through the kernel window, since the identity map goes away. */
static uint64_t *kernel_pml4(void) { return table_at((paddr_t)boot_pml4); }

static unsigned pt_index(word_t vaddr, unsigned level)
{
    /* level 3 = PML4, 2 = PDPT, 1 = PD, 0 = PT */
    return (vaddr >> (12 + 9 * level)) & 0x1ff;
}

void vspace_kernel_init(void)
{
    /* The identity map was only needed to switch to the higher half. */
    kernel_pml4()[0] = 0;
    write_cr3(read_cr3());
}

void arch_init_vspace_root(paddr_t pml4)
{
    uint64_t *t = table_at(pml4);
    t[511] = kernel_pml4()[511];
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
 * page for each missing paging structure and records it.
 */
void vspace_boot_map(paddr_t pml4, word_t vaddr, paddr_t frame, bool writable,
                     bool executable, paddr_t (*alloc_table)(enum cap_type, word_t))
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
    table[pt_index(vaddr, 0)] = frame | PTE_P | PTE_U | (writable ? PTE_W : 0) |
                                (executable ? 0 : PTE_NX);
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
            word_t page_mask = MASK(12 + 9 * level);
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

static bool is_frame_or_table(const struct cap *c)
{
    return c->type == cap_frame || c->type == cap_page_table ||
           c->type == cap_page_directory || c->type == cap_pdpt || c->type == cap_pml4;
}

void unmap_cap_object(const struct cap *c)
{
    /* Boot-time mappings of the root task stay until the machine stops;
     * unmapping arrives with the mapping invocations.  Deleting the last
     * cap of a mapped frame therefore leaves the mapping in place: say so
     * on the console so nobody is surprised. */
    if (is_frame_or_table(c) && (c->flags & CAP_F_MAPPED) && c->type != cap_pml4)
        kprintf("caplab: note: last cap to a mapped %s deleted; the mapping stays.\n",
                cap_type_name(c->type));
}

static seL4_Error decode_page_get_address(struct invocation *inv)
{
    inv_reply_mr(inv, 0, inv->cap.ptr);
    event_hex("paddr", inv->cap.ptr);
    return seL4_NoError;
}

seL4_Error decode_x86_mmu_invocation(struct invocation *inv)
{
    if (inv->cap.type == cap_frame && inv->label == X86PageGetAddress)
        return decode_page_get_address(inv);
    return inv_fail(inv, seL4_IllegalOperation,
                    "%s: %s is not supported by this kernel version yet.",
                    cap_type_name(inv->cap.type), invocation_label_name(inv->label));
}

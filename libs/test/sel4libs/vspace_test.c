/*
 * vspace_test.c - the sel4utils vspace: reservations (any, aligned, at an
 * address, overlapping the image), new pages, existing frames mapped
 * twice, unmapping, IPC buffers, stacks, sharing, a new address space
 * with its own PML4 torn down again, the all-zero vspace of a
 * tutorial's start state, and the arch layers of these headers (what
 * <sel4utils/vspace.h> brings in, kobject numbering, frame-size helpers,
 * sel4utils_create_object_at_level).
 */
#include <string.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <sel4utils/mapping.h>
#include "test.h"

static void reservations(vspace_t *vs)
{
    void *a, *b;
    reservation_t r1 = vspace_reserve_range(vs, 3 * BIT(seL4_PageBits), seL4_AllRights, 1, &a);
    reservation_t r2 = vspace_reserve_range_aligned(vs, BIT(seL4_LargePageBits),
                                                    seL4_LargePageBits, seL4_AllRights, 1, &b);
    reservation_t r3;

    CHECK("vspace_reserve_range", r1.res != NULL && a != NULL &&
          IS_ALIGNED((uintptr_t)a, seL4_PageBits), "res %p vaddr %p", r1.res, a);
    CHECK("vspace_reserve_range_aligned 2 MiB", r2.res != NULL &&
          IS_ALIGNED((uintptr_t)b, seL4_LargePageBits), "vaddr %p", b);
    r3 = vspace_reserve_range_at(vs, (char *)a + BIT(seL4_PageBits), 10, seL4_AllRights, 1);
    CHECK("reserve_range_at inside a reservation fails", r3.res == NULL, "reserved");
    r3 = vspace_reserve_range_at(vs, (void *)0x400000, 4096, seL4_AllRights, 1);
    CHECK("reserve_range_at over the image fails", r3.res == NULL, "reserved");
    vspace_free_reservation(vs, r1);
    r3 = vspace_reserve_range_at(vs, a, 3 * BIT(seL4_PageBits), seL4_AllRights, 1);
    CHECK("vspace_free_reservation frees the range", r3.res != NULL, "still reserved");
    vspace_free_reservation(vs, r3);
    vspace_free_reservation_by_vaddr(vs, (char *)b + 100);
    r3 = vspace_reserve_range_at(vs, b, BIT(seL4_LargePageBits), seL4_AllRights, 1);
    CHECK("vspace_free_reservation_by_vaddr", r3.res != NULL, "still reserved");
    vspace_free_reservation(vs, r3);
}

static void pages(struct test_env *env)
{
    vspace_t *vs = &env->vspace;
    char *p = vspace_new_pages(vs, seL4_ReadWrite, 4, seL4_PageBits);
    char *big;
    seL4_CPtr cap;

    CHECK("vspace_new_pages", p != NULL, "NULL");
    if (p == NULL)
        return;
    memset(p, 0x5a, 4 * BIT(seL4_PageBits));
    CHECK("new pages are writable", p[0] == 0x5a && p[4 * BIT(seL4_PageBits) - 1] == 0x5a, "no");
    cap = vspace_get_cap(vs, p + BIT(seL4_PageBits) + 5);
    CHECK("vspace_get_cap", cap != 0 && cap != vspace_get_cap(vs, p), "cap %lu",
          (unsigned long)cap);
    CHECK("vspace_get_root", vspace_get_root(vs) == seL4_CapInitThreadVSpace, "wrong root");
    vspace_unmap_pages(vs, p, 4, seL4_PageBits, VSPACE_FREE);
    CHECK("vspace_unmap_pages", vspace_get_cap(vs, p) == 0, "still mapped");
    big = vspace_new_pages(vs, seL4_ReadWrite, 1, seL4_LargePageBits);
    CHECK("vspace_new_pages 2 MiB", big != NULL && IS_ALIGNED((uintptr_t)big, seL4_LargePageBits),
          "vaddr %p", big);
    if (big != NULL) {
        big[BIT(seL4_LargePageBits) - 1] = 1;
        CHECK("2 MiB page: one cap for all of it", vspace_get_cap(vs, big) ==
              vspace_get_cap(vs, big + BIT(seL4_LargePageBits) - 1), "different caps");
        vspace_unmap_pages(vs, big, 1, seL4_LargePageBits, VSPACE_FREE);
    }
    CHECK("vspace_new_pages with 0 pages fails", vspace_new_pages(vs, seL4_ReadWrite, 0, 12) ==
          NULL, "not NULL");
    CHECK("vspace_new_pages with 13 bits fails", vspace_new_pages(vs, seL4_ReadWrite, 1, 13) ==
          NULL, "not NULL");
}

/* One frame, two caps, two mappings: a write through one is seen in the other. */
static void map_twice(struct test_env *env)
{
    vka_object_t frame;
    cspacepath_t orig, copy;
    volatile char *a, *b;

    if (vka_alloc_frame(&env->vka, seL4_PageBits, &frame) != 0)
        return;
    vka_cspace_make_path(&env->vka, frame.cptr, &orig);
    vka_cspace_alloc_path(&env->vka, &copy);
    vka_cnode_copy(&copy, &orig, seL4_AllRights);
    a = vspace_map_pages(&env->vspace, &frame.cptr, NULL, seL4_ReadWrite, 1, seL4_PageBits, 1);
    b = vspace_map_pages(&env->vspace, &copy.capPtr, NULL, seL4_ReadWrite, 1, seL4_PageBits, 1);
    CHECK("vspace_map_pages", a != NULL && b != NULL && a != b, "a %p b %p", a, b);
    if (a != NULL && b != NULL) {
        a[10] = 77;
        CHECK("two mappings of one frame", b[10] == 77, "saw %d", b[10]);
    }
    CHECK("mapping a mapped cap again fails",
          vspace_map_pages(&env->vspace, &frame.cptr, NULL, seL4_ReadWrite, 1, 12, 1) == NULL,
          "mapped");
    vspace_unmap_pages(&env->vspace, (void *)a, 1, seL4_PageBits, VSPACE_PRESERVE);
    vspace_unmap_pages(&env->vspace, (void *)b, 1, seL4_PageBits, VSPACE_PRESERVE);
    CHECK("VSPACE_PRESERVE keeps the caps", seL4_DebugCapIdentify(frame.cptr) != 0 &&
          seL4_DebugCapIdentify(copy.capPtr) != 0, "cap gone");
    vka_cnode_delete(&copy);
    vka_cspace_free(&env->vka, copy.capPtr);
    vka_free_object(&env->vka, &frame);
}

static void stack_and_ipc(struct test_env *env)
{
    vspace_t *vs = &env->vspace;
    seL4_CPtr ipc_cap = 0;
    void *ipc = vspace_new_ipc_buffer(vs, &ipc_cap);
    char *top = vspace_new_sized_stack(vs, 4);

    CHECK("vspace_new_ipc_buffer", ipc != NULL && ipc_cap == vspace_get_cap(vs, ipc) &&
          ipc_cap != 0, "ipc %p cap %lu", ipc, (unsigned long)ipc_cap);
    CHECK("vspace_new_sized_stack", top != NULL && IS_ALIGNED((uintptr_t)top, seL4_PageBits),
          "top %p", top);
    if (top != NULL) {
        top[-1] = 1;
        top[-4 * (long)BIT(seL4_PageBits)] = 2;
        CHECK("stack pages mapped, guard page not", vspace_get_cap(vs, top - 1) != 0 &&
              vspace_get_cap(vs, top - 5 * BIT(seL4_PageBits)) == 0, "layout wrong");
        vspace_free_sized_stack(vs, top, 4);
        CHECK("vspace_free_sized_stack", vspace_get_cap(vs, top - 1) == 0, "still mapped");
    }
    vspace_free_ipc_buffer(vs, ipc);
    CHECK("vspace_free_ipc_buffer", vspace_get_cap(vs, ipc) == 0, "still mapped");
}

/* A new PML4 with its own vspace; pages there, shared back, torn down. */
static void new_address_space(struct test_env *env)
{
    vka_object_t pml4;
    vspace_t child;
    sel4utils_alloc_data_t data;
    char *mine, *theirs;
    int err;

    if (vka_alloc_vspace_root(&env->vka, &pml4) != 0)
        return;
    err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4.cptr);
    CHECK("ASIDPool_Assign", err == 0, "error %d", err);
    err = sel4utils_get_vspace(&env->vspace, &child, &data, &env->vka, pml4.cptr, NULL, NULL);
    CHECK("sel4utils_get_vspace", err == 0 && vspace_get_root(&child) == pml4.cptr, "error %d",
          err);
    theirs = vspace_new_pages(&child, seL4_ReadWrite, 2, seL4_PageBits);
    CHECK("pages in the new vspace", theirs != NULL && vspace_get_cap(&child, theirs) != 0,
          "NULL");
    mine = vspace_share_mem(&child, &env->vspace, theirs, 2, seL4_PageBits, seL4_ReadWrite, 1);
    CHECK("vspace_share_mem", mine != NULL, "NULL");
    if (mine != NULL) {
        mine[BIT(seL4_PageBits) + 3] = 9;
        vspace_unmap_pages(&env->vspace, mine, 2, seL4_PageBits, VSPACE_PRESERVE);
    }
    vspace_tear_down(&child, VSPACE_FREE);
    CHECK("vspace_tear_down", seL4_DebugCapIdentify(pml4.cptr) != 0, "root gone");
    vka_free_object(&env->vka, &pml4);
}

/* What a tutorial's start state does with an all-zero vspace_t. */
static void zeroed_vspace(void)
{
    vspace_t none;
    void *vaddr = NULL;
    reservation_t r;

    memset(&none, 0, sizeof(none));
    r = vspace_reserve_range_aligned(&none, 4096, seL4_PageBits, seL4_AllRights, 1, &vaddr);
    CHECK("zeroed vspace: reserve fails (Not implemented)", r.res == NULL, "reserved");
    CHECK("zeroed vspace: new_pages fails", vspace_new_pages(&none, seL4_ReadWrite, 1, 12) ==
          NULL, "mapped");
}

/* Names seL4 code finds through <sel4utils/vspace.h> and <vka/object.h>
 * alone (dynamic-2 sets its thread's registers with nothing else). */
static void arch_names(void)
{
    seL4_UserContext regs = {0};

    sel4utils_set_instruction_pointer(&regs, 0x401000);
    sel4utils_set_stack_pointer(&regs, 0x7000);
    CHECK("sel4utils_set_*_pointer via <sel4utils/vspace.h>",
          sel4utils_get_instruction_pointer(regs) == 0x401000 && sel4utils_get_sp(regs) == 0x7000,
          "rip %lx rsp %lx", (unsigned long)regs.rip, (unsigned long)regs.rsp);
    CHECK("sel4utils x86_64 vspace constants", VSPACE_NUM_LEVELS == 4 && VSPACE_LEVEL_BITS == 9 &&
          KERNEL_RESERVED_START == 0x00007ffffffff000ul, "wrong");
    CHECK("sel4_page_sizes", SEL4_NUM_PAGE_SIZES == 3 && sel4_page_sizes[0] == seL4_PageBits &&
          sel4_page_sizes[2] == seL4_HugePageBits && sel4_valid_size_bits(21) &&
          !sel4_valid_size_bits(13), "wrong");
    CHECK("sel4_page_size_bits_for_memory_region",
          sel4_page_size_bits_for_memory_region(100) == 12 &&
          sel4_page_size_bits_for_memory_region(3 * BIT(20)) == 21 &&
          sel4_page_size_bits_for_memory_region(BIT(31)) == 30, "%d %d %d",
          sel4_page_size_bits_for_memory_region(100),
          sel4_page_size_bits_for_memory_region(3 * BIT(20)),
          sel4_page_size_bits_for_memory_region(BIT(31)));
    CHECK("kobject numbering as seL4_libs", KOBJECT_PML4 == 0 && KOBJECT_PDPT == 1 &&
          KOBJECT_FRAME == 2 && KOBJECT_PAGE_DIRECTORY == 4 && KOBJECT_PAGE_TABLE == 5 &&
          KOBJECT_TCB == 6 && NUM_KOBJECT_TYPES == 14, "wrong");
    CHECK("kobject_get_type", kobject_get_type(KOBJECT_FRAME, 21) == seL4_X86_LargePageObject &&
          kobject_get_type(KOBJECT_FRAME, 30) == seL4_X64_HugePageObject &&
          kobject_get_type(KOBJECT_PML4, 0) == seL4_X64_PML4Object &&
          kobject_get_type(KOBJECT_PAGE_TABLE, 0) == seL4_X86_PageTableObject, "wrong");
    CHECK("kobject_get_size", kobject_get_size(KOBJECT_FRAME, 12) == 12 &&
          kobject_get_size(KOBJECT_PDPT, 0) == seL4_PDPTBits &&
          kobject_get_size(KOBJECT_CNODE, 4) == seL4_SlotBits + 4, "wrong");
    CHECK("no MCS kobjects on a non-MCS kernel",
          kobject_get_type(KOBJECT_REPLY, 0) == (seL4_Word)-1 &&
          kobject_get_type(KOBJECT_SCHED_CONTEXT, 0) == (seL4_Word)-1, "has a type");
}

/* sel4utils_create_object_at_level in a fresh PML4: the PDPT a frame map
 * finds missing, the same level again (already there), and a level it
 * does not make. */
static void create_object_at_level(struct test_env *env)
{
    vka_object_t pml4, frame, objects[4];
    void *vaddr = (void *)0x5000000000ul;
    int n = 0, err;

    if (vka_alloc_vspace_root(&env->vka, &pml4) != 0 || vka_alloc_frame(&env->vka, 12, &frame))
        return;
    seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4.cptr);
    err = seL4_X86_Page_Map(frame.cptr, pml4.cptr, (seL4_Word)vaddr, seL4_AllRights,
                            seL4_X86_Default_VMAttributes);
    CHECK("frame map in an empty PML4 misses the PDPT", err == seL4_FailedLookup &&
          seL4_MappingFailedLookupLevel() == SEL4_MAPPING_LOOKUP_NO_PDPT, "error %d level %lu",
          err, (unsigned long)seL4_MappingFailedLookupLevel());
    err = sel4utils_create_object_at_level(&env->vka, SEL4_MAPPING_LOOKUP_NO_PDPT, objects, &n,
                                           vaddr, pml4.cptr);
    CHECK("create_object_at_level makes the PDPT", err == 0 && n == 1 &&
          objects[0].type == seL4_X86_PDPTObject, "error %d n %d", err, n);
    err = sel4utils_create_object_at_level(&env->vka, SEL4_MAPPING_LOOKUP_NO_PDPT, objects, &n,
                                           vaddr, pml4.cptr);
    CHECK("create_object_at_level: level already there", err == 0 && n == 1,
          "error %d n %d", err, n);
    err = sel4utils_create_object_at_level(&env->vka, SEL4_MAPPING_LOOKUP_NO_PD, objects, &n,
                                           vaddr, pml4.cptr);
    CHECK("create_object_at_level makes the PD", err == 0 && n == 2, "error %d n %d", err, n);
    err = sel4utils_create_object_at_level(&env->vka, SEL4_MAPPING_LOOKUP_NO_PT, objects, &n,
                                           vaddr, pml4.cptr);
    CHECK("create_object_at_level: no page tables", err == seL4_InvalidArgument && n == 2,
          "error %d n %d", err, n);
    while (n > 0)
        vka_free_object(&env->vka, &objects[--n]);
    vka_free_object(&env->vka, &frame);
    vka_free_object(&env->vka, &pml4);
}

void test_vspace(struct test_env *env)
{
    arch_names();
    create_object_at_level(env);
    reservations(&env->vspace);
    pages(env);
    map_twice(env);
    stack_and_ipc(env);
    new_address_space(env);
    zeroed_vspace();
}

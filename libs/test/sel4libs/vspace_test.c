/*
 * vspace_test.c - the sel4utils vspace: reservations (any, aligned, at an
 * address, overlapping the image), new pages, existing frames mapped
 * twice, unmapping, IPC buffers, stacks, sharing, a new address space
 * with its own PML4 torn down again, and the all-zero vspace of a
 * tutorial's start state.
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

void test_vspace(struct test_env *env)
{
    reservations(&env->vspace);
    pages(env);
    map_twice(env);
    stack_and_ipc(env);
    new_address_space(env);
    zeroed_vspace();
}

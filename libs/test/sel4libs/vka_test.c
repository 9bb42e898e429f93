/*
 * vka_test.c - allocman through the vka interface: every object type,
 * the leaky variants, slots and paths, the CNode wrappers, allocation at
 * a physical address, error paths, and that freeing really gives memory
 * and slots back (the same number of objects fits again).
 */
#include <string.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <vka/object_capops.h>
#include "test.h"

/* seL4_DebugCapIdentify's numbers for x86_64 caps. */
enum { TAG_FRAME = 1, TAG_UNTYPED = 2, TAG_PT = 3, TAG_EP = 4, TAG_PD = 5, TAG_NTFN = 6,
       TAG_PDPT = 7, TAG_PML4 = 9, TAG_CNODE = 10, TAG_TCB = 12 };

static void check_object(vka_t *vka, const char *name, int err, vka_object_t *obj, int tag)
{
    unsigned got = err ? 0 : seL4_DebugCapIdentify(obj->cptr);

    CHECK(name, err == 0 && (int)got == tag, "error %d, cap tag %u (want %d)", err, got, tag);
}

static void every_type(vka_t *vka)
{
    vka_object_t o[12];
    int n = 0;

    check_object(vka, "vka_alloc_tcb", vka_alloc_tcb(vka, &o[n]), &o[n], TAG_TCB); n++;
    check_object(vka, "vka_alloc_endpoint", vka_alloc_endpoint(vka, &o[n]), &o[n], TAG_EP); n++;
    check_object(vka, "vka_alloc_notification", vka_alloc_notification(vka, &o[n]), &o[n],
                 TAG_NTFN); n++;
    check_object(vka, "vka_alloc_page_table", vka_alloc_page_table(vka, &o[n]), &o[n], TAG_PT); n++;
    check_object(vka, "vka_alloc_page_directory", vka_alloc_page_directory(vka, &o[n]), &o[n],
                 TAG_PD); n++;
    check_object(vka, "vka_alloc_pdpt", vka_alloc_pdpt(vka, &o[n]), &o[n], TAG_PDPT); n++;
    check_object(vka, "vka_alloc_vspace_root", vka_alloc_vspace_root(vka, &o[n]), &o[n],
                 TAG_PML4); n++;
    check_object(vka, "vka_alloc_cnode_object", vka_alloc_cnode_object(vka, 4, &o[n]), &o[n],
                 TAG_CNODE); n++;
    check_object(vka, "vka_alloc_untyped", vka_alloc_untyped(vka, 10, &o[n]), &o[n],
                 TAG_UNTYPED); n++;
    check_object(vka, "vka_alloc_frame 4K", vka_alloc_frame(vka, seL4_PageBits, &o[n]), &o[n],
                 TAG_FRAME); n++;
    check_object(vka, "vka_alloc_frame 2M", vka_alloc_frame(vka, seL4_LargePageBits, &o[n]),
                 &o[n], TAG_FRAME); n++;
    for (int i = 0; i < n; i++)
        vka_free_object(vka, &o[i]);
    CHECK("freed caps are gone", seL4_DebugCapIdentify(o[0].cptr) == 0, "slot still full");
}

static void leaky(vka_t *vka)
{
    seL4_CPtr caps[] = {
        vka_alloc_tcb_leaky(vka), vka_alloc_endpoint_leaky(vka),
        vka_alloc_notification_leaky(vka), vka_alloc_page_table_leaky(vka),
        vka_alloc_page_directory_leaky(vka), vka_alloc_pdpt_leaky(vka),
        vka_alloc_untyped_leaky(vka, 8), vka_alloc_frame_leaky(vka, 12),
        vka_alloc_cnode_object_leaky(vka, 2),
    };
    bool all = true;

    for (size_t i = 0; i < ARRAY_SIZE(caps); i++)
        all = all && caps[i] != 0 && seL4_DebugCapIdentify(caps[i]) != 0;
    CHECK("*_leaky variants", all, "a leaky allocation failed");
    CHECK("leaky failure is 0", vka_alloc_untyped_leaky(vka, 60) == 0, "got a cap");
}

static void slots(vka_t *vka)
{
    seL4_CPtr slot;
    cspacepath_t path;
    int err = vka_cspace_alloc(vka, &slot);

    CHECK("vka_cspace_alloc", err == 0 && slot != 0 && seL4_DebugCapIdentify(slot) == 0,
          "error %d slot %lu", err, (unsigned long)slot);
    vka_cspace_make_path(vka, slot, &path);
    CHECK("vka_cspace_make_path", path.root == seL4_CapInitThreadCNode && path.capPtr == slot &&
          path.capDepth == seL4_WordBits && path.offset == slot && path.window == 1 &&
          path.destDepth == 0, "root %lu depth %lu offset %lu", (unsigned long)path.root,
          (unsigned long)path.capDepth, (unsigned long)path.offset);
    vka_cspace_free(vka, slot);
    err = vka_cspace_alloc_path(vka, &path);
    CHECK("vka_cspace_alloc_path", err == 0 && path.capPtr != 0, "error %d", err);
    vka_cspace_free_path(vka, path);
}

/* Copy, mint, mutate, move, rotate, revoke, delete, saveCaller. */
static void capops(vka_t *vka)
{
    vka_object_t ep;
    cspacepath_t ep_path, a, b, c, badged;
    int err;

    if (vka_alloc_endpoint(vka, &ep) != 0) {
        CHECK("capops setup", false, "no endpoint");
        return;
    }
    vka_cspace_make_path(vka, ep.cptr, &ep_path);
    vka_cspace_alloc_path(vka, &a);
    vka_cspace_alloc_path(vka, &b);
    vka_cspace_alloc_path(vka, &c);
    err = vka_cnode_copy(&a, &ep_path, seL4_AllRights);
    CHECK("vka_cnode_copy", err == 0 && seL4_DebugCapIdentify(a.capPtr) == TAG_EP, "error %d", err);
    CHECK("vka_cnode_copy into a full slot", vka_cnode_copy(&a, &ep_path, seL4_AllRights) ==
          seL4_DeleteFirst, "not DeleteFirst");
    err = vka_cnode_move(&b, &a);
    CHECK("vka_cnode_move", err == 0 && seL4_DebugCapIdentify(a.capPtr) == 0 &&
          seL4_DebugCapIdentify(b.capPtr) == TAG_EP, "error %d", err);
    err = vka_cnode_mutate(&a, &b, 0);
    CHECK("vka_cnode_mutate refuses an endpoint", err == seL4_IllegalOperation, "error %d", err);
    err = vka_cnode_rotate(&c, 0, &b, 0, &b);
    CHECK("vka_cnode_rotate pivot = src refused", err == seL4_IllegalOperation, "error %d", err);
    err = vka_cnode_delete(&b);
    CHECK("vka_cnode_delete", err == 0 && seL4_DebugCapIdentify(b.capPtr) == 0, "error %d", err);
    err = vka_mint_object(vka, &ep, &badged, seL4_AllRights, 42);
    CHECK("vka_mint_object", err == 0 && seL4_DebugCapIdentify(badged.capPtr) == TAG_EP,
          "error %d", err);
    err = vka_cnode_mint(&a, &badged, seL4_AllRights, 7);
    CHECK("re-minting a badged cap fails", err == seL4_IllegalOperation, "error %d", err);
    err = vka_cnode_copy(&a, &badged, seL4_CanWrite);
    CHECK("copy of the badged cap", err == 0, "error %d", err);
    err = vka_cnode_revoke(&ep_path);
    CHECK("vka_cnode_revoke removes badged copies", err == 0 &&
          seL4_DebugCapIdentify(badged.capPtr) == 0 && seL4_DebugCapIdentify(a.capPtr) == 0 &&
          seL4_DebugCapIdentify(ep.cptr) == TAG_EP, "error %d", err);
    err = vka_cnode_saveCaller(&a);
    CHECK("vka_cnode_saveCaller with no caller", err == 0 && seL4_DebugCapIdentify(a.capPtr) == 0,
          "error %d", err);
    vka_cspace_free_path(vka, a);
    vka_cspace_free_path(vka, b);
    vka_cspace_free_path(vka, c);
    vka_cspace_free_path(vka, badged);
    vka_free_object(vka, &ep);
}

static void at_paddr(struct test_env *env)
{
    vka_t *vka = &env->vka;
    vka_object_t f, g;
    uintptr_t pa;
    int err;

    if (vka_alloc_frame(vka, seL4_PageBits, &f) != 0) {
        CHECK("paddr setup", false, "no frame");
        return;
    }
    pa = vka_object_paddr(vka, &f);
    CHECK("vka_object_paddr", pa != VKA_NO_PADDR && pa == seL4_X86_Page_GetAddress(f.cptr).paddr,
          "paddr %p", (void *)pa);
    err = vka_alloc_frame_at(vka, seL4_PageBits, pa, &g);
    CHECK("frame at a used paddr fails", err != 0, "got one");
    vka_free_object(vka, &f);
    err = vka_alloc_frame_at(vka, seL4_PageBits, pa, &g);
    CHECK("vka_alloc_frame_at a freed paddr", err == 0 &&
          seL4_X86_Page_GetAddress(g.cptr).paddr == pa, "error %d", err);
    if (err == 0)
        vka_free_object(vka, &g);
    for (int i = 0; i < simple_get_untyped_count(&env->simple); i++) {
        size_t bits;
        uintptr_t dev_pa;
        bool device;
        simple_get_nth_untyped(&env->simple, i, &bits, &dev_pa, &device);
        if (!device || bits < seL4_PageBits)
            continue;
        err = vka_alloc_frame_at(vka, seL4_PageBits, dev_pa, &g);
        CHECK("device frame at its paddr", err == 0 &&
              seL4_X86_Page_GetAddress(g.cptr).paddr == dev_pa, "error %d at %p", err,
              (void *)dev_pa);
        if (err == 0)
            vka_free_object(vka, &g);
        break;
    }
}

/* How many objects of one kind fit until allocation fails; frees them. */
static int fill(vka_t *vka, seL4_Word type, seL4_Word bits, vka_object_t *objs, int max)
{
    int n = 0;

    while (n < max && vka_alloc_object(vka, type, bits, &objs[n]) == 0)
        n++;
    for (int i = 0; i < n; i++)
        vka_free_object(vka, &objs[i]);
    return n;
}

static vka_object_t many[4096];

static void memory_comes_back(vka_t *vka)
{
    int a = fill(vka, seL4_X86_LargePageObject, seL4_LargePageBits, many, 512);
    int b = fill(vka, seL4_X86_LargePageObject, seL4_LargePageBits, many, 512);
    int e, f;

    CHECK("2 MiB frames until memory runs out, twice", a > 4 && a == b, "%d then %d", a, b);
    e = fill(vka, seL4_EndpointObject, seL4_EndpointBits, many, ARRAY_SIZE(many));
    f = fill(vka, seL4_EndpointObject, seL4_EndpointBits, many, ARRAY_SIZE(many));
    CHECK("endpoints until slots run out, twice", e > 500 && e == f, "%d then %d", e, f);
    b = fill(vka, seL4_X86_LargePageObject, seL4_LargePageBits, many, 512);
    CHECK("small objects freed: big frames fit again", a == b, "%d then %d", a, b);
}

static void errors(vka_t *vka)
{
    vka_object_t o;
    seL4_CPtr slot;
    vka_t empty;

    memset(&empty, 0, sizeof(empty));
    CHECK("untyped of 60 bits fails", vka_alloc_untyped(vka, 60, &o) != 0 && o.cptr == 0,
          "cptr %lu", (unsigned long)o.cptr);
    CHECK("frame of 1 GiB fails (128 MiB machine)", vka_alloc_frame(vka, 30, &o) != 0,
          "allocated");
    CHECK("cnode of radix 0 fails", vka_alloc_cnode_object(vka, 0, &o) != 0, "allocated");
    CHECK("vka without hooks fails", vka_cspace_alloc(&empty, &slot) != 0, "allocated");
}

void test_vka(struct test_env *env)
{
    every_type(&env->vka);
    leaky(&env->vka);
    slots(&env->vka);
    capops(&env->vka);
    at_paddr(env);
    errors(&env->vka);
    memory_comes_back(&env->vka);
}

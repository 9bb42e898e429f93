/*
 * vspace_pages: the root task's sel4utils vspace.  vspace_new_pages with
 * 4 KiB and 2 MiB pages, vspace_get_cap and seL4_X86_Page_GetAddress,
 * vspace_reserve_range(_aligned/_at) and vspace_free_reservation,
 * vspace_map_pages of frames from the vka, vspace_unmap_pages with
 * VSPACE_PRESERVE (the caps stay, the data survives a remap) and with
 * VSPACE_FREE (the caps are deleted), refusals (overlaps, sizes), paging
 * structures made on demand, vspace_new_ipc_buffer, a sized stack, moving
 * a reservation and reaching a page through a second mapping.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <vka/object_capops.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/mapping.h>
#include <utils/util.h>
#include "env.h"

static int fill_check(void *vaddr, size_t bytes, seL4_Word seed)
{
    volatile seL4_Word *w = vaddr;
    size_t n = bytes / sizeof(seL4_Word);

    for (size_t i = 0; i < n; i += 512)
        w[i] = seed + i;
    w[n - 1] = seed;
    for (size_t i = 0; i < n; i += 512)
        if (w[i] != seed + i)
            return 0;
    return w[n - 1] == seed;
}

static void page_address(const char *what, seL4_CPtr cap, int bits)
{
    seL4_X86_Page_GetAddress_t ga = seL4_X86_Page_GetAddress(cap);

    printf("%s: GetAddress error=%d aligned=%d nonzero=%d\n", what, ga.error,
           ga.error == 0 && IS_ALIGNED(ga.paddr, bits), ga.paddr != 0);
}

/* Called with the page mapped a second time at vaddr. */
static int look(void *access_addr, void *vaddr, void *cookie)
{
    printf("callback: second mapping differs %d, page aligned %d, sees %#x, cookie %d\n",
           vaddr != access_addr, IS_ALIGNED((uintptr_t)vaddr, seL4_PageBits),
           ((volatile char *)vaddr)[7], *(int *)cookie);
    return 42;
}

int main(void)
{
    void *small, *large, *v, *mapped, *again;
    vka_object_t frames[3];
    seL4_CPtr caps[3];
    reservation_t res, res2;
    int err;

    env_boot();
    small = vspace_new_pages(&vspace, seL4_AllRights, 4, seL4_PageBits);
    printf("new 4 x 4K: %s aligned=%d rw=%d\n", small ? "ok" : "NULL",
           IS_ALIGNED((uintptr_t)small, seL4_PageBits), small && fill_check(small, 4 * 4096, 7));
    printf("get_cap of each 4K page: %d %d distinct=%d\n",
           vspace_get_cap(&vspace, small) != 0,
           vspace_get_cap(&vspace, (char *)small + 3 * 4096) != 0,
           vspace_get_cap(&vspace, small) != vspace_get_cap(&vspace, (char *)small + 4096));
    page_address("4K page", vspace_get_cap(&vspace, small), seL4_PageBits);

    large = vspace_new_pages(&vspace, seL4_AllRights, 2, seL4_LargePageBits);
    printf("new 2 x 2M: %s aligned=%d rw=%d\n", large ? "ok" : "NULL",
           IS_ALIGNED((uintptr_t)large, seL4_LargePageBits),
           large && fill_check(large, 2 * BIT(seL4_LargePageBits), 9));
    printf("get_cap inside a 2M page is the page's cap: %d\n",
           large && vspace_get_cap(&vspace, (char *)large + 0x12345) ==
           vspace_get_cap(&vspace, large));
    page_address("2M page", vspace_get_cap(&vspace, large), seL4_LargePageBits);
    printf("cookie of a new page set: %d\n", vspace_get_cookie(&vspace, small) != 0);

    /* reservations */
    res = vspace_reserve_range_aligned(&vspace, 3 * 4096, seL4_LargePageBits, seL4_AllRights, 1,
                                       &v);
    printf("reserve aligned to 2M: %s aligned=%d\n", res.res ? "ok" : "NULL",
           IS_ALIGNED((uintptr_t)v, seL4_LargePageBits));
    printf("reserved range has no cap: %d\n", vspace_get_cap(&vspace, v) == 0);
    res2 = vspace_reserve_range_at(&vspace, (char *)v + 4096, 4096, seL4_AllRights, 1);
    printf("reserve_at inside a reservation: %s\n", res2.res ? "ok" : "NULL");
    res2 = vspace_reserve_range_at(&vspace, small, 4096, seL4_AllRights, 1);
    printf("reserve_at over mapped pages: %s\n", res2.res ? "ok" : "NULL");
    err = vspace_new_pages_at_vaddr(&vspace, v, 3, seL4_PageBits, res);
    printf("new_pages_at_vaddr in the reservation: %d rw=%d\n", err,
           err == 0 && fill_check(v, 3 * 4096, 11));
    err = vspace_new_pages_at_vaddr(&vspace, v, 1, seL4_PageBits, res);
    printf("new_pages_at_vaddr over mapped pages: %d\n", err != 0 ? -1 : 0);
    vspace_unmap_pages(&vspace, v, 3, seL4_PageBits, VSPACE_FREE);
    printf("after unmap: cap=%lu\n", (unsigned long)vspace_get_cap(&vspace, v));
    vspace_free_reservation(&vspace, res);
    res2 = vspace_reserve_range_at(&vspace, v, 4096, seL4_AllRights, 1);
    printf("reserve_at after free_reservation: %s\n", res2.res ? "ok" : "NULL");
    vspace_free_reservation(&vspace, res2);

    /* map frames we own */
    for (int i = 0; i < 3; i++) {
        err = vka_alloc_frame(&vka, seL4_PageBits, &frames[i]);
        ZF_LOGF_IFERR(err, "frame");
        caps[i] = frames[i].cptr;
    }
    mapped = vspace_map_pages(&vspace, caps, NULL, seL4_AllRights, 3, seL4_PageBits, 1);
    printf("map_pages: %s\n", mapped ? "ok" : "NULL");
    printf("get_cap gives our caps: %d %d\n", vspace_get_cap(&vspace, mapped) == caps[0],
           vspace_get_cap(&vspace, (char *)mapped + 2 * 4096) == caps[2]);
    printf("cookie of a mapped page is 0: %d\n", vspace_get_cookie(&vspace, mapped) == 0);
    ((volatile seL4_Word *)mapped)[0] = 0xC0FFEE;
    ((volatile seL4_Word *)mapped)[1024] = 0xBEEF;
    /* a mapped frame cap cannot be mapped a second time */
    again = vspace_map_pages(&vspace, caps, NULL, seL4_AllRights, 1, seL4_PageBits, 1);
    printf("map_pages of a mapped cap: %s\n", again ? "ok" : "NULL");
    vspace_unmap_pages(&vspace, mapped, 3, seL4_PageBits, VSPACE_PRESERVE);
    printf("unmap PRESERVE: cap=%lu\n", (unsigned long)vspace_get_cap(&vspace, mapped));
    page_address("preserved cap", caps[0], seL4_PageBits);
    again = vspace_map_pages(&vspace, caps, NULL, seL4_AllRights, 3, seL4_PageBits, 1);
    printf("map again: %s data=%#lx %#lx\n", again ? "ok" : "NULL",
           again ? (unsigned long)((volatile seL4_Word *)again)[0] : 0,
           again ? (unsigned long)((volatile seL4_Word *)again)[1024] : 0);
    vspace_unmap_pages(&vspace, again, 3, seL4_PageBits, VSPACE_FREE);
    printf("unmap FREE: cap=%lu\n", (unsigned long)vspace_get_cap(&vspace, again));
    page_address("freed cap", caps[0], seL4_PageBits);

    /* an IPC buffer page, and a stack with its guard page */
    seL4_CPtr buf_cap = 0;
    void *buf = vspace_new_ipc_buffer(&vspace, &buf_cap);
    printf("ipc buffer: %s cap matches %d\n", buf ? "ok" : "NULL",
           buf_cap != 0 && vspace_get_cap(&vspace, buf) == buf_cap);
    char *top = vspace_new_sized_stack(&vspace, 4);
    printf("stack: %s aligned=%d lowest page mapped=%d guard mapped=%d\n", top ? "ok" : "NULL",
           IS_ALIGNED((uintptr_t)top, seL4_PageBits),
           top && vspace_get_cap(&vspace, top - 4 * 4096) != 0,
           top && vspace_get_cap(&vspace, top - 4 * 4096 - 1) != 0);
    if (top)
        top[-1] = 1;
    vspace_free_sized_stack(&vspace, top, 4);
    printf("stack freed: top page mapped=%d\n", vspace_get_cap(&vspace, top - 1) != 0);

    /* moving and resizing a reservation */
    {
        void *r0;
        reservation_t rr = vspace_reserve_range(&vspace, 4 * 4096, seL4_AllRights, 1, &r0);
        vspace_free_reservation(&vspace, rr);
        rr = vspace_reserve_range_at(&vspace, r0, 2 * 4096, seL4_AllRights, 1);
        printf("move_resize: grow %d\n",
               sel4utils_move_resize_reservation(&vspace, rr, r0, 4 * 4096));
        printf("move_resize: page in the grown part %d\n",
               vspace_new_pages_at_vaddr(&vspace, (char *)r0 + 3 * 4096, 1, seL4_PageBits, rr));
        printf("move_resize: shrink %d, page still mapped %d\n",
               sel4utils_move_resize_reservation(&vspace, rr, r0, 4096),
               vspace_get_cap(&vspace, (char *)r0 + 3 * 4096) != 0);
        printf("move_resize: down over mapped pages %d\n",
               sel4utils_move_resize_reservation(&vspace, rr, (void *)small, 4096));
        vspace_free_reservation(&vspace, rr);
    }
    /* reading a page through a second mapping */
    {
        int cookie = 5;
        ((volatile char *)small)[7] = 0x77;
        printf("access_page_with_callback: %d\n",
               vspace_access_page_with_callback(&vspace, &vspace, (char *)small + 7, seL4_PageBits,
                                                seL4_AllRights, 1, look, &cookie));
    }

    /* paging structures made on demand, far from everything else */
    {
        vka_object_t fr, objs[3];
        int n = 3;
        reservation_t far = vspace_reserve_range_at(&vspace, (void *)0x600000000000ul,
                                                    2 * 4096, seL4_AllRights, 1);
        int e = vspace_new_pages_at_vaddr(&vspace, (void *)0x600000000000ul, 2, seL4_PageBits,
                                          far);
        printf("new pages in an empty 512 GiB region: %d rw=%d\n", e,
               e == 0 && fill_check((void *)0x600000000000ul, 2 * 4096, 13));
        ZF_LOGF_IFERR(vka_alloc_frame(&vka, seL4_PageBits, &fr), "frame");
        e = sel4utils_map_page(&vka, simple_get_pd(&simple), fr.cptr, (void *)0x680000000000ul,
                               seL4_AllRights, 1, objs, &n);
        printf("sel4utils_map_page far away: %d, paging objects made %d\n", e, n);
        n = 3;
        e = sel4utils_map_page(&vka, simple_get_pd(&simple), fr.cptr, (void *)0x680000001000ul,
                               seL4_AllRights, 1, objs, &n);
        printf("sel4utils_map_page of a mapped frame elsewhere: %s\n", e ? "error" : "ok");
    }

    /* refusals */
    printf("new_pages of 0 pages: %s\n",
           vspace_new_pages(&vspace, seL4_AllRights, 0, seL4_PageBits) ? "ok" : "NULL");
    printf("new_pages of 13-bit pages: %s\n",
           vspace_new_pages(&vspace, seL4_AllRights, 1, 13) ? "ok" : "NULL");
    printf("vspace_pages: done\n");
    return 0;
}

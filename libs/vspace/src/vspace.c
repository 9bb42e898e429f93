/*
 * vspace.c - the vspace calls built only from the hooks, the same for
 * every implementation: plain reservation, new pages with a config,
 * stacks with a guard page, IPC buffers, sharing memory and reaching a
 * page through a second mapping.
 */
#include <vspace/vspace.h>

reservation_t vspace_reserve_range(vspace_t *vspace, size_t bytes, seL4_CapRights_t rights,
                                   int cacheable, void **vaddr)
{
    return vspace_reserve_range_aligned(vspace, bytes, seL4_PageBits, rights, cacheable, vaddr);
}

void *vspace_new_pages_with_config(vspace_t *vspace, vspace_new_pages_config_t *config,
                                   seL4_CapRights_t rights)
{
    size_t bytes = config->num_pages << config->size_bits;
    reservation_t res;
    void *vaddr = config->vaddr;

    if (vaddr == NULL)
        res = vspace_reserve_range_aligned(vspace, bytes, config->size_bits, rights, 1, &vaddr);
    else
        res = vspace_reserve_range_at(vspace, vaddr, bytes, rights, 1);
    if (res.res == NULL)
        return NULL;
    config->vaddr = vaddr;
    if (vspace_new_pages_at_vaddr_with_config(vspace, config, res) != 0) {
        vspace_free_reservation(vspace, res);
        return NULL;
    }
    vspace_free_reservation(vspace, res);   /* the mappings keep the addresses */
    return vaddr;
}

void *vspace_new_sized_stack(vspace_t *vspace, size_t n_pages)
{
    void *base;
    size_t bytes = (n_pages + 1) << seL4_PageBits;   /* + the guard page */
    reservation_t res;

    if (n_pages == 0) {
        ZF_LOGE("a stack needs at least one page");
        return NULL;
    }
    res = vspace_reserve_range(vspace, bytes, seL4_ReadWrite, 1, &base);
    if (res.res == NULL)
        return NULL;
    if (vspace_new_pages_at_vaddr(vspace, (char *)base + BIT(seL4_PageBits), n_pages,
                                  seL4_PageBits, res) != 0) {
        vspace_free_reservation(vspace, res);
        return NULL;
    }
    return (char *)base + bytes;
}

void vspace_free_sized_stack(vspace_t *vspace, void *stack_top, size_t n_pages)
{
    char *pages;

    if (stack_top == NULL || n_pages == 0)
        return;
    pages = (char *)stack_top - (n_pages << seL4_PageBits);
    vspace_unmap_pages(vspace, pages, n_pages, seL4_PageBits, VSPACE_FREE);
    vspace_free_reservation_by_vaddr(vspace, pages - BIT(seL4_PageBits));
}

void *vspace_new_ipc_buffer(vspace_t *vspace, seL4_CPtr *page)
{
    void *vaddr = vspace_new_pages(vspace, seL4_ReadWrite, 1, seL4_PageBits);

    if (vaddr == NULL)
        return NULL;
    *page = vspace_get_cap(vspace, vaddr);
    return vaddr;
}

void vspace_free_ipc_buffer(vspace_t *vspace, void *addr)
{
    if (addr != NULL)
        vspace_unmap_pages(vspace, addr, 1, seL4_PageBits, VSPACE_FREE);
}

void *vspace_share_mem(vspace_t *from, vspace_t *to, void *start, int num_pages,
                       size_t size_bits, seL4_CapRights_t rights, int cacheable)
{
    void *vaddr;
    reservation_t res;

    if (num_pages <= 0)
        return NULL;
    res = vspace_reserve_range_aligned(to, (size_t)num_pages << size_bits, size_bits, rights,
                                       cacheable, &vaddr);
    if (res.res == NULL)
        return NULL;
    if (vspace_share_mem_at_vaddr(from, to, start, num_pages, size_bits, vaddr, res) != 0) {
        vspace_free_reservation(to, res);
        return NULL;
    }
    vspace_free_reservation(to, res);
    return vaddr;
}

int vspace_access_page_with_callback(vspace_t *from, vspace_t *to, void *access_addr,
                                     size_t size_bits, seL4_CapRights_t rights, int cacheable,
                                     vspace_access_callback_fn callback, void *cookie)
{
    void *vaddr = vspace_share_mem(from, to, access_addr, 1, size_bits, rights, cacheable);
    int result;

    if (vaddr == NULL) {
        ZF_LOGE("Failed to access page");
        return -1;
    }
    result = callback(access_addr, vaddr, cookie);
    vspace_unmap_pages(to, vaddr, 1, size_bits, VSPACE_FREE);
    return result;
}

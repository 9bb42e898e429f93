/*
 * io.c - platsupport's memory interfaces over seL4_libs: the io_mapper
 * (frames retyped at a physical address and mapped in a vspace), malloc
 * ops, the (empty) device tree, and the io_ops bundle.
 *
 * Each mapping is remembered (its address, pages and frame objects) so
 * that io_unmap can unmap it and give the frames back to the vka.
 */
#include <string.h>
#include <sel4platsupport/io.h>
#include <vka/object.h>

typedef struct mapping {
    struct mapping *next;
    void *vaddr;                 /* page-aligned start */
    size_t pages;
    vka_object_t frames[];
} mapping_t;

typedef struct {
    vspace_t *vspace;
    vka_t *vka;
    mapping_t *mappings;
} io_mapper_cookie_t;

static void free_frames(vka_t *vka, vka_object_t *frames, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vka_free_object(vka, &frames[i]);
}

static void *map_frames(io_mapper_cookie_t *io, mapping_t *m, int cached)
{
    seL4_CPtr caps[m->pages];
    for (size_t i = 0; i < m->pages; i++)
        caps[i] = m->frames[i].cptr;
    return vspace_map_pages(io->vspace, caps, NULL, seL4_AllRights, m->pages, seL4_PageBits,
                            cached);
}

static void *io_map(void *cookie, uintptr_t paddr, size_t size, int cached, ps_mem_flags_t flags)
{
    io_mapper_cookie_t *io = cookie;
    uintptr_t first = ALIGN_DOWN(paddr, BIT(seL4_PageBits));
    size_t pages = DIV_ROUND_UP(paddr + size - first, BIT(seL4_PageBits));
    if (size == 0)
        return NULL;
    mapping_t *m = calloc(1, sizeof(*m) + pages * sizeof(vka_object_t));
    if (m == NULL)
        return NULL;
    for (m->pages = 0; m->pages < pages; m->pages++) {
        if (vka_alloc_frame_at(io->vka, seL4_PageBits, first + m->pages * BIT(seL4_PageBits),
                               &m->frames[m->pages])) {
            ZF_LOGE("No frame at physical address %p", (void *)(first + m->pages * BIT(seL4_PageBits)));
            free_frames(io->vka, m->frames, m->pages);
            free(m);
            return NULL;
        }
    }
    m->vaddr = map_frames(io, m, cached);
    if (m->vaddr == NULL) {
        free_frames(io->vka, m->frames, m->pages);
        free(m);
        return NULL;
    }
    m->next = io->mappings;
    io->mappings = m;
    return (char *)m->vaddr + (paddr - first);
}

static void io_unmap(void *cookie, void *vaddr, size_t size)
{
    io_mapper_cookie_t *io = cookie;
    void *page = (void *)ALIGN_DOWN((uintptr_t)vaddr, BIT(seL4_PageBits));
    for (mapping_t **p = &io->mappings; *p; p = &(*p)->next) {
        mapping_t *m = *p;
        if (m->vaddr != page)
            continue;
        vspace_unmap_pages(io->vspace, m->vaddr, m->pages, seL4_PageBits, VSPACE_PRESERVE);
        free_frames(io->vka, m->frames, m->pages);
        *p = m->next;
        free(m);
        return;
    }
    ZF_LOGE("%p was not mapped by this io_mapper", vaddr);
}

int sel4platsupport_new_io_mapper(vspace_t *vspace, vka_t *vka, ps_io_mapper_t *io_mapper)
{
    if (vspace == NULL || vka == NULL || io_mapper == NULL)
        return EINVAL;
    io_mapper_cookie_t *io = calloc(1, sizeof(*io));
    if (io == NULL)
        return ENOMEM;
    io->vspace = vspace;
    io->vka = vka;
    *io_mapper = (ps_io_mapper_t){ .cookie = io, .io_map_fn = io_map, .io_unmap_fn = io_unmap };
    return 0;
}

int sel4platsupport_new_malloc_ops(ps_malloc_ops_t *ops)
{
    return ps_new_stdlib_malloc_ops(ops);
}

static char *no_fdt(void *cookie)
{
    return NULL;
}

int sel4platsupport_new_fdt_ops(ps_io_fdt_t *io_fdt, simple_t *simple, ps_malloc_ops_t *malloc_ops)
{
    if (io_fdt == NULL)
        return EINVAL;
    *io_fdt = (ps_io_fdt_t){ .cookie = NULL, .get_fn = no_fdt };
    return 0;
}

int sel4platsupport_new_io_ops(vspace_t *vspace, vka_t *vka, simple_t *simple, ps_io_ops_t *io_ops)
{
    if (io_ops == NULL)
        return EINVAL;
    memset(io_ops, 0, sizeof(*io_ops));
    int error = sel4platsupport_new_io_mapper(vspace, vka, &io_ops->io_mapper);
    if (!error)
        error = sel4platsupport_new_malloc_ops(&io_ops->malloc_ops);
    if (!error)
        error = sel4platsupport_new_fdt_ops(&io_ops->io_fdt, simple, &io_ops->malloc_ops);
    if (!error)
        error = sel4platsupport_new_arch_ops(io_ops, simple, vka);
    return error;
}

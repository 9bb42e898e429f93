/*
 * platsupport/io.h - the hardware-access interfaces a driver is handed
 * (util_libs' libplatsupport): mapping device memory, I/O ports, DMA
 * memory, heap memory, the device tree and interrupts, gathered in one
 * ps_io_ops_t.  Each interface is a cookie plus function pointers, so the
 * same driver runs over seL4 (libs/sel4platsupport fills them in) or
 * anything else.  The inline ps_* wrappers check the interface before
 * calling through it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <assert.h>
#include <errno.h>
#include <utils/util.h>

typedef struct ps_io_ops ps_io_ops_t;

#include <platsupport/irq.h>
#include <platsupport/interface_registration.h>

/* ---- device memory ---- */

/* How mapped memory will mostly be used (a hint for cache attributes). */
typedef enum ps_mem_flags {
    PS_MEM_NORMAL,
    PS_MEM_HR,          /* the host mostly reads */
    PS_MEM_HW           /* the host mostly writes */
} ps_mem_flags_t;

/* Map size bytes of physical memory at paddr; the address, or NULL. */
typedef void *(*ps_io_map_fn_t)(void *cookie, uintptr_t paddr, size_t size, int cached,
                                ps_mem_flags_t flags);
/* Undo an io_map of the same size. */
typedef void (*ps_io_unmap_fn_t)(void *cookie, void *vaddr, size_t size);

typedef struct ps_io_mapper {
    void *cookie;
    ps_io_map_fn_t io_map_fn;
    ps_io_unmap_fn_t io_unmap_fn;
} ps_io_mapper_t;

static inline void *ps_io_map(ps_io_mapper_t *io_mapper, uintptr_t paddr, size_t size,
                              int cached, ps_mem_flags_t flags)
{
    assert(io_mapper && io_mapper->io_map_fn);
    return io_mapper->io_map_fn(io_mapper->cookie, paddr, size, cached, flags);
}

static inline void ps_io_unmap(ps_io_mapper_t *io_mapper, void *vaddr, size_t size)
{
    assert(io_mapper && io_mapper->io_unmap_fn);
    io_mapper->io_unmap_fn(io_mapper->cookie, vaddr, size);
}

/* ---- I/O ports (x86 in/out) ---- */

/* Read io_size (1, 2 or 4) bytes from port into *result; 0 on success. */
typedef int (*ps_io_port_in_fn_t)(void *cookie, uint32_t port, int io_size, uint32_t *result);
/* Write io_size bytes of val to port; 0 on success. */
typedef int (*ps_io_port_out_fn_t)(void *cookie, uint32_t port, int io_size, uint32_t val);

typedef struct ps_io_port_ops {
    void *cookie;
    ps_io_port_in_fn_t io_port_in_fn;
    ps_io_port_out_fn_t io_port_out_fn;
} ps_io_port_ops_t;

static inline int ps_io_port_in(ps_io_port_ops_t *port_ops, uint32_t port, int io_size,
                                uint32_t *result)
{
    assert(port_ops && port_ops->io_port_in_fn);
    return port_ops->io_port_in_fn(port_ops->cookie, port, io_size, result);
}

static inline int ps_io_port_out(ps_io_port_ops_t *port_ops, uint32_t port, int io_size,
                                 uint32_t val)
{
    assert(port_ops && port_ops->io_port_out_fn);
    return port_ops->io_port_out_fn(port_ops->cookie, port, io_size, val);
}

/* ---- DMA memory ---- */

typedef enum dma_cache_op {
    DMA_CACHE_OP_CLEAN,
    DMA_CACHE_OP_INVALIDATE,
    DMA_CACHE_OP_CLEAN_INVALIDATE
} dma_cache_op_t;

typedef void *(*ps_dma_alloc_fn_t)(void *cookie, size_t size, int align, int cached,
                                   ps_mem_flags_t flags);
typedef void (*ps_dma_free_fn_t)(void *cookie, void *addr, size_t size);
typedef uintptr_t (*ps_dma_pin_fn_t)(void *cookie, void *addr, size_t size);
typedef void (*ps_dma_unpin_fn_t)(void *cookie, void *addr, size_t size);
typedef void (*ps_dma_cache_op_fn_t)(void *cookie, void *addr, size_t size, dma_cache_op_t op);

typedef struct ps_dma_man {
    void *cookie;
    ps_dma_alloc_fn_t dma_alloc_fn;
    ps_dma_free_fn_t dma_free_fn;
    ps_dma_pin_fn_t dma_pin_fn;
    ps_dma_unpin_fn_t dma_unpin_fn;
    ps_dma_cache_op_fn_t dma_cache_op_fn;
} ps_dma_man_t;

static inline void *ps_dma_alloc(ps_dma_man_t *dma_man, size_t size, int align, int cache,
                                 ps_mem_flags_t flags)
{
    assert(dma_man && dma_man->dma_alloc_fn);
    return dma_man->dma_alloc_fn(dma_man->cookie, size, align, cache, flags);
}

static inline void ps_dma_free(ps_dma_man_t *dma_man, void *addr, size_t size)
{
    assert(dma_man && dma_man->dma_free_fn);
    dma_man->dma_free_fn(dma_man->cookie, addr, size);
}

static inline uintptr_t ps_dma_pin(ps_dma_man_t *dma_man, void *addr, size_t size)
{
    assert(dma_man && dma_man->dma_pin_fn);
    return dma_man->dma_pin_fn(dma_man->cookie, addr, size);
}

static inline void ps_dma_unpin(ps_dma_man_t *dma_man, void *addr, size_t size)
{
    assert(dma_man && dma_man->dma_unpin_fn);
    dma_man->dma_unpin_fn(dma_man->cookie, addr, size);
}

static inline void ps_dma_cache_op(ps_dma_man_t *dma_man, void *addr, size_t size,
                                   dma_cache_op_t op)
{
    assert(dma_man && dma_man->dma_cache_op_fn);
    dma_man->dma_cache_op_fn(dma_man->cookie, addr, size, op);
}

/* ---- heap memory ---- */

/* Each returns 0 or an errno value. */
typedef int (*ps_malloc_fn_t)(void *cookie, size_t size, void **ptr);
typedef int (*ps_calloc_fn_t)(void *cookie, size_t nmemb, size_t size, void **ptr);
typedef int (*ps_free_fn_t)(void *cookie, size_t size, void *ptr);

typedef struct {
    ps_malloc_fn_t malloc;
    ps_calloc_fn_t calloc;
    ps_free_fn_t free;
    void *cookie;
} ps_malloc_ops_t;

static inline int ps_malloc(ps_malloc_ops_t *ops, size_t size, void **ptr)
{
    if (ops == NULL || ptr == NULL)
        return EINVAL;
    if (ops->malloc == NULL)
        return ENOSYS;
    if (size == 0)
        return 0;
    return ops->malloc(ops->cookie, size, ptr);
}

static inline int ps_calloc(ps_malloc_ops_t *ops, size_t nmemb, size_t size, void **ptr)
{
    if (ops == NULL || ptr == NULL)
        return EINVAL;
    if (ops->calloc == NULL)
        return ENOSYS;
    if (size == 0 || nmemb == 0)
        return 0;
    return ops->calloc(ops->cookie, nmemb, size, ptr);
}

static inline int ps_free(ps_malloc_ops_t *ops, size_t size, void *ptr)
{
    if (ops == NULL || ptr == NULL)
        return EINVAL;
    if (ops->free == NULL)
        return ENOSYS;
    return ops->free(ops->cookie, size, ptr);
}

/* malloc ops over the C library's malloc, calloc and free. */
int ps_new_stdlib_malloc_ops(ps_malloc_ops_t *ops);

/* ---- the flattened device tree (none on pc99) ---- */

typedef char *(*ps_io_fdt_get_fn_t)(void *cookie);

typedef struct ps_fdt {
    void *cookie;
    ps_io_fdt_get_fn_t get_fn;
} ps_io_fdt_t;

static inline char *ps_io_fdt_get(ps_io_fdt_t *io_fdt)
{
    if (io_fdt == NULL || io_fdt->get_fn == NULL)
        return NULL;
    return io_fdt->get_fn(io_fdt->cookie);
}

/* ---- everything a driver needs ---- */

struct ps_io_ops {
    ps_io_mapper_t io_mapper;
    ps_io_port_ops_t io_port_ops;
    ps_dma_man_t dma_manager;
    ps_io_fdt_t io_fdt;
    ps_interface_registration_ops_t interface_registration_ops;
    ps_malloc_ops_t malloc_ops;
    ps_irq_ops_t irq_ops;
};

/* ---- device register bit fields ---- */

static inline uint32_t read_masked(volatile uint32_t *addr, uint32_t mask)
{
    return *addr & mask;
}

static inline void write_masked(volatile uint32_t *addr, uint32_t mask, uint32_t value)
{
    *addr = (*addr & ~mask) | (value & mask);
}

static inline uint32_t read_bits(volatile uint32_t *addr, unsigned first_bit, unsigned nbits)
{
    return (*addr >> first_bit) & (uint32_t)MASK(nbits);
}

static inline void write_bits(volatile uint32_t *addr, unsigned first_bit, unsigned nbits,
                              uint32_t value)
{
    write_masked(addr, (uint32_t)MASK(nbits) << first_bit, value << first_bit);
}

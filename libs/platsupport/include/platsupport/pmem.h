/*
 * platsupport/pmem.h - a region of physical memory a driver needs mapped
 * (util_libs), and mapping it through a ps_io_ops_t.
 */
#pragma once

#include <stdint.h>
#include <stdbool.h>
#include <platsupport/io.h>

typedef struct pmem_region {
    enum { PMEM_TYPE_RAM, PMEM_TYPE_DEVICE, PMEM_TYPE_UNKNOWN } type;
    uint64_t base_addr;
    uint64_t length;
} pmem_region_t;

static inline void *ps_pmem_map(ps_io_ops_t *ops, pmem_region_t region, bool cached,
                                ps_mem_flags_t flags)
{
    return ps_io_map(&ops->io_mapper, (uintptr_t)region.base_addr, (size_t)region.length,
                     cached, flags);
}

static inline void ps_pmem_unmap(ps_io_ops_t *ops, pmem_region_t region, void *vaddr)
{
    ps_io_unmap(&ops->io_mapper, vaddr, (size_t)region.length);
}

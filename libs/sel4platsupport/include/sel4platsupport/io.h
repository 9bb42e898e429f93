/*
 * sel4platsupport/io.h - the platsupport I/O interfaces (ps_io_ops_t)
 * implemented over seL4 with seL4_libs: device memory mapped through a
 * vspace with frames from a vka, heap memory from malloc, I/O ports
 * through IOPort caps (sel4platsupport/arch/io.h).  Each returns 0 on
 * success.  The vspace, vka and simple passed in must stay valid while
 * the interfaces are used.
 */
#pragma once

#include <vka/vka.h>
#include <vspace/vspace.h>
#include <simple/simple.h>
#include <platsupport/io.h>
#include <sel4platsupport/arch/io.h>

#include <stdio.h>
#include <stdlib.h>

/* Maps device (or any) physical memory: frames retyped at the address
 * from the vka's untypeds, mapped in the vspace. */
int sel4platsupport_new_io_mapper(vspace_t *vspace, vka_t *vka, ps_io_mapper_t *io_mapper);

/* Heap memory from the C library's malloc, calloc and free. */
int sel4platsupport_new_malloc_ops(ps_malloc_ops_t *ops);

/* The device tree: pc99 has none, so ps_io_fdt_get() gives NULL. */
int sel4platsupport_new_fdt_ops(ps_io_fdt_t *io_fdt, simple_t *simple, ps_malloc_ops_t *malloc_ops);

/* Every interface above plus the arch ones (I/O ports); irq_ops is left
 * empty (see sel4platsupport/irq.h). */
int sel4platsupport_new_io_ops(vspace_t *vspace, vka_t *vka, simple_t *simple, ps_io_ops_t *io_ops);

/* The arch-specific interfaces: on x86, io_port_ops. */
int sel4platsupport_new_arch_ops(ps_io_ops_t *ops, simple_t *simple, vka_t *vka);

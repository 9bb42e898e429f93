/*
 * simple-default/simple-default.h - a simple_t backed by the root task's
 * BootInfo, as seL4_libs' libsel4simple-default provides it.
 */
#pragma once

#include <simple/simple.h>

/* Fills simple's hooks to read from bi, which must outlive simple. */
void simple_default_init_bootinfo(simple_t *simple, seL4_BootInfo *bi);

/* The x86 hooks (I/O ports, IRQs through the I/O APIC, MSIs). */
void simple_default_init_arch_simple(arch_simple_t *simple, void *data);

/* The BootInfo summary printed by simple_print() (see simple_default.c). */
void simple_default_print_bootinfo(const seL4_BootInfo *bi);

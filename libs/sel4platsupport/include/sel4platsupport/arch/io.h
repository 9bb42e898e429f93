/*
 * sel4platsupport/arch/io.h - x86 I/O ports for platsupport drivers: each
 * in/out goes through an IOPort cap.  The first access to a port issues a
 * cap for exactly the bytes accessed (IOPortControl_Issue into a slot from
 * the vka) and keeps it for later accesses.
 */
#pragma once

#include <sel4/sel4.h>
#include <platsupport/io.h>
#include <simple/simple.h>
#include <vka/vka.h>

int sel4platsupport_get_io_port_ops(ps_io_port_ops_t *ops, simple_t *simple, vka_t *vka);

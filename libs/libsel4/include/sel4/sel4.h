/*
 * sel4/sel4.h - everything a user program needs to talk to the kernel:
 * the ABI types and constants, the IPC-buffer accessors, the system calls,
 * the object invocation stubs (generic and x86_64), fault readers, and a
 * few compatibility names from older libsel4 versions.
 *
 * User code is built with -mgeneral-regs-only: the caplab kernel saves and
 * restores only the integer registers of a thread, so SSE/x87 state would
 * leak between threads.  Nothing here needs floating point.
 */
#pragma once

#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>
#include <sel4/invocation.h>
#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>
#include <sel4/invocations.h>
#include <sel4/arch/invocations.h>
#include <sel4/arch/mapping.h>
#include <sel4/faults.h>

/* Old-style cap data constructors (pre-10.x libsel4): thin aliases. */
static inline seL4_Word seL4_CapData_Badge_new(seL4_Word badge)
{
    return badge;
}

static inline seL4_Word seL4_CapData_Guard_new(seL4_Word guard, seL4_Word guard_size)
{
    return seL4_CNode_CapData_new(guard, guard_size);
}

#define seL4_Nil ((seL4_Word *)0)

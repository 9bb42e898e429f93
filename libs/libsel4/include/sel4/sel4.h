/*
 * sel4/sel4.h - everything a user program needs to talk to the kernel,
 * in the order seL4's sel4.h brings it in: the configuration, the ABI
 * types, the system calls, the invocation labels and stubs (generic and
 * x86_64), BootInfo, faults, old names and the constants.
 *
 * Nothing here needs floating point; user code may use it (the kernel
 * keeps each thread's x87/SSE state).
 */
#pragma once

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/macros.h>
#include <sel4/syscalls.h>
#include <sel4/arch/syscalls.h>
#include <sel4/sel4_arch/syscalls.h>
#include <sel4/invocation.h>
#include <interfaces/sel4_client.h>
#include <sel4/arch/mapping.h>
#include <sel4/bootinfo.h>
#include <sel4/faults.h>
#include <sel4/deprecated.h>
#include <sel4/constants.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/arch/constants.h>
#include <sel4/plat/api/constants.h>
#include <sel4/assert.h>

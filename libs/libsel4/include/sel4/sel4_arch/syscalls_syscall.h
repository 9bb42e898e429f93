/*
 * sel4/sel4_arch/syscalls_syscall.h - the SYSCALL-instruction entry.  caplab keeps them in <sel4/arch/syscall_asm.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/arch/syscall_asm.h>

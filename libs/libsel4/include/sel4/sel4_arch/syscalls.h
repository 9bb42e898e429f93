/*
 * sel4/sel4_arch/syscalls.h - the system calls, seL4_DebugPutString among them.  caplab keeps them in <sel4/syscalls.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/syscalls.h>

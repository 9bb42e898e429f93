/*
 * sel4/arch/syscalls.h - the system calls.  caplab keeps them in <sel4/syscalls.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/syscalls.h>

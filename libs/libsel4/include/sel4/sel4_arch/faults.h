/*
 * sel4/sel4_arch/faults.h - the x86_64 fault accessors (seL4_Fault_VMFault_get_Addr, ...).  caplab keeps them in <sel4/faults.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/faults.h>

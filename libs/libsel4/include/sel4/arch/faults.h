/*
 * sel4/arch/faults.h - fault messages.  caplab keeps them in <sel4/faults.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/faults.h>

/*
 * sel4/sel4_arch/simple_types.h - the ABI integer types.  caplab keeps them in <sel4/simple_types.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/simple_types.h>

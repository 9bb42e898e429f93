/*
 * sel4/arch/types.h - x86 object types, VM attributes and the user context.  caplab keeps them in <sel4/types.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/types.h>

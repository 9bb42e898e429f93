/*
 * sel4/sel4_arch/types.h - x86_64 object types and seL4_UserContext.  caplab keeps them in <sel4/types.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/types.h>

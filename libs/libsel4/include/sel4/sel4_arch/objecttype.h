/*
 * sel4/sel4_arch/objecttype.h - the x86_64 object types.  caplab keeps them in <sel4/objecttype.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/objecttype.h>

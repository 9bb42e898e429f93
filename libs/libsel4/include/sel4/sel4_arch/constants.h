/*
 * sel4/sel4_arch/constants.h - x86_64 object sizes, paging geometry and fault-message layouts.  caplab keeps them in <sel4/constants.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/constants.h>

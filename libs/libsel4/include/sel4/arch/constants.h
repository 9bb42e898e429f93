/*
 * sel4/arch/constants.h - x86 constants.  caplab keeps them in <sel4/constants.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/constants.h>

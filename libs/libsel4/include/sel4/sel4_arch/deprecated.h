/*
 * sel4/sel4_arch/deprecated.h - old names.  caplab keeps them in <sel4/deprecated.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/deprecated.h>

/*
 * sel4/sel4_arch/functions.h - the IPC-buffer accessors.  caplab keeps them in <sel4/functions.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/functions.h>

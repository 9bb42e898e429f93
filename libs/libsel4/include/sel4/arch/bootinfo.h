/*
 * sel4/arch/bootinfo.h - the BootInfo.  caplab keeps them in <sel4/bootinfo.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/bootinfo.h>

/*
 * sel4/bootinfo.h - the BootInfo layout (it lives in sel4/types.h; this
 * header exists because seL4 code includes it by this name).
 */
#pragma once

#include <sel4/types.h>

/*
 * sel4/sel4_arch/invocation.h - the invocation labels.  caplab keeps them in <sel4/invocation.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/invocation.h>

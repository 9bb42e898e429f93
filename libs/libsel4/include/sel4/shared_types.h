/*
 * sel4/shared_types.h - the IPC buffer, cap rights and the cap-fault message layout.  caplab keeps them in <sel4/types.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/types.h>

/*
 * sel4/bootinfo.h - the BootInfo layout and its extended records.  The
 * root task gets the BootInfo's address from the runtime
 * (sel4runtime_bootinfo(), platsupport_get_bootinfo()).
 */
#pragma once

#include <sel4/bootinfo_types.h>

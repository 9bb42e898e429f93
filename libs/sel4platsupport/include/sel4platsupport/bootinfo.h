/*
 * sel4platsupport/bootinfo.h - getting the root task's BootInfo, the way
 * seL4 tutorials do it.
 */
#pragma once

#include <sel4/sel4.h>

/*
 * The BootInfo the kernel passed at start-up (saved by the runtime, which
 * has also set up the IPC buffer already).  Logs an error and returns NULL
 * if there is none, e.g. in a process that is not the root task.
 */
seL4_BootInfo *platsupport_get_bootinfo(void);

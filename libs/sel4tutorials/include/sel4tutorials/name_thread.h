/*
 * sel4tutorials/name_thread.h - name_thread(tcb, name): give a thread a
 * name for the kernel's fault reports (seL4_DebugNameThread in a debug
 * build).  The tutorials declare it themselves (extern void name_thread(...));
 * this header is for code that prefers to include it.
 */
#pragma once

#include <sel4/sel4.h>

void name_thread(seL4_CPtr tcb, char *name);

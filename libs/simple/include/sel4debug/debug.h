/*
 * sel4debug/debug.h - debugging dumps of libsel4debug: the BootInfo summary
 * simple_print() shows for the root task, and a cap's type.
 */
#pragma once

#include <sel4/sel4.h>

/* Prints the BootInfo summary (format in simple/src/simple_default.c). */
void debug_print_bootinfo(seL4_BootInfo *info);

/* Prints the kernel's type number of the cap at cap. */
void debug_cap_identify(seL4_CPtr cap);

static inline int debug_cap_is_valid(seL4_CPtr cap)
{
    return seL4_DebugCapIdentify(cap) != seL4_CapTag_Null;
}

static inline int debug_cap_is_endpoint(seL4_CPtr cap)
{
    return seL4_DebugCapIdentify(cap) == seL4_CapTag_Endpoint;
}

static inline int debug_cap_is_notification(seL4_CPtr cap)
{
    return seL4_DebugCapIdentify(cap) == seL4_CapTag_Notification;
}

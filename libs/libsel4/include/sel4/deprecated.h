/*
 * sel4/deprecated.h - names from older libsel4 versions that tutorial and
 * course code still uses.
 */
#pragma once

#include <sel4/types.h>

/* Cap data before seL4 10: a badge was the word itself. */
static inline seL4_Word seL4_CapData_Badge_new(seL4_Word badge)
{
    return badge;
}

static inline seL4_Word seL4_CapData_Guard_new(seL4_Word guard, seL4_Word guard_size)
{
    return seL4_CNode_CapData_new(guard, guard_size).words[0];
}

#define seL4_Nil ((seL4_Word *)0)

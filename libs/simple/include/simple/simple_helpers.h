/*
 * simple/simple_helpers.h - questions answered from simple's enumeration
 * of the initial caps.
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>
#include <simple/simple.h>

/* Whether pos is one of the untyped caps simple knows. */
bool simple_is_untyped_cap(simple_t *simple, seL4_CPtr pos);

/* The initial cap in the highest slot: free slots start after it. */
seL4_CPtr simple_last_valid_cap(simple_t *simple);

/*
 * sel4runtime/stddef.h - the size type and NULL under sel4runtime's names.
 */
#pragma once

#include <stddef.h>

typedef size_t sel4runtime_size_t;
#define SEL4RUNTIME_NULL ((void *)0)

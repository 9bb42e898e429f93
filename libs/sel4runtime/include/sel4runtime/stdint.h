/*
 * sel4runtime/stdint.h - fixed-size integer types under sel4runtime's names.
 */
#pragma once

#include <stdint.h>

typedef uintptr_t sel4runtime_uintptr_t;
typedef intptr_t sel4runtime_intptr_t;
typedef uint64_t sel4runtime_uint64_t;
typedef uint32_t sel4runtime_uint32_t;
typedef uint16_t sel4runtime_uint16_t;
typedef uint8_t sel4runtime_uint8_t;

/*
 * sel4utils/process_auxv.h - seL4's auxiliary vector types, the entries
 * sel4utils_spawn_process_v puts on a new program's stack beside the
 * System V ones.  They are sel4runtime's (<sel4runtime/auxv.h>), which
 * reads them at the other end: one list, so the two sides cannot drift.
 */
#pragma once

#include <sel4runtime/auxv.h>

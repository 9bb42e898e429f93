/*
 * sel4utils/process_auxv.h - seL4's auxiliary vector types, the entries
 * sel4utils_spawn_process_v puts on a new program's stack beside the
 * System V ones (same numbers as sel4runtime's <sel4runtime/auxv.h>).
 */
#pragma once

#ifndef AT_SEL4_BOOT_INFO
#define AT_SEL4_BOOT_INFO         64
#define AT_SEL4_CSPACE_DESCRIPTOR 65
#define AT_SEL4_VSYSCALL          66
#define AT_SEL4_IPC_BUFFER_PTR    67
#define AT_SEL4_IPC_BUFFER        68
#define AT_SEL4_TCB               69
#define AT_SEL4_CNODE             70
#define AT_SEL4_VSPACE            71
#define AT_SEL4_ASID_POOL         72
#endif

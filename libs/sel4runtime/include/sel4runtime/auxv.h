/*
 * sel4runtime/auxv.h - the auxiliary vector a new process finds on its
 * initial stack (System V layout, see sel4runtime.h), with seL4's numbering
 * of the standard and seL4-specific entry types.
 */
#pragma once

/* Standard entry types (as on Linux). */
#define AT_NULL      0
#define AT_PHDR      3
#define AT_PHENT     4
#define AT_PHNUM     5
#define AT_PAGESZ    6
#define AT_SYSINFO   32

/* Program header types the runtime looks at. */
#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_TLS       7
#define PT_NUM       8

/* seL4's own entry types. */
#define AT_SEL4_BOOT_INFO         64
#define AT_SEL4_CSPACE_DESCRIPTOR 65
#define AT_SEL4_VSYSCALL          66
#define AT_SEL4_IPC_BUFFER_PTR    67
#define AT_SEL4_IPC_BUFFER        68
#define AT_SEL4_TCB               69
#define AT_SEL4_CNODE             70
#define AT_SEL4_VSPACE            71
#define AT_SEL4_ASID_POOL         72

/* One entry: a type and a value that is a number, a pointer or a function. */
typedef struct {
    int a_type;
    union {
        long a_val;
        void *a_ptr;
        void (*a_fnc)(void);
    } a_un;
} auxv_t;

#ifndef ARRAY_LENGTH
#define ARRAY_LENGTH(a) (sizeof(a) / sizeof((a)[0]))
#endif

/*
 * sel4runtime/start.h - the entry points of the start-up code, for code
 * that provides its own first instruction (as seL4's start.h has them).
 */
#pragma once

#include <sel4runtime/auxv.h>
#include <sel4/sel4.h>

/* Start-up of a root task: the kernel passed the BootInfo in RDI. */
_Noreturn void __sel4runtime_start_root(seL4_BootInfo *bootinfo);

/* Start-up of a process: sp points at argc on the System V initial stack. */
_Noreturn void __sel4runtime_start_process(unsigned long *sp);

/*
 * The vectors of a System V initial stack: sp[0] is argc, then argv[argc]
 * and a NULL, envp[] and a NULL, then auxv_t entries up to AT_NULL.
 */
typedef struct {
    int argc;
    char const *const *argv;
    char const *const *envp;
    auxv_t const *auxv;
} sel4runtime_initial_stack_t;

sel4runtime_initial_stack_t __sel4runtime_read_initial_stack(const unsigned long *sp);

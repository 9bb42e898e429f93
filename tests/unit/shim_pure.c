/*
 * shim_pure.c - for the pure_*.c programs, which run the real tcb.c and
 * vspace.c: fakes of the scheduler, FPU and MMU hooks those files call.
 * Each one that would change state logs its call, so a test can tell
 * that it happened.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "shim.h"

static paddr_t kernel_vspace, current_vspace;

void shim_set_kernel_vspace(paddr_t pml4)
{
    kernel_vspace = current_vspace = pml4;
}

paddr_t arch_kernel_vspace(void)
{
    return kernel_vspace;
}

paddr_t arch_current_vspace(void)
{
    return current_vspace;
}

void arch_set_vspace(paddr_t pml4)
{
    shim_log_call("arch_set_vspace 0x%lx\n", pml4);
    current_vspace = pml4;
}

void fpu_release(struct tcb *t)
{
    shim_log_call("fpu_release %s\n", thread_name(t));
}

void sched_set_priority(struct tcb *t, unsigned prio)
{
    shim_log_call("sched_set_priority %s %u\n", thread_name(t), prio);
    t->priority = (uint8_t)prio;
}

/* As thread.c: the arithmetic flags and DF kept, IF and bit 1 set. */
word_t user_rflags(word_t rflags)
{
    return (rflags & 0xcd5ull) | 0x202ull;
}

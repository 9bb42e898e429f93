/*
 * shim_fakes.c - fakes of what tcb.c, vspace.c, interrupt.c and ioport.c
 * define, for the test_*.c programs, which link the capability core
 * without those files: each does the least the core relies on and logs
 * the call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "shim.h"

void tcb_suspend(struct tcb *t)
{
    shim_log_call("tcb_suspend %s\n", thread_name(t));
    cancel_ipc(t);
    t->state = ThreadState_Inactive;
}

word_t *tcb_ipc_buffer(struct tcb *t, bool receiving)
{
    return NULL;
}

void set_mr(struct tcb *t, word_t *buf, unsigned i, word_t v)
{
    shim_log_call("set_mr %s %u %lu\n", thread_name(t), i, v);
}

void unmap_cap_object(const struct cap *c)
{
    shim_log_call("unmap_cap_object %s 0x%lx\n", cap_type_name(c->type), c->ptr);
}

void arch_init_vspace_root(paddr_t pml4)
{
    shim_log_call("arch_init_vspace_root 0x%lx\n", pml4);
}

SHIM_FAKE_DECODER(decode_tcb_invocation)
SHIM_FAKE_DECODER(decode_x86_mmu_invocation)

void irq_handler_deleted(word_t irq)
{
    shim_log_call("irq_handler_deleted %lu\n", irq);
}

void io_port_deleted(word_t first, word_t last)
{
    shim_log_call("io_port_deleted %lu %lu\n", first, last);
}

SHIM_FAKE_DECODER(decode_irq_control_invocation)
SHIM_FAKE_DECODER(decode_irq_handler_invocation)
SHIM_FAKE_DECODER(decode_io_port_control_invocation)
SHIM_FAKE_DECODER(decode_io_port_invocation)

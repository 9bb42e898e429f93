/*
 * faults_addresses: what a thread gets for touching the kernel's half of the
 * address space (a VMFault: the pages are there but not for user mode), a
 * non-canonical address or a privileged instruction (a general-protection
 * UserException, vector 13).  The handler moves the thread past each one.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <utils/util.h>
#include "env.h"

#define NTHREADS 3

static vka_object_t ep, park, done;

#define KERNEL_ADDR 0xffffffff80001000UL
static vka_object_t ep, park, done;
extern char after_kread[], after_kwrite[], after_noncanon[], after_hlt[], after_in[], after_cli[];

static void toucher(void *arg0, void *arg1, void *ipc_buf)
{
    __asm__ volatile("movabs $0xffffffff80001000, %%rbx\n\tmov (%%rbx), %%rax\n\t"
                     ".globl after_kread\nafter_kread:" ::: "rax", "rbx", "memory");
    __asm__ volatile("movabs $0xffffffff80001000, %%rbx\n\tmovq $1, (%%rbx)\n\t"
                     ".globl after_kwrite\nafter_kwrite:" ::: "rbx", "memory");
    __asm__ volatile("movabs $0x0000800000000000, %%rbx\n\tmov (%%rbx), %%rax\n\t"
                     ".globl after_noncanon\nafter_noncanon:" ::: "rax", "rbx", "memory");
    __asm__ volatile("hlt\n\t.globl after_hlt\nafter_hlt:");
    __asm__ volatile("in $0x60, %%al\n\t.globl after_in\nafter_in:" ::: "rax");
    __asm__ volatile("cli\n\t.globl after_cli\nafter_cli:");
    printf("thread: past all six\n");
    seL4_Signal(done.cptr);
    seL4_Wait(park.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t t;
    seL4_Word badge;
    char *resume_at[] = { after_kread, after_kwrite, after_noncanon, after_hlt, after_in,
                          after_cli };

    env_boot();
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_notification(&vka, &park);
    vka_alloc_notification(&vka, &done);
    start_thread(&t, ep.cptr, 200, toucher, NULL, NULL);
    for (int i = 0; i < 6; i++) {
        seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
        seL4_Fault_t f = seL4_getFault(info);
        switch (seL4_Fault_get_seL4_FaultType(f)) {
        case seL4_Fault_VMFault:
            printf("%d: vm fault at %#lx, fsr %#lx\n", i,
                   (unsigned long)seL4_Fault_VMFault_get_Addr(f),
                   (unsigned long)(seL4_Fault_VMFault_get_FSR(f) & ~0x10UL));
            break;
        case seL4_Fault_UserException:
            printf("%d: user exception %lu code %#lx\n", i,
                   (unsigned long)seL4_Fault_UserException_get_Number(f),
                   (unsigned long)seL4_Fault_UserException_get_Code(f));
            break;
        default:
            printf("%d: fault type %lu\n", i, (unsigned long)seL4_Fault_get_seL4_FaultType(f));
        }
        seL4_UserContext regs;
        seL4_TCB_ReadRegisters(t.tcb.cptr, 0, 0, 1, &regs);
        regs.rip = (seL4_Word)resume_at[i];
        seL4_TCB_WriteRegisters(t.tcb.cptr, 0, 0, 1, &regs);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    seL4_Wait(done.cptr, NULL);
    seL4_TCB_Suspend(t.tcb.cptr);
    printf("faults_addresses: done\n");
    return 0;
}

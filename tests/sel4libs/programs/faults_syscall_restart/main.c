/*
 * faults_syscall_restart: an UnknownSyscall handler's reply sets as many
 * registers as it has words (RAX first, the IP 16th) and restarts the
 * thread at its fault IP, the syscall instruction: a reply too short to
 * move the IP makes the thread raise the same fault again.
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

static vka_object_t ep, park;

static vka_object_t ep, park, done;
extern char at_sc[];

static void caller(void *arg0, void *arg1, void *ipc_buf)
{
    unsigned long rax;
    __asm__ volatile("mov $0x1111, %%rax\n\tmov $42, %%rdx\n\t"
                     ".globl at_sc\nat_sc: syscall"
                     : "=a"(rax) : : "rcx", "rdx", "r11", "memory");
    printf("thread: went on with rax %#lx\n", rax);
    seL4_Signal(done.cptr);
    seL4_Wait(park.cptr, NULL);
}

static seL4_Fault_t next(void)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
    seL4_Fault_t f = seL4_getFault(info);
    printf("unknown syscall %lu, rax %#lx, at the syscall %d\n",
           (unsigned long)seL4_Fault_UnknownSyscall_get_Syscall(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_RAX(f),
           seL4_Fault_UnknownSyscall_get_FaultIP(f) == (seL4_Word)at_sc);
    return f;
}

int main(void)
{
    sel4utils_thread_t t;

    env_boot();
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_notification(&vka, &park);
    vka_alloc_notification(&vka, &done);
    start_thread(&t, ep.cptr, 200, caller, NULL, NULL);

    next();
    seL4_SetMR(seL4_UnknownSyscall_RAX, 0x2222);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));          /* RAX only */
    next();
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));          /* nothing */
    seL4_Fault_t f = next();
    for (int i = 0; i < seL4_UnknownSyscall_Syscall; i++)
        seL4_SetMR(i, seL4_GetMR(i));
    seL4_SetMR(seL4_UnknownSyscall_RAX, 0x3333);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP,
               seL4_Fault_UnknownSyscall_get_FaultIP(f) + ARCH_SYSCALL_INSTRUCTION_SIZE);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_FaultIP + 1));
    seL4_Wait(done.cptr, NULL);
    seL4_TCB_Suspend(t.tcb.cptr);
    printf("faults_syscall_restart: done\n");
    return 0;
}

/*
 * faults_print: sel4utils_print_fault_message on one fault of each kind
 * (a read and a write VM fault, an unknown system call, a user exception,
 * a cap fault in each phase), as a fault handler prints them.
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

static vka_object_t ep;
extern char after_read[], after_write[], after_syscall[], after_ud2[];

static void faulter(void *arg0, void *arg1, void *ipc_buf)
{
    __asm__ volatile("mov 0x10, %%rax\n\t.globl after_read\nafter_read:" ::: "rax", "memory");
    __asm__ volatile("movq $1, 0x20\n\t.globl after_write\nafter_write:" ::: "memory");
    __asm__ volatile("mov $77, %%rdx\n\tsyscall\n\t.globl after_syscall\nafter_syscall:"
                     ::: "rax", "rcx", "rdx", "r11", "memory");
    __asm__ volatile("ud2\n\t.globl after_ud2\nafter_ud2:");
    seL4_Send(0xffff000000000009UL, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Recv(0x7, NULL);
    seL4_Recv(ep.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t t;
    seL4_Word badge;
    int error;

    env_boot();
    vka_alloc_endpoint(&vka, &ep);
    error = sel4utils_configure_thread(&vka, &vspace, &vspace, ep.cptr,
                                       simple_get_cnode(&simple), seL4_NilData, &t);
    ZF_LOGF_IFERR(error, "configure");
    seL4_TCB_SetPriority(t.tcb.cptr, simple_get_tcb(&simple), 200);
    error = sel4utils_start_thread(&t, faulter, NULL, NULL, 1);
    char *resume_at[] = { after_read, after_write, after_syscall, after_ud2 };
    for (int i = 0; i < 6; i++) {
        seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
        sel4utils_print_fault_message(info, "pf");
        /* go on past the faulting instruction (a cap fault's IP is its
         * syscall instruction, 2 bytes) */
        seL4_UserContext regs;
        seL4_TCB_ReadRegisters(t.tcb.cptr, 0, 0, 1, &regs);
        regs.rip = i < 4 ? (seL4_Word)resume_at[i] : regs.rip + ARCH_SYSCALL_INSTRUCTION_SIZE;
        seL4_TCB_WriteRegisters(t.tcb.cptr, 0, 0, 1, &regs);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    seL4_TCB_Suspend(t.tcb.cptr);
    printf("faults_print: done\n");
    return 0;
}

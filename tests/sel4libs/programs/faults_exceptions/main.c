/*
 * faults_exceptions: user exceptions (divide error, ud2, int3) and unknown
 * system calls of a thread with a fault endpoint.  The root task reads
 * each message with the UserException / UnknownSyscall accessors and
 * replies with registers: the new RIP (and RAX) the thread resumes with;
 * a reply with a nonzero label leaves the thread stopped.
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

#define FAULT_BADGE 0xe

extern char at_div[], after_div[], at_ud2[], after_ud2[], after_int3[], at_syscall[];
static vka_object_t ep;

static void excepter(void *arg0, void *arg1, void *ipc_buf)
{
    unsigned long q, rax;

    __asm__ volatile("xor %%ecx, %%ecx\n\t"
                     ".globl at_div\nat_div: div %%ecx\n\t"
                     ".globl after_div\nafter_div:"
                     : "=a"(q) : "a"(7UL), "d"(0UL) : "ecx", "cc");
    printf("thread: after div, eax %lu\n", q);
    __asm__ volatile(".globl at_ud2\nat_ud2: ud2\n\t.globl after_ud2\nafter_ud2:");
    printf("thread: after ud2\n");
    __asm__ volatile("int3\n\t.globl after_int3\nafter_int3:");
    printf("thread: after int3\n");
    /* system call 42 with known values in the registers seL4 reports */
    __asm__ volatile("mov $0x1111, %%rax\n\t"
                     "mov $0x2222, %%rbx\n\t"
                     "mov $42, %%rdx\n\t"
                     "mov $0x5555, %%rsi\n\t"
                     "mov $0x6666, %%rdi\n\t"
                     "mov $0x8888, %%r8\n\t"
                     "mov $0xaaaa, %%r10\n\t"
                     "mov $0xcccc, %%r12\n\t"
                     "mov $0xffff, %%r15\n\t"
                     ".globl at_syscall\nat_syscall: syscall"
                     : "=a"(rax) : : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
                       "r11", "r12", "r15", "memory", "cc");
    printf("thread: after syscall 42, rax %#lx\n", rax);
    __asm__ volatile("mov $-100, %%rdx\n\tsyscall" : : : "rax", "rcx", "rdx", "r11", "memory");
    printf("thread: not reached\n");
}

static void show_exception(seL4_Fault_t f, const char *where, seL4_Word ip)
{
    printf("user exception: number %lu code %lu, ip at %s %d, flags if %d\n",
           (unsigned long)seL4_Fault_UserException_get_Number(f),
           (unsigned long)seL4_Fault_UserException_get_Code(f), where,
           seL4_Fault_UserException_get_FaultIP(f) == ip,
           (seL4_Fault_UserException_get_FLAGS(f) & BIT(9)) != 0);
}

int main(void)
{
    sel4utils_thread_t thread;
    seL4_MessageInfo_t info;
    seL4_Fault_t f;
    int error;

    env_boot();
    error = vka_alloc_endpoint(&vka, &ep);
    ZF_LOGF_IFERR(error, "endpoint");
    error = sel4utils_configure_thread(&vka, &vspace, &vspace,
                                       mint(ep.cptr, seL4_AllRights, FAULT_BADGE),
                                       simple_get_cnode(&simple), seL4_NilData, &thread);
    ZF_LOGF_IFERR(error, "configure");
    seL4_TCB_SetPriority(thread.tcb.cptr, simple_get_tcb(&simple), 254);
    NAME_THREAD(thread.tcb.cptr, "excepter");
    sel4utils_start_thread(&thread, excepter, NULL, NULL, 1);

    /* divide error: vector 0 at the div; reply with RIP past it (all three
     * registers given: IP, stack, flags) */
    info = recv_fault(ep.cptr, &f);
    show_exception(f, "div", (seL4_Word)at_div);
    seL4_Word stack = seL4_Fault_UserException_get_Stack(f);
    seL4_UserContext regs;
    seL4_TCB_ReadRegisters(thread.tcb.cptr, 0, 0, 2, &regs);
    printf("stack is the thread's rsp: %d\n", stack == regs.rsp);
    seL4_SetMR(0, (seL4_Word)after_div);
    seL4_SetMR(1, stack);
    seL4_SetMR(2, seL4_Fault_UserException_get_FLAGS(f));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));

    /* invalid opcode: vector 6; a one-word reply sets only the IP */
    info = recv_fault(ep.cptr, &f);
    show_exception(f, "ud2", (seL4_Word)at_ud2);
    seL4_SetMR(0, (seL4_Word)after_ud2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));

    /* breakpoint: vector 3, a trap: the IP is already past the int3, so an
     * empty reply resumes the thread after it */
    info = recv_fault(ep.cptr, &f);
    show_exception(f, "after int3", (seL4_Word)after_int3);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));

    /* unknown system call: every register, the IP of the syscall
     * instruction and the number */
    info = recv_fault(ep.cptr, &f);
    printf("unknown syscall %ld: rax %lx rbx %lx rsi %lx rdi %lx r8 %lx r10 %lx r12 %lx r15 %lx\n",
           (long)seL4_Fault_UnknownSyscall_get_Syscall(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_RAX(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_RBX(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_RSI(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_RDI(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_R8(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_R10(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_R12(f),
           (unsigned long)seL4_Fault_UnknownSyscall_get_R15(f));
    printf("ip at the syscall %d\n",
           seL4_Fault_UnknownSyscall_get_FaultIP(f) == (seL4_Word)at_syscall);
    /* the reply's words are the registers in the message's order: RAX
     * first, the IP 16th; move the IP past the 2-byte syscall */
    for (int i = 0; i < seL4_UnknownSyscall_Syscall; i++)
        seL4_SetMR(i, seL4_GetMR(i));
    seL4_SetMR(seL4_UnknownSyscall_RAX, 0x4242);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_Fault_UnknownSyscall_get_FaultIP(f) + 2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));

    /* a second unknown syscall, answered with label 1: the thread is not
     * restarted */
    info = recv_fault(ep.cptr, &f);
    printf("unknown syscall %ld\n", (long)seL4_Fault_UnknownSyscall_get_Syscall(f));
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0));
    seL4_DebugDumpScheduler();
    seL4_TCB_Suspend(thread.tcb.cptr);
    printf("faults_exceptions: done\n");
    return 0;
}

/*
 * guardian.c - the root task's fault handler while it fuzzes.
 *
 * Some random system calls make the calling thread fault: a Recv through a
 * cap without Read, a Send through an empty slot, a syscall number that
 * does not exist.  Without a handler the kernel would suspend the root
 * task and the run would end.  So a second thread, the guardian, becomes
 * the root task's fault handler and undoes each such fault:
 *
 *   - CapFault: the root task stopped at a `syscall` instruction; the
 *     guardian moves its RIP past the 2-byte instruction with
 *     TCB_WriteRegisters and resumes it, as if the call had returned;
 *   - UnknownSyscall: the guardian replies with the registers of the
 *     fault message, RIP moved on and RAX = 0x6a6a (emulation);
 *   - anything else (a VMFault or UserException of the fuzzer itself)
 *     is a bug in the fuzzer or the kernel: it prints a "not ok" line and
 *     ends the run with status 97.
 *
 * Only messages with the root task's badge count; a pool thread cannot
 * reach this endpoint (its caps are protected), but we check anyway.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"
#include "fuzz.h"

#define ROOT         seL4_CapInitThreadCNode
#define GUARD_BADGE  0x6a
#define EMULATED_RAX 0x6a6a

/* Registers up to r15: fs_base and gs_base are left as they are. */
#define GPR_COUNT 18

struct guardian_stats guardian;
static struct kt_thread thread;
static seL4_CPtr guard_ep;
KT_STACK(guardian_stack);

extern char _end[];

/* The root task stopped on a `syscall` (0f 05) inside its own image? */
static bool at_syscall(seL4_Word ip)
{
    const unsigned char *code = (const unsigned char *)ip;

    if (ip < 0x400000 || ip + 2 > (seL4_Word)_end)
        return false;
    return code[0] == 0x0f && code[1] == 0x05;
}

/* fault_ip is MR0 of the CapFault message: the syscall instruction. */
static bool skip_faulting_syscall(seL4_Word fault_ip)
{
    seL4_UserContext regs;

    if (!at_syscall(fault_ip))
        return false;
    if (seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, GPR_COUNT, &regs) != seL4_NoError)
        return false;
    regs.rip = fault_ip + 2;
    return seL4_TCB_WriteRegisters(seL4_CapInitThreadTCB, 1, 0, GPR_COUNT, &regs) ==
           seL4_NoError;
}

static void emulate_unknown_syscall(void)
{
    seL4_Word mrs[seL4_UnknownSyscall_Syscall];

    for (int i = 0; i < seL4_UnknownSyscall_Syscall; i++)
        mrs[i] = seL4_GetMR(i);
    mrs[seL4_UnknownSyscall_RAX] = EMULATED_RAX;
    mrs[seL4_UnknownSyscall_FaultIP] += 2;
    for (int i = 0; i < seL4_UnknownSyscall_Syscall; i++)
        seL4_SetMR(i, mrs[i]);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));
}

static _Noreturn void give_up(seL4_Word label)
{
    guardian.other_faults++;
    guardian.last_other_label = label;
    printf("\nnot ok 0 - fuzz: the root task took a fault the guardian cannot undo: "
           "none vs label %lu, MR0 0x%lx, MR1 0x%lx\n", (unsigned long)label,
           (unsigned long)guardian.last_other_ip, (unsigned long)guardian.last_other_addr);
    caplab_sys_exit(97);
}

static void guardian_main(seL4_Word unused)
{
    seL4_MessageInfo_t info;
    seL4_Word badge, label;

    (void)unused;
    for (;;) {
        info = seL4_Recv(guard_ep, &badge);
        label = seL4_MessageInfo_get_label(info);
        guardian.last_other_ip = seL4_GetMR(0);
        guardian.last_other_addr = seL4_GetMR(1);
        if (badge != GUARD_BADGE) {
            guardian.foreign++;
            continue;
        }
        /* Count first: the root task runs again the moment it is fixed. */
        if (label == seL4_Fault_CapFault) {
            guardian.cap_faults++;
            if (!skip_faulting_syscall(seL4_GetMR(seL4_CapFault_IP))) {
                guardian.cap_faults--;
                give_up(label);
            }
        } else if (label == seL4_Fault_UnknownSyscall) {
            guardian.unknown_syscalls++;
            emulate_unknown_syscall();
        } else {
            give_up(label);
        }
    }
}

void guardian_start(void)
{
    seL4_CPtr badged = kt_slot();
    seL4_Error err;

    guard_ep = kt_new(seL4_EndpointObject, 0);
    err = seL4_CNode_Mint(ROOT, badged, 64, ROOT, guard_ep, 64, seL4_AllRights, GUARD_BADGE);
    if (err != seL4_NoError)
        kt_bail("minting the guardian's endpoint cap", err);
    /* 254: below the root task, so it only runs while the root task waits. */
    kt_thread_create(&thread, 0, 254, guardian_stack, sizeof(guardian_stack));
    seL4_DebugNameThread(thread.tcb, "guardian");
    err = kt_thread_start(&thread, guardian_main, 0);
    if (err != seL4_NoError)
        kt_bail("starting the guardian", err);
    err = seL4_TCB_SetSpace(seL4_CapInitThreadTCB, badged, ROOT, 0,
                            seL4_CapInitThreadVSpace, 0);
    kt_error(seL4_NoError, err, "TCB_SetSpace on the root task: the guardian is its fault handler");
}

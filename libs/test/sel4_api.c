/*
 * sel4_api.c - checks of the seL4 API surface on the real kernel, written
 * only against seL4 / seL4_libs / sel4runtime / tutorial-library names:
 *
 *   - sel4runtime's view of the start-up (argc, argv, envp, auxv, BootInfo,
 *     process name) and its TLS helpers used as expressions;
 *   - the BootInfo frame is writable (the tutorials' alloc_slot bumps
 *     info->empty.start) and alloc_object makes objects;
 *   - real faults read with seL4_getFault and the generated accessors: a VM
 *     fault and an unknown system call, each from its own thread;
 *   - simple: an I/O port cap through simple_get_IOPort_cap, a device frame
 *     through simple_get_frame_cap, no scheduling control, no extended
 *     BootInfo records;
 *   - a thread that runs on after main() returned (started last, below the
 *     root task's priority): only the root thread stops, as on seL4.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <sel4runtime/gen_config.h>
#include <sel4runtime/start.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <sel4tutorials/alloc.h>
#include <utils/util.h>
#include <sel4utils/sel4_zf_logif.h>
#include "roottask.h"

#define FAULT_ADDR      0xdead008ul
#define BOGUS_SYSCALL   (-77l)
#define WORKER_PRIO     200
#define LATE_PRIO       254        /* runs only once the root thread stopped */
#define STACK_BYTES     8192

extern void name_thread(seL4_CPtr tcb, char *name);

static __thread int tls_probe = 5;
static int not_tls;
static char worker_tls[CONFIG_SEL4RUNTIME_STATIC_TLS];
static unsigned char vm_stack[STACK_BYTES] __attribute__((aligned(16)));
static unsigned char sys_stack[STACK_BYTES] __attribute__((aligned(16)));
static unsigned char late_stack[STACK_BYTES] __attribute__((aligned(16)));
static seL4_CPtr late_ntfn;

static void check_runtime(seL4_BootInfo *bi)
{
    const auxv_t *aux = sel4runtime_auxv();
    int found_bootinfo = 0;

    LIBS_CHECK("runtime argc/argv", sel4runtime_argc() == 1 &&
               strcmp(sel4runtime_argv()[0], "rootserver") == 0, "argc %d",
               sel4runtime_argc());
    LIBS_CHECK("runtime envp", strcmp(sel4runtime_envp()[0], "seL4=1") == 0, "%s",
               sel4runtime_envp()[0]);
    LIBS_CHECK("runtime process name",
               strcmp(sel4runtime_process_name(), "rootserver") == 0, "%s",
               sel4runtime_process_name());
    for (; aux != NULL && aux->a_type != AT_NULL; aux++)
        found_bootinfo |= aux->a_type == AT_SEL4_BOOT_INFO && aux->a_un.a_ptr == bi;
    LIBS_CHECK("runtime auxv", found_bootinfo, "no AT_SEL4_BOOT_INFO");
    LIBS_CHECK("runtime bootinfo", sel4runtime_bootinfo() == bi, "%p",
               (void *)sel4runtime_bootinfo());
    LIBS_CHECK("runtime initial tls", sel4runtime_initial_tls_enabled(), "not enabled");
    LIBS_CHECK("pre-exit callback", sel4runtime_set_pre_exit(NULL) == NULL, "one was set");
}

/* The layout a process finds on its stack (what _start reads). */
static void check_initial_stack(void)
{
    static char arg0[] = "app", arg1[] = "42", env0[] = "seL4=1";
    unsigned long stack[] = {
        2, (unsigned long)arg0, (unsigned long)arg1, 0,
        (unsigned long)env0, 0,
        AT_PAGESZ, 4096, AT_SEL4_IPC_BUFFER_PTR, 0x7000000, AT_SEL4_TCB, 5, AT_NULL, 0,
    };
    sel4runtime_initial_stack_t st = __sel4runtime_read_initial_stack(stack);

    LIBS_CHECK("initial stack vectors", st.argc == 2 && strcmp(st.argv[1], "42") == 0 &&
               st.argv[2] == NULL && strcmp(st.envp[0], "seL4=1") == 0, "argc %d", st.argc);
    LIBS_CHECK("initial stack auxv", st.auxv[1].a_type == AT_SEL4_IPC_BUFFER_PTR &&
               st.auxv[1].a_un.a_val == 0x7000000 && st.auxv[2].a_type == AT_SEL4_TCB &&
               st.auxv[3].a_type == AT_NULL, "first type %d", st.auxv[0].a_type);
}

static void check_tls_expressions(void)
{
    uintptr_t tp = sel4runtime_write_tls_image(worker_tls);
    int set_ok = sel4runtime_set_tls_variable(tp, tls_probe, 77);
    int got = sel4runtime_get_tls_variable(tp, tls_probe);
    int set_bad = sel4runtime_set_tls_variable(tp, not_tls, 1);

    LIBS_CHECK("tls variable set/get", set_ok == 0 && got == 77 && tls_probe == 5,
               "set %d got %d own %d", set_ok, got, tls_probe);
    LIBS_CHECK("tls variable outside tls", set_bad == -1, "returned %d", set_bad);
    LIBS_CHECK("tls region size", sel4runtime_get_tls_size() <= sizeof(worker_tls), "%zu",
               (size_t)sel4runtime_get_tls_size());
}

static void check_tutorial_alloc(seL4_BootInfo *bi)
{
    seL4_CPtr before = bi->empty.start;
    seL4_CPtr slot = alloc_slot(bi);
    seL4_CPtr ep = alloc_object(bi, seL4_EndpointObject, 0);
    seL4_CPtr tcb = alloc_object(bi, seL4_TCBObject, seL4_TCBBits);

    LIBS_CHECK("bootinfo writable", slot == before && bi->empty.start == before + 3,
               "slot %lu, empty.start %lu", (unsigned long)slot,
               (unsigned long)bi->empty.start);
    LIBS_CHECK("alloc_object", seL4_DebugCapIdentify(ep) == seL4_CapTag_Endpoint &&
               seL4_DebugCapIdentify(tcb) == seL4_CapTag_Thread, "tags %u %u",
               (unsigned)seL4_DebugCapIdentify(ep), (unsigned)seL4_DebugCapIdentify(tcb));
    name_thread(tcb, "libs-test: named");
}

static void vm_faulter(void)
{
    *(volatile int *)FAULT_ADDR = 1;
}

static void bogus_syscaller(void)
{
    register long rdx __asm__("rdx") = BOGUS_SYSCALL;
    register long rax __asm__("rax") = 0x1234;

    __asm__ volatile("movq %%rsp, %%rbx\n\tsyscall\n\tmovq %%rbx, %%rsp"
                     : "+r"(rdx), "+r"(rax) : : "rbx", "rcx", "r11", "memory");
}

/* A thread in our spaces with no IPC buffer and fault endpoint `ep`. */
static seL4_CPtr start_thread(seL4_BootInfo *bi, seL4_CPtr ep, void (*entry)(void),
                              unsigned char *stack, seL4_Word prio)
{
    seL4_CPtr tcb = alloc_object(bi, seL4_TCBObject, 0);
    seL4_UserContext regs = { 0 };
    seL4_Error err;

    err = seL4_TCB_Configure(tcb, ep, seL4_CapInitThreadCNode, seL4_NilData,
                             seL4_CapInitThreadVSpace, seL4_NilData, 0, seL4_CapNull);
    ZF_LOGE_IFERR(err, "configure")
    err = seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, prio);
    ZF_LOGE_IFERR(err, "priority")
    regs.rip = (seL4_Word)entry;
    regs.rsp = (seL4_Word)(stack + STACK_BYTES) - 8;
    err = seL4_TCB_WriteRegisters(tcb, 1, 0, 2, &regs);
    ZF_LOGE_IFERR(err, "write registers")
    return tcb;
}

static void check_vm_fault(seL4_BootInfo *bi, seL4_CPtr ep)
{
    seL4_CPtr tcb = start_thread(bi, ep, vm_faulter, vm_stack, WORKER_PRIO);
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);
    seL4_Fault_t f = seL4_getFault(tag);
    seL4_Word ip = seL4_Fault_VMFault_get_IP(f);

    LIBS_CHECK("vm fault type", seL4_isVMFault_tag(tag) &&
               seL4_Fault_get_seL4_FaultType(f) == seL4_Fault_VMFault, "type %lu",
               (unsigned long)seL4_Fault_get_seL4_FaultType(f));
    LIBS_CHECK("vm fault fields", seL4_Fault_VMFault_get_Addr(f) == FAULT_ADDR &&
               ip >= (seL4_Word)vm_faulter && ip < (seL4_Word)vm_faulter + 64 &&
               seL4_Fault_VMFault_get_PrefetchFault(f) == 0 &&
               (seL4_Fault_VMFault_get_FSR(f) & 2) != 0,
               "addr %#lx ip %#lx prefetch %lu fsr %#lx",
               (unsigned long)seL4_Fault_VMFault_get_Addr(f), (unsigned long)ip,
               (unsigned long)seL4_Fault_VMFault_get_PrefetchFault(f),
               (unsigned long)seL4_Fault_VMFault_get_FSR(f));
    seL4_TCB_Suspend(tcb);
}

static void check_unknown_syscall(seL4_BootInfo *bi, seL4_CPtr ep)
{
    seL4_CPtr tcb = start_thread(bi, ep, bogus_syscaller, sys_stack, WORKER_PRIO);
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag = seL4_Recv(ep, &badge);
    seL4_Fault_t f = seL4_getFault(tag);

    LIBS_CHECK("unknown syscall fault", seL4_isUnknownSyscall_tag(tag) &&
               seL4_MessageInfo_get_length(tag) == seL4_UnknownSyscall_Length &&
               (long)seL4_Fault_UnknownSyscall_get_Syscall(f) == BOGUS_SYSCALL &&
               seL4_Fault_UnknownSyscall_get_RAX(f) == 0x1234 &&
               seL4_Fault_UnknownSyscall_get_FaultIP(f) > (seL4_Word)bogus_syscaller,
               "label %lu syscall %ld rax %#lx",
               (unsigned long)seL4_MessageInfo_get_label(tag),
               (long)seL4_Fault_UnknownSyscall_get_Syscall(f),
               (unsigned long)seL4_Fault_UnknownSyscall_get_RAX(f));
    seL4_TCB_Suspend(tcb);
}

static void check_simple(seL4_BootInfo *bi)
{
    simple_t simple;
    seL4_CPtr port = alloc_slot(bi), frame = alloc_slot(bi);
    cspacepath_t path = { .capPtr = frame, .capDepth = seL4_WordBits,
                          .root = seL4_CapInitThreadCNode, .dest = 0, .destDepth = 0,
                          .offset = frame, .window = 1 };
    seL4_Error err;
    int device = -1;

    simple_default_init_bootinfo(&simple, bi);
    err = simple_get_IOPort_cap(&simple, 0x80, 0x80, seL4_CapInitThreadCNode, port,
                                seL4_WordBits);
    LIBS_CHECK("simple io port cap", err == seL4_NoError &&
               seL4_X86_IOPort_Out8(port, 0x80, 0) == seL4_NoError, "err %d", (int)err);
    for (int i = 0; i < simple_get_untyped_count(&simple) && device < 0; i++) {
        size_t bits = 0;
        uintptr_t paddr = 0;
        bool is_device = false;

        simple_get_nth_untyped(&simple, i, &bits, &paddr, &is_device);
        if (is_device && bits >= seL4_PageBits)
            device = i;
    }
    if (device >= 0) {
        uintptr_t paddr = 0;

        simple_get_nth_untyped(&simple, device, NULL, &paddr, NULL);
        err = simple_get_frame_cap(&simple, (void *)paddr, seL4_PageBits, &path);
        LIBS_CHECK("simple device frame", err == seL4_NoError &&
                   seL4_DebugCapIdentify(frame) == seL4_CapTag_Frame, "err %d", (int)err);
    }
    LIBS_CHECK("simple sched ctrl (non-MCS)", simple_get_sched_ctrl(&simple, 0) == seL4_CapNull,
               "a cap");
    LIBS_CHECK("simple extended bootinfo",
               simple_get_extended_bootinfo_length(&simple, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ)
               == -1, "a record");
    LIBS_CHECK("simple core count", simple_get_core_count(&simple) == CONFIG_MAX_NUM_NODES,
               "%d", simple_get_core_count(&simple));
}

/* Runs once the root thread stopped; then waits forever (no IPC buffer
 * needed: the *WithMRs calls keep the message in registers). */
static void late_thread(void)
{
    seL4_Word mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;

    seL4_DebugPutString("libs-test: a thread runs on after main returned\n");
    for (;;)
        seL4_RecvWithMRs(late_ntfn, NULL, &mr0, &mr1, &mr2, &mr3);
}

void libs_test_sel4_api(seL4_BootInfo *bi)
{
    seL4_CPtr ep = alloc_object(bi, seL4_EndpointObject, 0);

    seL4_DebugPutString("libs-test: seL4_DebugPutString: ok\n");
    check_runtime(bi);
    check_initial_stack();
    check_tls_expressions();
    check_tutorial_alloc(bi);
    check_vm_fault(bi, ep);
    check_unknown_syscall(bi, ep);
    check_simple(bi);
}

void libs_test_start_late_thread(seL4_BootInfo *bi)
{
    late_ntfn = alloc_object(bi, seL4_NotificationObject, 0);
    start_thread(bi, seL4_CapNull, late_thread, late_stack, LATE_PRIO);
}

/*
 * thread_test.c - sel4utils threads: configure, start with arguments, the
 * IPC buffer and TLS of the new thread, stack alignment, a fault reaching
 * the fault endpoint, a raw start through sel4utils_arch_init_local_context,
 * priority errors, and create/clean-up rounds that leave nothing behind.
 */
#include <string.h>
#include <sel4utils/thread.h>
#include <sel4utils/api.h>
#include <vka/object.h>
#include <vka/capops.h>
#include "test.h"

static __thread int tls_counter = 5;
static seL4_CPtr shared_ep;

/* Calls back with what it sees: args, IPC buffer, TLS, stack alignment. */
static void reporter(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Word aligned = ((uintptr_t)__builtin_frame_address(0) & 15) == 0;

    tls_counter += 1;
    seL4_SetMR(0, (seL4_Word)arg0);
    seL4_SetMR(1, (seL4_Word)arg1);
    seL4_SetMR(2, (seL4_Word)ipc_buf == (seL4_Word)seL4_GetIPCBuffer());
    seL4_SetMR(3, tls_counter);
    seL4_SetMR(4, aligned);
    seL4_Call(shared_ep, seL4_MessageInfo_new(0, 0, 0, 5));
    seL4_TCB_Suspend(seL4_CapNull);   /* never returns: nothing to return to */
    for (;;)
        seL4_Yield();
}

static void faulter(void *arg0, void *arg1, void *ipc_buf)
{
    (void)arg1;
    (void)ipc_buf;
    *(volatile int *)arg0 = 1;
}

static void raw_signaller(void *ntfn, void *unused1, void *unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Signal((seL4_CPtr)ntfn);
    for (;;)
        seL4_Wait((seL4_CPtr)ntfn, NULL);
}

static sel4utils_thread_config_t base_config(struct test_env *env, seL4_CPtr fault_ep)
{
    sel4utils_thread_config_t c = thread_config_new(&env->simple);

    c = thread_config_fault_endpoint(c, fault_ep);
    return thread_config_priority(c, 200);
}

static void start_and_talk(struct test_env *env)
{
    sel4utils_thread_t t;
    seL4_MessageInfo_t info;
    seL4_Word badge;
    int err = sel4utils_configure_thread_config(&env->vka, &env->vspace, &env->vspace,
                                                base_config(env, 0), &t);

    CHECK("sel4utils_configure_thread_config", err == 0 && t.stack_top != NULL &&
          t.ipc_buffer_addr != 0, "error %d", err);
    if (err)
        return;
    NAME_THREAD(t.tcb.cptr, "sel4libs-reporter");
    err = sel4utils_start_thread(&t, reporter, (void *)11, (void *)22, 1);
    CHECK("sel4utils_start_thread", err == 0, "error %d", err);
    info = seL4_Recv(shared_ep, &badge);
    CHECK("thread got arg0 and arg1", seL4_GetMR(0) == 11 && seL4_GetMR(1) == 22,
          "%lu %lu", (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));
    CHECK("thread's IPC buffer is the third argument", seL4_GetMR(2) == 1, "no");
    CHECK("thread has its own TLS", seL4_GetMR(3) == 6 && tls_counter == 5,
          "thread %lu, mine %d", (unsigned long)seL4_GetMR(3), tls_counter);
    CHECK("stack 16-byte aligned (System V)", seL4_GetMR(4) == 1, "misaligned");
    CHECK("message length", seL4_MessageInfo_get_length(info) == 5, "length %lu",
          (unsigned long)seL4_MessageInfo_get_length(info));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    sel4utils_clean_up_thread(&env->vka, &env->vspace, &t);
    CHECK("sel4utils_clean_up_thread", t.tcb.cptr == 0, "not cleared");
}

static void fault_to_endpoint(struct test_env *env)
{
    sel4utils_thread_t t;
    seL4_MessageInfo_t info;
    seL4_Word badge;

    if (sel4utils_configure_thread_config(&env->vka, &env->vspace, &env->vspace,
                                          base_config(env, shared_ep), &t) != 0) {
        CHECK("fault thread", false, "configure failed");
        return;
    }
    sel4utils_start_thread(&t, faulter, (void *)0x10, NULL, 1);
    info = seL4_Recv(shared_ep, &badge);
    CHECK("fault reaches the fault endpoint", seL4_MessageInfo_get_label(info) ==
          seL4_Fault_VMFault && seL4_GetMR(seL4_VMFault_Addr) == 0x10, "label %lu addr %#lx",
          (unsigned long)seL4_MessageInfo_get_label(info),
          (unsigned long)seL4_GetMR(seL4_VMFault_Addr));
    sel4utils_clean_up_thread(&env->vka, &env->vspace, &t);
}

static void raw_context(struct test_env *env)
{
    vka_object_t tcb, ntfn;
    seL4_UserContext regs;
    void *stack_top = vspace_new_sized_stack(&env->vspace, 1);
    int err;

    if (vka_alloc_tcb(&env->vka, &tcb) || vka_alloc_notification(&env->vka, &ntfn) ||
        stack_top == NULL) {
        CHECK("raw thread setup", false, "allocation failed");
        return;
    }
    seL4_TCB_Configure(tcb.cptr, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0,
                       0);
    seL4_TCB_SetPriority(tcb.cptr, seL4_CapInitThreadTCB, 100);
    memset(&regs, 0, sizeof(regs));
    err = seL4_TCB_ReadRegisters(tcb.cptr, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    sel4utils_arch_init_local_context(raw_signaller, (void *)ntfn.cptr, NULL, NULL, stack_top,
                                      &regs);
    CHECK("arch_init_local_context", regs.rip == (seL4_Word)raw_signaller &&
          regs.rdi == ntfn.cptr && (regs.rsp + 8) % 16 == 0 && regs.rsp < (seL4_Word)stack_top,
          "rip %#lx rsp %#lx", (unsigned long)regs.rip, (unsigned long)regs.rsp);
    sel4utils_set_instruction_pointer(&regs, (seL4_Word)raw_signaller);
    sel4utils_set_stack_pointer(&regs, regs.rsp);
    err = err || seL4_TCB_WriteRegisters(tcb.cptr, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    seL4_Wait(ntfn.cptr, NULL);
    CHECK("raw thread ran and signalled", err == 0, "error %d", err);
    vka_free_object(&env->vka, &tcb);
    vka_free_object(&env->vka, &ntfn);
    vspace_free_sized_stack(&env->vspace, stack_top, 1);
}

static void priority_errors(struct test_env *env)
{
    vka_object_t weak;
    sel4utils_thread_t t;
    sel4utils_thread_config_t c = base_config(env, 0);
    int err;

    if (vka_alloc_tcb(&env->vka, &weak) != 0)
        return;
    c = thread_config_auth(c, weak.cptr);   /* its MCP is 0 */
    err = sel4utils_configure_thread_config(&env->vka, &env->vspace, &env->vspace, c, &t);
    CHECK("priority above the authority's MCP fails", err == -1 && t.tcb.cptr == 0,
          "error %d", err);
    vka_free_object(&env->vka, &weak);
}

/* Many configure/start/clean-up rounds: the same number of endpoints fits
 * before and after (memory and slots come back). */
static void rounds(struct test_env *env)
{
    static vka_object_t eps[3000];
    int before = 0, after = 0, ok = 1;
    sel4utils_thread_t warm;

    /* one round first: the vspace may make a page table it then keeps */
    if (sel4utils_configure_thread(&env->vka, &env->vspace, &env->vspace, 0,
                                   seL4_CapInitThreadCNode, 0, &warm) == 0)
        sel4utils_clean_up_thread(&env->vka, &env->vspace, &warm);
    while (before < 3000 && vka_alloc_endpoint(&env->vka, &eps[before]) == 0)
        before++;
    for (int i = 0; i < before; i++)
        vka_free_object(&env->vka, &eps[i]);
    for (int r = 0; r < 50; r++) {
        sel4utils_thread_t t;
        if (sel4utils_configure_thread(&env->vka, &env->vspace, &env->vspace, 0,
                                       seL4_CapInitThreadCNode, 0, &t) != 0 ||
            sel4utils_start_thread(&t, raw_signaller, (void *)0, NULL, 0) != 0) {
            ok = 0;
            break;
        }
        sel4utils_clean_up_thread(&env->vka, &env->vspace, &t);
    }
    while (after < 3000 && vka_alloc_endpoint(&env->vka, &eps[after]) == 0)
        after++;
    for (int i = 0; i < after; i++)
        vka_free_object(&env->vka, &eps[i]);
    CHECK("50 thread rounds leave nothing behind", ok && before == after, "ok %d, %d then %d",
          ok, before, after);
}

void test_threads(struct test_env *env)
{
    shared_ep = vka_alloc_endpoint_leaky(&env->vka);
    start_and_talk(env);
    fault_to_endpoint(env);
    raw_context(env);
    priority_errors(env);
    rounds(env);
}

/*
 * thread.c - sel4utils threads (see sel4utils/thread.h).
 *
 * A started thread's stack top holds its TLS region (the runtime's TLS
 * image with __sel4_ipc_buffer set to the thread's IPC buffer); the stack
 * proper begins 16-byte aligned below it.  That needs the stack to be
 * visible in the caller's address space, i.e. a thread of our own vspace
 * (parent == alloc), which is what sel4utils_start_thread is for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sel4runtime.h>
#include <sel4utils/thread.h>
#include <sel4utils/arch/util.h>
#include <utils/formats.h>

static int set_priorities(sel4utils_thread_t *t, sched_params_t *p)
{
    seL4_CPtr auth = p->auth ? p->auth : seL4_CapInitThreadTCB;
    int err = 0;

    if (p->mcp)
        err = seL4_TCB_SetMCPriority(t->tcb.cptr, auth, p->mcp);
    if (err == 0 && p->priority)
        err = seL4_TCB_SetPriority(t->tcb.cptr, auth, p->priority);
    if (err)
        ZF_LOGE("setting the priority of the new thread failed (error %d)", err);
    return err;
}

int sel4utils_configure_thread_config(vka_t *vka, vspace_t *parent, vspace_t *alloc,
                                      sel4utils_thread_config_t config, sel4utils_thread_t *res)
{
    size_t pages = config.custom_stack_size ? config.stack_size
                                            : BYTES_TO_4K_PAGES(CONFIG_SEL4UTILS_STACK_SIZE);
    int err;

    (void)parent;
    memset(res, 0, sizeof(*res));
    if (vka_alloc_tcb(vka, &res->tcb) != 0) {
        ZF_LOGE("no TCB for the new thread");
        return -1;
    }
    if (!config.no_ipc_buffer) {
        res->ipc_buffer_addr = (seL4_Word)vspace_new_ipc_buffer(alloc, &res->ipc_buffer);
        if (res->ipc_buffer_addr == 0)
            goto fail;
    }
    res->stack_top = vspace_new_sized_stack(alloc, pages);
    if (res->stack_top == NULL)
        goto fail;
    res->stack_size = pages;
    res->initial_stack_pointer = res->stack_top;
    err = seL4_TCB_Configure(res->tcb.cptr, config.fault_endpoint, config.cspace,
                             config.cspace_root_data, vspace_get_root(alloc), 0,
                             res->ipc_buffer_addr, res->ipc_buffer);
    if (err) {
        ZF_LOGE("TCB_Configure failed (error %d)", err);
        goto fail;
    }
    if (set_priorities(res, &config.sched_params) != 0)
        goto fail;
    return 0;
fail:
    sel4utils_clean_up_thread(vka, alloc, res);
    return -1;
}

int sel4utils_configure_thread(vka_t *vka, vspace_t *parent, vspace_t *alloc,
                               seL4_CPtr fault_endpoint, seL4_CNode cspace,
                               seL4_Word cspace_root_data, sel4utils_thread_t *res)
{
    sel4utils_thread_config_t config = {0};

    config = thread_config_fault_endpoint(config, fault_endpoint);
    config = thread_config_cspace(config, cspace, cspace_root_data);
    config = thread_config_auth(config, seL4_CapInitThreadTCB);
    return sel4utils_configure_thread_config(vka, parent, alloc, config, res);
}

int sel4utils_start_thread(sel4utils_thread_t *thread, sel4utils_thread_entry_fn entry_point,
                           void *arg0, void *arg1, int resume)
{
    seL4_UserContext regs;
    uintptr_t tls_mem, tp, top;
    int err;

    if (thread == NULL || thread->stack_top == NULL) {
        ZF_LOGE("thread is not configured");
        return -1;
    }
    memset(&regs, 0, sizeof(regs));
    tls_mem = ALIGN_DOWN((uintptr_t)thread->stack_top - sel4runtime_get_tls_size(), 16);
    tp = sel4runtime_write_tls_image((void *)tls_mem);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, (seL4_IPCBuffer *)thread->ipc_buffer_addr);
    top = ALIGN_DOWN(tls_mem, 16);
    if (sel4utils_arch_init_local_context(entry_point, arg0, arg1,
                                          (void *)thread->ipc_buffer_addr, (void *)top, &regs))
        return -1;
    regs.fs_base = tp;   /* WriteRegisters writes FS_BASE too */
    thread->initial_stack_pointer = (void *)regs.rsp;
    err = seL4_TCB_WriteRegisters(thread->tcb.cptr, 0, 0, sizeof(regs) / sizeof(seL4_Word),
                                  &regs);
    if (err == 0)
        err = seL4_TCB_SetTLSBase(thread->tcb.cptr, tp);
    if (err == 0 && resume)
        err = seL4_TCB_Resume(thread->tcb.cptr);
    if (err) {
        ZF_LOGE("starting the thread failed (error %d)", err);
        return -1;
    }
    return 0;
}

void sel4utils_clean_up_thread(vka_t *vka, vspace_t *alloc, sel4utils_thread_t *thread)
{
    if (thread->tcb.cptr != 0)
        vka_free_object(vka, &thread->tcb);
    if (thread->ipc_buffer_addr != 0)
        vspace_free_ipc_buffer(alloc, (void *)thread->ipc_buffer_addr);
    if (thread->stack_top != NULL)
        vspace_free_sized_stack(alloc, thread->stack_top, thread->stack_size);
    memset(thread, 0, sizeof(*thread));
}

/*
 * One line (a cap fault: three) naming the fault, in seL4_libs' words and
 * colours, read from the fault message just received (tag and MRs).
 */
void sel4utils_print_fault_message(seL4_MessageInfo_t tag, const char *name)
{
    seL4_Fault_t f = seL4_getFault(tag);

    switch (seL4_Fault_get_seL4_FaultType(f)) {
    case seL4_Fault_VMFault:
        printf("%sPagefault from [%s]: %s %s at PC: %p vaddr: %p, FSR %p%s\n", COLOR_ERROR, name,
               sel4utils_is_read_fault() ? "read" : "write",
               seL4_Fault_VMFault_get_PrefetchFault(f) ? "prefetch fault" : "fault",
               (void *)seL4_Fault_VMFault_get_IP(f), (void *)seL4_Fault_VMFault_get_Addr(f),
               (void *)seL4_Fault_VMFault_get_FSR(f), COLOR_NORMAL);
        break;
    case seL4_Fault_UnknownSyscall:
        printf("%sBad syscall from [%s]: scno %lu at PC: %p%s\n", COLOR_ERROR, name,
               (unsigned long)seL4_Fault_UnknownSyscall_get_Syscall(f),
               (void *)seL4_Fault_UnknownSyscall_get_FaultIP(f), COLOR_NORMAL);
        break;
    case seL4_Fault_UserException:
        printf("%sInvalid instruction from [%s] at PC: %p%s\n", COLOR_ERROR, name,
               (void *)seL4_Fault_UserException_get_FaultIP(f), COLOR_NORMAL);
        break;
    case seL4_Fault_CapFault:
        printf("%sCap fault from [%s] in phase %s\nPC = %p\nCPtr = %p%s\n", COLOR_ERROR, name,
               seL4_Fault_CapFault_get_InRecvPhase(f) ? "receive" : "send",
               (void *)seL4_Fault_CapFault_get_IP(f), (void *)seL4_Fault_CapFault_get_Addr(f),
               COLOR_NORMAL);
        break;
    default:
        printf("Unknown fault from [%s]: %lu (length = %lu)\n", name,
               (unsigned long)seL4_MessageInfo_get_label(tag),
               (unsigned long)seL4_MessageInfo_get_length(tag));
        break;
    }
}

int sel4utils_checkpoint_thread(sel4utils_thread_t *thread, sel4utils_checkpoint_t *checkpoint,
                                bool suspend)
{
    int err = seL4_TCB_ReadRegisters(thread->tcb.cptr, suspend, 0,
                                     sizeof(seL4_UserContext) / sizeof(seL4_Word),
                                     &checkpoint->regs);
    if (err) {
        ZF_LOGE("reading the thread's registers failed (error %d)", err);
        return err;
    }
    checkpoint->sp = sel4utils_get_sp(checkpoint->regs);
    uintptr_t top = (uintptr_t)thread->stack_top;
    if (checkpoint->sp > top || top - checkpoint->sp > thread->stack_size * BIT(seL4_PageBits)) {
        ZF_LOGE("the stack pointer %p is not in the thread's stack", (void *)checkpoint->sp);
        return -1;
    }
    size_t bytes = top - checkpoint->sp;
    checkpoint->stack = malloc(bytes ? bytes : 1);
    if (checkpoint->stack == NULL) {
        ZF_LOGE("no memory for a %zu-byte stack copy", bytes);
        return -1;
    }
    memcpy(checkpoint->stack, (void *)checkpoint->sp, bytes);
    checkpoint->thread = thread;
    return 0;
}

int sel4utils_checkpoint_restore(sel4utils_checkpoint_t *checkpoint, bool free_memory,
                                 bool resume)
{
    size_t bytes = (uintptr_t)checkpoint->thread->stack_top - checkpoint->sp;
    memcpy((void *)checkpoint->sp, checkpoint->stack, bytes);
    int err = seL4_TCB_WriteRegisters(checkpoint->thread->tcb.cptr, resume, 0,
                                      sizeof(seL4_UserContext) / sizeof(seL4_Word),
                                      &checkpoint->regs);
    if (err) {
        ZF_LOGE("writing the thread's registers failed (error %d)", err);
        return err;
    }
    if (free_memory)
        sel4utils_free_checkpoint(checkpoint);
    return 0;
}

void sel4utils_free_checkpoint(sel4utils_checkpoint_t *checkpoint)
{
    free(checkpoint->stack);
    checkpoint->stack = NULL;
}

/* The fault handler's loop: arg0 the name, arg1 the endpoint. */
static void print_faults_forever(void *name, void *endpoint, void *ipc_buffer)
{
    for (;;) {
        seL4_MessageInfo_t tag = seL4_Recv((seL4_CPtr)endpoint, NULL);
        sel4utils_print_fault_message(tag, name);
    }
}

int sel4utils_start_fault_handler(seL4_CPtr fault_endpoint, vka_t *vka, vspace_t *vspace,
                                  seL4_CPtr cspace, seL4_Word data, char *name,
                                  sel4utils_thread_t *res)
{
    if (sel4utils_configure_thread(vka, vspace, vspace, seL4_CapNull, cspace, data, res)) {
        ZF_LOGE("configuring the fault handler's thread failed");
        return -1;
    }
    return sel4utils_start_thread(res, print_faults_forever, name, (void *)fault_endpoint, 1);
}

/* As seL4_libs on a single-core (CONFIG_MAX_NUM_NODES 1) non-MCS build:
 * there is no other core to move to, so -ENOSYS. */
int sel4utils_set_sched_affinity(sel4utils_thread_t *thread, sched_params_t params)
{
    return -ENOSYS;
}

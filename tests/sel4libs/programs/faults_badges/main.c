/*
 * faults_badges: one handler thread serves the faults of two threads whose
 * fault endpoint caps carry different badges.  It keeps the reply cap of
 * one fault with seL4_CNode_SaveCaller while it serves the other, and
 * answers it later by sending on the saved cap; seL4_ReplyRecv answers and
 * waits in one call.  Each reply moves the thread's IP past its ud2.
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

static vka_object_t ep, park;
static seL4_CPtr saved;
static char log_buf[64];
static int log_len;

static void note(char c)
{
    if (log_len < (int)sizeof(log_buf) - 1)
        log_buf[log_len++] = c;
}

static void faulter(void *arg0, void *arg1, void *ipc_buf)
{
    char me = (char)(seL4_Word)arg0;
    __asm__ volatile("ud2");
    note(me);
    __asm__ volatile("ud2");
    note(me);
    seL4_Wait(park.cptr, NULL);
}

/* records the fault: its badge as a letter, then the vector */
static seL4_Word take(seL4_MessageInfo_t info, seL4_Word badge)
{
    seL4_Fault_t f = seL4_getFault(info);
    note(badge == 1 ? 'A' : badge == 2 ? 'B' : '?');
    note((char)('0' + seL4_Fault_UserException_get_Number(f)));
    return seL4_Fault_UserException_get_FaultIP(f);
}

static void handler(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Word badge, ip, saved_ip;
    seL4_MessageInfo_t info;
    cspacepath_t path;

    info = seL4_Recv(ep.cptr, &badge);              /* B's first */
    saved_ip = take(info, badge);
    vka_cspace_make_path(&vka, saved, &path);
    note(vka_cnode_saveCaller(&path) == 0 ? 's' : 'x');
    info = seL4_Recv(ep.cptr, &badge);              /* A's first */
    ip = take(info, badge);
    seL4_SetMR(0, ip + 2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    info = seL4_Recv(ep.cptr, &badge);              /* A's second */
    ip = take(info, badge);
    seL4_SetMR(0, saved_ip + 2);
    seL4_Send(saved, seL4_MessageInfo_new(0, 0, 0, 1));    /* B goes on */
    note('r');
    for (;;) {
        seL4_SetMR(0, ip + 2);
        info = seL4_ReplyRecv(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
        ip = take(info, badge);
    }
}

static void start(sel4utils_thread_t *t, uint8_t prio, sel4utils_thread_entry_fn fn,
                  seL4_CPtr fault_ep, seL4_Word arg)
{
    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, fault_ep, prio);
    int error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, t);
    ZF_LOGF_IFERR(error, "configure");
    error = sel4utils_start_thread(t, fn, (void *)arg, NULL, 1);
    ZF_LOGF_IFERR(error, "start");
}

static seL4_CPtr badged(seL4_Word badge)
{
    return mint(ep.cptr, seL4_AllRights, badge);
}

int main(void)
{
    sel4utils_thread_t h, a, b;
    seL4_CPtr root;

    env_boot();
    root = simple_get_tcb(&simple);
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_notification(&vka, &park);
    int error = vka_cspace_alloc(&vka, &saved);
    ZF_LOGF_IFERR(error, "slot");
    start(&h, 200, handler, seL4_CapNull, 0);
    /* B is resumed last, so it runs first */
    start(&a, 100, faulter, badged(1), 'a');
    start(&b, 100, faulter, badged(2), 'b');
    /* the root task drops below everyone: back here when all wait */
    seL4_TCB_SetPriority(root, root, 50);
    log_buf[log_len] = '\0';
    printf("log: %s\n", log_buf);
    printf("faults_badges: done\n");
    return 0;
}

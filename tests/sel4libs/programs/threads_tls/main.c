/*
 * threads_tls: thread-local storage of threads started by sel4utils.  Each
 * thread has its own __thread variables, starting from their initial
 * values; the root task reads and writes another thread's variables with
 * sel4runtime_get/set_tls_variable, given the thread's TLS base (its
 * fs_base register), and moves a TLS base with seL4_TCB_SetTLSBase.
 */
#include <sel4runtime.h>
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

static __thread seL4_Word counter = 5;
static __thread seL4_Word zeroed;
static vka_object_t ep, park;

static void worker(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_Word id = (seL4_Word)arg0;
    seL4_Word start = counter, start_zero = zeroed;
    counter += id;
    zeroed = id * 10;
    seL4_SetMR(0, start);
    seL4_SetMR(1, start_zero);
    seL4_SetMR(2, counter);
    seL4_SetMR(3, zeroed);
    seL4_SetMR(4, __sel4_ipc_buffer == (seL4_IPCBuffer *)ipc_buf);
    seL4_SetMR(5, id);
    seL4_Call(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 6));
    /* the root task changed our counter meanwhile */
    seL4_SetMR(0, counter);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Wait(park.cptr, NULL);         /* nobody signals it */
}

int main(void)
{
    sel4utils_thread_t t[2];
    seL4_UserContext regs;
    int error;

    env_boot();
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_notification(&vka, &park);
    counter = 1000;
    for (int i = 0; i < 2; i++) {
        sel4utils_thread_config_t config = thread_config_default(&simple,
            simple_get_cnode(&simple), seL4_NilData, seL4_CapNull, 200);
        error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, &t[i]);
        ZF_LOGF_IFERR(error, "configure");
        error = sel4utils_start_thread(&t[i], worker, (void *)(seL4_Word)(i + 1), NULL, 1);
        ZF_LOGF_IFERR(error, "start");
    }
    for (int n = 0; n < 2; n++) {
        seL4_Word badge;
        seL4_Recv(ep.cptr, &badge);
        int i = (int)seL4_GetMR(5) - 1;
        printf("thread %d: started with %lu and %lu, now %lu and %lu, ipc buffer %lu\n", i + 1,
               (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1),
               (unsigned long)seL4_GetMR(2), (unsigned long)seL4_GetMR(3),
               (unsigned long)seL4_GetMR(4));
        seL4_CPtr reply;
        error = vka_cspace_alloc(&vka, &reply);
        cspacepath_t path;
        vka_cspace_make_path(&vka, reply, &path);
        error = error ?: vka_cnode_saveCaller(&path);
        printf("saved the caller: %d\n", error);
        error = seL4_TCB_ReadRegisters(t[i].tcb.cptr, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
        seL4_Word seen = sel4runtime_get_tls_variable(regs.fs_base, counter);
        printf("its counter read from here: %lu\n", (unsigned long)seen);
        error = sel4runtime_set_tls_variable(regs.fs_base, counter, (seL4_Word)(500 + i));
        printf("set it: %d\n", error);
        seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
        seL4_Recv(ep.cptr, &badge);
        printf("thread %d now sees %lu\n", i + 1, (unsigned long)seL4_GetMR(0));
    }
    printf("root's own counter: %lu\n", (unsigned long)counter);

    /* SetTLSBase moves a thread's TLS base: fs_base reads back the value */
    error = seL4_TCB_SetTLSBase(t[0].tcb.cptr, 0x12345000);
    seL4_TCB_ReadRegisters(t[0].tcb.cptr, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    printf("set tls base: %d, fs_base %#lx\n", error, (unsigned long)regs.fs_base);
    printf("threads_tls: done\n");
    return 0;
}

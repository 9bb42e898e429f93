/*
 * ipc_threads: IPC between the root task and a sel4utils thread.
 * Call/Reply/ReplyRecv/Recv with messages up to seL4_MsgMaxLength, the
 * fields of seL4_MessageInfo as the kernel delivers them, an over-long
 * length, Send and NBSend with and without a waiting receiver, NBRecv with
 * nothing pending, and Call on an empty slot.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <vka/object_capops.h>
#include <vspace/vspace.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/mapping.h>
#include <utils/util.h>
#include "env.h"

static vka_object_t ep, ep2;

/* A client: one Call with every message register, a second Call with an
 * over-long length, then a Send. */
static void client(void *arg0, void *arg1, void *ipc_buf)
{
    seL4_MessageInfo_t info;
    seL4_Word sum = 0;

    for (int i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, 1000 + i);
    /* capsUnwrapped set by the sender is not delivered */
    info = seL4_Call(ep.cptr, seL4_MessageInfo_new(0xabcde, 7, 0, seL4_MsgMaxLength));
    print_info("client reply", info);
    for (int i = 0; i < seL4_MessageInfo_get_length(info); i++)
        sum += seL4_GetMR(i);
    printf("client reply sum=%lu\n", (unsigned long)sum);
    info = seL4_Call(ep.cptr, seL4_MessageInfo_new(2, 0, 0, 127));
    print_info("client reply2", info);
    seL4_SetMR(0, 77);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(3, 0, 0, 1));
    printf("client send returned\n");
    /* Nobody receives on ep2: NBSend drops the message and returns. */
    seL4_NBSend(ep2.cptr, seL4_MessageInfo_new(4, 0, 0, 1));
    printf("client nbsend returned\n");
    seL4_SetMR(0, 88);
    seL4_Send(ep.cptr, seL4_MessageInfo_new(5, 0, 0, 1));
    seL4_Recv(ep2.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t t;
    seL4_MessageInfo_t info;
    seL4_Word badge = 99, sum = 0;
    int err;

    env_boot();
    err = vka_alloc_endpoint(&vka, &ep);
    ZF_LOGF_IFERR(err, "ep");
    err = vka_alloc_endpoint(&vka, &ep2);
    ZF_LOGF_IFERR(err, "ep2");

    /* NBRecv with nothing pending: badge 0, no block */
    seL4_NBRecv(ep.cptr, &badge);
    printf("nbrecv empty: badge=%lu\n", (unsigned long)badge);

    start_thread(&t, seL4_CapNull, 254, client, NULL, NULL);
    info = seL4_Recv(ep.cptr, &badge);
    print_info("server got", info);
    for (int i = 0; i < seL4_MessageInfo_get_length(info); i++)
        sum += seL4_GetMR(i);
    printf("server got badge=%lu sum=%lu mr119=%lu\n", (unsigned long)badge,
           (unsigned long)sum, (unsigned long)seL4_GetMR(119));
    for (int i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, i);
    info = seL4_ReplyRecv(ep.cptr, seL4_MessageInfo_new(42, 0, 0, 120), &badge);
    print_info("server got2", info);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    /* a second Reply with no caller waiting does nothing */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    printf("second reply returned\n");
    info = seL4_Recv(ep.cptr, &badge);
    print_info("server got send", info);
    printf("server send mr0=%lu\n", (unsigned long)seL4_GetMR(0));
    info = seL4_Recv(ep.cptr, &badge);
    print_info("server got send2", info);
    printf("server send2 mr0=%lu\n", (unsigned long)seL4_GetMR(0));

    /* Call on an empty slot: the kernel answers InvalidCapability */
    info = seL4_Call(0, seL4_MessageInfo_new(0, 0, 0, 0));
    print_info("call null slot", info);
    printf("call null slot mr0=%lu\n", (unsigned long)seL4_GetMR(0));
    printf("ipc_threads: done\n");
    return 0;
}

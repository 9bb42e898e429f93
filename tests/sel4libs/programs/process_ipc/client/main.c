/*
 * client: an app of process_ipc.  argv: the server's endpoint (badged),
 * a badged notification of the root task's, a notification to signal
 * when done.  Calls the server with every message register, then with
 * caps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>

int main(int argc, char *argv[])
{
    seL4_CPtr ep = strtoul(argv[1], NULL, 10);
    seL4_CPtr ntfn = strtoul(argv[2], NULL, 10);
    seL4_CPtr done = strtoul(argv[3], NULL, 10);
    seL4_MessageInfo_t info;
    int good = 0;

    for (int i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, 3 * i);
    info = seL4_Call(ep, seL4_MessageInfo_new(1, 0, 0, seL4_MsgMaxLength));
    for (int i = 0; i < seL4_MsgMaxLength; i++)
        good += seL4_GetMR(i) == (seL4_Word)(3 * (seL4_MsgMaxLength - 1 - i));
    printf("client: reply label=%lu length=%lu words in reverse=%d\n",
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info), good);
    seL4_SetCap(0, ntfn);
    seL4_SetMR(0, 9);
    info = seL4_Call(ep, seL4_MessageInfo_new(2, 0, 1, 1));
    printf("client: reply label=%lu length=%lu mr0=%lu\n",
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info), (unsigned long)seL4_GetMR(0));
    seL4_SetCap(0, ep);
    info = seL4_Call(ep, seL4_MessageInfo_new(3, 0, 1, 0));
    printf("client: reply label=%lu\n", (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_Signal(done);
    seL4_Wait(ntfn, NULL);
    return 0;
}

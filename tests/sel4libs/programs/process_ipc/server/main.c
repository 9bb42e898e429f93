/*
 * server: an app of process_ipc.  argv: its endpoint's slot and a
 * notification to signal when it stops.  Answers each Call with the
 * message's words in reverse order, and reports what came with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <sel4utils/process.h>
#include <sel4utils/api.h>

#define RECV_SLOT 100

int main(int argc, char *argv[])
{
    seL4_CPtr ep = strtoul(argv[1], NULL, 10);
    seL4_Word badge, words[seL4_MsgMaxLength];
    seL4_MessageInfo_t info;

    seL4_SetCapReceivePath(SEL4UTILS_CNODE_SLOT, RECV_SLOT, seL4_WordBits);
    info = api_recv(ep, &badge, seL4_CapNull);   /* seL4_Recv on non-MCS */
    for (;;) {
        seL4_Word n = seL4_MessageInfo_get_length(info);

        printf("server: badge=%#lx label=%lu length=%lu extraCaps=%lu capsUnwrapped=%lu\n",
               (unsigned long)badge, (unsigned long)seL4_MessageInfo_get_label(info),
               (unsigned long)n, (unsigned long)seL4_MessageInfo_get_extraCaps(info),
               (unsigned long)seL4_MessageInfo_get_capsUnwrapped(info));
        if (seL4_MessageInfo_get_capsUnwrapped(info) & 1)
            printf("server: unwrapped badge %#lx\n", (unsigned long)seL4_GetBadge(0));
        else if (seL4_MessageInfo_get_extraCaps(info) == 1) {
            printf("server: received cap type %lu\n",
                   (unsigned long)seL4_DebugCapIdentify(RECV_SLOT));
            seL4_Signal(RECV_SLOT);
            seL4_CNode_Delete(SEL4UTILS_CNODE_SLOT, RECV_SLOT, seL4_WordBits);
            seL4_SetCapReceivePath(SEL4UTILS_CNODE_SLOT, RECV_SLOT, seL4_WordBits);
        }
        for (seL4_Word i = 0; i < n; i++)
            words[i] = seL4_GetMR(i);
        for (seL4_Word i = 0; i < n; i++)
            seL4_SetMR(i, words[n - 1 - i]);
        info = api_reply_recv(ep, seL4_MessageInfo_new(100 + seL4_MessageInfo_get_label(info), 0,
                                                        0, n), &badge, seL4_CapNull);
    }
    return 0;
}

/*
 * probe: an app of process_caps.  argv: the slots of a badged endpoint,
 * a copied notification, a moved notification, an unbadged endpoint copy
 * and a badged endpoint copy.  Prints what its CSpace holds and uses each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <sel4utils/process.h>

int main(int argc, char *argv[])
{
    seL4_CPtr ep, ntfn, moved, plain, badged;
    seL4_MessageInfo_t info;
    seL4_Word badge;

    printf("probe: argc=%d argv0=%s\n", argc, argv[0]);
    if (argc != 6)
        return 1;
    ep = strtoul(argv[1], NULL, 10);
    ntfn = strtoul(argv[2], NULL, 10);
    moved = strtoul(argv[3], NULL, 10);
    plain = strtoul(argv[4], NULL, 10);
    badged = strtoul(argv[5], NULL, 10);
    printf("probe: slots %s %s %s %s %s\n", argv[1], argv[2], argv[3], argv[4], argv[5]);
    printf("probe: layout null=%lu cnode=%lu fault_ep=%lu pd=%lu asid_pool=%lu tcb=%lu sc=%lu "
           "reply=%lu\n", (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_NULL_SLOT),
           (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_CNODE_SLOT),
           (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_ENDPOINT_SLOT),
           (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_PD_SLOT),
           (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_ASID_POOL_SLOT),
           (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_TCB_SLOT),
           (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_SCHED_CONTEXT_SLOT),
           (unsigned long)seL4_DebugCapIdentify(SEL4UTILS_REPLY_SLOT));
    printf("probe: given ep=%lu ntfn=%lu moved=%lu plain=%lu badged=%lu next=%lu\n",
           (unsigned long)seL4_DebugCapIdentify(ep), (unsigned long)seL4_DebugCapIdentify(ntfn),
           (unsigned long)seL4_DebugCapIdentify(moved), (unsigned long)seL4_DebugCapIdentify(plain),
           (unsigned long)seL4_DebugCapIdentify(badged),
           (unsigned long)seL4_DebugCapIdentify(badged + 1));
    seL4_Call(ep, seL4_MessageInfo_new(1, 0, 0, 0));
    seL4_Call(plain, seL4_MessageInfo_new(2, 0, 0, 0));
    seL4_Call(badged, seL4_MessageInfo_new(3, 0, 0, 0));
    /* the moved notification is ours alone */
    seL4_Signal(moved);
    seL4_Poll(moved, &badge);
    printf("probe: moved notification works: %d\n", badge == 0);
    seL4_Signal(ntfn);
    seL4_Wait(ntfn, &badge);
    printf("probe: after the revoke ep=%lu plain=%lu badged=%lu ntfn=%lu\n",
           (unsigned long)seL4_DebugCapIdentify(ep), (unsigned long)seL4_DebugCapIdentify(plain),
           (unsigned long)seL4_DebugCapIdentify(badged), (unsigned long)seL4_DebugCapIdentify(ntfn));
    info = seL4_Call(ep, seL4_MessageInfo_new(4, 0, 0, 0));
    printf("probe: call on the revoked cap: label=%lu length=%lu mr0=%lu\n",
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info), (unsigned long)seL4_GetMR(0));
    seL4_Signal(ntfn);
    seL4_Wait(moved, &badge);
    return 0;
}

/*
 * cfg: an app of process_config.  argv: its endpoint's slot.  Works in a
 * 2^10 CNode whose cap (SEL4UTILS_CNODE_SLOT) has a 54-bit guard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <sel4utils/process.h>

int main(int argc, char *argv[])
{
    seL4_CPtr ep = strtoul(argv[1], NULL, 10);
    int err;

    err = seL4_CNode_Copy(SEL4UTILS_CNODE_SLOT, 1000, seL4_WordBits, SEL4UTILS_CNODE_SLOT, ep,
                          seL4_WordBits, seL4_AllRights);
    printf("cfg: copy to slot 1000: %d, type %lu\n", err,
           (unsigned long)seL4_DebugCapIdentify(1000));
    err = seL4_CNode_Copy(SEL4UTILS_CNODE_SLOT, 1024, seL4_WordBits, SEL4UTILS_CNODE_SLOT, ep,
                          seL4_WordBits, seL4_AllRights);
    printf("cfg: copy to slot 1024: %d type=%lu bitsLeft=%lu guardFound=%lu guardSize=%lu\n",
           err, (unsigned long)seL4_GetMR(1), (unsigned long)seL4_GetMR(2),
           (unsigned long)seL4_GetMR(3), (unsigned long)seL4_GetMR(4));
    err = seL4_CNode_Copy(SEL4UTILS_CNODE_SLOT, 5, 10, SEL4UTILS_CNODE_SLOT, ep,
                          seL4_WordBits, seL4_AllRights);
    printf("cfg: copy with depth 10: %d type=%lu\n", err, (unsigned long)seL4_GetMR(1));
    err = seL4_TCB_SetPriority(SEL4UTILS_TCB_SLOT, SEL4UTILS_TCB_SLOT, 100);
    printf("cfg: set own priority without MCP: %d min=%lu max=%lu\n", err,
           (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));
    seL4_Call(1000, seL4_MessageInfo_new(11, 0, 0, 0));
    printf("cfg: now a fault\n");
    *(volatile int *)0x1234 = 1;
    return 0;
}

/*
 * peer: an app of vspace_share.  argv: its endpoint's slot, the address
 * of two shared read-write pages and of one read-only page.  Reports what
 * it reads, writes an answer, then writes to the read-only page (a VM
 * fault the root task receives).
 */
#include <stdlib.h>
#include <sel4/sel4.h>

int main(int argc, char *argv[])
{
    seL4_CPtr ep = strtoul(argv[1], NULL, 10);
    volatile seL4_Word *rw = (void *)strtoul(argv[2], NULL, 10);
    volatile seL4_Word *ro = (void *)strtoul(argv[3], NULL, 10);

    seL4_SetMR(0, rw[0]);
    seL4_SetMR(1, rw[512]);
    seL4_SetMR(2, ro[0]);
    rw[513] = rw[512] + 2000;
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 3));
    ro[0] = 1;
    return 0;
}

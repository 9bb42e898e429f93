/*
 * worker: an app of process_rounds.  argv: its endpoint's slot, the round
 * and a number; it Calls the endpoint with the round and the number, then
 * waits on its fault endpoint (where nothing comes) to be destroyed.
 */
#include <stdlib.h>
#include <sel4/sel4.h>
#include <sel4utils/process.h>

int main(int argc, char *argv[])
{
    seL4_CPtr ep = argc > 3 ? strtoul(argv[1], NULL, 10) : 0;

    seL4_SetMR(0, argc > 3 ? strtoul(argv[2], NULL, 10) : 0);
    seL4_SetMR(1, argc > 3 ? strtoul(argv[3], NULL, 10) : 0);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 2));
    /* nothing ever comes on our fault endpoint: wait there until destroyed */
    seL4_Recv(SEL4UTILS_ENDPOINT_SLOT, NULL);
    return 0;
}

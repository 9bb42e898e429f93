/*
 * client/client.c - the timer server's client (dynamic-4), a separate program.
 *
 * sel4utils started it in its own CSpace and VSpace, with one cap of
 * interest: a badged endpoint to the root task, minted into the first free
 * slot of its CSpace (SEL4UTILS_FIRST_FREE).  It asks the root task to let
 * it sleep for SLEEP_MS milliseconds, waits for the answer, and prints how
 * long the server says it slept.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4utils/process.h>
#include <utils/zf_log.h>

#define EP_CPTR SEL4UTILS_FIRST_FREE    /* where the root task put our endpoint cap */
#define SLEEP_MS 100                    /* how long to sleep */

int main(int argc, char **argv)
{
    printf("timer client: hey hey hey\n");

    /* the request: one word, the number of milliseconds */
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(0, 0, 0, 1);
    seL4_SetMR(0, SLEEP_MS);
    tag = seL4_Call(EP_CPTR, tag);

    ZF_LOGF_IF(seL4_MessageInfo_get_length(tag) != 1, "The answer is not one word long.");
    printf("timer client wakes up: slept %lu ms\n", (unsigned long)seL4_GetMR(0));
    return 0;
}

/*
 * blocked_forever: the root task waits on a fresh notification that no one
 * will ever signal.
 *
 * The kernel sees at once that no thread can run and nothing can wake one
 * (halt reason `idle`), so the verdict is `stuck` right away, naming the
 * notification the thread blocks on, and not a `timeout` after the limit.
 */
#include <stdio.h>
#include "hostile.h"

int main(void)
{
    seL4_CPtr ntfn = hostile_new(seL4_NotificationObject, 0);
    seL4_Word badge = 0;

    printf("waiting on the notification in slot %lu\n", (unsigned long)ntfn);
    seL4_Wait(ntfn, &badge);
    printf("woken with badge 0x%lx\n", (unsigned long)badge);
    return 0;
}

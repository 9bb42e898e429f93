/*
 * name_thread.c - name_thread() of the seL4 tutorials' library.
 */
#include <autoconf.h>
#include <sel4tutorials/name_thread.h>

void name_thread(seL4_CPtr tcb, char *name)
{
#ifdef CONFIG_DEBUG_BUILD
    seL4_DebugNameThread(tcb, name);
#else
    (void)tcb, (void)name;
#endif
}

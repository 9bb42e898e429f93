/*
 * bootinfo.c - platsupport_get_bootinfo(): the runtime's saved BootInfo.
 */
#include <sel4platsupport/bootinfo.h>
#include <sel4runtime.h>
#include <utils/zf_log.h>

seL4_BootInfo *platsupport_get_bootinfo(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();

    if (bi == NULL)
        ZF_LOGE("No BootInfo: this is not the root task, or start-up lost it");
    return bi;
}

/*
 * playground: a small root task to start experiments from.
 *
 * It prints a summary of the BootInfo the kernel handed over (where the free
 * CNode slots are, how many untyped caps there are and how much RAM they
 * cover) and exits with status 0, which halts the machine.  Replace it, or
 * add more .c files next to it: every .c file in the folder is built into
 * the root task.  docs/labs/playground.md says how to run it.
 */

#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>

/* Sum of the sizes of the RAM (non-device) untypeds, in bytes. */
static seL4_Word ram_bytes(const seL4_BootInfo *info)
{
    seL4_Word total = 0;

    for (seL4_Word i = 0; i < info->untyped.end - info->untyped.start; i++) {
        if (!info->untypedList[i].isDevice)
            total += (seL4_Word)1 << info->untypedList[i].sizeBits;
    }
    return total;
}

static void print_region(const char *name, seL4_SlotRegion r)
{
    printf("  %-18s [%lu, %lu)\n", name, r.start, r.end);
}

int main(void)
{
    seL4_BootInfo *info = platsupport_get_bootinfo();

    printf("hello from the caplab playground\n");
    if (info == NULL) {
        printf("no BootInfo: was this started as the root task?\n");
        return 1;
    }
    printf("BootInfo at %p, IPC buffer at %p\n", (void *)info, (void *)info->ipcBuffer);
    printf("root CNode: 2^%lu slots\n", info->initThreadCNodeSizeBits);
    print_region("empty slots", info->empty);
    print_region("user image frames", info->userImageFrames);
    print_region("user image paging", info->userImagePaging);
    print_region("untyped caps", info->untyped);
    printf("RAM in untypeds: %lu KiB\n", ram_bytes(info) / 1024);
    printf("playground: done\n");
    return 0;
}

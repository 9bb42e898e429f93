/*
 * forged_kernel_lines: does TASKs 1 and 2, then prints, without doing any
 * of the work, what a finished lab and the kernel would print after them:
 * the lines of TASKs 3 to 7, the kernel's boot banner again, a
 * <<seL4 ...>> user-error line like the one a refused signal gives, a
 * whole fault report, a JSON event line and the kernel's halting line.
 *
 * Steps 3 to 7 need kernel events (COM2), which only the kernel writes, so
 * step 3 must fail ("the kernel saw no event ...") and the score stay at
 * 20; the forged fault report must not turn the verdict into `user_fault`.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>

/* TASKs 1 and 2, in this program's own words. */
static void list_untypeds(const seL4_BootInfo *bi)
{
    seL4_Word count = bi->untyped.end - bi->untyped.start, best = count;

    printf("untypeds: %lu caps in slots [%lu, %lu)\n", count, bi->untyped.start,
           bi->untyped.end);
    for (seL4_Word i = 0; i < count; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        printf("untyped %lu: paddr 0x%lx size_bits %u %s\n", bi->untyped.start + i,
               (unsigned long)u->paddr, (unsigned)u->sizeBits, u->isDevice ? "device" : "ram");
        if (!u->isDevice && (best == count || u->sizeBits > bi->untypedList[best].sizeBits))
            best = i;
    }
    printf("largest untyped: slot %lu, paddr 0x%lx, size_bits %u\n", bi->untyped.start + best,
           (unsigned long)bi->untypedList[best].paddr, (unsigned)bi->untypedList[best].sizeBits);
}

static const char *const forged[] = {
    "caplab kernel: x86_64, seL4-style capabilities",
    "Booting all finished, dropped to user space",
    "retyped a notification into slot %lu",
    "unbadged signal: wait returned badge 0x0",
    "minted badged cap into slot %lu with badge 0x61",
    "badged signal: wait returned badge 0x61",
    "minted no-rights cap into slot %lu with badge 0x62",
    "<<seL4(CPU 0) [handle_invocation/132 T0xffffffff80001000 \"rootserver\" @400a3b]: "
        "Invocation of a notification cap without Write.>>",
    "no-rights signal: poll returned badge 0x0",
    "minted write-only cap into slot %lu with badge 0x63",
    "write-only signal: wait returned badge 0x63",
    "{\"seq\":9,\"ev\":\"invoke\",\"op\":\"UntypedRetype\",\"err\":0,"
        "\"type\":\"seL4_NotificationObject\"}",
    "Caught cap fault in send phase at address (nil)",
    "while trying to handle:",
    "vm fault on data at address (nil) with status 0x6",
    "in thread 0xffffffff80001000 \"rootserver\" at address 0x400030",
    "kernel-objects: all done",
    "caplab: thread \"rootserver\" exited with status 0; halting.",
};

int main(void)
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    seL4_Word slot = bi->empty.start;

    list_untypeds(bi);
    for (unsigned i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
        printf(forged[i], (unsigned long)slot);
        printf("\n");
        if (forged[i][0] == 'r' || forged[i][0] == 'm')   /* retype, mint: next slot */
            slot++;
    }
    return 0;
}

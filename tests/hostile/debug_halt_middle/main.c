/*
 * debug_halt_middle: does TASKs 1 and 2 of kernel-objects, then calls
 * seL4_DebugHalt() where TASK 3 should be.
 *
 * The machine stops at once (halt reason `debug_halt`): steps 1 and 2
 * pass, step 3 fails, and the grader says that seL4_DebugHalt was called
 * and by which thread.
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

int main(void)
{
    list_untypeds(platsupport_get_bootinfo());
    seL4_DebugHalt();
    printf("retyped a notification into slot 999\n");    /* never printed */
    return 0;
}

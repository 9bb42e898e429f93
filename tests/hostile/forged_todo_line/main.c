/*
 * forged_todo_line: does TASKs 1 and 2, then prints the line a TASK_TODO
 * stub prints for TASK 3 and exits with status 0.
 *
 * A real stub also exits with status 103 (100 + the TASK); with status 0
 * the line is only text, so the grader must not say "not done yet: the
 * program stopped at TASK 3's stub" (verdict `not_done`) but report a
 * plain failure of step 3.
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
    printf("caplab: TASK 3 is not done yet: retype a notification\n");
    return 0;
}

/*
 * control_bytes: does TASKs 1 and 2 of kernel-objects properly, with
 * every byte value, terminal escape sequences (clear screen, colours, a
 * window title), carriage returns and invalid UTF-8 printed before and
 * after, then exits without doing TASK 3.
 *
 * The garbage must not stop steps 1 and 2 from passing, step 3 must fail
 * plainly, and the report must show the garbage escaped (\x1b, \x07, ...)
 * rather than send it to the student's terminal.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>

/* Every byte but the newline, then escapes, CR and bytes that are not UTF-8. */
static void garbage(void)
{
    for (int c = 0; c < 256; c++)
        if (c != '\n')
            seL4_DebugPutChar((char)c);
    printf("\n\x1b[2J\x1b[31mred\x1b]0;title\x07 bell\r\n");
    printf("\xff\xfe\xc3\x28 not utf-8 \xed\xa0\x80\n");
}

/* TASKs 1 and 2, in this program's own words. */
static void list_untypeds(const seL4_BootInfo *bi)
{
    seL4_Word count = bi->untyped.end - bi->untyped.start, best = count;

    printf("untypeds: %lu caps in slots [%lu, %lu)\r\n", count, bi->untyped.start,
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
    garbage();
    list_untypeds(platsupport_get_bootinfo());
    garbage();
    return 0;
}

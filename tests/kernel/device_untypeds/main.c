/*
 * device_untypeds/main.c - no device untyped reaches interrupts or DMA.
 *
 * The kernel turns the gaps of the physical address space below 4 GiB into
 * device untypeds.  On QEMU's pc machine three regions in those gaps let
 * whoever can store to them make the machine deliver an interrupt (any
 * vector, exception vectors included, which the kernel takes for a fault
 * of its own) or write physical memory:
 *
 *   0xFEC00000  4 KiB  I/O APIC (redirection entries)
 *   0xFED00000  4 KiB  HPET (comparators; FSB delivery is an MSI)
 *   0xFEE00000  1 MiB  local APIC page and the MSI window
 *
 * This list is the test's own, taken from the machine (QEMU's `info mtree`),
 * not from the kernel's table.  The program walks every untyped in the
 * BootInfo and checks that none overlaps a listed region, that the device
 * untypeds are well formed (below 4 GiB, naturally aligned, disjoint from
 * each other and from RAM), and that the untyped just below each region,
 * carved down to its last page, yields exactly that page and then
 * NotEnoughMemory: no retype can run on into the region.  Finally the rest
 * of the gaps is still handed out (the kernel withholds no more than it
 * should: the page after the HPET is a device untyped).
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT seL4_CapInitThreadCNode
#define GiB4 0x100000000ull

struct region { seL4_Word base, size; const char *what; };

static const struct region must_withhold[] = {
    { 0xFEC00000ull, 0x1000,   "the I/O APIC" },
    { 0xFED00000ull, 0x1000,   "the HPET" },
    { 0xFEE00000ull, 0x100000, "the local APIC and MSI window" },
};

#define N_REGIONS (sizeof(must_withhold) / sizeof(must_withhold[0]))

static seL4_Word n_untypeds(void)
{
    return kt_bi->untyped.end - kt_bi->untyped.start;
}

static seL4_Word ut_end(const seL4_UntypedDesc *d)
{
    return d->paddr + (1ull << d->sizeBits);
}

static bool overlaps(seL4_Word a, seL4_Word a_end, seL4_Word b, seL4_Word b_end)
{
    return a < b_end && b < a_end;
}

/* Every untyped, device or not, against one region. */
static void check_region_not_covered(const struct region *r)
{
    int covering = 0;

    for (seL4_Word i = 0; i < n_untypeds(); i++) {
        const seL4_UntypedDesc *d = &kt_bi->untypedList[i];
        if (overlaps(d->paddr, ut_end(d), r->base, r->base + r->size)) {
            kt_note("untyped %lu [0x%lx, 0x%lx) device %u overlaps %s", (unsigned long)i,
                    (unsigned long)d->paddr, (unsigned long)ut_end(d), d->isDevice, r->what);
            covering++;
        }
    }
    kt_word(0, covering, "no untyped overlaps %s [0x%lx, 0x%lx)", r->what,
            (unsigned long)r->base, (unsigned long)(r->base + r->size));
}

static void check_well_formed(void)
{
    int bad = 0, devices = 0;

    for (seL4_Word i = 0; i < n_untypeds(); i++) {
        const seL4_UntypedDesc *d = &kt_bi->untypedList[i];
        if (d->paddr & ((1ull << d->sizeBits) - 1)) {
            kt_note("untyped %lu at 0x%lx is not aligned to its size", (unsigned long)i,
                    (unsigned long)d->paddr);
            bad++;
        }
        if (d->isDevice && ut_end(d) > GiB4) {
            kt_note("device untyped %lu ends above 4 GiB", (unsigned long)i);
            bad++;
        }
        for (seL4_Word j = i + 1; j < n_untypeds(); j++) {
            const seL4_UntypedDesc *e = &kt_bi->untypedList[j];
            if (overlaps(d->paddr, ut_end(d), e->paddr, ut_end(e))) {
                kt_note("untypeds %lu and %lu overlap", (unsigned long)i, (unsigned long)j);
                bad++;
            }
        }
        devices += d->isDevice;
    }
    kt_word(0, bad, "untypeds are aligned, disjoint, and device ones lie below 4 GiB");
    kt_true(devices > 0, "there are device untypeds (%d)", devices);
}

/* The boot untyped that covers paddr: its cptr, or 0. */
static seL4_CPtr untyped_at(seL4_Word paddr, const seL4_UntypedDesc **desc)
{
    for (seL4_Word i = 0; i < n_untypeds(); i++) {
        const seL4_UntypedDesc *d = &kt_bi->untypedList[i];
        if (paddr >= d->paddr && paddr < ut_end(d)) {
            *desc = d;
            return kt_bi->untyped.start + i;
        }
    }
    return 0;
}

/*
 * Carve the device untyped that holds the page below `r` down to its last
 * page: children whose sizes are the bits of the offset, largest first,
 * then one 4 KiB frame (which must be that page), then one more frame,
 * which must fail: the untyped ends where the region begins.
 */
static void check_retype_stops_below(const struct region *r)
{
    const seL4_UntypedDesc *d;
    seL4_Word last = r->base - 0x1000;
    seL4_CPtr ut = untyped_at(last, &d), frame = kt_slot();
    seL4_Error err;

    if (ut == 0 || !d->isDevice) {
        kt_note("no device untyped holds the page below %s", r->what);
        return;
    }
    for (int b = (int)d->sizeBits - 1; b >= seL4_PageBits; b--)
        if (((last - d->paddr) >> b) & 1)
            if ((err = seL4_Untyped_Retype(ut, seL4_UntypedObject, b, ROOT, 0, 0, kt_slot(), 1)))
                kt_bail("carving the device untyped", err);
    err = seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1);
    kt_error(seL4_NoError, err, "retype the last page below %s", r->what);
    if (err == seL4_NoError)
        kt_word(last, seL4_X86_Page_GetAddress(frame).paddr,
                "that frame is the page just below %s", r->what);
    err = seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, kt_slot(), 1);
    kt_error(seL4_NotEnoughMemory, err, "no frame beyond it, at the start of %s", r->what);
}

/* The kernel must not withhold more than the listed regions. */
static void check_rest_handed_out(void)
{
    const seL4_UntypedDesc *d;
    seL4_Word after_hpet = 0xFED00000ull + 0x1000, below_ioapic = 0xFEC00000ull - 0x1000;

    kt_true(untyped_at(after_hpet, &d) != 0 && d->isDevice,
            "the page after the HPET (0x%lx) is in a device untyped", (unsigned long)after_hpet);
    kt_true(untyped_at(below_ioapic, &d) != 0 && d->isDevice,
            "the page below the I/O APIC (0x%lx) is in a device untyped",
            (unsigned long)below_ioapic);
}

int main(void)
{
    kt_init("device_untypeds");
    check_well_formed();
    for (unsigned i = 0; i < N_REGIONS; i++)
        check_region_not_covered(&must_withhold[i]);
    check_rest_handed_out();
    for (unsigned i = 0; i < N_REGIONS; i++)
        check_retype_stops_below(&must_withhold[i]);
    return kt_done();
}

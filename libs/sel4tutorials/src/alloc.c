/*
 * alloc.c - the seL4 tutorials' allocator (see sel4tutorials/alloc.h).
 */
#include <sel4tutorials/alloc.h>
#include <utils/util.h>

seL4_CPtr alloc_slot(seL4_BootInfo *info)
{
    ZF_LOGF_IF(info->empty.start == info->empty.end, "No CSlots left!");
    return info->empty.start++;
}

/* Retype one object of `type` from the untyped `ut` into `slot`. */
static seL4_Error retype_one(seL4_CPtr ut, seL4_Word type, seL4_CPtr slot)
{
    return seL4_Untyped_Retype(ut, type, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1);
}

seL4_CPtr alloc_object(seL4_BootInfo *info, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = alloc_slot(info);

    (void)size_bits;
    for (seL4_CPtr ut = info->untyped.start; ut < info->untyped.end; ut++) {
        seL4_Error err;

        if (info->untypedList[ut - info->untyped.start].isDevice)
            continue;
        err = retype_one(ut, type, slot);
        if (err == seL4_NoError)
            return slot;
        ZF_LOGF_IF(err != seL4_NotEnoughMemory, "Failed to allocate untyped");
    }
    ZF_LOGF("Out of untyped memory");
}

/*
 * sel4tutorials/alloc.h - the seL4 tutorials' tiny allocator: slots from
 * the BootInfo's empty region, objects from the first RAM untyped that has
 * room.  Nothing is ever freed.  Names and signatures are the tutorials'.
 */
#pragma once

#include <sel4/sel4.h>

/*
 * The next free slot of the root CNode: info->empty.start, which then moves
 * up by one.  Stops the program (ZF_LOGF) when the empty region is used up.
 * Slots the program took from the empty region by other means are not known.
 */
seL4_CPtr alloc_slot(seL4_BootInfo *info);

/*
 * A new object of the given type in a fresh slot (alloc_slot), retyped from
 * the first non-device untyped that has room.  As in the tutorials' library,
 * size_bits is not passed on: the object is retyped with size 0, which the
 * kernel ignores for fixed-size objects.  Stops the program when no untyped
 * has room, or when the kernel refuses the retype for another reason.
 */
seL4_CPtr alloc_object(seL4_BootInfo *info, seL4_Word type, seL4_Word size_bits);

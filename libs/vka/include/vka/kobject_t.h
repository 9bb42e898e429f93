/*
 * vka/kobject_t.h - kobject_t, an architecture-neutral name for each kind
 * of kernel object, and its translation to the seL4 object type and to the
 * untyped size it needs.  The numbering is seL4_libs': the x86_64 kinds
 * first (<vka/sel4_arch/kobject_t.h>), then the x86 ones
 * (<vka/arch/kobject_t.h>), then the kinds every architecture has.
 * KOBJECT_REPLY and KOBJECT_SCHED_CONTEXT are MCS objects: caplab's kernel
 * is not MCS, so they have no type or size here (as on a non-MCS seL4).
 */
#pragma once

#include <assert.h>
#include <autoconf.h>
#include <sel4/sel4.h>
#include <sel4/types.h>
#include <utils/util.h>
#include <vka/arch/kobject_t.h>

enum _kobject_type {
    KOBJECT_TCB = KOBJECT_ARCH_NUM_TYPES,
    KOBJECT_CNODE,
    KOBJECT_CSLOT,
    KOBJECT_UNTYPED,
    KOBJECT_ENDPOINT,
    KOBJECT_NOTIFICATION,
    KOBJECT_REPLY,
    KOBJECT_SCHED_CONTEXT,
    NUM_KOBJECT_TYPES
};

/* The old names of the two endpoint kinds. */
DEPRECATED("use KOBJECT_NOTIFICATION") UNUSED static const kobject_t KOBJECT_ASYNC_ENDPOINT =
    KOBJECT_NOTIFICATION;
DEPRECATED("use KOBJECT_ENDPOINT") UNUSED static const kobject_t KOBJECT_SYNC_ENDPOINT =
    KOBJECT_ENDPOINT;

/* log2 of the bytes an object takes (objectSize: radix for a CNode,
 * size_bits for untyped and frames); 0 for a kind with no size. */
static inline seL4_Word kobject_get_size(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_TCB:            return seL4_TCBBits;
    case KOBJECT_CNODE:          return seL4_SlotBits + objectSize;
    case KOBJECT_CSLOT:          return 0;
    case KOBJECT_UNTYPED:        return objectSize;
    case KOBJECT_ENDPOINT:       return seL4_EndpointBits;
    case KOBJECT_NOTIFICATION:   return seL4_NotificationBits;
    default:                     return arch_kobject_get_size(type, objectSize);
    }
}

/* The seL4_ObjectType to retype; (seL4_Word)-1 when there is none. */
static inline seL4_Word kobject_get_type(kobject_t type, seL4_Word objectSize)
{
    switch (type) {
    case KOBJECT_TCB:            return seL4_TCBObject;
    case KOBJECT_CNODE:          return seL4_CapTableObject;
    case KOBJECT_CSLOT:          return (seL4_Word)-1;
    case KOBJECT_UNTYPED:        return seL4_UntypedObject;
    case KOBJECT_ENDPOINT:       return seL4_EndpointObject;
    case KOBJECT_NOTIFICATION:   return seL4_NotificationObject;
    default:                     return arch_kobject_get_type(type, objectSize);
    }
}

/*
 * sel4/objecttype.h - the object types Untyped_Retype can create
 * (x86_64, non-MCS, huge pages on).  Shared by kernel and user space.
 */
#pragma once

typedef enum {
    seL4_UntypedObject = 0,
    seL4_TCBObject,
    seL4_EndpointObject,
    seL4_NotificationObject,
    seL4_CapTableObject,
    seL4_X86_PDPTObject,
    seL4_X64_PML4Object,
    seL4_X64_HugePageObject,
    seL4_X86_4K,
    seL4_X86_LargePageObject,
    seL4_X86_PageTableObject,
    seL4_X86_PageDirectoryObject,
    seL4_ObjectTypeCount
} seL4_ObjectType;

typedef seL4_ObjectType seL4_ArchObjectType;
#define seL4_NonArchObjectTypeCount seL4_X86_PDPTObject
#define seL4_X86_PML4Object seL4_X64_PML4Object
#define seL4_X86_HugePageObject seL4_X64_HugePageObject
#define seL4_X86_PageObject seL4_X86_4K
#define seL4_ARCH_4KPage seL4_X86_4K
#define seL4_ARCH_LargePageObject seL4_X86_LargePageObject
#define seL4_ARCH_PageTableObject seL4_X86_PageTableObject
#define seL4_ARCH_PageDirectoryObject seL4_X86_PageDirectoryObject
#define seL4_ARCH_VSpaceObject seL4_X64_PML4Object

/*
 * sel4/arch/invocations.h - stubs for the x86_64 objects: paging structures
 * (PDPT, page directory, page table, frames), ASID control and pools, I/O
 * ports, and the IOAPIC/MSI flavours of IRQControl.  Same marshalling and
 * error conventions as sel4/invocations.h.
 *
 * Calls that return a value besides the error return a small struct with
 * .error and the value, as seL4's generated stubs do.
 */
#pragma once

#include <sel4/invocations.h>

typedef struct seL4_X86_Page_GetAddress {
    int error;
    seL4_Word paddr;
} seL4_X86_Page_GetAddress_t;

typedef struct seL4_X86_IOPort_In8 {
    int error;
    seL4_Uint8 result;
} seL4_X86_IOPort_In8_t;

typedef struct seL4_X86_IOPort_In16 {
    int error;
    seL4_Uint16 result;
} seL4_X86_IOPort_In16_t;

typedef struct seL4_X86_IOPort_In32 {
    int error;
    seL4_Uint32 result;
} seL4_X86_IOPort_In32_t;

/* ------------------------------------------------------ paging structures */

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_PDPT_Map(seL4_X86_PDPT service, seL4_X64_PML4 pml4,
                                           seL4_Word vaddr, seL4_X86_VMAttributes attr)
{
    seL4_Word mr[LIBSEL4_MRS] = { vaddr, attr };

    return libsel4_invoke1(service, X86PDPTMap, 2, mr, pml4);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_PDPT_Unmap(seL4_X86_PDPT service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, X86PDPTUnmap, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_PageDirectory_Map(seL4_X86_PageDirectory service,
                                                    seL4_CPtr vspace, seL4_Word vaddr,
                                                    seL4_X86_VMAttributes attr)
{
    seL4_Word mr[LIBSEL4_MRS] = { vaddr, attr };

    return libsel4_invoke1(service, X86PageDirectoryMap, 2, mr, vspace);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_PageDirectory_Unmap(seL4_X86_PageDirectory service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, X86PageDirectoryUnmap, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_PageTable_Map(seL4_X86_PageTable service,
                                                seL4_CPtr vspace, seL4_Word vaddr,
                                                seL4_X86_VMAttributes attr)
{
    seL4_Word mr[LIBSEL4_MRS] = { vaddr, attr };

    return libsel4_invoke1(service, X86PageTableMap, 2, mr, vspace);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_PageTable_Unmap(seL4_X86_PageTable service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, X86PageTableUnmap, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_Page_Map(seL4_X86_Page service, seL4_CPtr vspace,
                                           seL4_Word vaddr, seL4_CapRights_t rights,
                                           seL4_X86_VMAttributes attr)
{
    seL4_Word mr[LIBSEL4_MRS] = { vaddr, rights.words[0], attr };

    return libsel4_invoke1(service, X86PageMap, 3, mr, vspace);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_Page_Unmap(seL4_X86_Page service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke0(service, X86PageUnmap, 0, mr);
}

CAPLAB_LIBSEL4_STUB seL4_X86_Page_GetAddress_t seL4_X86_Page_GetAddress(seL4_X86_Page service)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };
    seL4_X86_Page_GetAddress_t res;

    res.error = libsel4_invoke0(service, X86PageGetAddress, 0, mr);
    res.paddr = res.error == seL4_NoError ? mr[0] : 0;
    return res;
}

/* ------------------------------------------------------------------- ASIDs */

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_ASIDControl_MakePool(seL4_X86_ASIDControl service,
                                                       seL4_Untyped untyped,
                                                       seL4_CNode root, seL4_Word index,
                                                       seL4_Uint8 depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { index, depth };
    seL4_CPtr caps[2] = { untyped, root };

    return libsel4_invoke(service, X86ASIDControlMakePool, 2, mr, 2, caps);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_ASIDPool_Assign(seL4_X86_ASIDPool service,
                                                  seL4_CPtr vspace)
{
    seL4_Word mr[LIBSEL4_MRS] = { 0 };

    return libsel4_invoke1(service, X86ASIDPoolAssign, 0, mr, vspace);
}

/* ---------------------------------------------------------------- I/O ports */

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_IOPortControl_Issue(seL4_X86_IOPortControl service,
                                                      seL4_Word first_port,
                                                      seL4_Word last_port,
                                                      seL4_CNode root, seL4_Word index,
                                                      seL4_Uint8 depth)
{
    seL4_Word mr[LIBSEL4_MRS] = { first_port, last_port, index, depth };

    return libsel4_invoke1(service, X86IOPortControlIssue, 4, mr, root);
}

/* One In call: the value read comes back in MR0. */
CAPLAB_LIBSEL4_STUB int libsel4_ioport_in(seL4_X86_IOPort service, seL4_Word label,
                                    seL4_Uint16 port, seL4_Word *value)
{
    seL4_Word mr[LIBSEL4_MRS] = { port };
    int err = libsel4_invoke0(service, label, 1, mr);

    *value = err == seL4_NoError ? mr[0] : 0;
    return err;
}

CAPLAB_LIBSEL4_STUB seL4_X86_IOPort_In8_t seL4_X86_IOPort_In8(seL4_X86_IOPort service,
                                                        seL4_Uint16 port)
{
    seL4_X86_IOPort_In8_t res;
    seL4_Word v;

    res.error = libsel4_ioport_in(service, X86IOPortIn8, port, &v);
    res.result = (seL4_Uint8)v;
    return res;
}

CAPLAB_LIBSEL4_STUB seL4_X86_IOPort_In16_t seL4_X86_IOPort_In16(seL4_X86_IOPort service,
                                                          seL4_Uint16 port)
{
    seL4_X86_IOPort_In16_t res;
    seL4_Word v;

    res.error = libsel4_ioport_in(service, X86IOPortIn16, port, &v);
    res.result = (seL4_Uint16)v;
    return res;
}

CAPLAB_LIBSEL4_STUB seL4_X86_IOPort_In32_t seL4_X86_IOPort_In32(seL4_X86_IOPort service,
                                                          seL4_Uint16 port)
{
    seL4_X86_IOPort_In32_t res;
    seL4_Word v;

    res.error = libsel4_ioport_in(service, X86IOPortIn32, port, &v);
    res.result = (seL4_Uint32)v;
    return res;
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_IOPort_Out8(seL4_X86_IOPort service, seL4_Word port,
                                              seL4_Word data)
{
    seL4_Word mr[LIBSEL4_MRS] = { port, data };

    return libsel4_invoke0(service, X86IOPortOut8, 2, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_IOPort_Out16(seL4_X86_IOPort service, seL4_Word port,
                                               seL4_Word data)
{
    seL4_Word mr[LIBSEL4_MRS] = { port, data };

    return libsel4_invoke0(service, X86IOPortOut16, 2, mr);
}

CAPLAB_LIBSEL4_STUB seL4_Error seL4_X86_IOPort_Out32(seL4_X86_IOPort service, seL4_Word port,
                                               seL4_Word data)
{
    seL4_Word mr[LIBSEL4_MRS] = { port, data };

    return libsel4_invoke0(service, X86IOPortOut32, 2, mr);
}

/* ------------------------------------------------- IRQs via IOAPIC and MSI */

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_IRQControl_GetIOAPIC(seL4_IRQControl service, seL4_CNode root, seL4_Word index,
                          seL4_Uint8 depth, seL4_Word ioapic, seL4_Word pin,
                          seL4_Word level, seL4_Word polarity, seL4_Word vector)
{
    seL4_Word mr[LIBSEL4_MRS] = { index, depth, ioapic, pin, level, polarity, vector };

    return libsel4_invoke1(service, X86IRQIssueIRQHandlerIOAPIC, 7, mr, root);
}

CAPLAB_LIBSEL4_STUB seL4_Error
seL4_IRQControl_GetMSI(seL4_IRQControl service, seL4_CNode root, seL4_Word index,
                       seL4_Uint8 depth, seL4_Word pci_bus, seL4_Word pci_dev,
                       seL4_Word pci_func, seL4_Word handle, seL4_Word vector)
{
    seL4_Word mr[LIBSEL4_MRS] = { index, depth, pci_bus, pci_dev, pci_func, handle,
                                  vector };

    return libsel4_invoke1(service, X86IRQIssueIRQHandlerMSI, 7, mr, root);
}

/*
 * simple/arch/simple.h - the x86 part of simple: I/O port caps and IRQ
 * handler caps (legacy IRQ number, I/O APIC pin, or MSI), each hook taking
 * the destination slot as (root, index, depth).  Names and signatures are
 * seL4_libs'.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <utils/zf_log.h>
#include <simple/cspacepath.h>

/* Issue an I/O port cap for [start_port, end_port] into (root, dest, depth). */
typedef seL4_Error (*arch_simple_get_IOPort_cap_fn)(void *data, uint16_t start_port,
                                                    uint16_t end_port, seL4_Word root,
                                                    seL4_Word dest, seL4_Word depth);

/* An IRQ handler cap for an MSI. */
typedef seL4_Error (*arch_simple_get_msi_fn)(void *data, seL4_CNode root, seL4_Word index,
                                             uint8_t depth, seL4_Word pci_bus,
                                             seL4_Word pci_dev, seL4_Word pci_func,
                                             seL4_Word handle, seL4_Word vector);

/* An IRQ handler cap for an I/O APIC pin. */
typedef seL4_Error (*arch_simple_get_ioapic_fn)(void *data, seL4_CNode root, seL4_Word index,
                                                uint8_t depth, seL4_Word ioapic, seL4_Word pin,
                                                seL4_Word level, seL4_Word polarity,
                                                seL4_Word vector);

/* An IRQ handler cap for an IRQ number. */
typedef seL4_Error (*arch_simple_get_IRQ_handler_fn)(void *data, int irq, seL4_CNode cnode,
                                                     seL4_Word index, uint8_t depth);

typedef struct arch_simple {
    void *data;
    arch_simple_get_IOPort_cap_fn IOPort_cap;
    arch_simple_get_msi_fn msi;
    arch_simple_get_IRQ_handler_fn irq;
    arch_simple_get_ioapic_fn ioapic;
} arch_simple_t;

static inline seL4_Error arch_simple_get_IOPort_cap(arch_simple_t *arch_simple,
                                                    uint16_t start_port, uint16_t end_port,
                                                    seL4_Word root, seL4_Word dest,
                                                    seL4_Word depth)
{
    if (arch_simple == NULL) {
        ZF_LOGE("Arch-simple is NULL");
        return seL4_InvalidArgument;
    }
    if (arch_simple->IOPort_cap == NULL) {
        ZF_LOGE("%s not implemented", __func__);
        return seL4_InvalidArgument;
    }
    return arch_simple->IOPort_cap(arch_simple->data, start_port, end_port, root, dest, depth);
}

static inline seL4_Error arch_simple_get_msi(arch_simple_t *arch_simple, cspacepath_t path,
                                             seL4_Word pci_bus, seL4_Word pci_dev,
                                             seL4_Word pci_func, seL4_Word handle,
                                             seL4_Word vector)
{
    if (arch_simple == NULL) {
        ZF_LOGE("Arch-simple is NULL");
        return seL4_InvalidArgument;
    }
    if (arch_simple->msi == NULL) {
        ZF_LOGE("%s not implemented", __func__);
        return seL4_InvalidArgument;
    }
    return arch_simple->msi(arch_simple->data, path.root, path.capPtr, (uint8_t)path.capDepth,
                            pci_bus, pci_dev, pci_func, handle, vector);
}

static inline seL4_Error arch_simple_get_ioapic(arch_simple_t *arch_simple, cspacepath_t path,
                                                seL4_Word ioapic, seL4_Word pin,
                                                seL4_Word level, seL4_Word polarity,
                                                seL4_Word vector)
{
    if (arch_simple == NULL) {
        ZF_LOGE("Arch-simple is NULL");
        return seL4_InvalidArgument;
    }
    if (arch_simple->ioapic == NULL) {
        ZF_LOGE("%s not implemented", __func__);
        return seL4_InvalidArgument;
    }
    return arch_simple->ioapic(arch_simple->data, path.root, path.capPtr,
                               (uint8_t)path.capDepth, ioapic, pin, level, polarity, vector);
}

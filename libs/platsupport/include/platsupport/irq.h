/*
 * platsupport/irq.h - the interrupt interface handed to drivers
 * (util_libs): a driver describes its interrupt (ps_irq_t) and registers it
 * with a callback; when the interrupt arrives the interface calls back
 * with a function the driver calls to acknowledge it.  IDs are >= 0;
 * errors are negative errno values.
 */
#pragma once

#include <stdint.h>
#include <inttypes.h>
#include <errno.h>

#define PS_INVALID_IRQ_ID -1

typedef enum irq_type {
    PS_NONE,
    PS_MSI,
    PS_IOAPIC,
    PS_INTERRUPT,
    PS_TRIGGER,
    PS_PER_CPU,
    PS_OTHER,
} irq_type_t;

typedef enum irq_trigger_type {
    PS_LEVEL_TRIGGERED,
    PS_EDGE_TRIGGERED,
} irq_trigger_type_t;

/* Where an interrupt comes from; which member counts depends on type. */
typedef struct {
    irq_type_t type;
    union {
        struct { long ioapic, pin, level, polarity, vector; } ioapic;
        struct { long pci_bus, pci_dev, pci_func, handle, vector; } msi;
        struct { long number; } irq;
        struct { long number, trigger; } trigger;
        struct { long number, trigger, cpu_idx; } cpu;
        void *other;
    };
} ps_irq_t;

typedef int irq_id_t;

/* Acknowledge the interrupt a callback was called for (once). */
typedef int (*ps_irq_acknowledge_fn_t)(void *ack_data);
typedef void (*irq_callback_fn_t)(void *data, ps_irq_acknowledge_fn_t acknowledge_fn,
                                  void *ack_data);
typedef irq_id_t (*ps_irq_register_fn_t)(void *cookie, ps_irq_t irq, irq_callback_fn_t callback,
                                         void *callback_data);
typedef int (*ps_irq_unregister_fn_t)(void *cookie, irq_id_t irq_id);

typedef struct {
    void *cookie;
    ps_irq_register_fn_t irq_register_fn;
    ps_irq_unregister_fn_t irq_unregister_fn;
} ps_irq_ops_t;

static inline irq_id_t ps_irq_register(ps_irq_ops_t *irq_ops, ps_irq_t irq,
                                       irq_callback_fn_t callback, void *callback_data)
{
    if (!irq_ops || !irq_ops->cookie)
        return -EINVAL;
    if (!irq_ops->irq_register_fn)
        return -ENOSYS;
    return irq_ops->irq_register_fn(irq_ops->cookie, irq, callback, callback_data);
}

static inline int ps_irq_unregister(ps_irq_ops_t *irq_ops, irq_id_t irq_id)
{
    if (!irq_ops || !irq_ops->cookie)
        return -EINVAL;
    if (!irq_ops->irq_unregister_fn)
        return -ENOSYS;
    return irq_ops->irq_unregister_fn(irq_ops->cookie, irq_id);
}

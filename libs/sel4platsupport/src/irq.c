/*
 * irq.c - the mini IRQ interface (sel4platsupport/irq.h): interrupts
 * registered by drivers, each with an IRQ handler cap and a copy of the
 * one notification badged with its own bit.
 *
 * Registering issues the handler cap from IRQControl according to the
 * ps_irq_t, mints the badged notification, sets it on the handler and
 * acknowledges the line once so that it is open whatever happened before.
 * sel4platsupport_irq_handle() calls back each interrupt whose bit is in
 * the badge; the callback's acknowledge function does IRQHandler_Ack.
 */
#include <stdlib.h>
#include <string.h>
#include <sel4platsupport/irq.h>
#include <vka/capops.h>

typedef struct {
    bool used;
    seL4_Word badge;                 /* one bit of usable_mask */
    irq_callback_fn_t callback;
    void *callback_data;
    sel4ps_irq_t caps;               /* the handler and the badged notification */
} mini_irq_t;

typedef struct {
    vka_t *vka;
    simple_t *simple;
    ps_malloc_ops_t *malloc_ops;
    seL4_CPtr ntfn;
    seL4_Word usable_mask;
    mini_irq_t irqs[MAX_INTERRUPTS_TO_NOTIFICATIONS];
} mini_irq_ops_t;

static seL4_Word free_badge_bit(mini_irq_ops_t *ops)
{
    seL4_Word taken = 0;
    for (unsigned i = 0; i < ARRAY_SIZE(ops->irqs); i++)
        if (ops->irqs[i].used)
            taken |= ops->irqs[i].badge;
    seL4_Word free_bits = ops->usable_mask & ~taken;
    return free_bits & -free_bits;   /* the lowest, or 0 */
}

/* Issue the handler cap the ps_irq_t describes into path. */
static seL4_Error issue_handler(mini_irq_ops_t *ops, ps_irq_t irq, cspacepath_t *path)
{
    seL4_IRQControl control = simple_get_irq_ctrl(ops->simple);
    switch (irq.type) {
    case PS_IOAPIC:
        return seL4_IRQControl_GetIOAPIC(control, path->root, path->capPtr, path->capDepth,
                                         irq.ioapic.ioapic, irq.ioapic.pin, irq.ioapic.level,
                                         irq.ioapic.polarity, irq.ioapic.vector);
    case PS_MSI:
        return seL4_IRQControl_GetMSI(control, path->root, path->capPtr, path->capDepth,
                                      irq.msi.pci_bus, irq.msi.pci_dev, irq.msi.pci_func,
                                      irq.msi.handle, irq.msi.vector);
    case PS_INTERRUPT:
        return seL4_IRQControl_Get(control, irq.irq.number, path->root, path->capPtr,
                                   path->capDepth);
    default:
        return seL4_InvalidArgument;
    }
}

static void free_slot(mini_irq_ops_t *ops, cspacepath_t *path)
{
    vka_cnode_delete(path);
    vka_cspace_free(ops->vka, path->capPtr);
}

/* Handler cap, badged notification, pairing; 0 or an seL4 error. */
static int bind_irq(mini_irq_ops_t *ops, mini_irq_t *m, ps_irq_t irq)
{
    cspacepath_t ntfn;
    int error;
    if (vka_cspace_alloc_path(ops->vka, &m->caps.handler_path))
        return seL4_NotEnoughMemory;
    if ((error = issue_handler(ops, irq, &m->caps.handler_path))) {
        vka_cspace_free(ops->vka, m->caps.handler_path.capPtr);
        return error;
    }
    vka_cspace_make_path(ops->vka, ops->ntfn, &ntfn);
    error = vka_cspace_alloc_path(ops->vka, &m->caps.badged_ntfn_path);
    if (error) {
        free_slot(ops, &m->caps.handler_path);
        return seL4_NotEnoughMemory;
    }
    error = vka_cnode_mint(&m->caps.badged_ntfn_path, &ntfn, seL4_AllRights, m->badge);
    if (!error)
        error = seL4_IRQHandler_SetNotification(m->caps.handler_path.capPtr,
                                                m->caps.badged_ntfn_path.capPtr);
    if (!error)
        error = seL4_IRQHandler_Ack(m->caps.handler_path.capPtr);
    if (error) {
        free_slot(ops, &m->caps.badged_ntfn_path);
        free_slot(ops, &m->caps.handler_path);
    }
    return error;
}

static irq_id_t mini_register(void *cookie, ps_irq_t irq, irq_callback_fn_t callback,
                              void *callback_data)
{
    mini_irq_ops_t *ops = cookie;
    if (callback == NULL)
        return -EINVAL;
    seL4_Word badge = free_badge_bit(ops);
    for (irq_id_t id = 0; badge && id < (irq_id_t)ARRAY_SIZE(ops->irqs); id++) {
        mini_irq_t *m = &ops->irqs[id];
        if (m->used)
            continue;
        *m = (mini_irq_t){ .badge = badge, .callback = callback, .callback_data = callback_data };
        m->caps.irq = irq;
        if (bind_irq(ops, m, irq)) {
            ZF_LOGE("Failed to get an IRQ handler for this interrupt");
            return -EIO;
        }
        m->used = true;
        return id;
    }
    return -ENOMEM;
}

static int mini_unregister(void *cookie, irq_id_t irq_id)
{
    mini_irq_ops_t *ops = cookie;
    if (irq_id < 0 || irq_id >= (irq_id_t)ARRAY_SIZE(ops->irqs) || !ops->irqs[irq_id].used)
        return -EINVAL;
    mini_irq_t *m = &ops->irqs[irq_id];
    seL4_IRQHandler_Clear(m->caps.handler_path.capPtr);
    free_slot(ops, &m->caps.handler_path);
    free_slot(ops, &m->caps.badged_ntfn_path);
    memset(m, 0, sizeof(*m));
    return 0;
}

int sel4platsupport_new_mini_irq_ops(ps_irq_ops_t *irq_ops, vka_t *vka, simple_t *simple,
                                     ps_malloc_ops_t *malloc_ops, seL4_CPtr ntfn,
                                     seL4_Word usable_mask)
{
    mini_irq_ops_t *ops;
    if (!irq_ops || !vka || !simple || !malloc_ops || ntfn == seL4_CapNull || usable_mask == 0)
        return EINVAL;
    int error = ps_calloc(malloc_ops, 1, sizeof(*ops), (void **)&ops);
    if (error)
        return error;
    *ops = (mini_irq_ops_t){ .vka = vka, .simple = simple, .malloc_ops = malloc_ops,
                             .ntfn = ntfn, .usable_mask = usable_mask };
    *irq_ops = (ps_irq_ops_t){ .cookie = ops, .irq_register_fn = mini_register,
                               .irq_unregister_fn = mini_unregister };
    return 0;
}

static int ack_irq(void *ack_data)
{
    mini_irq_t *m = ack_data;
    return seL4_IRQHandler_Ack(m->caps.handler_path.capPtr) ? EIO : 0;
}

/* The interface behind irq_ops, if it is a mini one for ntfn_id. */
static mini_irq_ops_t *mini_of(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id)
{
    if (irq_ops == NULL || irq_ops->cookie == NULL || irq_ops->irq_register_fn != mini_register ||
        ntfn_id != MINI_IRQ_INTERFACE_NTFN_ID)
        return NULL;
    return irq_ops->cookie;
}

/* Call back every interrupt in mask; the bits that matched none stay. */
static seL4_Word handle_bits(mini_irq_ops_t *ops, seL4_Word mask)
{
    for (unsigned i = 0; i < ARRAY_SIZE(ops->irqs); i++) {
        mini_irq_t *m = &ops->irqs[i];
        if (m->used && (mask & m->badge)) {
            mask &= ~m->badge;
            m->callback(m->callback_data, ack_irq, m);
        }
    }
    return mask;
}

int sel4platsupport_irq_handle(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id, seL4_Word handle_mask)
{
    mini_irq_ops_t *ops = mini_of(irq_ops, ntfn_id);
    if (ops == NULL)
        return -EINVAL;
    handle_bits(ops, handle_mask & ops->usable_mask);
    return 0;
}

static int wait_or_poll(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id, seL4_Word mask,
                        seL4_Word *ret_leftover_bits, bool block)
{
    mini_irq_ops_t *ops = mini_of(irq_ops, ntfn_id);
    seL4_Word badge = 0;
    if (ops == NULL)
        return -EINVAL;
    if (block)
        seL4_Wait(ops->ntfn, &badge);
    else
        seL4_Poll(ops->ntfn, &badge);
    seL4_Word left = handle_bits(ops, badge & mask & ops->usable_mask);
    if (ret_leftover_bits)
        *ret_leftover_bits = left | (badge & ~(mask & ops->usable_mask));
    return 0;
}

int sel4platsupport_irq_wait(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id, seL4_Word wait_mask,
                             seL4_Word *ret_leftover_bits)
{
    return wait_or_poll(irq_ops, ntfn_id, wait_mask, ret_leftover_bits, true);
}

int sel4platsupport_irq_poll(ps_irq_ops_t *irq_ops, ntfn_id_t ntfn_id, seL4_Word poll_mask,
                             seL4_Word *ret_leftover_bits)
{
    return wait_or_poll(irq_ops, ntfn_id, poll_mask, ret_leftover_bits, false);
}

/*
 * arch_io.c - x86 I/O port ops over IOPort caps, and the arch part of
 * ps_io_ops_t.
 *
 * The cookie keeps every port cap issued so far.  An access uses a kept
 * cap that covers all its bytes, or issues one for exactly those bytes
 * (IOPortControl_Issue refuses ranges that overlap a cap already issued,
 * so a driver should use each port with one width).
 */
#include <stdlib.h>
#include <sel4platsupport/io.h>
#include <sel4platsupport/arch/io.h>

#define MAX_PORT_CAPS 32

typedef struct {
    simple_t *simple;
    vka_t *vka;
    unsigned count;
    struct { uint32_t first, last; seL4_CPtr cap; } caps[MAX_PORT_CAPS];
} io_port_cookie_t;

/* A cap covering [first, last], issued if need be; 0 if none can be had. */
static seL4_CPtr port_cap(io_port_cookie_t *io, uint32_t first, uint32_t last)
{
    for (unsigned i = 0; i < io->count; i++)
        if (io->caps[i].first <= first && last <= io->caps[i].last)
            return io->caps[i].cap;
    if (io->count == MAX_PORT_CAPS)
        return 0;
    cspacepath_t path;
    if (vka_cspace_alloc_path(io->vka, &path))
        return 0;
    seL4_CPtr control = simple_get_init_cap(io->simple, seL4_CapIOPortControl);
    if (seL4_X86_IOPortControl_Issue(control, first, last, path.root, path.capPtr,
                                     path.capDepth) != seL4_NoError) {
        ZF_LOGE("No I/O port cap for ports 0x%x-0x%x", first, last);
        vka_cspace_free(io->vka, path.capPtr);
        return 0;
    }
    io->caps[io->count].first = first;
    io->caps[io->count].last = last;
    io->caps[io->count].cap = path.capPtr;
    return io->caps[io->count++].cap;
}

static bool valid_size(int io_size)
{
    return io_size == 1 || io_size == 2 || io_size == 4;
}

static int port_in(void *cookie, uint32_t port, int io_size, uint32_t *result)
{
    if (!valid_size(io_size))
        return EINVAL;
    seL4_CPtr cap = port_cap(cookie, port, port + io_size - 1);
    seL4_X86_IOPort_In8_t r8;
    seL4_X86_IOPort_In16_t r16;
    seL4_X86_IOPort_In32_t r32;
    if (cap == 0 || result == NULL)
        return EIO;
    switch (io_size) {
    case 1: r8 = seL4_X86_IOPort_In8(cap, port); *result = r8.result; return r8.error ? EIO : 0;
    case 2: r16 = seL4_X86_IOPort_In16(cap, port); *result = r16.result; return r16.error ? EIO : 0;
    case 4: r32 = seL4_X86_IOPort_In32(cap, port); *result = r32.result; return r32.error ? EIO : 0;
    default: return EINVAL;
    }
}

static int port_out(void *cookie, uint32_t port, int io_size, uint32_t val)
{
    if (!valid_size(io_size))
        return EINVAL;
    seL4_CPtr cap = port_cap(cookie, port, port + io_size - 1);
    seL4_Error error;
    if (cap == 0)
        return EIO;
    switch (io_size) {
    case 1: error = seL4_X86_IOPort_Out8(cap, port, val); break;
    case 2: error = seL4_X86_IOPort_Out16(cap, port, val); break;
    case 4: error = seL4_X86_IOPort_Out32(cap, port, val); break;
    default: return EINVAL;
    }
    return error ? EIO : 0;
}

int sel4platsupport_get_io_port_ops(ps_io_port_ops_t *ops, simple_t *simple, vka_t *vka)
{
    if (ops == NULL || simple == NULL || vka == NULL)
        return EINVAL;
    io_port_cookie_t *io = calloc(1, sizeof(*io));
    if (io == NULL)
        return ENOMEM;
    io->simple = simple;
    io->vka = vka;
    *ops = (ps_io_port_ops_t){ .cookie = io, .io_port_in_fn = port_in, .io_port_out_fn = port_out };
    return 0;
}

int sel4platsupport_new_arch_ops(ps_io_ops_t *ops, simple_t *simple, vka_t *vka)
{
    if (ops == NULL)
        return EINVAL;
    return sel4platsupport_get_io_port_ops(&ops->io_port_ops, simple, vka);
}

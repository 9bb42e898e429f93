/*
 * tls.c - laying out thread-local storage (x86_64 TLS variant II).
 *
 * The linker fixes every __thread variable at a constant negative offset
 * from the thread pointer TP (FS_BASE):
 *
 *     TP - round_up(tls_size, tls_align)      TP
 *     | .tdata copy | .tbss zeroes | padding | control block ...
 *                                            ^ first word = TP itself
 *
 * where tls_size runs from __tdata_start to __tbss_end and tls_align is
 * the TLS segment's alignment (both from libs/user.ld).  The compiler
 * reads %fs:0 to learn TP, hence the self-pointer.  TP itself must be
 * aligned to tls_align so every variable lands on its alignment.
 *
 * Since the offset of a variable from TP is the same in every thread, the
 * caller's own TLS tells where another thread's copy of a variable is.
 */
#include <string.h>
#include <sel4runtime.h>

extern char __tdata_start[], __tdata_end[], __tbss_start[], __tbss_end[];
extern char __tls_align[];            /* absolute: the address is the value */

/* Room after TP: the self-pointer, and zeroes where other TCB fields would
 * be (gcc's stack protector reads %fs:0x28; we build without it). */
#define TCB_BYTES 64u
#define MIN_ALIGN 16u

static uintptr_t round_up(uintptr_t v, uintptr_t align)
{
    return (v + align - 1) & ~(align - 1);
}

static uintptr_t tls_align(void)
{
    uintptr_t a = (uintptr_t)__tls_align;

    return a == 0 ? 1 : a;
}

/* Bytes from the start of the TLS block to TP. */
static uintptr_t block_bytes(void)
{
    return round_up((uintptr_t)(__tbss_end - __tdata_start), tls_align());
}

static uintptr_t tp_align(void)
{
    return tls_align() > MIN_ALIGN ? tls_align() : MIN_ALIGN;
}

size_t sel4runtime_get_tls_size(void)
{
    return block_bytes() + TCB_BYTES + tp_align() - 1;
}

size_t sel4runtime_get_tp_offset(void)
{
    return block_bytes();
}

uintptr_t sel4runtime_write_tls_image(void *tls_memory)
{
    uintptr_t tp;
    unsigned char *block;
    size_t data = (size_t)(__tdata_end - __tdata_start);

    if (tls_memory == NULL)
        return 0;
    tp = round_up((uintptr_t)tls_memory + block_bytes(), tp_align());
    block = (unsigned char *)(tp - block_bytes());

    memcpy(block, __tdata_start, data);
    memset(block + data, 0, block_bytes() - data + TCB_BYTES);
    *(uintptr_t *)tp = tp;
    return tp;
}

/* Offset of a caller's TLS address below its TP, if it is in the block. */
static int offset_below_tp(const unsigned char *local, size_t bytes, uintptr_t *below)
{
    uintptr_t tp = sel4runtime_get_tls_base();
    uintptr_t addr = (uintptr_t)local;

    if (addr > tp || tp - addr > block_bytes() || bytes > tp - addr)
        return -1;
    *below = tp - addr;
    return 0;
}

int __sel4runtime_write_tls_variable(uintptr_t dest_tls_base, unsigned char *local_tls_dest,
                                     unsigned char *src, size_t bytes)
{
    uintptr_t below;

    if (dest_tls_base == 0 || offset_below_tp(local_tls_dest, bytes, &below) != 0)
        return -1;
    memcpy((void *)(dest_tls_base - below), src, bytes);
    return 0;
}

int __sel4runtime_read_tls_variable(uintptr_t src_tls_base, unsigned char *local_tls_src,
                                    unsigned char *dest, size_t bytes)
{
    uintptr_t below;

    if (src_tls_base == 0 || offset_below_tp(local_tls_src, bytes, &below) != 0)
        return -1;
    memcpy(dest, (const void *)(src_tls_base - below), bytes);
    return 0;
}

/*
 * ktest.c - the harness behind ktest.h: check lines and their count, a
 * slot and object allocator over the root CNode, fresh virtual pages, and
 * threads sharing the root task's spaces.
 *
 * The allocator is deliberately simple: slots are never reused and the
 * pool untyped only grows its watermark, so every test gets objects and
 * slots nobody else touched.  Setup failures are not checks; they end the
 * program with one "not ok" line naming what could not be set up, so the
 * runner sees a missing summary rather than a misleading pass.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sel4runtime.h>
#include <sel4platsupport/bootinfo.h>
#include "ktest.h"

seL4_BootInfo *kt_bi;

static int checks_passed, checks_failed;
static seL4_CPtr next_slot;
static seL4_CPtr pool_untyped;        /* the biggest RAM untyped: the harness's */
static seL4_Word next_vaddr = 0x100000000ull;   /* 4 GiB: PDPT entry 4 onwards */

/* ---------------------------------------------------------------- checks */

static const char *const error_names[] = {
    "seL4_NoError", "seL4_InvalidArgument", "seL4_InvalidCapability",
    "seL4_IllegalOperation", "seL4_RangeError", "seL4_AlignmentError",
    "seL4_FailedLookup", "seL4_TruncatedMessage", "seL4_DeleteFirst",
    "seL4_RevokeFirst", "seL4_NotEnoughMemory",
};

const char *kt_error_name(seL4_Word err)
{
    static char other[32];

    if (err < sizeof(error_names) / sizeof(error_names[0]))
        return error_names[err];
    snprintf(other, sizeof(other), "error %lu", (unsigned long)err);
    return other;
}

/* Words print in decimal when small, in hex when they look like addresses. */
static int format_word(char *buf, size_t n, seL4_Word v)
{
    if (v <= 0xffff)
        return snprintf(buf, n, "%lu", (unsigned long)v);
    return snprintf(buf, n, "0x%lx", (unsigned long)v);
}

/* One check line; `detail` is "<expected> vs <actual>", used on failure. */
static bool report(bool passed, const char *detail, const char *fmt, va_list ap)
{
    char what[200];
    int n = checks_passed + checks_failed + 1;

    vsnprintf(what, sizeof(what), fmt, ap);
    if (passed) {
        checks_passed++;
        printf("ok %d - %s\n", n, what);
    } else {
        checks_failed++;
        printf("not ok %d - %s: %s\n", n, what, detail);
    }
    return passed;
}

bool kt_true(bool cond, const char *fmt, ...)
{
    va_list ap;
    bool r;

    va_start(ap, fmt);
    r = report(cond, "true vs false", fmt, ap);
    va_end(ap);
    return r;
}

bool kt_word(seL4_Word expected, seL4_Word actual, const char *fmt, ...)
{
    char detail[80], e[32], a[32];
    va_list ap;
    bool r;

    format_word(e, sizeof(e), expected);
    format_word(a, sizeof(a), actual);
    snprintf(detail, sizeof(detail), "%s vs %s", e, a);
    va_start(ap, fmt);
    r = report(expected == actual, detail, fmt, ap);
    va_end(ap);
    return r;
}

bool kt_error(seL4_Error expected, seL4_Error actual, const char *fmt, ...)
{
    char detail[80];
    va_list ap;
    bool r;

    snprintf(detail, sizeof(detail), "%s vs ", kt_error_name(expected));
    strncat(detail, kt_error_name(actual), sizeof(detail) - strlen(detail) - 1);
    va_start(ap, fmt);
    r = report(expected == actual, detail, fmt, ap);
    va_end(ap);
    return r;
}

/* "name [a, b, c]" into buf. */
static void format_error_mrs(char *buf, size_t size, seL4_Word err, int n,
                             const seL4_Word *mrs)
{
    size_t len;

    snprintf(buf, size, "%s [", kt_error_name(err));
    for (int i = 0; i < n; i++) {
        len = strlen(buf);
        if (i > 0 && len + 2 < size) {
            strcpy(buf + len, ", ");
            len += 2;
        }
        format_word(buf + len, size - len, mrs[i]);
    }
    len = strlen(buf);
    if (len + 1 < size)
        strcpy(buf + len, "]");
}

bool kt_error_mrs(seL4_Error expected, seL4_Error actual, int n, const seL4_Word *mrs,
                  const char *fmt, ...)
{
    seL4_Word got[8];
    char detail[180], e[88], a[88];
    bool same = expected == actual;
    va_list ap;
    bool r;

    /* Snapshot first: nothing may touch the IPC buffer before this. */
    for (int i = 0; i < n && i < 8; i++) {
        got[i] = seL4_GetMR(i);
        same = same && got[i] == mrs[i];
    }
    format_error_mrs(e, sizeof(e), expected, n, mrs);
    format_error_mrs(a, sizeof(a), actual, n, got);
    snprintf(detail, sizeof(detail), "%s vs %s", e, a);
    va_start(ap, fmt);
    r = report(same, detail, fmt, ap);
    va_end(ap);
    return r;
}

void kt_note(const char *fmt, ...)
{
    char line[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    printf("# %s\n", line);
}

_Noreturn void kt_bail(const char *what, seL4_Word err)
{
    checks_failed++;
    printf("not ok %d - setup: %s: success vs %s\n", checks_passed + checks_failed,
           what, kt_error_name(err));
    printf("# bailing out: the remaining checks cannot run\n");
    exit(kt_done());
}

int kt_done(void)
{
    printf("caplab-test: %d passed, %d failed\n", checks_passed, checks_failed);
    return checks_failed;
}

/* ------------------------------------------------------ slots and objects */

static seL4_Word untyped_count(void)
{
    return kt_bi->untyped.end - kt_bi->untyped.start;
}

/* The biggest RAM untyped becomes the pool; tests use the others freely. */
static void find_pool(void)
{
    unsigned best_bits = 0;

    for (seL4_Word i = 0; i < untyped_count(); i++) {
        const seL4_UntypedDesc *d = &kt_bi->untypedList[i];

        if (!d->isDevice && d->sizeBits > best_bits) {
            best_bits = d->sizeBits;
            pool_untyped = kt_bi->untyped.start + i;
        }
    }
    if (pool_untyped == 0)
        kt_bail("no RAM untyped in BootInfo", 0);
}

/*
 * The end of a test is the end of the machine: main()'s result goes to
 * exit(), which halts with that status, even while helper threads still
 * run.  (Returning from main alone stops only the root thread, as on seL4;
 * seL4's own test driver installs an exit callback in the same way.)
 */
static void kt_exit(int failures)
{
    exit(failures);
}

void kt_init(const char *suite)
{
    sel4runtime_set_exit(kt_exit);
    kt_bi = platsupport_get_bootinfo();
    if (kt_bi == NULL)
        kt_bail("platsupport_get_bootinfo returned NULL", 0);
    next_slot = kt_bi->empty.start;
    find_pool();
    kt_note("%s: kernel tests (slots from %lu, pool untyped at cptr %lu)", suite,
            (unsigned long)next_slot, (unsigned long)pool_untyped);
}

seL4_CPtr kt_slot(void)
{
    if (next_slot >= kt_bi->empty.end)
        kt_bail("out of free slots in the root CNode", 0);
    return next_slot++;
}

seL4_Word kt_object_bytes(seL4_Word type, seL4_Word size_bits)
{
    switch (type) {
    case seL4_UntypedObject:           return (seL4_Word)1 << size_bits;
    case seL4_TCBObject:               return 1ul << seL4_TCBBits;
    case seL4_EndpointObject:          return 1ul << seL4_EndpointBits;
    case seL4_NotificationObject:      return 1ul << seL4_NotificationBits;
    case seL4_CapTableObject:          return 1ul << (size_bits + seL4_SlotBits);
    case seL4_X64_HugePageObject:      return 1ul << seL4_HugePageBits;
    case seL4_X86_LargePageObject:     return 1ul << seL4_LargePageBits;
    default:                           return 1ul << seL4_PageBits;
    }
}

seL4_Word kt_object_tag(seL4_Word type)
{
    switch (type) {
    case seL4_UntypedObject:           return seL4_CapTag_Untyped;
    case seL4_TCBObject:               return seL4_CapTag_Thread;
    case seL4_EndpointObject:          return seL4_CapTag_Endpoint;
    case seL4_NotificationObject:      return seL4_CapTag_Notification;
    case seL4_CapTableObject:          return seL4_CapTag_CNode;
    case seL4_X86_PDPTObject:          return seL4_CapTag_PDPT;
    case seL4_X64_PML4Object:          return seL4_CapTag_PML4;
    case seL4_X86_PageTableObject:     return seL4_CapTag_PageTable;
    case seL4_X86_PageDirectoryObject: return seL4_CapTag_PageDirectory;
    default:                           return seL4_CapTag_Frame;
    }
}

seL4_CPtr kt_new(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = kt_slot();
    seL4_Error err = seL4_Untyped_Retype(pool_untyped, type, size_bits,
                                         seL4_CapInitThreadCNode, 0, 0, slot, 1);

    if (err != seL4_NoError)
        kt_bail("retype from the pool untyped", err);
    return slot;
}

seL4_CPtr kt_new_untyped(unsigned bits)
{
    return kt_new(seL4_UntypedObject, bits);
}

seL4_CPtr kt_pool_untyped(void)
{
    return pool_untyped;
}

seL4_CPtr kt_boot_untyped(bool device, unsigned min_bits, unsigned skip, unsigned *index)
{
    for (seL4_Word i = 0; i < untyped_count(); i++) {
        const seL4_UntypedDesc *d = &kt_bi->untypedList[i];
        seL4_CPtr cptr = kt_bi->untyped.start + i;

        if (cptr == pool_untyped || (bool)d->isDevice != device || d->sizeBits < min_bits)
            continue;
        if (skip-- > 0)
            continue;
        if (index != NULL)
            *index = (unsigned)i;
        return cptr;
    }
    return 0;
}

/* ------------------------------------------------------------------ vspace */

seL4_Word kt_vaddr_page(void)
{
    seL4_Word v = next_vaddr;

    next_vaddr += 1ul << seL4_PageBits;
    return v;
}

seL4_Word kt_vaddr_large(void)
{
    seL4_Word large = 1ul << seL4_LargePageBits;
    seL4_Word v = (next_vaddr + large - 1) & ~(large - 1);

    next_vaddr = v + large;
    return v;
}

/* Creates and maps the paging structure a failed frame map asked for. */
static seL4_Error add_level(seL4_Word level, seL4_Word vaddr)
{
    switch (level) {
    case SEL4_MAPPING_LOOKUP_NO_PDPT:
        return seL4_X86_PDPT_Map(kt_new(seL4_X86_PDPTObject, 0), seL4_CapInitThreadVSpace,
                                 vaddr, seL4_X86_Default_VMAttributes);
    case SEL4_MAPPING_LOOKUP_NO_PD:
        return seL4_X86_PageDirectory_Map(kt_new(seL4_X86_PageDirectoryObject, 0),
                                          seL4_CapInitThreadVSpace, vaddr,
                                          seL4_X86_Default_VMAttributes);
    case SEL4_MAPPING_LOOKUP_NO_PT:
        return seL4_X86_PageTable_Map(kt_new(seL4_X86_PageTableObject, 0),
                                      seL4_CapInitThreadVSpace, vaddr,
                                      seL4_X86_Default_VMAttributes);
    default:
        return seL4_InvalidArgument;
    }
}

seL4_Error kt_map(seL4_CPtr frame, seL4_Word vaddr, seL4_CapRights_t rights)
{
    for (int tries = 0; tries < 4; tries++) {
        seL4_Error err = seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, rights,
                                           seL4_X86_Default_VMAttributes);

        if (err != seL4_FailedLookup)
            return err;
        err = add_level(seL4_MappingFailedLookupLevel(), vaddr);
        if (err != seL4_NoError)
            kt_bail("mapping a paging structure", err);
    }
    return seL4_FailedLookup;
}

void *kt_new_page(seL4_CPtr *frame_out)
{
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0);
    seL4_Word vaddr = kt_vaddr_page();
    seL4_Error err = kt_map(frame, vaddr, seL4_ReadWrite);

    if (err != seL4_NoError)
        kt_bail("mapping a fresh page", err);
    if (frame_out != NULL)
        *frame_out = frame;
    return (void *)vaddr;
}

/* ----------------------------------------------------------------- threads */

#define TLS_ARENA_BYTES 16384
static unsigned char tls_arena[TLS_ARENA_BYTES] __attribute__((aligned(64)));
static size_t tls_used;

/* A TLS region for one more thread, from a static arena. */
static void *tls_region(void)
{
    size_t need = (sel4runtime_get_tls_size() + 63) & ~(size_t)63;
    void *p = &tls_arena[tls_used];

    if (tls_used + need > TLS_ARENA_BYTES)
        kt_bail("TLS arena exhausted", 0);
    tls_used += need;
    return p;
}

void kt_thread_create(struct kt_thread *t, seL4_CPtr fault_ep, seL4_Word prio,
                      void *stack, size_t stack_bytes)
{
    seL4_Error err;

    t->tcb = kt_new(seL4_TCBObject, 0);
    t->ipc = kt_new_page(&t->ipc_frame);
    t->stack_top = ((seL4_Word)stack + stack_bytes) & ~(seL4_Word)15;
    t->tls_base = sel4runtime_write_tls_image(tls_region());
    sel4runtime_set_tls_variable(t->tls_base, __sel4_ipc_buffer, t->ipc);

    err = seL4_TCB_Configure(t->tcb, fault_ep, seL4_CapInitThreadCNode, 0,
                             seL4_CapInitThreadVSpace, 0, (seL4_Word)t->ipc, t->ipc_frame);
    if (err != seL4_NoError)
        kt_bail("seL4_TCB_Configure of a new thread", err);
    err = seL4_TCB_SetPriority(t->tcb, seL4_CapInitThreadTCB, prio);
    if (err != seL4_NoError)
        kt_bail("seL4_TCB_SetPriority of a new thread", err);
}

seL4_Error kt_thread_start(struct kt_thread *t, kt_entry_t entry, seL4_Word arg)
{
    seL4_UserContext regs;
    seL4_Word rsp = t->stack_top - 8;
    seL4_Error err;

    /* As if entry had been called: a (zero) return address on the stack,
     * so a return faults at 0 instead of running off into the void. */
    *(seL4_Word *)rsp = 0;
    memset(&regs, 0, sizeof(regs));
    regs.rip = (seL4_Word)entry;
    regs.rsp = rsp;
    regs.rflags = 0x202;
    regs.rdi = arg;
    regs.fs_base = t->tls_base;
    err = seL4_TCB_WriteRegisters(t->tcb, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    if (err != seL4_NoError)
        return err;
    err = seL4_TCB_SetTLSBase(t->tcb, t->tls_base);
    if (err != seL4_NoError)
        return err;
    return seL4_TCB_Resume(t->tcb);
}

_Noreturn void kt_thread_stop(seL4_CPtr tcb)
{
    for (;;) {
        seL4_TCB_Suspend(tcb);
        seL4_Yield();
    }
}

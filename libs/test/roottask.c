/*
 * roottask.c - a root task that checks the user libraries on the real
 * kernel: printf, TLS, the IPC buffer, error details in the message
 * registers after a failed invocation, buffer-only message registers
 * (CNode_Mint's badge is MR5), notifications, the heap, constructors, and
 * (thread_ipc.c) a second thread talking to this one.
 *
 * Every check prints "libs-test: <name>: ok" or "libs-test: <name>: FAIL
 * ..."; the last line of main is "libs-test: done, <n> failed", and main
 * returns 3 (so the runner can tell a clean end from a crash).  Only the
 * root thread stops then: a last thread prints one more line, and the
 * machine halts (reason exit, status 3) once nothing can run.
 * run_roottask.py boots it and judges the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <sel4platsupport/bootinfo.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <utils/util.h>
#include <utils/zf_log.h>
#include "roottask.h"

int libs_test_failures;

/* volatile: the compiler must not fold these to their initial values. */
static volatile __thread int tls_initialised = 42;     /* .tdata */
static volatile __thread long tls_zeroed;              /* .tbss */
static volatile __thread char tls_aligned[64] __attribute__((aligned(64)));
static int constructor_ran;
static seL4_BootInfo *boot_info;

__attribute__((constructor)) static void set_constructor_flag(void)
{
    constructor_ran = 1;
}

int libs_test_tls_value(void)
{
    return tls_initialised;
}

seL4_IPCBuffer *libs_test_root_ipc_buffer(void)
{
    return boot_info->ipcBuffer;
}

seL4_CPtr libs_test_next_slot(struct libs_test_alloc *a)
{
    return a->next_slot++;
}

/* One object into the next free slot; seL4_CapNull (and a FAIL) on error. */
seL4_CPtr libs_test_retype(struct libs_test_alloc *a, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = libs_test_next_slot(a);
    seL4_Error err = seL4_Untyped_Retype(a->untyped, type, size_bits,
                                         seL4_CapInitThreadCNode, 0, 0, slot, 1);

    if (err != seL4_NoError) {
        LIBS_CHECK("retype", false, "type %lu: %s", (unsigned long)type, sel4_strerror(err));
        return seL4_CapNull;
    }
    return slot;
}

/* The largest RAM untyped: room for every object the checks make. */
static seL4_CPtr largest_untyped(simple_t *simple)
{
    seL4_CPtr best = seL4_CapNull;
    size_t best_bits = 0;

    for (int i = 0; i < simple_get_untyped_count(simple); i++) {
        size_t bits;
        bool device;
        seL4_CPtr ut = simple_get_nth_untyped(simple, i, &bits, NULL, &device);

        if (!device && bits > best_bits) {
            best = ut;
            best_bits = bits;
        }
    }
    return best;
}

static void check_printf(void)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "[%5d|%-4s|%04x|%p|%p]", -42, "ab", 0xbeefu,
             (void *)0x1000, NULL);
    LIBS_CHECK("snprintf", strcmp(buf, "[  -42|ab  |beef|0x0000000000001000|0000000000000000]") == 0, "got %s", buf);
}

static void check_tls(seL4_BootInfo *bi)
{
    uintptr_t tp = sel4runtime_get_tls_base();

    LIBS_CHECK("tls self pointer", tp != 0 && *(uintptr_t *)tp == tp, "tp %p", (void *)tp);
    LIBS_CHECK("tls .tdata", tls_initialised == 42, "value %d", tls_initialised);
    LIBS_CHECK("tls .tbss", tls_zeroed == 0, "value %ld", tls_zeroed);
    tls_aligned[0] = 1;
    LIBS_CHECK("tls alignment", ((uintptr_t)tls_aligned & 63) == 0 && tls_aligned[0] == 1,
               "at %p", (void *)tls_aligned);
    tls_initialised = 7;
    LIBS_CHECK("tls write", tls_initialised == 7, "value %d", tls_initialised);
    LIBS_CHECK("ipc buffer", seL4_GetIPCBuffer() == bi->ipcBuffer && bi->ipcBuffer != NULL,
               "tls %p bootinfo %p", (void *)seL4_GetIPCBuffer(), (void *)bi->ipcBuffer);
}

static void check_error_details(void)
{
    seL4_Error err;

    /* depth 0 is out of 1..64: RangeError with MR0 = 1, MR1 = 64 */
    err = seL4_CNode_Delete(seL4_CapInitThreadCNode, 100, 0);
    LIBS_CHECK("error code", err == seL4_RangeError, "err %d", (int)err);
    LIBS_CHECK("error MRs", seL4_GetMR(0) == 1 && seL4_GetMR(1) == 64,
               "MR0 %lu MR1 %lu", (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));

    err = seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 300);
    LIBS_CHECK("priority range", err == seL4_RangeError && seL4_GetMR(0) == 0 &&
               seL4_GetMR(1) == 255, "err %d MR0 %lu MR1 %lu", (int)err,
               (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));
}

/* Returns the notification's slot (sent to the second thread later). */
static seL4_CPtr check_notification(struct libs_test_alloc *a)
{
    seL4_CPtr ntfn = libs_test_retype(a, seL4_NotificationObject, 0);
    seL4_CPtr badged = libs_test_next_slot(a);
    seL4_Word badge = 0;
    seL4_Error err;

    LIBS_CHECK("cap identify", seL4_DebugCapIdentify(ntfn) == seL4_CapTag_Notification,
               "tag %u", seL4_DebugCapIdentify(ntfn));
    err = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits,
                          seL4_CapInitThreadCNode, ntfn, seL4_WordBits, seL4_AllRights, 0x50);
    LIBS_CHECK("mint", err == seL4_NoError, "err %d", (int)err);
    seL4_Signal(badged);
    seL4_Poll(ntfn, &badge);
    LIBS_CHECK("signal/poll badge", badge == 0x50, "badge %lx", (unsigned long)badge);
    badge = 1;
    seL4_Poll(ntfn, &badge);
    LIBS_CHECK("poll empty", badge == 0, "badge %lx", (unsigned long)badge);
    return ntfn;
}

static void check_heap(void)
{
    char *a = malloc(100), *b = calloc(10, 10), *c;

    LIBS_CHECK("malloc", a != NULL && b != NULL && ((uintptr_t)a & 15) == 0, "a %p b %p",
               (void *)a, (void *)b);
    memset(a, 'x', 100);
    c = realloc(a, 5000);
    LIBS_CHECK("realloc", c != NULL && c[99] == 'x' && b[50] == 0, "c %p", (void *)c);
    free(b);
    free(c);
}

int main(int argc, char *argv[])
{
    simple_t simple;
    struct libs_test_alloc alloc;
    seL4_CPtr ntfn;

    boot_info = platsupport_get_bootinfo();
    printf("libs-test: start (argc %d, argv[0] %s)\n", argc, argv[0]);
    LIBS_CHECK("bootinfo", boot_info != NULL, "none");
    if (boot_info == NULL)
        return 4;
    simple_default_init_bootinfo(&simple, boot_info);
    alloc = (struct libs_test_alloc){ boot_info->empty.start, largest_untyped(&simple) };
    LIBS_CHECK("untyped found", alloc.untyped != seL4_CapNull, "no untyped");

    LIBS_CHECK("constructor", constructor_ran == 1, "did not run");
    check_printf();
    check_tls(boot_info);
    check_error_details();
    ntfn = check_notification(&alloc);
    check_heap();
    LIBS_CHECK("cnode size", simple_get_cnode_size_bits(&simple) == 12, "%d",
               simple_get_cnode_size_bits(&simple));
    libs_test_thread_ipc(&alloc, ntfn);
    boot_info->empty.start = alloc.next_slot;     /* sel4_api.c allocates from here on */
    libs_test_sel4_api(boot_info);
    libs_test_unoptimised_stubs(boot_info);
    libs_test_start_late_thread(boot_info);
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "rootserver");
    printf("libs-test: done, %d failed\n", libs_test_failures);
    return 3;
}

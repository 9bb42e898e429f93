/*
 * roottask.c - a root task that checks the user libraries on the real
 * kernel: printf, TLS, the IPC buffer, error details in the message
 * registers after a failed invocation, buffer-only message registers
 * (CNode_Mint's badge is MR5), notifications, the heap, constructors.
 *
 * Every check prints "libs-test: <name>: ok" or "libs-test: <name>: FAIL
 * ..."; the last line is "libs-test: done, <n> failed" and the program
 * exits with status 3 (so the runner can tell a clean exit from a crash).
 * run_roottask.py boots it and judges the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <sel4platsupport/bootinfo.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <utils/util.h>

static int failures;

#define CHECK(name, cond, ...)                                              \
    do {                                                                    \
        if (cond) {                                                         \
            printf("libs-test: %s: ok\n", name);                            \
        } else {                                                            \
            failures++;                                                     \
            printf("libs-test: %s: FAIL: ", name);                          \
            printf(__VA_ARGS__);                                            \
            printf("\n");                                                   \
        }                                                                   \
    } while (0)

/* volatile: the compiler must not fold these to their initial values. */
static volatile __thread int tls_initialised = 42;     /* .tdata */
static volatile __thread long tls_zeroed;              /* .tbss */
static volatile __thread char tls_aligned[64] __attribute__((aligned(64)));
static int constructor_ran;

__attribute__((constructor)) static void set_constructor_flag(void)
{
    constructor_ran = 1;
}

static void check_printf(void)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "[%5d|%-4s|%04x|%p|%p]", -42, "ab", 0xbeefu,
             (void *)0x1000, NULL);
    CHECK("snprintf", strcmp(buf, "[  -42|ab  |beef|0x1000|(nil)]") == 0, "got %s", buf);
}

static void check_tls(seL4_BootInfo *bi)
{
    uintptr_t tp = sel4runtime_get_tls_base();

    CHECK("tls self pointer", tp != 0 && *(uintptr_t *)tp == tp, "tp %p", (void *)tp);
    CHECK("tls .tdata", tls_initialised == 42, "value %d", tls_initialised);
    CHECK("tls .tbss", tls_zeroed == 0, "value %ld", tls_zeroed);
    tls_aligned[0] = 1;
    CHECK("tls alignment", ((uintptr_t)tls_aligned & 63) == 0 && tls_aligned[0] == 1,
          "at %p", (void *)tls_aligned);
    tls_initialised = 7;
    CHECK("tls write", tls_initialised == 7, "value %d", tls_initialised);
    CHECK("ipc buffer", seL4_GetIPCBuffer() == bi->ipcBuffer && bi->ipcBuffer != NULL,
          "tls %p bootinfo %p", (void *)seL4_GetIPCBuffer(), (void *)bi->ipcBuffer);
}

static void check_error_details(void)
{
    seL4_Error err;

    /* depth 0 is out of 1..64: RangeError with MR0 = 1, MR1 = 64 */
    err = seL4_CNode_Delete(seL4_CapInitThreadCNode, 100, 0);
    CHECK("error code", err == seL4_RangeError, "err %d", (int)err);
    CHECK("error MRs", seL4_GetMR(0) == 1 && seL4_GetMR(1) == 64,
          "MR0 %lu MR1 %lu", (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));

    err = seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 300);
    CHECK("priority range", err == seL4_RangeError && seL4_GetMR(0) == 0 &&
          seL4_GetMR(1) == 255, "err %d MR0 %lu MR1 %lu", (int)err,
          (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1));
}

/* Finds a non-device untyped of at least 2^12 bytes. */
static seL4_CPtr find_untyped(simple_t *simple)
{
    for (int i = 0; i < simple_get_untyped_count(simple); i++) {
        size_t bits;
        bool device;
        seL4_CPtr ut = simple_get_nth_untyped(simple, i, &bits, NULL, &device);

        if (!device && bits >= 12)
            return ut;
    }
    return seL4_CapNull;
}

static void check_notification(seL4_BootInfo *bi, simple_t *simple)
{
    seL4_CPtr ut = find_untyped(simple);
    seL4_CPtr ntfn = bi->empty.start, badged = bi->empty.start + 1;
    seL4_Word badge = 0;
    seL4_Error err;

    CHECK("untyped found", ut != seL4_CapNull, "no untyped");
    err = seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, seL4_CapInitThreadCNode,
                              0, 0, ntfn, 1);
    CHECK("retype", err == seL4_NoError, "err %d", (int)err);
    CHECK("cap identify", seL4_DebugCapIdentify(ntfn) == seL4_CapTag_Notification,
          "tag %u", seL4_DebugCapIdentify(ntfn));
    err = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits,
                          seL4_CapInitThreadCNode, ntfn, seL4_WordBits, seL4_AllRights, 0x50);
    CHECK("mint", err == seL4_NoError, "err %d", (int)err);
    seL4_Signal(badged);
    seL4_Poll(ntfn, &badge);
    CHECK("signal/poll badge", badge == 0x50, "badge %lx", (unsigned long)badge);
    badge = 1;
    seL4_Poll(ntfn, &badge);
    CHECK("poll empty", badge == 0, "badge %lx", (unsigned long)badge);
}

static void check_heap(void)
{
    char *a = malloc(100), *b = calloc(10, 10), *c;

    CHECK("malloc", a != NULL && b != NULL && ((uintptr_t)a & 15) == 0, "a %p b %p",
          (void *)a, (void *)b);
    memset(a, 'x', 100);
    c = realloc(a, 5000);
    CHECK("realloc", c != NULL && c[99] == 'x' && b[50] == 0, "c %p", (void *)c);
    free(b);
    free(c);
}

int main(int argc, char *argv[])
{
    seL4_BootInfo *bi = platsupport_get_bootinfo();
    simple_t simple;

    printf("libs-test: start (argc %d, argv[0] %s)\n", argc, argv[0]);
    CHECK("bootinfo", bi != NULL, "none");
    if (bi == NULL)
        return 4;
    simple_default_init_bootinfo(&simple, bi);
    CHECK("constructor", constructor_ran == 1, "did not run");
    check_printf();
    check_tls(bi);
    check_error_details();
    check_notification(bi, &simple);
    check_heap();
    CHECK("cnode size", simple_get_cnode_size_bits(&simple) == 12, "%d",
          simple_get_cnode_size_bits(&simple));
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "rootserver");
    printf("libs-test: done, %d failed\n", failures);
    return 3;
}

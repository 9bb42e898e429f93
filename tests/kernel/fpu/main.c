/*
 * fpu/ - every thread has its own x87/SSE registers.
 *
 * 1. Preemption.  The root task and a peer at the same priority run
 *    rounds.  In each round a thread loads its own pattern into XMM0-15
 *    and ST0-7 and its own control words (the peer rounds toward zero in
 *    both FCW and MXCSR), saves an image with FXSAVE, and spins inside the
 *    same asm block until the other thread has loaded its pattern for that
 *    round.  The other thread can only do that when the timer takes the
 *    CPU away in the middle of the block, so every other round the
 *    registers go through a switch; a second FXSAVE must match the first.
 *    Between rounds each thread sums a harmonic series in double (SSE) and
 *    long double (x87) under its own rounding mode and compares it with a
 *    reference the root task computed alone before the peer existed.
 * 2. Isolation.  A thread loads a secret into every XMM and ST register
 *    and waits.  A new thread's first instruction is an FXSAVE: it must see
 *    the reset state (FCW 0x37F, MXCSR 0x1F80, empty x87 stack, zero XMM),
 *    no byte of the secret.  It then fills its registers with junk, and
 *    the first thread, woken, still holds its secret.
 * 3. Exceptions.  Unmasked x87 and SSE divisions by zero in user code are
 *    user faults (#MF, vector 16; #XM, vector 19) delivered to the
 *    thread's handler; the kernel goes on.  (QEMU's TCG raises no #XM: the
 *    SSE case then ends in the ud2 placed after it, and says so.)
 */
#include <string.h>
#include "ktest.h"

#define ROUNDS      12
#define SPIN_CAP    (1ul << 28)
#define HARMONIC_N  20000
#define IMAGE_CMP   416           /* FXSAVE bytes up to the reserved tail */

#define FCW_NEAREST 0x037F
#define FCW_ZERO    0x0F7F        /* RC = 11: toward zero */
#define MXCSR_NEAREST 0x1F80
#define MXCSR_ZERO    0x7F80      /* RC = 11: toward zero */

struct fx_image { unsigned char b[512]; } __attribute__((aligned(16)));
struct pattern { uint64_t xmm[16][2]; int64_t st[8]; uint16_t fcw; uint32_t mxcsr; }
    __attribute__((aligned(16)));

static volatile seL4_Word loaded[2];           /* the round each thread has loaded */

KT_STACK(peer_stack);
KT_STACK(secret_stack);
KT_STACK(fresh_stack);
KT_STACK(faulter_stack);

/* ------------------------------------------------------------ 1. preemption */

static void make_pattern(struct pattern *p, unsigned who, unsigned round)
{
    for (unsigned i = 0; i < 16; i++) {
        p->xmm[i][0] = 0x5EC0000000000000ull | (uint64_t)who << 40 | (uint64_t)round << 8 | i;
        p->xmm[i][1] = ~p->xmm[i][0];
    }
    for (unsigned i = 0; i < 8; i++)
        p->st[i] = (int64_t)(who * 1000003 + round * 1009 + i * 17) * (who ? -1 : 1);
    p->fcw = who ? FCW_ZERO : FCW_NEAREST;
    p->mxcsr = who ? MXCSR_ZERO : MXCSR_NEAREST;
}

/*
 * Load pattern p, image to before, mark `round` loaded in *mine, spin until
 * *theirs >= round (or the cap runs out), image to after, empty the x87
 * stack.  Returns the spins left (0: the other thread never ran).
 */
static seL4_Word hold_registers(const struct pattern *p, struct fx_image *before,
                                struct fx_image *after, volatile seL4_Word *mine,
                                volatile const seL4_Word *theirs, seL4_Word round)
{
    seL4_Word cap = SPIN_CAP;

    __asm__ volatile(
        "movdqa 0x00(%[p]), %%xmm0\n\t"  "movdqa 0x10(%[p]), %%xmm1\n\t"
        "movdqa 0x20(%[p]), %%xmm2\n\t"  "movdqa 0x30(%[p]), %%xmm3\n\t"
        "movdqa 0x40(%[p]), %%xmm4\n\t"  "movdqa 0x50(%[p]), %%xmm5\n\t"
        "movdqa 0x60(%[p]), %%xmm6\n\t"  "movdqa 0x70(%[p]), %%xmm7\n\t"
        "movdqa 0x80(%[p]), %%xmm8\n\t"  "movdqa 0x90(%[p]), %%xmm9\n\t"
        "movdqa 0xa0(%[p]), %%xmm10\n\t" "movdqa 0xb0(%[p]), %%xmm11\n\t"
        "movdqa 0xc0(%[p]), %%xmm12\n\t" "movdqa 0xd0(%[p]), %%xmm13\n\t"
        "movdqa 0xe0(%[p]), %%xmm14\n\t" "movdqa 0xf0(%[p]), %%xmm15\n\t"
        "fninit\n\t"
        "fldcw 0x140(%[p])\n\t"
        "ldmxcsr 0x144(%[p])\n\t"
        "fildq 0x100(%[p])\n\t" "fildq 0x108(%[p])\n\t" "fildq 0x110(%[p])\n\t"
        "fildq 0x118(%[p])\n\t" "fildq 0x120(%[p])\n\t" "fildq 0x128(%[p])\n\t"
        "fildq 0x130(%[p])\n\t" "fildq 0x138(%[p])\n\t"
        "fxsave64 (%[before])\n\t"
        "movq %[round], (%[mine])\n"
        "1:\n\t"
        "cmpq %[round], (%[theirs])\n\t"
        "jae 2f\n\t"
        "pause\n\t"
        "decq %[cap]\n\t"
        "jnz 1b\n"
        "2:\n\t"
        "fxsave64 (%[after])\n\t"
        "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t"
        "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t"
        : [cap] "+r"(cap)
        : [p] "r"(p), [before] "r"(before), [after] "r"(after), [mine] "r"(mine),
          [theirs] "r"(theirs), [round] "r"(round)
        : "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
          "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
          "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
    return cap;
}

_Static_assert(__builtin_offsetof(struct pattern, st) == 0x100, "asm offsets");
_Static_assert(__builtin_offsetof(struct pattern, fcw) == 0x140, "asm offsets");
_Static_assert(__builtin_offsetof(struct pattern, mxcsr) == 0x144, "asm offsets");

static volatile unsigned harmonic_n = HARMONIC_N;

static double harmonic_double(void)
{
    double s = 0;
    for (unsigned k = 1; k <= harmonic_n; k++)
        s += 1.0 / (double)k;
    return s;
}

static long double harmonic_long(void)
{
    long double s = 0;
    for (unsigned k = 1; k <= harmonic_n; k++)
        s += 1.0L / (long double)k;
    return s;
}

struct results {
    double ref_double[2];
    long double ref_long[2];
    unsigned images_differ, spins_out, wrong_double, wrong_long, switched_rounds;
};

static struct results res[2];
static struct results *refs = &res[0];

static void set_mode(unsigned who)
{
    uint16_t fcw = who ? FCW_ZERO : FCW_NEAREST;
    uint32_t mxcsr = who ? MXCSR_ZERO : MXCSR_NEAREST;
    __asm__ volatile("fldcw %0\n\tldmxcsr %1" :: "m"(fcw), "m"(mxcsr));
}

static void run_rounds(unsigned who)
{
    static struct pattern pat[2];
    static struct fx_image before[2], after[2];
    struct results *r = &res[who];

    for (seL4_Word round = 1; round <= ROUNDS; round++) {
        seL4_Word other_before = loaded[!who];
        make_pattern(&pat[who], who, (unsigned)round);
        if (hold_registers(&pat[who], &before[who], &after[who], &loaded[who],
                           &loaded[!who], round) == 0)
            r->spins_out++;
        if (other_before < round)
            r->switched_rounds++;            /* the other loaded while we held ours */
        if (memcmp(before[who].b, after[who].b, IMAGE_CMP) != 0)
            r->images_differ++;
        if (harmonic_double() != refs->ref_double[who])
            r->wrong_double++;
        if (harmonic_long() != refs->ref_long[who])
            r->wrong_long++;
    }
}

static void peer_main(seL4_Word done_ntfn)
{
    set_mode(1);
    run_rounds(1);
    seL4_Signal(done_ntfn);
    for (;;)
        seL4_Yield();
}

static void test_preemption(void)
{
    struct kt_thread peer;
    seL4_CPtr done = kt_new(seL4_NotificationObject, 0);

    /* References, computed alone: nobody else has FPU state yet. */
    set_mode(1);
    refs->ref_double[1] = harmonic_double();
    refs->ref_long[1] = harmonic_long();
    set_mode(0);
    refs->ref_double[0] = harmonic_double();
    refs->ref_long[0] = harmonic_long();
    kt_true(refs->ref_double[0] != refs->ref_double[1] && refs->ref_long[0] != refs->ref_long[1],
            "the two rounding modes give different sums (so a mode that leaks shows)");

    kt_thread_create(&peer, 0, seL4_MaxPrio, peer_stack, sizeof(peer_stack));
    kt_error(seL4_NoError, kt_thread_start(&peer, peer_main, done),
             "start a peer at the root task's priority");
    run_rounds(0);
    seL4_Wait(done, NULL);
    for (unsigned who = 0; who < 2; who++) {
        const char *name = who ? "peer (toward zero)" : "root (nearest)";
        struct results *r = &res[who];
        kt_word(0, r->spins_out, "%s: the other thread always ran while it held its registers",
                name);
        kt_word(0, r->images_differ, "%s: XMM0-15, ST0-7, FCW, MXCSR unchanged across "
                "every preemption", name);
        kt_word(0, r->wrong_double, "%s: SSE (double) sums correct in every round", name);
        kt_word(0, r->wrong_long, "%s: x87 (long double) sums correct in every round", name);
    }
    /* In every round the thread that loads first must wait inside its asm
     * block for the other, which only a preemption lets run: each round
     * counts for one thread at least, however the time slices fall. */
    kt_true(res[0].switched_rounds + res[1].switched_rounds >= ROUNDS,
            "%u + %u of %u rounds held registers across a preemption (root + peer)",
            res[0].switched_rounds, res[1].switched_rounds, ROUNDS);
    seL4_TCB_Suspend(peer.tcb);
}

/* ------------------------------------------------------------ 2. isolation */

static struct pattern secret;
static struct fx_image secret_before, secret_after;
static seL4_CPtr secret_ntfn, fresh_done;

/* A fresh thread's FXSAVE image, taken by its very first instruction. */
struct fx_image fresh_image;
void fresh_entry(seL4_Word arg);
void fresh_main(seL4_Word arg);
__asm__(".text\n.global fresh_entry\nfresh_entry:\n\t"
        "fxsave64 fresh_image(%rip)\n\t"
        "jmp fresh_main\n");

void fresh_main(seL4_Word arg)
{
    (void)arg;
    /* Junk everywhere, then let the secret holder run again. */
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\tmovdqa %%xmm0, %%xmm1\n\t"
                     "movdqa %%xmm0, %%xmm7\n\tmovdqa %%xmm0, %%xmm15\n\t"
                     "fninit\n\tfld1\n\tfldpi\n\tfldz\n\t"
                     "fstp %%st(0)\n\tfstp %%st(0)\n\tfstp %%st(0)\n\t"
                     ::: "xmm0", "xmm1", "xmm7", "xmm15", "st", "st(1)", "st(2)");
    seL4_Signal(secret_ntfn);
    seL4_Signal(fresh_done);
    for (;;)
        seL4_Yield();
}

static void secret_main(seL4_Word arg)
{
    (void)arg;
    /* Hold the secret across a Wait: the fresh thread runs meanwhile. */
    __asm__ volatile(
        "movdqa 0x00(%[p]), %%xmm0\n\t"  "movdqa 0x10(%[p]), %%xmm1\n\t"
        "movdqa 0x20(%[p]), %%xmm2\n\t"  "movdqa 0x30(%[p]), %%xmm3\n\t"
        "movdqa 0x40(%[p]), %%xmm4\n\t"  "movdqa 0x50(%[p]), %%xmm5\n\t"
        "movdqa 0x60(%[p]), %%xmm6\n\t"  "movdqa 0x70(%[p]), %%xmm7\n\t"
        "movdqa 0x80(%[p]), %%xmm8\n\t"  "movdqa 0x90(%[p]), %%xmm9\n\t"
        "movdqa 0xa0(%[p]), %%xmm10\n\t" "movdqa 0xb0(%[p]), %%xmm11\n\t"
        "movdqa 0xc0(%[p]), %%xmm12\n\t" "movdqa 0xd0(%[p]), %%xmm13\n\t"
        "movdqa 0xe0(%[p]), %%xmm14\n\t" "movdqa 0xf0(%[p]), %%xmm15\n\t"
        "fninit\n\t"
        "fldcw 0x140(%[p])\n\t"
        "ldmxcsr 0x144(%[p])\n\t"
        "fildq 0x100(%[p])\n\t" "fildq 0x108(%[p])\n\t" "fildq 0x110(%[p])\n\t"
        "fildq 0x118(%[p])\n\t" "fildq 0x120(%[p])\n\t" "fildq 0x128(%[p])\n\t"
        "fildq 0x130(%[p])\n\t" "fildq 0x138(%[p])\n\t"
        "fxsave64 (%[before])\n\t"
        /* seL4_Wait(secret_ntfn), as libsel4's x64_sys() makes it */
        "movq %[ntfn], %%rdi\n\t"
        "movq %[sys], %%rdx\n\t"
        "movq %%rsp, %%rbx\n\t"
        "syscall\n\t"
        "movq %%rbx, %%rsp\n\t"
        "fxsave64 (%[after])\n\t"
        "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t"
        "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t" "fstp %%st(0)\n\t"
        :
        : [p] "r"(&secret), [before] "r"(&secret_before), [after] "r"(&secret_after),
          [ntfn] "r"(secret_ntfn), [sys] "i"(seL4_SysRecv)
        : "memory", "cc", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r15",
          "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
          "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
          "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
    seL4_Signal(fresh_done);
    for (;;)
        seL4_Yield();
}

static bool contains_secret(const struct fx_image *img)
{
    for (unsigned i = 0; i + 8 <= sizeof(img->b); i++)
        for (unsigned x = 0; x < 16; x++)
            if (memcmp(&img->b[i], &secret.xmm[x][0], 8) == 0 ||
                memcmp(&img->b[i], &secret.xmm[x][1], 8) == 0)
                return true;
    return false;
}

static bool all_zero(const unsigned char *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void test_isolation(void)
{
    struct kt_thread holder, fresh;
    const unsigned char *f = fresh_image.b;
    uint16_t fcw, fsw;
    uint32_t mxcsr;

    make_pattern(&secret, 2, 77);
    secret_ntfn = kt_new(seL4_NotificationObject, 0);
    fresh_done = kt_new(seL4_NotificationObject, 0);
    kt_thread_create(&holder, 0, seL4_MaxPrio, secret_stack, sizeof(secret_stack));
    kt_thread_create(&fresh, 0, seL4_MaxPrio, fresh_stack, sizeof(fresh_stack));
    kt_error(seL4_NoError, kt_thread_start(&holder, secret_main, 0), "start the secret holder");
    seL4_Yield();                             /* it loads its secret and waits */
    kt_error(seL4_NoError, kt_thread_start(&fresh, fresh_entry, 0), "start a fresh thread");
    seL4_Wait(fresh_done, NULL);              /* the fresh thread's signal ... */
    seL4_Wait(fresh_done, NULL);              /* ... and the holder's, once woken */

    memcpy(&fcw, f + 0, 2);
    memcpy(&fsw, f + 2, 2);
    memcpy(&mxcsr, f + 24, 4);
    kt_word(FCW_NEAREST, fcw, "a new thread starts with FCW 0x37F");
    kt_word(0, fsw, "... FSW 0");
    kt_word(0, f[4], "... an empty x87 stack (abridged tag word 0)");
    kt_word(MXCSR_NEAREST, mxcsr, "... MXCSR 0x1F80");
    kt_true(all_zero(f + 32, 8 * 16 + 16 * 16), "... zero ST0-7 and XMM0-15");
    kt_true(!contains_secret(&fresh_image), "no byte pattern of the other thread's secret");
    kt_true(contains_secret(&secret_before), "(the secret was in the holder's registers)");
    kt_true(memcmp(secret_before.b, secret_after.b, IMAGE_CMP) == 0,
            "the holder's XMM, ST and control words survived the fresh thread's junk");
    seL4_TCB_Suspend(holder.tcb);
    seL4_TCB_Suspend(fresh.tcb);
}

/* ----------------------------------------------------------- 3. exceptions */

static void x87_divide_by_zero(seL4_Word arg)
{
    static const uint16_t fcw = FCW_NEAREST & ~0x4;   /* unmask ZE */
    (void)arg;
    __asm__ volatile("fninit\n\tfldcw %0\n\tfld1\n\tfldz\n\tfdivrp\n\tfwait\n\t" :: "m"(fcw));
    for (;;)
        seL4_Yield();
}

static void sse_divide_by_zero(seL4_Word arg)
{
    static const uint32_t mxcsr = MXCSR_NEAREST & ~0x200u;   /* unmask ZM */
    static const float one = 1.0f, zero = 0.0f;
    (void)arg;
    /* QEMU's TCG (7.2) only sets MXCSR.ZE and raises no #XM: the ud2 after
     * the division then makes the fault, so the test never hangs. */
    __asm__ volatile("ldmxcsr %0\n\tmovss %1, %%xmm0\n\tdivss %2, %%xmm0\n\tud2\n\t"
                     :: "m"(mxcsr), "m"(one), "m"(zero) : "xmm0");
    for (;;)
        seL4_Yield();
}

/* The fault `entry` raises must be `vector` (or `instead`, if not 0). */
static void expect_fp_fault(kt_entry_t entry, seL4_Word vector, seL4_Word instead,
                            const char *what)
{
    struct kt_thread t;
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_MessageInfo_t info;
    seL4_Word badge;

    kt_thread_create(&t, ep, seL4_MaxPrio - 1, faulter_stack, sizeof(faulter_stack));
    kt_error(seL4_NoError, kt_thread_start(&t, entry, 0), "start a thread doing %s", what);
    info = seL4_Recv(ep, &badge);
    kt_word(seL4_Fault_UserException, seL4_MessageInfo_get_label(info),
            "%s: a UserException to the thread's handler", what);
    seL4_Word got = seL4_GetMR(seL4_UserException_Number);
    if (instead != 0 && got == instead)
        kt_note("%s: this CPU raised no exception for it (vector %lu came next)", what,
                (unsigned long)instead);
    else
        kt_word(vector, got, "%s: vector %lu", what, (unsigned long)vector);
    seL4_TCB_Suspend(t.tcb);
}

static void test_exceptions(void)
{
    expect_fp_fault(x87_divide_by_zero, 16, 0, "an unmasked x87 division by zero (#MF)");
    expect_fp_fault(sse_divide_by_zero, 19, 6, "an unmasked SSE division by zero (#XM)");
}

int main(void)
{
    kt_init("fpu");
    test_preemption();
    test_isolation();
    test_exceptions();
    kt_note("the kernel survived; the root task's own FPU is still usable: %d",
            (int)(harmonic_double() > 10.0));
    return kt_done();
}

/*
 * fpu_secret: one thread fills the x87 stack and every XMM register with a
 * secret and then only yields, so the secret stays in its registers while
 * other threads run.  The root task then dumps its own registers with
 * FXSAVE, and a new thread does the same as its very first instruction.
 *
 * The kernel keeps each thread's x87/SSE state apart (saved and restored
 * on every switch, a new thread starting from the reset state), so neither
 * dump may hold any 8 bytes of the secret.  A kernel that left the
 * registers alone between threads would show it to both.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "hostile.h"

struct fx_image { unsigned char b[512]; } __attribute__((aligned(16)));

static uint64_t secret[16][2] __attribute__((aligned(16)));
static struct { uint64_t mantissa; uint16_t exp; uint16_t pad[3]; } secret_st[8]
    __attribute__((aligned(16)));
static struct fx_image root_image;
struct fx_image fresh_image;
static volatile int fresh_done;
volatile int holder_loaded;          /* 1: x87 secret loaded, 2: SSE too */

static void holder(seL4_Word arg)
{
    (void)arg;
    __asm__ volatile(
        "fninit\n\t"
        "fldt 0x00(%1)\n\t" "fldt 0x10(%1)\n\t" "fldt 0x20(%1)\n\t" "fldt 0x30(%1)\n\t"
        "fldt 0x40(%1)\n\t" "fldt 0x50(%1)\n\t" "fldt 0x60(%1)\n\t" "fldt 0x70(%1)\n\t"
        "movl $1, holder_loaded(%%rip)\n\t"
        "movdqa 0x00(%0), %%xmm0\n\t"  "movdqa 0x10(%0), %%xmm1\n\t"
        "movdqa 0x20(%0), %%xmm2\n\t"  "movdqa 0x30(%0), %%xmm3\n\t"
        "movdqa 0x40(%0), %%xmm4\n\t"  "movdqa 0x50(%0), %%xmm5\n\t"
        "movdqa 0x60(%0), %%xmm6\n\t"  "movdqa 0x70(%0), %%xmm7\n\t"
        "movdqa 0x80(%0), %%xmm8\n\t"  "movdqa 0x90(%0), %%xmm9\n\t"
        "movdqa 0xa0(%0), %%xmm10\n\t" "movdqa 0xb0(%0), %%xmm11\n\t"
        "movdqa 0xc0(%0), %%xmm12\n\t" "movdqa 0xd0(%0), %%xmm13\n\t"
        "movdqa 0xe0(%0), %%xmm14\n\t" "movdqa 0xf0(%0), %%xmm15\n\t"
        "movl $2, holder_loaded(%%rip)\n\t"
        /* yield forever without touching a register the secret is in */
        "1:\n\t"
        "movq $-7, %%rdx\n\t"
        "movq %%rsp, %%rbx\n\t"
        "syscall\n\t"
        "movq %%rbx, %%rsp\n\t"
        "jmp 1b\n\t"
        :: "r"(secret), "r"(secret_st) : "memory");
}

void fresh_entry(seL4_Word arg);
void fresh_main(seL4_Word arg);
__asm__(".text\n.global fresh_entry\nfresh_entry:\n\t"
        "fxsave64 fresh_image(%rip)\n\t"
        "jmp fresh_main\n");

void fresh_main(seL4_Word arg)
{
    (void)arg;
    fresh_done = 1;
    for (;;)
        seL4_Yield();
}

/* Does the image hold 8 bytes of the secret anywhere? */
static bool leaks(const struct fx_image *img)
{
    for (unsigned i = 0; i + 8 <= sizeof(img->b); i++)
        for (unsigned x = 0; x < 16; x++)
            for (unsigned h = 0; h < 2; h++)
                if (memcmp(&img->b[i], &secret[x][h], 8) == 0 ||
                    (x < 8 && memcmp(&img->b[i], &secret_st[x].mantissa, 8) == 0))
                    return true;
    return false;
}

static void verdict(const char *who, const struct fx_image *img)
{
    if (leaks(img))
        printf("fpu_secret: %s: secret seen in its own registers\n", who);
    else
        printf("fpu_secret: %s sees no trace of the secret\n", who);
}

int main(void)
{
    for (unsigned i = 0; i < 16; i++) {
        secret[i][0] = 0x5EC12E7000000000ull | (uint64_t)i << 16 | 0xA5A5;
        secret[i][1] = 0x0DDBA11000000000ull | (uint64_t)i << 16 | 0x5A5A;
    }
    for (unsigned i = 0; i < 8; i++) {
        secret_st[i].mantissa = 0xDEC0DE5EC2E70000ull | i << 4 | 0x9;   /* normal: top bit set */
        secret_st[i].exp = 0x3FFF;
    }
    hostile_thread(holder, 0, NULL);
    seL4_Yield();                                 /* the holder loads its secret */
    __asm__ volatile("fxsave64 %0" : "=m"(root_image));
    printf("fpu_secret: the holder loaded its secret (%s)\n",
           holder_loaded == 2 ? "x87 and SSE" : holder_loaded ? "x87 only: SSE faulted" : "none");
    verdict("root task", &root_image);
    hostile_thread(fresh_entry, 0, NULL);
    while (!fresh_done)
        seL4_Yield();
    verdict("a new thread", &fresh_image);
    exit(0);        /* the holder yields forever: returning would stop only main */
}

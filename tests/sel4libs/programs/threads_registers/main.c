/*
 * threads_registers: seL4_TCB_ReadRegisters, WriteRegisters and
 * CopyRegisters on suspended threads: what is read back after a write
 * (RFLAGS and RIP as the kernel sanitises them), which registers each
 * CopyRegisters flag moves, and the error of each bad request.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <utils/util.h>
#include "env.h"

#define NTHREADS 3

static vka_object_t ep, park;

static void entry(void *arg0, void *arg1, void *ipc_buf)
{
    for (;;)
        seL4_Yield();
}

static void make_thread(sel4utils_thread_t *t)
{
    int error = sel4utils_configure_thread(&vka, &vspace, &vspace, seL4_CapNull,
                                           simple_get_cnode(&simple), seL4_NilData, t);
    ZF_LOGF_IFERR(error, "configure");
    error = sel4utils_start_thread(t, entry, NULL, NULL, 0);
    ZF_LOGF_IFERR(error, "start");
}

static void fill(seL4_UserContext *regs, seL4_Word base)
{
    seL4_Word *w = (seL4_Word *)regs;
    for (size_t i = 0; i < sizeof(*regs) / sizeof(seL4_Word); i++)
        w[i] = base + i;
}

static void show(const char *what, seL4_UserContext *r)
{
    printf("%s: rip %lx rsp %lx rflags %lx rax %lx rdi %lx r15 %lx fs %lx gs %lx\n", what,
           (unsigned long)r->rip, (unsigned long)r->rsp, (unsigned long)r->rflags,
           (unsigned long)r->rax, (unsigned long)r->rdi, (unsigned long)r->r15,
           (unsigned long)r->fs_base, (unsigned long)r->gs_base);
}

int main(void)
{
    sel4utils_thread_t a, b;
    seL4_UserContext regs, back;
    const seL4_Word n = sizeof(seL4_UserContext) / sizeof(seL4_Word);
    int error;

    env_boot();
    make_thread(&a);
    make_thread(&b);
    printf("context words: %lu\n", (unsigned long)n);

    fill(&regs, 0x1000);
    regs.rflags = 0xffffffffffffffffUL;
    error = seL4_TCB_WriteRegisters(a.tcb.cptr, 0, 0, n, &regs);
    printf("write all: %d\n", error);
    memset(&back, 0, sizeof(back));
    error = seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, n, &back);
    printf("read all: %d\n", error);
    show("a", &back);

    /* a non-canonical instruction pointer cannot be used: it reads back 0 */
    regs.rip = 0x0000800000000000UL;
    regs.rflags = 0;
    error = seL4_TCB_WriteRegisters(a.tcb.cptr, 0, 0, n, &regs);
    error = seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, 3, &back);
    printf("non-canonical rip: %d rip %lx rflags %lx\n", error, (unsigned long)back.rip,
           (unsigned long)back.rflags);

    /* a partial write changes only the first count registers */
    fill(&regs, 0x2000);
    error = seL4_TCB_WriteRegisters(a.tcb.cptr, 0, 0, 2, &regs);
    error = seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, n, &back);
    show("partial", &back);

    /* the reply of a partial read holds count words */
    seL4_SetMR(4, 0x77);
    error = seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, 3, &back);
    printf("read 3: %d, mr4 untouched %d\n", error, seL4_GetMR(4) == 0x77);

    /* CopyRegisters: the frame registers (rip .. r15) or the integer ones
     * (fs_base, gs_base) */
    fill(&regs, 0x3000);
    seL4_TCB_WriteRegisters(b.tcb.cptr, 0, 0, n, &regs);
    error = seL4_TCB_CopyRegisters(a.tcb.cptr, b.tcb.cptr, 0, 0, true, false, 0);
    printf("copy frame: %d\n", error);
    seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, n, &back);
    show("frame", &back);
    error = seL4_TCB_CopyRegisters(a.tcb.cptr, b.tcb.cptr, 0, 0, false, true, 0);
    printf("copy integer: %d\n", error);
    seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, n, &back);
    show("integer", &back);

    /* errors */
    error = seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, 0, &back);
    printf("read 0: %d range %lu..%lu\n", error, (unsigned long)seL4_GetMR(0),
           (unsigned long)seL4_GetMR(1));
    error = seL4_TCB_ReadRegisters(a.tcb.cptr, 0, 0, n + 1, &back);
    printf("read n+1: %d range %lu..%lu\n", error, (unsigned long)seL4_GetMR(0),
           (unsigned long)seL4_GetMR(1));
    error = seL4_TCB_ReadRegisters(simple_get_tcb(&simple), 0, 0, n, &back);
    printf("read own: %d\n", error);
    error = seL4_TCB_WriteRegisters(simple_get_tcb(&simple), 0, 0, n, &regs);
    printf("write own: %d\n", error);
    error = seL4_TCB_WriteRegisters(a.tcb.cptr, 0, 0, n + 1, &regs);
    printf("write n+1: %d\n", error);
    error = seL4_TCB_CopyRegisters(a.tcb.cptr, simple_get_cnode(&simple), 0, 0, true, true, 0);
    printf("copy from a cnode: %d cap %lu\n", error, (unsigned long)seL4_GetMR(0));

    /* ReadRegisters with suspend_source on a running thread suspends it */
    error = seL4_TCB_Resume(b.tcb.cptr);
    fill(&regs, 0);
    error = seL4_TCB_ReadRegisters(b.tcb.cptr, 1, 0, n, &back);
    printf("read and suspend: %d\n", error);
    sel4utils_clean_up_thread(&vka, &vspace, &a);
    sel4utils_clean_up_thread(&vka, &vspace, &b);
    printf("threads_registers: done\n");
    return 0;
}

/*
 * process_spawn.c - the initial stack of a sel4utils process, and its
 * start.
 *
 * From the stack top down (System V x86_64, as a _start expects):
 *
 *     argv strings, each with its NUL
 *     a copy of the ELF program headers (AT_PHDR points here), 8-aligned
 *     ... padding ...
 *     auxv: {type, value} pairs ending with {AT_NULL, 0}
 *     envp: NULL (no environment)
 *     argv[0..argc-1], NULL
 *     argc                          <- RSP, 16-byte aligned
 *
 * The image is built in a local buffer with the process's addresses, then
 * copied page by page into the process's stack through temporary
 * mappings.  RIP = the entry point, RDX = 0 (no exit function to register).
 */
#include <stdlib.h>
#include <string.h>
#include <sel4utils/process.h>
#include <sel4utils/process_auxv.h>
#include <sel4utils/mapping.h>

#define MAX_AUXV 8
#define MAX_INITIAL_STACK (16 * 1024)   /* bytes; the stack is 64 KiB */

struct frame {
    char *buf;           /* local image of [low, top) */
    uintptr_t top, low;  /* in the process */
};

/* Room for `bytes` below f->low (aligned); the process address. */
static uintptr_t push(struct frame *f, const void *data, size_t bytes, size_t align)
{
    f->low = ALIGN_DOWN(f->low - bytes, align);
    memcpy(f->buf + (f->low - (f->top - MAX_INITIAL_STACK)), data, bytes);
    return f->low;
}

static int auxv_entries(sel4utils_process_t *p, uintptr_t phdrs, Elf64_auxv_t *aux)
{
    int n = 0;

    aux[n++] = (Elf64_auxv_t){ AT_PAGESZ, { p->pagesz } };
    aux[n++] = (Elf64_auxv_t){ AT_PHDR, { phdrs } };
    aux[n++] = (Elf64_auxv_t){ AT_PHNUM, { p->num_elf_phdrs } };
    aux[n++] = (Elf64_auxv_t){ AT_PHENT, { sizeof(Elf_Phdr) } };
    aux[n++] = (Elf64_auxv_t){ AT_SEL4_IPC_BUFFER_PTR, { p->thread.ipc_buffer_addr } };
    aux[n++] = (Elf64_auxv_t){ AT_SEL4_TCB, { p->dest_tcb_cptr } };
    if (p->sysinfo != 0)
        aux[n++] = (Elf64_auxv_t){ AT_SYSINFO, { p->sysinfo } };
    aux[n++] = (Elf64_auxv_t){ AT_NULL, { 0 } };
    return n;
}

/* Lays out the stack image; the process's RSP, or 0 if it does not fit. */
static uintptr_t build(sel4utils_process_t *p, struct frame *f, int argc, char *argv[])
{
    uintptr_t *child_argv = calloc(argc + 1, sizeof(uintptr_t));
    Elf64_auxv_t aux[MAX_AUXV];
    uintptr_t phdrs, rsp;
    size_t words;
    int naux;
    seL4_Word zero = 0, count = argc;

    if (child_argv == NULL)
        return 0;
    for (int i = argc - 1; i >= 0; i--) {
        size_t len = strlen(argv[i]) + 1;
        if (f->low - len < f->top - MAX_INITIAL_STACK / 2)
            goto too_big;
        child_argv[i] = push(f, argv[i], len, 1);
    }
    phdrs = push(f, p->elf_phdrs, p->num_elf_phdrs * sizeof(Elf_Phdr), 8);
    naux = auxv_entries(p, phdrs, aux);
    words = 1 + (argc + 1) + 1 + 2 * naux;
    rsp = ALIGN_DOWN(f->low - words * sizeof(seL4_Word), 16);
    f->low = rsp + words * sizeof(seL4_Word);   /* push() aligns down from here */
    push(f, aux, naux * sizeof(Elf64_auxv_t), 8);
    push(f, &zero, sizeof(zero), 8);                                 /* envp end */
    push(f, child_argv, (argc + 1) * sizeof(uintptr_t), 8);          /* argv, NULL */
    push(f, &count, sizeof(count), 8);                               /* argc */
    free(child_argv);
    return f->low == rsp ? rsp : 0;
too_big:
    free(child_argv);
    ZF_LOGE("the arguments do not fit on the new stack");
    return 0;
}

/* Copies [f->low, f->top) into the process's stack pages. */
static int copy_out(sel4utils_process_t *p, vka_t *vka, vspace_t *vspace, struct frame *f)
{
    for (uintptr_t page = ROUND_DOWN(f->low, BIT(seL4_PageBits)); page < f->top;
         page += BIT(seL4_PageBits)) {
        uintptr_t from = MAX(page, f->low), to = MIN(page + BIT(seL4_PageBits), f->top);
        seL4_CPtr cap = vspace_get_cap(&p->vspace, (void *)page);
        char *window = cap ? sel4utils_dup_and_map(vka, vspace, cap, seL4_PageBits) : NULL;
        if (window == NULL)
            return -1;
        memcpy(window + (from - page), f->buf + (from - (f->top - MAX_INITIAL_STACK)),
               to - from);
        sel4utils_unmap_dup(vka, vspace, window, seL4_PageBits);
    }
    return 0;
}

int sel4utils_spawn_process_v(sel4utils_process_t *process, vka_t *vka, vspace_t *vspace,
                              int argc, char *argv[], int resume)
{
    struct frame f;
    seL4_UserContext regs;
    uintptr_t rsp;
    int err;

    if (process == NULL || process->thread.tcb.cptr == 0 || argc < 0 ||
        (argc > 0 && argv == NULL)) {
        ZF_LOGE("the process is not configured, or argv is missing");
        return -1;
    }
    f.top = ALIGN_DOWN((uintptr_t)process->thread.stack_top, 16);
    f.low = f.top;
    f.buf = calloc(1, MAX_INITIAL_STACK);
    if (f.buf == NULL)
        return -1;
    rsp = build(process, &f, argc, argv);
    err = rsp == 0 || copy_out(process, vka, vspace, &f) != 0;
    free(f.buf);
    if (err)
        return -1;
    memset(&regs, 0, sizeof(regs));
    sel4utils_set_instruction_pointer(&regs, (seL4_Word)process->entry_point);
    sel4utils_set_stack_pointer(&regs, rsp);
    regs.rdx = 0;
    process->thread.initial_stack_pointer = (void *)rsp;
    err = seL4_TCB_WriteRegisters(process->thread.tcb.cptr, resume, 0,
                                  sizeof(regs) / sizeof(seL4_Word), &regs);
    if (err) {
        ZF_LOGE("TCB_WriteRegisters failed (error %d)", err);
        return -1;
    }
    return 0;
}

int sel4utils_spawn_process(sel4utils_process_t *process, vka_t *vka, vspace_t *vspace,
                            int argc, char *argv[], int resume)
{
    return sel4utils_spawn_process_v(process, vka, vspace, argc, argv, resume);
}

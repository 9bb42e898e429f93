/*
 * start.c - the C part of root-task start-up (steps in sel4runtime.h).
 *
 * Until the TLS block is installed nothing may touch a __thread variable,
 * and that includes the IPC buffer pointer behind seL4_GetMR().  So the
 * TLS base is set with seL4_CallWithMRs, which keeps every message
 * register in CPU registers, and failures here are printed with printf,
 * whose console path uses no TLS either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4runtime.h>

/* Big enough for the libraries' own thread-locals and a good margin of
 * user ones; a larger TLS template takes its block from the heap. */
#define ROOT_TLS_BYTES 4096

int main(int argc, char *argv[], char *envp[]);

extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
extern void (*__fini_array_start[])(void), (*__fini_array_end[])(void);

static seL4_BootInfo *boot_info;
static unsigned char root_tls[ROOT_TLS_BYTES] __attribute__((aligned(64)));
static char *root_argv[] = { "rootserver", NULL };
static char *root_envp[] = { "seL4=1", NULL };

seL4_BootInfo *sel4runtime_bootinfo(void)
{
    return boot_info;
}

static _Noreturn void start_failed(const char *what, seL4_Word err)
{
    printf("sel4runtime: %s (error %lu); cannot start main()\n", what,
           (unsigned long)err);
    exit(1);
}

/* seL4_TCB_SetTLSBase without the IPC buffer (see the top of the file). */
static seL4_Error set_tls_base(uintptr_t tp)
{
    seL4_Word mr0 = tp, mr1 = 0, mr2 = 0, mr3 = 0;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(TCBSetTLSBase, 0, 0, 1);

    info = seL4_CallWithMRs(seL4_CapInitThreadTCB, info, &mr0, &mr1, &mr2, &mr3);
    return (seL4_Error)seL4_MessageInfo_get_label(info);
}

static void setup_root_tls(void)
{
    void *mem = root_tls;
    seL4_Error err;

    if (sel4runtime_get_tls_size() > sizeof(root_tls))
        mem = malloc(sel4runtime_get_tls_size());
    if (mem == NULL)
        start_failed("no memory for the TLS block", 0);
    err = set_tls_base(sel4runtime_write_tls_image(mem));
    if (err != seL4_NoError)
        start_failed("seL4_TCB_SetTLSBase on the root TCB failed", err);
}

static void run_destructors(void)
{
    for (void (**fn)(void) = __fini_array_end; fn > __fini_array_start; )
        (*--fn)();
}

static void run_constructors(void)
{
    for (void (**fn)(void) = __init_array_start; fn < __init_array_end; fn++)
        (*fn)();
    atexit(run_destructors);
}

/* Called by _sel4_start with the kernel's RDI; never returns. */
_Noreturn void __sel4runtime_start_root(seL4_BootInfo *bootinfo)
{
    if (bootinfo == NULL)
        start_failed("the kernel passed no BootInfo (RDI = 0)", 0);
    boot_info = bootinfo;
    setup_root_tls();
    seL4_SetIPCBuffer(bootinfo->ipcBuffer);
    run_constructors();
    exit(main(1, root_argv, root_envp));
}

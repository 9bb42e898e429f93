/*
 * process_start.c - the C start-up of a program spawned by sel4utils.
 *
 * It reads argc/argv/envp and the auxiliary vector from the initial stack
 * (seL4's auxv types: AT_SEL4_IPC_BUFFER_PTR, AT_SEL4_TCB), gives the
 * thread its TLS block and IPC buffer, runs the constructors and main().
 * When main returns - or the program calls exit() or abort() - libc's exit
 * path comes here (__caplab_process_exit) and the program's thread
 * suspends itself through its own TCB cap, so other programs go on; the
 * status is printed when it is not 0.
 *
 * Until TLS is set up nothing may touch a __thread variable (the IPC
 * buffer pointer is one), so the TLS base is set with seL4_CallWithMRs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <elf.h>
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <sel4utils/process_auxv.h>

#define PROCESS_TLS_BYTES 4096

int main(int argc, char *argv[], char *envp[]);
extern void (*__caplab_process_exit)(int status);   /* libc's sys.c */

extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

static unsigned char process_tls[PROCESS_TLS_BYTES] __attribute__((aligned(64)));
static seL4_CPtr own_tcb;
static const char *own_name = "process";

static seL4_Error set_tls_base(seL4_CPtr tcb, uintptr_t tp)
{
    seL4_Word mr0 = tp, mr1 = 0, mr2 = 0, mr3 = 0;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(TCBSetTLSBase, 0, 0, 1);

    info = seL4_CallWithMRs(tcb, info, &mr0, &mr1, &mr2, &mr3);
    return (seL4_Error)seL4_MessageInfo_get_label(info);
}

static seL4_Word auxv_value(const Elf64_auxv_t *auxv, uint64_t type)
{
    for (; auxv->a_type != AT_NULL; auxv++) {
        if (auxv->a_type == type)
            return auxv->a_un.a_val;
    }
    return 0;
}

static _Noreturn void stop(seL4_CPtr tcb)
{
    for (;;) {
        if (tcb != 0)
            seL4_TCB_Suspend(tcb);
        __asm__ volatile("ud2");   /* no TCB cap: end as a user fault */
    }
}

static void process_exit(int status)
{
    if (status != 0)
        printf("%s: exited with status %d\n", own_name, status);
    stop(own_tcb);
}

_Noreturn void __sel4utils_process_start(uintptr_t *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    char **e = envp;
    const Elf64_auxv_t *auxv;
    seL4_CPtr tcb;

    while (*e != NULL)
        e++;
    auxv = (const Elf64_auxv_t *)(e + 1);
    tcb = auxv_value(auxv, AT_SEL4_TCB);
    own_tcb = tcb;
    if (argc > 0 && argv[0] != NULL)
        own_name = argv[0];
    __caplab_process_exit = process_exit;
    if (sel4runtime_get_tls_size() > sizeof(process_tls) || tcb == 0 ||
        set_tls_base(tcb, sel4runtime_write_tls_image(process_tls)) != seL4_NoError) {
        printf("%s: cannot set up TLS; not starting main()\n", argc > 0 ? argv[0] : "process");
        stop(tcb);
    }
    seL4_SetIPCBuffer((seL4_IPCBuffer *)auxv_value(auxv, AT_SEL4_IPC_BUFFER_PTR));
    for (void (**fn)(void) = __init_array_start; fn < __init_array_end; fn++)
        (*fn)();
    exit(main(argc, argv, envp));
}

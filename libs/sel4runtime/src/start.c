/*
 * start.c - the C part of start-up and exit (see sel4runtime.h), and the
 * environment the program was started with: the one start-up of every
 * caplab program, the root task and the processes (apps) sel4utils spawns.
 *
 * Until the TLS block is installed nothing may touch a __thread variable,
 * and that includes the IPC buffer pointer behind seL4_GetMR().  So the TLS
 * base is set with seL4_CallWithMRs, which keeps every message register in
 * CPU registers, and failures here are printed with printf, whose console
 * path uses no TLS either.
 *
 * How a process ends: main returning, sel4runtime_exit(), exit() and
 * abort() (a failed ZF_LOGF_IF) all stop only the process's thread: it
 * suspends itself through its own TCB cap (AT_SEL4_TCB), and the other
 * programs go on.  A nonzero status is printed first, as
 * "<argv[0]>: exited with status <n>".  libc's exit path reaches us
 * through its hook __caplab_process_exit (libc sys.c), set before anything
 * can fail.  The root task keeps the kernel's thread_exit call instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sel4runtime.h>
#include <sel4runtime/start.h>

int main();
extern void (*__caplab_process_exit)(int status);   /* libc's sys.c */

extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
extern void (*__fini_array_start[])(void), (*__fini_array_end[])(void);

static char static_tls[CONFIG_SEL4RUNTIME_STATIC_TLS] __attribute__((aligned(64)));
static char const *root_argv[] = { "rootserver", NULL };
static char const *root_envp[] = { "seL4=1", NULL };

/* What the program was started with. */
static struct {
    int argc;
    char const *const *argv;
    char const *const *envp;
    auxv_t const *auxv;
    char const *process_name;
    seL4_BootInfo *bootinfo;
    seL4_IPCBuffer *ipc_buffer;
    seL4_CPtr tcb;                   /* the initial thread's own TCB cap */
    uintptr_t initial_tp;
    sel4runtime_exit_cb *exit_cb;
    sel4runtime_pre_exit_cb *pre_exit_cb;
    int destructors_run;
    int is_root;                     /* started by the kernel as the root task */
} env;

char const *sel4runtime_process_name(void) { return env.process_name; }
char const *const *sel4runtime_argv(void) { return env.argv; }
int sel4runtime_argc(void) { return env.argc; }
char const *const *sel4runtime_envp(void) { return env.envp; }
auxv_t const *sel4runtime_auxv(void) { return env.auxv; }
seL4_BootInfo *sel4runtime_bootinfo(void) { return env.bootinfo; }
int sel4runtime_initial_tls_enabled(void) { return env.initial_tp != 0; }

static _Noreturn void start_failed(const char *what, seL4_Word err)
{
    printf("sel4runtime: %s (error %lu); cannot start main()\n", what,
           (unsigned long)err);
    exit(1);
}

/* seL4_TCB_SetTLSBase without the IPC buffer (see the top of the file). */
static seL4_Error set_tls_base(seL4_CPtr tcb, uintptr_t tp)
{
    seL4_Word mr0 = tp, mr1 = 0, mr2 = 0, mr3 = 0;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(TCBSetTLSBase, 0, 0, 1);

    info = seL4_CallWithMRs(tcb, info, &mr0, &mr1, &mr2, &mr3);
    return (seL4_Error)seL4_MessageInfo_get_label(info);
}

void __sel4runtime_set_initial_tls_base(uintptr_t tls_base)
{
    if (set_tls_base(env.tcb, tls_base) != seL4_NoError)
        printf("sel4runtime: setting the TLS base needs the thread's TCB cap\n");
}

/* Copies the live TLS block of the caller into tls_memory and switches. */
uintptr_t sel4runtime_move_initial_tls(void *tls_memory)
{
    uintptr_t tp = sel4runtime_write_tls_image(tls_memory);
    uintptr_t old = env.initial_tp;
    size_t below = sel4runtime_get_tp_offset();

    if (tp == 0 || env.tcb == seL4_CapNull)
        return 0;
    if (old != 0)
        memcpy((void *)(tp - below), (const void *)(old - below), below);
    if (set_tls_base(env.tcb, tp) != seL4_NoError)
        return 0;
    env.initial_tp = tp;
    if (old == 0 && env.ipc_buffer != NULL)
        seL4_SetIPCBuffer(env.ipc_buffer);
    return tp;
}

static void setup_initial_tls(void)
{
    void *mem = static_tls;

    if (env.tcb == seL4_CapNull)
        start_failed("no TCB cap for the initial thread (auxv AT_SEL4_TCB)", 0);
    if (sel4runtime_get_tls_size() > sizeof(static_tls))
        mem = malloc(sel4runtime_get_tls_size());
    if (mem == NULL)
        start_failed("no memory for the TLS block", 0);
    if (sel4runtime_move_initial_tls(mem) == 0)
        start_failed("seL4_TCB_SetTLSBase on the initial thread failed", 0);
}

static void run_destructors(void)
{
    if (env.destructors_run)
        return;
    env.destructors_run = 1;
    for (void (**fn)(void) = __fini_array_end; fn > __fini_array_start; )
        (*--fn)();
}

static void run_constructors(void)
{
    for (void (**fn)(void) = __init_array_start; fn < __init_array_end; fn++)
        (*fn)();
    atexit(run_destructors);       /* exit() runs them too */
}

static void name_process(char const *arg0)
{
    env.process_name = arg0;
    for (char const *c = arg0; c != NULL && *c != '\0'; c++)
        if (*c == '/')
            env.process_name = c + 1;
}

static void read_auxv(auxv_t const *auxv)
{
    for (; auxv->a_type != AT_NULL; auxv++) {
        switch (auxv->a_type) {
        case AT_SEL4_BOOT_INFO:
            if (auxv->a_un.a_ptr != NULL) {
                env.bootinfo = auxv->a_un.a_ptr;
                env.ipc_buffer = env.bootinfo->ipcBuffer;
                env.tcb = seL4_CapInitThreadTCB;
            }
            break;
        case AT_SEL4_IPC_BUFFER_PTR:
            env.ipc_buffer = auxv->a_un.a_ptr;
            break;
        case AT_SEL4_TCB:
            env.tcb = (seL4_CPtr)auxv->a_un.a_val;
            break;
        default:
            break;
        }
    }
}

/* A process stops its own thread; without a TCB cap, it ends as a fault. */
static _Noreturn void process_exit(int status)
{
    if (status != 0)
        printf("%s: exited with status %d\n",
               env.argc > 0 && env.argv[0] != NULL ? env.argv[0] : "process", status);
    for (;;) {
        if (env.tcb != seL4_CapNull)
            seL4_TCB_Suspend(env.tcb);
        __asm__ volatile("ud2");
    }
}

/* Shared by both start-ups once the vectors are known; never returns. */
static _Noreturn void start_main(int argc, char const *const *argv,
                                 char const *const *envp, auxv_t const *auxv)
{
    env.argc = argc;
    env.argv = argv;
    env.envp = envp;
    env.auxv = auxv;
    read_auxv(auxv);
    if (!env.is_root)
        __caplab_process_exit = process_exit;
    if (argc > 0)
        name_process(argv[0]);
    setup_initial_tls();
    if (env.process_name != NULL && env.ipc_buffer != NULL)
        seL4_DebugNameThread(env.tcb, env.process_name);
    run_constructors();
    sel4runtime_exit(main(argc, argv, envp));
}

/* Called by _sel4_start with the kernel's RDI. */
_Noreturn void __sel4runtime_start_root(seL4_BootInfo *bootinfo)
{
    auxv_t auxv[] = {
        { .a_type = AT_SEL4_BOOT_INFO, .a_un.a_ptr = bootinfo },
        { .a_type = AT_SEL4_TCB, .a_un.a_val = seL4_CapInitThreadTCB },
        { .a_type = AT_NULL },
    };

    if (bootinfo == NULL)
        start_failed("the kernel passed no BootInfo (RDI = 0)", 0);
    env.is_root = 1;
    start_main(1, root_argv, root_envp, auxv);
}

sel4runtime_initial_stack_t __sel4runtime_read_initial_stack(const unsigned long *sp)
{
    sel4runtime_initial_stack_t st;
    char const *const *end;

    st.argc = (int)sp[0];
    st.argv = (char const *const *)&sp[1];
    st.envp = st.argv + st.argc + 1;
    for (end = st.envp; *end != NULL; end++)
        ;
    st.auxv = (auxv_t const *)(end + 1);
    return st;
}

/* Called by _start with the System V stack pointer (argc at sp[0]). */
_Noreturn void __sel4runtime_start_process(unsigned long *sp)
{
    sel4runtime_initial_stack_t st = __sel4runtime_read_initial_stack(sp);

    start_main(st.argc, st.argv, st.envp, st.auxv);
}

sel4runtime_exit_cb *sel4runtime_set_exit(sel4runtime_exit_cb *cb)
{
    sel4runtime_exit_cb *old = env.exit_cb;

    env.exit_cb = cb;
    return old;
}

sel4runtime_pre_exit_cb *sel4runtime_set_pre_exit(sel4runtime_pre_exit_cb *cb)
{
    sel4runtime_pre_exit_cb *old = env.pre_exit_cb;

    env.pre_exit_cb = cb;
    return old;
}

_Noreturn void sel4runtime_exit(int code)
{
    if (env.pre_exit_cb != NULL)
        code = env.pre_exit_cb(code);
    run_destructors();
    if (env.exit_cb != NULL)
        env.exit_cb(code);
    /* No callback, or it returned: stop this thread only. */
    if (!env.is_root)
        process_exit(code);
    caplab_sys_thread_exit((seL4_Word)(unsigned)code, 1);
}

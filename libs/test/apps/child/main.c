/*
 * child/main.c - a test app started by sel4utils_spawn_process_v.
 *
 *   child <endpoint cptr> call   Call the endpoint with what it sees of its
 *                                start: argc, TLS, stack alignment, envp,
 *                                the bytes of its arguments, the IPC buffer;
 *                                then main returns.
 *   child <endpoint cptr> fault  writes to address 0x20
 *   child <endpoint cptr> serve  replies to every Call, forever (benchmark)
 *   child <endpoint cptr> abort  calls abort(): only this program stops
 *   child <endpoint cptr> exit   calls exit(5): likewise
 */
#include <stdlib.h>
#include <string.h>
#include <sel4/sel4.h>

static __thread int tls_value = 1234;

static seL4_Word arg_bytes(int argc, char *argv[])
{
    seL4_Word sum = 0;

    for (int i = 0; i < argc; i++)
        for (const char *c = argv[i]; *c; c++)
            sum += (unsigned char)*c;
    return sum;
}

static void serve(seL4_CPtr ep)
{
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));

    for (;;) {
        (void)info;
        info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    }
}

int main(int argc, char *argv[], char *envp[])
{
    seL4_CPtr ep = argc > 1 ? (seL4_CPtr)strtoul(argv[1], NULL, 10) : 0;
    const char *mode = argc > 2 ? argv[2] : "call";

    if (strcmp(mode, "fault") == 0) {
        volatile uintptr_t bad = 0x20;
        *(volatile int *)bad = 1;
    }
    if (strcmp(mode, "serve") == 0)
        serve(ep);
    if (strcmp(mode, "abort") == 0)
        abort();
    if (strcmp(mode, "exit") == 0)
        exit(5);
    tls_value += argc;
    seL4_SetMR(0, argc);
    seL4_SetMR(1, tls_value);
    seL4_SetMR(2, ((uintptr_t)__builtin_frame_address(0) & 15) == 0);
    seL4_SetMR(3, envp != NULL && envp[0] == NULL);
    seL4_SetMR(4, arg_bytes(argc, argv));
    seL4_SetMR(5, seL4_GetIPCBuffer() != NULL);
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 6));
    return 0;
}

/*
 * ipc_buffer.c - the thread-local IPC-buffer pointer behind
 * seL4_GetIPCBuffer().  Each thread has its own copy in its TLS block; the
 * runtime (or whoever starts a thread) sets it.
 */
#include <sel4/sel4.h>

__thread seL4_IPCBuffer *__sel4_ipc_buffer;

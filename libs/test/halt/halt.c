/*
 * halt.c - a root task that stops with plain seL4_DebugHalt(): the kernel
 * must report a debug halt, not an exit (the stub must not pass the exit
 * magic), and nothing after the call may run.
 */
#include <stdio.h>
#include <sel4/sel4.h>

int main(void)
{
    printf("libs-halt: halting\n");
    seL4_DebugHalt();
    printf("libs-halt: still running (must not appear)\n");
    return 9;
}

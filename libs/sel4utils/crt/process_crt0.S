/*
 * process_start.S - _start, the first instruction of a program started by
 * sel4utils_spawn_process_v (a lab "app").
 *
 * The spawner leaves the System V initial stack: RSP (16-byte aligned)
 * points at argc, then argv[], NULL, envp[], NULL, auxv pairs ending in
 * AT_NULL.  We keep RSP's alignment, end the frame chain (RBP = 0) and
 * hand the stack pointer to the C start-up, which never returns.
 */
    .section .text._start, "ax", @progbits
    .global _start
    .type _start, @function
_start:
    xorl    %ebp, %ebp
    movq    %rsp, %rdi
    call    __sel4utils_process_start
1:  ud2
    jmp     1b
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits

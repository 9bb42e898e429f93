/*
 * sel4_start.S - the first instruction of a program: _sel4_start for a
 * root task, _start for a process (an app started by sel4utils).
 *
 * Root task: the kernel starts it with RDI = address of seL4_BootInfo,
 * RSP = 0 (there is no stack yet) and every other register 0.  We point
 * RSP at the top of a static stack in .bss and call the C start-up,
 * __sel4runtime_start_root(bootinfo), which never returns.
 *
 * Process: its creator gives it a stack holding the System V initial
 * layout (argc, argv, envp, auxv; see sel4runtime.h) with RSP pointing at
 * argc.  We pass that RSP to __sel4runtime_start_process(sp) after
 * aligning the stack to 16 bytes for the call.
 *
 * RSP is 16-byte aligned at each call instruction, as the System V ABI
 * requires; RBP = 0 ends the frame chain for debuggers.
 *
 * This object is linked first and on its own (USER_CRT0 in libs.mk): the
 * linker script names _sel4_start as the entry point (an app is linked
 * with -e _start), and an entry point alone would not pull it out of an
 * archive.
 */

#define ROOT_STACK_BYTES (64 * 1024)

    .section .text._sel4_start, "ax", @progbits
    .global _sel4_start
    .type _sel4_start, @function
_sel4_start:
    leaq    __sel4runtime_root_stack_top(%rip), %rsp
    xorl    %ebp, %ebp
    call    __sel4runtime_start_root
    /* not reached: the start-up ends in sel4runtime_exit() */
1:  ud2
    jmp     1b
    .size _sel4_start, . - _sel4_start

    .global _start
    .type _start, @function
_start:
    movq    %rsp, %rdi
    andq    $-16, %rsp
    xorl    %ebp, %ebp
    call    __sel4runtime_start_process
2:  ud2
    jmp     2b
    .size _start, . - _start

    .section .bss.__sel4runtime_root_stack, "aw", @nobits
    .balign 16
    .global __sel4runtime_root_stack
__sel4runtime_root_stack:
    .space  ROOT_STACK_BYTES
    .global __sel4runtime_root_stack_top
__sel4runtime_root_stack_top:

    .section .note.GNU-stack, "", @progbits

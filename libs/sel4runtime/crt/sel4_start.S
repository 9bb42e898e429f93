/*
 * sel4_start.S - the first instruction of a root task.
 *
 * The kernel starts the root task with RDI = address of seL4_BootInfo,
 * RSP = 0 (there is no stack yet) and every other register 0.  We point
 * RSP at the top of a static stack in .bss and call the C start-up,
 * __sel4runtime_start_root(bootinfo), which never returns.
 *
 * The stack top is 16-byte aligned, so RSP is 16-aligned at the call
 * instruction, as the System V ABI requires.  RBP = 0 ends the frame
 * chain for debuggers.
 *
 * This object is linked first and on its own (USER_CRT0 in libs.mk): the
 * linker script names _sel4_start as the entry point, and an entry point
 * alone would not pull it out of an archive.
 */

#define ROOT_STACK_BYTES (64 * 1024)

    .section .text._sel4_start, "ax", @progbits
    .global _sel4_start
    .type _sel4_start, @function
_sel4_start:
    leaq    __sel4runtime_root_stack_top(%rip), %rsp
    xorl    %ebp, %ebp
    call    __sel4runtime_start_root
    /* not reached: the start-up ends in exit() */
1:  ud2
    jmp     1b
    .size _sel4_start, . - _sel4_start

    .section .bss.__sel4runtime_root_stack, "aw", @nobits
    .balign 16
    .global __sel4runtime_root_stack
__sel4runtime_root_stack:
    .space  ROOT_STACK_BYTES
    .global __sel4runtime_root_stack_top
__sel4runtime_root_stack_top:

    .section .note.GNU-stack, "", @progbits

/*
 * arch/x86_64/entry.S - the only ways into and out of the kernel.
 *
 *   syscall_entry   SYSCALL from user mode (LSTAR points here)
 *   trap_vector_N   exceptions and interrupts (IDT gates)
 *   return_to_user  leave for user mode with a thread's saved registers
 *
 * The kernel has one stack (one CPU, interrupts off inside the kernel).
 * Entry code saves the user registers on it as a struct user_context
 * (kernel/include/object.h; offsets below must match it) and calls C.
 * C copies them into the current TCB and never returns: it leaves
 * through return_to_user.
 */

/* struct user_context offsets (checked by _Static_asserts in machine.c) */
#define UC_RAX     0
#define UC_RBX     8
#define UC_RCX     16
#define UC_RDX     24
#define UC_RSI     32
#define UC_RDI     40
#define UC_RBP     48
#define UC_R8      56
#define UC_R9      64
#define UC_R10     72
#define UC_R11     80
#define UC_R12     88
#define UC_R13     96
#define UC_R14     104
#define UC_R15     112
#define UC_RIP     120
#define UC_FAULTIP 128
#define UC_RFLAGS  136
#define UC_RSP     144
#define UC_FSBASE  152
#define UC_GSBASE  160
#define UC_ERROR   168
#define UC_SIZE    176

#define USER_CS    0x23
#define USER_SS    0x1b

    .section .bss
    .align 4096
    .global kernel_stack_bottom
kernel_stack_bottom:
    .skip 16384
    .global kernel_stack_top
kernel_stack_top:
user_rsp_scratch:
    .skip 8

    .text
    .code64

/* Store every general register except RSP into the frame at %rsp. */
.macro SAVE_GPRS
    movq %rax, UC_RAX(%rsp)
    movq %rbx, UC_RBX(%rsp)
    movq %rcx, UC_RCX(%rsp)
    movq %rdx, UC_RDX(%rsp)
    movq %rsi, UC_RSI(%rsp)
    movq %rdi, UC_RDI(%rsp)
    movq %rbp, UC_RBP(%rsp)
    movq %r8,  UC_R8(%rsp)
    movq %r9,  UC_R9(%rsp)
    movq %r10, UC_R10(%rsp)
    movq %r11, UC_R11(%rsp)
    movq %r12, UC_R12(%rsp)
    movq %r13, UC_R13(%rsp)
    movq %r14, UC_R14(%rsp)
    movq %r15, UC_R15(%rsp)
.endm

/*
 * Load every general register but RCX, R11, RDI and RSP from the frame at
 * \base.  Each exit path adds those four its own way: IRETQ restores all
 * of them, SYSRETQ takes RIP and RFLAGS from RCX and R11, and RDI is the
 * base itself, so it goes last.
 */
.macro LOAD_GPRS_BUT_RCX_R11_RDI base
    movq UC_RAX(\base), %rax
    movq UC_RBX(\base), %rbx
    movq UC_RDX(\base), %rdx
    movq UC_RSI(\base), %rsi
    movq UC_RBP(\base), %rbp
    movq UC_R8(\base),  %r8
    movq UC_R9(\base),  %r9
    movq UC_R10(\base), %r10
    movq UC_R12(\base), %r12
    movq UC_R13(\base), %r13
    movq UC_R14(\base), %r14
    movq UC_R15(\base), %r15
.endm

    .global syscall_entry
syscall_entry:
    /* RCX = user RIP, R11 = user RFLAGS; IF is already clear (FMASK). */
    movq %rsp, user_rsp_scratch(%rip)
    leaq kernel_stack_top(%rip), %rsp
    subq $UC_SIZE, %rsp
    SAVE_GPRS
    movq %rcx, UC_RIP(%rsp)
    movq %r11, UC_RFLAGS(%rsp)
    movq user_rsp_scratch(%rip), %rax
    movq %rax, UC_RSP(%rsp)
    movq $0, UC_ERROR(%rsp)
    movq %rsp, %rdi
    xorq %rbp, %rbp
    call c_handle_syscall
    ud2

/*
 * Interrupt/exception stubs.  The CPU pushed SS, RSP, RFLAGS, CS, RIP and,
 * for some vectors, an error code.  Each stub makes the stack uniform
 * (error code, then vector) and jumps to trap_common.
 */
.macro TRAP_NOERR n
    .align 16
trap_vector_\n:
    pushq $0
    pushq $\n
    jmp trap_common
.endm
.macro TRAP_ERR n
    .align 16
trap_vector_\n:
    pushq $\n
    jmp trap_common
.endm

/* Layout on the stack at trap_common: vector, error, rip, cs, rflags, rsp, ss */
trap_common:
    cld                               /* user code may have set DF; C expects it clear */
    subq $UC_SIZE, %rsp
    SAVE_GPRS
    movq UC_SIZE + 8(%rsp), %rax      /* error code */
    movq %rax, UC_ERROR(%rsp)
    movq UC_SIZE + 16(%rsp), %rax     /* rip */
    movq %rax, UC_RIP(%rsp)
    movq UC_SIZE + 32(%rsp), %rax     /* rflags */
    movq %rax, UC_RFLAGS(%rsp)
    movq UC_SIZE + 40(%rsp), %rax     /* rsp */
    movq %rax, UC_RSP(%rsp)
    movq %rsp, %rdi                   /* struct user_context * */
    movq UC_SIZE(%rsp), %rsi          /* vector */
    movq UC_SIZE + 24(%rsp), %rdx     /* cs */
    xorq %rbp, %rbp
    call c_handle_trap
    /* c_handle_trap returns only for an interrupt taken in kernel mode
     * (the idle loop): restore and iret to where we were. */
    LOAD_GPRS_BUT_RCX_R11_RDI %rsp
    movq UC_RCX(%rsp), %rcx
    movq UC_R11(%rsp), %r11
    movq UC_RDI(%rsp), %rdi
    addq $UC_SIZE + 16, %rsp
    iretq

/* void return_to_user(const struct user_context *ctx) -- never returns */
    .global return_to_user
return_to_user:
    leaq kernel_stack_top(%rip), %rsp
    pushq $USER_SS
    pushq UC_RSP(%rdi)
    pushq UC_RFLAGS(%rdi)
    pushq $USER_CS
    pushq UC_RIP(%rdi)
    LOAD_GPRS_BUT_RCX_R11_RDI %rdi
    movq UC_RCX(%rdi), %rcx
    movq UC_R11(%rdi), %r11
    movq UC_RDI(%rdi), %rdi
    iretq

/*
 * void return_to_user_sysret(const struct user_context *ctx) -- never returns.
 * The fast way back after a system call: SYSRET takes RIP from RCX and
 * RFLAGS from R11, so it is used only when the thread entered by SYSCALL
 * (which clobbered both) and nobody has written its registers since;
 * thread.c also checks that RIP is a canonical user address.
 */
    .global return_to_user_sysret
return_to_user_sysret:
    LOAD_GPRS_BUT_RCX_R11_RDI %rdi
    movq UC_RIP(%rdi), %rcx
    movq UC_RFLAGS(%rdi), %r11
    movq UC_RSP(%rdi), %rsp
    movq UC_RDI(%rdi), %rdi
    sysretq

/* Idle: wait for an interrupt with interrupts on, on the kernel stack. */
    .global idle_wait
idle_wait:
    sti
    hlt
    cli
    ret

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
.irp n, 22,23,24,25,26,27,28,29,30,31
TRAP_NOERR \n
.endr

/*
 * Interrupt stubs: one every 16 bytes for vectors 32..156 (the IRQs of
 * cpu.h and the LAPIC timer), then one for the spurious vector 255.
 * machine.c computes each gate's address from interrupt_stubs.
 */
    .align 16
    .global interrupt_stubs
interrupt_stubs:
.set vec, 32
.rept 156 - 32 + 1
    .org interrupt_stubs + (vec - 32) * 16     /* fails to assemble if a stub outgrew 16 bytes */
    pushq $0
    pushq $vec
    jmp trap_common
.set vec, vec + 1
.endr
    .org interrupt_stubs + (156 + 1 - 32) * 16
    pushq $0
    pushq $255
    jmp trap_common

/* Table of exception stub addresses for the IDT set-up in C: vectors 0..31. */
    .section .rodata
    .align 8
    .global trap_vectors
trap_vectors:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad trap_vector_\n
.endr

    .section .note.GNU-stack, "", @progbits

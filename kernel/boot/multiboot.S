/*
 * boot/multiboot.S - from the Multiboot loader to 64-bit C.
 *
 * QEMU (-kernel) enters _start in 32-bit protected mode with paging off,
 * EAX = Multiboot magic and EBX = physical address of the Multiboot info.
 * We build the smallest page tables that work both before and after the
 * jump to the higher half:
 *
 *   boot_pd      512 x 2 MiB pages: physical 0 .. 1 GiB
 *   PML4[0]   -> boot_pdpt_low[0]    -> boot_pd   (identity, for the switch)
 *   PML4[511] -> boot_pdpt_high[510] -> boot_pd   (0xffffffff80000000 + p)
 *
 * then turn on PAE, long mode (plus SYSCALL) and paging, and jump to
 * kernel_main(magic, mbi) on the kernel stack in the higher half.
 * EFER.NXE stays off, as on seL4 x86_64: no page is ever no-execute, so
 * bit 63 of every paging entry is reserved and must stay 0 (x86_64.h).
 * The identity map is dropped once the kernel has its own tables.
 */

#define MB_MAGIC       0x1BADB002
#define MB_PAGE_ALIGN  (1 << 0)     /* modules on page boundaries */
#define MB_MEMORY_INFO (1 << 1)     /* we want the memory map */
#define MB_AOUT_KLUDGE (1 << 16)    /* load by the address fields below */
#define MB_FLAGS       (MB_PAGE_ALIGN | MB_MEMORY_INFO | MB_AOUT_KLUDGE)

#define MSR_EFER       0xC0000080
#define EFER_SCE       (1 << 0)
#define EFER_LME       (1 << 8)
#define CR4_PAE        (1 << 5)
#define CR4_PGE        (1 << 7)
#define CR0_PE         (1 << 0)
#define CR0_WP         (1 << 16)
#define CR0_PG         (1 << 31)

    .section .multiboot, "a"
    .align 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header             /* header_addr */
    .long _kernel_phys_start    /* load_addr */
    .long _load_end_phys        /* load_end_addr */
    .long _kernel_end_phys      /* bss_end_addr: the loader zeroes .bss */
    .long _start                /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .global _start
_start:
    cli
    movl %eax, %edi             /* magic -> first C argument */
    movl %ebx, %esi             /* mbi   -> second C argument */

    /* PML4 and PDPT entries: present | writable */
    movl $boot_pdpt_low, %eax
    orl  $3, %eax
    movl %eax, boot_pml4
    movl $boot_pdpt_high, %eax
    orl  $3, %eax
    movl %eax, boot_pml4 + 511 * 8
    movl $boot_pd, %eax
    orl  $3, %eax
    movl %eax, boot_pdpt_low
    movl %eax, boot_pdpt_high + 510 * 8

    /* 512 large pages: present | writable | page size | global */
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl  $0x183, %eax
    movl %eax, boot_pd(, %ecx, 8)
    movl $0, boot_pd + 4(, %ecx, 8)
    incl %ecx
    cmpl $512, %ecx
    jne  1b

    movl %cr4, %eax
    orl  $(CR4_PAE | CR4_PGE), %eax
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $MSR_EFER, %ecx
    rdmsr
    orl  $(EFER_SCE | EFER_LME), %eax
    wrmsr
    movl %cr0, %eax
    orl  $(CR0_PG | CR0_WP | CR0_PE), %eax
    movl %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_mode_entry

    .code64
long_mode_entry:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $kernel_stack_top, %rsp
    xorq %rbp, %rbp
    movabsq $kernel_main, %rax
    call *%rax
2:  hlt
    jmp 2b

    .section .boot.data, "aw"
    .align 8
boot_gdt:
    .quad 0                     /* null */
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit code, ring 0 */
    .quad 0x00cf92000000ffff    /* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .align 4096
    .global boot_pml4
boot_pml4:
    .fill 4096, 1, 0
boot_pdpt_low:
    .fill 4096, 1, 0
    .global boot_pdpt_high
boot_pdpt_high:
    .fill 4096, 1, 0
    .global boot_pd
boot_pd:
    .fill 4096, 1, 0

    .section .note.GNU-stack, "", @progbits

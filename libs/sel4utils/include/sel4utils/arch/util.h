/*
 * sel4utils/arch/util.h - x86 helpers for fault handlers and contexts.
 */
#pragma once

#include <stdint.h>
#include <sel4/sel4.h>
#include <sel4/faults.h>
#include <utils/arith.h>
#include <utils/util.h>
#include <sel4utils/sel4_arch/util.h>

/* Bytes of the syscall instruction (to step over it). */
#define ARCH_SYSCALL_INSTRUCTION_SIZE 2

/* In a fault handler, right after receiving a VMFault: whether it was a
 * read (bit 1 of the x86 page-fault error code, the write bit, is clear). */
static inline int sel4utils_is_read_fault(void)
{
    return (seL4_GetMR(seL4_VMFault_FSR) & BIT(1)) == 0;
}

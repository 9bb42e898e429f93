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

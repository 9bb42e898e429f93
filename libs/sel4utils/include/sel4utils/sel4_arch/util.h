/*
 * sel4utils/sel4_arch/util.h - reading and setting the registers that
 * matter in an x86_64 seL4_UserContext.
 */
#pragma once

#include <sel4/sel4.h>

static inline seL4_Word sel4utils_get_instruction_pointer(seL4_UserContext regs)
{
    return regs.rip;
}

static inline seL4_Word sel4utils_get_sp(seL4_UserContext regs)
{
    return regs.rsp;
}

static inline void sel4utils_set_instruction_pointer(seL4_UserContext *regs, seL4_Word value)
{
    regs->rip = value;
}

static inline void sel4utils_set_stack_pointer(seL4_UserContext *regs, seL4_Word value)
{
    regs->rsp = value;
}

/* The first three integer arguments of the System V ABI. */
static inline void sel4utils_set_arg0(seL4_UserContext *regs, seL4_Word value)
{
    regs->rdi = value;
}

static inline void sel4utils_set_arg1(seL4_UserContext *regs, seL4_Word value)
{
    regs->rsi = value;
}

static inline void sel4utils_set_arg2(seL4_UserContext *regs, seL4_Word value)
{
    regs->rdx = value;
}

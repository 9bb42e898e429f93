/*
 * hostile.h - the little a hostile playground submission needs besides
 * libsel4: fresh objects from the largest RAM untyped, free slots,
 * threads that share the root task's CSpace and VSpace, and frames of
 * device memory mapped where the program wants them.
 *
 * test_hostile.py copies hostile.c and this file next to a case's main.c
 * when the case's expect.toml says `helpers = true` (playground cases only:
 * the kernel-objects lab takes main.c alone).  Everything here stops the
 * program with a "hostile: setup failed" line and exit status 90 when the
 * kernel refuses, so a broken setup is never mistaken for the behaviour a
 * case is about.
 */
#pragma once

#include <sel4/sel4.h>

#define HOSTILE_SETUP_FAILED 90

/* A never-used slot of the root CNode. */
seL4_CPtr hostile_slot(void);

/* One new object of `type` (size_bits for the variable-size ones). */
seL4_CPtr hostile_new(seL4_Word type, seL4_Word size_bits);

/*
 * A new thread in the root task's spaces, at the root task's priority,
 * with its own small stack, no IPC buffer and no fault handler, that
 * starts at entry(arg) with the registers in *regs (rip, rsp and rdi are
 * filled in here; pass NULL for all zero) and runs at once.
 * Returns the TCB cap.
 */
seL4_CPtr hostile_thread(void (*entry)(seL4_Word), seL4_Word arg, seL4_UserContext *regs);

/*
 * A frame cap for the 4 KiB page of device memory at `paddr`, carved from
 * the device untyped that covers it; seL4_CapNull if none covers it or the
 * kernel refuses.  (Not a setup failure: whether the kernel hands the page
 * out is what such a case is about.)
 */
seL4_CPtr hostile_device_frame(seL4_Word paddr);

/* Maps `frame` read-write, uncached, at `vaddr` in the root VSpace,
 * making the paging structures it needs; the kernel's answer to the map. */
seL4_Error hostile_map_uncached(seL4_CPtr frame, seL4_Word vaddr);

/* Stops the program: prints what failed and exits with status 90. */
_Noreturn void hostile_fail(const char *what, seL4_Word err);

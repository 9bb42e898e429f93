/*
 * ktest.h - the small harness shared by caplab's in-QEMU kernel tests.
 *
 * Every folder under tests/kernel/ is a root task.  The runner
 * (tests/kernel/test_kernel.py) copies this file and ktest.c next to the
 * folder's own .c files, builds the lot as the playground lab and boots it.
 *
 * Output contract, read by the runner (one line per check):
 *
 *     ok <n> - <what>
 *     not ok <n> - <what>: <expected> vs <actual>
 *     caplab-test: <P> passed, <F> failed
 *
 * and main() returns F.  Lines starting with "# " are comments.
 *
 * Besides the checks, the harness hands out what most tests need: free
 * slots of the root CNode, fresh objects carved from one big RAM untyped,
 * fresh virtual pages (paging structures are created on demand), and
 * threads that share the root task's CSpace and VSpace.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sel4/sel4.h>

/* ------------------------------------------------------------- checks */

/* Begins a test program: finds the BootInfo and the object pool. */
void kt_init(const char *suite);

/* Prints the summary line; main() returns this (the number of failures). */
int kt_done(void);

/* A check that is simply true or false. */
bool kt_true(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* expected == actual, both words. */
bool kt_word(seL4_Word expected, seL4_Word actual, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An seL4_Error, printed by name. */
bool kt_error(seL4_Error expected, seL4_Error actual, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * An error reply and its first n message registers, checked as one: call it
 * straight after the failing invocation, before anything else that could
 * reuse the IPC buffer.  Prints e.g. "seL4_RangeError [0, 47]".
 */
bool kt_error_mrs(seL4_Error expected, seL4_Error actual, int n, const seL4_Word *mrs,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define KT_MRS(...) ((const seL4_Word[]){ __VA_ARGS__ })

/* A comment line ("# ...") for the reader of the console; not a check. */
void kt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The name of an seL4_Error ("seL4_DeleteFirst"), or "error <n>". */
const char *kt_error_name(seL4_Word err);

/* ------------------------------------------------------- slots, objects */

extern seL4_BootInfo *kt_bi;

/* The next never-used slot of the root CNode (from bootinfo->empty). */
seL4_CPtr kt_slot(void);

/* Object size in bytes for Untyped_Retype (type, size_bits). */
seL4_Word kt_object_bytes(seL4_Word type, seL4_Word size_bits);

/* The cap-type tag seL4_DebugCapIdentify should give for an object type. */
seL4_Word kt_object_tag(seL4_Word type);

/*
 * One new object of `type` from the harness's pool untyped, in a fresh
 * slot; halts the test (with a "not ok" line) if the kernel refuses.
 */
seL4_CPtr kt_new(seL4_Word type, seL4_Word size_bits);

/* A fresh child untyped of 2^bits bytes, carved from the pool untyped. */
seL4_CPtr kt_new_untyped(unsigned bits);

/* The boot untyped the harness allocates from (revoking it would pull
 * every harness object, threads included, out from under the test). */
seL4_CPtr kt_pool_untyped(void);

/* The cptr of a boot untyped that satisfies the filter, or 0; *index gets
 * its position in untypedList.  `skip` boot untypeds that match are passed
 * over first, so callers can ask for a second one. */
seL4_CPtr kt_boot_untyped(bool device, unsigned min_bits, unsigned skip, unsigned *index);

/* Stops the program at once with a "not ok" line (setup failed). */
_Noreturn void kt_bail(const char *what, seL4_Word err);

/* ------------------------------------------------------------- vspace */

/* A fresh, never-mapped, 4 KiB-aligned virtual page address. */
seL4_Word kt_vaddr_page(void);

/* A fresh 2 MiB-aligned virtual range of 2 MiB (no page table yet). */
seL4_Word kt_vaddr_large(void);

/*
 * Maps the frame at vaddr in the root VSpace, creating any missing page
 * table, page directory or PDPT on the way.  Returns the kernel's answer
 * for the frame map itself.
 */
seL4_Error kt_map(seL4_CPtr frame, seL4_Word vaddr, seL4_CapRights_t rights);

/* A new 4 KiB frame mapped read-write at a fresh address. */
void *kt_new_page(seL4_CPtr *frame_out);

/* ------------------------------------------------------------ threads */

typedef void (*kt_entry_t)(seL4_Word arg);

struct kt_thread {
    seL4_CPtr tcb;
    seL4_CPtr ipc_frame;
    seL4_IPCBuffer *ipc;        /* where the thread's IPC buffer is mapped */
    seL4_Word stack_top;
    seL4_Word tls_base;          /* the thread pointer (FS_BASE) */
};

/*
 * Creates a thread in the root task's CSpace and VSpace: a new TCB, an IPC
 * buffer frame mapped at a fresh address, the given stack (a static array)
 * and a TLS block whose __sel4_ipc_buffer points at that buffer, so the
 * thread can use seL4_GetMR() and friends.  fault_ep is a cptr in the root
 * CSpace (0 for none).  The thread is configured but not started.
 */
void kt_thread_create(struct kt_thread *t, seL4_CPtr fault_ep, seL4_Word prio,
                      void *stack, size_t stack_bytes);

/*
 * Points the thread at entry(arg) with seL4_TCB_WriteRegisters and resumes
 * it.  entry must never return (end with kt_thread_stop()).
 */
seL4_Error kt_thread_start(struct kt_thread *t, kt_entry_t entry, seL4_Word arg);

/* Suspends the calling thread for good (tcb is its own TCB cap). */
_Noreturn void kt_thread_stop(seL4_CPtr tcb);

#define KT_STACK_BYTES 8192
#define KT_STACK(name) static unsigned char name[KT_STACK_BYTES] __attribute__((aligned(16)))

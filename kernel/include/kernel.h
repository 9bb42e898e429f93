/*
 * kernel.h - every function one kernel file offers another, grouped by the
 * file that defines it.  Read it as the kernel's table of contents.
 *
 * Rules that hold everywhere:
 *   - The kernel runs with interrupts off and never blocks inside itself; a
 *     system call runs to completion and then the scheduler picks a thread.
 *   - Every invocation is decoded first (all checks, no side effect) and
 *     then performed by an invoke_* function that cannot fail.
 *   - Nothing user code passes in may panic or hang the kernel: bad
 *     arguments end in an seL4 error reply or a fault, never in panic().
 */
#pragma once

#include <stdarg.h>
#include "types.h"
#include "object.h"

/* ---- arch/x86_64 (arch-specific; the host unit tests provide stubs) ---- */
void *kptr_of(paddr_t p);                 /* physical address -> kernel pointer (RAM only) */
paddr_t paddr_of(const void *kptr);       /* inverse of kptr_of */
void serial_putc(int port, char c);       /* raw byte to COM1 (console) or COM2 (events) */
void serial_write(int port, const char *s, size_t n);  /* n raw bytes, FIFO-sized bursts */
#define SERIAL_CONSOLE 0
#define SERIAL_EVENTS  1
NORETURN void machine_halt(int status);   /* isa-debug-exit; never returns */
#define HALT_OK    0x10                   /* QEMU exits with status 33 */
#define HALT_PANIC 0x11                   /* QEMU exits with status 35 */
void machine_init(void);                  /* segments, IDT, SYSCALL, PIC masked, FPU, timer, I/O APIC, serial */
void handle_interrupt(word_t irq);        /* interrupt.c: kernel IRQ irq (IDT vector 32 + irq) fired */
bool irq_wakeup_possible(void);           /* interrupt.c: could an IRQ still wake a thread? */
void fpu_init(void);                      /* fpu.c: CR0/CR4 bits for x87 and SSE */
void fpu_switch_to(struct tcb *t);        /* fpu.c: t's x87/SSE registers into the CPU */
void fpu_release(struct tcb *t);          /* fpu.c: save t's registers if the CPU holds them */
/* arch/x86_64/withheld.c: physical regions no device untyped may cover
 * (they reach interrupts or DMA); sorted by base, page aligned. */
struct withheld_region { paddr_t base; word_t size; const char *reason; };
extern const struct withheld_region withheld_regions[];
extern const unsigned n_withheld_regions;
/* arch/x86_64/mmu.c: the CPU's current PML4 (CR3), switching it (which
 * flushes the TLB), and the kernel's own PML4. */
paddr_t arch_current_vspace(void);
void arch_set_vspace(paddr_t pml4);
paddr_t arch_kernel_vspace(void);
/* machine.c: IOPort In/Out of width 1, 2 or 4 bytes (Out writes the low bytes). */
word_t port_in(word_t port, unsigned width);
void port_out(word_t port, unsigned width, word_t value);

/* ---- printf.c ---- */
int  kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int  ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void *memmove(void *d, const void *s, size_t n);
int  kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
void kputs(const char *s);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int   memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
NORETURN void panic(const char *fmt, ...);   /* kernel bugs only, never user input */

/* ---- event.c: the COM2 kernel event channel (docs/kernel-events.md) ----
 * One JSON object per line.  event_begin() opens an object with its "ev"
 * name and a sequence number; the field functions append; event_end()
 * closes and sends it.  One event is open at a time. */
void event_begin(const char *name);
void event_u64(const char *key, word_t v);     /* decimal number */
void event_hex(const char *key, word_t v);     /* "0x..." string */
void event_str(const char *key, const char *s);/* JSON string, escaped */
void event_bool(const char *key, bool v);
void event_raw(const char *key, const char *json); /* a JSON value built by the caller */
void event_append(const char *json);           /* raw text after the last value */
void event_end(void);
bool event_is_open(void);
void event_flush_open(void);                   /* close all open events (halting) */
void event_panic(const char *msg);             /* "panic" then "halt" */

/* ---- cap.c: constructing and comparing caps (capability core) ---- */
struct cap cap_null_new(void);
struct cap cap_untyped_new(paddr_t p, unsigned size_bits, bool device, word_t free_index);
struct cap cap_endpoint_new(paddr_t p, word_t badge, unsigned rights);
struct cap cap_notification_new(paddr_t p, word_t badge, unsigned rights);
struct cap cap_cnode_new(paddr_t p, unsigned radix, unsigned guard_size, word_t guard);
struct cap cap_thread_new(paddr_t tcb);
struct cap cap_reply_new(paddr_t caller, bool master, bool can_grant);
struct cap cap_frame_new(paddr_t p, unsigned size_bits, unsigned rights, bool device);
struct cap cap_table_new(enum cap_type type, paddr_t p);  /* page_table, page_directory, pdpt, pml4 */
struct cap cap_asid_pool_new(paddr_t p, word_t first_asid);
struct cap cap_irq_handler_new(word_t irq);
struct cap cap_io_port_new(word_t first, word_t last);
struct cap cap_singleton_new(enum cap_type type);  /* irq/asid/io_port control, domain */
const char *cap_type_name(unsigned type);          /* "notification", "cnode", ... */
word_t cap_object_size_bits(const struct cap *c);  /* bytes of the object, log2; 0 if none */
bool same_region_as(const struct cap *a, const struct cap *b);
bool same_object_as(const struct cap *a, const struct cap *b);
bool is_mdb_parent_of(const struct cte *a, const struct cte *b);
struct cap mask_cap_rights(struct cap c, unsigned rights);
/* derive_cap: the cap a Copy/Mint/IPC transfer puts in the new slot;
 * returns seL4_NoError or seL4_IllegalOperation / seL4_RevokeFirst. */
seL4_Error derive_cap(struct cte *src_slot, struct cap c, struct cap *out);
/* update_cap_data: apply a Mint/Mutate data word (badge or guard);
 * returns a null cap if the data is invalid for the cap. */
struct cap update_cap_data(bool preserve, word_t data, struct cap c);

/* ---- cdt.c: the capability derivation tree (list in derivation order) ---- */
struct cte *cte_next(const struct cte *s);
struct cte *cte_prev(const struct cte *s);
void cte_insert(struct cap new_cap, struct cte *parent, struct cte *dest);  /* derived child */
void cte_insert_root(struct cap c, struct cte *dest, bool revocable);      /* boot: a new tree root */
/* Retype: a new original (revocable) cap, placed right after its untyped. */
void cte_insert_original(struct cap c, struct cte *untyped, struct cte *dest);
void cte_move(struct cap new_cap, struct cte *src, struct cte *dest);
void cte_swap(struct cap c1, struct cte *s1, struct cap c2, struct cte *s2);
bool cte_has_children(const struct cte *s);
bool cte_is_final(const struct cte *s);            /* last cap to its object */
/* Remove the cap; if it was the last one, finalise its object (wake
 * threads, unbind, delete CNode contents ...).  Never recursive without
 * bound, never fails for user reasons. */
void cte_delete(struct cte *s);
void cte_revoke(struct cte *s);                    /* delete every descendant */

/* ---- cspace.c: CSpace addressing (seL4 manual, "CSpace addressing") ---- */
/* lookup_result.status */
#define LOOKUP_OK         0
#define LOOKUP_FAILED     1   /* lf says why */
#define LOOKUP_BAD_DEPTH  2   /* lookup_target_slot: depth not in 1..64 (a RangeError) */
struct lookup_result resolve_address_bits(struct cap root, word_t cptr, word_t n_bits);
/* Invoking a cap: depth 64 in the thread's CSpace; leftover bits are fine. */
struct lookup_result lookup_slot(struct tcb *t, word_t cptr);
/* A CNode method's (root, index, depth) argument: depth 1..64, must be used exactly. */
struct lookup_result lookup_target_slot(struct cap root, word_t index, word_t depth);
/* The same for a decoder: on failure records the seL4 error in inv
 * (FailedLookup with the source flag, or RangeError 1..64) and returns it. */
struct invocation;
seL4_Error lookup_slot_for_cnode_op(struct invocation *inv, bool is_source, struct cap root,
                                    word_t index, word_t depth, struct cte **out);

/* ---- invocation.c / errors.c: decoding one kernel invocation ---- */
struct invocation {
    struct tcb  *thread;        /* the invoker */
    word_t       cptr;          /* the invoked cptr */
    struct cte  *slot;          /* slot of the invoked cap */
    struct cap   cap;           /* the invoked cap (a copy) */
    word_t       label;         /* invocation label */
    word_t       length;        /* message length in words (cut to 4 without a buffer) */
    unsigned     extra_count;   /* extra caps looked up */
    struct cte  *extra[seL4_MsgMaxExtraCaps];
    word_t      *buffer;        /* the invoker's IPC buffer (kernel pointer) or NULL */
    bool         is_call;       /* Call: the invoker waits for a reply */
    bool         blocking;      /* Send/Call (not NBSend): may block, faults are handled */
    /* reply, filled by decode/invoke; the syscall layer delivers it */
    seL4_Error   error;
    word_t       reply_length;
    word_t       reply_mr[24];
};
word_t inv_mr(const struct invocation *inv, unsigned i);   /* argument MR i (0 if absent) */
void   inv_reply_mr(struct invocation *inv, unsigned i, word_t v);
const char *invocation_label_name(word_t label);           /* "CNodeMint", ... */
const char *error_name(seL4_Error e);                      /* "seL4_RangeError", ... */
/* The error path.  Each sets inv->error and the reply MRs of spec 3.1,
 * prints one <<seL4(CPU 0) [func/line T0x.. "name" @pc]: msg>> line and
 * adds "msg" to the open event, then returns the error. */
#define inv_fail(inv, err, ...)            inv_fail_(__func__, __LINE__, inv, err, __VA_ARGS__)
#define inv_invalid_argument(inv, i, ...)  inv_fail_args_(__func__, __LINE__, inv, seL4_InvalidArgument, i, 0, __VA_ARGS__)
#define inv_invalid_cap(inv, i, ...)       inv_fail_args_(__func__, __LINE__, inv, seL4_InvalidCapability, i, 0, __VA_ARGS__)
#define inv_range(inv, lo, hi, ...)        inv_fail_args_(__func__, __LINE__, inv, seL4_RangeError, lo, hi, __VA_ARGS__)
#define inv_not_enough_memory(inv, n, ...) inv_fail_args_(__func__, __LINE__, inv, seL4_NotEnoughMemory, n, 0, __VA_ARGS__)
#define inv_failed_lookup(inv, src, lf, ...) inv_fail_lookup_(__func__, __LINE__, inv, src, lf, __VA_ARGS__)
#define inv_failed_lookup_quiet(inv, src, lf, ...) inv_fail_lookup_quiet_(__func__, __LINE__, inv, src, lf, __VA_ARGS__)
seL4_Error inv_fail_(const char *fn, int line, struct invocation *inv, seL4_Error e, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
seL4_Error inv_fail_args_(const char *fn, int line, struct invocation *inv, seL4_Error e, word_t a0, word_t a1, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
seL4_Error inv_fail_lookup_quiet_(const char *fn, int line, struct invocation *inv, bool source, const struct lookup_fault *lf, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
seL4_Error inv_fail_lookup_(const char *fn, int line, struct invocation *inv, bool source, const struct lookup_fault *lf, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void user_error_line(const char *fn, int line, struct tcb *t, const char *msg);  /* the <<seL4 ...>> line */
/* Dispatch a kernel object's invocation to the decoder of its type.
 * Returns seL4_NoError or the error (already recorded in inv). */
seL4_Error decode_invocation(struct invocation *inv);
/* Send/NBSend/Call on cptr: look up the caps, then the one dispatch over
 * every cap type (endpoint, notification, reply, kernel objects). */
void handle_invocation(struct tcb *t, word_t cptr, bool is_call, bool blocking);

/* ---- untyped.c ---- */
seL4_Error decode_untyped_invocation(struct invocation *inv);
/* Make the object of `type` at paddr p (zeroed unless device) and return
 * its original cap.  Used by retype and by boot. */
struct cap create_object(seL4_ObjectType type, paddr_t p, unsigned size_bits, bool device);
/* log2 of an object's size, or -1 if type/size_bits is invalid. */
int object_size_bits(seL4_ObjectType type, word_t user_size_bits);
const char *object_type_name(word_t type);         /* "seL4_EndpointObject", ... */

/* ---- cnode.c ---- */
seL4_Error decode_cnode_invocation(struct invocation *inv);

/* ---- notification.c ---- */
seL4_Error decode_notification_invocation(struct invocation *inv);  /* Signal */
/* Signal n; returns the thread it woke (NULL if none), for the event. */
struct tcb *send_signal(struct notification *n, word_t badge);
bool signal_would_wake(const struct notification *n);   /* a Signal now wakes a thread */
/* Recv/NBRecv on a notification cap by thread t; blocking = false for Poll. */
void receive_signal(struct tcb *t, struct cap c, bool blocking);
void cancel_all_signals(struct notification *n);     /* last cap deleted */
void cancel_signal(struct tcb *t, struct notification *n); /* t leaves the queue */
void unbind_notification(struct tcb *t);
void unbind_maybe_notification(struct notification *n);
void bind_notification(struct tcb *t, struct notification *n);
/* The delayed "wait" event of a waiter that a signal has just woken. */
void event_wait_completed(struct tcb *t, word_t badge);

/* ---- endpoint.c ---- */
seL4_Error decode_endpoint_invocation(struct invocation *inv);  /* Send/Call on an endpoint */
seL4_Error decode_reply_invocation(struct invocation *inv);     /* Send/Call on a reply cap */
void send_ipc(struct tcb *t, struct cap ep_cap, bool blocking, bool is_call, word_t cptr);
void receive_ipc(struct tcb *t, struct cap ep_cap, bool blocking, word_t cptr);
void send_fault_ipc(struct tcb *t, struct cap ep_cap, word_t cptr);
void do_reply_transfer(struct tcb *replier, struct tcb *receiver, struct cte *reply_slot, bool grant);
void cancel_all_ipc(struct endpoint *ep);            /* last cap deleted */
void cancel_ipc(struct tcb *t);                      /* t leaves whatever it waits on */
void cancel_badged_sends(struct endpoint *ep, word_t badge);

/* ---- tcb.c ---- */
seL4_Error decode_tcb_invocation(struct invocation *inv);
void tcb_suspend(struct tcb *t);                     /* last cap deleted, or Suspend */
void tcb_restart(struct tcb *t);
word_t *tcb_ipc_buffer(struct tcb *t, bool receiving);  /* kernel pointer or NULL */
word_t get_mr(struct tcb *t, word_t *buf, unsigned i);
void   set_mr(struct tcb *t, word_t *buf, unsigned i, word_t v);
void tcb_write_fault_reply_registers(struct tcb *r, struct tcb *replier, word_t *sbuf,
                                     word_t len, bool unknown_syscall);

/* ---- thread.c: thread states and the scheduler ---- */
extern struct tcb *cur_thread;
void set_thread_state(struct tcb *t, enum thread_state s);
bool thread_is_runnable(const struct tcb *t);
void sched_enqueue(struct tcb *t);                   /* head of its priority's ready queue */
void sched_append(struct tcb *t);                    /* tail of its priority's ready queue */
void sched_dequeue(struct tcb *t);
void possible_switch_to(struct tcb *t);              /* t became runnable: may run next */
void reschedule_required(void);                      /* choose the next thread afresh */
void schedule(void);                                 /* pick cur_thread for the return to user */
void set_badge_register(struct tcb *t, word_t badge); /* RDI on return */
void set_msginfo_register(struct tcb *t, seL4_MessageInfo_t info);  /* RSI */
void wake_with_badge(struct tcb *t, word_t badge);   /* notification delivery: RDI = badge, Running */
word_t user_rflags(word_t rflags);                   /* the flags a user thread may run with */
const char *thread_name(const struct tcb *t);
void sched_yield(struct tcb *t);                     /* current thread to the tail, choose anew */
void sched_set_priority(struct tcb *t, unsigned prio);
NORETURN void activate_and_return(void);             /* schedule and leave for user mode */
void tcb_debug_append(struct tcb *t);                /* a new TCB joins the list of all TCBs */
void tcb_debug_remove(struct tcb *t);                /* its last cap is gone */
void debug_dump_scheduler(void);                     /* seL4_DebugDumpScheduler's table */
NORETURN void kernel_halt(const char *reason, word_t status, struct tcb *t);  /* "halt" event */
void thread_exit(struct tcb *t, word_t status, bool root);  /* main() returned: suspend t */

/* ---- syscall.c ---- */
void handle_recv(struct tcb *t, word_t cptr, bool blocking);
void handle_reply(struct tcb *t);

/* ---- vspace.c (x86_64) ---- */
seL4_Error decode_x86_mmu_invocation(struct invocation *inv);
void unmap_cap_object(const struct cap *c);          /* last cap to a frame/table deleted */
void vspace_kernel_init(void);                       /* drop the boot identity map */
void asid_pool_register(unsigned pool, paddr_t pool_paddr);
void asid_assign(word_t asid, paddr_t pml4);
void vspace_boot_map(paddr_t pml4, word_t vaddr, paddr_t frame, bool writable,
                     paddr_t (*alloc_table)(enum cap_type type, word_t vaddr));
bool user_read_word(struct tcb *t, word_t vaddr, word_t *out);  /* for fault reports */
bool vspace_root_valid(const struct cap *c);         /* PML4 whose ASID still names it */
void arch_init_vspace_root(paddr_t pml4);            /* copy the kernel mappings into a new PML4 */

/* ---- interrupt.c: IRQ control and IRQ handlers ---- */
seL4_Error decode_irq_control_invocation(struct invocation *inv);
seL4_Error decode_irq_handler_invocation(struct invocation *inv);
void irq_handler_deleted(word_t irq);
/* The empty slot (extra cap root_cap, index, depth) an issued cap goes to. */
seL4_Error dest_slot(struct invocation *inv, unsigned root_cap, word_t index, word_t depth,
                     struct cte **out);

/* ---- ioport.c: I/O port control and I/O ports ---- */
seL4_Error decode_io_port_control_invocation(struct invocation *inv);
seL4_Error decode_io_port_invocation(struct invocation *inv);
void io_port_deleted(word_t first, word_t last);

/* ---- fault.c ---- */
void handle_fault(struct tcb *t);                    /* t->fault set; deliver or report */
void fault_set_cap(struct tcb *t, word_t cptr, bool in_recv, const struct lookup_fault *lf);
void fault_set_vm(struct tcb *t, word_t addr, word_t fsr, bool fetch);
void fault_set_user_exception(struct tcb *t, word_t vector, word_t code);
void fault_set_unknown_syscall(struct tcb *t, word_t number);
word_t fault_message(struct tcb *t, word_t *mr);     /* MRs of the fault message; returns length */
word_t fault_label(const struct tcb *t);

/* ---- elf.c: reading the root task's ELF64 image ---- */
#define ELF_PF_X 1u      /* elf_segment.flags */
#define ELF_PF_W 2u
#define ELF_PF_R 4u
struct elf_segment {
    word_t vaddr;        /* where the segment starts in user space */
    word_t memsz;        /* bytes in memory (the tail past filesz is zero) */
    word_t filesz;       /* bytes taken from the file */
    word_t offset;       /* file offset of the first byte */
    unsigned flags;      /* ELF_PF_* */
};
/* Every other elf_* function may only be called on an image that passed. */
bool elf_valid(const void *img, word_t size);
word_t elf_entry(const void *img);
unsigned elf_phnum(const void *img);
bool elf_load_segment(const void *img, unsigned i, struct elf_segment *out);  /* PT_LOAD only */

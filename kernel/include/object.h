/*
 * object.h - the layouts of kernel objects and capabilities.
 *
 * A capability (struct cap) is 24 bytes; with its two derivation-tree links
 * it fills one 32-byte CNode slot (struct cte), so a CNode of radix r takes
 * 2^(r + seL4_SlotBits) bytes exactly as in seL4.
 *
 * Every cap names its object by *physical* address (cap.ptr); kernel code
 * reaches the object through kptr_of().  The fields of struct cap mean
 * different things for different cap types:
 *
 *   type            bits          ptr            data                 other
 *   untyped         size_bits     region paddr   free index (bytes)   CAP_F_DEVICE
 *   endpoint        -             object paddr   badge                rights
 *   notification    -             object paddr   badge                rights
 *   cnode           radix         object paddr   guard                guard_size
 *   thread          -             tcb paddr      -
 *   reply           -             caller tcb     can_grant (0/1)      CAP_F_MASTER_REPLY
 *   frame           12/21/30      frame paddr    mapped vaddr         rights, asid,
 *                                                                     CAP_F_DEVICE, CAP_F_MAPPED
 *   page_table/
 *   page_directory/
 *   pdpt            -             table paddr    mapped vaddr         asid, CAP_F_MAPPED
 *   pml4            -             table paddr    -                    asid, CAP_F_MAPPED (= has asid)
 *   asid_pool       -             pool paddr     first asid
 *   irq_handler     -             -              irq number
 *   io_port         -             -              first | last << 16
 *   irq_control, asid_control, io_port_control, domain: no fields.
 *
 * Caps are built only through the cap_*_new() constructors in cap.c.
 */
#pragma once

#include "types.h"

/* Cap types: the x86_64 tags that seL4_DebugCapIdentify reports. */
enum cap_type {
    cap_null              = seL4_CapTag_Null,
    cap_frame             = seL4_CapTag_Frame,
    cap_untyped           = seL4_CapTag_Untyped,
    cap_page_table        = seL4_CapTag_PageTable,
    cap_endpoint          = seL4_CapTag_Endpoint,
    cap_page_directory    = seL4_CapTag_PageDirectory,
    cap_notification      = seL4_CapTag_Notification,
    cap_pdpt              = seL4_CapTag_PDPT,
    cap_reply             = seL4_CapTag_Reply,
    cap_pml4              = seL4_CapTag_PML4,
    cap_cnode             = seL4_CapTag_CNode,
    cap_asid_control      = seL4_CapTag_ASIDControl,
    cap_thread            = seL4_CapTag_Thread,
    cap_asid_pool         = seL4_CapTag_ASIDPool,
    cap_irq_control       = seL4_CapTag_IRQControl,
    cap_irq_handler       = seL4_CapTag_IRQHandler,
    cap_zombie            = seL4_CapTag_Zombie,
    cap_io_port           = seL4_CapTag_IOPort,
    cap_domain            = seL4_CapTag_Domain,
    cap_io_port_control   = seL4_CapTag_IOPortControl,
};

/* cap.flags */
#define CAP_F_DEVICE        0x01   /* untyped/frame: device memory */
#define CAP_F_MAPPED        0x02   /* frame/table: installed in a VSpace; pml4: has an ASID */
#define CAP_F_MASTER_REPLY  0x04   /* reply: the TCB's own reply slot */

/* cap.mdb_flags: derivation-tree bits that travel with the slot. */
#define MDB_REVOCABLE       0x01   /* may have children (an "original" cap) */
#define MDB_FIRST_BADGED    0x02   /* first cap with this badge (EP/Ntfn) */

struct cap {
    uint8_t  type;        /* enum cap_type */
    uint8_t  rights;      /* seL4_CapRights bits: 1 W, 2 R, 4 G, 8 GR */
    uint8_t  bits;        /* size bits (untyped, frame) or radix (cnode) */
    uint8_t  guard_size;  /* cnode */
    uint8_t  flags;       /* CAP_F_* */
    uint8_t  mdb_flags;   /* MDB_* (belongs to the slot, kept here to fit 32 B) */
    uint16_t asid;        /* frames and tables: ASID of the mapping */
    uint64_t ptr;         /* paddr of the object (see table above) */
    uint64_t data;        /* badge, guard, free index, vaddr, ... */
};

/*
 * A slot.  prev/next link all slots into one list in derivation order
 * (pre-order of the capability derivation tree): a cap's descendants follow
 * it directly.  Links are physical addresses of the neighbour slots, 0 for
 * none (no slot lives at physical address 0).
 */
struct cte {
    struct cap cap;
    uint32_t   prev;
    uint32_t   next;
};

_Static_assert(sizeof(struct cap) == 24, "cap is 24 bytes");
_Static_assert(sizeof(struct cte) == BIT(seL4_SlotBits), "slot is 32 bytes");

/*
 * Typed reads of the overloaded fields, one per meaning in the table at
 * the top: code outside cap.c reads a badge with cap_badge(), never as
 * "c.data".  Each says which cap types it is for.
 */
#define CAP_IO_PORT_BITS 16      /* io_port data: first | last << 16 */

static inline word_t cap_badge(const struct cap *c)          { return c->data; }  /* endpoint, notification */
static inline word_t cap_guard(const struct cap *c)          { return c->data; }  /* cnode */
static inline unsigned cap_guard_size(const struct cap *c)   { return c->guard_size; }
static inline unsigned cap_cnode_radix(const struct cap *c)  { return c->bits; }
static inline word_t cap_untyped_free_index(const struct cap *c) { return c->data; }
static inline bool cap_is_device(const struct cap *c)        { return c->flags & CAP_F_DEVICE; }  /* untyped, frame */
static inline bool cap_reply_can_grant(const struct cap *c)  { return c->data != 0; }
static inline bool cap_reply_is_master(const struct cap *c)  { return c->flags & CAP_F_MASTER_REPLY; }
static inline bool cap_is_mapped(const struct cap *c)        { return c->flags & CAP_F_MAPPED; }  /* frame, tables; pml4: has an ASID */
static inline word_t cap_mapped_vaddr(const struct cap *c)   { return c->data; }  /* frame, page_table, page_directory, pdpt */
static inline word_t cap_asid_pool_base(const struct cap *c) { return c->data; }  /* first ASID of the pool */
static inline word_t cap_irq(const struct cap *c)            { return c->data; }  /* irq_handler */
static inline word_t cap_io_first(const struct cap *c)       { return c->data & MASK(CAP_IO_PORT_BITS); }
static inline word_t cap_io_last(const struct cap *c)        { return (c->data >> CAP_IO_PORT_BITS) & MASK(CAP_IO_PORT_BITS); }

/* The one spelling of a rights test: does c carry every right in r? */
static inline bool cap_has_rights(const struct cap *c, seL4_CapRights_t r)
{
    return (c->rights & r.words[0]) == r.words[0];
}

/* ------------------------------------------------------------------ */
/* Notification (2^5 bytes) */

enum ntfn_state { NTFN_IDLE = 0, NTFN_WAITING = 1, NTFN_ACTIVE = 2 };

struct notification {
    uint64_t state;        /* enum ntfn_state */
    uint64_t word;         /* pending badge bits while ACTIVE */
    uint32_t queue_head;   /* paddr of first waiting tcb (WAITING) */
    uint32_t queue_tail;   /* paddr of last waiting tcb */
    uint64_t bound_tcb;    /* paddr of bound tcb or 0 */
};
_Static_assert(sizeof(struct notification) <= BIT(seL4_NotificationBits), "ntfn fits");

/* Endpoint (2^4 bytes) */

enum ep_state { EP_IDLE = 0, EP_SEND = 1, EP_RECV = 2 };

struct endpoint {
    uint32_t state;        /* enum ep_state */
    uint32_t queue_head;   /* paddr of first queued tcb */
    uint32_t queue_tail;   /* paddr of last queued tcb */
    uint32_t pad;
};
_Static_assert(sizeof(struct endpoint) <= BIT(seL4_EndpointBits), "ep fits");

/* ------------------------------------------------------------------ */
/* TCB (2^11 bytes) */

enum thread_state {
    ThreadState_Inactive = 0,
    ThreadState_Running,
    ThreadState_Restart,
    ThreadState_BlockedOnReceive,
    ThreadState_BlockedOnSend,
    ThreadState_BlockedOnReply,
    ThreadState_BlockedOnNotification,
    ThreadState_IdleThreadState,
};

/*
 * Saved user registers.  The order is the one the entry code in
 * arch/x86_64/entry.S pushes and pops; offsets are checked there.
 */
struct user_context {
    word_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
    word_t r8, r9, r10, r11, r12, r13, r14, r15;
    word_t rip;        /* next instruction when the thread resumes */
    word_t fault_ip;   /* restart address (the syscall instruction) */
    word_t rflags;
    word_t rsp;
    word_t fs_base;
    word_t gs_base;
    word_t error;      /* hardware error code of the last exception */
};

/*
 * A thread's x87/SSE registers in the FXSAVE64 layout (512 bytes, 16-byte
 * aligned): control, status and tag words, the last instruction and data
 * pointers, MXCSR, then ST0-ST7, XMM0-XMM15 and a reserved tail.
 * arch/x86_64/fpu.c saves and loads it; a new thread starts with the state
 * FNINIT and a reset give (every exception masked, round to nearest).
 */
#define FPU_FCW_DEFAULT   0x037F
#define FPU_MXCSR_DEFAULT 0x1F80

struct fpu_state {
    uint16_t fcw, fsw;
    uint8_t  ftw, reserved0;     /* abridged tag word: 0 = every register empty */
    uint16_t fop;
    uint64_t fip, fdp;
    uint32_t mxcsr, mxcsr_mask;
    uint8_t  st_xmm[512 - 32];   /* ST0-7 (16 bytes each), XMM0-15, reserved */
} __attribute__((aligned(16)));
_Static_assert(sizeof(struct fpu_state) == 512, "FXSAVE area is 512 bytes");

/* The TCB's own slots, at the start of the object. */
enum tcb_slot {
    TCB_CTABLE = 0,    /* CSpace root */
    TCB_VTABLE,        /* VSpace root (PML4) */
    TCB_REPLY,         /* this thread's master reply cap */
    TCB_CALLER,        /* reply cap to the thread waiting for our reply */
    TCB_BUFFER,        /* IPC buffer frame */
    TCB_SLOT_COUNT
};

/* seL4's x86_64 debug build: half the 2^11-byte TCB less its 5 slots (32
 * bytes each) and the two debug-list links: names are cut to 847 chars. */
#define TCB_NAME_LENGTH 848

struct tcb {
    struct cte slots[TCB_SLOT_COUNT];
    struct user_context ctx;
    uint8_t  state;             /* enum thread_state */
    uint8_t  priority;
    uint8_t  mcp;
    uint8_t  domain;
    /* IPC blocking state */
    uint8_t  blocked_is_call;   /* BlockedOnSend: the send was a Call */
    uint8_t  blocked_can_grant; /* BlockedOnSend: sender cap had Grant */
    uint8_t  blocked_can_grant_reply;
    uint8_t  blocked_ep_rights;
    uint64_t blocked_badge;     /* BlockedOnSend: badge of the sender's cap */
    uint64_t blocked_object;    /* paddr of the EP/notification blocked on */
    uint64_t blocked_cptr;      /* cptr used for the blocking call (for events) */
    uint32_t ipc_prev, ipc_next;   /* EP or notification queue links (paddr) */
    uint32_t sched_prev, sched_next; /* ready queue links (paddr) */
    uint32_t debug_prev, debug_next; /* the list of every TCB, for DebugDumpScheduler */
    uint64_t fault_ep;          /* cptr, looked up in the thread's own CSpace */
    uint64_t ipc_buffer;        /* user vaddr of the IPC buffer, 0 = none */
    uint64_t bound_ntfn;        /* paddr of the bound notification or 0 */
    uint64_t fault[4];          /* the pending fault (see fault.c) */
    uint8_t  fault_type;        /* seL4_Fault_* + 1, 0 = none */
    uint8_t  in_ready_queue;
    uint8_t  time_slice;        /* timer ticks left before round robin */
    uint8_t  resume_by_sysret;  /* RCX/R11 are free: leave with sysretq (entered by syscall) */
    char     name[TCB_NAME_LENGTH];
    struct fpu_state fpu;       /* x87/SSE registers while another thread runs */
};
/* seL4's x86_64 TCB is 2^11 bytes with a 576-byte FPU area; ours is 512. */
_Static_assert(sizeof(struct tcb) <= BIT(seL4_TCBBits), "tcb fits");

/* ------------------------------------------------------------------ */
/* Failures that decode functions report. */

struct lookup_fault {
    uint8_t type;          /* seL4_LookupFailureType */
    word_t  bits_left;
    word_t  bits_found;    /* DepthMismatch: bits the CNode would resolve; GuardMismatch: guard found */
    word_t  guard_size;    /* GuardMismatch */
};

/* Result of a CSpace lookup. */
struct lookup_result {
    int    status;         /* 0 ok, else failed with lf set */
    struct cte *slot;
    word_t bits_remaining;
    struct lookup_fault lf;
};

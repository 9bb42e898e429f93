/*
 * thread.c - thread states and the scheduler.
 *
 * Ready queues: one FIFO per priority (0..255) plus a bitmap of non-empty
 * queues.  Every runnable thread (Running or Restart) is in its queue,
 * including the current one.  schedule() keeps the current thread while
 * it is runnable and no ready thread has a higher priority (unless it
 * yielded), otherwise it takes the head of the highest non-empty queue:
 * round robin among equals happens on Yield.
 *
 * Leaving the kernel: activate_and_return() picks the thread, restarts it
 * at its fault IP if it is in the Restart state, switches address space
 * and returns to user mode through leave_for_user(), the one exit, which
 * sanitises what the TCB says before the CPU sees it.  When no thread can run and nothing could
 * ever wake one, the machine halts with reason "idle" at once rather than
 * leaving the grader to wait for a time-out.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

struct tcb *cur_thread;
static uint32_t ready_head[CONFIG_NUM_PRIORITIES];
static uint32_t ready_tail[CONFIG_NUM_PRIORITIES];
static uint64_t ready_bitmap[CONFIG_NUM_PRIORITIES / 64];
static bool yield_pending;

static struct tcb *tcb_at(uint32_t p) { return p ? kptr_of(p) : NULL; }
static uint32_t tcb_ref(struct tcb *t) { return (uint32_t)paddr_of(t); }

bool thread_is_runnable(const struct tcb *t)
{
    return t->state == ThreadState_Running || t->state == ThreadState_Restart;
}

void sched_enqueue(struct tcb *t)
{
    if (t->in_ready_queue)
        return;
    unsigned p = t->priority;
    t->sched_next = 0;
    t->sched_prev = ready_tail[p];
    if (ready_tail[p])
        tcb_at(ready_tail[p])->sched_next = tcb_ref(t);
    else
        ready_head[p] = tcb_ref(t);
    ready_tail[p] = tcb_ref(t);
    ready_bitmap[p / 64] |= BIT(p % 64);
    t->in_ready_queue = 1;
}

void sched_dequeue(struct tcb *t)
{
    if (!t->in_ready_queue)
        return;
    unsigned p = t->priority;
    if (t->sched_prev) tcb_at(t->sched_prev)->sched_next = t->sched_next;
    else ready_head[p] = t->sched_next;
    if (t->sched_next) tcb_at(t->sched_next)->sched_prev = t->sched_prev;
    else ready_tail[p] = t->sched_prev;
    if (!ready_head[p])
        ready_bitmap[p / 64] &= ~BIT(p % 64);
    t->sched_prev = t->sched_next = 0;
    t->in_ready_queue = 0;
}

/* Move to the tail of its queue and give up the CPU to an equal. */
void sched_yield(struct tcb *t)
{
    sched_dequeue(t);
    sched_enqueue(t);
    yield_pending = true;
}

/* Priority changes must requeue a ready thread. */
void sched_set_priority(struct tcb *t, unsigned prio)
{
    bool queued = t->in_ready_queue;
    sched_dequeue(t);
    t->priority = (uint8_t)prio;
    if (queued)
        sched_enqueue(t);
}

static int highest_ready_priority(void)
{
    for (int w = ARRAY_SIZE(ready_bitmap) - 1; w >= 0; w--)
        if (ready_bitmap[w])
            return w * 64 + 63 - __builtin_clzll(ready_bitmap[w]);
    return -1;
}

void set_thread_state(struct tcb *t, enum thread_state s)
{
    t->state = (uint8_t)s;
    if (thread_is_runnable(t))
        sched_enqueue(t);
    else
        sched_dequeue(t);
}

void schedule(void)
{
    int p = highest_ready_priority();
    bool keep = cur_thread && thread_is_runnable(cur_thread) && !yield_pending &&
                (int)cur_thread->priority >= p;
    yield_pending = false;
    if (keep)
        return;
    cur_thread = p < 0 ? NULL : tcb_at(ready_head[p]);
}

void set_badge_register(struct tcb *t, word_t badge) { t->ctx.rdi = badge; }
void set_msginfo_register(struct tcb *t, seL4_MessageInfo_t info) { t->ctx.rsi = info.words[0]; }

void wake_with_badge(struct tcb *t, word_t badge)
{
    set_badge_register(t, badge);
    set_thread_state(t, ThreadState_Running);
}

const char *thread_name(const struct tcb *t)
{
    if (!t) return "(none)";
    return t->name[0] ? t->name : "(unnamed)";
}

static NORETURN void halt_named(const char *reason, word_t status, const char *thread)
{
    event_flush_open();
    event_begin("halt");
    event_str("reason", reason);
    event_u64("status", status);
    event_str("thread", thread);
    event_end();
    machine_halt(HALT_OK);
}

/*
 * The RFLAGS a user thread may run with: the arithmetic flags and DF as it
 * left them, IF and the always-one bit 1 set, everything else clear (TF,
 * IOPL, NT, RF, VM, AC, VIF, VIP, ID).  WriteRegisters and every return to
 * user mode apply it, so no value in a TCB can give a thread I/O privilege.
 */
#define RFLAGS_USER_KEEP 0xcd5ull        /* CF PF AF ZF SF DF OF */
#define RFLAGS_ALWAYS    (BIT(1) | RFLAGS_IF)

word_t user_rflags(word_t rflags)
{
    return (rflags & RFLAGS_USER_KEEP) | RFLAGS_ALWAYS;
}

/*
 * The one way out to user mode, for SYSRETQ and IRETQ alike.  Whatever the
 * TCB holds, the thread runs with sanitised RFLAGS, null data segments
 * (CS and SS are constants in entry.S), its own FS base and its own x87/SSE
 * registers.  SYSRETQ is used only after a system call whose RCX/R11 are
 * free, and never to a non-canonical RIP (it would fault in ring 0).
 */
static NORETURN void leave_for_user(struct tcb *t)
{
    t->ctx.rflags = user_rflags(t->ctx.rflags);
    load_null_data_segments();
    wrmsr(MSR_FS_BASE, t->ctx.fs_base);
    fpu_switch_to(t);
    if (t->resume_by_sysret && t->ctx.rip < seL4_UserTop)
        return_to_user_sysret(&t->ctx);
    return_to_user(&t->ctx);
}

NORETURN void kernel_halt(const char *reason, word_t status, struct tcb *t)
{
    halt_named(reason, status, t ? thread_name(t) : NULL);
}

/*
 * A thread ended its program without halting the machine (the runtime's
 * default when main() returns: on seL4, sel4runtime's exit stops only that
 * thread too).  The thread is suspended; the others go on.  For the root
 * task's main thread (`root`, the runtime's word: forging it changes only
 * the status reported) the status is kept, so that the machine, once no
 * thread can ever run again, halts with reason "exit" and this status
 * rather than "idle" (halt_idle below).
 */
static struct {
    bool ended;
    word_t status;
    char name[TCB_NAME_LENGTH];
} program_end;

void thread_exit(struct tcb *t, word_t status, bool root)
{
    kprintf("caplab: thread \"%s\" returned from main with status %lu; other threads go on.\n",
            thread_name(t), status);
    event_begin("thread_exit");
    event_str("thread", thread_name(t));
    event_u64("status", status);
    event_bool("root", root);
    event_end();
    tcb_suspend(t);
    if (!root)
        return;
    program_end.ended = true;
    program_end.status = status;
    const char *name = thread_name(t);
    size_t n = 0;
    while (name[n] && n + 1 < sizeof(program_end.name)) {
        program_end.name[n] = name[n];
        n++;
    }
    program_end.name[n] = '\0';
}

static NORETURN void halt_idle(void)
{
    if (program_end.ended) {
        kprintf("caplab: no thread can run any more after \"%s\" ended; halting.\n",
                program_end.name);
        halt_named("exit", program_end.status, program_end.name);
    }
    kprintf("caplab: no thread can run and nothing can wake one; halting.\n");
    halt_named("idle", 0, NULL);
}

/* The VSpace a thread runs in, or 0 if it has none it can run in. */
static paddr_t thread_vspace(struct tcb *t)
{
    struct cap *c = &t->slots[TCB_VTABLE].cap;
    return vspace_root_valid(c) ? c->ptr : 0;
}

NORETURN void activate_and_return(void)
{
    for (;;) {
        schedule();
        struct tcb *t = cur_thread;
        if (!t) {
            if (!irq_wakeup_possible())
                halt_idle();
            idle_wait();
            continue;
        }
        paddr_t vspace = thread_vspace(t);
        if (!vspace) {
            kprintf("caplab: thread %p \"%s\" has no valid VSpace; suspending it.\n",
                    (void *)t, thread_name(t));
            set_thread_state(t, ThreadState_Inactive);
            continue;
        }
        if (t->state == ThreadState_Restart) {
            t->ctx.rip = t->ctx.fault_ip;
            set_thread_state(t, ThreadState_Running);
        }
        if (read_cr3() != vspace)
            write_cr3(vspace);
        leave_for_user(t);
    }
}

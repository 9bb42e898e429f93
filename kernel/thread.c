/*
 * thread.c - thread states and the scheduler (seL4's non-MCS scheduler).
 *
 * Ready queues: one per priority (0..255) plus a bitmap of non-empty
 * queues.  As in seL4, the running thread (cur_thread) is *not* in a ready
 * queue; every other runnable thread is, or is the scheduler's candidate.
 *
 * What happens at the end of a kernel entry is recorded in sched_action:
 *   RESUME_CURRENT  nothing changed: cur_thread goes on;
 *   CHOOSE_NEW      pick the head of the highest non-empty queue;
 *   a thread        a thread just woken that may run at once (the candidate).
 *
 * Where a thread goes in its queue decides the order among equals:
 *   - head (sched_enqueue): a thread resumed with TCB_Resume, threads
 *     restarted by a deleted endpoint or notification, a preempted current
 *     thread when another is chosen, and a candidate that loses to a
 *     higher-priority thread;
 *   - tail (sched_append): a thread that yields or ends its time slice, and
 *     a candidate woken by IPC or a signal while the current thread has the
 *     same priority and goes on running.
 * A thread that becomes runnable is offered with possible_switch_to(): it
 * becomes the candidate if none is pending, else it is queued at the head
 * and the scheduler chooses afresh.  set_thread_state() does this for
 * every thread but the current one (seL4 calls possibleSwitchTo at each
 * such place), and asks for a new choice when the current thread blocks.
 *
 * Leaving the kernel: activate_and_return() runs schedule(), restarts the
 * chosen thread at its fault IP if it is in the Restart state, switches
 * address space and returns to user mode.  When no thread can run and
 * nothing could ever wake one, the machine halts with reason "idle" at once
 * rather than leaving the grader to wait for a time-out.
 */
#include "kernel.h"
#include "arch/x86_64/cpu.h"

struct tcb *cur_thread;
static uint32_t ready_head[CONFIG_NUM_PRIORITIES];
static uint32_t ready_tail[CONFIG_NUM_PRIORITIES];
static uint64_t ready_bitmap[CONFIG_NUM_PRIORITIES / 64];

#define RESUME_CURRENT ((struct tcb *)0)
#define CHOOSE_NEW     ((struct tcb *)1)
static struct tcb *sched_action = RESUME_CURRENT;

static struct tcb *tcb_at(uint32_t p) { return p ? kptr_of(p) : NULL; }
static uint32_t tcb_ref(struct tcb *t) { return (uint32_t)paddr_of(t); }

static bool is_candidate(struct tcb *t)
{
    return sched_action != RESUME_CURRENT && sched_action != CHOOSE_NEW && sched_action == t;
}

bool thread_is_runnable(const struct tcb *t)
{
    return t->state == ThreadState_Running || t->state == ThreadState_Restart;
}

/* ---- ready queues ---- */

static void mark_ready(unsigned p) { ready_bitmap[p / 64] |= BIT(p % 64); }

/* Put t at the head of its priority's queue (seL4's tcbSchedEnqueue). */
void sched_enqueue(struct tcb *t)
{
    if (t->in_ready_queue)
        return;
    unsigned p = t->priority;
    t->sched_prev = 0;
    t->sched_next = ready_head[p];
    if (ready_head[p])
        tcb_at(ready_head[p])->sched_prev = tcb_ref(t);
    else
        ready_tail[p] = tcb_ref(t);
    ready_head[p] = tcb_ref(t);
    mark_ready(p);
    t->in_ready_queue = 1;
}

/* Put t at the tail of its priority's queue (seL4's tcbSchedAppend). */
void sched_append(struct tcb *t)
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
    mark_ready(p);
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

static int highest_ready_priority(void)
{
    for (int w = ARRAY_SIZE(ready_bitmap) - 1; w >= 0; w--)
        if (ready_bitmap[w])
            return w * 64 + 63 - __builtin_clzll(ready_bitmap[w]);
    return -1;
}

/* No queued thread has a higher priority than prio. */
static bool is_highest_priority(unsigned prio)
{
    return highest_ready_priority() <= (int)prio;
}

/* ---- scheduler actions ---- */

/* Forget any candidate (it goes to the head of its queue) and choose anew. */
void reschedule_required(void)
{
    if (sched_action != RESUME_CURRENT && sched_action != CHOOSE_NEW)
        sched_enqueue(sched_action);
    sched_action = CHOOSE_NEW;
}

/* t has become runnable: it may run at the end of this kernel entry. */
void possible_switch_to(struct tcb *t)
{
    if (sched_action == RESUME_CURRENT) {
        sched_action = t;
        return;
    }
    reschedule_required();
    sched_enqueue(t);
}

/* The current thread gives way to an equal: to the tail, choose anew
 * (seL4's handleYield; also the end of a time slice). */
void sched_yield(struct tcb *t)
{
    sched_dequeue(t);
    sched_append(t);
    reschedule_required();
}

/* seL4's setPriority: requeue at the new priority. */
void sched_set_priority(struct tcb *t, unsigned prio)
{
    sched_dequeue(t);
    t->priority = (uint8_t)prio;
    if (!thread_is_runnable(t))
        return;
    if (t == cur_thread)
        reschedule_required();
    else
        possible_switch_to(t);
}

void set_thread_state(struct tcb *t, enum thread_state s)
{
    bool was_runnable = thread_is_runnable(t);
    t->state = (uint8_t)s;
    if (thread_is_runnable(t)) {
        if (t != cur_thread && !was_runnable && !t->in_ready_queue && !is_candidate(t))
            possible_switch_to(t);
        return;
    }
    sched_dequeue(t);
    if (is_candidate(t))
        sched_action = CHOOSE_NEW;
    else if (t == cur_thread && sched_action == RESUME_CURRENT)
        reschedule_required();
}

static void switch_to(struct tcb *t)
{
    sched_dequeue(t);
    cur_thread = t;
}

static void choose_thread(void)
{
    int p = highest_ready_priority();
    if (p < 0)
        cur_thread = NULL;                 /* idle */
    else
        switch_to(tcb_at(ready_head[p]));
}

/* seL4's schedule(): act on sched_action. */
void schedule(void)
{
    struct tcb *cur = cur_thread, *candidate = sched_action;
    sched_action = RESUME_CURRENT;
    if (candidate == RESUME_CURRENT)
        return;
    bool was_runnable = cur && thread_is_runnable(cur);
    if (was_runnable)
        sched_enqueue(cur);
    if (candidate == CHOOSE_NEW) {
        choose_thread();
        return;
    }
    bool may_lose = !cur || candidate->priority < cur->priority;
    if (may_lose && !is_highest_priority(candidate->priority)) {
        sched_enqueue(candidate);
        choose_thread();
    } else if (was_runnable && candidate->priority == cur->priority) {
        sched_append(candidate);           /* the current thread, at the head, goes on */
        choose_thread();
    } else {
        switch_to(candidate);
    }
}

/* ---- every TCB, for seL4_DebugDumpScheduler (seL4's ksDebugTCBs) ---- */

static uint32_t debug_tcbs;              /* newest first */

void tcb_debug_append(struct tcb *t)
{
    t->debug_prev = 0;
    t->debug_next = debug_tcbs;
    if (debug_tcbs)
        tcb_at(debug_tcbs)->debug_prev = tcb_ref(t);
    debug_tcbs = tcb_ref(t);
}

void tcb_debug_remove(struct tcb *t)
{
    if (!t->debug_prev && debug_tcbs != tcb_ref(t))
        return;                          /* not in the list */
    if (t->debug_prev) tcb_at(t->debug_prev)->debug_next = t->debug_next;
    else debug_tcbs = t->debug_next;
    if (t->debug_next) tcb_at(t->debug_next)->debug_prev = t->debug_prev;
    t->debug_prev = t->debug_next = 0;
}

static const char *state_name(unsigned state)
{
    static const char *const names[] = {
        [ThreadState_Inactive] = "inactive",
        [ThreadState_Running] = "running",
        [ThreadState_Restart] = "restart",
        [ThreadState_BlockedOnReceive] = "blocked on recv",
        [ThreadState_BlockedOnSend] = "blocked on send",
        [ThreadState_BlockedOnReply] = "blocked on reply",
        [ThreadState_BlockedOnNotification] = "blocked on ntfn",
        [ThreadState_IdleThreadState] = "idle",
    };
    return state < ARRAY_SIZE(names) && names[state] ? names[state] : "?";
}

static void dump_row(const char *name, unsigned state, word_t ip, word_t prio)
{
    kprintf("%40s\t%15s\t%p\t%20lu\t%lu\n", name, state_name(state), (void *)ip, prio, 0ul);
}

/*
 * seL4's table (x86_64, non-MCS debug build): a header, then one row per
 * TCB, newest first: name (right-aligned in 40 columns), state, restart IP,
 * priority, core.  seL4's idle thread is the oldest TCB; caplab has no idle
 * TCB, so its row is printed last, with the kernel's idle loop as its IP.
 */
void debug_dump_scheduler(void)
{
    kprintf("Dumping all tcbs!\n");
    kprintf("Name                                    \tState          \tIP                  "
            "\t Prio \t Core\n");
    kprintf("--------------------------------------------------------------------------------------\n");
    for (struct tcb *t = tcb_at(debug_tcbs); t; t = tcb_at(t->debug_next))
        dump_row(t->name, t->state, t->ctx.fault_ip, t->priority);
    dump_row("idle_thread", ThreadState_IdleThreadState, (word_t)idle_wait, 0);
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
        wrmsr(MSR_FS_BASE, t->ctx.fs_base);
        if (t->resume_by_sysret && t->ctx.rip < seL4_UserTop)
            return_to_user_sysret(&t->ctx);
        return_to_user(&t->ctx);
    }
}

/*
 * shim.c - fakes of the kernel functions that the capability core uses but
 * other files of the kernel define (see shim.h for the idea).
 *
 * Logs are fixed-size buffers; a test that overflows one fails loudly
 * instead of reading a cut log.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "shim.h"

static uint8_t arena[ARENA_SIZE] __attribute__((aligned(4096)));
static paddr_t arena_next;

struct text {
    char buf[1 << 20];
    size_t len;
};

static struct text events, console, calls;
static unsigned user_errors;
static bool dangling_key;
static uintptr_t stack_low, stack_high;

struct tcb *cur_thread;

/* ---- logs ---- */

static void text_vadd(struct text *t, const char *fmt, va_list ap)
{
    int n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
    if (n < 0 || (size_t)n >= sizeof(t->buf) - t->len)
        fail_msg("shim log overflow");
    t->len += (size_t)n;
}

static void text_add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vadd(t, fmt, ap);
    va_end(ap);
}

void shim_log_call(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vadd(&calls, fmt, ap);
    va_end(ap);
}

void shim_clear_logs(void)
{
    events.len = console.len = calls.len = 0;
    events.buf[0] = console.buf[0] = calls.buf[0] = '\0';
    user_errors = 0;
    dangling_key = false;
    stack_low = UINTPTR_MAX;
    stack_high = 0;
}

void shim_reset(void)
{
    /* Nothing writes past what shim_alloc handed out: clear only that. */
    memset(arena, 0, arena_next > ARENA_BASE ? arena_next - ARENA_BASE : sizeof(arena));
    arena_next = ARENA_BASE;
    cur_thread = NULL;
    shim_clear_logs();
}

paddr_t shim_alloc(unsigned size_bits)
{
    paddr_t p = ROUND_UP(arena_next, BIT(size_bits));
    if (p + BIT(size_bits) > ARENA_BASE + ARENA_SIZE)
        fail_msg("arena exhausted allocating 2^%u bytes", size_bits);
    arena_next = p + BIT(size_bits);
    return p;
}

const char *shim_console(void) { return console.buf; }
unsigned shim_user_errors(void) { return user_errors; }
const char *shim_calls(void) { return calls.buf; }
const char *shim_events(void) { return events.buf; }
bool shim_event_dangling(void) { return dangling_key; }
uintptr_t shim_stack_low(void) { return stack_low; }
uintptr_t shim_stack_high(void) { return stack_high; }

static unsigned count_lines_starting(const char *text, const char *prefix)
{
    unsigned n = 0;
    size_t len = strlen(prefix);
    for (const char *line = text; *line; ) {
        if (strncmp(line, prefix, len) == 0)
            n++;
        const char *nl = strchr(line, '\n');
        if (!nl)
            break;
        line = nl + 1;
    }
    return n;
}

unsigned shim_call_count(const char *prefix)
{
    return count_lines_starting(calls.buf, prefix);
}

unsigned shim_event_count(const char *ev)
{
    char prefix[64];
    snprintf(prefix, sizeof(prefix), "ev=%s ", ev);
    return count_lines_starting(events.buf, prefix);
}

const char *shim_last_event(void)
{
    static char last[4096];
    size_t end = events.len, start;
    if (end == 0)
        return "";
    end--;                              /* the closing newline */
    start = end;
    while (start > 0 && events.buf[start - 1] != '\n')
        start--;
    snprintf(last, sizeof(last), "%.*s", (int)(end - start), events.buf + start);
    return last;
}

/* ---- arch and printing ---- */

/*
 * Besides the arena, the program's own static data stands for the kernel
 * image: the kernel keeps a few slots there (interrupt.c's notification
 * slot of each IRQ), and the CDT links them by physical address too.
 */
extern char __data_start[], _end[];
#define IMAGE_BASE (ARENA_BASE + ARENA_SIZE)

static bool in_image(const void *k)
{
    return (const char *)k >= __data_start && (const char *)k < _end;
}

void *kptr_of(paddr_t p)
{
    if (p >= IMAGE_BASE && p < IMAGE_BASE + (paddr_t)(_end - __data_start))
        return __data_start + (p - IMAGE_BASE);
    if (p < ARENA_BASE || p >= ARENA_BASE + ARENA_SIZE) {
        fail_msg("kptr_of(0x%llx): outside the arena", (unsigned long long)p);
        abort();
    }
    return arena + (p - ARENA_BASE);
}

paddr_t paddr_of(const void *k)
{
    const uint8_t *b = k;
    if (in_image(k) && (b < arena || b >= arena + ARENA_SIZE))
        return IMAGE_BASE + (paddr_t)((const char *)k - __data_start);
    if (b < arena || b >= arena + ARENA_SIZE) {
        fail_msg("paddr_of(%p): outside the arena", k);
        abort();
    }
    return ARENA_BASE + (paddr_t)(b - arena);
}

int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    return vsnprintf(buf, n, fmt, ap);
}

int ksnprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    if (strncmp(fmt, "<<seL4", 6) == 0)     /* errors.c's user_error_line */
        user_errors++;
    va_start(ap, fmt);
    text_vadd(&console, fmt, ap);
    va_end(ap);
    return 0;
}


/* ---- events: a small stack, because a signal may wake a waiter (whose
 * "wait" event is written) while the signaller's event is open ---- */

#define EVENT_DEPTH 4
static char open_events[EVENT_DEPTH][4096];
static unsigned open_depth;

static void event_add(const char *fmt, ...)
{
    va_list ap;
    char *e;
    size_t len;

    if (open_depth == 0) {
        dangling_key = true;
        return;
    }
    e = open_events[open_depth - 1];
    len = strlen(e);
    va_start(ap, fmt);
    vsnprintf(e + len, sizeof(open_events[0]) - len, fmt, ap);
    va_end(ap);
}

void event_begin(const char *name)
{
    if (open_depth == EVENT_DEPTH)
        fail_msg("events nested too deep");
    snprintf(open_events[open_depth++], sizeof(open_events[0]), "ev=%s", name);
}

void event_u64(const char *key, word_t v) { event_add(" %s=%lu", key, v); }
void event_hex(const char *key, word_t v) { event_add(" %s=0x%lx", key, v); }
void event_str(const char *key, const char *s) { event_add(" %s=\"%s\"", key, s); }
void event_bool(const char *key, bool v) { event_add(" %s=%s", key, v ? "true" : "false"); }
bool event_is_open(void) { return open_depth > 0; }

void event_end(void)
{
    if (open_depth == 0)
        fail_msg("event_end with no event open");
    text_add(&events, "%s \n", open_events[--open_depth]);
}

/* ---- threads ---- */

const char *thread_name(const struct tcb *t)
{
    return t->name[0] ? t->name : "unnamed";
}

void set_thread_state(struct tcb *t, enum thread_state s)
{
    t->state = (uint8_t)s;
    text_add(&calls, "set_thread_state %s %d\n", thread_name(t), s);
}

void sched_enqueue(struct tcb *t)
{
    t->in_ready_queue = 1;
    text_add(&calls, "sched_enqueue %s\n", thread_name(t));
}

void reschedule_required(void)
{
}

void tcb_debug_append(struct tcb *t)
{
}

void tcb_debug_remove(struct tcb *t)
{
}

void set_badge_register(struct tcb *t, word_t badge)
{
    t->ctx.rdi = badge;
}

void wake_with_badge(struct tcb *t, word_t badge)
{
    t->ctx.rdi = badge;
    t->state = ThreadState_Running;
    text_add(&calls, "wake_with_badge %s %lu\n", thread_name(t), badge);
}

/* Like the real one: a thread waiting on a notification leaves its queue;
 * one blocked on an endpoint stops waiting. */
void cancel_ipc(struct tcb *t)
{
    text_add(&calls, "cancel_ipc %s\n", thread_name(t));
    if (t->state == ThreadState_BlockedOnNotification)
        cancel_signal(t, kptr_of(t->blocked_object));
    else if (t->state == ThreadState_BlockedOnReceive || t->state == ThreadState_BlockedOnSend)
        t->state = ThreadState_Inactive;
}

void cancel_all_ipc(struct endpoint *ep)
{
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    stack_low = MIN(stack_low, here);
    stack_high = MAX(stack_high, here);
    text_add(&calls, "cancel_all_ipc 0x%lx\n", paddr_of(ep));
}

void cancel_badged_sends(struct endpoint *ep, word_t badge)
{
    text_add(&calls, "cancel_badged_sends 0x%lx %lu\n", paddr_of(ep), badge);
}

/* The decoders of files outside the core: only record that the dispatch
 * reached them. */
#define FAKE_DECODER(name) SHIM_FAKE_DECODER(name)

/* ---- what handle_invocation reaches beyond the core ---- */

void set_msginfo_register(struct tcb *t, seL4_MessageInfo_t info)
{
    t->ctx.rsi = info.words[0];
}

void fault_set_cap(struct tcb *t, word_t cptr, bool in_recv, const struct lookup_fault *lf)
{
    text_add(&calls, "fault_set_cap %s %lu\n", thread_name(t), cptr);
}

void handle_fault(struct tcb *t)
{
    text_add(&calls, "handle_fault %s\n", thread_name(t));
}

FAKE_DECODER(decode_endpoint_invocation)
FAKE_DECODER(decode_reply_invocation)

/*
 * event.c - the kernel event channel on COM2 (docs/kernel-events.md).
 *
 * An event is built as one JSON object in a line buffer between
 * event_begin() and event_end().  Events can nest: while a system call's
 * event is open, the kernel may complete another (a signal wakes a
 * waiter, whose "wait" event completes now).  A nested event is queued
 * and sent after the outer one, so the log reads in cause-then-effect
 * order.  Lines that would overflow their buffer are cut cleanly and
 * marked "truncated": true, never left as broken JSON.
 */
#include "kernel.h"

#define EVENT_LINE  8192       /* the boot event lists up to 230 untypeds */
#define EVENT_DEPTH 4

struct event_buf {
    char   text[EVENT_LINE];
    size_t len;
    bool   overflow;
};

static struct event_buf stack[EVENT_DEPTH];
static int depth;                       /* open events */
static struct event_buf queued[EVENT_DEPTH];
static int nqueued;
static word_t seq;

static void put_raw(struct event_buf *e, const char *s, size_t n)
{
    /* keep room for the closing `,"truncated":true}` */
    if (e->overflow || e->len + n + 24 >= EVENT_LINE) { e->overflow = true; return; }
    memcpy(e->text + e->len, s, n);
    e->len += n;
}

static void put_str(struct event_buf *e, const char *s) { put_raw(e, s, strlen(s)); }

static void put_json_string(struct event_buf *e, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    put_raw(e, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { char b[2] = { '\\', (char)c }; put_raw(e, b, 2); }
        else if (c < 0x20 || c >= 0x7f) {
            char b[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            put_raw(e, b, 6);
        } else put_raw(e, (const char *)&c, 1);
    }
    put_raw(e, "\"", 1);
}

static struct event_buf *cur(void) { return &stack[depth - 1]; }

static void send_line(struct event_buf *e)
{
    for (size_t i = 0; i < e->len; i++)
        serial_putc(SERIAL_EVENTS, e->text[i]);
    serial_putc(SERIAL_EVENTS, '\n');
}

bool event_is_open(void) { return depth > 0; }

void event_begin(const char *name)
{
    if (depth == EVENT_DEPTH)
        panic("event nesting too deep (%s)", name);
    struct event_buf *e = &stack[depth++];
    e->len = 0;
    e->overflow = false;
    char head[48];
    ksnprintf(head, sizeof(head), "{\"seq\":%lu,\"ev\":", seq++);
    put_str(e, head);
    put_json_string(e, name);
}

static void put_key(struct event_buf *e, const char *key)
{
    put_raw(e, ",", 1);
    put_json_string(e, key);
    put_raw(e, ":", 1);
}

void event_u64(const char *key, word_t v)
{
    char num[24];
    ksnprintf(num, sizeof(num), "%lu", v);
    put_key(cur(), key);
    put_str(cur(), num);
}

void event_hex(const char *key, word_t v)
{
    char num[24];
    ksnprintf(num, sizeof(num), "\"0x%lx\"", v);
    put_key(cur(), key);
    put_str(cur(), num);
}

void event_str(const char *key, const char *s)
{
    put_key(cur(), key);
    if (s) put_json_string(cur(), s);
    else put_str(cur(), "null");
}

void event_bool(const char *key, bool v)
{
    put_key(cur(), key);
    put_str(cur(), v ? "true" : "false");
}

/* Raw JSON value (a list, for instance) built by the caller. */
void event_raw(const char *key, const char *json)
{
    put_key(cur(), key);
    put_str(cur(), json);
}

/* Append raw JSON text to the last value (used to build lists). */
void event_append(const char *json)
{
    put_str(cur(), json);
}

static void close_buf(struct event_buf *e)
{
    if (e->overflow) {
        memcpy(e->text + e->len, ",\"truncated\":true", 17);
        e->len += 17;
    }
    e->text[e->len++] = '}';
}

void event_end(void)
{
    struct event_buf *e = cur();
    close_buf(e);
    depth--;
    if (depth > 0) {
        if (nqueued < EVENT_DEPTH) queued[nqueued++] = *e;
        return;
    }
    send_line(e);
    for (int i = 0; i < nqueued; i++)
        send_line(&queued[i]);
    nqueued = 0;
}

/* Close whatever is open (used when the machine stops mid-syscall). */
void event_flush_open(void)
{
    while (depth > 0)
        event_end();
}

void event_panic(const char *msg)
{
    event_flush_open();
    event_begin("panic");
    event_str("msg", msg);
    event_end();
    event_begin("halt");
    event_str("reason", "panic");
    event_u64("status", 0);
    event_str("thread", NULL);
    event_end();
}

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

/* Bytes the line can still take, keeping room for the closing
 * `,"truncated":true}` and the newline. */
static size_t room_left(const struct event_buf *e)
{
    return e->overflow || e->len + 24 >= EVENT_LINE ? 0 : EVENT_LINE - 24 - e->len;
}

/*
 * The appenders copy byte by byte, inline: the pieces are a few bytes long
 * and come on every IPC, where a memcpy call per piece would cost more
 * than the copy (measured with scripts/bench-ipc).  A piece that does not
 * fit marks the line cut.
 */
static void put_raw(struct event_buf *e, const char *s, size_t n)
{
    if (n > room_left(e)) {
        e->overflow = true;
        return;
    }
    char *d = e->text + e->len;
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
    e->len += n;
}

/* A NUL-terminated string the kernel wrote (keys, event names): no escaping. */
static void put_str(struct event_buf *e, const char *s)
{
    size_t room = room_left(e), n = 0;
    char *d = e->text + e->len;
    while (s[n] && n < room) {
        d[n] = s[n];
        n++;
    }
    e->len += n;
    if (s[n])
        e->overflow = true;
}

static bool json_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static void put_json_escaped(struct event_buf *e, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    if (c == '"' || c == '\\') {
        char b[2] = { '\\', (char)c };
        put_raw(e, b, 2);
    } else {
        char b[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
        put_raw(e, b, 6);
    }
}

/* A JSON string from anywhere (thread names are the user's): runs of plain
 * characters are copied straight into the line, the rest escaped. */
static void put_json_string(struct event_buf *e, const char *s)
{
    put_raw(e, "\"", 1);
    while (*s && !e->overflow) {
        size_t room = room_left(e), n = 0;
        char *d = e->text + e->len;
        while (n < room && json_plain((unsigned char)s[n])) {
            d[n] = s[n];
            n++;
        }
        e->len += n;
        s += n;
        if (*s && json_plain((unsigned char)*s))
            e->overflow = true;                  /* out of room */
        else if (*s)
            put_json_escaped(e, (unsigned char)*s++);
    }
    put_raw(e, "\"", 1);
}

/* v in decimal (events are sent on every IPC: no printf on this path). */
static void put_decimal(struct event_buf *e, word_t v)
{
    char digits[20];
    size_t n = sizeof(digits);
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_raw(e, digits + n, sizeof(digits) - n);
}

static struct event_buf *cur(void) { return &stack[depth - 1]; }

static void send_line(struct event_buf *e)
{
    e->text[e->len] = '\n';                /* close_buf left room for it */
    serial_write(SERIAL_EVENTS, e->text, e->len + 1);
}

bool event_is_open(void) { return depth > 0; }

void event_begin(const char *name)
{
    if (depth == EVENT_DEPTH)
        panic("event nesting too deep (%s)", name);
    struct event_buf *e = &stack[depth++];
    e->len = 0;
    e->overflow = false;
    put_str(e, "{\"seq\":");
    put_decimal(e, seq++);
    put_str(e, ",\"ev\":\"");
    put_str(e, name);                     /* event names are the kernel's own */
    put_raw(e, "\"", 1);
}

static void put_key(struct event_buf *e, const char *key)
{
    put_raw(e, ",\"", 2);
    put_str(e, key);                      /* keys are the kernel's own words */
    put_raw(e, "\":", 2);
}

void event_u64(const char *key, word_t v)
{
    put_key(cur(), key);
    put_decimal(cur(), v);
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

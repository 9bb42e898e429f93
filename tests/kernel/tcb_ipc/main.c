/*
 * tcb_ipc/main.c - kernel tests of threads and endpoint IPC (spec §7.1,
 * §8, §9.1).
 *
 * A server thread (priority 200, below the root task's 255) runs a loop of
 * Recv/ReplyRecv on one endpoint and writes down every message it gets:
 * badge, label, length, caps, unwrapped badges, and whether the message
 * registers carried the agreed pattern.  The root task talks to it with
 * Send, NBSend, Call and Recv and reads the log; because the server has
 * the lower priority it runs exactly when the root task blocks, which
 * makes every interleaving below deterministic.
 *
 * Then: cap transfer (Grant needed; endpoint caps to the same endpoint are
 * unwrapped into badges; one receive slot), caps in a reply, TCB register
 * access, priorities and MCPs, bound notifications, and a fault handler
 * that gets VMFault, UnknownSyscall and UserException messages, fixes up a
 * faulting thread and resumes it, or leaves it suspended.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT seL4_CapInitThreadCNode

/* Message labels the server understands. */
#define CMD_ECHO      0x100    /* reply: label + 1000, same length, MR i + 1 */
#define CMD_SEND_BACK 0x200    /* Send a message on the report endpoint */
#define CMD_REPLY_CAP 0x300    /* reply carrying one cap */
#define LABEL_HELLO   0x77

/* The MR pattern senders use, so the receiver can check every word. */
static seL4_Word pattern(seL4_Word label, seL4_Word i)
{
    return (label << 16) ^ (i * 0x9e37) ^ 0x5a;
}

static void set_pattern(seL4_Word label, seL4_Word len)
{
    for (seL4_Word i = 0; i < len; i++)
        seL4_SetMR((int)i, pattern(label, i));
}

static seL4_Word count_pattern_misses(seL4_Word label, seL4_Word len, seL4_Word delta)
{
    seL4_Word misses = 0;

    for (seL4_Word i = 0; i < len; i++)
        misses += seL4_GetMR((int)i) != pattern(label, i) + delta;
    return misses;
}

static seL4_Word tag(seL4_CPtr c)
{
    return seL4_DebugCapIdentify(c);
}

static seL4_CPtr mint(seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_CPtr slot = kt_slot();
    seL4_Error err = seL4_CNode_Mint(ROOT, slot, 64, ROOT, src, 64, rights, badge);

    if (err != seL4_NoError)
        kt_bail("minting a cap", err);
    return slot;
}

/* ------------------------------------------------------------ the server */

struct msg_record {
    seL4_Word badge, label, length, extra, unwrapped, misses;
    seL4_Word badges[seL4_MsgMaxExtraCaps];
};

#define LOG_MAX 64
static volatile struct msg_record msg_log[LOG_MAX];
static volatile int msg_count;

static struct server {
    struct kt_thread thread;
    seL4_CPtr ep;                 /* where it receives */
    seL4_CPtr report;             /* badged cap of the report endpoint */
    seL4_CPtr recv_slot;          /* its receive slot (the root empties it) */
    volatile seL4_CPtr reply_cap; /* cap to send back for CMD_REPLY_CAP */
    volatile seL4_Word nb_badge, nb_label;
} srv;
KT_STACK(server_stack);

static void record(seL4_MessageInfo_t info, seL4_Word badge)
{
    volatile struct msg_record *r;

    if (msg_count >= LOG_MAX)
        return;
    r = &msg_log[msg_count];
    r->badge = badge;
    r->label = seL4_MessageInfo_get_label(info);
    r->length = seL4_MessageInfo_get_length(info);
    r->extra = seL4_MessageInfo_get_extraCaps(info);
    r->unwrapped = seL4_MessageInfo_get_capsUnwrapped(info);
    r->misses = count_pattern_misses(r->label, r->length, 0);
    for (int i = 0; i < seL4_MsgMaxExtraCaps; i++)
        r->badges[i] = (r->unwrapped >> i) & 1 ? seL4_GetBadge(i) : 0;
    msg_count++;
}

/* What the server answers to one message. */
static seL4_MessageInfo_t handle(seL4_MessageInfo_t info)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    seL4_Word len = seL4_MessageInfo_get_length(info);

    if (label == CMD_SEND_BACK) {
        set_pattern(0x99, 6);
        seL4_Send(srv.report, seL4_MessageInfo_new(0x99, 0, 0, 6));
        return seL4_MessageInfo_new(0, 0, 0, 0);
    }
    if (label == CMD_REPLY_CAP) {
        seL4_SetCap(0, srv.reply_cap);
        return seL4_MessageInfo_new(0, 0, 1, 0);
    }
    /* Anything else is echoed: the same words plus one. */
    for (seL4_Word i = 0; i < len; i++)
        seL4_SetMR((int)i, seL4_GetMR((int)i) + 1);
    return seL4_MessageInfo_new(label + 1000, 0, 0, len);
}

static void server_main(seL4_Word unused)
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0x7777;

    (void)unused;
    /* Nothing is pending yet: NBRecv must return at once with badge 0. */
    info = seL4_NBRecv(srv.ep, &badge);
    srv.nb_badge = badge;
    srv.nb_label = seL4_MessageInfo_get_label(info);
    seL4_SetMR(0, srv.nb_badge);
    seL4_Send(srv.report, seL4_MessageInfo_new(LABEL_HELLO, 0, 0, 1));

    seL4_SetCapReceivePath(ROOT, srv.recv_slot, 64);
    info = seL4_Recv(srv.ep, &badge);
    for (;;) {
        record(info, badge);
        info = handle(info);
        info = seL4_ReplyRecv(srv.ep, info, &badge);
    }
}

/* ------------------------------------------------------ plain messaging */

static seL4_CPtr ep, report_ep, ep_grant, ep_nogrant, ep_unwrap;

/* A Call to the server with the pattern in `len` words; returns the reply. */
static seL4_MessageInfo_t call(seL4_CPtr cap, seL4_Word label, seL4_Word len, seL4_Word ncaps)
{
    set_pattern(label, len);
    return seL4_Call(cap, seL4_MessageInfo_new(label, 0, ncaps, len));
}

static void test_start_server(void)
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;

    set_pattern(0x60, 2);
    seL4_NBSend(ep_grant, seL4_MessageInfo_new(0x60, 0, 0, 2));

    srv.ep = ep;
    srv.report = mint(report_ep, seL4_AllRights, 0x77);
    srv.recv_slot = kt_slot();
    kt_thread_create(&srv.thread, 0, 200, server_stack, sizeof(server_stack));
    kt_error(seL4_NoError, kt_thread_start(&srv.thread, server_main, 0),
             "start the server thread (priority 200)");
    info = seL4_Recv(report_ep, &badge);
    kt_word(LABEL_HELLO, seL4_MessageInfo_get_label(info), "Recv got the server's hello");
    kt_word(0x77, badge, "Recv returns the sender's badge 0x77");
    kt_word(1, seL4_MessageInfo_get_length(info), "... and its length 1");
    kt_word(0, seL4_GetMR(0), "the server's NBRecv with nothing pending returned badge 0");
    kt_word(0, msg_count, "the NBSend made before anyone listened was dropped");
}

static void test_call_reply(void)
{
    seL4_MessageInfo_t info;
    int first = msg_count;

    info = call(ep_grant, CMD_ECHO + 1, 0, 0);
    kt_word(CMD_ECHO + 1 + 1000, seL4_MessageInfo_get_label(info), "Call: the reply's label");
    kt_word(0, seL4_MessageInfo_get_length(info), "Call with no words: reply length 0");
    kt_word(0x11, msg_log[first].badge, "the server saw badge 0x11 of the Call's cap");
    kt_word(CMD_ECHO + 1, msg_log[first].label, "the server saw label 0x101");

    info = call(ep_grant, CMD_ECHO + 2, 4, 0);
    kt_word(4, msg_log[first + 1].length, "Call with 4 words (registers only): length 4");
    kt_word(0, msg_log[first + 1].misses, "all 4 words arrived");
    kt_word(0, count_pattern_misses(CMD_ECHO + 2, 4, 1), "all 4 reply words came back");

    info = call(ep_grant, CMD_ECHO + 3, seL4_MsgMaxLength, 0);
    kt_word(seL4_MsgMaxLength, msg_log[first + 2].length, "Call with 120 words: length 120");
    kt_word(0, msg_log[first + 2].misses, "all 120 words arrived (MRs beyond 4 via the buffers)");
    kt_word(seL4_MsgMaxLength, seL4_MessageInfo_get_length(info), "the reply has 120 words");
    kt_word(0, count_pattern_misses(CMD_ECHO + 3, seL4_MsgMaxLength, 1),
            "all 120 reply words came back");
    info = call(ep_grant, CMD_ECHO + 4, 7, 0);
    kt_word(0, msg_log[first + 3].misses + count_pattern_misses(CMD_ECHO + 4, 7, 1),
            "7 words there and back");
}

static void test_send_nbsend(void)
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    int first = msg_count;

    /* The server waits in ReplyRecv: Send delivers and the root runs on. */
    set_pattern(0x555, 9);
    seL4_Send(ep_nogrant, seL4_MessageInfo_new(0x555, 0, 0, 9));
    kt_word(first, msg_count, "after Send the lower-priority server has not run yet");
    /* The server has the message but has not looped back to receive. */
    set_pattern(0x62, 1);
    seL4_NBSend(ep_grant, seL4_MessageInfo_new(0x62, 0, 0, 1));
    call(ep_grant, CMD_ECHO + 5, 1, 0);
    kt_word(first + 2, msg_count, "the server got the Send and the Call, not the NBSend");
    kt_word(0x555, msg_log[first].label, "the Send came first (label 0x555)");
    kt_word(0x22, msg_log[first].badge, "... with the badge 0x22 of its cap");
    kt_word(9, msg_log[first].length, "... length 9");
    kt_word(0, msg_log[first].misses, "... and all 9 words");
    kt_word(CMD_ECHO + 5, msg_log[first + 1].label, "NBSend with no receiver waiting was dropped");
    set_pattern(0x61, 1);
    seL4_NBSend(ep_grant, seL4_MessageInfo_new(0x61, 0, 0, 1));
    call(ep_grant, CMD_ECHO + 6, 1, 0);
    kt_word(first + 4, msg_count, "NBSend to a waiting server, then a Call: two more messages");
    kt_word(0x61, msg_log[first + 2].label, "the NBSend to a waiting receiver was delivered");

    /* Recv: the server Sends to the root task, which waits for it. */
    set_pattern(CMD_SEND_BACK, 1);
    seL4_Send(ep_grant, seL4_MessageInfo_new(CMD_SEND_BACK, 0, 0, 1));
    info = seL4_Recv(report_ep, &badge);
    kt_word(0x99, seL4_MessageInfo_get_label(info), "Recv: the server's message arrived");
    kt_word(0x77, badge, "Recv: badge 0x77");
    kt_word(6, seL4_MessageInfo_get_length(info), "Recv: length 6");
    kt_word(0, count_pattern_misses(0x99, 6, 0), "Recv: all 6 words");

    info = seL4_NBRecv(report_ep, &badge);
    kt_word(0, badge, "NBRecv with no sender returns badge 0");
}

/* -------------------------------------------------------- cap transfer */

/* One Call carrying caps; returns the server's record of it.  The server's
 * receive slot is emptied first, so each transfer starts clean. */
static volatile struct msg_record *call_with_caps(seL4_CPtr through, int ncaps, seL4_CPtr c0,
                                                  seL4_CPtr c1)
{
    seL4_CNode_Delete(ROOT, srv.recv_slot, 64);
    seL4_SetCap(0, c0);
    seL4_SetCap(1, c1);
    call(through, CMD_ECHO + 0x10 + (seL4_Word)ncaps, 2, (seL4_Word)ncaps);
    return &msg_log[msg_count - 1];
}

static void test_cap_transfer(void)
{
    seL4_CPtr ntfn = kt_new(seL4_NotificationObject, 0), ntfn2 = kt_new(seL4_NotificationObject, 0);
    seL4_CPtr nb8 = mint(ntfn, seL4_AllRights, 0x8), mine = kt_slot(), rs = srv.recv_slot;
    volatile struct msg_record *r;
    seL4_Word word = 0;

    r = call_with_caps(ep_grant, 1, nb8, 0);
    kt_word(1, r->extra, "Grant: one cap transferred (extraCaps 1)");
    kt_word(0, r->unwrapped, "... none unwrapped");
    kt_word(seL4_CapTag_Notification, tag(rs), "the receive slot holds the notification");
    seL4_Signal(rs);
    seL4_Poll(ntfn, &word);
    kt_word(0x8, word, "the transferred cap signals the same notification with badge 0x8");
    kt_word(seL4_CapTag_Notification, tag(nb8), "the sender keeps its cap");

    r = call_with_caps(ep_nogrant, 1, nb8, 0);
    kt_word(0, r->extra, "without Grant no cap is transferred (extraCaps 0)");
    kt_word(0, r->misses, "... but the data still arrives");
    kt_word(seL4_CapTag_Null, tag(rs), "... and the receive slot stays empty");

    r = call_with_caps(ep_grant, 1, ep_unwrap, 0);
    kt_word(1, r->extra, "a cap to the same endpoint counts in extraCaps");
    kt_word(1, r->unwrapped, "... and is unwrapped (capsUnwrapped bit 0)");
    kt_word(0x33, r->badges[0], "... its badge 0x33 is in caps_or_badges[0]");
    kt_word(seL4_CapTag_Null, tag(rs), "... and no slot is used");

    r = call_with_caps(ep_grant, 2, ep_unwrap, nb8);
    kt_word(2, r->extra, "[same endpoint, notification]: extraCaps 2");
    kt_word(1, r->unwrapped, "... capsUnwrapped 0b01");
    kt_word(seL4_CapTag_Notification, tag(rs), "... the notification went to the slot");

    r = call_with_caps(ep_grant, 2, nb8, ep_unwrap);
    kt_word(2, r->extra, "[notification, same endpoint]: extraCaps 2");
    kt_word(2, r->unwrapped, "... capsUnwrapped 0b10");
    kt_word(0x33, r->badges[1], "... badge 0x33 in caps_or_badges[1]");
    kt_word(seL4_CapTag_Notification, tag(rs), "... the notification went to the slot");

    r = call_with_caps(ep_grant, 2, nb8, ntfn2);
    kt_word(1, r->extra, "two caps for one receive slot: the transfer stops after the first");
    kt_word(seL4_CapTag_Notification, tag(rs), "... which is in the slot");

    /* A cap in the reply: the server's endpoint cap has Grant. */
    srv.reply_cap = ntfn2;
    seL4_SetCapReceivePath(ROOT, mine, 64);
    seL4_SetMR(0, 0);
    {
        seL4_MessageInfo_t info = seL4_Call(ep_grant, seL4_MessageInfo_new(CMD_REPLY_CAP, 0, 0, 0));

        kt_word(1, seL4_MessageInfo_get_extraCaps(info), "a reply carried one cap");
    }
    kt_word(seL4_CapTag_Notification, tag(mine), "... into the caller's receive slot");
}

/* ------------------------------------------------------------ registers */

static void test_registers(void)
{
    seL4_CPtr tcb = kt_new(seL4_TCBObject, 0);
    seL4_UserContext regs;

    memset(&regs, 0xee, sizeof(regs));
    kt_error(seL4_NoError, seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &regs),
             "ReadRegisters of a new TCB");
    kt_word(0, regs.rip, "a new TCB has rip 0");
    kt_word(0, regs.rax | regs.rdi | regs.rsp | regs.r15, "... and zero registers");
    kt_word(0x202, regs.rflags, "... and rflags 0x202");
    kt_error(seL4_IllegalOperation, seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, 20, &regs),
             "ReadRegisters of oneself: IllegalOperation");
    kt_error(seL4_IllegalOperation, seL4_TCB_WriteRegisters(seL4_CapInitThreadTCB, 0, 0, 20, &regs),
             "WriteRegisters of oneself: IllegalOperation");
    kt_error_mrs(seL4_RangeError, seL4_TCB_ReadRegisters(tcb, 0, 0, 21, &regs), 2, KT_MRS(1, 20),
                 "ReadRegisters of 21 registers: RangeError(1, 20)");

    memset(&regs, 0, sizeof(regs));
    regs.rip = 0x401000;
    regs.rsp = 0x7000;
    regs.rdi = 0xd1;
    regs.r15 = 0xf15;
    regs.rflags = 0x100;           /* TF: the kernel must not let it through */
    kt_error(seL4_NoError, seL4_TCB_WriteRegisters(tcb, 0, 0, 20, &regs), "WriteRegisters");
    memset(&regs, 0, sizeof(regs));
    kt_error(seL4_NoError, seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &regs), "read them back");
    kt_word(0x401000, regs.rip, "rip as written");
    kt_word(0x7000, regs.rsp, "rsp as written");
    kt_word(0xd1, regs.rdi, "rdi as written");
    kt_word(0xf15, regs.r15, "r15 as written");
    kt_word(0x202, regs.rflags & 0x302, "rflags sanitised: bit 1 and IF set, TF clear");
}

/* ----------------------------------------------------------- priorities */

static volatile int counter_runs;
KT_STACK(counter_stack);
static struct kt_thread counter_thread;

static void counter_main(seL4_Word unused)
{
    (void)unused;
    counter_runs++;
    kt_thread_stop(counter_thread.tcb);
}

static void test_priorities(void)
{
    seL4_CPtr tcb = kt_new(seL4_TCBObject, 0), other = kt_new(seL4_TCBObject, 0);

    kt_error_mrs(seL4_RangeError, seL4_TCB_SetPriority(tcb, tcb, 10), 2, KT_MRS(0, 0),
                 "SetPriority with a new TCB (MCP 0) as authority: RangeError(0, 0)");
    kt_error_mrs(seL4_RangeError, seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 256), 2,
                 KT_MRS(0, 255), "SetPriority 256: RangeError(0, 255)");
    kt_error_mrs(seL4_RangeError, seL4_TCB_SetMCPriority(tcb, seL4_CapInitThreadTCB, 300), 2,
                 KT_MRS(0, 255), "SetMCPriority 300: RangeError(0, 255)");
    kt_error(seL4_NoError, seL4_TCB_SetMCPriority(tcb, seL4_CapInitThreadTCB, 200),
             "SetMCPriority 200");
    kt_error_mrs(seL4_RangeError, seL4_TCB_SetPriority(other, tcb, 201), 2, KT_MRS(0, 200),
                 "priority 201 with an MCP-200 authority: RangeError(0, 200)");
    kt_error(seL4_NoError, seL4_TCB_SetPriority(other, tcb, 200),
             "priority 200 with an MCP-200 authority");
    kt_error(seL4_NoError, seL4_TCB_SetSchedParams(other, seL4_CapInitThreadTCB, 100, 50),
             "SetSchedParams (MCP 100, priority 50)");
    kt_error_mrs(seL4_RangeError, seL4_TCB_SetSchedParams(other, tcb, 201, 50), 2, KT_MRS(0, 200),
                 "SetSchedParams with MCP above the authority's: RangeError(0, 200)");

    kt_thread_create(&counter_thread, 0, 150, counter_stack, sizeof(counter_stack));
    kt_error(seL4_NoError, kt_thread_start(&counter_thread, counter_main, 0),
             "resume a thread of priority 150");
    kt_word(0, counter_runs, "it does not run while the priority-255 root task can");
    kt_error(seL4_NoError, seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100),
             "the root task lowers itself to 100");
    kt_word(1, counter_runs, "the priority-150 thread ran at once");
    kt_error(seL4_NoError, seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255),
             "the root task goes back to 255 (its MCP is still 255)");
}

/* ------------------------------------------------- IPC buffer, spaces */

static void test_configure_errors(void)
{
    seL4_CPtr tcb = kt_new(seL4_TCBObject, 0), frame = kt_new(seL4_X86_4K, 0);
    seL4_CPtr pml4 = kt_new(seL4_X64_PML4Object, 0);

    kt_error(seL4_AlignmentError, seL4_TCB_SetIPCBuffer(tcb, 0x10000100, frame),
             "SetIPCBuffer at an address not 1024-aligned: AlignmentError");
    kt_error(seL4_NoError, seL4_TCB_SetIPCBuffer(tcb, 0x10000400, frame),
             "SetIPCBuffer at a 1024-aligned address");
    kt_error(seL4_IllegalOperation,
             seL4_TCB_Configure(tcb, 0, ROOT, 0, pml4, 0, 0x10000000, frame),
             "Configure with a PML4 that has no ASID: IllegalOperation");
}

/* ------------------------------------------------- bound notifications */

static volatile seL4_Word bound_badge;
static volatile int bound_woken;
static struct kt_thread bound_thread;
KT_STACK(bound_stack);

static void bound_main(seL4_Word quiet_ep)
{
    seL4_Word badge = 0;

    seL4_Recv(quiet_ep, &badge);      /* nobody ever sends here */
    bound_badge = badge;
    bound_woken = 1;
    kt_thread_stop(bound_thread.tcb);
}

static void test_bound_notification(void)
{
    seL4_CPtr ntfn = kt_new(seL4_NotificationObject, 0), quiet = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr b5 = mint(ntfn, seL4_AllRights, 5), wo = mint(ntfn, seL4_CanWrite, 0);
    seL4_CPtr ntfn2 = kt_new(seL4_NotificationObject, 0);

    kt_thread_create(&bound_thread, 0, 200, bound_stack, sizeof(bound_stack));
    kt_error(seL4_IllegalOperation, seL4_TCB_BindNotification(bound_thread.tcb, wo),
             "BindNotification with a cap lacking Read: IllegalOperation");
    kt_error(seL4_IllegalOperation, seL4_TCB_BindNotification(bound_thread.tcb, quiet),
             "BindNotification with an endpoint cap: IllegalOperation");
    kt_error(seL4_IllegalOperation, seL4_TCB_UnbindNotification(bound_thread.tcb),
             "UnbindNotification of an unbound TCB: IllegalOperation");
    kt_error(seL4_NoError, seL4_TCB_BindNotification(bound_thread.tcb, ntfn), "BindNotification");
    kt_error(seL4_IllegalOperation, seL4_TCB_BindNotification(bound_thread.tcb, ntfn2),
             "binding a second notification: IllegalOperation");
    kt_error(seL4_IllegalOperation, seL4_TCB_BindNotification(counter_thread.tcb, ntfn),
             "binding a notification that is already bound: IllegalOperation");
    kt_error(seL4_NoError, kt_thread_start(&bound_thread, bound_main, quiet),
             "start the bound thread (it waits on an endpoint nobody uses)");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
    kt_word(0, bound_woken, "the bound thread is blocked in Recv");
    seL4_Signal(b5);
    kt_word(1, bound_woken, "a Signal on the bound notification ends its Recv");
    kt_word(5, bound_badge, "... with the signal's badge 5");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    kt_error(seL4_NoError, seL4_TCB_UnbindNotification(bound_thread.tcb), "UnbindNotification");
}

/* ------------------------------------------------------------- faults */

static seL4_CPtr fault_ep, fault_cap;
static volatile seL4_Word faulter_read, syscall_rax;
static volatile int faulter_step;
static struct kt_thread faulter, fetcher, emulated, excepter;
KT_STACK(faulter_stack);
KT_STACK(fetcher_stack);
KT_STACK(emulated_stack);
KT_STACK(excepter_stack);
static seL4_Word hole, hole2, hole3;     /* unmapped pages */

extern char kt_store_site[], kt_syscall_site[], kt_ud2_site[];

/* A store at a known address (the site label), for the fault IP check. */
__attribute__((noipa)) static void store_word(seL4_Word addr, seL4_Word value)
{
    __asm__ volatile(".globl kt_store_site\nkt_store_site:\n\tmovq %1, (%0)"
                     : : "r"(addr), "r"(value) : "memory");
}

static void faulter_main(seL4_Word unused)
{
    (void)unused;
    faulter_step = 1;
    store_word(hole, 0x1234);           /* faults; the handler maps a page */
    faulter_read = *(volatile seL4_Word *)hole;
    faulter_step = 2;
    (void)*(volatile seL4_Word *)hole2; /* faults; the handler suspends us */
    faulter_step = 3;
    kt_thread_stop(faulter.tcb);
}

/* Syscall number 7 is not a syscall: an UnknownSyscall fault.  RSP is kept
 * in RBX across it, as libsel4 does. */
static void emulated_main(seL4_Word unused)
{
    seL4_Word rax = 0x1111;

    (void)unused;
    __asm__ volatile("movq %%rsp, %%rbx\n\tmovq $7, %%rdx\n"
                     ".globl kt_syscall_site\nkt_syscall_site:\n\tsyscall\n\t"
                     "movq %%rbx, %%rsp"
                     : "+a"(rax) : : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r15",
                       "memory");
    syscall_rax = rax;
    kt_thread_stop(emulated.tcb);
}

static void excepter_main(seL4_Word unused)
{
    (void)unused;
    __asm__ volatile(".globl kt_ud2_site\nkt_ud2_site:\n\tud2");
    kt_thread_stop(excepter.tcb);
}

static void start_faulty(struct kt_thread *t, void *stack, kt_entry_t entry)
{
    kt_thread_create(t, fault_cap, 200, stack, KT_STACK_BYTES);
    if (kt_thread_start(t, entry, 0) != seL4_NoError)
        kt_bail("starting a thread with a fault handler", 0);
}

static void test_vm_fault(void)
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0);
    seL4_UserContext regs;

    start_faulty(&faulter, faulter_stack, faulter_main);
    info = seL4_Recv(fault_ep, &badge);
    kt_word(seL4_Fault_VMFault, seL4_MessageInfo_get_label(info), "a VMFault message arrived");
    kt_word(0xfa, badge, "... with the fault endpoint cap's badge 0xfa");
    kt_word(seL4_VMFault_Length, seL4_MessageInfo_get_length(info), "... length 4");
    kt_word((seL4_Word)kt_store_site, seL4_GetMR(seL4_VMFault_IP), "MR0: the faulting store's IP");
    kt_word(hole, seL4_GetMR(seL4_VMFault_Addr), "MR1: the unmapped address");
    kt_word(0, seL4_GetMR(seL4_VMFault_PrefetchFault), "MR2: not an instruction fetch");
    kt_word(0x6, seL4_GetMR(seL4_VMFault_FSR), "MR3: user write to a non-present page (0x6)");
    kt_word(1, faulter_step, "the faulting thread stopped at the store");
    kt_error(seL4_NoError, seL4_TCB_ReadRegisters(faulter.tcb, 0, 0, 1, &regs),
             "ReadRegisters of the faulted thread");
    kt_word((seL4_Word)kt_store_site, regs.rip, "its rip is the faulting store");

    kt_error(seL4_NoError, kt_map(frame, hole, seL4_ReadWrite), "the handler maps a page there");
    info = seL4_ReplyRecv(fault_ep, seL4_MessageInfo_new(0, 0, 0, 0), &badge);
    kt_word(2, faulter_step, "after the reply the thread re-ran the store and went on");
    kt_word(0x1234, faulter_read, "the store happened: the thread read 0x1234 back");
    kt_word(0x1234, *(volatile seL4_Word *)hole, "the handler sees 0x1234 in the page");
    kt_word(seL4_Fault_VMFault, seL4_MessageInfo_get_label(info), "the second fault arrived");
    kt_word(hole2, seL4_GetMR(seL4_VMFault_Addr), "... at the second unmapped address");
    kt_word(0x4, seL4_GetMR(seL4_VMFault_FSR), "... a user read of a non-present page (0x4)");
    kt_error(seL4_NoError, seL4_TCB_Suspend(faulter.tcb), "the handler suspends the thread");
    seL4_NBRecv(fault_ep, &badge);
    kt_word(0, badge, "no further fault message");
    kt_word(2, faulter_step, "the suspended thread did not go on");
}

/*
 * A jump to an address with nothing mapped.  seL4 x86_64 leaves EFER.NXE
 * (and, on QEMU's CPU, SMEP) off, so the CPU never marks a page fault as an
 * instruction fetch (bit 4 of the error code) and seL4, which takes
 * PrefetchFault from that bit, reports a plain user read: PrefetchFault 0,
 * FSR 0x4.  caplab must say the same.
 */
static void expect_fetch_fault(seL4_Word target, seL4_Word fsr, const char *what)
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    seL4_Fault_t f;

    kt_error(seL4_NoError, kt_thread_start(&fetcher, (kt_entry_t)target, 0),
             "%s: start a thread there", what);
    info = seL4_Recv(fault_ep, &badge);
    kt_word(seL4_Fault_VMFault, seL4_MessageInfo_get_label(info), "%s: VMFault", what);
    kt_word(seL4_VMFault_Length, seL4_MessageInfo_get_length(info), "%s: length 4", what);
    kt_word(target, seL4_GetMR(seL4_VMFault_IP), "%s: MR0, the IP is the target", what);
    kt_word(target, seL4_GetMR(seL4_VMFault_Addr), "%s: MR1, so is the fault address", what);
    kt_word(0, seL4_GetMR(seL4_VMFault_PrefetchFault),
            "%s: MR2, PrefetchFault 0 (no NX, no SMEP: the CPU reports a read)", what);
    kt_word(fsr, seL4_GetMR(seL4_VMFault_FSR), "%s: MR3, FSR %#lx", what, (unsigned long)fsr);
    f = seL4_getFault(info);
    kt_word(seL4_Fault_VMFault, seL4_Fault_get_seL4_FaultType(f), "%s: seL4_getFault: a VMFault",
            what);
    kt_word(0, seL4_Fault_VMFault_get_PrefetchFault(f),
            "%s: seL4_Fault_VMFault_get_PrefetchFault is 0", what);
    kt_word(fsr, seL4_Fault_VMFault_get_FSR(f), "%s: seL4_Fault_VMFault_get_FSR", what);
    kt_error(seL4_NoError, seL4_TCB_Suspend(fetcher.tcb), "%s: the handler suspends it", what);
}

static void test_fetch_fault(void)
{
    kt_thread_create(&fetcher, fault_cap, 200, fetcher_stack, sizeof(fetcher_stack));
    expect_fetch_fault(hole3, 0x4, "jump to an unmapped page (user read, not present)");
    expect_fetch_fault(0, 0x4, "call through NULL (user read, not present)");
    expect_fetch_fault(0xffffffff80100000ul, 0x5,
                       "jump into the kernel's half (user read of a supervisor page)");
}

static void test_unknown_syscall(void)
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0, mrs[seL4_UnknownSyscall_Length];
    seL4_UserContext regs;

    start_faulty(&emulated, emulated_stack, emulated_main);
    info = seL4_Recv(fault_ep, &badge);
    kt_word(seL4_Fault_UnknownSyscall, seL4_MessageInfo_get_label(info),
            "syscall 7: an UnknownSyscall fault");
    kt_word(seL4_UnknownSyscall_Length, seL4_MessageInfo_get_length(info), "... length 19");
    for (int i = 0; i < seL4_UnknownSyscall_Length; i++)
        mrs[i] = seL4_GetMR(i);
    kt_word(7, mrs[seL4_UnknownSyscall_Syscall], "MR18: the syscall number 7");
    kt_word(0x1111, mrs[seL4_UnknownSyscall_RAX], "MR0: RAX");
    kt_word(7, mrs[seL4_UnknownSyscall_RDX], "MR3: RDX");
    kt_word((seL4_Word)kt_syscall_site, mrs[seL4_UnknownSyscall_FaultIP],
            "MR15: FaultIP is the syscall instruction");
    /* Reading the registers and writing them back unchanged must not move
     * the thread: its rip is where it restarts (FaultIP), as in seL4. */
    kt_error(seL4_NoError, seL4_TCB_ReadRegisters(emulated.tcb, 0, 0, 1, &regs),
             "ReadRegisters of the faulted thread");
    kt_word((seL4_Word)kt_syscall_site, regs.rip,
            "its rip is the FaultIP (the syscall instruction), not the next instruction");

    /* Emulate it: RAX = 0x4242 and step over the 2-byte instruction. */
    mrs[seL4_UnknownSyscall_RAX] = 0x4242;
    mrs[seL4_UnknownSyscall_FaultIP] += 2;
    for (int i = 0; i < seL4_UnknownSyscall_Length; i++)
        seL4_SetMR(i, mrs[i]);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_Syscall));
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
    kt_word(0x4242, syscall_rax, "a label-0 reply restarted it with the registers written back");
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
}

static void test_user_exception(void)
{
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;

    start_faulty(&excepter, excepter_stack, excepter_main);
    info = seL4_Recv(fault_ep, &badge);
    kt_word(seL4_Fault_UserException, seL4_MessageInfo_get_label(info), "ud2: a UserException");
    kt_word(seL4_UserException_Length, seL4_MessageInfo_get_length(info), "... length 5");
    kt_word((seL4_Word)kt_ud2_site, seL4_GetMR(seL4_UserException_FaultIP), "MR0: the ud2's IP");
    kt_word(6, seL4_GetMR(seL4_UserException_Number), "MR3: vector 6 (#UD)");
    /* A reply with a non-zero label leaves the thread inactive... */
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0));
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
    seL4_NBRecv(fault_ep, &badge);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    kt_word(0, badge, "a label-1 reply left the thread inactive: no new fault");
    /* ... until Resume restarts it at the faulting instruction. */
    kt_error(seL4_NoError, seL4_TCB_Resume(excepter.tcb), "Resume the inactive thread");
    info = seL4_Recv(fault_ep, &badge);
    kt_word(seL4_Fault_UserException, seL4_MessageInfo_get_label(info),
            "it re-ran the ud2 and faulted again");
    kt_word((seL4_Word)kt_ud2_site, seL4_GetMR(seL4_UserException_FaultIP), "... at the same IP");
    seL4_TCB_Suspend(excepter.tcb);
}

static void test_faults(void)
{
    fault_ep = kt_new(seL4_EndpointObject, 0);
    fault_cap = mint(fault_ep, seL4_AllRights, 0xfa);
    hole = kt_vaddr_page();
    hole2 = kt_vaddr_page();
    hole3 = kt_vaddr_page();
    test_vm_fault();
    test_fetch_fault();
    test_unknown_syscall();
    test_user_exception();
}

int main(void)
{
    kt_init("tcb_ipc");
    ep = kt_new(seL4_EndpointObject, 0);
    report_ep = kt_new(seL4_EndpointObject, 0);
    ep_grant = mint(ep, seL4_AllRights, 0x11);
    ep_nogrant = mint(ep, seL4_CapRights_new(1, 0, 1, 1), 0x22);
    ep_unwrap = mint(ep, seL4_AllRights, 0x33);

    test_start_server();
    test_call_reply();
    test_send_nbsend();
    test_cap_transfer();
    test_registers();
    test_priorities();
    test_configure_errors();
    test_bound_notification();
    test_faults();
    seL4_TCB_Suspend(srv.thread.tcb);
    return kt_done();
}

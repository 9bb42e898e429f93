/*
 * sel4utils/mcs_api.h - seL4_libs' wrappers that let code run on an MCS
 * and a non-MCS kernel alike, as they behave on non-MCS (caplab's kernel):
 * the reply-object and scheduling-context arguments are ignored, the MCS
 * only calls stop the program, the scheduling-context calls give -ENOSYS.
 */
#pragma once

#include <errno.h>
#include <autoconf.h>
#include <sel4/sel4.h>
#include <utils/util.h>
#include <sel4utils/sel4_zf_logif.h>

/* On non-MCS the boot thread's time slice is the timer tick. */
#ifndef CONFIG_BOOT_THREAD_TIME_SLICE
#define CONFIG_BOOT_THREAD_TIME_SLICE CONFIG_TIMER_TICK_MS
#endif

static inline seL4_MessageInfo_t api_wait(seL4_CPtr ep, seL4_Word *badge)
{
    return seL4_Recv(ep, badge);
}

static inline seL4_MessageInfo_t api_recv(seL4_CPtr ep, seL4_Word *badge, UNUSED seL4_CPtr reply)
{
    return seL4_Recv(ep, badge);
}

static inline seL4_MessageInfo_t api_nbrecv(seL4_CPtr ep, seL4_Word *badge,
                                            UNUSED seL4_CPtr reply)
{
    return seL4_NBRecv(ep, badge);
}

static inline void api_reply(UNUSED seL4_CPtr reply, seL4_MessageInfo_t msg)
{
    seL4_Reply(msg);
}

static inline seL4_MessageInfo_t api_reply_recv(seL4_CPtr ep, seL4_MessageInfo_t msg,
                                                seL4_Word *badge, UNUSED seL4_CPtr reply)
{
    return seL4_ReplyRecv(ep, msg, badge);
}

/* NBSendRecv and NBSendWait exist on MCS only. */
static inline seL4_MessageInfo_t api_nbsend_recv(UNUSED seL4_CPtr send,
                                                 UNUSED seL4_MessageInfo_t info,
                                                 UNUSED seL4_CPtr recv, UNUSED seL4_Word *badge,
                                                 UNUSED seL4_CPtr reply)
{
    ZF_LOGF("Not available on non MCS kernel");
    return seL4_MessageInfo_new(0, 0, 0, 0);
}

static inline seL4_MessageInfo_t api_nbsend_wait(UNUSED seL4_CPtr send,
                                                 UNUSED seL4_MessageInfo_t info,
                                                 UNUSED seL4_CPtr recv, UNUSED seL4_Word *badge)
{
    ZF_LOGF("Not available on non MCS kernel");
    return seL4_MessageInfo_new(0, 0, 0, 0);
}

static inline seL4_Error api_tcb_configure(seL4_CPtr tcb, seL4_CPtr ep,
                                           UNUSED seL4_CPtr timeout_ep, UNUSED seL4_CPtr sc,
                                           seL4_CPtr cspace, seL4_Word cdata, seL4_CPtr vspace,
                                           seL4_Word vdata, seL4_Word ipc_buffer_addr,
                                           seL4_CPtr ipc_buffer_cap)
{
    return seL4_TCB_Configure(tcb, ep, cspace, cdata, vspace, vdata, ipc_buffer_addr,
                              ipc_buffer_cap);
}

static inline seL4_Error api_tcb_set_sched_params(seL4_CPtr tcb, seL4_CPtr auth, seL4_Word prio,
                                                  seL4_Word mcp, UNUSED seL4_CPtr sc)
{
    return seL4_TCB_SetSchedParams(tcb, auth, mcp, prio);
}

static inline seL4_Error api_tcb_set_space(seL4_CPtr tcb, seL4_CPtr ep, seL4_CPtr cspace,
                                           seL4_Word cdata, seL4_CPtr vspace, seL4_Word vdata)
{
    return seL4_TCB_SetSpace(tcb, ep, cspace, cdata, vspace, vdata);
}

static inline seL4_Error api_sc_bind(UNUSED seL4_CPtr sc, UNUSED seL4_CPtr tcb)
{
    return (seL4_Error)-ENOSYS;
}

static inline seL4_Error api_sc_unbind_object(UNUSED seL4_CPtr sc, UNUSED seL4_CPtr tcb)
{
    return (seL4_Error)-ENOSYS;
}

static inline seL4_Error api_sc_unbind(UNUSED seL4_CPtr sc)
{
    return (seL4_Error)-ENOSYS;
}

static inline seL4_Error api_sched_ctrl_configure(UNUSED seL4_CPtr sched_ctrl, UNUSED seL4_CPtr sc,
                                                  UNUSED uint64_t budget, UNUSED uint64_t period,
                                                  UNUSED seL4_Word refills,
                                                  UNUSED seL4_Word badge)
{
    return (seL4_Error)-ENOSYS;
}

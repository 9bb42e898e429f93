/*
 * sel4utils/thread_config.h - the settings of a new thread (fault
 * endpoint, CSpace, stack, IPC buffer, scheduling) and builder functions
 * that return an updated copy: config = thread_config_priority(config, 100).
 *
 * caplab's kernel is non-MCS: the scheduling-context fields exist so code
 * compiles, and are ignored.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <sel4utils/api.h>

typedef struct sched_params {
    uint8_t priority;          /* set only if nonzero */
    uint8_t mcp;               /* set only if nonzero */
    seL4_CPtr auth;            /* TCB whose MCP authorises the two above */
    bool create_sc;            /* MCS only */
    seL4_CPtr sched_ctrl;      /* MCS only */
    uint64_t period;           /* MCS only */
    uint64_t budget;           /* MCS only */
    seL4_Word extra_refills;   /* MCS only */
    seL4_Word badge;           /* MCS only */
    seL4_CPtr sched_context;   /* MCS only */
    seL4_Word core;            /* one core here */
} sched_params_t;

typedef struct sel4utils_thread_config {
    seL4_CPtr fault_endpoint;  /* may be seL4_CapNull */
    seL4_CNode cspace;         /* CSpace root of the thread */
    seL4_Word cspace_root_data;
    bool custom_stack_size;
    seL4_Word stack_size;      /* in 4 KiB pages, if custom_stack_size */
    bool no_ipc_buffer;
    sched_params_t sched_params;
    bool create_reply;         /* MCS only */
    seL4_CPtr reply;           /* MCS only */
} sel4utils_thread_config_t;

static inline sched_params_t sched_params_core(sched_params_t params, seL4_Word core)
{
    params.core = core;
    return params;
}

static inline sel4utils_thread_config_t thread_config_create_reply(sel4utils_thread_config_t c)
{
    c.create_reply = true;
    return c;
}

static inline sel4utils_thread_config_t thread_config_reply(sel4utils_thread_config_t c,
                                                            seL4_CPtr reply)
{
    c.create_reply = false;
    c.reply = reply;
    return c;
}

static inline sel4utils_thread_config_t thread_config_sched_context(sel4utils_thread_config_t c,
                                                                    seL4_CPtr sched_context)
{
    c.sched_params.create_sc = false;
    c.sched_params.sched_context = sched_context;
    return c;
}

static inline sel4utils_thread_config_t thread_config_cspace(sel4utils_thread_config_t c,
                                                             seL4_CPtr cspace_root,
                                                             seL4_Word cspace_root_data)
{
    c.cspace = cspace_root;
    c.cspace_root_data = cspace_root_data;
    return c;
}

static inline sel4utils_thread_config_t thread_config_auth(sel4utils_thread_config_t c,
                                                           seL4_CPtr tcb)
{
    c.sched_params.auth = tcb;
    return c;
}

/* The caller's CSpace (from simple) and its TCB as authority. */
static inline sel4utils_thread_config_t thread_config_new(simple_t *simple)
{
    sel4utils_thread_config_t c = {0};
    seL4_Word data = api_make_guard_skip_word(seL4_WordBits - simple_get_cnode_size_bits(simple));

    c = thread_config_auth(c, simple_get_tcb(simple));
    return thread_config_cspace(c, simple_get_cnode(simple), data);
}

static inline sel4utils_thread_config_t thread_config_priority(sel4utils_thread_config_t c,
                                                               uint8_t priority)
{
    c.sched_params.priority = priority;
    return c;
}

static inline sel4utils_thread_config_t thread_config_mcp(sel4utils_thread_config_t c,
                                                          uint8_t mcp)
{
    c.sched_params.mcp = mcp;
    return c;
}

static inline sel4utils_thread_config_t thread_config_stack_size(sel4utils_thread_config_t c,
                                                                 seL4_Word size)
{
    c.stack_size = size;
    c.custom_stack_size = true;
    return c;
}

static inline sel4utils_thread_config_t thread_config_no_ipc_buffer(sel4utils_thread_config_t c)
{
    c.no_ipc_buffer = true;
    return c;
}

static inline sel4utils_thread_config_t thread_config_fault_endpoint(sel4utils_thread_config_t c,
                                                                     seL4_CPtr fault_ep)
{
    c.fault_endpoint = fault_ep;
    return c;
}

static inline sel4utils_thread_config_t thread_config_default(simple_t *simple, seL4_CPtr cnode,
                                                              seL4_Word data, seL4_CPtr fault_ep,
                                                              uint8_t prio)
{
    sel4utils_thread_config_t c = thread_config_new(simple);

    c = thread_config_cspace(c, cnode, data);
    c = thread_config_fault_endpoint(c, fault_ep);
    c = thread_config_priority(c, prio);
    return thread_config_create_reply(c);
}

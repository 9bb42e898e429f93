/*
 * protocol.h - what the root task (main.c) and process_2 (app.c) of the
 * cap-transfer lab say to each other.
 *
 * process_2 Calls the root task on its badged service endpoint; the label of
 * the message says what it asks for.  The root task answers each request
 * for an endpoint and then sends one word on the new endpoint, which
 * process_2 receives there to prove the cap works.
 */
#pragma once

/* Request labels (the label of process_2's message). */
#define REQ_EP_BY_IPC   1   /* "send me a new endpoint cap in your reply" */
#define REQ_EP_BY_COPY  2   /* "put a new endpoint cap into my CSpace, tell me where" */
#define REQ_DONE        3   /* "I am finished" (never answered: we clean up) */

/* The word the root task sends on each new endpoint. */
#define WORD_BY_IPC     0xca11
#define WORD_BY_COPY    0xc0b1

/* The badge of process_2's service endpoint cap. */
#define CLIENT_BADGE    0x61

/* process_2's argv: argv[0] is its name (sel4runtime names the thread after
 * it), argv[ARG_SERVICE_EP] the slot of its service endpoint cap,
 * argv[ARG_FREE_SLOT] a free slot of its CSpace, and argv[ARG_VERBOSE] is 1
 * when it should print what it does. */
#define APP_NAME        "process_2"
#define ARG_SERVICE_EP  1
#define ARG_FREE_SLOT   2
#define ARG_VERBOSE     3
#define NUM_ARGS        4

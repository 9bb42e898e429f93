/*
 * env.h: the start-up and small helpers every root task of
 * tests/sel4libs/programs shares.  Written only against the seL4 and
 * seL4_libs API: built together with env.c, a program runs on seL4
 * unchanged.  The runner copies env.h and env.c next to each program's
 * main.c, so a program includes it as "env.h".
 */
#ifndef SEL4LIBS_TESTS_ENV_H
#define SEL4LIBS_TESTS_ENV_H

#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/vka.h>
#include <vspace/vspace.h>
#include <sel4utils/thread.h>
#include <sel4utils/process.h>

/* The root task's environment, valid after env_boot(). */
extern simple_t simple;
extern vka_t vka;
extern vspace_t vspace;

/* The usual start-up: simple from the BootInfo, allocman over the root
 * CNode, a vka, the root vspace and a virtual pool for allocman's
 * bookkeeping.  Stops the program (ZF_LOGF) if a step fails. */
void env_boot(void);

/* Configure a thread in our CSpace and VSpace with the given fault
 * endpoint, set its priority (our TCB is the authority) and start it. */
void start_thread(sel4utils_thread_t *t, seL4_CPtr fault_ep, int prio,
                  sel4utils_thread_entry_fn fn, void *arg0, void *arg1);

/* Print a message's label, length, extraCaps and capsUnwrapped. */
void print_info(const char *what, seL4_MessageInfo_t info);

/* Let every runnable thread of a priority above 1 run until it blocks:
 * drop our own priority to 1, then take back seL4_MaxPrio. */
void settle(void);

/* Configure a process from the CPIO archive's image at the given priority. */
void configure_process(sel4utils_process_t *p, const char *image, int prio);

/* A new slot holding a copy of cap with the given rights and badge. */
seL4_CPtr mint(seL4_CPtr cap, seL4_CapRights_t rights, seL4_Word badge);

/* Wait for a fault message on ep; print its badge, fault type and length;
 * return its message info and the fault in *f. */
seL4_MessageInfo_t recv_fault(seL4_CPtr ep, seL4_Fault_t *f);

/* How many slots the vka can still hand out (it gets them back). */
int free_slots(void);

#endif

/*
 * dynamic-1 lab: from the BootInfo to a second running thread, with the
 * seL4 libraries (simple, allocman, vka, sel4utils).
 *
 * The kernel starts exactly one thread, the root task, and gives it caps to
 * everything else.  Starting a second thread takes four things the kernel
 * never makes on its own: a TCB object (retyped from untyped memory), a
 * CSpace and a VSpace for it to run in (here: the root task's own), and its
 * first register values (where to start, which stack to use).  The libraries
 * do the bookkeeping: `simple` reads the BootInfo, allocman keeps track of
 * free slots and untyped memory, and the vka is the interface through which
 * the rest of the code asks it for objects.
 *
 * main() follows the seL4 tutorial "Dynamic Libraries: initialisation &
 * threading" TASK by TASK (same order, same numbers).  After every TASK the
 * code that follows prints a line about what that TASK produced, and the
 * kernel reports on its event channel what really happened; the grader
 * compares the two.  An unsolved TASK stops the program with a line that
 * names it.
 */

#include <autoconf.h>

#include <stdio.h>
#include <assert.h>

#include <sel4/sel4.h>

#include <simple/simple.h>
#include <simple-default/simple-default.h>

#include <vka/object.h>

#include <allocman/allocman.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>

#include <utils/arith.h>
#include <utils/zf_log.h>
#include <sel4utils/sel4_zf_logif.h>
#include <sel4utils/thread.h>

#include <sel4platsupport/bootinfo.h>

#include <caplab/task.h>

/* The BootInfo: what the kernel handed over (filled in by TASK 1). */
seL4_BootInfo *info;

/* simple: a library view of the boot environment (TASK 2). */
simple_t simple;

/* vka: the allocation interface the rest of the code uses (TASK 5). */
vka_t vka;

/* allocman: the allocator behind the vka (TASK 4). */
allocman_t *allocman;

/* allocman keeps its own records in this memory until it can map more. */
#define ALLOCATOR_STATIC_POOL_SIZE (BIT(seL4_PageBits) * 10)
UNUSED static char allocator_mem_pool[ALLOCATOR_STATIC_POOL_SIZE];

/* The stack of the new thread: 4 KiB, 16-byte aligned. */
#define THREAD_2_STACK_SIZE 512
static uint64_t thread_2_stack[THREAD_2_STACK_SIZE] __attribute__((aligned(16)));

/* The new thread's name, as the kernel will show it in its reports. */
#define THREAD_2_NAME "dynamic-1: thread_2"

/* The new thread's TCB (TASK 8); a global, so that thread_2 can use it too. */
vka_object_t tcb_object = {0};

/* The code the new thread runs.  It shares main's CSpace and VSpace, so it
 * can use the caps and the globals of main, but it has no IPC buffer and no
 * thread-local storage of its own: it must stick to system calls that need
 * neither (printf's seL4_DebugPutChar and the TCB invocation below do). */
void thread_2(void)
{
    /* TASK 15: print something from the new thread.
     *
     * This is the proof that the registers of TASKs 11 to 13 were right:
     * the kernel starts the thread at its instruction pointer, with its stack
     * pointer.  Print exactly:
     *
     *     thread_2: hallo wereld
     *
     * Hint: printf().
     */
    TASK_TODO(15, "print something from the new thread.");

    /* A thread cannot "exit" in seL4: something has to stop its TCB.  This
     * one has nothing left to do, so it suspends itself (the seL4 tutorial
     * spins in a loop instead).  The machine halts once no thread can run. */
    seL4_TCB_Suspend(tcb_object.cptr);
}

int main(void)
{
    UNUSED int error = 0;

    /* TASK 1: get the BootInfo.
     *
     * The kernel passes the root task a pointer to the BootInfo frame; the
     * C runtime keeps it, and platsupport_get_bootinfo() returns it (NULL if
     * there is none).  Store it in the global `info`.
     *
     * Hint: seL4_BootInfo *platsupport_get_bootinfo(void);
     */
    TASK_TODO(1, "get the BootInfo.");
    ZF_LOGF_IF(info == NULL, "Failed to get bootinfo.");
    printf("main: BootInfo at %p: untypeds in slots [%lu, %lu), empty slots [%lu, %lu)\n",
           (void *)info, (unsigned long)info->untyped.start, (unsigned long)info->untyped.end,
           (unsigned long)info->empty.start, (unsigned long)info->empty.end);

    /* Name the root thread and prefix our log lines: both help when reading
     * the kernel's fault reports and ZF_LOG messages. */
    zf_log_set_tag_prefix("dynamic-1:");
    NAME_THREAD(seL4_CapInitThreadTCB, "dynamic-1");

    /* TASK 2: initialise simple from the BootInfo.
     *
     * `simple` answers questions about the boot environment (where is my
     * CNode, how many untypeds are there, ...) through one interface, so that
     * the libraries do not depend on how the answers were found.
     *
     * Hint: void simple_default_init_bootinfo(simple_t *simple, seL4_BootInfo *bi);
     */
    TASK_TODO(2, "initialise simple from the BootInfo.");
    printf("main: simple: root CNode of 2^%d slots, %d untypeds\n",
           simple_get_cnode_size_bits(&simple), simple_get_untyped_count(&simple));

    /* TASK 3: print the BootInfo through simple.
     *
     * simple_print() writes the BootInfo's slot regions ("Empty slots:",
     * "untypeds:", ...) and the root CNode's size in seL4's own format.
     *
     * Hint: void simple_print(simple_t *simple);
     */
    TASK_TODO(3, "print the BootInfo through simple.");

    /* TASK 4: create an allocator.
     *
     * allocman takes over the free slots of our CNode and all untyped
     * memory.  It needs a little memory of its own to start with: the static
     * pool above.  Store the result in the global `allocman`.
     *
     * Hint: allocman_t *bootstrap_use_current_simple(simple_t *simple,
     *                                                size_t pool_size, void *pool);
     *       It returns NULL on failure.
     */
    TASK_TODO(4, "create an allocator.");
    ZF_LOGF_IF(allocman == NULL, "Failed to initialize alloc manager.\n"
               "\tMemory pool sufficiently sized?\n"
               "\tMemory pool pointer valid?\n");

    /* What the allocator does, once by hand: a free slot from its CSpace
     * manager, then untyped memory retyped into that slot. */
    cspacepath_t ntfn_path;
    error = allocman_cspace_alloc(allocman, &ntfn_path);
    ZF_LOGF_IFERR(error, "allocman has no free slot.\n");
    allocman_utspace_alloc(allocman, seL4_NotificationBits, seL4_NotificationObject,
                           &ntfn_path, false, &error);
    ZF_LOGF_IFERR(error, "allocman could not retype a notification.\n");
    printf("main: allocman: a notification in slot %lu\n", (unsigned long)ntfn_path.capPtr);

    /* TASK 5: make a vka from the allocator.
     *
     * The vka is a generic "give me an object of this type" interface; the
     * libraries (and the rest of this file) only ever talk to a vka_t.
     *
     * Hint: void allocman_make_vka(vka_t *vka, allocman_t *alloc);
     */
    TASK_TODO(5, "make a vka from the allocator.");

    /* The same allocation through the vka: one call does slot and retype. */
    vka_object_t ntfn_object = {0};
    error = vka_alloc_notification(&vka, &ntfn_object);
    ZF_LOGF_IFERR(error, "The vka could not allocate a notification.\n");
    printf("main: vka: a notification in slot %lu\n", (unsigned long)ntfn_object.cptr);

    /* TASK 6: find the cap to our CSpace root CNode.
     *
     * The new thread will share our CSpace, so its TCB needs a cap to the
     * same root CNode.  simple knows where that cap is.
     *
     * Hint: seL4_CPtr simple_get_cnode(simple_t *simple);
     */
    seL4_CPtr cspace_cap = seL4_CapNull;
    TASK_TODO(6, "find the cap to our CSpace root CNode.");
    printf("main: CSpace root in slot %lu, cap type %lu\n", (unsigned long)cspace_cap,
           (unsigned long)seL4_DebugCapIdentify(cspace_cap));

    /* TASK 7: find the cap to our VSpace root.
     *
     * The same for the address space: on x86_64 the root of a VSpace is a
     * PML4 object.
     *
     * Hint: seL4_CPtr simple_get_pd(simple_t *simple);
     */
    seL4_CPtr pd_cap = seL4_CapNull;
    TASK_TODO(7, "find the cap to our VSpace root.");
    printf("main: VSpace root in slot %lu, cap type %lu\n", (unsigned long)pd_cap,
           (unsigned long)seL4_DebugCapIdentify(pd_cap));

    /* TASK 8: allocate a TCB object.
     *
     * A TCB is the kernel's record of a thread: registers, priority, its
     * CSpace and VSpace roots.  A new one is empty and inactive.  Allocate
     * it into the global `tcb_object` and keep the error code in `error`.
     *
     * Hint: int vka_alloc_tcb(vka_t *vka, vka_object_t *result);  0 = success
     */
    TASK_TODO(8, "allocate a TCB object.");
    ZF_LOGF_IFERR(error, "Failed to allocate new TCB.\n"
                  "\tVKA given sufficient bootstrap memory?");
    printf("main: new TCB in slot %lu\n", (unsigned long)tcb_object.cptr);

    /* TASK 9: configure the TCB: our CSpace and VSpace, nothing else.
     *
     * Hints:
     *   1. seL4_TCB_Configure(tcb, fault_ep, cspace_root, cspace_root_data,
     *                         vspace_root, vspace_root_data, buffer, bufferFrame)
     *   2. No fault endpoint: seL4_CapNull.
     *   3. No change of guard and no VSpace data: seL4_NilData for both.
     *   4. No IPC buffer yet: 0 for the address and 0 for the frame cap.
     */
    TASK_TODO(9, "configure the TCB: our CSpace and VSpace, nothing else.");
    ZF_LOGF_IFERR(error, "Failed to configure the new TCB object.\n"
                  "\tWe're running the new thread with the root thread's CSpace.\n"
                  "\tWe're running the new thread in the root thread's VSpace.\n"
                  "\tWe will not be executing any IPC in this app.\n");
    printf("main: TCB in slot %lu configured with CSpace %lu and VSpace %lu\n",
           (unsigned long)tcb_object.cptr, (unsigned long)cspace_cap, (unsigned long)pd_cap);

    /* A new TCB has priority 0.  Give it one just below ours: it then runs
     * as soon as main has finished (main returning stops only the root
     * thread), and the console lines come in a fixed order. */
    error = seL4_TCB_SetPriority(tcb_object.cptr, simple_get_tcb(&simple), seL4_MaxPrio - 1);
    ZF_LOGF_IFERR(error, "Failed to set the priority for the new TCB object.\n");
    printf("main: new thread's priority is %d\n", seL4_MaxPrio - 1);

    /* TASK 10: give the new thread a name.
     *
     * The kernel uses the name in its fault reports and events.  Use
     * THREAD_2_NAME.
     *
     * Hint: NAME_THREAD(tcb_cap, name), as main did for itself above.
     */
    TASK_TODO(10, "give the new thread a name.");
    printf("main: named the new thread \"%s\"\n", THREAD_2_NAME);

    /* The new thread's first registers.  seL4_UserContext holds all of them;
     * only the first two (rip, rsp on x86_64) will be written to the TCB. */
    seL4_UserContext regs = {0};

    /* TASK 11: the instruction pointer: the new thread starts in thread_2().
     *
     * Hint: void sel4utils_set_instruction_pointer(seL4_UserContext *regs,
     *                                              seL4_Word value);
     */
    TASK_TODO(11, "the instruction pointer: the new thread starts in thread_2().");
    printf("main: thread_2 will start at 0x%lx (thread_2 is at %p)\n",
           (unsigned long)regs.rip, (void *)thread_2);

    /* The top of the new stack: one past its last byte, 16-byte aligned. */
    const int stack_alignment_requirement = sizeof(seL4_Word) * 2;
    uintptr_t thread_2_stack_top = (uintptr_t)thread_2_stack + sizeof(thread_2_stack);
    ZF_LOGF_IF(thread_2_stack_top % (stack_alignment_requirement) != 0,
               "Stack top isn't aligned correctly to a %dB boundary.\n"
               "\tDouble check to ensure you're not trampling.",
               stack_alignment_requirement);

    /* TASK 12: the stack pointer, placed as the x86_64 ABI wants it.
     *
     * The stack grows down, so it starts at the top.  A function is normally
     * entered by `call`, which pushes an 8-byte return address onto a stack
     * that was 16-byte aligned; so at the function's first instruction
     * rsp + 8 is a multiple of 16, and the compiler relies on that.  thread_2
     * is entered by the kernel instead, so leave room for the (never used)
     * return address yourself: rsp = top - 8.
     *
     * Hint: void sel4utils_set_stack_pointer(seL4_UserContext *regs, seL4_Word value);
     */
    TASK_TODO(12, "the stack pointer, placed as the x86_64 ABI wants it.");
    printf("main: thread_2's stack pointer will be 0x%lx (stack top 0x%lx)\n",
           (unsigned long)regs.rsp, (unsigned long)thread_2_stack_top);

    /* TASK 13: write the two registers into the TCB.
     *
     * rip is the first register of seL4_UserContext and rsp the second, so a
     * count of 2 writes exactly those.  Do not resume the thread yet.
     *
     * Hint: seL4_TCB_WriteRegisters(tcb, resume_target, arch_flags, count, &regs);
     *       resume_target 0, arch_flags 0.
     */
    TASK_TODO(13, "write the two registers into the TCB.");
    ZF_LOGF_IFERR(error, "Failed to write the new thread's register set.\n"
                  "\tDid you write the correct number of registers? See arg4.\n");

    /* Read them back from the kernel, to see what the TCB now holds. */
    seL4_UserContext written = {0};
    error = seL4_TCB_ReadRegisters(tcb_object.cptr, 0, 0, 2, &written);
    ZF_LOGF_IFERR(error, "Failed to read the new thread's registers back.\n");
    printf("main: the TCB holds rip 0x%lx, rsp 0x%lx\n",
           (unsigned long)written.rip, (unsigned long)written.rsp);

    /* TASK 14: start the new thread.
     *
     * From now on the kernel schedules it by its priority.
     *
     * Hint: seL4_TCB_Resume(tcb);
     */
    TASK_TODO(14, "start the new thread.");
    ZF_LOGF_IFERR(error, "Failed to start new thread.\n");

    /* we are done, say hello */
    printf("main: hello world\n");
    return 0;
}

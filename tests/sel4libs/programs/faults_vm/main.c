/*
 * faults_vm: a thread whose fault endpoint is a badged endpoint the root
 * task receives on.  It reads an unmapped page, writes a read-only one and
 * jumps to an unmapped address; the root task reads each VMFault with
 * seL4_getFault and the VMFault accessors, mends the cause (maps the page,
 * remaps it writable, moves the thread's RIP with WriteRegisters) and
 * replies, so the thread goes on.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <utils/util.h>
#include "env.h"

#define NTHREADS 3

static vka_object_t ep, park;

#define FAULT_BADGE 0x61

static volatile seL4_Word *unmapped, *read_only;
static vka_object_t ep;

static void recovered(void)
{
    printf("thread: recovered after the jump\n");
    seL4_Send(ep.cptr, seL4_MessageInfo_new(0x99, 0, 0, 0));
    seL4_Recv(ep.cptr, NULL);       /* nobody sends: wait forever */
}

static void faulter(void *arg0, void *arg1, void *ipc_buf)
{
    printf("thread: reading %p\n", (void *)unmapped);
    printf("thread: read %lu\n", (unsigned long)*unmapped);
    read_only[1] = 5;
    printf("thread: wrote %lu\n", (unsigned long)read_only[1]);
    void (*nowhere)(void) = (void (*)(void))(uintptr_t)0x7ff000000000UL;
    nowhere();
    printf("thread: not reached\n");
}

/* a fresh frame mapped at vaddr, inside the reservation res */
static seL4_CPtr map_frame(void *vaddr, reservation_t res)
{
    vka_object_t frame;
    int error = vka_alloc_frame(&vka, seL4_PageBits, &frame);
    ZF_LOGF_IFERR(error, "frame");
    error = vspace_map_pages_at_vaddr(&vspace, &frame.cptr, NULL, vaddr, 1, seL4_PageBits, res);
    ZF_LOGF_IFERR(error, "map");
    return frame.cptr;
}

static seL4_MessageInfo_t next_fault(sel4utils_thread_t *t, seL4_Fault_t *fault)
{
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
    *fault = seL4_getFault(info);
    printf("fault: badge %#lx label %lu length %lu type %lu\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_MessageInfo_get_length(info),
           (unsigned long)seL4_Fault_get_seL4_FaultType(*fault));
    return info;
}

/* fetch: an instruction fetch, whose PrefetchFault and FSR bit 4 are
 * left out (see main) */
static void show_vm(sel4utils_thread_t *t, seL4_Fault_t f, void *addr, bool fetch)
{
    seL4_UserContext regs;
    seL4_TCB_ReadRegisters(t->tcb.cptr, 0, 0, 3, &regs);
    printf("vm fault: addr is %s, ip is the thread's rip %d, fsr %#lx\n",
           seL4_Fault_VMFault_get_Addr(f) == (seL4_Word)addr ? "the address" : "wrong",
           seL4_Fault_VMFault_get_IP(f) == regs.rip,
           (unsigned long)(seL4_Fault_VMFault_get_FSR(f) & (fetch ? ~0x10UL : ~0UL)));
    if (!fetch)
        printf("prefetch %lu\n", (unsigned long)seL4_Fault_VMFault_get_PrefetchFault(f));
}

int main(void)
{
    sel4utils_thread_t thread;
    cspacepath_t src, dest;
    seL4_Fault_t f;
    void *page;
    int error;

    env_boot();
    error = vka_alloc_endpoint(&vka, &ep);
    ZF_LOGF_IFERR(error, "endpoint");
    vka_cspace_make_path(&vka, ep.cptr, &src);
    error = vka_cspace_alloc_path(&vka, &dest);
    ZF_LOGF_IFERR(error, "slot");
    error = vka_cnode_mint(&dest, &src, seL4_AllRights, FAULT_BADGE);
    printf("mint: %d\n", error);

    /* a page of address space left unmapped, and one mapped read-only */
    reservation_t hole = vspace_reserve_range(&vspace, BIT(seL4_PageBits), seL4_AllRights, 1, &page);
    ZF_LOGF_IF(hole.res == NULL, "reserve");
    unmapped = page;
    reservation_t ro = vspace_reserve_range(&vspace, BIT(seL4_PageBits), seL4_CanRead, 1, &page);
    ZF_LOGF_IF(ro.res == NULL, "reserve");
    read_only = page;
    seL4_CPtr ro_frame = map_frame((void *)read_only, ro);

    sel4utils_thread_config_t config = thread_config_default(&simple,
        simple_get_cnode(&simple), seL4_NilData, dest.capPtr, 254);
    error = sel4utils_configure_thread_config(&vka, &vspace, &vspace, config, &thread);
    ZF_LOGF_IFERR(error, "configure");
    NAME_THREAD(thread.tcb.cptr, "faulter");
    error = sel4utils_start_thread(&thread, faulter, NULL, NULL, 1);
    ZF_LOGF_IFERR(error, "start");

    /* 1: a read of a page that is not mapped (FSR: user, read, not present) */
    seL4_MessageInfo_t info = next_fault(&thread, &f);
    show_vm(&thread, f, (void *)unmapped, false);
    map_frame((void *)unmapped, hole);
    seL4_Reply(info);

    /* 2: a write to a read-only page (user, write, present) */
    info = next_fault(&thread, &f);
    show_vm(&thread, f, (void *)&read_only[1], false);
    error = seL4_X86_Page_Unmap(ro_frame);
    error = error ?: seL4_X86_Page_Map(ro_frame, simple_get_pd(&simple), (seL4_Word)read_only,
                                       seL4_AllRights, seL4_X86_Default_VMAttributes);
    printf("remapped writable: %d\n", error);
    seL4_Reply(info);

    /* 3: a call to an unmapped address: an instruction fetch.  Bit 4 of the
     * FSR (and PrefetchFault) says "instruction fetch" only on CPUs with NX
     * or SMEP on (seL4 turns SMEP on where the CPU has it; QEMU's default
     * CPU has neither), so neither is shown. */
    info = next_fault(&thread, &f);
    printf("fetch: addr %#lx ip %#lx\n", (unsigned long)seL4_Fault_VMFault_get_Addr(f),
           (unsigned long)seL4_Fault_VMFault_get_IP(f));
    show_vm(&thread, f, (void *)0x7ff000000000UL, true);
    seL4_UserContext regs;
    error = seL4_TCB_ReadRegisters(thread.tcb.cptr, 0, 0, 3, &regs);
    regs.rip = (seL4_Word)recovered;
    error = error ?: seL4_TCB_WriteRegisters(thread.tcb.cptr, 0, 0, 3, &regs);
    printf("moved rip: %d\n", error);
    seL4_Reply(info);

    /* the thread runs on at recovered(), which sends once */
    seL4_Word badge;
    info = seL4_Recv(ep.cptr, &badge);
    printf("from the thread: badge %lu label %#lx\n", (unsigned long)badge,
           (unsigned long)seL4_MessageInfo_get_label(info));
    seL4_TCB_Suspend(thread.tcb.cptr);
    printf("faults_vm: done\n");
    return 0;
}

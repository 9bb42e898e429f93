/*
 * faults_addresses: what a thread gets for touching the kernel's half of the
 * address space (a VMFault: the pages are there but not for user mode), a
 * non-canonical address or a privileged instruction (a general-protection
 * UserException, vector 13).  The handler moves the thread past each one.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <simple/simple.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <vka/object.h>
#include <vka/capops.h>
#include <sel4utils/vspace.h>
#include <sel4utils/thread.h>
#include <utils/util.h>

#define POOL_SIZE (BIT(seL4_PageBits) * 10)
#define VIRT_POOL_SIZE (BIT(seL4_PageBits) * 100)
#define NTHREADS 3

static char pool[POOL_SIZE];
static sel4utils_alloc_data_t vspace_data;
static simple_t simple;
static vka_t vka;
static vspace_t vspace;
static vka_object_t ep, park, done;

static void bootstrap(void)
{
    seL4_BootInfo *info = platsupport_get_bootinfo();
    allocman_t *allocman;
    void *vaddr;
    int error;

    simple_default_init_bootinfo(&simple, info);
    allocman = bootstrap_use_current_simple(&simple, POOL_SIZE, pool);
    ZF_LOGF_IF(allocman == NULL, "no allocman");
    allocman_make_vka(&vka, allocman);
    error = sel4utils_bootstrap_vspace_with_bootinfo_leaky(&vspace, &vspace_data,
                                                           simple_get_pd(&simple), &vka, info);
    ZF_LOGF_IFERR(error, "no vspace");
    reservation_t res = vspace_reserve_range(&vspace, VIRT_POOL_SIZE, seL4_AllRights, 1, &vaddr);
    ZF_LOGF_IF(res.res == NULL, "no virtual pool");
    bootstrap_configure_virtual_pool(allocman, vaddr, VIRT_POOL_SIZE, simple_get_pd(&simple));
}

#define KERNEL_ADDR 0xffffffff80001000UL
static vka_object_t ep, park, done;
extern char after_kread[], after_kwrite[], after_noncanon[], after_hlt[], after_in[], after_cli[];

static void toucher(void *arg0, void *arg1, void *ipc_buf)
{
    __asm__ volatile("movabs $0xffffffff80001000, %%rbx\n\tmov (%%rbx), %%rax\n\t"
                     ".globl after_kread\nafter_kread:" ::: "rax", "rbx", "memory");
    __asm__ volatile("movabs $0xffffffff80001000, %%rbx\n\tmovq $1, (%%rbx)\n\t"
                     ".globl after_kwrite\nafter_kwrite:" ::: "rbx", "memory");
    __asm__ volatile("movabs $0x0000800000000000, %%rbx\n\tmov (%%rbx), %%rax\n\t"
                     ".globl after_noncanon\nafter_noncanon:" ::: "rax", "rbx", "memory");
    __asm__ volatile("hlt\n\t.globl after_hlt\nafter_hlt:");
    __asm__ volatile("in $0x60, %%al\n\t.globl after_in\nafter_in:" ::: "rax");
    __asm__ volatile("cli\n\t.globl after_cli\nafter_cli:");
    printf("thread: past all six\n");
    seL4_Signal(done.cptr);
    seL4_Wait(park.cptr, NULL);
}

int main(void)
{
    sel4utils_thread_t t;
    seL4_Word badge;
    char *resume_at[] = { after_kread, after_kwrite, after_noncanon, after_hlt, after_in,
                          after_cli };
    int error;

    bootstrap();
    vka_alloc_endpoint(&vka, &ep);
    vka_alloc_notification(&vka, &park);
    vka_alloc_notification(&vka, &done);
    error = sel4utils_configure_thread(&vka, &vspace, &vspace, ep.cptr,
                                       simple_get_cnode(&simple), seL4_NilData, &t);
    ZF_LOGF_IFERR(error, "configure");
    seL4_TCB_SetPriority(t.tcb.cptr, simple_get_tcb(&simple), 200);
    sel4utils_start_thread(&t, toucher, NULL, NULL, 1);
    for (int i = 0; i < 6; i++) {
        seL4_MessageInfo_t info = seL4_Recv(ep.cptr, &badge);
        seL4_Fault_t f = seL4_getFault(info);
        switch (seL4_Fault_get_seL4_FaultType(f)) {
        case seL4_Fault_VMFault:
            printf("%d: vm fault at %#lx, fsr %#lx\n", i,
                   (unsigned long)seL4_Fault_VMFault_get_Addr(f),
                   (unsigned long)(seL4_Fault_VMFault_get_FSR(f) & ~0x10UL));
            break;
        case seL4_Fault_UserException:
            printf("%d: user exception %lu code %#lx\n", i,
                   (unsigned long)seL4_Fault_UserException_get_Number(f),
                   (unsigned long)seL4_Fault_UserException_get_Code(f));
            break;
        default:
            printf("%d: fault type %lu\n", i, (unsigned long)seL4_Fault_get_seL4_FaultType(f));
        }
        seL4_UserContext regs;
        seL4_TCB_ReadRegisters(t.tcb.cptr, 0, 0, 1, &regs);
        regs.rip = (seL4_Word)resume_at[i];
        seL4_TCB_WriteRegisters(t.tcb.cptr, 0, 0, 1, &regs);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
    seL4_Wait(done.cptr, NULL);
    seL4_TCB_Suspend(t.tcb.cptr);
    printf("faults_addresses: done\n");
    return 0;
}

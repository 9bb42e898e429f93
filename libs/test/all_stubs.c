/*
 * all_stubs.c - makes the compiler emit every libsel4 stub once.
 *
 * The stubs are static inline functions; an unused one is never compiled
 * down to machine code, so a wrong asm constraint or register variable in
 * it would go unnoticed.  Taking every stub's address here forces each one
 * through the whole compiler.  Nothing calls them.
 */
#include <sel4/sel4.h>

typedef void (*any_fn)(void);
#define F(fn) (any_fn)(fn)

const any_fn libs_test_all_stubs[] = {
    F(seL4_Send), F(seL4_NBSend), F(seL4_Reply), F(seL4_Signal),
    F(seL4_SendWithMRs), F(seL4_NBSendWithMRs), F(seL4_ReplyWithMRs),
    F(seL4_Recv), F(seL4_NBRecv), F(seL4_Wait), F(seL4_Poll), F(seL4_NBWait),
    F(seL4_RecvWithMRs), F(seL4_NBRecvWithMRs), F(seL4_Call), F(seL4_CallWithMRs),
    F(seL4_ReplyRecv), F(seL4_ReplyRecvWithMRs), F(seL4_Yield),
    F(seL4_DebugPutChar), F(seL4_DebugHalt), F(seL4_DebugSnapshot),
    F(seL4_DebugDumpScheduler), F(seL4_DebugCapIdentify), F(seL4_DebugNameThread),
    F(seL4_GetIPCBuffer), F(seL4_SetIPCBuffer), F(seL4_GetMR), F(seL4_SetMR),
    F(seL4_GetUserData), F(seL4_SetUserData), F(seL4_GetBadge), F(seL4_GetCap),
    F(seL4_SetCap), F(seL4_GetCapReceivePath), F(seL4_SetCapReceivePath),
    F(seL4_Untyped_Retype),
    F(seL4_CNode_Revoke), F(seL4_CNode_Delete), F(seL4_CNode_CancelBadgedSends),
    F(seL4_CNode_SaveCaller), F(seL4_CNode_Copy), F(seL4_CNode_Mint),
    F(seL4_CNode_Move), F(seL4_CNode_Mutate), F(seL4_CNode_Rotate),
    F(seL4_TCB_ReadRegisters), F(seL4_TCB_WriteRegisters), F(seL4_TCB_CopyRegisters),
    F(seL4_TCB_Configure), F(seL4_TCB_SetSpace), F(seL4_TCB_SetIPCBuffer),
    F(seL4_TCB_SetPriority), F(seL4_TCB_SetMCPriority), F(seL4_TCB_SetSchedParams),
    F(seL4_TCB_Suspend), F(seL4_TCB_Resume), F(seL4_TCB_BindNotification),
    F(seL4_TCB_UnbindNotification), F(seL4_TCB_SetTLSBase),
    F(seL4_IRQControl_Get), F(seL4_IRQControl_GetIOAPIC), F(seL4_IRQControl_GetMSI),
    F(seL4_IRQHandler_Ack), F(seL4_IRQHandler_SetNotification), F(seL4_IRQHandler_Clear),
    F(seL4_DomainSet_Set),
    F(seL4_X86_PDPT_Map), F(seL4_X86_PDPT_Unmap), F(seL4_X86_PageDirectory_Map),
    F(seL4_X86_PageDirectory_Unmap), F(seL4_X86_PageTable_Map), F(seL4_X86_PageTable_Unmap),
    F(seL4_X86_Page_Map), F(seL4_X86_Page_Unmap), F(seL4_X86_Page_GetAddress),
    F(seL4_X86_ASIDControl_MakePool), F(seL4_X86_ASIDPool_Assign),
    F(seL4_X86_IOPortControl_Issue), F(seL4_X86_IOPort_In8), F(seL4_X86_IOPort_In16),
    F(seL4_X86_IOPort_In32), F(seL4_X86_IOPort_Out8), F(seL4_X86_IOPort_Out16),
    F(seL4_X86_IOPort_Out32), F(seL4_MappingFailedLookupLevel),
    F(seL4_ARCH_Page_Map), F(seL4_ARCH_PageTable_Map), F(seL4_ARCH_ASIDPool_Assign),
    F(seL4_getFault), F(seL4_Fault_VMFault_get_Addr), F(seL4_Fault_CapFault_get_Addr),
    F(seL4_Fault_UnknownSyscall_get_Syscall), F(seL4_Fault_UserException_get_Number),
    F(seL4_CapData_Badge_new), F(seL4_CapData_Guard_new), F(caplab_sys_exit),
};

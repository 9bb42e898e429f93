/*
 * sel4/constants.h - numbers shared by the kernel and user space.
 *
 * Everything here is part of the user ABI: syscall numbers, sizes of kernel
 * objects, the fixed slots of the root task's CNode, message limits.  The
 * kernel includes this file too, so the two sides can never disagree.
 * Values follow seL4 13.0 on x86_64 (non-MCS).
 */
#pragma once

/* System call numbers (RDX on entry). */
#define seL4_SysCall                 (-1)
#define seL4_SysReplyRecv            (-2)
#define seL4_SysSend                 (-3)
#define seL4_SysNBSend               (-4)
#define seL4_SysRecv                 (-5)
#define seL4_SysReply                (-6)
#define seL4_SysYield                (-7)
#define seL4_SysNBRecv               (-8)
#define seL4_SysDebugPutChar         (-9)
#define seL4_SysDebugDumpScheduler   (-10)
#define seL4_SysDebugHalt            (-11)
#define seL4_SysDebugCapIdentify     (-12)
#define seL4_SysDebugSnapshot        (-13)
#define seL4_SysDebugNameThread      (-14)

/*
 * caplab extension: DebugHalt with RSI = CAPLAB_EXIT_MAGIC is "exit with the
 * status in RDI".  Plain seL4_DebugHalt() leaves RSI alone, so the two are
 * told apart; the runtime uses this when main() returns.
 */
#define CAPLAB_EXIT_MAGIC            0x4558495443415000ull  /* "\0PACTIXE" */

/*
 * caplab extension: DebugHalt with RSI = CAPLAB_THREAD_EXIT_MAGIC ends only
 * the calling thread (it is suspended) and records the status in RDI; the
 * machine halts with reason "exit" and that status once no thread can run.
 * The runtime uses this when the root task's main() returns.
 */
#define CAPLAB_THREAD_EXIT_MAGIC     0x5448524541445800ull  /* "\0XDAERHT" */

/* Word and message geometry. */
#define seL4_WordBits                64
#define seL4_WordSizeBits            3
#define seL4_PageBits                12
#define seL4_LargePageBits           21
#define seL4_HugePageBits            30
#define seL4_SlotBits                5
#define seL4_TCBBits                 11
#define seL4_EndpointBits            4
#define seL4_NotificationBits        5
#define seL4_PageTableBits           12
#define seL4_PageDirBits             12
#define seL4_PDPTBits                12
#define seL4_PML4Bits                12
#define seL4_VSpaceBits              seL4_PML4Bits
#define seL4_PageTableIndexBits      9
#define seL4_ASIDPoolBits            12
#define seL4_ASIDPoolIndexBits       9
#define seL4_NumASIDPoolsBits        3
#define seL4_MinUntypedBits          4
#define seL4_MaxUntypedBits          47
#define seL4_BadgeBits               64
#define seL4_GuardBits               58
#define seL4_GuardSizeBits           6
#define seL4_UntypedRetypeMaxObjects 256
#define seL4_MinPrio                 0
#define seL4_MaxPrio                 255
#define seL4_UserTop                 0x00007ffffffff000ull

#define seL4_MsgLengthBits           7
#define seL4_MsgExtraCapBits         2
#define seL4_MsgMaxLength            120
#define seL4_MsgMaxExtraCaps         3
#define seL4_FastMessageRegisters    4
#define seL4_IPCBufferSizeBits       10

#define CONFIG_ROOT_CNODE_SIZE_BITS  12
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define CONFIG_USER_STACK_TRACE_LENGTH 16
#define CONFIG_MAX_NUM_NODES         1
#define CONFIG_NUM_PRIORITIES        256

/* Fixed slots of the root task's CNode (seL4 13.0 layout). */
#define seL4_CapNull                 0
#define seL4_CapInitThreadTCB        1
#define seL4_CapInitThreadCNode      2
#define seL4_CapInitThreadVSpace     3
#define seL4_CapInitThreadPD         seL4_CapInitThreadVSpace
#define seL4_CapIRQControl           4
#define seL4_CapASIDControl          5
#define seL4_CapInitThreadASIDPool   6
#define seL4_CapIOPortControl        7
#define seL4_CapIOSpace              8
#define seL4_CapBootInfoFrame        9
#define seL4_CapInitThreadIPCBuffer  10
#define seL4_CapDomain               11
#define seL4_CapSMMUSIDControl       12
#define seL4_CapSMMUCBControl        13
#define seL4_CapInitThreadSC         14
#define seL4_CapSMC                  15
#define seL4_NumInitialCaps          16

/* Extra bootinfo chunk ids (x86). */
#define SEL4_BOOTINFO_HEADER_PADDING      0
#define SEL4_BOOTINFO_HEADER_X86_VBE      1
#define SEL4_BOOTINFO_HEADER_X86_MBMMAP   2
#define SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP 3
#define SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER 4
#define SEL4_BOOTINFO_HEADER_X86_TSC_FREQ 5

/* Kernel cap-type tags returned by seL4_DebugCapIdentify (x86_64). */
#define seL4_CapTag_Null             0
#define seL4_CapTag_Frame            1
#define seL4_CapTag_Untyped          2
#define seL4_CapTag_PageTable        3
#define seL4_CapTag_Endpoint         4
#define seL4_CapTag_PageDirectory    5
#define seL4_CapTag_Notification     6
#define seL4_CapTag_PDPT             7
#define seL4_CapTag_Reply            8
#define seL4_CapTag_PML4             9
#define seL4_CapTag_CNode            10
#define seL4_CapTag_ASIDControl      11
#define seL4_CapTag_Thread           12
#define seL4_CapTag_ASIDPool         13
#define seL4_CapTag_IRQControl       14
#define seL4_CapTag_IRQHandler       16
#define seL4_CapTag_Zombie           18
#define seL4_CapTag_IOPort           19
#define seL4_CapTag_Domain           20
#define seL4_CapTag_IOPortControl    31

/* Fault labels (x86_64, non-MCS). */
#define seL4_Fault_NullFault         0
#define seL4_Fault_CapFault          1
#define seL4_Fault_UnknownSyscall    2
#define seL4_Fault_UserException     3
#define seL4_Fault_DebugException    4
#define seL4_Fault_VMFault           5

/* Lengths of fault messages. */
#define seL4_CapFault_Length         7
#define seL4_UnknownSyscall_Length   19
#define seL4_UserException_Length    5
#define seL4_VMFault_Length          4

/* MR indices inside fault messages. */
#define seL4_CapFault_IP             0
#define seL4_CapFault_Addr           1
#define seL4_CapFault_InRecvPhase    2
#define seL4_CapFault_LookupFailureType 3
#define seL4_CapFault_BitsLeft       4
#define seL4_CapFault_DepthMismatch_BitsFound 5
#define seL4_CapFault_GuardMismatch_GuardFound 5
#define seL4_CapFault_GuardMismatch_BitsFound 6
#define seL4_VMFault_IP              0
#define seL4_VMFault_Addr            1
#define seL4_VMFault_PrefetchFault   2
#define seL4_VMFault_FSR             3
#define seL4_UserException_FaultIP   0
#define seL4_UserException_SP        1
#define seL4_UserException_FLAGS     2
#define seL4_UserException_Number    3
#define seL4_UserException_Code      4
#define seL4_UnknownSyscall_RAX      0
#define seL4_UnknownSyscall_RBX      1
#define seL4_UnknownSyscall_RCX      2
#define seL4_UnknownSyscall_RDX      3
#define seL4_UnknownSyscall_RSI      4
#define seL4_UnknownSyscall_RDI      5
#define seL4_UnknownSyscall_RBP      6
#define seL4_UnknownSyscall_R8       7
#define seL4_UnknownSyscall_R9       8
#define seL4_UnknownSyscall_R10      9
#define seL4_UnknownSyscall_R11      10
#define seL4_UnknownSyscall_R12      11
#define seL4_UnknownSyscall_R13      12
#define seL4_UnknownSyscall_R14      13
#define seL4_UnknownSyscall_R15      14
#define seL4_UnknownSyscall_FaultIP  15
#define seL4_UnknownSyscall_SP       16
#define seL4_UnknownSyscall_FLAGS    17
#define seL4_UnknownSyscall_Syscall  18

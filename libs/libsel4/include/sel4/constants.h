/*
 * sel4/constants.h - numbers shared by the kernel and user space.
 *
 * Everything here is part of the user ABI: sizes of kernel objects and
 * paging structures, the fixed slots of the root task's CNode, message
 * limits, fault types and fault-message layouts (the syscall numbers are
 * in sel4/syscall.h).  seL4 spreads these over sel4/constants.h and
 * sel4/sel4_arch/constants.h (which includes this file here).  The
 * kernel includes this file too, so the two sides can never disagree.
 * Values follow seL4 13.0 on x86_64 (non-MCS).
 */
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/syscall.h>

/*
 * caplab extension: DebugHalt with RSI = CAPLAB_EXIT_MAGIC is "halt the
 * machine, exiting with the status in RDI".  Plain seL4_DebugHalt() leaves
 * RSI alone, so the two are told apart; libc's exit() and abort() use it.
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
#define seL4_PageTableEntryBits      3
#define seL4_PageTableIndexBits      9
#define seL4_PageDirEntryBits        3
#define seL4_PageDirIndexBits        9
#define seL4_PDPTEntryBits           3
#define seL4_PDPTIndexBits           9
#define seL4_PML4EntryBits           3
#define seL4_PML4IndexBits           9
#define seL4_IOPageTableBits         12
#define seL4_ASIDPoolBits            12
#define seL4_ASIDPoolIndexBits       9
#define seL4_NumASIDPoolsBits        3
#define seL4_MinUntypedBits          4
#define seL4_MaxUntypedBits          47
#define seL4_BadgeBits               64
#define seL4_GuardBits               58
#define seL4_GuardSizeBits           6
#define seL4_UntypedRetypeMaxObjects 256
#define seL4_InvalidPrio             (-1)
#define seL4_MinPrio                 0
#define seL4_MaxPrio                 255
#define seL4_UserTop                 0x00007ffffffff000ull

/* VMFault FSR bit 4 (x86 page-fault error code): an instruction fetch. */
#define seL4_DataFault               0
#define seL4_InstructionFault        1

#define seL4_MsgLengthBits           7
#define seL4_MsgExtraCapBits         2
#define seL4_MsgMaxLength            120
#define seL4_MsgMaxExtraCaps         3
#define seL4_FastMessageRegisters    4
#define seL4_IPCBufferSizeBits       10


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

/*
 * Fault types: the label of a fault message (x86_64, non-MCS, no hardware
 * debug API), as seL4's generated seL4_Fault_tag.
 */
enum seL4_Fault_tag {
    seL4_Fault_NullFault = 0,
    seL4_Fault_CapFault = 1,
    seL4_Fault_UnknownSyscall = 2,
    seL4_Fault_UserException = 3,
    seL4_Fault_VMFault = 5
};
typedef enum seL4_Fault_tag seL4_Fault_tag_t;

/* Message-register indices of each fault message, and its length. */
typedef enum {
    seL4_CapFault_IP,
    seL4_CapFault_Addr,
    seL4_CapFault_InRecvPhase,
    seL4_CapFault_LookupFailureType,
    seL4_CapFault_BitsLeft,
    seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_GuardFound = seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_BitsFound,
    SEL4_FORCE_LONG_ENUM(seL4_CapFault_Msg),
} seL4_CapFault_Msg;

/* caplab: seL4 names no length for a cap fault; it is 7 words. */
#define seL4_CapFault_Length (seL4_CapFault_GuardMismatch_BitsFound + 1)

typedef enum {
    seL4_VMFault_IP,
    seL4_VMFault_Addr,
    seL4_VMFault_PrefetchFault,
    seL4_VMFault_FSR,
    seL4_VMFault_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VMFault_Msg),
} seL4_VMFault_Msg;

typedef enum {
    seL4_UnknownSyscall_RAX,
    seL4_UnknownSyscall_RBX,
    seL4_UnknownSyscall_RCX,
    seL4_UnknownSyscall_RDX,
    seL4_UnknownSyscall_RSI,
    seL4_UnknownSyscall_RDI,
    seL4_UnknownSyscall_RBP,
    seL4_UnknownSyscall_R8,
    seL4_UnknownSyscall_R9,
    seL4_UnknownSyscall_R10,
    seL4_UnknownSyscall_R11,
    seL4_UnknownSyscall_R12,
    seL4_UnknownSyscall_R13,
    seL4_UnknownSyscall_R14,
    seL4_UnknownSyscall_R15,
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_FLAGS,
    seL4_UnknownSyscall_Syscall,
    seL4_UnknownSyscall_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UnknownSyscall_Msg),
} seL4_UnknownSyscall_Msg;

typedef enum {
    seL4_UserException_FaultIP,
    seL4_UserException_SP,
    seL4_UserException_FLAGS,
    seL4_UserException_Number,
    seL4_UserException_Code,
    seL4_UserException_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UserException_Msg),
} seL4_UserException_Msg;

/*
 * sel4/types.h - the data layouts of the seL4 user ABI on x86_64: basic word
 * types, the message-info word, cap rights, the IPC buffer, BootInfo and the
 * user register context.  The kernel includes this file too.
 *
 * Bit-packed words (message info, cap rights, CNode cap data) are built and
 * read only through the inline accessors below, never by masking elsewhere.
 */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>

typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_IRQHandler;
typedef seL4_CPtr seL4_IRQControl;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_DomainSet;
typedef seL4_CPtr seL4_X86_ASIDControl;
typedef seL4_CPtr seL4_X86_ASIDPool;
typedef seL4_CPtr seL4_X86_IOSpace;
typedef seL4_CPtr seL4_X86_IOPort;
typedef seL4_CPtr seL4_X86_IOPortControl;
typedef seL4_CPtr seL4_X86_Page;
typedef seL4_CPtr seL4_X86_PDPT;
typedef seL4_CPtr seL4_X86_PageDirectory;
typedef seL4_CPtr seL4_X86_PageTable;
typedef seL4_CPtr seL4_X64_PML4;
typedef seL4_CPtr seL4_X86_VSpace;

typedef seL4_Word seL4_X86_VMAttributes;
#define seL4_X86_Default_VMAttributes      0
#define seL4_X86_WriteBack                 0
#define seL4_X86_WriteThrough              1
#define seL4_X86_CacheDisabled             2
#define seL4_X86_Uncacheable               3
#define seL4_X86_WriteCombining            4
#define seL4_ARCH_Default_VMAttributes     seL4_X86_Default_VMAttributes
typedef seL4_X86_VMAttributes seL4_ARCH_VMAttributes;

#define seL4_Null  ((seL4_Word)0)
#define seL4_NilData 0

/* ---------------------------------------------------------------------
 * seL4_MessageInfo: label[63:12] capsUnwrapped[11:9] extraCaps[8:7]
 * length[6:0].
 */
typedef struct seL4_MessageInfo {
    seL4_Word words[1];
} seL4_MessageInfo_t;

static inline seL4_MessageInfo_t
seL4_MessageInfo_new(seL4_Word label, seL4_Word capsUnwrapped,
                     seL4_Word extraCaps, seL4_Word length)
{
    seL4_MessageInfo_t m;
    m.words[0] = (label << 12) | ((capsUnwrapped & 0x7) << 9) |
                 ((extraCaps & 0x3) << 7) | (length & 0x7f);
    return m;
}
static inline seL4_Word seL4_MessageInfo_get_label(seL4_MessageInfo_t m)
{ return m.words[0] >> 12; }
static inline seL4_Word seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t m)
{ return (m.words[0] >> 9) & 0x7; }
static inline seL4_Word seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t m)
{ return (m.words[0] >> 7) & 0x3; }
static inline seL4_Word seL4_MessageInfo_get_length(seL4_MessageInfo_t m)
{ return m.words[0] & 0x7f; }
static inline seL4_MessageInfo_t
seL4_MessageInfo_set_label(seL4_MessageInfo_t m, seL4_Word v)
{ m.words[0] = (m.words[0] & 0xfffull) | (v << 12); return m; }
static inline seL4_MessageInfo_t
seL4_MessageInfo_set_capsUnwrapped(seL4_MessageInfo_t m, seL4_Word v)
{ m.words[0] = (m.words[0] & ~(0x7ull << 9)) | ((v & 0x7) << 9); return m; }
static inline seL4_MessageInfo_t
seL4_MessageInfo_set_extraCaps(seL4_MessageInfo_t m, seL4_Word v)
{ m.words[0] = (m.words[0] & ~(0x3ull << 7)) | ((v & 0x3) << 7); return m; }
static inline seL4_MessageInfo_t
seL4_MessageInfo_set_length(seL4_MessageInfo_t m, seL4_Word v)
{ m.words[0] = (m.words[0] & ~0x7full) | (v & 0x7f); return m; }

/* ---------------------------------------------------------------------
 * seL4_CapRights: bit0 Write, bit1 Read, bit2 Grant, bit3 GrantReply.
 * Constructor order is (grantReply, grant, read, write).
 */
typedef struct seL4_CapRights {
    seL4_Word words[1];
} seL4_CapRights_t;

static inline seL4_CapRights_t
seL4_CapRights_new(seL4_Word grantReply, seL4_Word grant, seL4_Word read,
                   seL4_Word write)
{
    seL4_CapRights_t r;
    r.words[0] = ((grantReply & 1) << 3) | ((grant & 1) << 2) |
                 ((read & 1) << 1) | (write & 1);
    return r;
}
static inline seL4_Word seL4_CapRights_get_capAllowWrite(seL4_CapRights_t r)
{ return r.words[0] & 1; }
static inline seL4_Word seL4_CapRights_get_capAllowRead(seL4_CapRights_t r)
{ return (r.words[0] >> 1) & 1; }
static inline seL4_Word seL4_CapRights_get_capAllowGrant(seL4_CapRights_t r)
{ return (r.words[0] >> 2) & 1; }
static inline seL4_Word seL4_CapRights_get_capAllowGrantReply(seL4_CapRights_t r)
{ return (r.words[0] >> 3) & 1; }

#define seL4_AllRights    seL4_CapRights_new(1, 1, 1, 1)
#define seL4_ReadWrite    seL4_CapRights_new(0, 0, 1, 1)
#define seL4_CanRead      seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanWrite     seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanGrant     seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_NoWrite      seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead       seL4_CapRights_new(1, 1, 0, 1)
#define seL4_NoRights     seL4_CapRights_new(0, 0, 0, 0)

/* ---------------------------------------------------------------------
 * CNode cap data (Mint/Mutate/Configure): one word, guard << 6 |
 * guardSize.  As on seL4 it is a struct; invocations take its words[0].
 */
typedef struct seL4_CNode_CapData {
    seL4_Uint64 words[1];
} seL4_CNode_CapData_t;

static inline seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Uint64 guard,
                                                          seL4_Uint64 guardSize)
{
    seL4_CNode_CapData_t d = { { (guard << seL4_GuardSizeBits) | (guardSize & 0x3f) } };
    return d;
}
static inline void seL4_CNode_CapData_ptr_new(seL4_CNode_CapData_t *p, seL4_Uint64 guard,
                                              seL4_Uint64 guardSize)
{ *p = seL4_CNode_CapData_new(guard, guardSize); }
static inline seL4_Uint64 seL4_CNode_CapData_get_guard(seL4_CNode_CapData_t d)
{ return d.words[0] >> seL4_GuardSizeBits; }
static inline seL4_Uint64 seL4_CNode_CapData_get_guardSize(seL4_CNode_CapData_t d)
{ return d.words[0] & 0x3f; }
static inline seL4_CNode_CapData_t seL4_CNode_CapData_set_guard(seL4_CNode_CapData_t d,
                                                                seL4_Uint64 v)
{ d.words[0] = (d.words[0] & 0x3f) | (v << seL4_GuardSizeBits); return d; }
static inline seL4_CNode_CapData_t seL4_CNode_CapData_set_guardSize(seL4_CNode_CapData_t d,
                                                                    seL4_Uint64 v)
{ d.words[0] = (d.words[0] & ~(seL4_Uint64)0x3f) | (v & 0x3f); return d; }
static inline seL4_Uint64 seL4_CNode_CapData_ptr_get_guard(seL4_CNode_CapData_t *p)
{ return seL4_CNode_CapData_get_guard(*p); }
static inline seL4_Uint64 seL4_CNode_CapData_ptr_get_guardSize(seL4_CNode_CapData_t *p)
{ return seL4_CNode_CapData_get_guardSize(*p); }
static inline void seL4_CNode_CapData_ptr_set_guard(seL4_CNode_CapData_t *p, seL4_Uint64 v)
{ *p = seL4_CNode_CapData_set_guard(*p, v); }
static inline void seL4_CNode_CapData_ptr_set_guardSize(seL4_CNode_CapData_t *p, seL4_Uint64 v)
{ *p = seL4_CNode_CapData_set_guardSize(*p, v); }

/* ---------------------------------------------------------------------
 * IPC buffer: 1024 bytes, 1024-aligned.
 */
typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps];
    seL4_CPtr receiveCNode;
    seL4_CPtr receiveIndex;
    seL4_Word receiveDepth;
} seL4_IPCBuffer __attribute__((aligned(1 << seL4_IPCBufferSizeBits)));

_Static_assert(sizeof(seL4_IPCBuffer) == 1024, "IPC buffer is 1 KiB");

/* ---------------------------------------------------------------------
 * BootInfo: one 4 KiB frame handed to the root task.
 */
typedef struct seL4_SlotRegion {
    seL4_SlotPos start;   /* first slot */
    seL4_SlotPos end;     /* first slot after the region */
} seL4_SlotRegion;

typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2];
} seL4_UntypedDesc;

typedef struct seL4_BootInfo {
    seL4_Word extraLen;
    seL4_NodeId nodeID;
    seL4_Word numNodes;
    seL4_Word numIOPTLevels;
    seL4_IPCBuffer *ipcBuffer;
    seL4_SlotRegion empty;
    seL4_SlotRegion sharedFrames;
    seL4_SlotRegion userImageFrames;
    seL4_SlotRegion userImagePaging;
    seL4_SlotRegion ioSpaceCaps;
    seL4_SlotRegion extraBIPages;
    seL4_Word initThreadCNodeSizeBits;
    seL4_Domain initThreadDomain;
    seL4_SlotRegion untyped;
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

_Static_assert(sizeof(seL4_BootInfo) <= 4096, "BootInfo fits one page");

typedef struct seL4_BootInfoHeader {
    seL4_Word id;
    seL4_Word len;
} seL4_BootInfoHeader;

/* ---------------------------------------------------------------------
 * User register context, in TCB_ReadRegisters/WriteRegisters order.
 */
typedef struct seL4_UserContext_ {
    seL4_Word rip, rsp, rflags, rax, rbx, rcx, rdx, rsi, rdi, rbp,
              r8, r9, r10, r11, r12, r13, r14, r15, fs_base, gs_base;
} seL4_UserContext;

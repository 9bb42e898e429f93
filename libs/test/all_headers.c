/*
 * all_headers.c - every seL4 / seL4_libs / sel4runtime / tutorial-library
 * header caplab provides, included together in one file.  It is part of the
 * library self-test root task, so it is built with the libraries' flags
 * (-Wall -Werror): the set compiles cleanly as one.  (tests/unit/libs.mk
 * also compiles each header on its own.)  A few names that seL4 code uses
 * straight from these headers are touched below so a missing one fails the
 * build.
 */
#include <caplab/task.h>
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <autoconf.h>
#include <interfaces/sel4_client.h>
#include <kernel/gen_config.h>
#include <sel4/arch/bootinfo.h>
#include <sel4/arch/bootinfo_types.h>
#include <sel4/arch/constants.h>
#include <sel4/arch/deprecated.h>
#include <sel4/arch/faults.h>
#include <sel4/arch/functions.h>
#include <sel4/arch/invocation.h>
#include <sel4/arch/invocations.h>
#include <sel4/arch/mapping.h>
#include <sel4/arch/objecttype.h>
#include <sel4/arch/simple_types.h>
#include <sel4/arch/syscalls.h>
#include <sel4/arch/types.h>
#include <sel4/assert.h>
#include <sel4/bootinfo.h>
#include <sel4/bootinfo_types.h>
#include <sel4/config.h>
#include <sel4/constants.h>
#include <sel4/debug_assert.h>
#include <sel4/deprecated.h>
#include <sel4/errors.h>
#include <sel4/faults.h>
#include <sel4/functions.h>
#include <sel4/gen_config.h>
#include <sel4/invocation.h>
#include <sel4/invocations.h>
#include <sel4/macros.h>
#include <sel4/messages.h>
#include <sel4/objecttype.h>
#include <sel4/plat/api/constants.h>
#include <sel4/sel4.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/sel4_arch/deprecated.h>
#include <sel4/sel4_arch/faults.h>
#include <sel4/sel4_arch/functions.h>
#include <sel4/sel4_arch/invocation.h>
#include <sel4/sel4_arch/mapping.h>
#include <sel4/sel4_arch/objecttype.h>
#include <sel4/sel4_arch/simple_types.h>
#include <sel4/sel4_arch/syscalls.h>
#include <sel4/sel4_arch/syscalls_syscall.h>
#include <sel4/sel4_arch/types.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>
#include <sel4/syscalls.h>
#include <sel4/types.h>
#include <sel4platsupport/bootinfo.h>
#include <sel4runtime.h>
#include <sel4runtime/auxv.h>
#include <sel4runtime/gen_config.h>
#include <sel4runtime/start.h>
#include <sel4runtime/stddef.h>
#include <sel4runtime/stdint.h>
#include <sel4runtime/thread_arch.h>
#include <sel4tutorials/alloc.h>
#include <sel4tutorials/name_thread.h>
#include <sel4utils/api.h>
#include <sel4utils/mcs_api.h>
#include <sel4utils/sel4_zf_logif.h>
#include <sel4utils/strerror.h>
#include <sel4debug/debug.h>
#include <simple-default/simple-default.h>
#include <simple/arch/simple.h>
#include <simple/cspacepath.h>
#include <simple/simple.h>
#include <simple/simple_helpers.h>
#include <utils/arith.h>
#include <utils/assume.h>
#include <utils/attribute.h>
#include <utils/builtin.h>
#include <utils/compile_time.h>
#include <utils/debug.h>
#include <utils/formats.h>
#include <utils/gen_config.h>
#include <utils/math.h>
#include <utils/page.h>
#include <utils/stringify.h>
#include <utils/time.h>
#include <utils/util.h>
#include <utils/verification.h>
#include <utils/zf_log.h>
#include <utils/zf_log_if.h>
#include <zf_log.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

_Static_assert(seL4_PML4IndexBits == 9 && seL4_PDPTIndexBits == 9 &&
               seL4_PageDirIndexBits == 9 && seL4_PageTableIndexBits == 9,
               "x86_64 paging geometry");
_Static_assert(CONFIG_WORD_SIZE == 64 && CONFIG_MAX_NUM_NODES == 1, "x86_64, one core");
_Static_assert(seL4_VMFault_Length == 4 && seL4_UnknownSyscall_Length == 19 &&
               seL4_UserException_Length == 5, "fault message lengths");
_Static_assert(sizeof(seL4_Fault_t) >= (1 + seL4_UnknownSyscall_Length) * sizeof(seL4_Word),
               "a fault value holds the longest fault");
compile_time_assert(stack_size, CONFIG_SEL4UTILS_STACK_SIZE == 65536);

#if !defined(CONFIG_ARCH_X86_64) || !defined(CONFIG_PLAT_PC99) || \
    !defined(CONFIG_DEBUG_BUILD) || !defined(CONFIG_PRINTING) || defined(CONFIG_KERNEL_MCS)
#error "autoconf.h must describe an x86_64 pc99 debug non-MCS build"
#endif

/* Never called: it only has to compile. */
UNUSED static seL4_Word all_headers_touch(seL4_MessageInfo_t tag)
{
    seL4_Fault_t f = seL4_getFault(tag);

    return seL4_Fault_VMFault_get_Addr(f) + ROUND_UP(3ul, 4ul) + NS_IN_MS +
           BYTES_TO_4K_PAGES(5000ul) + (seL4_Word)PAGE_SIZE_4K + LOG_BASE_2(64ul) +
           (seL4_Word)sizeof(cspacepath_t) + (seL4_Word)sizeof(simple_t) +
           (seL4_Word)sizeof(auxv_t) + (seL4_Word)AT_SEL4_IPC_BUFFER_PTR;
}

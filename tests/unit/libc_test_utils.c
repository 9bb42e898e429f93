/*
 * libc_test_utils.c - util_libs' helper macros (arith, page, time,
 * stringify, math) with util_libs' units and meanings, and libsel4's
 * fault values (seL4_Fault_t constructors and accessors, message indices).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "libc_host.h"
#include <utils/util.h>
#include <sel4/sel4.h>

static void test_bits_and_masks(void **state)
{
    (void)state;
    assert_int_equal(BIT(0), 1);
    assert_true(BIT(63) == 0x8000000000000000ul);
    assert_int_equal(MASK(12), 0xfff);
    assert_true(MASK(64) == ~0ul);
    assert_true(IS_ALIGNED(0x3000ul, 12));
    assert_false(IS_ALIGNED(0x3008ul, 12));
    assert_int_equal(LOG_BASE_2(4096ul), 12);
    assert_int_equal(LOG_BASE_2(4097ul), 12);
    assert_int_equal(NEXT_POWER_OF_2(64), 128);
    assert_true(IS_POWER_OF_2(64));
    assert_false(IS_POWER_OF_2(0));
    assert_true(IS_POWER_OF_2_OR_ZERO(0));
}

static void test_rounding_takes_values(void **state)
{
    int calls = 0;

    (void)state;
    assert_int_equal(ROUND_UP(10, 3), 12);            /* any value, not bits */
    assert_int_equal(ROUND_UP(12, 3), 12);
    assert_int_equal(ROUND_DOWN(11, 3), 9);
    assert_int_equal(ALIGN_UP(0x1001ul, 0x1000ul), 0x2000);
    assert_int_equal(ALIGN_DOWN(0x1fffUL, 0x1000ul), 0x1000);
    assert_int_equal(DIV_ROUND_UP(10, 4), 3);
    assert_int_equal(DIV_ROUND_UP(8, 4), 2);
    assert_int_equal(DIV_ROUND(8, 3), 3);
    assert_int_equal(DIV_ROUND(9, 4), 2);
    assert_int_equal(DIV_ROUND_UNSAFE(7, 3), 2);
    assert_int_equal(MIN(++calls, 5), 1);             /* each argument once */
    assert_int_equal(calls, 1);
    assert_int_equal(MAX(-2, -7), -2);
    assert_int_equal(CLAMP(-3, 7, 4), 4);
    assert_int_equal(CLAMP(-3, -9, 4), -3);
    assert_int_equal(CLAMP_ADD(1 << 30, 1 << 30, INT32_MAX), INT32_MAX);
    assert_int_equal(CLAMP_SUB(5, 3, 0), 2);
    assert_int_equal(INRANGE(0, 12, 10), 10);
    assert_true(ISINRANGE(0, 5, 10));
}

static void test_pages_and_time(void **state)
{
    (void)state;
    assert_int_equal(PAGE_SIZE_4K, 4096);
    assert_int_equal(BYTES_TO_4K_PAGES(1), 1);
    assert_int_equal(BYTES_TO_4K_PAGES(8192), 2);
    assert_int_equal(BYTES_TO_4K_PAGES(8193), 3);
    assert_int_equal(BYTES_TO_SIZE_BITS_PAGES(1ul << 21, 21), 1);
    assert_int_equal(SIZE_BITS_TO_BYTES(21), 2 * 1024 * 1024);
    assert_int_equal(BYTES_TO_SIZE_BITS(4096ul), 12);
    assert_true(SAME_PAGE_4K(0x1000, 0x1fff));
    assert_false(SAME_PAGE_4K(0x1fff, 0x2000));
    assert_int_equal(MiB_TO_BYTES(2), 2 * 1024 * 1024);
    assert_true(NS_IN_S == 1000000000llu);
    assert_true(NS_IN_MS * MS_IN_S == NS_IN_S);
    assert_true(US_IN_S == 1000000llu);
    assert_true(muldivu64(~0ull / 2, 6, 3) == ~0ull - 1);
    assert_string_equal(STRINGIFY(PAGE_BITS_4K), "12");
}

static void test_config_macros(void **state)
{
    (void)state;
#if !defined(CONFIG_ARCH_X86_64) || !defined(CONFIG_PLAT_PC99) || \
    !defined(CONFIG_DEBUG_BUILD) || !defined(CONFIG_PRINTING) || defined(CONFIG_KERNEL_MCS)
    fail_msg("autoconf.h is not an x86_64 pc99 debug non-MCS build");
#endif
    assert_int_equal(CONFIG_WORD_SIZE, 64);
    assert_int_equal(CONFIG_MAX_NUM_NODES, 1);
    assert_int_equal(CONFIG_SEL4UTILS_STACK_SIZE, 65536);
    assert_int_equal(seL4_PML4IndexBits + seL4_PML4EntryBits, seL4_PML4Bits);
    assert_int_equal(seL4_PageDirIndexBits, 9);
    assert_int_equal(seL4_PDPTIndexBits, 9);
    assert_int_equal(seL4_PageTableIndexBits, 9);
    assert_int_equal(seL4_LargePageBits, 21);
    assert_int_equal(seL4_HugePageBits, 30);
}

static void test_fault_values(void **state)
{
    seL4_Fault_t f;

    (void)state;
    f = seL4_Fault_VMFault_new(0x401000, 0xdead000, 0, 6);
    assert_int_equal(seL4_Fault_get_seL4_FaultType(f), seL4_Fault_VMFault);
    assert_true(seL4_Fault_seL4_FaultType_equals(f, seL4_Fault_VMFault));
    assert_int_equal(seL4_Fault_VMFault_get_IP(f), 0x401000);
    assert_int_equal(seL4_Fault_VMFault_get_Addr(f), 0xdead000);
    assert_int_equal(seL4_Fault_VMFault_get_FSR(f), 6);
    f = seL4_Fault_VMFault_set_Addr(f, 0x10);
    assert_int_equal(seL4_Fault_VMFault_ptr_get_Addr(&f), 0x10);

    f = seL4_Fault_CapFault_new(1, 2, 3, 4, 5, 6, 7);
    assert_int_equal(seL4_Fault_CapFault_get_Addr(f), 2);
    assert_int_equal(seL4_Fault_CapFault_get_LookupFailureType(f), 4);
    assert_int_equal(seL4_Fault_CapFault_get_MR6(f), 7);

    f = seL4_Fault_UserException_new(0x400100, 0x7000, 0x202, 6, 0);
    assert_int_equal(seL4_Fault_UserException_get_Number(f), 6);
    assert_int_equal(seL4_Fault_UserException_get_Stack(f), 0x7000);

    f = seL4_Fault_UnknownSyscall_new(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                      0x400200, 0x7100, 0x202, 99);
    assert_int_equal(seL4_Fault_UnknownSyscall_get_RAX(f), 1);
    assert_int_equal(seL4_Fault_UnknownSyscall_get_FaultIP(f), 0x400200);
    assert_int_equal(seL4_Fault_UnknownSyscall_get_Syscall(f), 99);
    seL4_Fault_UnknownSyscall_ptr_set_RAX(&f, 42);
    assert_int_equal(seL4_Fault_UnknownSyscall_get_RAX(f), 42);

    assert_int_equal(seL4_Fault_get_seL4_FaultType(seL4_Fault_NullFault_new()),
                     seL4_Fault_NullFault);
    assert_int_equal(seL4_VMFault_Length, 4);
    assert_int_equal(seL4_UserException_Length, 5);
    assert_int_equal(seL4_UnknownSyscall_Length, 19);
    assert_int_equal(seL4_UnknownSyscall_Syscall, 18);
    assert_int_equal(seL4_CapFault_GuardMismatch_GuardFound,
                     seL4_CapFault_DepthMismatch_BitsFound);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bits_and_masks),
        cmocka_unit_test(test_rounding_takes_values),
        cmocka_unit_test(test_pages_and_time),
        cmocka_unit_test(test_config_macros),
        cmocka_unit_test(test_fault_values),
    };

    return cmocka_run_group_tests_name("utils and libsel4 values", tests, NULL, NULL);
}

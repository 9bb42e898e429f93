/*
 * kernel/gen_config.h - the kernel's build configuration, as seL4's build
 * system would generate it for the kernel caplab stands in for: x86_64,
 * pc99, a debug build with printing, one core, no MCS.  Code written for
 * seL4 tests these CONFIG_ macros with #ifdef; the kernel includes this
 * file too (through sel4/config.h), so both sides agree on the numbers.
 *
 * Only features caplab has are switched on: no IOMMU, VT-x, hardware
 * debug API, benchmarks, SMP or fast FS/GS-base instructions.
 */
#pragma once

#define CONFIG_ARCH_X86                      1
#define CONFIG_ARCH_X86_64                   1
#define CONFIG_X86_64                        1
#define CONFIG_SEL4_ARCH_X86_64              1
#define CONFIG_PLAT_PC99                     1
#define CONFIG_ARCH_IA32_OR_X86_64           1
#define CONFIG_WORD_SIZE                     64
#define CONFIG_SEL4_ARCH                     x86_64
#define CONFIG_ARCH                          x86
#define CONFIG_PLAT                          pc99

#define CONFIG_DEBUG_BUILD                   1
#define CONFIG_PRINTING                      1
#define CONFIG_USER_STACK_TRACE_LENGTH       16
#define CONFIG_KERNEL_OPT_LEVEL_O2           1
#define CONFIG_KERNEL_OPT_LEVEL              -O2

#define CONFIG_MAX_NUM_NODES                 1
#define CONFIG_NUM_PRIORITIES                256
#define CONFIG_NUM_DOMAINS                   1
#define CONFIG_TIME_SLICE                    5
#define CONFIG_TIMER_TICK_MS                 2
#define CONFIG_ROOT_CNODE_SIZE_BITS          12
#define CONFIG_RETYPE_FAN_OUT_LIMIT          256
#define CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION 100
#define CONFIG_RESET_CHUNK_BITS              8
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define CONFIG_MAX_NUM_TRACE_POINTS          0
#define CONFIG_FASTPATH                      1

#define CONFIG_HAVE_FPU                      1
#define CONFIG_HUGE_PAGE                     1
#define CONFIG_IRQ_IOAPIC                    1
#define CONFIG_MAX_NUM_IOAPIC                1
#define CONFIG_CACHE_LN_SZ                   64
#define CONFIG_KERNEL_STACK_BITS             12
#define CONFIG_FSGSBASE_MSR                  1
#define CONFIG_SYSCALL                       1

/*
 * autoconf.h - every CONFIG_ macro of the build, as seL4's build system
 * collects them: the kernel's and libsel4's (sel4/config.h), and the
 * gen_config.h of each user library that has one.
 *
 * seL4_libs' own defaults for an x86_64 pc99 debug build follow, for the
 * libraries whose gen_config.h is not here; a library that brings its own
 * file sets the same names first.
 */
#pragma once

#include <sel4/config.h>

#if __has_include(<sel4runtime/gen_config.h>)
#include <sel4runtime/gen_config.h>
#endif
#if __has_include(<utils/gen_config.h>)
#include <utils/gen_config.h>
#endif
#if __has_include(<sel4utils/gen_config.h>)
#include <sel4utils/gen_config.h>
#endif
#if __has_include(<vka/gen_config.h>)
#include <vka/gen_config.h>
#endif
#if __has_include(<allocman/gen_config.h>)
#include <allocman/gen_config.h>
#endif
#if __has_include(<vspace/gen_config.h>)
#include <vspace/gen_config.h>
#endif
#if __has_include(<platsupport/gen_config.h>)
#include <platsupport/gen_config.h>
#endif
#if __has_include(<sel4platsupport/gen_config.h>)
#include <sel4platsupport/gen_config.h>
#endif
#if __has_include(<sel4muslcsys/gen_config.h>)
#include <sel4muslcsys/gen_config.h>
#endif

/* sel4utils: the stack of a thread made by sel4utils_configure_thread, and
 * the CNode of a process (2^12 slots). */
#ifndef CONFIG_SEL4UTILS_STACK_SIZE
#define CONFIG_SEL4UTILS_STACK_SIZE 65536
#endif
#ifndef CONFIG_SEL4UTILS_CSPACE_SIZE_BITS
#define CONFIG_SEL4UTILS_CSPACE_SIZE_BITS 12
#endif
#ifndef CONFIG_LIB_SEL4_MUSLC_SYS_MORECORE_BYTES
#define CONFIG_LIB_SEL4_MUSLC_SYS_MORECORE_BYTES 1048576
#endif

/*
 * sel4utils/gen_config.h - the build-time settings of sel4utils, at the
 * values of seL4's default configuration.
 */
#pragma once

#ifndef CONFIG_SEL4UTILS_STACK_SIZE
#define CONFIG_SEL4UTILS_STACK_SIZE 65536          /* bytes per new thread */
#endif
#ifndef CONFIG_SEL4UTILS_CSPACE_SIZE_BITS
#define CONFIG_SEL4UTILS_CSPACE_SIZE_BITS 12       /* a process's CNode radix */
#endif
#ifndef CONFIG_WORD_SIZE
#define CONFIG_WORD_SIZE 64
#endif

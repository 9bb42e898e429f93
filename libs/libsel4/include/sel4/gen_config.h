/*
 * sel4/gen_config.h - libsel4's own build configuration (seL4 generates it).
 * Invocation stubs are static inline functions here; nothing to set.
 */
#pragma once

#define CONFIG_LIB_SEL4_INLINE_INVOCATIONS 1

/*
 * sel4runtime/gen_config.h - sel4runtime's build configuration, as seL4's
 * build system would generate it for caplab's settings.
 */
#pragma once

/* Bytes of the static TLS region of the initial thread; also what seL4
 * tutorials reserve for a new thread's TLS (char tls[CONFIG_...]). */
#define CONFIG_SEL4RUNTIME_STATIC_TLS 16384

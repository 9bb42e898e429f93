/*
 * sel4/config.h - the configuration libsel4 is built for: the kernel's
 * CONFIG_ macros and libsel4's own.
 */
#pragma once

#include <kernel/gen_config.h>
#include <sel4/gen_config.h>

/*
 * vspace/arch/page.h - the frame sizes x86_64 has, smallest first, and the
 * seL4_ARCH_* names of the x86 paging invocations (those come from
 * libsel4's <sel4/arch/mapping.h> and <sel4/types.h> here).
 */
#pragma once

#include <autoconf.h>
#include <stddef.h>
#include <utils/attribute.h>
#include <sel4/sel4.h>

/* 4 KiB, 2 MiB and 1 GiB (CONFIG_HUGE_PAGE is always set on caplab). */
static const UNUSED size_t sel4_page_sizes[] = {
    seL4_PageBits,
    seL4_LargePageBits,
    seL4_HugePageBits,
};

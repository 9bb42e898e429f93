/*
 * sel4utils/arch/mapping.h - the x86 layer of <sel4utils/mapping.h>: the
 * seL4_ARCH_* paging names and the x86_64 structure maker.
 */
#pragma once

#include <vspace/arch/page.h>
#include <sel4utils/sel4_arch/mapping.h>

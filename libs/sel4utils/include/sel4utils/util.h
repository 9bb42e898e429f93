/*
 * sel4utils/util.h - what most sel4utils users want in one include.
 */
#pragma once

#include <assert.h>
#include <stdint.h>
#include <utils/util.h>
#include <vspace/page.h>
#include <sel4utils/arch/util.h>
#include <sel4utils/sel4_zf_logif.h>

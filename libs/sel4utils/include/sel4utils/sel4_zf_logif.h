/*
 * sel4utils/sel4_zf_logif.h - the ZF_LOG*_IFERR macros, by the name seL4
 * tutorials include them.  They live in utils/zf_log_if.h.
 */
#pragma once

#include <sel4/sel4.h>
#include <utils/zf_log.h>

/*
 * sel4utils/sel4_zf_logif.h - the ZF_LOG*_IFERR macros, by the name seL4
 * code includes them: log (and for F, abort) when an seL4_Error is not
 * seL4_NoError.  They live with the _IF macros in utils/zf_log_if.h.
 */
#pragma once

#include <sel4/sel4.h>
#include <utils/zf_log.h>
#include <utils/zf_log_if.h>
#include <sel4utils/strerror.h>

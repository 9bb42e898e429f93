/*
 * sel4utils/strerror.h - sel4_strerror(err): the seL4_Error enum name of
 * err ("seL4_InvalidCapability", ...).  It lives in libutils here.
 */
#pragma once

#include <utils/zf_log.h>

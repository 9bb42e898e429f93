/*
 * sel4/plat/api/constants.h - platform constants for pc99.  There are none
 * beyond the x86 ones in <sel4/constants.h>; this header exists because
 * sel4.h includes it on seL4.
 */
#pragma once

#include <sel4/constants.h>

/*
 * utils/compile_time.h - compile_time_assert(name, expr): the build fails
 * when expr is false, with name in the message.
 */
#pragma once

#include <assert.h>

#define compile_time_assert(name, expr) _Static_assert((expr), #name)

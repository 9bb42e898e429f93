/*
 * utils/assume.h - hints to the compiler: ASSUME(x) (x holds here),
 * COLD_PATH() and HOT_PATH() (how often this spot runs).
 */
#pragma once

#include <utils/attribute.h>
#include <utils/builtin.h>
#include <utils/stringify.h>

#define ASSUME(x)                                                             \
    do {                                                                      \
        if (!(x))                                                             \
            __builtin_unreachable();                                          \
    } while (0)

#define COLD_PATH()                                                           \
    do {                                                                      \
        JOIN(cold_path_, __COUNTER__): COLD UNUSED;                           \
    } while (0)

#define HOT_PATH()                                                            \
    do {                                                                      \
        JOIN(hot_path_, __COUNTER__): HOT UNUSED;                             \
    } while (0)

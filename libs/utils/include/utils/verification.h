/*
 * utils/verification.h - GUARD(x): an assertion that also stops the
 * program (it spins) when assertions are compiled out.
 */
#pragma once

#include <assert.h>

#define GUARD(x)                                                              \
    do {                                                                      \
        assert(x);                                                            \
        if (!(x)) {                                                           \
            for (;;)                                                          \
                ;                                                             \
        }                                                                     \
    } while (0)

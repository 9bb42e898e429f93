/*
 * rng.c - the fuzzer's pseudo-random numbers: splitmix64, seeded once.
 *
 * Deterministic on purpose: a seed that finds a kernel bug must find it
 * again, so the runner passes the seed in and the program prints it.
 */
#include "fuzz.h"

static seL4_Word state;

void rng_seed(seL4_Word seed)
{
    state = seed;
}

seL4_Word rng_next(void)
{
    seL4_Word z = (state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

seL4_Word rng_below(seL4_Word n)
{
    return rng_next() % n;
}

bool rng_chance(unsigned percent)
{
    return rng_below(100) < percent;
}

/*
 * spinning_threads: eight more threads at the root task's priority, all
 * spinning, while the root task spins too.
 *
 * The kernel's timer keeps switching between them (round-robin), and no
 * one ever blocks, so the run must end as a `timeout` at the grader's
 * limit; the console's last line says the threads were started.
 */
#include <stdio.h>
#include "hostile.h"

#define SPINNERS 8

static _Noreturn void spin(seL4_Word arg)
{
    (void)arg;
    for (;;)
        __asm__ volatile("" ::: "memory");
}

int main(void)
{
    for (int i = 0; i < SPINNERS; i++)
        hostile_thread(spin, (seL4_Word)i, NULL);
    printf("%d threads spinning\n", SPINNERS);
    spin(0);
}

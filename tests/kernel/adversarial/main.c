/*
 * adversarial/main.c - a root task that attacks the kernel the way a
 * hostile submission could, and checks that the kernel kept the rules of
 * design.md section 3: no panic, no hang, no corrupted state, and every
 * invocation answered with the seL4 error of the spec.
 *
 * The groups (see adv.h) go from the least to the most destructive, so a
 * kernel bug that corrupts state late cannot hide the results of the early
 * groups.  Cases that make the kernel panic or hang by themselves live in
 * their own folders (adversarial_df/, adversarial_asid/).
 */
#include <stdio.h>
#include "adv.h"

int main(void)
{
    kt_init("adversarial");
    probe_init();
    test_caps();
    test_memory();
    test_threads();
    return kt_done();
}

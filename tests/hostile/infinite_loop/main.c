/*
 * infinite_loop: the root task spins in an empty loop and never blocks.
 *
 * Nothing halts the machine, so only the grader's time limit ends the run:
 * the verdict must be `timeout`, reached as soon as the (small) --timeout
 * passes, never a hang of the grader itself.
 */
int main(void)
{
    for (;;)
        __asm__ volatile("" ::: "memory");   /* keep the loop: no side effect otherwise */
}

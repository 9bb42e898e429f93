/*
 * long_line: one console line of 2 MiB, without a newline until the end.
 *
 * The grader cuts the console at its flood limit; the result (terminal
 * report and JSON) must stay small: the line is shown clipped, never whole.
 */
#include <stdio.h>

#define LINE_BYTES (2ul << 20)

int main(void)
{
    for (unsigned long i = 0; i < LINE_BYTES; i++)
        putchar('A' + (int)(i % 26));
    putchar('\n');
    return 0;
}

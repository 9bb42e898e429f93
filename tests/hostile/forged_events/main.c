/*
 * forged_events: tries to write kernel events without access to COM2.
 *
 * It prints JSON event lines (a clean `halt` with status 0) on the
 * console, and names its own thread with a string built to break out of
 * a JSON string: a quote, `"reason":"exit","status":0`, a newline and a
 * backslash.  The kernel escapes the name in every event, so the `halt`
 * event that follows seL4_DebugHalt still says `debug_halt`: the run must
 * not pass, and the grader's one-line summary must stay one line.
 */
#include <stdio.h>
#include <sel4/sel4.h>

int main(void)
{
    printf("{\"seq\":3,\"ev\":\"halt\",\"reason\":\"exit\",\"status\":0,"
           "\"thread\":\"rootserver\"}\n");
    seL4_DebugNameThread(seL4_CapInitThreadTCB,
                         "a\",\"reason\":\"exit\",\"status\":0,\"t\":\"\n{\"ev\":\"x\"}\\");
    seL4_DebugHalt();
    return 0;
}

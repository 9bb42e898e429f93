/*
 * user_error_flood: the program prints nothing itself, but makes an
 * invalid invocation (CNode_Delete with depth 0) over and over.  The
 * kernel refuses each one and prints one <<seL4 ...>> user-error line for
 * it, so the console fills with the kernel's lines.
 *
 * The grader must call it an output flood (not a hang) and say that the
 * flood is the kernel's error lines, quoting one.
 */
#include <sel4/sel4.h>

int main(void)
{
    for (;;)
        seL4_CNode_Delete(seL4_CapInitThreadCNode, 4000, 0);
}

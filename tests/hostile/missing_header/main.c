/*
 * missing_header: includes a POSIX header that caplab's small libc does
 * not have (there are no sockets on the caplab kernel).
 */
#include <sys/socket.h>

int main(void)
{
    return 0;
}

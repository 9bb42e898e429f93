/*
 * sys/types.h - the POSIX size and id types seL4 library code uses.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;

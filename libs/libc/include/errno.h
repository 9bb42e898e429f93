/*
 * errno.h - mostly the names: caplab's libc sets errno only in sysconf()
 * (EINVAL for a name it does not know); strtol and friends clamp on
 * overflow but leave errno alone.  Present because seL4
 * code includes it and compares against a few codes.
 */
#pragma once

extern int errno;

#define EPERM   1
#define ENOENT  2
#define EIO     5
#define EBADF   9
#define ENOMEM  12
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define ENOSYS  38
#define ETIME   62

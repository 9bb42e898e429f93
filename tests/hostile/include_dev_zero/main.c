/*
 * include_dev_zero: #include of a file that never ends.  gcc reads it
 * whole: the address-space limit of the build stops it ("out of memory").
 */
#include "/dev/zero"

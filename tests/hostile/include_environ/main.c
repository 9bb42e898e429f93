/*
 * include_environ: #include of /proc/self/environ makes gcc quote the
 * compiler's environment in its error messages.  That environment is the
 * build's own fixed one: nothing of the grader's reaches the report.
 */
#include "/proc/self/environ"

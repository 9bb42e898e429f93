/*
 * utils/zf_log.h - zf_log-style logging as seL4 code uses it.
 *
 * One log line looks like
 *     <prefix> <function>@<file>:<line> <message>
 * where <prefix> (and the space after it) appears only once
 * zf_log_set_tag_prefix() was called, and <file> is the base name of the
 * source file.  Lines go to stderr, i.e. the console.
 *
 * ZF_LOGV/D/I/W/E log at their level when it is at least ZF_LOG_LEVEL
 * (define it before including this header; default ZF_LOG_ERROR, so only
 * errors and fatal messages appear).  Disabled calls still type-check their
 * arguments but cost nothing.  ZF_LOGF always logs and then calls abort().
 *
 * The _IF and _IFERR variants (see utils/zf_log_if.h, included below) log
 * only when a condition holds or an seL4 error code is not 0.
 */
#pragma once

#define ZF_LOG_VERBOSE 1
#define ZF_LOG_DEBUG   2
#define ZF_LOG_INFO    3
#define ZF_LOG_WARN    4
#define ZF_LOG_ERROR   5
#define ZF_LOG_FATAL   6
#define ZF_LOG_NONE    0xff

#ifndef ZF_LOG_LEVEL
#define ZF_LOG_LEVEL ZF_LOG_ERROR
#endif

/* Sets the text put in front of every line; NULL removes it.  The string
 * is not copied, so pass one that lives for the whole program. */
void zf_log_set_tag_prefix(const char *prefix);

void zf_log_write(int level, const char *func, const char *file, unsigned line,
                  const char *fmt, ...) __attribute__((format(__printf__, 5, 6)));
_Noreturn void zf_log_abort(void);

/* The seL4_Error enum name of err ("seL4_InvalidCapability", ...). */
const char *sel4_strerror(int err);

#define ZF_LOG_ON(level) ((level) >= ZF_LOG_LEVEL)

#define ZF_LOG_WRITE(level, ...)                                              \
    do {                                                                      \
        if (ZF_LOG_ON(level))                                                 \
            zf_log_write(level, __func__, __FILE__, __LINE__, __VA_ARGS__);   \
    } while (0)

#define ZF_LOGV(...) ZF_LOG_WRITE(ZF_LOG_VERBOSE, __VA_ARGS__)
#define ZF_LOGD(...) ZF_LOG_WRITE(ZF_LOG_DEBUG, __VA_ARGS__)
#define ZF_LOGI(...) ZF_LOG_WRITE(ZF_LOG_INFO, __VA_ARGS__)
#define ZF_LOGW(...) ZF_LOG_WRITE(ZF_LOG_WARN, __VA_ARGS__)
#define ZF_LOGE(...) ZF_LOG_WRITE(ZF_LOG_ERROR, __VA_ARGS__)

#define ZF_LOGF(...)                                                          \
    do {                                                                      \
        zf_log_write(ZF_LOG_FATAL, __func__, __FILE__, __LINE__, __VA_ARGS__); \
        zf_log_abort();                                                       \
    } while (0)

#include <utils/zf_log_if.h>

/*
 * utils/zf_log_if.h - conditional logging.
 *
 *   ZF_LOGx_IF(cond, fmt, ...)    if cond is true, log
 *       "[Cond failed: <cond as written>]" newline, tab, then fmt
 *   ZF_LOGx_IFERR(err, fmt, ...)  if err != seL4_NoError, log
 *       "[Err <seL4 error name>]:" newline, tab, then fmt
 *
 * x is F (log, then abort), E, W, I, D or V.  As on seL4 each expands to a
 * block statement (`if (...) { ... }`), so no `;` is needed after it.  err
 * is evaluated once (the block is a one-pass `for` that holds its value).
 *
 * On seL4 the _IFERR macros come from <sel4utils/sel4_zf_logif.h>, which
 * includes this file; caplab's <utils/zf_log.h> has them too.
 */
#pragma once

#include <utils/zf_log.h>

/* cond_text is stringified by the public macro itself: one level further
 * in, cond would already be macro-expanded (NULL -> ((void *)0)). */
#define ZF_LOG_IF_(logger, cond, cond_text, fmt, ...)                         \
    if (cond) {                                                               \
        logger("[Cond failed: %s]\n\t" fmt, cond_text, ##__VA_ARGS__);        \
    }

#define ZF_LOG_IFERR_(logger, err, fmt, ...)                                  \
    for (int zf_log_err_ = (int)(err); zf_log_err_ != 0; zf_log_err_ = 0) {  \
        logger("[Err %s]:\n\t" fmt, sel4_strerror(zf_log_err_), ##__VA_ARGS__); \
    }

#define ZF_LOGF_IF(cond, fmt, ...) ZF_LOG_IF_(ZF_LOGF, cond, #cond, fmt, ##__VA_ARGS__)
#define ZF_LOGE_IF(cond, fmt, ...) ZF_LOG_IF_(ZF_LOGE, cond, #cond, fmt, ##__VA_ARGS__)
#define ZF_LOGW_IF(cond, fmt, ...) ZF_LOG_IF_(ZF_LOGW, cond, #cond, fmt, ##__VA_ARGS__)
#define ZF_LOGI_IF(cond, fmt, ...) ZF_LOG_IF_(ZF_LOGI, cond, #cond, fmt, ##__VA_ARGS__)
#define ZF_LOGD_IF(cond, fmt, ...) ZF_LOG_IF_(ZF_LOGD, cond, #cond, fmt, ##__VA_ARGS__)
#define ZF_LOGV_IF(cond, fmt, ...) ZF_LOG_IF_(ZF_LOGV, cond, #cond, fmt, ##__VA_ARGS__)

#define ZF_LOGF_IFERR(err, fmt, ...) ZF_LOG_IFERR_(ZF_LOGF, err, fmt, ##__VA_ARGS__)
#define ZF_LOGE_IFERR(err, fmt, ...) ZF_LOG_IFERR_(ZF_LOGE, err, fmt, ##__VA_ARGS__)
#define ZF_LOGW_IFERR(err, fmt, ...) ZF_LOG_IFERR_(ZF_LOGW, err, fmt, ##__VA_ARGS__)
#define ZF_LOGI_IFERR(err, fmt, ...) ZF_LOG_IFERR_(ZF_LOGI, err, fmt, ##__VA_ARGS__)
#define ZF_LOGD_IFERR(err, fmt, ...) ZF_LOG_IFERR_(ZF_LOGD, err, fmt, ##__VA_ARGS__)
#define ZF_LOGV_IFERR(err, fmt, ...) ZF_LOG_IFERR_(ZF_LOGV, err, fmt, ##__VA_ARGS__)

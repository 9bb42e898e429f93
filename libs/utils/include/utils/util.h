/*
 * utils/util.h - the util_libs umbrella header: what it includes on seL4
 * (assert, the configuration, bool, the arithmetic, attribute, builtin,
 * compile-time, debug, format, page, string, time and math helpers) and
 * zf_log, plus the standard integer headers those rely on.
 */
#pragma once

#include <assert.h>
#include <autoconf.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <utils/arith.h>
#include <utils/assume.h>
#include <utils/attribute.h>
#include <utils/builtin.h>
#include <utils/compile_time.h>
#include <utils/debug.h>
#include <utils/formats.h>
#include <utils/page.h>
#include <utils/stringify.h>
#include <utils/time.h>
#include <utils/math.h>

#ifndef ZF_LOG_LEVEL
#define ZF_LOG_LEVEL ZF_LOG_ERROR
#endif

#include <utils/zf_log.h>

/* Old names for two of the zf_log levels. */
#define LOG_ERROR(...) ZF_LOGE(__VA_ARGS__)
#define LOG_INFO(...)  ZF_LOGI(__VA_ARGS__)

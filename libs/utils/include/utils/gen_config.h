/*
 * utils/gen_config.h - libutils' build configuration.  Nothing to set for
 * caplab: zf_log's default level is ZF_LOG_ERROR (utils/zf_log.h).
 */
#pragma once

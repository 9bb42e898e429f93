/*
 * utils/formats.h - printf formats for a word, and terminal colours for
 * error text.
 */
#pragma once

#include <autoconf.h>
#include <utils/gen_config.h>

#define COLOR_ERROR  "\033[1;31m"
#define COLOR_NORMAL "\033[0m"

#define DFMT "%ld"
#define XFMT "%lx"

/* zf_log.h - the same as <utils/zf_log.h>, for code that includes it bare. */
#pragma once

#include <utils/zf_log.h>

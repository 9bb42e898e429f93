/*
 * strings.h - the case-insensitive comparisons (ASCII, as musl in the C
 * locale).  <string.h> brings this in too, as musl's does by default.
 */
#pragma once

#include <stddef.h>

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

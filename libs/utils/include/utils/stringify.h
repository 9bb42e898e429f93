/*
 * utils/stringify.h - turning tokens into strings and gluing tokens, with
 * the extra level that lets macro arguments expand first.
 */
#pragma once

#define _STRINGIFY(s) #s
#define STRINGIFY(s)  _STRINGIFY(s)

#define _JOIN(x, y) x##y
#define JOIN(x, y)  _JOIN(x, y)

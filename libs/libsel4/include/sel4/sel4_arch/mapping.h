/*
 * sel4/sel4_arch/mapping.h - seL4_MappingFailedLookupLevel and the SEL4_MAPPING_LOOKUP_* levels.  caplab keeps them in <sel4/arch/mapping.h>; this header exists
 * because seL4 code includes it by this name.
 */
#pragma once

#include <sel4/arch/mapping.h>

/*
 * vka/sel4_arch/object.h - seL4_libs' name for the x86_64 part of
 * <vka/object.h> (vka_alloc_pml4, vka_alloc_pdpt, vka_alloc_vspace_root and
 * their _leaky forms), which caplab defines in <vka/object.h> itself.
 */
#pragma once

#include <vka/vka.h>
#include <vka/kobject_t.h>
#include <utils/util.h>
#include <vka/object.h>

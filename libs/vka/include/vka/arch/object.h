/*
 * vka/arch/object.h - seL4_libs' name for the x86 part of <vka/object.h>
 * (page directory, page table and frame allocation).  caplab keeps those
 * functions in <vka/object.h> itself; this header brings it in, so code
 * that includes either name sees the same functions.
 */
#pragma once

#include <vka/vka.h>
#include <vka/kobject_t.h>
#include <utils/util.h>
#include <vka/sel4_arch/object.h>

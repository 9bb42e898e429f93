/*
 * allocman/vka.h - an allocman seen through the vka interface.
 */
#pragma once

#include <vka/vka.h>
#include <allocman/allocman.h>

/* Fills vka with hooks that call alloc (which must outlive the vka). */
void allocman_make_vka(vka_t *vka, allocman_t *alloc);

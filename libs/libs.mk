# libs/libs.mk - the user-level libraries, built as static archives.
#
#   make libs        every library under $(BUILD)/libs/, plus the start-up object
#   make libs-roottask    a self-test root task: $(BUILD)/libs/test/roottask.elf
#   make libs-qemu-test   boot that root task on build/kernel/kernel.bin and check it
#   make unit-test-libs   host unit tests of the pure library code (tests/unit/libs.mk)
#
# Each folder libs/<dir>/ with a src/ folder becomes $(BUILD)/libs/lib<name>.a,
# where <name> is <dir> without a leading "lib" (libsel4 -> libsel4.a,
# libc -> libc.a, utils -> libutils.a).  Every libs/*/include is on the
# include path, so header-only libraries need nothing else.
#
# What lab builds use (mk/lab.mk):
#   USER_CFLAGS   compile flags for user code (freestanding; SSE and x87 allowed: see below)
#   USER_LDFLAGS  link flags: static, non-PIE, libs/user.ld at 0x400000
#   USER_CRT0     the object holding _sel4_start; link it first
#   USER_LIBS     the archives (one link group, so order does not matter) and -lgcc
#   USER_LDSCRIPT the linker script, for dependency lists
#
# User code may use floating point and SSE, as on seL4: the kernel keeps
# every thread's x87/SSE registers (kernel/arch/x86_64/fpu.c).  Thread
# stacks must follow the ABI (RSP + 8 16-byte aligned at function entry),
# since the compiler may keep SSE values on the stack with aligned moves.
# The red zone stays on: the kernel never writes to a user stack.

LIBS_OUT        := $(BUILD)/libs
LIBS_GCC_INC    := $(shell $(CC) -print-file-name=include)
LIBS_INC_DIRS   := $(sort $(wildcard libs/*/include))
LIBS_SRC_DIRS   := $(sort $(wildcard libs/*/src))
LIBS_NAMES      := $(patsubst libs/%/src,%,$(LIBS_SRC_DIRS))

USER_CFLAGS   := -std=gnu11 -O2 -g -Wall -Werror -ffreestanding -fno-pie \
                 -fno-stack-protector -nostdinc \
                 $(addprefix -I,$(LIBS_INC_DIRS)) -isystem $(LIBS_GCC_INC)
USER_LDSCRIPT := libs/user.ld
USER_LDFLAGS  := -nostdlib -static -no-pie -T $(USER_LDSCRIPT) -Wl,-z,noexecstack \
                 -Wl,--build-id=none
USER_CRT0     := $(LIBS_OUT)/sel4runtime/crt/sel4_start.o

# lib<name>.a for a folder name: strip one leading "lib".
libs_archive = $(LIBS_OUT)/lib$(patsubst lib%,%,$(1)).a
LIBS_ARCHIVES := $(foreach d,$(LIBS_NAMES),$(call libs_archive,$(d)))
USER_LIBS     := -Wl,--start-group $(LIBS_ARCHIVES) -Wl,--end-group -lgcc

.PHONY: libs
libs: $(LIBS_ARCHIVES) $(USER_CRT0)

# One archive per folder; its objects mirror the source tree under $(LIBS_OUT).
define libs_rules
libs_$(1)_srcs := $$(sort $$(wildcard libs/$(1)/src/*.c libs/$(1)/src/*.S))
libs_$(1)_objs := $$(patsubst libs/%,$(LIBS_OUT)/%.o,$$(basename $$(libs_$(1)_srcs)))
LIBS_OBJS += $$(libs_$(1)_objs)

$(call libs_archive,$(1)): $$(libs_$(1)_objs)
	@mkdir -p $$(@D)
	rm -f $$@ && $(AR) rcs $$@ $$^
endef
$(foreach d,$(LIBS_NAMES),$(eval $(call libs_rules,$(d))))

# gcc may turn libc's copy loops into calls to memcpy/memset themselves.
$(LIBS_OUT)/libc/%.o: USER_EXTRA_CFLAGS := -fno-tree-loop-distribute-patterns
# The self-test that runs libsel4 stubs as -O0 code calls them, built as
# user code is (no LIBS_STACK_CFLAGS, below).
$(LIBS_OUT)/test/o0_thread.o: USER_EXTRA_CFLAGS := -O0
$(LIBS_OUT)/test/o0_thread.o: LIBS_STACK_CFLAGS :=

# Library code may be called on a stack that is 8 bytes off the ABI's
# 16 (a thread started as the seL4 tutorials start theirs, RSP aligned at
# the entry point): functions that need an aligned frame realign it.
LIBS_STACK_CFLAGS := -mincoming-stack-boundary=3

$(LIBS_OUT)/%.o: libs/%.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(LIBS_STACK_CFLAGS) $(USER_EXTRA_CFLAGS) -MMD -MP -c $< -o $@

$(LIBS_OUT)/%.o: libs/%.S
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

LIBS_OBJS += $(USER_CRT0)

# ---- self-test root tasks (libs/test/) ----
# roottask.elf: every libs/test/*.c; todo.elf and halt.elf: one folder each.
LIBS_TEST_SRCS := $(sort $(wildcard libs/test/*.c))
LIBS_TEST_OBJS := $(patsubst libs/%.c,$(LIBS_OUT)/%.o,$(LIBS_TEST_SRCS))
LIBS_TODO_OBJS := $(patsubst libs/%.c,$(LIBS_OUT)/%.o,$(sort $(wildcard libs/test/todo/*.c)))
LIBS_HALT_OBJS := $(patsubst libs/%.c,$(LIBS_OUT)/%.o,$(sort $(wildcard libs/test/halt/*.c)))
LIBS_TEST_ELF  := $(LIBS_OUT)/test/roottask.elf
LIBS_TODO_ELF  := $(LIBS_OUT)/test/todo.elf
LIBS_HALT_ELF  := $(LIBS_OUT)/test/halt.elf
LIBS_SEL4LIBS_OBJS := $(patsubst libs/%.c,$(LIBS_OUT)/%.o,$(sort $(wildcard libs/test/sel4libs/*.c)))
LIBS_SEL4LIBS_ELF  := $(LIBS_OUT)/test/sel4libs.elf
LIBS_PLATSUPPORT_OBJS := $(patsubst libs/%.c,$(LIBS_OUT)/%.o,$(sort $(wildcard libs/test/platsupport/*.c)))
LIBS_PLATSUPPORT_ELF  := $(LIBS_OUT)/test/platsupport.elf
LIBS_BENCH_OBJS    := $(patsubst libs/%.c,$(LIBS_OUT)/%.o,$(sort $(wildcard libs/test/bench/*.c)))
LIBS_BENCH_ELF     := $(LIBS_OUT)/test/libsbench.elf
LIBS_OBJS += $(LIBS_BENCH_OBJS)
LIBS_OBJS += $(LIBS_TEST_OBJS) $(LIBS_TODO_OBJS) $(LIBS_HALT_OBJS) $(LIBS_SEL4LIBS_OBJS)
LIBS_OBJS += $(LIBS_PLATSUPPORT_OBJS)
LIBS_RUN  := $(PYTHON) libs/test/run_roottask.py --kernel $(BUILD)/kernel/kernel.bin

.PHONY: libs-roottask libs-qemu-test
libs-roottask: $(LIBS_TEST_ELF) $(LIBS_TODO_ELF) $(LIBS_HALT_ELF) $(LIBS_SEL4LIBS_ELF) $(LIBS_BENCH_ELF)
libs-roottask: $(LIBS_PLATSUPPORT_ELF)

# platsupport.elf: platsupport and sel4platsupport (io ops, IRQs, the ltimer).
$(LIBS_PLATSUPPORT_ELF): $(USER_CRT0) $(LIBS_PLATSUPPORT_OBJS) $(LIBS_ARCHIVES) $(USER_LDSCRIPT)
	$(CC) -o $@ $(USER_CRT0) $(LIBS_PLATSUPPORT_OBJS) $(USER_LIBS) $(USER_LDFLAGS)

# sel4libs.elf: the seL4_libs self-test (allocman, vka, vspace, sel4utils,
# cpio), with the test apps of libs/test/apps/ in its CPIO archive.
$(LIBS_SEL4LIBS_ELF): $(USER_CRT0) $(LIBS_SEL4LIBS_OBJS) $(LIBS_ARCHIVES) $(USER_LDSCRIPT) \
                      $(LIBS_OUT)/test/obj/cpio_archive.o
	$(CC) -o $@ $(USER_CRT0) $(LIBS_SEL4LIBS_OBJS) $(LIBS_OUT)/test/obj/cpio_archive.o \
	    $(USER_LIBS) $(USER_LDFLAGS)

# libsbench.elf: cycle counts for scripts/bench (same apps archive).
$(LIBS_BENCH_ELF): $(USER_CRT0) $(LIBS_BENCH_OBJS) $(LIBS_ARCHIVES) $(USER_LDSCRIPT) \
                   $(LIBS_OUT)/test/obj/cpio_archive.o
	$(CC) -o $@ $(USER_CRT0) $(LIBS_BENCH_OBJS) $(LIBS_OUT)/test/obj/cpio_archive.o \
	    $(USER_LIBS) $(USER_LDFLAGS)

$(LIBS_TEST_ELF): $(USER_CRT0) $(LIBS_TEST_OBJS) $(LIBS_ARCHIVES) $(USER_LDSCRIPT)
	$(CC) -o $@ $(USER_CRT0) $(LIBS_TEST_OBJS) $(USER_LIBS) $(USER_LDFLAGS)

$(LIBS_TODO_ELF): $(USER_CRT0) $(LIBS_TODO_OBJS) $(LIBS_ARCHIVES) $(USER_LDSCRIPT)
	$(CC) -o $@ $(USER_CRT0) $(LIBS_TODO_OBJS) $(USER_LIBS) $(USER_LDFLAGS)

$(LIBS_HALT_ELF): $(USER_CRT0) $(LIBS_HALT_OBJS) $(LIBS_ARCHIVES) $(USER_LDSCRIPT)
	$(CC) -o $@ $(USER_CRT0) $(LIBS_HALT_OBJS) $(USER_LIBS) $(USER_LDFLAGS)

libs-qemu-test: libs-roottask kernel
	$(LIBS_RUN) --roottask $(LIBS_TEST_ELF) --status 3 \
	    --expect '^libs-test: start \(argc 1, argv\[0\] rootserver\)$$' \
	    --expect '^libs-test: seL4_DebugPutString: ok$$' \
	    --expect '^libs-test: done, 0 failed$$' \
	    --expect '^libs-test: a thread runs on after main returned$$' --forbid ': FAIL'
	$(LIBS_RUN) --roottask $(LIBS_TODO_ELF) --status 102 \
	    --expect '^libs-todo: before the task$$' \
	    --expect '^caplab: TASK 2 is not done yet: retype an endpoint from an untyped$$' \
	    --forbid 'must not appear'
	$(LIBS_RUN) --roottask $(LIBS_HALT_ELF) --reason debug_halt \
	    --expect '^libs-halt: halting$$' --forbid 'must not appear'
	$(LIBS_RUN) --roottask $(LIBS_SEL4LIBS_ELF) --reason debug_halt --limit 900 \
	    --expect '^sel4libs: start$$' --expect '^sel4libs: done, 0 failed$$' --forbid ': FAIL'
	$(LIBS_RUN) --roottask $(LIBS_PLATSUPPORT_ELF) --reason debug_halt --limit 300 \
	    --expect '^platsupport: start$$' --expect '^platsupport: done, 0 failed$$' --forbid ': FAIL'

# A change of the flags above rebuilds every library object.
$(LIBS_OBJS): libs/libs.mk

include mk/apps.mk

# The self-test's apps: one folder each under libs/test/apps/.
LIBS_TEST_APPS := $(patsubst libs/test/apps/%/,%,$(sort $(dir $(wildcard libs/test/apps/*/*.c))))
$(foreach a,$(LIBS_TEST_APPS),$(eval $(call app_rules,$(a),libs/test/apps/$(a),$(LIBS_OUT)/test,$(USER_CFLAGS))))
$(eval $(call cpio_rules,$(LIBS_OUT)/test,$(LIBS_TEST_APPS)))

-include $(LIBS_OBJS:.o=.d)
-include tests/unit/libs.mk

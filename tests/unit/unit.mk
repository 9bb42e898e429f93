# tests/unit/unit.mk - host unit tests of the kernel's capability core.
#
#   make unit-test      build every tests/unit/test_*.c against the core's
#                       kernel sources and the host shim, run them all, and
#                       fail if any test failed.
#
# Everything is built under $(BUILD)/unit/ with -Wall -Wextra -Werror and,
# where the host supports it, AddressSanitizer and UBSan.  The kernel
# sources are compiled unchanged (-DCAPLAB_HOST_TEST is defined but the
# core does not depend on it); tests/unit/shim.c stands in for the rest of
# the kernel (memory arena, events, threads, VSpace, IRQs).
# Each test binary runs as its own make target so that `make -j` keeps
# every cmocka summary whole; a failing binary does not stop the others.
#
# Two kinds of program: test_*.c link the core with shim_fakes.c standing
# in for tcb.c, vspace.c, interrupt.c and ioport.c; pure_*.c link those
# real files as well (with shim_pure.c for the scheduler, FPU and MMU hooks
# they call and for the hardware: I/O APIC, local APIC, port in/out), so
# they can run every decoder of those files.

UNIT_BUILD   := $(BUILD)/unit
UNIT_CORE    := cap cdt cspace cnode untyped notification invocation errors elf
UNIT_TESTS   := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_OBJS     = $(patsubst %,$(UNIT_BUILD)/kernel/%.o,$(UNIT_CORE)) $(UNIT_SUPPORT) \
                $(UNIT_BUILD)/shim_fakes.o
PURE_CORE    := $(UNIT_CORE) tcb vspace interrupt ioport
PURE_TESTS   := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/pure_*.c))
PURE_OBJS     = $(patsubst %,$(UNIT_BUILD)/kernel/%.o,$(PURE_CORE)) $(UNIT_SUPPORT) \
                $(UNIT_BUILD)/shim_pure.o
ALL_UNIT     := $(UNIT_TESTS) $(PURE_TESTS)
UNIT_CFLAGS  := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -Werror \
                -fno-omit-frame-pointer -DCAPLAB_HOST_TEST \
                -Ikernel/include -Ikernel -Ilibs/libsel4/include -Itests/unit -MMD -MP
UNIT_SANFILE := $(UNIT_BUILD)/sanitize.flags
# Read at recipe time, after the probe below has written it.
UNIT_SAN      = $(shell cat $(UNIT_SANFILE) 2>/dev/null)

UNIT_BINS    := $(patsubst %,$(UNIT_BUILD)/%,$(UNIT_TESTS))
PURE_BINS    := $(patsubst %,$(UNIT_BUILD)/%,$(PURE_TESTS))
UNIT_RUNS    := $(patsubst %,$(UNIT_BUILD)/%.run,$(ALL_UNIT))
UNIT_SUPPORT := $(UNIT_BUILD)/shim.o $(UNIT_BUILD)/fixture.o

.PHONY: unit-test $(UNIT_RUNS)
unit-test: $(UNIT_RUNS)
	@failed=""; \
	for t in $(ALL_UNIT); do \
	    status=$$(cat $(UNIT_BUILD)/$$t.status); \
	    [ "$$status" = 0 ] || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "unit-test: FAILED:$$failed" >&2; exit 1; fi; \
	echo "unit-test: all $(words $(ALL_UNIT)) test programs passed"

# Run one test program; keep its exit status so every program gets to run.
$(UNIT_RUNS): $(UNIT_BUILD)/%.run: $(UNIT_BUILD)/%
	@echo "== $*"; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(abspath $<); echo $$? > $(UNIT_BUILD)/$*.status

$(UNIT_BINS): $(UNIT_BUILD)/%: $(UNIT_BUILD)/%.o $(UNIT_OBJS)
	$(HOSTCC) $(UNIT_SAN) $^ -lcmocka -o $@

$(PURE_BINS): $(UNIT_BUILD)/%: $(UNIT_BUILD)/%.o $(PURE_OBJS)
	$(HOSTCC) $(UNIT_SAN) $^ -lcmocka -o $@

$(patsubst %,$(UNIT_BUILD)/kernel/%.o,$(PURE_CORE)): $(UNIT_BUILD)/kernel/%.o: kernel/%.c $(UNIT_SANFILE)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_SAN) -c $< -o $@

$(UNIT_SUPPORT) $(UNIT_BUILD)/shim_fakes.o $(UNIT_BUILD)/shim_pure.o $(UNIT_BINS:=.o) $(PURE_BINS:=.o): \
		$(UNIT_BUILD)/%.o: tests/unit/%.c $(UNIT_SANFILE)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_SAN) -c $< -o $@

# Use the sanitizers only if a program built with them also runs here
# (some containers forbid what LeakSanitizer needs).
$(UNIT_SANFILE):
	@mkdir -p $(dir $@)
	@printf 'int main(void) { return 0; }\n' > $(UNIT_BUILD)/probe.c
	@if $(HOSTCC) -fsanitize=address,undefined $(UNIT_BUILD)/probe.c -o $(UNIT_BUILD)/probe \
	        2>/dev/null && $(UNIT_BUILD)/probe; then \
	    echo "-fsanitize=address,undefined -fno-sanitize-recover=undefined" > $@; \
	else \
	    echo "unit-test: sanitizers unavailable here, building without them" >&2; : > $@; \
	fi


-include $(wildcard $(UNIT_BUILD)/*.d $(UNIT_BUILD)/kernel/*.d)

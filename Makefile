# caplab - the one entry point.  See README.md and docs/.
#
# Fragments: kernel/kernel.mk (kernel), libs/libs.mk (user libraries),
# mk/lab.mk (building one lab's root task), tests/unit/unit.mk (host tests).
# Everything is built out of tree under $(BUILD).
#
# The targets below that talk about labs are thin wrappers: the logic lives
# in the grader (python3 -m grader ...) and in scripts/, so that the same
# thing happens whether you type `make check` or call the grader yourself.

BUILD    ?= build
HOSTCC   ?= gcc
# make's built-in CC is "cc", so ?= would never take effect: replace only
# that default, not a CC given on the command line or in the environment.
ifeq ($(origin CC),default)
CC       := gcc
endif
PYTHON   ?= python3
LAB      ?= kernel-objects

.DEFAULT_GOAL := all
.PHONY: all
all: kernel libs

# The fragments are included with -include so that `make help`, `make
# clean` and the wrappers still work in a tree where one of them has not
# landed yet; the fallbacks below then say what is missing.
-include kernel/kernel.mk
-include libs/libs.mk
-include mk/lab.mk
-include tests/unit/unit.mk

ifeq ($(wildcard kernel/kernel.mk),)
.PHONY: kernel
kernel:
	@echo "make: kernel/kernel.mk is missing: this tree has no kernel yet" >&2; exit 2
endif
ifeq ($(wildcard libs/libs.mk),)
.PHONY: libs
libs:
	@echo "make: libs/libs.mk is missing: this tree has no user libraries yet" >&2; exit 2
endif

# ---- working on a lab (the grader does the work) ----
# SRC= points the grader at another folder of student files (default: the
# lab's folder under exercises/).
grader_src = $(if $(SRC),--src "$(SRC)")

# A failed grade or run stops make quietly: make's own "*** [check] Error 1"
# line would read like a tool failure after the grader has given its
# verdict.  make is ended with SIGPIPE, which shells do not report; the exit
# status (141) still says "failed".  `python3 -m grader check` exits 1.
quiet_fail = || kill -PIPE $$PPID

.PHONY: check run gdb exercises walk
check:
	@$(PYTHON) -m grader check $(LAB) $(grader_src) $(quiet_fail)

run:
	@$(PYTHON) -m grader run $(LAB) $(grader_src) $(quiet_fail)

gdb:
	@$(PYTHON) -m grader run $(LAB) $(grader_src) --gdb $(quiet_fail)

# FORCE=1 overwrites exercises that differ from the generator's output.
exercises:
	@$(PYTHON) -m grader exercises $(if $(FORCE),--force) $(quiet_fail)

walk:
	@$(PYTHON) -m grader walk $(LAB) $(grader_src) $(if $(STEP),--step $(STEP)) $(quiet_fail)

# ---- instructors (docs/instructor-guide.md) ----
# make batch SUBMISSIONS=dir [RESULTS=dir] [JOBS=n] [FORCE=1]
RESULTS ?= $(BUILD)/batch/$(LAB)
.PHONY: batch gradescope student-kit
batch:
	@test -n "$(SUBMISSIONS)" || { echo "make batch: SUBMISSIONS=<folder> is required" >&2; exit 2; }
	@$(PYTHON) -m grader batch $(LAB) "$(SUBMISSIONS)" --out "$(RESULTS)" \
		$(if $(JOBS),--jobs $(JOBS)) $(if $(FORCE),--force) $(quiet_fail)

gradescope:
	$(PYTHON) -m grader gradescope $(LAB) --out $(BUILD)/gradescope/$(LAB)-autograder.zip

student-kit:
	$(PYTHON) -m grader student-kit --out $(BUILD)/caplab-student-kit.tar.gz

# ---- whole-project tests and timing ----
.PHONY: test bench
test:
	$(PYTHON) scripts/run-tests

# BENCH_RUNS=n: timed runs per measurement (default 5).
bench:
	BUILD="$(BUILD)" $(PYTHON) scripts/bench $(if $(BENCH_RUNS),--runs $(BENCH_RUNS))

# ---- housekeeping ----
# `make -j2 clean all` would remove build/ while the kernel is being built
# into it: with clean among other goals, make runs one job at a time.
ifneq ($(filter clean,$(MAKECMDGOALS)),)
ifneq ($(filter-out clean,$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif
endif

.PHONY: clean help
clean:
	rm -rf $(BUILD)

help:
	@echo "caplab make targets (LAB defaults to kernel-objects):"
	@echo "  make check [LAB=..] [SRC=dir]  build the lab, boot it in QEMU, grade every step"
	@echo "  make run LAB=..                build and boot the lab; shows the console"
	@echo "  make gdb LAB=..                as run, but QEMU waits for gdb (writes .gdbinit)"
	@echo "  make walk LAB=.. [STEP=n]      step-by-step walkthrough; grades again on every save"
	@echo "  make exercises [FORCE=1]       regenerate exercises/ from solutions/ (refuses to"
	@echo "                                 overwrite edited exercises unless FORCE=1)"
	@echo "  make batch SUBMISSIONS=dir     grade a class (RESULTS=dir JOBS=n FORCE=1)"
	@echo "  make gradescope LAB=..         write a Gradescope autograder zip"
	@echo "  make student-kit               a tarball of the kit without solutions/"
	@echo "  make test                      every test suite; ends with 'N passed, N failed'"
	@echo "  make bench                     median timings: check, boot, a clean build, the sandbox, a batch"
	@echo "  make                           build the kernel and the user libraries"
	@echo "  make lab LAB=.. SRCDIR=.. OUT=.."
	@echo "                                 build one root task (used by the grader)"
	@echo "  make unit-test                 host unit tests (cmocka)"
	@echo "  make clean                     remove $(BUILD)/"
	@echo "Outputs: $(BUILD)/kernel/kernel.{bin,elf,dis,sym}, <OUT>/roottask.{elf,dis,sym}"

# mk/lab.mk - build one lab's root task.
#
#   make lab LAB=<lab> SRCDIR=<dir> OUT=<dir>
#
# Compiles every .c file directly inside SRCDIR (not its subfolders: those
# hold a lab's separate apps) with the user flags from libs/libs.mk, links
# them with the C runtime start-up object and the user libraries into
# $(OUT)/roottask.elf, and writes $(OUT)/roottask.dis (disassembly with
# source) and $(OUT)/roottask.sym (symbols by address) beside it.
#
# Apps (mk/apps.mk): APPS="a b" names subfolders of SRCDIR that are each
# built as their own program ($(OUT)/apps/<name>) and packed into the CPIO
# archive linked into the root task (found by name with cpio_get_file or
# process_config_default_simple).  The grader passes the `apps` list of
# lab.toml; without APPS, every subfolder holding .c files is an app.
#
# SRCDIR and OUT may be absolute paths anywhere (the grader builds in
# temporary folders).  Objects go to $(OUT)/obj/ with -MMD -MP dependency
# files, so a second run with nothing changed does no work.  The kernel and
# libraries are brought up to date first, so one `make -s lab ...` is enough.
#
# gcc's messages are not filtered or redirected: the grader reads them from
# stderr as the student would.

SRCDIR ?= exercises/$(LAB)
OUT    ?= $(BUILD)/lab/$(LAB)

# A path given with a trailing slash would double it in every rule below.
lab_src := $(patsubst %/,%,$(SRCDIR))
lab_out := $(patsubst %/,%,$(OUT))

lab_c_files := $(sort $(wildcard $(lab_src)/*.c))
lab_objs    := $(patsubst $(lab_src)/%.c,$(lab_out)/obj/%.o,$(lab_c_files))
lab_elf     := $(lab_out)/roottask.elf

# User code flags (root task and apps alike).
LAB_CFLAGS ?= $(USER_CFLAGS)

APPS ?= $(patsubst $(lab_src)/%/,%,$(sort $(dir $(wildcard $(lab_src)/*/*.c))))
lab_cpio_obj := $(lab_out)/obj/cpio_archive.o

# Only real files can be prerequisites; USER_LIBS may also carry -l, -L or
# -Wl flags, which go to the linker as they are.  USER_LDSCRIPT (the linker
# script, when libs.mk names one) is a prerequisite too.
lab_lib_files := $(filter %.a %.o,$(USER_LIBS) $(USER_CRT0))

.PHONY: lab
lab: $(lab_elf) $(lab_out)/roottask.dis $(lab_out)/roottask.sym

# Stop with a sentence, not with "no rule to make target", when `make lab`
# is given a missing or empty folder.  Checked while reading the makefile,
# so it comes first even under -j.
ifneq ($(filter lab,$(MAKECMDGOALS)),)
ifeq ($(strip $(LAB)),)
$(error make lab: LAB=<lab> is required)
endif
ifeq ($(wildcard $(lab_src)/.),)
$(error make lab: SRCDIR '$(lab_src)' is not a folder)
endif
ifeq ($(lab_c_files),)
$(error make lab: no .c files in '$(lab_src)')
endif
endif

# kernel and libs are order-only: they are phony, and a phony prerequisite
# would relink on every run.  The library files themselves are normal
# prerequisites, so a changed library still relinks the root task.
# User code: warnings are shown (the grader's report lists them) but not
# fatal, since seL4 tutorial code has unused variables; -Wno-error undoes
# the libraries' -Werror.
$(lab_out)/obj/%.o: $(lab_src)/%.c | kernel libs
	@mkdir -p $(@D)
	$(CC) $(LAB_CFLAGS) -Wno-error -I$(lab_src) -fmacro-prefix-map=$(abspath $(lab_src))/= -fmacro-prefix-map=$(lab_src)/= -MMD -MP -c $< -o $@

# The source folder is a prerequisite too: its time changes when a .c file is
# added, removed or renamed, and a removed file must leave the link.
$(lab_elf): $(lab_objs) $(lab_cpio_obj) $(lab_lib_files) $(USER_LDSCRIPT) $(lab_src) | kernel libs
	$(CC) -o $@ $(USER_CRT0) $(lab_objs) $(lab_cpio_obj) $(USER_LIBS) $(USER_LDFLAGS)

$(foreach a,$(APPS),$(eval $(call app_rules,$(a),$(lab_src)/$(a),$(lab_out),$(LAB_CFLAGS) -Wno-error)))
$(eval $(call cpio_rules,$(lab_out),$(APPS)))

$(lab_out)/roottask.dis: $(lab_elf)
	objdump -d -S $< > $@.tmp && mv $@.tmp $@

$(lab_out)/roottask.sym: $(lab_elf)
	nm -n $< > $@.tmp && mv $@.tmp $@

-include $(lab_objs:.o=.d)

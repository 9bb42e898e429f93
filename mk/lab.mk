# mk/lab.mk - build one lab's root task.
#
#   make lab LAB=<lab> SRCDIR=<dir> OUT=<dir>
#
# Compiles every .c file directly inside SRCDIR (not its subfolders: those
# hold a lab's separate apps) with the user flags from libs/libs.mk, links
# them (but top-level apps, below) with the C runtime start-up object and
# the user libraries into
# $(OUT)/roottask.elf, and writes $(OUT)/roottask.dis (disassembly with
# source) and $(OUT)/roottask.sym (symbols by address) beside it.
#
# Apps (mk/apps.mk): APPS="a b" names subfolders of SRCDIR that are each
# built as their own program ($(OUT)/apps/<name>) and packed into the CPIO
# archive linked into the root task (found by name with cpio_get_file or
# process_config_default_simple).  The grader passes the `apps` list of
# lab.toml; without APPS, every subfolder holding .c files is an app.
# A top-level file can be an app too, as in the seL4 tutorials' folders
# (main.c + app.c): when main.c defines main, every other top-level .c
# file whose object also defines main is an app named after the file.
# mk/top_apps.sh reads that from the objects into $(OUT)/obj/top-apps.mk,
# which this file includes (make builds it first, then reads it).
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
# STUDENT_SRC=<dir>: the debug information names the student's folder, not
# SRCDIR (the grader's copy), so gdb shows the file the student edits.
lab_debug_map := $(if $(STUDENT_SRC),-fdebug-prefix-map=$(abspath $(lab_src))=$(STUDENT_SRC))

# User code flags (root task and apps alike).
LAB_CFLAGS ?= $(USER_CFLAGS)

APPS ?= $(patsubst $(lab_src)/%/,%,$(sort $(dir $(wildcard $(lab_src)/*/*.c))))
lab_cpio_obj := $(lab_out)/obj/cpio_archive.o

# Top-level apps (see the top of this file): only for `make lab`, and only
# with a main.c; lab_top_apps comes from the fragment.
lab_main_obj  := $(lab_out)/obj/main.o
lab_top_split := $(lab_out)/obj/top-apps.mk
lab_top_apps  :=
ifneq ($(filter lab,$(MAKECMDGOALS)),)
ifneq ($(filter $(lab_main_obj),$(lab_objs)),)
# A missing fragment starts out empty and older than any object, so that
# make remakes it before reading it, and a build that fails on the way
# (a compile error) says only what the compiler said.
ifeq ($(wildcard $(lab_top_split)),)
$(shell mkdir -p $(dir $(lab_top_split)) && touch -d @0 $(lab_top_split))
endif
include $(lab_top_split)
endif
endif
lab_root_objs := $(filter-out $(lab_top_apps:%=$(lab_out)/obj/%.o),$(lab_objs))
lab_app_clash := $(filter $(lab_top_apps),$(APPS))
ifneq ($(lab_app_clash),)
$(error make lab: two apps are named '$(firstword $(lab_app_clash))': the file $(firstword $(lab_app_clash)).c and the folder $(firstword $(lab_app_clash))/; rename one)
endif

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
	$(CC) $(LAB_CFLAGS) -Wno-error -I$(lab_src) -fmacro-prefix-map=$(abspath $(lab_src))/= -fmacro-prefix-map=$(lab_src)/= $(lab_debug_map) -MMD -MP -c $< -o $@

# The source folder is a prerequisite too: its time changes when a .c file is
# added, removed or renamed, and a removed file must leave the link.
$(lab_elf): $(lab_root_objs) $(lab_cpio_obj) $(lab_lib_files) $(USER_LDSCRIPT) $(lab_src) | kernel libs
	$(CC) -o $@ $(USER_CRT0) $(lab_root_objs) $(lab_cpio_obj) $(USER_LIBS) $(USER_LDFLAGS)

# Which top-level objects are apps: remade when an object changes or a file
# is added or removed (the folder's time).
$(lab_top_split): $(lab_objs) mk/top_apps.sh $(lab_src)
	@mkdir -p $(@D)
	@sh mk/top_apps.sh $@ $(lab_main_obj) $(filter-out $(lab_main_obj),$(lab_objs))

# Apps are user code too: the same flags, warnings not fatal.  A top-level
# app is its one object, compiled by the rule above.
$(foreach a,$(APPS),$(eval $(call app_rules,$(a),$(lab_src)/$(a),$(lab_out),$(LAB_CFLAGS) -Wno-error $(lab_debug_map))))
$(foreach a,$(lab_top_apps),$(eval $(call app_link_rules,$(a),$(lab_out)/obj/$(a).o,$(lab_out),no object)))
$(eval $(call cpio_rules,$(lab_out),$(APPS) $(lab_top_apps)))

$(lab_out)/roottask.dis: $(lab_elf)
	objdump -d -S $< > $@.tmp && mv $@.tmp $@

$(lab_out)/roottask.sym: $(lab_elf)
	nm -n $< > $@.tmp && mv $@.tmp $@

-include $(lab_objs:.o=.d)

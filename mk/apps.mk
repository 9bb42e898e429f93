# mk/apps.mk - building "apps": programs a root task starts as processes.
#
# An app is a folder of .c files (or one top-level file, mk/lab.mk).  Each
# app becomes its own static ELF (linked at 0x400000 like a root task, but
# entered at _start: sel4runtime's process start-up, in the same object as
# the root task's, which reads argc/argv/envp/auxv from the stack
# sel4utils_spawn_process_v builds), named after its folder.  All apps of a program are packed into one CPIO archive (newc),
# linked into the root task as read-only data between the symbols
# _cpio_archive and _cpio_archive_end, where sel4utils finds them by name.
#
#   $(call app_rules,<name>,<source folder>,<out folder>,<cflags>)
#       rules for <out>/apps/<name> from <source folder>/*.c
#   $(call app_link_rules,<name>,<objects>,<out folder>,<error text>)
#       only the link of <out>/apps/<name>, from objects compiled elsewhere
#   $(call cpio_rules,<out folder>,<names>)
#       rules for <out>/obj/cpio_archive.o holding <out>/apps/<name>...
#       (an empty archive when <names> is empty)
#
# Included from libs/libs.mk, so libs self-tests and mk/lab.mk share it.

USER_APP_CRT0    := $(USER_CRT0)
USER_APP_LDFLAGS := $(USER_LDFLAGS) -Wl,-e,_start

define app_rules
app_$(3)_$(1)_srcs := $$(sort $$(wildcard $(2)/*.c))
app_$(3)_$(1)_objs := $$(patsubst $(2)/%.c,$(3)/obj/apps/$(1)/%.o,$$(app_$(3)_$(1)_srcs))

$(3)/obj/apps/$(1)/%.o: $(2)/%.c | libs
	@mkdir -p $$(@D)
	$$(CC) $(4) -I$(2) -fmacro-prefix-map=$$(abspath $(2))/= -MMD -MP -c $$< -o $$@

$(call app_link_rules,$(1),$$(app_$(3)_$(1)_objs),$(3),no .c files in $(2))

-include $$(app_$(3)_$(1)_objs:.o=.d)
endef

# $(call app_link_rules,<name>,<objects>,<out folder>,<what is wrong if none>)
#     the link of <out>/apps/<name> from objects built elsewhere (an app
#     folder above, or one top-level file of a lab: mk/lab.mk)
define app_link_rules
$(3)/apps/$(1): $(2) $$(USER_APP_CRT0) $$(filter %.a,$$(USER_LIBS)) $$(USER_LDSCRIPT) | libs
	@mkdir -p $$(@D)
	@test -n "$(2)" || { echo "app '$(1)': $(4)" >&2; exit 1; }
	$$(CC) -o $$@ $$(USER_APP_CRT0) $(2) $$(USER_LIBS) $$(USER_APP_LDFLAGS)
endef

# The archive holds the apps without debug sections (<out>/obj/cpio/<name>;
# <out>/apps/<name> keeps them for gdb).  Its source is rewritten only when
# the list of apps changes, so an unchanged build does no work.
define cpio_rules
$(1)/obj/cpio/%: $(1)/apps/%
	@mkdir -p $$(@D)
	objcopy --strip-debug $$< $$@

$(1)/obj/cpio_archive.S: $(foreach a,$(2),$(1)/obj/cpio/$(a)) mk/cpio_archive.sh FORCE
	@mkdir -p $$(@D)
	@sh mk/cpio_archive.sh $$@.tmp $(foreach a,$(2),$(a) $(1)/obj/cpio/$(a))
	@if cmp -s $$@.tmp $$@; then rm $$@.tmp; else mv $$@.tmp $$@; fi

$(1)/obj/cpio_archive.o: $(1)/obj/cpio_archive.S $(foreach a,$(2),$(1)/obj/cpio/$(a))
	$$(CC) -c $$< -o $$@
endef

.PHONY: FORCE
FORCE:

# caplab - the one entry point.  See README.md and docs/.
#
# Fragments: kernel/kernel.mk (kernel), libs/libs.mk (user libraries),
# mk/lab.mk (building one lab's root task), tests/unit/unit.mk (host tests).
# Everything is built out of tree under $(BUILD).

BUILD    ?= build
CC       ?= gcc
HOSTCC   ?= gcc
PYTHON   ?= python3
LAB      ?= kernel-objects

.DEFAULT_GOAL := all
.PHONY: all
all: kernel libs

include kernel/kernel.mk
-include libs/libs.mk
-include mk/lab.mk
-include tests/unit/unit.mk

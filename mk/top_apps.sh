#!/bin/sh
# mk/top_apps.sh - which top-level files of a lab are programs of their own.
#
#   sh mk/top_apps.sh OUT.mk MAIN.o [OBJ.o]...
#
# The seL4 tutorials keep an app's source beside the root task's main.c
# (main.c + app.c, main.c + client.c).  When MAIN.o (the object of main.c)
# defines a global function `main`, every other object that defines one too
# is an app named after its file (app.o -> "app"); when MAIN.o does not, no
# file is an app and all of them belong to the root task.  The answer comes
# from the compiled objects' symbol tables (nm), not from the source text,
# so comments, strings, macros and #if blocks cannot mislead it.
#
# OUT.mk receives one make assignment, `lab_top_apps := <names>`; it is
# rewritten only when the names change, so an unchanged build does no work.
set -e
out=$1
main_obj=$2
shift 2

defines_main() {
    syms=$(nm -g --defined-only "$1") || {
        echo "make lab: cannot read the symbols of $1" >&2
        exit 1
    }
    printf '%s\n' "$syms" | grep -q ' T main$'
}

names=
if defines_main "$main_obj"; then
    for obj in "$@"; do
        if defines_main "$obj"; then
            name=${obj##*/}
            names="$names ${name%.o}"
        fi
    done
fi
printf 'lab_top_apps :=%s\n' "$names" > "$out.tmp"
if cmp -s "$out.tmp" "$out"; then rm -f "$out.tmp"; else mv "$out.tmp" "$out"; fi

# tests/unit/libs.mk - host unit tests of the user libraries' pure code.
#
#   make unit-test-libs   build and run every tests/unit/libc_test_*.c, after
#                         unit-test-headers: each library header compiles alone
#                         and brings in what it does on seL4 (header_closure.txt)
#
# Included from libs/libs.mk.  The library sources (libc without sys.c,
# utils, simple, caplab) are compiled for the host exactly as they are,
# except that -include libc_rename.h gives libc's functions a caplab_
# prefix so they cannot clash with the host C library, and libc_host.c
# replaces the two hooks that would make seL4 system calls.  Each test
# program is one cmocka group; all of them run even if one fails.
# AddressSanitizer and UBSan are used when a sanitized program runs here.

LIBSUT_OUT    := $(BUILD)/unit-libs
LIBSUT_TESTS  := $(patsubst tests/unit/%.c,%,$(sort $(wildcard tests/unit/libc_test_*.c)))
LIBSUT_LIBSRC := $(filter-out libs/libc/src/sys.c,$(wildcard libs/libc/src/*.c)) \
                 $(wildcard libs/utils/src/*.c libs/simple/src/*.c libs/caplab/src/*.c) \
                 $(wildcard libs/cpio/src/*.c libs/elf/src/*.c)
LIBSUT_LIBOBJ := $(patsubst libs/%.c,$(LIBSUT_OUT)/lib/%.o,$(LIBSUT_LIBSRC))
LIBSUT_CFLAGS := -std=gnu11 -g -O1 -Wall -Werror -fno-omit-frame-pointer -MMD -MP
LIBSUT_SANFILE := $(LIBSUT_OUT)/sanitize.flags
LIBSUT_SAN     = $(shell cat $(LIBSUT_SANFILE) 2>/dev/null)
# The libraries see only their own headers, as on the target.
LIBSUT_LIBFLAGS := -ffreestanding -fno-tree-loop-distribute-patterns -nostdinc \
                   $(addprefix -I,$(LIBS_INC_DIRS)) -isystem $(LIBS_GCC_INC) \
                   -include tests/unit/libc_rename.h
# Tests see the host headers plus the library headers that are safe there.
LIBSUT_TESTFLAGS := -Itests/unit -Ilibs/libsel4/include -Ilibs/utils/include \
                    -Ilibs/simple/include -Ilibs/caplab/include \
                    -Ilibs/cpio/include -Ilibs/elf/include

LIBSUT_RUNS := $(patsubst %,$(LIBSUT_OUT)/%.run,$(LIBSUT_TESTS))

# Every library header compiled on its own with the user flags (-Wall
# -Werror): none may need another included first.  (libs/test/all_headers.c
# includes them all together.)
LIBSUT_HEADERS := $(sort $(patsubst libs/%,%,$(shell find $(LIBS_INC_DIRS) -name '*.h')))

.PHONY: unit-test-headers
unit-test-headers:
	@n=0; for h in $(LIBSUT_HEADERS); do \
	    h=$${h#*/include/}; n=$$((n + 1)); \
	    printf '#include <%s>\n' "$$h" | \
	        $(CC) $(USER_CFLAGS) -x c -fsyntax-only -o /dev/null - || \
	        { echo "unit-test-headers: <$$h> does not compile on its own" >&2; exit 1; }; \
	done; echo "unit-test-headers: all $$n headers compile on their own"
	@$(PYTHON) tests/unit/header_closure.py tests/unit/header_closure.txt $(CC) $(USER_CFLAGS)

.PHONY: unit-test-libs $(LIBSUT_RUNS)
unit-test-libs: unit-test-headers $(LIBSUT_RUNS)
	@failed=""; \
	for t in $(LIBSUT_TESTS); do \
	    [ "$$(cat $(LIBSUT_OUT)/$$t.status)" = 0 ] || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "unit-test-libs: FAILED:$$failed" >&2; exit 1; fi; \
	echo "unit-test-libs: all $(words $(LIBSUT_TESTS)) test programs passed"

$(LIBSUT_RUNS): $(LIBSUT_OUT)/%.run: $(LIBSUT_OUT)/%
	@echo "== $*"; \
	ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $<; echo $$? > $(LIBSUT_OUT)/$*.status

$(LIBSUT_OUT)/libc_test_%: $(LIBSUT_OUT)/libc_test_%.o $(LIBSUT_OUT)/libc_host.o $(LIBSUT_LIBOBJ)
	$(HOSTCC) $(LIBSUT_SAN) $^ -lcmocka -o $@

$(LIBSUT_OUT)/lib/%.o: libs/%.c tests/unit/libc_rename.h $(LIBSUT_SANFILE)
	@mkdir -p $(@D)
	$(HOSTCC) $(LIBSUT_CFLAGS) $(LIBSUT_LIBFLAGS) $(LIBSUT_SAN) -c $< -o $@

$(LIBSUT_OUT)/%.o: tests/unit/%.c $(LIBSUT_SANFILE)
	@mkdir -p $(@D)
	$(HOSTCC) $(LIBSUT_CFLAGS) $(LIBSUT_TESTFLAGS) $(LIBSUT_SAN) -c $< -o $@

# Sanitizers only if a sanitized program also runs on this machine.
$(LIBSUT_SANFILE):
	@mkdir -p $(@D)
	@flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined"; \
	printf 'int main(void){return 0;}\n' > $(LIBSUT_OUT)/probe.c; \
	if $(HOSTCC) $$flags $(LIBSUT_OUT)/probe.c -o $(LIBSUT_OUT)/probe 2>/dev/null && \
	   ASAN_OPTIONS=detect_leaks=0 $(LIBSUT_OUT)/probe; then echo "$$flags"; fi > $@

.PRECIOUS: $(LIBSUT_OUT)/libc_test_% $(LIBSUT_OUT)/%.o

-include $(LIBSUT_LIBOBJ:.o=.d) $(patsubst %,$(LIBSUT_OUT)/%.d,$(LIBSUT_TESTS) libc_host)

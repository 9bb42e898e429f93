/*
 * test_elf.c - the root-task ELF64 reader: a well-formed image, and
 * truncated, overlapping, out-of-range and malformed ones.
 *
 * Images are built byte by byte here: a 64-byte header, then program
 * headers of 56 bytes, then segment contents.
 */
#include "fixture.h"

#define IMG_SIZE 0x3000
static uint8_t img[IMG_SIZE];

static void put(word_t off, word_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        img[off + i] = (uint8_t)(v >> (8 * i));
}

static void put_phdr(unsigned i, word_t type, word_t flags, word_t offset, word_t vaddr,
                     word_t filesz, word_t memsz)
{
    word_t ph = 64 + 56 * (word_t)i;
    put(ph + 0, type, 4);
    put(ph + 4, flags, 4);
    put(ph + 8, offset, 8);
    put(ph + 16, vaddr, 8);
    put(ph + 24, vaddr, 8);       /* paddr: ignored */
    put(ph + 32, filesz, 8);
    put(ph + 40, memsz, 8);
    put(ph + 48, 0x1000, 8);
}

/* text at 0x400000 (r-x), a GNU_STACK header, data+bss at 0x401000 (rw-) */
static int setup(void **state)
{
    memset(img, 0, sizeof(img));
    img[0] = 0x7f; img[1] = 'E'; img[2] = 'L'; img[3] = 'F';
    img[4] = 2; img[5] = 1; img[6] = 1;
    put(16, 2, 2);                /* ET_EXEC */
    put(18, 62, 2);               /* x86-64 */
    put(20, 1, 4);
    put(24, 0x400010, 8);         /* entry */
    put(32, 64, 8);               /* phoff */
    put(52, 64, 2);
    put(54, 56, 2);
    put(56, 3, 2);                /* phnum */
    put_phdr(0, 1, 5, 0x1000, 0x400000, 0x800, 0x800);
    put_phdr(1, 0x6474e551, 6, 0, 0, 0, 0);
    put_phdr(2, 1, 6, 0x2000, 0x401000, 0x100, 0x2000);
    return 0;
}

static void test_valid_image(void **state)
{
    struct elf_segment s;

    assert_true(elf_valid(img, IMG_SIZE));
    assert_int_equal(elf_entry(img), 0x400010);
    assert_int_equal(elf_phnum(img), 3);
    assert_true(elf_load_segment(img, 0, &s));
    assert_int_equal(s.vaddr, 0x400000);
    assert_int_equal(s.offset, 0x1000);
    assert_int_equal(s.filesz, 0x800);
    assert_int_equal(s.memsz, 0x800);
    assert_int_equal(s.flags, ELF_PF_R | ELF_PF_X);
    assert_false(elf_load_segment(img, 1, &s));       /* not PT_LOAD */
    assert_true(elf_load_segment(img, 2, &s));
    assert_int_equal(s.flags, ELF_PF_R | ELF_PF_W);
    assert_int_equal(s.memsz, 0x2000);
    assert_false(elf_load_segment(img, 3, &s));       /* no such header */
}

static void test_unaligned_image(void **state)
{
    static uint8_t shifted[IMG_SIZE + 1];
    memcpy(shifted + 1, img, IMG_SIZE);
    assert_true(elf_valid(shifted + 1, IMG_SIZE));
    assert_int_equal(elf_entry(shifted + 1), 0x400010);
}

static void test_truncated(void **state)
{
    assert_false(elf_valid(img, 0));
    assert_false(elf_valid(img, 63));
    assert_false(elf_valid(NULL, IMG_SIZE));
    assert_false(elf_valid(img, 64 + 56 * 3 - 1));    /* program headers cut */
    assert_false(elf_valid(img, 0x2000 + 0xff));      /* data segment cut */
    assert_true(elf_valid(img, 0x2000 + 0x100));      /* exactly enough */
}

static void test_bad_identification(void **state)
{
    img[1] = 'e';
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); img[4] = 1;                          /* 32-bit */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); img[5] = 2;                          /* big endian */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put(18, 3, 2);                       /* i386 */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put(16, 3, 2);                       /* ET_DYN */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put(54, 64, 2);                      /* odd phentsize */
    assert_false(elf_valid(img, IMG_SIZE));
}

static void test_bad_program_header_table(void **state)
{
    put(32, ~0ull - 10, 8);                            /* phoff wraps */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put(32, IMG_SIZE, 8);
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put(56, 0, 2);                       /* no headers */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put(56, 65, 2);                      /* too many */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put_phdr(0, 4, 4, 0, 0, 0, 0); put_phdr(2, 4, 4, 0, 0, 0, 0);
    assert_false(elf_valid(img, IMG_SIZE));            /* nothing to load */
}

static void test_bad_segments(void **state)
{
    put_phdr(2, 1, 6, 0x2000, 0x401000, 0x300, 0x200);            /* filesz > memsz */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put_phdr(2, 1, 6, ~0ull - 0x10, 0x401000, 0x100, 0x100);  /* offset wraps */
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put_phdr(2, 1, 6, 0x2000, seL4_UserTop - 0x1000, 0x100, 0x2000);
    assert_false(elf_valid(img, IMG_SIZE));            /* ends above UserTop */
    setup(state); put_phdr(2, 1, 6, 0x2000, seL4_UserTop - 0x1000, 0x100, 0x1000);
    assert_true(elf_valid(img, IMG_SIZE));             /* ends exactly at it */
    setup(state); put_phdr(2, 1, 6, 0x2000, ~0ull - 0xfff, 0x100, 0x2000);
    assert_false(elf_valid(img, IMG_SIZE));            /* vaddr + memsz wraps */
    setup(state); put(24, seL4_UserTop, 8);
    assert_false(elf_valid(img, IMG_SIZE));            /* kernel entry point */
}

static void test_overlapping_segments(void **state)
{
    put_phdr(2, 1, 6, 0x2000, 0x4007ff, 0x100, 0x100);
    assert_false(elf_valid(img, IMG_SIZE));
    setup(state); put_phdr(2, 1, 6, 0x2000, 0x3fff00, 0x100, 0x200);
    assert_false(elf_valid(img, IMG_SIZE));
    /* touching is fine, and so is an empty segment inside another */
    setup(state); put_phdr(2, 1, 6, 0x2000, 0x400800, 0x100, 0x100);
    assert_true(elf_valid(img, IMG_SIZE));
    setup(state); put_phdr(2, 1, 6, 0x2000, 0x400100, 0, 0);
    assert_true(elf_valid(img, IMG_SIZE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_valid_image, setup),
        cmocka_unit_test_setup(test_unaligned_image, setup),
        cmocka_unit_test_setup(test_truncated, setup),
        cmocka_unit_test_setup(test_bad_identification, setup),
        cmocka_unit_test_setup(test_bad_program_header_table, setup),
        cmocka_unit_test_setup(test_bad_segments, setup),
        cmocka_unit_test_setup(test_overlapping_segments, setup),
    };
    return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}

/*
 * libc_test_cpio_elf.c - the CPIO reader over archives built here in
 * memory (lookup by name and index, info, ls, damaged archives), and the
 * ELF reader over hand-made headers (accepted, refused, bounds).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "libc_host.h"
#include <cpio/cpio.h>
#include <elf/elf.h>

static char archive[1024];
static unsigned long archive_len;

static void add_entry(const char *name, const char *data)
{
    size_t namesize = strlen(name) + 1, filesize = strlen(data);
    char *p = archive + archive_len;

    sprintf(p, "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
            1, 0100644, 0, 0, 1, 0, filesize, 0, 0, 0, 0, namesize, 0);
    memcpy(p + 110, name, namesize);
    archive_len = (archive_len + 110 + namesize + 3) & ~3ul;
    memcpy(archive + archive_len, data, filesize);
    archive_len = (archive_len + filesize + 3) & ~3ul;
}

static int build(void **state)
{
    (void)state;
    memset(archive, 0, sizeof(archive));
    archive_len = 0;
    add_entry("hello", "hello world");
    add_entry("app-two", "xy");
    add_entry("TRAILER!!!", "");
    return 0;
}

static void test_get_file(void **state)
{
    unsigned long size = 0;
    char *data = cpio_get_file(archive, archive_len, "app-two", &size);

    (void)state;
    assert_non_null(data);
    assert_int_equal(size, 2);
    assert_memory_equal(data, "xy", 2);
    data = cpio_get_file(archive, archive_len, "hello", &size);
    assert_int_equal(size, 11);
    assert_memory_equal(data, "hello world", 11);
    assert_null(cpio_get_file(archive, archive_len, "missing", &size));
    assert_null(cpio_get_file(archive, archive_len, "TRAILER!!!", &size));
}

static void test_entries_info_ls(void **state)
{
    const char *name;
    unsigned long size;
    struct cpio_info info;
    char a[16], b[16], *names[] = { a, b };

    (void)state;
    assert_non_null(cpio_get_entry(archive, archive_len, 1, &name, &size));
    assert_string_equal(name, "app-two");
    assert_null(cpio_get_entry(archive, archive_len, 2, &name, &size));
    assert_int_equal(cpio_info(archive, archive_len, &info), 0);
    assert_int_equal(info.file_count, 2);
    assert_int_equal(info.max_path_sz, 7);
    cpio_ls(archive, archive_len, names, 2);
    assert_string_equal(a, "hello");
    assert_string_equal(b, "app-two");
}

static void test_damaged(void **state)
{
    unsigned long size;
    struct cpio_info info;

    (void)state;
    /* cut inside the second entry's data: only the first is found */
    assert_null(cpio_get_file(archive, 140, "app-two", &size));
    assert_non_null(cpio_get_file(archive, 140, "hello", &size));
    archive[0] = 'X';   /* bad magic: an empty archive */
    assert_int_equal(cpio_info(archive, archive_len, &info), 0);
    assert_int_equal(info.file_count, 0);
    assert_null(cpio_get_file(archive, archive_len, "hello", &size));
    build(NULL);
    memcpy(archive + 94, "zzzzzzzz", 8);   /* namesize not hex */
    assert_null(cpio_get_file(archive, archive_len, "hello", &size));
}

static unsigned char image[512];

static void make_elf(void)
{
    Elf64_Ehdr *h = (Elf64_Ehdr *)image;
    Elf64_Phdr *p = (Elf64_Phdr *)(image + sizeof(*h));

    memset(image, 0, sizeof(image));
    memcpy(h->e_ident, "\177ELF", 4);
    h->e_ident[EI_CLASS] = ELFCLASS64;
    h->e_ident[EI_DATA] = ELFDATA2LSB;
    h->e_machine = EM_X86_64;
    h->e_entry = 0x400123;
    h->e_phoff = sizeof(*h);
    h->e_phentsize = sizeof(*p);
    h->e_phnum = 1;
    p->p_type = PT_LOAD;
    p->p_flags = PF_R | PF_X;
    p->p_offset = 256;
    p->p_vaddr = 0x400000;
    p->p_filesz = 100;
    p->p_memsz = 4096;
}

static void test_elf_good(void **state)
{
    elf_t elf;
    uintptr_t lo, hi;

    (void)state;
    make_elf();
    assert_int_equal(elf_newFile(image, sizeof(image), &elf), 0);
    assert_int_equal(elf_getEntryPoint(&elf), 0x400123);
    assert_int_equal(elf_getNumProgramHeaders(&elf), 1);
    assert_int_equal(elf_getProgramHeaderType(&elf, 0), PT_LOAD);
    assert_int_equal(elf_getProgramHeaderFileSize(&elf, 0), 100);
    assert_int_equal(elf_getProgramHeaderMemorySize(&elf, 0), 4096);
    assert_ptr_equal(elf_getProgramSegment(&elf, 0), image + 256);
    assert_true(elf_getMemoryBounds(&elf, 0, &lo, &hi));
    assert_int_equal(lo, 0x400000);
    assert_int_equal(hi, 0x401000);
}

static void test_elf_refused(void **state)
{
    elf_t elf;
    Elf64_Phdr *p = (Elf64_Phdr *)(image + sizeof(Elf64_Ehdr));

    (void)state;
    make_elf();
    assert_int_not_equal(elf_newFile(image, 32, &elf), 0);          /* truncated */
    p->p_filesz = 300;                                              /* past the end */
    assert_int_not_equal(elf_newFile(image, sizeof(image), &elf), 0);
    make_elf();
    ((Elf64_Ehdr *)image)->e_phnum = 100;                           /* table too long */
    assert_int_not_equal(elf_newFile(image, sizeof(image), &elf), 0);
    make_elf();
    image[EI_CLASS] = ELFCLASS32;
    assert_int_not_equal(elf_newFile(image, sizeof(image), &elf), 0);
    make_elf();
    image[1] = 'X';
    assert_int_not_equal(elf_newFile(image, sizeof(image), &elf), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_get_file, build),
        cmocka_unit_test_setup(test_entries_info_ls, build),
        cmocka_unit_test_setup(test_damaged, build),
        cmocka_unit_test(test_elf_good),
        cmocka_unit_test(test_elf_refused),
    };
    return cmocka_run_group_tests_name("cpio_elf", tests, NULL, NULL);
}

/*
 * cpio/cpio.h - finding files in a "newc" CPIO archive held in memory
 * (util_libs' libcpio API).
 *
 * The archive is a row of entries: a 110-byte header of ASCII hex fields
 * (magic "070701"), the name (namesize bytes, NUL included), padding to 4
 * bytes, the data (filesize bytes), padding to 4 bytes.  The entry named
 * "TRAILER!!!" ends it.  Every call is told the archive's length and
 * never reads past it; a damaged archive just ends the search.
 *
 * A root task finds its linked-in archive between the symbols
 * _cpio_archive and _cpio_archive_end (declare them as char arrays).
 */
#pragma once

#define CPIO_HEADER_MAGIC "070701"
#define CPIO_FOOTER_MAGIC "TRAILER!!!"
#define CPIO_ALIGNMENT 4

struct cpio_header {
    char c_magic[6];
    char c_ino[8];
    char c_mode[8];
    char c_uid[8];
    char c_gid[8];
    char c_nlink[8];
    char c_mtime[8];
    char c_filesize[8];
    char c_devmajor[8];
    char c_devminor[8];
    char c_rdevmajor[8];
    char c_rdevminor[8];
    char c_namesize[8];
    char c_check[8];
};

struct cpio_info {
    unsigned int file_count;    /* entries before the trailer */
    unsigned int max_path_sz;   /* longest name, NUL not counted */
};

/* The index-th entry's data (NULL past the end); *name and *size set. */
void *cpio_get_entry(const void *archive, unsigned long len, int index, const char **name,
                     unsigned long *size);

/* The data of the entry called name (NULL if none); *size set. */
void *cpio_get_file(const void *archive, unsigned long len, const char *name,
                    unsigned long *size);

/* Counts entries and the longest name; 0, or -1 for a bad archive. */
int cpio_info(const void *archive, unsigned long len, struct cpio_info *info);

/* Copies up to buf_len names into buf[0..] (each buf[i] must hold
 * max_path_sz + 1 bytes). */
void cpio_ls(const void *archive, unsigned long len, char **buf, unsigned long buf_len);

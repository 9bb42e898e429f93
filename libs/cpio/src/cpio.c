/*
 * cpio.c - walking a newc CPIO archive (see cpio/cpio.h).
 */
#include <string.h>
#include <cpio/cpio.h>

struct entry {
    const char *name;        /* NUL-terminated inside the archive */
    unsigned long namesize;  /* NUL included */
    const char *data;
    unsigned long filesize;
    unsigned long next;      /* offset of the next header */
};

static unsigned long align4(unsigned long n)
{
    return (n + CPIO_ALIGNMENT - 1) & ~(unsigned long)(CPIO_ALIGNMENT - 1);
}

/* 8 ASCII hex digits; -1 if one is not a hex digit. */
static long hex8(const char *s)
{
    long v = 0;

    for (int i = 0; i < 8; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Reads the entry at offset off; 0 on success, -1 at a bad or the final
 * (trailer) entry. */
static int read_entry(const char *base, unsigned long len, unsigned long off, struct entry *e)
{
    const struct cpio_header *h = (const struct cpio_header *)(base + off);
    long namesize, filesize;
    unsigned long data_off;

    if (off > len || len - off < sizeof(*h) || memcmp(h->c_magic, CPIO_HEADER_MAGIC, 6) != 0)
        return -1;
    namesize = hex8(h->c_namesize);
    filesize = hex8(h->c_filesize);
    if (namesize <= 0 || filesize < 0 || (unsigned long)namesize > len - off - sizeof(*h))
        return -1;
    e->name = (const char *)(h + 1);
    e->namesize = namesize;
    if (e->name[namesize - 1] != '\0' || strcmp(e->name, CPIO_FOOTER_MAGIC) == 0)
        return -1;
    data_off = align4(off + sizeof(*h) + namesize);
    if (data_off > len || (unsigned long)filesize > len - data_off)
        return -1;
    e->data = base + data_off;
    e->filesize = filesize;
    e->next = align4(data_off + filesize);
    return 0;
}

void *cpio_get_entry(const void *archive, unsigned long len, int index, const char **name,
                     unsigned long *size)
{
    struct entry e;
    unsigned long off = 0;

    if (archive == NULL || index < 0)
        return NULL;
    for (int i = 0; read_entry(archive, len, off, &e) == 0; i++) {
        if (i == index) {
            if (name)
                *name = e.name;
            if (size)
                *size = e.filesize;
            return (void *)e.data;
        }
        off = e.next;
    }
    return NULL;
}

void *cpio_get_file(const void *archive, unsigned long len, const char *name,
                    unsigned long *size)
{
    struct entry e;
    unsigned long off = 0;

    if (archive == NULL || name == NULL)
        return NULL;
    while (read_entry(archive, len, off, &e) == 0) {
        if (strcmp(e.name, name) == 0) {
            if (size)
                *size = e.filesize;
            return (void *)e.data;
        }
        off = e.next;
    }
    return NULL;
}

int cpio_info(const void *archive, unsigned long len, struct cpio_info *info)
{
    struct entry e;
    unsigned long off = 0;

    if (archive == NULL || info == NULL)
        return -1;
    info->file_count = 0;
    info->max_path_sz = 0;
    while (read_entry(archive, len, off, &e) == 0) {
        info->file_count++;
        if (e.namesize - 1 > info->max_path_sz)
            info->max_path_sz = e.namesize - 1;
        off = e.next;
    }
    return 0;
}

void cpio_ls(const void *archive, unsigned long len, char **buf, unsigned long buf_len)
{
    struct entry e;
    unsigned long off = 0;

    for (unsigned long i = 0; i < buf_len && read_entry(archive, len, off, &e) == 0; i++) {
        memcpy(buf[i], e.name, e.namesize);
        off = e.next;
    }
}

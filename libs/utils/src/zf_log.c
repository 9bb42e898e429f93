/*
 * zf_log.c - writes one log line (format in utils/zf_log.h) to stderr.
 *
 * The line is written in pieces straight to the console; nothing is
 * buffered, so a message is never truncated and is out before an abort.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utils/zf_log.h>

static const char *tag_prefix;

void zf_log_set_tag_prefix(const char *prefix)
{
    tag_prefix = prefix;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

void zf_log_write(int level, const char *func, const char *file, unsigned line,
                  const char *fmt, ...)
{
    va_list ap;

    (void)level;            /* the line looks the same at every level */
    if (tag_prefix != NULL && tag_prefix[0] != '\0')
        fprintf(stderr, "%s ", tag_prefix);
    fprintf(stderr, "%s@%s:%u ", func, base_name(file), line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

_Noreturn void zf_log_abort(void)
{
    abort();
}

/*
 * strspan.c - the string functions that scan by character sets or case:
 * strspn, strcspn, strpbrk, strtok, strtok_r, strcasecmp, strncasecmp.
 *
 * A set is looked up in a 256-entry table built once per call, so every
 * scan is linear in the length of the string.
 */
#include <string.h>
#include <strings.h>
#include <stdbool.h>
#include <ctype.h>

struct charset {
    bool member[256];
};

static void charset_build(struct charset *set, const char *chars)
{
    memset(set->member, 0, sizeof(set->member));
    for (; *chars != '\0'; chars++)
        set->member[(unsigned char)*chars] = true;
}

/* Length of the prefix of s whose characters are (want) or are not in chars. */
static size_t span(const char *s, const char *chars, bool want)
{
    struct charset set;
    size_t n = 0;

    charset_build(&set, chars);
    while (s[n] != '\0' && set.member[(unsigned char)s[n]] == want)
        n++;
    return n;
}

size_t strspn(const char *s, const char *accept)
{
    return span(s, accept, true);
}

size_t strcspn(const char *s, const char *reject)
{
    return span(s, reject, false);
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s != '\0' ? (char *)s : NULL;
}

char *strtok_r(char *restrict s, const char *restrict delim, char **restrict save)
{
    if (s == NULL)
        s = *save;
    if (s == NULL)
        return NULL;
    s += strspn(s, delim);
    if (*s == '\0') {
        *save = NULL;
        return NULL;
    }
    char *end = s + strcspn(s, delim);
    if (*end != '\0')
        *end++ = '\0';
    *save = end;
    return s;
}

char *strtok(char *restrict s, const char *restrict delim)
{
    static char *next;

    return strtok_r(s, delim, &next);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);

        if (ca != cb || ca == '\0')
            return ca - cb;
    }
    return 0;
}

int strcasecmp(const char *a, const char *b)
{
    return strncasecmp(a, b, (size_t)-1);
}

/*
 * libc_rename.h - forced into every library source compiled for the host
 * unit tests (-include), so caplab's libc functions get a caplab_ prefix
 * and cannot clash with the host C library the test program links with.
 * Test code calls them through the prototypes in libc_host.h.
 */
#pragma once

#define __assert_fail caplab___assert_fail
#define memcpy caplab_memcpy
#define memmove caplab_memmove
#define memset caplab_memset
#define memcmp caplab_memcmp
#define memchr caplab_memchr
#define strlen caplab_strlen
#define strnlen caplab_strnlen
#define strcmp caplab_strcmp
#define strncmp caplab_strncmp
#define strcpy caplab_strcpy
#define strncpy caplab_strncpy
#define strcat caplab_strcat
#define strncat caplab_strncat
#define strchr caplab_strchr
#define strrchr caplab_strrchr
#define strstr caplab_strstr
#define strdup caplab_strdup
#define strndup caplab_strndup
#define strspn caplab_strspn
#define strcspn caplab_strcspn
#define strpbrk caplab_strpbrk
#define strtok caplab_strtok
#define strtok_r caplab_strtok_r
#define strcasecmp caplab_strcasecmp
#define strncasecmp caplab_strncasecmp

#define printf caplab_printf
#define vprintf caplab_vprintf
#define fprintf caplab_fprintf
#define vfprintf caplab_vfprintf
#define sprintf caplab_sprintf
#define vsprintf caplab_vsprintf
#define snprintf caplab_snprintf
#define vsnprintf caplab_vsnprintf
#define putchar caplab_putchar
#define fgetc caplab_fgetc
#define getc caplab_getc
#define getchar caplab_getchar
#define sysconf caplab_sysconf
#define getpagesize caplab_getpagesize
#define _exit caplab__exit
#define puts caplab_puts
#define fputc caplab_fputc
#define putc caplab_putc
#define fputs caplab_fputs
#define fwrite caplab_fwrite
#define fflush caplab_fflush
#define stdin caplab_stdin
#define stdout caplab_stdout
#define stderr caplab_stderr

#define atoi caplab_atoi
#define atol caplab_atol
#define atoll caplab_atoll
#define strtol caplab_strtol
#define strtoll caplab_strtoll
#define strtoul caplab_strtoul
#define strtoull caplab_strtoull
#define abs caplab_abs
#define labs caplab_labs
#define llabs caplab_llabs
#define rand caplab_rand
#define srand caplab_srand
#define qsort caplab_qsort
#define bsearch caplab_bsearch
#define div caplab_div
#define ldiv caplab_ldiv
#define lldiv caplab_lldiv
#define malloc caplab_malloc
#define free caplab_free
#define calloc caplab_calloc
#define realloc caplab_realloc
#define atexit caplab_atexit
#define exit caplab_exit
#define abort caplab_abort
#define errno caplab_errno

#define isalnum caplab_isalnum
#define isalpha caplab_isalpha
#define iscntrl caplab_iscntrl
#define isdigit caplab_isdigit
#define isgraph caplab_isgraph
#define islower caplab_islower
#define isprint caplab_isprint
#define ispunct caplab_ispunct
#define isspace caplab_isspace
#define isupper caplab_isupper
#define isxdigit caplab_isxdigit
#define tolower caplab_tolower
#define toupper caplab_toupper

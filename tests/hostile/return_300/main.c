/*
 * return_300: main returns 300, more than an exit status can hold.
 *
 * Only the low 8 bits count (300 & 0xff = 44); a free lab passes only
 * with status 0, so `check` must fail and say "status 44".
 */
int main(void)
{
    return 300;
}

/*
 * enormous_errors: one return statement that a few macros expand into
 * 4096 additions of a struct to an int.  Every one is an error, each with
 * six "in expansion of macro" notes: about 4 MiB of gcc output in well
 * under a second.
 *
 * The grader keeps 1 MiB of it and shows the first 20 lines and a count
 * of the rest; the result stays small.
 */
struct box { int value; };

#define E0 (b + 1) +
#define E1 E0 E0 E0 E0
#define E2 E1 E1 E1 E1
#define E3 E2 E2 E2 E2
#define E4 E3 E3 E3 E3
#define E5 E4 E4 E4 E4
#define E6 E5 E5 E5 E5

int main(void)
{
    struct box b = { 0 };

    return E6 0;
}

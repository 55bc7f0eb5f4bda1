/* regress.c: the program of the CI script in docs/memsnap.md ("Memory
 * regressions", tests/tool/ci.t), built twice from these sources.
 *
 * As it is (tests/progs/regress), it frees everything it allocates:
 *   - a table of 4000 bytes (line @TABLE), freed at the end;
 *   - in each of 100 iterations, a record of 64 bytes (line @RECORD),
 *     freed in the same iteration.
 *   Peak: 4064 bytes in 2 blocks; at exit: nothing.
 *
 * Built with -DEXTRA (tests/progs/regress_extra), each iteration also
 * keeps a block of 48 bytes (line @EXTRA), never freed: the regression.
 *   Peak: 8864 bytes in 102 blocks (the table, the last record and the
 *   100 kept blocks); at exit: 4800 bytes in 100 blocks, all at @EXTRA.
 * The preprocessor keeps line numbers, so every other line is the same
 * in both builds, and a compare of the two runs shows @EXTRA alone. */
#include <stdlib.h>
#include <string.h>

#define N_ITER 100

#ifdef EXTRA
static char *kept[N_ITER];
#endif

static int checksum;

int main(void)
{
    char *table = malloc(4000);                 /* @TABLE */
    if (table == NULL)
        return 1;
    memset(table, 0, 4000);
    for (int i = 0; i < N_ITER; i++) {
        char *record = malloc(64);              /* @RECORD */
        if (record == NULL)
            return 1;
        memset(record, i, 64);
        table[i] = record[i % 64];
#ifdef EXTRA
        kept[i] = malloc(48);                   /* @EXTRA */
#endif
        free(record);
    }
    for (int i = 0; i < N_ITER; i++)
        checksum += table[i];
    free(table);
    return checksum < 0;
}

#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>
int main(void) {
    VALGRIND_MEMSNAP_TAKE("before");
    double *data = malloc(100 * sizeof *data);
    char **labels = malloc(100 * sizeof *labels);
    for (int i = 0; i < 100; i++) {
        data[i] = i / 10.0;
        labels[i] = malloc(16);
        snprintf(labels[i], 16, "%g", data[i]);
    }
    VALGRIND_MEMSNAP_TAKE("after");
    VALGRIND_MEMSNAP_COMPARE("before", "after", "lineno", 0);
    return 0;
}

/* examples/example.c: the example of README.md (`make example').
   Takes a snapshot, allocates 100 doubles (line 6), 100 pointers (line 7)
   and 100 16-byte labels (line 10), takes another and prints the
   difference by line.  Nothing is freed, so the exit summary shows the
   same blocks still allocated.  This comment sits after main() so that the
   line numbers above stay those shown in the README.

   Copyright (C) 2026 the memsnap authors.  GPL-2.0-or-later; see COPYING. */

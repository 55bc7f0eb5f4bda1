/* The example program of the manual (docs/memsnap.md, "A first run"), with
   its file named prog.c, so that its output can be compared with these
   lines:

       prog.c:10: size=1600 B (+1600 B), count=100 (+100), average=16 B
       prog.c:7: size=800 B (+800 B), count=1 (+1), average=800 B
       prog.c:6: size=800 B (+800 B), count=1 (+1), average=800 B

   The #line directive below makes the compiler number the lines after it
   1, 2, ... and name the file "prog.c" in the debug info, as the lines above
   have it (this comment would otherwise shift every line number).
   Numbers the test relies on:
     prog.c:6   data   = malloc(100 * 8)        800 B, 1 block
     prog.c:7   labels = malloc(100 * 8)        800 B, 1 block
     prog.c:10  labels[i] = malloc(16), 100x   1600 B, 100 blocks
   Nothing is freed: Total = At peak = At exit = 3,200 bytes in 102 blocks
   (plus whatever libc allocates for itself; snprintf allocates nothing). */
#line 1 "prog.c"
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

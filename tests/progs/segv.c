/* A client that dies of SIGSEGV after a snapshot.  memsnap still prints
   the exit summary and completes its file (exit snapshot and summary).
     @A  a = malloc(1234), then snapshot "before-crash", then a write
         through a NULL pointer (@CRASH).
   The program's own part of the summary: Total 1,234 bytes in 1 block,
   At peak 1,234 bytes in 1 block, At exit 1,234 bytes in 1 block (no
   freeres after a fatal signal). */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

int main(void)
{
   char* a = malloc(1234);                            /* @A */
   a[0] = 1;
   VALGRIND_MEMSNAP_TAKE("before-crash");
   *(volatile int*)(a[0] == 1 ? NULL : a) = 1;        /* @CRASH */
   return 0;
}

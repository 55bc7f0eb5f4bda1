/* The values of every client request, printed to stdout so that the test
   can assert them (requests.t, under memsnap) and so that noop.t can check
   that natively every request evaluates to 0 and writes nothing: out
   parameters start as the sentinel -7 and are printed as signed numbers.
   B = bytes traced before main (printed as "baseline"), K = blocks.

     take s1 = 1
     @A  a = malloc(1000)
     take s2 = 2
     diff s1 s2        ret=1 bytes=1000 blocks=1
     diff s2 s1        ret=1 bytes=-1000 blocks=-1
     diff s1 now       ret=1 bytes=1000 blocks=1   ("now" is no snapshot)
     @B  b = malloc(3000)
     diff s2 now       ret=1 bytes=3000 blocks=1
     traced            ret=1 current=B+4000 peak=B+4000
     free(b)
     traced            current=B+1000 peak=B+4000
     reset_peak        ret=1
     traced            current=B+1000 peak=B+1000
     @C  c = malloc(500); free(c)
     traced            current=B+1000 peak=B+1500
     compare s1 now    ret=1 (log: @A size=1000 B (+1000 B), count=1 (+1))
     stats now         ret=1
     take s1 = 3       (a second "s1": the name now means snapshot 3)
     diff s1 s2        ret=1 bytes=0 blocks=0
     is_tracing = 1; stop = 1; is_tracing = 0
     @D  d = malloc(777) while stopped: not traced
     traced            current=B+1000
     start = 1; is_tracing = 1
     free(d)           d is not traced: ignored, current stays B+1000
     @E  e = malloc(64)
     print_traceback e    = 64 (prints e's stack to the log)
     print_traceback e+10 = 64 (an interior pointer: the block containing it)
     print_traceback &local = 0 (no block: one log line says so)
     clear_traces = 1
     traced            current=0 peak=0
     free(e)           no longer traced: ignored
     @F  f = malloc(10)
     traced            current=10 peak=10
     take s4 = 4
     diff s1 s4        bytes=10-(B+1000) blocks=1-(K+1); then "end"
   (K = blocks traced at the first s1, read from the output file.)  Bad
   arguments are badreq.c's subject. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

static void diff(const char* old, const char* new)
{
   long long bytes = -7, blocks = -7;
   unsigned long ret = VALGRIND_MEMSNAP_DIFF(old, new, &bytes, &blocks);
   printf("diff %s %s ret=%lu bytes=%lld blocks=%lld\n", old, new, ret, bytes,
          blocks);
}

static void traced(void)
{
   unsigned long long cur = (unsigned long long)-7, peak = (unsigned long long)-7;
   unsigned long ret = VALGRIND_MEMSNAP_GET_TRACED(&cur, &peak);
   printf("traced ret=%lu current=%lld peak=%lld\n", ret, (long long)cur,
          (long long)peak);
}

int main(void)
{
   int local = 0;

   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   {
      unsigned long long cur = (unsigned long long)-7, peak = (unsigned long long)-7;
      long long bytes = -7, blocks = -7;
      VALGRIND_MEMSNAP_GET_TRACED(&cur, &peak);
      VALGRIND_MEMSNAP_DIFF("now", "now", &bytes, &blocks);
      printf("baseline current=%lld\n", (long long)cur);
      printf("diff now now bytes=%lld blocks=%lld\n", bytes, blocks);
   }
   printf("take s1 = %lu\n", VALGRIND_MEMSNAP_TAKE("s1"));
   char* a = malloc(1000);                            /* @A */
   printf("take s2 = %lu\n", VALGRIND_MEMSNAP_TAKE("s2"));
   diff("s1", "s2");
   diff("s2", "s1");
   diff("s1", "now");
   char* b = malloc(3000);                            /* @B */
   diff("s2", "now");
   traced();
   free(b);
   traced();
   printf("reset_peak ret=%lu\n", VALGRIND_MEMSNAP_RESET_PEAK());
   traced();
   char* c = malloc(500);                             /* @C */
   free(c);
   traced();
   printf("compare s1 now ret=%lu\n",
          VALGRIND_MEMSNAP_COMPARE("s1", "now", "lineno", 0));
   printf("stats now ret=%lu\n", VALGRIND_MEMSNAP_STATS("now", "lineno", 0));
   printf("take s1 = %lu\n", VALGRIND_MEMSNAP_TAKE("s1"));
   diff("s1", "s2");
   printf("is_tracing = %lu\n", VALGRIND_MEMSNAP_IS_TRACING());
   printf("stop = %lu\n", VALGRIND_MEMSNAP_STOP());
   printf("is_tracing = %lu\n", VALGRIND_MEMSNAP_IS_TRACING());
   char* d = malloc(777);                             /* @D */
   traced();
   printf("start = %lu\n", VALGRIND_MEMSNAP_START());
   printf("is_tracing = %lu\n", VALGRIND_MEMSNAP_IS_TRACING());
   free(d);
   traced();
   char* e = malloc(64);                              /* @E */
   printf("print_traceback e = %lu\n", VALGRIND_MEMSNAP_PRINT_TRACEBACK(e));
   printf("print_traceback e+10 = %lu\n",
          VALGRIND_MEMSNAP_PRINT_TRACEBACK(e + 10));
   printf("print_traceback &local = %lu\n",
          VALGRIND_MEMSNAP_PRINT_TRACEBACK(&local));
   printf("clear_traces = %lu\n", VALGRIND_MEMSNAP_CLEAR_TRACES());
   traced();
   free(e);
   traced();
   char* f = malloc(10);                              /* @F */
   traced();
   printf("take s4 = %lu\n", VALGRIND_MEMSNAP_TAKE("s4"));
   diff("s1", "s4");
   free(f);
   free(a);
   printf("end\n");
   return 0;
}

/* snapbench: times memsnap's snapshot and compare client requests on a
   given state (tests/perf/measure; docs/performance.md).
     snapbench [BLOCKS [SITES [SNAPSHOTS [KEEP [DISTINCT]]]]]
   Allocates BLOCKS live blocks (default 1,000,000, 16-47 bytes) spread
   evenly over SITES distinct allocation stacks (default 10,000): the stack
   of site i goes through walk() once per decimal digit of i, each digit
   through its own call instruction of a 10-way switch (up to 10^11 sites).
   Every stack is 12 walk() frames deep (padded on the outer side), so that
   with memsnap's default --depth=12 the site does not depend on where
   main() called from.  Then brackets with clock_gettime, and
   prints in milliseconds ("name value" lines on stdout):
     build            allocating the blocks
     take_first       TAKE "a": the first snapshot (symbolizes every site)
     take_again       TAKE "a2": the same state again
     take_changed     TAKE "b" after freeing every tenth block and
                      allocating as many from other sites
     compare_lineno   COMPARE a b lineno, top 10
     compare_tb       COMPARE a b traceback, top 10
     stats_tb         STATS b traceback, top 10
     take_each        the mean of SNAPSHOTS (default 10) more TAKEs, each
                      after 1,000 frees and allocations
   With SNAPSHOTS < 0 it makes no request at all (only the blocks, for
   measuring memory); with KEEP=0 (default 1) it frees everything before
   exiting.  The SNAPSHOTS are all called "s" (each shadows the one
   before), or with DISTINCT=1 "s1", "s2"... (all kept: the scale of many
   snapshots).
   Natively the requests do nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <valgrind/memsnap.h>

static volatile unsigned long sink;

static double now_ms(void)
{
   struct timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One distinct call instruction per digit value, and a distinct store
   after it, so that the compiler merges none of them. */
#define CASE(d) case d: p = walk(level - 1, i / 10, n); sink = d; break;
#define FRAMES 12

static int levels;   /* decimal digits of the largest site number */

__attribute__((noinline)) static void *walk(int level, unsigned long i, size_t n)
{
   void *p;
   if (level == 0) {
      p = malloc(n);
      sink = (unsigned long)p;
      return p;
   }
   if (level > levels) {   /* padding */
      p = walk(level - 1, i, n);
      sink = 10;
      return p;
   }
   switch (i % 10) {
   CASE(0) CASE(1) CASE(2) CASE(3) CASE(4)
   CASE(5) CASE(6) CASE(7) CASE(8) CASE(9)
   default: p = NULL;
   }
   return p;
}

static int levels_for(unsigned long sites)
{
   int l = 1;
   for (unsigned long m = 10; m < sites; m *= 10)
      l++;
   return l;
}

int main(int argc, char **argv)
{
   unsigned long blocks = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
   unsigned long sites = argc > 2 ? strtoul(argv[2], NULL, 0) : 10000;
   int snapshots = argc > 3 ? atoi(argv[3]) : 10;
   int keep = argc > 4 ? atoi(argv[4]) : 1;
   int distinct = argc > 5 ? atoi(argv[5]) : 0;
   void **b = malloc((blocks ? blocks : 1) * sizeof *b);
   double t0, t1;
   levels = levels_for(sites);

   t0 = now_ms();
   for (unsigned long k = 0; k < blocks; k++)
      b[k] = walk(FRAMES - 1, k % sites, 16 + k % 32);
   t1 = now_ms();
   printf("build %.3f\n", t1 - t0);
   if (snapshots < 0)
      return 0;

   t0 = now_ms();
   VALGRIND_MEMSNAP_TAKE("a");
   t1 = now_ms();
   printf("take_first %.3f\n", t1 - t0);

   t0 = now_ms();
   VALGRIND_MEMSNAP_TAKE("a2");
   t1 = now_ms();
   printf("take_again %.3f\n", t1 - t0);

   for (unsigned long k = 0; k < blocks; k += 10) {
      free(b[k]);
      b[k] = walk(FRAMES - 1, (k / 10 * 7 + 3) % sites, 48);
   }
   t0 = now_ms();
   VALGRIND_MEMSNAP_TAKE("b");
   t1 = now_ms();
   printf("take_changed %.3f\n", t1 - t0);

   t0 = now_ms();
   VALGRIND_MEMSNAP_COMPARE("a", "b", "lineno", 10);
   t1 = now_ms();
   printf("compare_lineno %.3f\n", t1 - t0);

   t0 = now_ms();
   VALGRIND_MEMSNAP_COMPARE("a", "b", "traceback", 10);
   t1 = now_ms();
   printf("compare_tb %.3f\n", t1 - t0);

   t0 = now_ms();
   VALGRIND_MEMSNAP_STATS("b", "traceback", 10);
   t1 = now_ms();
   printf("stats_tb %.3f\n", t1 - t0);

   double sum = 0;
   for (int s = 0; s < snapshots; s++) {
      for (unsigned long k = 0; k < 1000 && blocks; k++) {
         unsigned long j = (k * 7919 + (unsigned long)s * 104729) % blocks;
         free(b[j]);
         b[j] = walk(FRAMES - 1, (j + (unsigned long)s) % sites, 24);
      }
      char name[32];
      snprintf(name, sizeof name, distinct ? "s%d" : "s", s + 1);
      t0 = now_ms();
      VALGRIND_MEMSNAP_TAKE(name);
      sum += now_ms() - t0;
   }
   printf("take_each %.3f\n", snapshots ? sum / snapshots : 0.0);

   if (!keep) {
      for (unsigned long k = 0; k < blocks; k++)
         free(b[k]);
      free(b);
   }
   return 0;
}

/* deep: allocation under deep call stacks.  Each of DESCENTS descents
   (default 800,000) recurses 40 levels through two functions, a() or b()
   at each level by one bit of the descent number (bits 0-11 repeat every
   12 levels, so there are 4,096 distinct stacks whatever --depth records),
   then frees and allocates 8 blocks of a 10,000-slot ring at the bottom.
   Measures stack capture: compare memsnap --depth=1/12/50.
     deep [DESCENTS [LEVELS]] */
#include "perf.h"

volatile unsigned long perf_sink;

#define RING 10000
static void *ring[RING];
static uint64_t seed = 0x9E3779B97F4A7C15ULL;

static int rec_a(int level, unsigned pattern);
static int rec_b(int level, unsigned pattern);

__attribute__((noinline)) static int bottom(unsigned pattern)
{
   for (int k = 0; k < 8; k++) {
      uint64_t r = perf_rand(&seed);
      long j = (long)(r % RING);
      free(ring[j]);
      ring[j] = malloc(16 + (r >> 32) % 112);
   }
   return (int)(pattern & 1);
}

static int step(int level, unsigned pattern)
{
   if (level == 0)
      return bottom(pattern);
   if (pattern >> (level % 12) & 1)
      return rec_a(level - 1, pattern) + 1;
   return rec_b(level - 1, pattern) + 1;
}

__attribute__((noinline)) static int rec_a(int level, unsigned pattern)
{
   return step(level, pattern) + 1;
}

__attribute__((noinline)) static int rec_b(int level, unsigned pattern)
{
   return step(level, pattern) + 2;
}

int main(int argc, char **argv)
{
   long descents = perf_arg(argc, argv, 1, 800000);
   int levels = (int)perf_arg(argc, argv, 2, 40);
   for (long i = 0; i < descents; i++)
      perf_sink += step(levels, (unsigned)i & 0xfff);
   for (long j = 0; j < RING; j++)
      free(ring[j]);
   return 0;
}

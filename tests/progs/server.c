/* server.c: a server-like program with a slow leak among noise, for
   periodic snapshots (--snapshot-every) and memsnap_print --growth.

   It serves ROUNDS requests (argv[1], default 4000).  Each request:
     @NOISE   allocates 1 to 4 buffers of 64 to 1,023 bytes, works on
              them and frees them: allocations that come and go;
     @SESSION replaces one of 64 session records of 100 B: steady;
     @CACHE   adds a 256 B entry to a cache until it holds ROUNDS / 4
              entries: a cache that grows over the first quarter of the
              run, then plateaus;
     @LEAK    every 8th request, a 40 B record is allocated and lost:
              the slow leak, 5 B per request on average, much less than
              the cache grows while it grows.
   From request ROUNDS / 2 to ROUNDS / 2 + ROUNDS / 20, a 64 KiB buffer
   (@SPIKE) is held, then freed.  Everything but the leak is freed at the
   end.  The sizes come from a fixed pseudo-random sequence, so every run
   allocates the same bytes in the same order.

   With a second argument "kill" and a file name, it creates the file
   after the last request and waits to be killed (SIGKILL, by the test).
   With "monitor", it first sends the monitor commands
   of monitor_commands[] with VALGRIND_MONITOR_COMMAND, each after a line
   "@@ COMMAND" on stderr, and prints "COMMAND = RESULT" on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#define N_SESSIONS 64

static unsigned long seed = 12345;

static unsigned next_random(void)
{
   seed = seed * 6364136223846793005UL + 1442695040888963407UL;
   return (unsigned)(seed >> 33);
}

static char*  sessions[N_SESSIONS];
static char** cache;
static int    cache_used, cache_size;
static char*  spike;

struct leaked { struct leaked* unused; char data[32]; };

static unsigned noise(void)
{
   char*    bufs[4];
   int      n   = 1 + next_random() % 4;
   unsigned sum = 0;
   for (int i = 0; i < n; i++) {
      size_t sz = 64 + next_random() % 960;
      bufs[i] = malloc(sz);                                    /* @NOISE */
      memset(bufs[i], i, sz);
      sum += (unsigned char)bufs[i][sz / 2];
   }
   for (int i = 0; i < n; i++)
      free(bufs[i]);
   return sum;
}

static void serve(int r, int rounds)
{
   noise();
   int s = r % N_SESSIONS;
   free(sessions[s]);
   sessions[s] = malloc(100);                                  /* @SESSION */
   if (cache_used < cache_size)
      cache[cache_used++] = malloc(256);                       /* @CACHE */
   if (r % 8 == 7) {
      struct leaked* l = malloc(sizeof *l);                    /* @LEAK */
      l->unused = NULL;
   }
   if (r == rounds / 2)
      spike = malloc(64 * 1024);                               /* @SPIKE */
   if (r == rounds / 2 + rounds / 20) {
      free(spike);
      spike = NULL;
   }
}

static const char* const monitor_commands[] = {
   "auto", "auto 4KiB", "auto", "auto 10ms", "auto 0B", "auto x",
   "auto 12", "auto 99999999999999999999B", "auto 1KiB 2", "auto off",
   "auto",
};

static void send_monitor_commands(void)
{
   for (size_t i = 0; i < sizeof monitor_commands / sizeof *monitor_commands; i++) {
      fprintf(stderr, "@@ %s\n", monitor_commands[i]);
      fflush(stderr);
      unsigned long res = VALGRIND_MONITOR_COMMAND(monitor_commands[i]);
      printf("%s = %lu\n", monitor_commands[i], res);
      fflush(stdout);
      if (i == 1)      /* a few auto snapshots at 4 KiB */
         for (int r = 0; r < 40; r++)
            noise();
   }
}

int main(int argc, char** argv)
{
   int rounds = argc > 1 ? atoi(argv[1]) : 4000;
   if (argc > 2 && strcmp(argv[2], "monitor") == 0)
      send_monitor_commands();
   cache_size = rounds / 4;
   cache = calloc(cache_size > 0 ? cache_size : 1, sizeof *cache);
   for (int r = 0; r < rounds; r++)
      serve(r, rounds);
   if (argc > 3 && strcmp(argv[2], "kill") == 0) {
      FILE* ready = fopen(argv[3], "w");
      if (ready)
         fclose(ready);
      for (int i = 0; i < 120; i++)
         sleep(1);
      return 3;
   }
   for (int s = 0; s < N_SESSIONS; s++)
      free(sessions[s]);
   for (int i = 0; i < cache_used; i++)
      free(cache[i]);
   free(cache);
   free(spike);
   return 0;
}

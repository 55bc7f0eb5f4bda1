/* edges.c: the edge cases of client requests and monitor commands, one
   scenario per run, named by the first argument.  stdout has one line per
   request, "<what> = <value>"; stderr marks each request with "@@ <what>"
   so that a test can find the log lines it caused.

   unknown-monitor  VALGRIND_MONITOR_COMMAND of commands that are not
                    memsnap's ("leak_check summary", written for memcheck;
                    "frob"), then of "traced" (memsnap's).
   zero-traceback   PRINT_TRACEBACK of a malloc(0) block (@ZERO) and of
                    the byte after a malloc(8) block.
   limits           three sites of 1, 2 and 3 blocks (@L1 @L2 @L3),
                    snapshot "s", then STATS and COMPARE with a limit of -1
                    (refused) and 0x100000001 (all three entries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

static void mark(const char* what) { fprintf(stderr, "@@ %s\n", what); }

static void unknown_monitor(void)
{
   static const char* const commands[] = { "leak_check summary", "frob",
                                           "traced" };
   for (int i = 0; i < 3; i++) {
      mark(commands[i]);
      printf("%s = %lu\n", commands[i],
             (unsigned long)VALGRIND_MONITOR_COMMAND(commands[i]));
   }
}

static void zero_traceback(void)
{
   char* zero  = malloc(0);                                    /* @ZERO */
   char* eight = malloc(8);
   mark("zero");
   printf("zero = %lu\n", VALGRIND_MEMSNAP_PRINT_TRACEBACK(zero));
   mark("past eight");
   printf("past eight = %lu\n", VALGRIND_MEMSNAP_PRINT_TRACEBACK(eight + 8));
   mark("end");
   free(zero);
   free(eight);
}

static void limits(void)
{
   void* keep[6];
   int   n = 0;
   keep[n++] = malloc(10);                                     /* @L1 */
   for (int i = 0; i < 2; i++)
      keep[n++] = malloc(20);                                  /* @L2 */
   for (int i = 0; i < 3; i++)
      keep[n++] = malloc(30);                                  /* @L3 */
   VALGRIND_MEMSNAP_TAKE("s");
   mark("stats -1");
   printf("stats -1 = %lu\n", VALGRIND_MEMSNAP_STATS("s", "lineno", -1));
   mark("stats 0x100000001");
   printf("stats 0x100000001 = %lu\n",
          VALGRIND_MEMSNAP_STATS("s", "lineno", 0x100000001ULL));
   mark("compare -1");
   printf("compare -1 = %lu\n",
          VALGRIND_MEMSNAP_COMPARE("s", "now", "lineno", -1));
   mark("compare 0x100000001");
   printf("compare 0x100000001 = %lu\n",
          VALGRIND_MEMSNAP_COMPARE("s", "now", "lineno", 0x100000001ULL));
   mark("end");
   while (n > 0)
      free(keep[--n]);
}

int main(int argc, char** argv)
{
   static const struct { const char* name; void (*run)(void); } scenarios[] = {
      { "unknown-monitor", unknown_monitor },
      { "zero-traceback",  zero_traceback },
      { "limits",          limits },
   };
   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   for (size_t i = 0; argc > 1 && i < sizeof scenarios / sizeof scenarios[0]; i++)
      if (strcmp(argv[1], scenarios[i].name) == 0) {
         scenarios[i].run();
         return 0;
      }
   fprintf(stderr, "usage: edges <scenario>\n");
   return 2;
}

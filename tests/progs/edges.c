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
                    (refused) and 0x100000001 (all three entries).
   past-eof         a shared file mapping of two pages over a file of one:
                    the second page is mapped and writable, but touching it
                    raises SIGBUS.  DIFF and GET_TRACED with an out-pointer
                    there, TAKE of a name and STATS of a key that run from
                    the end of the first page into it: each refused with a
                    warning, evaluating to 0; then DIFF into the first page
                    works (1).
   escape           TAKE of names holding a newline, a tab, a non-ASCII
                    byte: each refused in one warning line, escaped.
   peak-again       a peak's value reached again: malloc(100) @A100,
                    free, malloc(50) twice @B50.  The peak is the first
                    moment of the highest value: 100 bytes in 1 block
                    (A100), in the summary, the peak snapshot and the
                    timeline alike.
   peak-zero        malloc(150) @C150, then malloc(0) @Z0 and a same-size
                    realloc @R150 of it: neither is a new peak, so the peak
                    stays 150 bytes in 1 block at C150.
   huge-custom      VALGRIND_MALLOCLIKE_BLOCK of sizes no memory can have:
                    2^62+16 bytes four times (@H1..), a block that wraps
                    around the end of the address space, a resize of a real
                    chunk to 2^62: each refused with one warning.  A real
                    chunk of 100 bytes @H0 stays traced: Total, At peak and
                    At exit count it alone.
   near-peak        malloc(10,000) @N1 and malloc(1), free: the peak
                    snapshot is copied at 10,001 bytes; malloc(50) @N2,
                    free: 10,050 is within 1% of it, so (with the default
                    --peak-inaccuracy=1) no new copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
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

static void past_eof(void)
{
   long      page = sysconf(_SC_PAGESIZE);
   char      path[] = "/tmp/memsnap-edges-XXXXXX";
   int       fd = mkstemp(path);
   if (fd < 0 || ftruncate(fd, page) != 0) {
      perror("edges: temporary file");
      exit(1);
   }
   char* map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
   unlink(path);
   if (map == MAP_FAILED) {
      perror("edges: mmap");
      exit(1);
   }
   long long*          past    = (long long*)(map + page);
   unsigned long long* upast   = (unsigned long long*)(map + page);
   long long*          inside  = (long long*)map;
   long long           blocks  = 0;
   unsigned long long  current = 0;
   char*               tail    = map + page - 3;   /* "abc", no NUL */
   memcpy(tail, "abc", 3);
   VALGRIND_MEMSNAP_TAKE("s");
   mark("diff bytes_ptr");
   printf("diff bytes_ptr = %lu\n",
          VALGRIND_MEMSNAP_DIFF("s", "now", past, &blocks));
   mark("diff blocks_ptr");
   printf("diff blocks_ptr = %lu\n",
          VALGRIND_MEMSNAP_DIFF("s", "now", inside, past));
   mark("get_traced peak_ptr");
   printf("get_traced peak_ptr = %lu\n",
          VALGRIND_MEMSNAP_GET_TRACED(&current, upast));
   mark("take name");
   printf("take name = %lu\n", VALGRIND_MEMSNAP_TAKE(tail));
   mark("stats key");
   printf("stats key = %lu\n", VALGRIND_MEMSNAP_STATS("s", tail, 0));
   mark("diff inside");
   *inside = -7;
   printf("diff inside = %lu\n",
          VALGRIND_MEMSNAP_DIFF("s", "s", inside, &blocks));
   printf("inside = %lld\n", *inside);
   mark("end");
   munmap(map, 2 * page);
   close(fd);
}

static void escape(void)
{
   static const char* const names[] = { "a\nb", "tab\there", "caf\xc3\xa9" };
   for (int i = 0; i < 3; i++) {
      char what[32];
      snprintf(what, sizeof what, "name %d", i);
      mark(what);
      printf("%s = %lu\n", what, VALGRIND_MEMSNAP_TAKE(names[i]));
   }
   mark("key");
   VALGRIND_MEMSNAP_TAKE("s");
   printf("key = %lu\n", VALGRIND_MEMSNAP_STATS("s", "line\nno", 0));
   mark("end");
}

static void peak_again(void)
{
   char* a = malloc(100);                                      /* @A100 */
   free(a);
   char* b[2];
   for (int i = 0; i < 2; i++)
      b[i] = malloc(50);                                       /* @B50 */
   free(b[0]);
   free(b[1]);
}

static void peak_zero(void)
{
   char* c = malloc(150);                                      /* @C150 */
   char* z = malloc(0);                                        /* @Z0 */
   c = realloc(c, 150);                                        /* @R150 */
   free(z);
   free(c);
}

static void huge_custom(void)
{
   static char pool[256];
   const size_t huge = ((size_t)1 << 62) + 16;
   VALGRIND_MALLOCLIKE_BLOCK(pool, 100, 0, 0);                 /* @H0 */
   for (int i = 1; i <= 4; i++) {
      char what[32];
      snprintf(what, sizeof what, "huge %d", i);
      mark(what);
      VALGRIND_MALLOCLIKE_BLOCK(pool + 16 * i, huge, 0, 0);    /* @H1 */
   }
   mark("wrap");
   VALGRIND_MALLOCLIKE_BLOCK((char*)~(size_t)0 - 4095, 8192, 0, 0);
   mark("resize");
   VALGRIND_RESIZEINPLACE_BLOCK(pool, 100, (size_t)1 << 62, 0);
   mark("end");
}

static void near_peak(void)
{
   char* big = malloc(10000);                                  /* @N1 */
   free(malloc(1));
   free(malloc(50));                                           /* @N2 */
   free(big);
}

int main(int argc, char** argv)
{
   static const struct { const char* name; void (*run)(void); } scenarios[] = {
      { "unknown-monitor", unknown_monitor },
      { "zero-traceback",  zero_traceback },
      { "limits",          limits },
      { "past-eof",        past_eof },
      { "escape",          escape },
      { "peak-again",      peak_again },
      { "peak-zero",       peak_zero },
      { "near-peak",       near_peak },
      { "huge-custom",     huge_custom },
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

/* Bad client request arguments: each makes memsnap print exactly one line
   "memsnap: warning: ..." to the log; the request evaluates to 0 and the
   program goes on.  Before each request the program writes "REQ <n>" to
   stderr, so the test can count the warnings between two markers; stdout
   has "<n> <what> = <value>".  Snapshot "ok" (id 1) is the only good
   snapshot.  Natively (noop.t) every value is 0 and nothing else happens.
     1  TAKE(NULL)
     2  TAKE((const char*)1)                   bad pointer
     3  TAKE("now")                            reserved name
     4  TAKE("has space")                      not a valid name
     5  TAKE(<120 x 'n'>)                      longer than 100 characters
     6  COMPARE("nosuch", "ok", "lineno", 0)   unknown name
     7  COMPARE("ok", "ok", "bogus", 0)        unknown key
     8  COMPARE("ok", "ok", "traceback,cumulative", 0)
     9  COMPARE("ok", "ok", NULL, 0)           NULL key
    10  STATS(NULL, "lineno", 0)
    11  STATS("ok", "lineno,", 0)              unknown key
    12  DIFF("ok", "ok", (long long*)1, &blocks)   bad pointer
    13  DIFF("ok", "ok", &bytes, NULL)
    14  DIFF("ok", "ok", (long long*)"read-only", &blocks)   unwritable
    15  GET_TRACED((void*)1, &peak)
    16  DIFF("ok", (const char*)1, &bytes, &blocks)
   Good requests in between still work: TAKE("ok") = 1 (before 1),
   TAKE("ok2") = 2 (at the end), and bytes/blocks of 12-16 are untouched
   (-7). */
#include <stdio.h>
#include <string.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

static void mark(int n) { fprintf(stderr, "REQ %d\n", n); }

int main(void)
{
   long long          bytes = -7, blocks = -7;
   unsigned long long peak  = (unsigned long long)-7;
   char               longname[121];
   static const char  readonly[16] = "read-only";

   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   memset(longname, 'n', 120);
   longname[120] = 0;
   printf("0 take ok = %lu\n", VALGRIND_MEMSNAP_TAKE("ok"));
   mark(1);
   printf("1 take NULL = %lu\n", VALGRIND_MEMSNAP_TAKE(NULL));
   mark(2);
   printf("2 take 1 = %lu\n", VALGRIND_MEMSNAP_TAKE((const char*)1));
   mark(3);
   printf("3 take now = %lu\n", VALGRIND_MEMSNAP_TAKE("now"));
   mark(4);
   printf("4 take space = %lu\n", VALGRIND_MEMSNAP_TAKE("has space"));
   mark(5);
   printf("5 take long = %lu\n", VALGRIND_MEMSNAP_TAKE(longname));
   mark(6);
   printf("6 compare nosuch = %lu\n",
          VALGRIND_MEMSNAP_COMPARE("nosuch", "ok", "lineno", 0));
   mark(7);
   printf("7 compare bogus = %lu\n",
          VALGRIND_MEMSNAP_COMPARE("ok", "ok", "bogus", 0));
   mark(8);
   printf("8 compare traceback,cumulative = %lu\n",
          VALGRIND_MEMSNAP_COMPARE("ok", "ok", "traceback,cumulative", 0));
   mark(9);
   printf("9 compare NULL key = %lu\n",
          VALGRIND_MEMSNAP_COMPARE("ok", "ok", NULL, 0));
   mark(10);
   printf("10 stats NULL = %lu\n", VALGRIND_MEMSNAP_STATS(NULL, "lineno", 0));
   mark(11);
   printf("11 stats lineno, = %lu\n",
          VALGRIND_MEMSNAP_STATS("ok", "lineno,", 0));
   mark(12);
   printf("12 diff badptr = %lu\n",
          VALGRIND_MEMSNAP_DIFF("ok", "ok", (long long*)1, &blocks));
   mark(13);
   printf("13 diff NULL = %lu\n", VALGRIND_MEMSNAP_DIFF("ok", "ok", &bytes, NULL));
   mark(14);
   printf("14 diff readonly = %lu\n",
          VALGRIND_MEMSNAP_DIFF("ok", "ok", (long long*)readonly, &blocks));
   mark(15);
   printf("15 traced badptr = %lu\n",
          VALGRIND_MEMSNAP_GET_TRACED((unsigned long long*)1, &peak));
   mark(16);
   printf("16 diff badname = %lu\n",
          VALGRIND_MEMSNAP_DIFF("ok", (const char*)1, &bytes, &blocks));
   mark(17);
   printf("bytes=%lld blocks=%lld peak=%lld readonly=%s\n", bytes, blocks,
          (long long)peak, readonly);
   printf("17 take ok2 = %lu\n", VALGRIND_MEMSNAP_TAKE("ok2"));
   return 0;
}

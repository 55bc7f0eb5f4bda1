/* The end-to-end test of memsnap_print (tests/tool/e2e.t): a program that
   prints, in-process, every comparison and statistics the report script
   must reproduce byte for byte from the output file.  Before each
   VALGRIND_MEMSNAP_COMPARE / VALGRIND_MEMSNAP_STATS it writes a line
   "@@ compare OLD NEW KEY LIMIT" or "@@ stats NAME KEY LIMIT" straight to
   fd 2, between the lines of the Valgrind log, so that the test can split
   the log there.

   Allocations (with keys_util.c for a second file):
     "empty"  taken first: nothing of the program's
     then     big = malloc(20480) at @BIG (20.0 KiB); three blocks of
              200 B through mid (@MID) and leaf (@LEAF); two of 50 B
              through util_alloc (keys_util.c @U1); five calloc(10, 30)
              at @CALLOC in make_rec
     "one"
     then     big freed; the first leaf block realloc'ed to 2000 B at
              @REALLOC; one util_alloc(70); two more mid(200);
              huge = malloc(1.5 MiB) at @HUGE
     "two"
     then     every leaf block and every calloc block freed
     "three"
     "dup" twice (the second one after one more util_alloc(10)): a
     name refers to the most recent snapshot with it.
   Then every key (lineno, filename, function, traceback, and the first
   three with ,cumulative) for the pairs one->two, empty->one, two->three
   and three->one, limit 0; one->two also with limits 1 and 3; the
   statistics of one, two and dup with every key, limit 0, and of two
   with limit 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

void* util_alloc(size_t n);

__attribute__((noinline)) static void* leaf(size_t n)
{
   return malloc(n);                                  /* @LEAF */
}

__attribute__((noinline)) static void* mid(size_t n)
{
   return leaf(n);                                    /* @MID */
}

__attribute__((noinline)) static void* make_rec(void)
{
   return calloc(10, 30);                             /* @CALLOC */
}

static void mark(const char* what, const char* a, const char* b,
                 const char* key, int limit)
{
   char line[200];
   int  n = b ? snprintf(line, sizeof line, "@@ %s %s %s %s %d\n", what, a, b, key, limit)
              : snprintf(line, sizeof line, "@@ %s %s %s %d\n", what, a, key, limit);
   if (write(2, line, (size_t)n) != n)
      exit(3);
}

static const char* const keys[] = {
   "lineno", "filename", "function", "traceback",
   "lineno,cumulative", "filename,cumulative", "function,cumulative",
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static void compare(const char* old, const char* new, const char* key, int limit)
{
   mark("compare", old, new, key, limit);
   VALGRIND_MEMSNAP_COMPARE(old, new, key, limit);
}

static void stats(const char* name, const char* key, int limit)
{
   mark("stats", name, NULL, key, limit);
   VALGRIND_MEMSNAP_STATS(name, key, limit);
}

int main(void)
{
   void* leaves[5];
   void* recs[5];

   VALGRIND_MEMSNAP_TAKE("empty");
   char* big = malloc(20480);                         /* @BIG */
   for (int i = 0; i < 3; i++)
      leaves[i] = mid(200);
   void* u1 = util_alloc(50);
   void* u2 = util_alloc(50);
   for (int i = 0; i < 5; i++)
      recs[i] = make_rec();
   VALGRIND_MEMSNAP_TAKE("one");
   free(big);
   leaves[0] = realloc(leaves[0], 2000);              /* @REALLOC */
   void* u3 = util_alloc(70);
   for (int i = 3; i < 5; i++)
      leaves[i] = mid(200);
   char* huge = malloc(1536 * 1024);                  /* @HUGE */
   VALGRIND_MEMSNAP_TAKE("two");
   for (int i = 0; i < 5; i++) {
      free(leaves[i]);
      free(recs[i]);
   }
   VALGRIND_MEMSNAP_TAKE("three");
   VALGRIND_MEMSNAP_TAKE("dup");
   void* u4 = util_alloc(10);
   VALGRIND_MEMSNAP_TAKE("dup");

   static const char* const pairs[][2] = {
      { "one", "two" }, { "empty", "one" }, { "two", "three" }, { "three", "one" },
   };
   for (unsigned p = 0; p < sizeof pairs / sizeof pairs[0]; p++)
      for (unsigned k = 0; k < N_KEYS; k++)
         compare(pairs[p][0], pairs[p][1], keys[k], 0);
   for (unsigned k = 0; k < N_KEYS; k++) {
      compare("one", "two", keys[k], 1);
      compare("one", "two", keys[k], 3);
   }
   static const char* const names[] = { "one", "two", "dup" };
   for (unsigned s = 0; s < sizeof names / sizeof names[0]; s++)
      for (unsigned k = 0; k < N_KEYS; k++)
         stats(names[s], keys[k], 0);
   stats("two", "lineno", 2);
   stats("two", "traceback", 2);

   huge[0] = 0;
   (void)u1; (void)u2; (void)u3; (void)u4;
   printf("done\n");
   return 0;
}

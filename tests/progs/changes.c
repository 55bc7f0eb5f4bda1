/* Snapshots that each differ from the one before in a few of 64 sites
   (delta.t).  60 steps, each freeing or allocating 5 blocks chosen by a
   fixed pseudo-random sequence, then taking a snapshot: every third one
   under a name of its own ("d0", "d3"...), the others under one of four
   names taken again and again ("r1", "r2", "r3", "r0"...), so that older
   snapshots are shadowed between the kept ones.  Then it compares pairs
   of kept snapshots and prints their statistics in-process, each request
   announced on stderr as "@@ compare OLD NEW KEY LIMIT" or "@@ stats NAME
   KEY LIMIT", for the test to compare with memsnap_print on the file.
   The 64 sites: one of 8 entry functions, then 0 to 7 recursive calls. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

static void* alloc_at(int depth, size_t size)
{
   if (depth == 0)
      return malloc(size);
   void* p = alloc_at(depth - 1, size);
   __asm__ volatile("" ::: "memory");                   /* no tail call */
   return p;
}

/* Eight entry functions, each on lines of its own: two stacks with the
   same lines would be one traceback key. */
static void* entry0(int depth, size_t size) { return alloc_at(depth, size); }
static void* entry1(int depth, size_t size) { return alloc_at(depth, size); }
static void* entry2(int depth, size_t size) { return alloc_at(depth, size); }
static void* entry3(int depth, size_t size) { return alloc_at(depth, size); }
static void* entry4(int depth, size_t size) { return alloc_at(depth, size); }
static void* entry5(int depth, size_t size) { return alloc_at(depth, size); }
static void* entry6(int depth, size_t size) { return alloc_at(depth, size); }
static void* entry7(int depth, size_t size) { return alloc_at(depth, size); }
static void* (*const entries[8])(int, size_t) = {
   entry0, entry1, entry2, entry3, entry4, entry5, entry6, entry7
};

static void* live[64][8];

static void compare(const char* old, const char* new, const char* key)
{
   fprintf(stderr, "@@ compare %s %s %s 0\n", old, new, key);
   VALGRIND_MEMSNAP_COMPARE(old, new, key, 0);
}

static void stats(const char* name, const char* key)
{
   fprintf(stderr, "@@ stats %s %s 0\n", name, key);
   VALGRIND_MEMSNAP_STATS(name, key, 0);
}

int main(void)
{
   unsigned seed = 12345;
   char name[16];
   for (int s = 0; s < 60; s++) {
      for (int k = 0; k < 5; k++) {
         seed = seed * 1103515245u + 12345u;
         int site = (seed >> 8) % 64, slot = (seed >> 16) % 8;
         if (live[site][slot]) {
            free(live[site][slot]);
            live[site][slot] = NULL;
         } else {
            live[site][slot] = entries[site / 8](site % 8, 16 + (size_t)site);
         }
      }
      snprintf(name, sizeof name, s % 3 == 0 ? "d%d" : "r%d", s % 3 == 0 ? s : s % 4);
      VALGRIND_MEMSNAP_TAKE(name);
   }
   compare("d0", "d57", "traceback");
   compare("d3", "r1", "traceback");
   compare("r2", "d30", "traceback");
   compare("r3", "r0", "lineno");
   compare("d54", "d57", "traceback");
   stats("d27", "traceback");
   stats("r1", "traceback");
   stats("d0", "traceback");
   return 0;
}

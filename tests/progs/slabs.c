/* slabs.c: memsnap's small-block allocator (memsnap/msn_slabs.c), which
   serves blocks of up to 1 KiB aligned to up to 1 KiB from slabs of one
   size class, and everything else from Valgrind's arena.

   `slabs` (no argument): 300,000 random operations over 20,000 slots, from
   a fixed-seed generator.  Sizes cross every class boundary and the
   1 KiB limit, and reach 8 KiB; alignments run from 16 bytes to 8 KiB.  Every live block is filled
   with a byte of its own, and checked whole before it is freed or resized:
   two blocks sharing memory, or a realloc losing data, shows.  Every
   block's alignment, malloc_usable_size and calloc's zeroing are checked,
   and every 1,000 operations VALGRIND_MEMSNAP_GET_TRACED must equal the
   program's own count.  Then, under Valgrind only (natively they would
   corrupt the heap), frees and reallocs of addresses that are not blocks
   but look like them: an interior pointer, the address one past the last
   slot of a 48-byte slab (slot-aligned, but not a slot), a double free.
   Prints "mismatch ..." on any error, then "checks N, mismatches M" and
   "bad: ..." lines.

   `slabs reuse`: four phases each allocate about 12 MB of blocks of one
   size (32, 208, 1024 and 48 bytes) and free them all.  A slab that
   empties must serve the next class: memsnap's --stats=yes then shows at
   most 27 MiB of client memory taken for slabs, where 48 MB would be
   needed without reuse.

   `slabs purge`: 32 MB of 64-byte blocks, written, then all freed, then
   32 MB of 4 KiB blocks (too big for slabs), written.  Prints the
   process's resident memory (VmRSS, which under Valgrind is Valgrind's
   and the program's) after each phase: the emptied slabs' pages must go
   back to the kernel, so the big blocks do not come on top of them.

   `slabs cycles`: 4 MB of 64-byte blocks stay live while 3 MB more of
   them are allocated, written and freed, 10 times, as a garbage
   collector's cycles do; the first 4 MB are still live at exit.  Empty slabs, no more of them than slabs in use,
   stay resident for the next cycle: --stats=yes then shows none given
   back, where giving back all but 16 would give back over 2,000.

   `slabs few N`: N blocks of 64 bytes, written, live at once, then
   freed.  memsnap starts its slabs when it first holds 4,096 live blocks
   (memsnap/msn_heap.c): with N = 3,500 it never does, with 5,000 it does;
   --stats=yes tells. */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memsnap.h>
#include <valgrind/valgrind.h>

#define RANDOM_SEED 2463534242ULL
#include "selfcheck.h"

/* The bad frees below are deliberate. */
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#pragma GCC diagnostic ignored "-Wuse-after-free"

#define N_SLOTS 20000
#define N_OPS   300000
#define MAX_SZB 8300
#define SLAB_SZB 16384   /* as in memsnap/msn_slabs.c */

typedef struct {
   unsigned char* p;
   size_t         szB;
   unsigned char  fill;
} Block;

static Block slot[N_SLOTS];
static unsigned char pattern[256][MAX_SZB];

/* Sizes around class boundaries (msn_slabs.c: 16 to 256 by 16, then 320,
   384, 448, 512, 640, 768, 896, 1024) and well past the 1 KiB limit. */
static size_t random_size(void)
{
   static const size_t edges[] = { 0, 1, 15, 16, 17, 48, 49, 255, 256, 257,
                                   320, 321, 447, 448, 449, 512, 513, 896,
                                   897, 1023, 1024, 1025, 1280, 4095,
                                   4096, 4097, 8192 };
   unsigned long long r = next_random();
   switch (r % 10) {
   case 0:  return edges[(r >> 8) % (sizeof edges / sizeof edges[0])];
   case 1:  return (size_t)((r >> 8) % 8300);
   case 2:
   case 3:  return (size_t)((r >> 8) % 1100);
   default: return (size_t)((r >> 8) % 300);
   }
}

static void mismatch(int op, const char* what, size_t szB)
{
   mismatches++;
   printf("mismatch at op %d: %s (%zu bytes)\n", op, what, szB);
}

static void fill(Block* b)
{
   b->fill = (unsigned char)next_random();
   memset(b->p, b->fill, b->szB);
}

/* The first n bytes of b still hold its fill. */
static void verify(int op, const Block* b, size_t n)
{
   if (memcmp(b->p, pattern[b->fill], n) != 0)
      mismatch(op, "block contents changed", n);
}

/* A new block of *szB bytes (aligned_alloc may round *szB up). */
static void* allocate(int op, size_t* szB_io)
{
   size_t szB = *szB_io;
   unsigned long long r = next_random();
   size_t align = (size_t)16 << (r >> 8) % 10;   /* 16 B to 8 KiB */
   void* p = NULL;
   switch (r % 5) {
   case 0:  p = malloc(szB); align = 16; break;
   case 1:  p = calloc(1, szB); align = 16;
            if (p && szB && memcmp(p, pattern[0], szB) != 0)
               mismatch(op, "calloc'ed block not zero", szB);
            break;
   case 2:  if (posix_memalign(&p, align, szB))
               p = NULL;
            break;
   case 3:  if ((szB + align - 1) / align * align < MAX_SZB) {
               szB = (szB + align - 1) / align * align;
               p = aligned_alloc(align, szB);
            } else if (posix_memalign(&p, align, szB)) {
               p = NULL;
            }
            break;
   default: p = realloc(NULL, szB); align = 16; break;
   }
   if (p && (uintptr_t)p % align != 0)
      mismatch(op, "misaligned block", szB);
   *szB_io = szB;
   return p;
}

static void one_operation(int op)
{
   Block* b   = &slot[next_random() % N_SLOTS];
   size_t szB = random_size();
   if (b->p && next_random() % 3 == 0) {                        /* resize */
      verify(op, b, b->szB);
      unsigned char* p = realloc(b->p, szB ? szB : 1);
      if (!p)
         return;
      Block moved = { p, szB ? szB : 1, b->fill };
      verify(op, &moved, moved.szB < b->szB ? moved.szB : b->szB);
      live_szB += moved.szB;
      live_szB -= b->szB;
      *b = moved;
      fill(b);
   } else if (b->p) {                                               /* free */
      verify(op, b, b->szB);
      free(b->p);
      live_szB -= b->szB;
      b->p = NULL;
   } else if ((b->p = allocate(op, &szB)) != NULL) {            /* allocate */
      b->szB = szB;
      if (malloc_usable_size(b->p) < szB)
         mismatch(op, "usable size below the request", szB);
      fill(b);
      live_szB += szB;
   }
}

/* Addresses that look like small blocks and are not: memsnap must ignore
   them and lose nothing. */
static void bad_addresses(void)
{
   unsigned long long before = 0, after = 0, peak;
   unsigned char* p = malloc(48);
   VALGRIND_MEMSNAP_GET_TRACED(&before, &peak);
   uintptr_t slab = (uintptr_t)p & ~(uintptr_t)(SLAB_SZB - 1);
   free(p + 16);                                    /* interior pointer */
   free((void*)(slab + SLAB_SZB / 48 * 48));        /* past the last slot */
   void* r = realloc(p + 16, 10);
   size_t usable = malloc_usable_size(p + 16);
   VALGRIND_MEMSNAP_GET_TRACED(&after, &peak);
   printf("bad: realloc %s, usable %zu, traced %s\n", r ? "moved" : "NULL",
          usable, after == before ? "unchanged" : "CHANGED");
   memset(p, 7, 48);
   free(p);
   free(p);                                         /* double free */
   VALGRIND_MEMSNAP_GET_TRACED(&after, &peak);
   printf("bad: after free and double free, traced %lld\n",
          (long long)(after - before));
}

static void stress(void)
{
   for (int i = 0; i < 256; i++)
      memset(pattern[i], i, MAX_SZB);
   run_checked("slabs", N_OPS, one_operation);
   for (int i = 0; i < N_SLOTS; i++) {
      if (slot[i].p) {
         verify(N_OPS, &slot[i], slot[i].szB);
         free(slot[i].p);
         live_szB -= slot[i].szB;
      }
   }
   check_traced(N_OPS);
   printf("checks %d, mismatches %d\n", checks, mismatches);
   if (RUNNING_ON_VALGRIND)
      bad_addresses();
}

/* Four phases of about 12 MB of one size each, allocated then freed. */
static void reuse(void)
{
   static void* block[400000];
   static const size_t sizes[] = { 32, 208, 1024, 48 };
   for (int phase = 0; phase < 4; phase++) {
      int n = (int)(12000000 / sizes[phase]);
      for (int i = 0; i < n; i++)
         block[i] = malloc(sizes[phase]);
      for (int i = 0; i < n; i++)
         free(block[i]);
   }
   printf("reuse: 4 phases of 12 MB\n");
}

/* The process's resident memory in MB, from /proc/self/status. */
static long resident_MB(void)
{
   char  line[256];
   long  kB = -1;
   FILE* f  = fopen("/proc/self/status", "r");
   while (f && fgets(line, sizeof line, f))
      if (sscanf(line, "VmRSS: %ld kB", &kB) == 1)
         break;
   if (f)
      fclose(f);
   return kB < 0 ? -1 : kB / 1024;
}

/* block[0..n) := n blocks of szB bytes, each written whole. */
static void allocate_written(char** block, int n, size_t szB)
{
   for (int i = 0; i < n; i++) {
      block[i] = malloc(szB);
      memset(block[i], 1, szB);
   }
}

static void free_all(char** block, int n)
{
   for (int i = 0; i < n; i++)
      free(block[i]);
}

/* Small blocks freed, then big ones: see the top of the file. */
static void purge(void)
{
   enum { TOTAL = 32 << 20, SMALL = 64, BIG = 4096 };
   static char* block[TOTAL / SMALL];
   long before = resident_MB();
   allocate_written(block, TOTAL / SMALL, SMALL);
   long small = resident_MB();
   free_all(block, TOTAL / SMALL);
   long freed = resident_MB();
   allocate_written(block, TOTAL / BIG, BIG);
   long big = resident_MB();
   free_all(block, TOTAL / BIG);
   printf("purge: resident MB: before %ld, small %ld, freed %ld, big %ld\n",
          before, small, freed, big);
}

/* Allocation cycles beside long-lived blocks: see the top of the file. */
static void cycles(void)
{
   enum { SMALL = 64, LASTING = (4 << 20) / SMALL, PASSING = (3 << 20) / SMALL,
          CYCLES = 10 };
   static char* lasting[LASTING];
   static char* passing[PASSING];
   allocate_written(lasting, LASTING, SMALL);
   for (int c = 0; c < CYCLES; c++) {
      allocate_written(passing, PASSING, SMALL);
      free_all(passing, PASSING);
   }
   printf("cycles: %d\n", CYCLES);
}

/* N blocks of 64 bytes live at once, then freed: see the top of the file. */
static void few(int n)
{
   char** block = malloc(n * sizeof *block);
   allocate_written(block, n, 64);
   free_all(block, n);
   free(block);
   printf("few: %d blocks\n", n);
}

int main(int argc, char** argv)
{
   if (argc > 1 && strcmp(argv[1], "reuse") == 0)
      reuse();
   else if (argc > 1 && strcmp(argv[1], "purge") == 0)
      purge();
   else if (argc > 1 && strcmp(argv[1], "cycles") == 0)
      cycles();
   else if (argc > 2 && strcmp(argv[1], "few") == 0)
      few(atoi(argv[2]));
   else
      stress();
   return 0;
}

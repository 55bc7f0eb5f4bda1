/* custom.c: a pool allocator announcing its chunks with the core's client
   requests VALGRIND_MALLOCLIKE_BLOCK, FREELIKE_BLOCK and
   RESIZEINPLACE_BLOCK.  stdout uses a static buffer: no other allocation.

   @POOL   the pool: one malloc'ed block of 65,536 B
   @CHUNK  pool_alloc announces each chunk (16-byte aligned offsets):
             @U1 a = 100 B (at the pool's own address: both are blocks)
             @U2 b = 200 B
             @U3 c = 300 B, then resized in place to 250 B
           b is given back with FREELIKE.  Bad requests, all ignored:
           FREELIKE of an address inside c, RESIZEINPLACE of an unknown
           address, MALLOCLIKE of a's address again.
   snapshot "chunks":  POOL 65,536 B; CHUNK 350 B in 2 blocks (a, c)
                       (--alloc-fn=pool_alloc: U1 100 B, U3 250 B)
   COMPARE start -> chunks, lineno:
     CHUNK: size=350 B (+350 B), count=2 (+2), average=175 B
     POOL: size=64.0 KiB (+0 B), count=1 (+0), average=64.0 KiB
   PRINT_TRACEBACK(c + 10) finds c: 250.
   Then a and c are given back and the pool freed.
   @POOL2  a second pool of 4,096 B, whose first chunk @CHUNK2 of 64 B is
           at its own address; the pool is freed, then the chunk given
           back.
   Total: 65,536 + 100 + 200 + 300 + 250 + 4,096 + 64 = 70,546 B in 7
   blocks (a resize counts as a block, as a realloc does); At peak 66,136
   B in 4 blocks (pool, a, b, c); At exit 0.
   Allocations (a block is temporary when freed before any other
   allocation was made): POOL 65,536 B in 1, none temporary; CHUNK 850 B
   in 4, 550 B in 2 temporary (c's 300 B, ended by its resize, and its
   250 B, given back last); POOL2 4,096 B in 1, not temporary (CHUNK2 came
   after it, at the same address); CHUNK2 64 B in 1, temporary. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/valgrind.h>
#include <valgrind/memsnap.h>

static char   outbuf[4096];
static char*  pool;
static size_t used;

static void* pool_alloc(size_t n)
{
   void* p = pool + used;
   used += (n + 15) & ~(size_t)15;
   VALGRIND_MALLOCLIKE_BLOCK(p, n, 0, 0);                      /* @CHUNK */
   return p;
}

static void pool_free(void* p)
{
   VALGRIND_FREELIKE_BLOCK(p, 0);
}

int main(void)
{
   setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
   pool = malloc(65536);                                       /* @POOL */
   VALGRIND_MEMSNAP_TAKE("start");
   char* a = pool_alloc(100);                                  /* @U1 */
   char* b = pool_alloc(200);                                  /* @U2 */
   char* c = pool_alloc(300);                                  /* @U3 */
   VALGRIND_RESIZEINPLACE_BLOCK(c, 300, 250, 0);
   pool_free(b);
   VALGRIND_FREELIKE_BLOCK(c + 8, 0);
   VALGRIND_RESIZEINPLACE_BLOCK(pool + 60000, 10, 20, 0);
   VALGRIND_MALLOCLIKE_BLOCK(a, 999, 0, 0);
   VALGRIND_MEMSNAP_TAKE("chunks");
   VALGRIND_MEMSNAP_COMPARE("start", "chunks", "lineno", 0);
   printf("traceback of c+10: %lu\n", VALGRIND_MEMSNAP_PRINT_TRACEBACK(c + 10));
   printf("a is the pool: %d\n", a == pool);
   pool_free(a);
   pool_free(c);
   free(pool);
   char* pool2 = malloc(4096);                                 /* @POOL2 */
   VALGRIND_MALLOCLIKE_BLOCK(pool2, 64, 0, 0);                 /* @CHUNK2 */
   free(pool2);
   VALGRIND_FREELIKE_BLOCK(pool2, 0);
   return 0;
}

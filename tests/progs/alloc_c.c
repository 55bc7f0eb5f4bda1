/* Every C allocation entry point of Valgrind 3.19's malloc replacement,
   plus zero-size requests, failing requests, absurd alignments and frees
   of pointers memsnap does not track.

   stdout carries only what the program itself observes (results, errno,
   alignment, contents), so it must be identical natively and under
   memsnap.  The memsnap numbers go to stderr as "step NAME bytes=B
   blocks=N": the difference between snapshot "start" and "now" after each
   step (natively the DIFF request does nothing and both print as 0).

   The steps and the live traced bytes/blocks after each (relative to
   "start"):
     malloc      a = malloc(100)                  @malloc      100/1
     calloc      b = calloc(10, 20)               @calloc      300/2
     realloc     a = realloc(a, 300)              @realloc     500/2
                 (a now belongs to @realloc; @malloc has nothing left)
     realloc0    c = realloc(NULL, 50)            @reallocnull 550/3
     reallocfree c = realloc(c, 0) frees c, NULL               500/2
     memalign    d = memalign(64, 100)            @memalign    600/3
     memalign48  e = memalign(48, 100) (-> 64)    @memalign48  700/4
     posix       posix_memalign(&f, 128, 100)     @posix       800/5
     posixbad    posix_memalign(&g, 3, 8): EINVAL              800/5
     aligned     h = aligned_alloc(256, 512)      @aligned    1312/6
     valloc      v = valloc(1000)                 @valloc     2312/7
     usable      malloc_usable_size(a) >= 300                 2312/7
     zero        z = malloc(0), non-NULL          @zero       2312/8
     zerocalloc  y = calloc(0, 5), non-NULL       @zerocalloc 2312/9
     fail        malloc((size_t)-1/2): NULL, ENOMEM           2312/9
     failcalloc  calloc((size_t)-1/2, 4): NULL                2312/9
     failrealloc realloc(a, (size_t)-1/2): NULL, ENOMEM,
                 a unchanged                                  2312/9
     freenull    free(NULL)                                   2312/9
   Snapshot "all" is taken here: per line as listed above (0 B blocks for
   @zero and @zerocalloc, nothing for @malloc and @reallocnull).
     freed       everything freed                                0/0
   Peak: the highest point is 2312 bytes above the baseline at "start"
   (realloc never counts the old and the new copy together).

   Under Valgrind only (natively these would crash or succeed), stderr:
     memalign(1<<30, 8), memalign(1<<25, 16), aligned_alloc(1<<30, 8)
     return NULL and posix_memalign(&p, 1<<30, 8) returns ENOMEM (12),
     without a Valgrind panic; free(&stack var), free(interior pointer)
     and a double free are ignored: after them "bad" is 64/1 then 0/0. */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

/* The bad frees and huge requests below are deliberate. */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#pragma GCC diagnostic ignored "-Wuse-after-free"
#pragma GCC diagnostic ignored "-Walloc-size-larger-than="

static char outbuf[4096];   /* stdout buffer: keeps libc from malloc'ing one */

static void step(const char* name)
{
   long long bytes = 0, blocks = 0;
   VALGRIND_MEMSNAP_DIFF("start", "now", &bytes, &blocks);
   fprintf(stderr, "step %s bytes=%lld blocks=%lld\n", name, bytes, blocks);
}

static int aligned(void* p, uintptr_t a) { return ((uintptr_t)p % a) == 0; }

static void valgrind_only(void)
{
   unsigned long long cur = 0, peak = 0;
   void* p = (void*)&cur;
   int   rc;

   VALGRIND_MEMSNAP_TAKE("start");
   fprintf(stderr, "memalign(1<<30,8) = %s\n",
           memalign((size_t)1 << 30, 8) ? "non-NULL" : "NULL");
   fprintf(stderr, "memalign(1<<25,16) = %s\n",
           memalign((size_t)1 << 25, 16) ? "non-NULL" : "NULL");
   fprintf(stderr, "aligned_alloc(1<<30,8) = %s\n",
           aligned_alloc((size_t)1 << 30, 8) ? "non-NULL" : "NULL");
   rc = posix_memalign(&p, (size_t)1 << 30, 8);
   fprintf(stderr, "posix_memalign(1<<30,8) = %d\n", rc);
   step("absurd");

   char* q = malloc(64);                                  /* @bad */
   step("bad");
   free(&cur);          /* a stack address */
   free(q + 8);         /* an interior pointer */
   step("bad");
   free(q);
   free(q);             /* a double free */
   step("bad");
   char* r = malloc(32);                                  /* @after */
   memset(r, 'x', 32);
   free(r);
   VALGRIND_MEMSNAP_GET_TRACED(&cur, &peak);
   fprintf(stderr, "survived\n");
}

int main(void)
{
   unsigned long long cur0 = 0, peak0 = 0, cur = 0, peak = 0;
   void *f = NULL, *g = (void*)&g;
   int   rc;

   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   VALGRIND_MEMSNAP_RESET_PEAK();
   VALGRIND_MEMSNAP_GET_TRACED(&cur0, &peak0);
   VALGRIND_MEMSNAP_TAKE("start");

   char* a = malloc(100);                                 /* @malloc */
   memset(a, 'a', 100);
   printf("malloc(100): %s\n", a ? "ok" : "NULL");
   step("malloc");

   unsigned char* b = calloc(10, 20);                     /* @calloc */
   int zeroed = 1;
   for (int i = 0; i < 200; i++)
      zeroed &= b[i] == 0;
   printf("calloc(10,20): zeroed=%d\n", zeroed);
   step("calloc");

   a = realloc(a, 300);                                   /* @realloc */
   int kept = 1;
   for (int i = 0; i < 100; i++)
      kept &= a[i] == 'a';
   memset(a, 'b', 300);
   printf("realloc(a,300): contents kept=%d\n", kept);
   step("realloc");

   char* c = realloc(NULL, 50);                           /* @reallocnull */
   printf("realloc(NULL,50): %s\n", c ? "ok" : "NULL");
   step("realloc0");
   c = realloc(c, 0);
   printf("realloc(c,0): %s\n", c ? "non-NULL" : "NULL");
   step("reallocfree");

   void* d = memalign(64, 100);                           /* @memalign */
   printf("memalign(64,100): aligned=%d\n", aligned(d, 64));
   step("memalign");

   void* e = memalign(48, 100);                           /* @memalign48 */
   printf("memalign(48,100): aligned64=%d\n", aligned(e, 64));
   step("memalign48");

   rc = posix_memalign(&f, 128, 100);                     /* @posix */
   printf("posix_memalign(128,100): rc=%d aligned=%d\n", rc, aligned(f, 128));
   step("posix");

   rc = posix_memalign(&g, 3, 8);
   printf("posix_memalign(3,8): rc=%d%s untouched=%d\n", rc,
          rc == EINVAL ? " (EINVAL)" : "", g == (void*)&g);
   step("posixbad");

   void* h = aligned_alloc(256, 512);                     /* @aligned */
   printf("aligned_alloc(256,512): aligned=%d\n", aligned(h, 256));
   step("aligned");

   void* v = valloc(1000);                                /* @valloc */
   printf("valloc(1000): page aligned=%d\n",
          aligned(v, (uintptr_t)sysconf(_SC_PAGESIZE)));
   step("valloc");

   printf("malloc_usable_size(a) >= 300: %d\n", malloc_usable_size(a) >= 300);
   printf("malloc_usable_size(NULL) = %zu\n", malloc_usable_size(NULL));
   step("usable");

   void* z = malloc(0);                                   /* @zero */
   printf("malloc(0): %s\n", z ? "non-NULL" : "NULL");
   step("zero");

   void* y = calloc(0, 5);                                /* @zerocalloc */
   printf("calloc(0,5): %s\n", y ? "non-NULL" : "NULL");
   step("zerocalloc");

   errno  = 0;
   void* x = malloc((size_t)-1 / 2);
   printf("malloc(huge): %s errno=%s\n", x ? "non-NULL" : "NULL",
          errno == ENOMEM ? "ENOMEM" : "other");
   step("fail");

   x = calloc((size_t)-1 / 2, 4);
   printf("calloc(huge,4): %s\n", x ? "non-NULL" : "NULL");
   step("failcalloc");

   errno = 0;
   x     = realloc(a, (size_t)-1 / 2);
   printf("realloc(a,huge): %s errno=%s a intact=%d\n",
          x ? "non-NULL" : "NULL", errno == ENOMEM ? "ENOMEM" : "other",
          a[0] == 'b' && a[299] == 'b');
   step("failrealloc");

   free(NULL);
   step("freenull");
   VALGRIND_MEMSNAP_TAKE("all");

   free(a);
   free(b);
   free(d);
   free(e);
   free(f);
   free(h);
   free(v);
   free(z);
   free(y);
   step("freed");
   VALGRIND_MEMSNAP_GET_TRACED(&cur, &peak);
   fprintf(stderr, "peak above baseline: %llu\n", peak - cur0);

   if (RUNNING_ON_VALGRIND)
      valgrind_only();
   printf("done\n");
   return 0;
}

// The edges of the malloc interface whose handling changed between
// Valgrind releases: realloc with a size of zero, the alignment checks of
// aligned_alloc, posix_memalign and memalign, sizes with the top bit set,
// C23's free_sized and free_aligned_sized, and C++'s sized and aligned
// delete.  One line per call on stdout: what the program got back (NULL or
// a block, its alignment, the return value and errno), never an address,
// so that runs under memsnap, memcheck and massif of one Valgrind can be
// compared line by line (tests/tool/mallocapi.t).
//
// glibc 2.36 has no free_sized or free_aligned_sized: the program has its
// own, which free with free().  Run with --soname-synonyms=somalloc=NONE,
// Valgrind replaces them as it would the C library's, on Linux free_sized
// from 3.23 and free_aligned_sized from 3.26; the "free_sized:" and
// "free_aligned_sized:" lines say whose ran.
//
// Every block is freed: At exit is 0 bytes in 0 blocks.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <new>

static int own_free_sized_ran;
static int own_free_aligned_sized_ran;

extern "C" __attribute__((noinline)) void free_sized(void* p, size_t size)
{
   own_free_sized_ran = 1;
   (void)size;
   free(p);
}

extern "C" __attribute__((noinline)) void free_aligned_sized(void* p, size_t alignment,
                                                             size_t size)
{
   own_free_aligned_sized_ran = 1;
   (void)alignment;
   (void)size;
   free(p);
}

// What a call gave: NULL or a block (and whether it has the alignment),
// and errno, which each call starts at 0.
static void report(const char* call, void* p, size_t align, int ret, bool has_ret)
{
   int e = errno;
   printf("%s: %s", call, p ? "block" : "NULL");
   if (p && align && (align & (align - 1)) == 0)
      printf(", %s", (uintptr_t)p % align == 0 ? "aligned" : "MISALIGNED");
   if (has_ret)
      printf(", returns %s", ret == 0 ? "0" : ret == EINVAL ? "EINVAL" : ret == ENOMEM ? "ENOMEM" : "?");
   printf(", errno %s\n", e == 0 ? "0" : e == EINVAL ? "EINVAL" : e == ENOMEM ? "ENOMEM" : strerror(e));
}

// A size with the top bit set: Valgrind's tools take it for negative.  Not
// const, so that the compiler does not warn about the calls made with it.
static size_t huge = (size_t)1 << (sizeof(size_t) * 8 - 1);

static void realloc_calls(void)
{
   errno = 0;
   void* p = realloc(NULL, 0);
   report("realloc(NULL, 0)", p, 0, 0, false);
   free(p);

   p = malloc(100);
   errno = 0;
   void* q = realloc(p, 0);
   report("realloc(p, 0)", q, 0, 0, false);
   free(q);   // NULL when realloc freed p, else the new block

   p = malloc(100);
   errno = 0;
   q = realloc(p, huge);
   report("realloc(p, huge)", q, 0, 0, false);
   free(q ? q : p);
}

static void aligned_calls(void)
{
   static const size_t aligns[] = { 0, 3, 4, 8, 24, 64, 4096, 1 << 20 };
   static const size_t sizes[] = { 0, 100 };
   char call[80];
   for (size_t a : aligns) {
      for (size_t n : sizes) {
         snprintf(call, sizeof call, "aligned_alloc(%zu, %zu)", a, n);
         errno = 0;
         void* p = aligned_alloc(a, n);
         report(call, p, a, 0, false);
         free(p);

         snprintf(call, sizeof call, "posix_memalign(%zu, %zu)", a, n);
         errno = 0;
         p = NULL;
         int r = posix_memalign(&p, a, n);
         report(call, p, a, r, true);
         free(p);

         snprintf(call, sizeof call, "memalign(%zu, %zu)", a, n);
         errno = 0;
         p = memalign(a, n);
         report(call, p, a, 0, false);
         free(p);
      }
   }
   errno = 0;
   void* p = aligned_alloc(64, huge);
   report("aligned_alloc(64, huge)", p, 64, 0, false);
   free(p);
   errno = 0;
   p = NULL;
   int r = posix_memalign(&p, 64, huge);
   report("posix_memalign(64, huge)", p, 64, r, true);
   free(p);
   errno = 0;
   p = malloc(huge);
   report("malloc(huge)", p, 0, 0, false);
   free(p);
   errno = 0;
   p = calloc(huge, 2);
   report("calloc(huge, 2)", p, 0, 0, false);
   free(p);
}

static void sized_frees(void)
{
   void* p = malloc(48);
   free_sized(p, 48);
   p = aligned_alloc(64, 128);
   free_aligned_sized(p, 64, 128);
   printf("free_sized: %s\n", own_free_sized_ran ? "the program's" : "Valgrind's");
   printf("free_aligned_sized: %s\n",
          own_free_aligned_sized_ran ? "the program's" : "Valgrind's");
}

struct alignas(64) Line { char bytes[64]; };

static void cxx_calls(void)
{
   void* p = ::operator new(40);
   ::operator delete(p, 40);
   p = ::operator new[](40);
   ::operator delete[](p, 40);

   p = ::operator new(100, std::align_val_t(64));
   report("operator new(100, align 64)", p, 64, 0, false);
   ::operator delete(p, std::align_val_t(64));
   p = ::operator new(100, std::align_val_t(128));
   ::operator delete(p, 100, std::align_val_t(128));
   p = ::operator new[](100, std::align_val_t(256));
   report("operator new[](100, align 256)", p, 256, 0, false);
   ::operator delete[](p, std::align_val_t(256));
   p = ::operator new[](100, std::align_val_t(512));
   ::operator delete[](p, 100, std::align_val_t(512));

   Line* l = new Line;
   report("new Line (alignas 64)", l, 64, 0, false);
   delete l;
   Line* ls = new Line[3];
   delete[] ls;

   errno = 0;
   p = ::operator new(huge, std::nothrow);
   report("operator new(huge, nothrow)", p, 0, 0, false);
   errno = 0;
   p = ::operator new(huge, std::align_val_t(64), std::nothrow);
   report("operator new(huge, align 64, nothrow)", p, 64, 0, false);
}

int main(void)
{
   realloc_calls();
   aligned_calls();
   sized_frees();
   cxx_calls();
   return 0;
}

/* Every C++ allocation and deallocation form that Valgrind 3.19 replaces.

   stdout: what the program observes (identical natively and under
   memsnap).  stderr: "step NAME bytes=B blocks=N", the traced difference
   between snapshot "start" and "now" (0 natively).

   S24 is a trivially destructible 24-byte struct and A64 a 64-byte one
   aligned to 64, so new[] adds no array cookie.  Live traced bytes/blocks
   after each step (relative to "start"), with the attributed line:
     new        s  = new S24                          @new         24/1
     newarr     sa = new S24[10]                      @newarr     264/2
     nothrow    sn = new (std::nothrow) S24           @nothrow    288/3
     nothrowarr sna = new (std::nothrow) S24[5]       @nothrowarr 408/4
     aligned    al = new A64                          @alignednew 472/5
     alignedarr ala = new A64[3]                      @alignedarr 664/6
     alignednt  aln = new (std::nothrow) A64          @alignednt  728/7
     opnew      raw = ::operator new(100)             @opnew      828/8
     zero       zc = new char[0], non-NULL            @zeroarr    828/9
     failnt     new (std::nothrow) char[huge]: nullptr            828/9
   Snapshot "all" is taken here.  Then each is released with its matching
   form: delete (sized), delete[], ::operator delete(p, std::nothrow),
   delete[] of the nothrow array, aligned delete and delete[], the
   nothrow aligned delete, unsized ::operator delete(raw), delete[] of the
   zero-length array:
     deleted    everything released                                 0/0 */
#include <cstdio>
#include <cstdlib>
#include <new>
#include <valgrind/memsnap.h>

#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Walloc-size-larger-than="

struct S24 {
   char c[24];
};
struct alignas(64) A64 {
   char c[64];
};

static char outbuf[4096];

static void step(const char* name)
{
   long long bytes = 0, blocks = 0;
   VALGRIND_MEMSNAP_DIFF("start", "now", &bytes, &blocks);
   std::fprintf(stderr, "step %s bytes=%lld blocks=%lld\n", name, bytes, blocks);
}

static int aligned64(const void* p) { return (reinterpret_cast<unsigned long>(p) % 64) == 0; }

int main()
{
   std::setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   VALGRIND_MEMSNAP_TAKE("start");

   S24* s = new S24;                                       /* @new */
   std::printf("new S24: ok\n");
   step("new");
   S24* sa = new S24[10];                                  /* @newarr */
   std::printf("new S24[10]: ok\n");
   step("newarr");
   S24* sn = new (std::nothrow) S24;                       /* @nothrow */
   std::printf("new (nothrow) S24: %s\n", sn ? "ok" : "null");
   step("nothrow");
   S24* sna = new (std::nothrow) S24[5];                   /* @nothrowarr */
   std::printf("new (nothrow) S24[5]: %s\n", sna ? "ok" : "null");
   step("nothrowarr");
   A64* al = new A64;                                      /* @alignednew */
   std::printf("new A64: aligned=%d\n", aligned64(al));
   step("aligned");
   A64* ala = new A64[3];                                  /* @alignedarr */
   std::printf("new A64[3]: aligned=%d\n", aligned64(ala));
   step("alignedarr");
   A64* aln = new (std::nothrow) A64;                      /* @alignednt */
   std::printf("new (nothrow) A64: aligned=%d\n", aln ? aligned64(aln) : -1);
   step("alignednt");
   void* raw = ::operator new(100);                        /* @opnew */
   std::printf("operator new(100): ok\n");
   step("opnew");
   char* zc = new char[0];                                 /* @zeroarr */
   std::printf("new char[0]: %s\n", zc ? "non-null" : "null");
   step("zero");
   volatile std::size_t huge = ~(std::size_t)0 / 2;
   char* big = new (std::nothrow) char[huge];
   std::printf("new (nothrow) char[huge]: %s\n", big ? "non-null" : "null");
   step("failnt");
   VALGRIND_MEMSNAP_TAKE("all");

   delete s;                                 // sized delete (C++14)
   delete[] sa;
   ::operator delete(sn, std::nothrow);      // the nothrow delete
   delete[] sna;
   delete al;                                // sized aligned delete
   delete[] ala;                             // aligned delete[]
   ::operator delete(aln, std::align_val_t(64), std::nothrow);
   ::operator delete(raw);                   // unsized delete
   delete[] zc;
   step("deleted");
   std::printf("done\n");
   return 0;
}

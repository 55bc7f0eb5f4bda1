/* Unit test of memsnap/msn_copy.c, realloc's copy and calloc's zeroing,
   compiled natively (see tests/unit/shim).  Prints TAP; run by
   tests/unit/copy.t.

   For every length from 0 to MAX_LEN and every offset of source and
   destination from 0 to 15 bytes past a 64-byte boundary (so that every
   path is taken: four chunks per step, single chunks, the tail under 16
   bytes, at every misalignment), the destination must hold the source's
   bytes, or zeros, and the guard bytes around it must be untouched. */

#include <stdio.h>
#include <string.h>

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "msn_copy.h"

#define MAX_LEN   300
#define MAX_OFF   16
#define GUARD     64
#define BUF_SZB   (GUARD + MAX_OFF + MAX_LEN + GUARD)
#define GUARD_BYTE 0xA5

void* VG_(memcpy)(void* dst, const void* src, SizeT n)
{
   return memcpy(dst, src, n);
}

void* VG_(memset)(void* dst, Int c, SizeT n)
{
   return memset(dst, c, n);
}

static unsigned char src_buf[BUF_SZB] __attribute__((aligned(64)));
static unsigned char dst_buf[BUF_SZB] __attribute__((aligned(64)));

/* dst_buf is all guard bytes but [off, off + len), which holds want. */
static int only_range_is(const unsigned char* want, size_t off, size_t len)
{
   for (size_t i = 0; i < BUF_SZB; i++) {
      size_t in = i - GUARD - off;
      int    ok = i >= GUARD + off && in < len ? dst_buf[i] == want[in]
                                               : dst_buf[i] == GUARD_BYTE;
      if (!ok)
         return 0;
   }
   return 1;
}

/* The first failing case of MSN_(copy), or of MSN_(zero) if zero, over
   all lengths and offsets, as one number; -1 if none fails. */
static long first_failure(int zero)
{
   static const unsigned char zeros[MAX_LEN];
   for (size_t len = 0; len <= MAX_LEN; len++)
      for (size_t s_off = 0; s_off < MAX_OFF; s_off++)
         for (size_t d_off = 0; d_off < MAX_OFF; d_off++) {
            memset(dst_buf, GUARD_BYTE, BUF_SZB);
            const unsigned char* src = src_buf + GUARD + s_off;
            unsigned char*       dst = dst_buf + GUARD + d_off;
            if (zero)
               MSN_(zero)(dst, len);
            else
               MSN_(copy)(dst, src, len);
            if (!only_range_is(zero ? zeros : src, d_off, len))
               return (long)((len * MAX_OFF + s_off) * MAX_OFF + d_off);
         }
   return -1;
}

static int report(int n, long failure, const char* what)
{
   if (failure < 0) {
      printf("ok %d - %s\n", n, what);
      return 0;
   }
   printf("not ok %d - %s\n# first failure: length %ld, source offset %ld,"
          " destination offset %ld\n", n, what, failure / (MAX_OFF * MAX_OFF),
          failure / MAX_OFF % MAX_OFF, failure % MAX_OFF);
   return 1;
}

int main(void)
{
   for (size_t i = 0; i < BUF_SZB; i++)
      src_buf[i] = (unsigned char)(i * 7 + 1);
   printf("1..2\n");
   int failed = report(1, first_failure(0),
                       "copy: every length to 300 at every misalignment");
   failed += report(2, first_failure(1),
                    "zero: every length to 300 at every misalignment");
   return failed != 0;
}

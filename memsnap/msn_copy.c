/*--------------------------------------------------------------------*/
/*--- memsnap: copying and zeroing client blocks.      msn_copy.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_copy.h.

   A *chunk* is 16 bytes, moved as one vector register: SSE2 on amd64,
   NEON on arm64.  Chunks may be unaligned (blocks are aligned to 16 bytes
   on amd64, 8 on x86).  Four chunks go per step; the last 15 bytes or
   fewer go through VG_(memcpy) and VG_(memset).  Where the compiler has
   no such registers (x86 as Valgrind builds it, -m32 without SSE2), it
   would move each vector as words through the stack, slower than
   VG_(memcpy): there these are VG_(memcpy) and VG_(memset). */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "msn_copy.h"

#if defined(__SSE2__) || defined(__ARM_NEON)

typedef UChar Chunk __attribute__((vector_size(16), aligned(1)));

void MSN_(copy)(void* dst, const void* src, SizeT n)
{
   Chunk*       d = dst;
   const Chunk* s = src;
   for (; n >= 4 * sizeof(Chunk); n -= 4 * sizeof(Chunk), d += 4, s += 4) {
      Chunk c0 = s[0], c1 = s[1], c2 = s[2], c3 = s[3];
      d[0] = c0;
      d[1] = c1;
      d[2] = c2;
      d[3] = c3;
   }
   for (; n >= sizeof(Chunk); n -= sizeof(Chunk))
      *d++ = *s++;
   VG_(memcpy)(d, s, n);
}

void MSN_(zero)(void* dst, SizeT n)
{
   const Chunk zero = { 0 };
   Chunk*      d    = dst;
   for (; n >= 4 * sizeof(Chunk); n -= 4 * sizeof(Chunk), d += 4) {
      d[0] = zero;
      d[1] = zero;
      d[2] = zero;
      d[3] = zero;
   }
   for (; n >= sizeof(Chunk); n -= sizeof(Chunk))
      *d++ = zero;
   VG_(memset)(d, 0, n);
}

#else

void MSN_(copy)(void* dst, const void* src, SizeT n)
{
   VG_(memcpy)(dst, src, n);
}

void MSN_(zero)(void* dst, SizeT n)
{
   VG_(memset)(dst, 0, n);
}

#endif

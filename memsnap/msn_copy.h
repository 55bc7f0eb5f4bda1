/*--------------------------------------------------------------------*/
/*--- memsnap: copying and zeroing client blocks.      msn_copy.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The two bulk operations of the replaced allocator: realloc's copy of a
   block that moves, and calloc's zeroing.  Valgrind's VG_(memcpy) and
   VG_(memset) move 4 bytes at a time; these move 64 per step, in 16-byte
   vector registers where the compiler has them (amd64, arm64), and are
   VG_(memcpy) and VG_(memset) elsewhere.  Only msn_heap.c uses this
   module.  tests/unit/copy_test.c checks it natively: it uses only
   pub_tool_basics.h and pub_tool_libcbase.h. */

#ifndef __MSN_COPY_H
#define __MSN_COPY_H

#include "pub_tool_basics.h"

#ifndef MSN_
#define MSN_(str) VGAPPEND(vgMemSnap_, str)
#endif

/* Copies n bytes from src to dst; the two must not overlap. */
void MSN_(copy)(void* dst, const void* src, SizeT n);

/* Sets n bytes at dst to zero. */
void MSN_(zero)(void* dst, SizeT n);

#endif /* __MSN_COPY_H */

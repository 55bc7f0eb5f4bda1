/* A native stand-in for the two functions of Valgrind's pub_tool_libcbase.h
   that memsnap/msn_copy.c calls; tests/unit/copy_test.c defines them with
   the C library's memcpy and memset. */
#ifndef __PUB_TOOL_LIBCBASE_H
#define __PUB_TOOL_LIBCBASE_H

#include "pub_tool_basics.h"

void* VG_(memcpy)(void* dst, const void* src, SizeT n);
void* VG_(memset)(void* dst, Int c, SizeT n);

#endif

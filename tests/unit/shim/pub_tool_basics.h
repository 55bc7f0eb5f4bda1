/* A native stand-in for Valgrind's pub_tool_basics.h, just big enough to
   compile memsnap/msn_format.c and memsnap/msn_copy.c (which use only
   these types and macros, and VG_(memcpy) and VG_(memset): see
   pub_tool_libcbase.h here) into the unit tests of tests/unit.  The types
   have Valgrind's sizes on amd64 and x86. */
#ifndef __PUB_TOOL_BASICS_H
#define __PUB_TOOL_BASICS_H

typedef char               HChar;
typedef unsigned char      UChar;
typedef signed int         Int;
typedef unsigned int       UInt;
typedef signed long long   Long;
typedef unsigned long long ULong;
typedef unsigned char      Bool;
typedef unsigned long      SizeT;
typedef unsigned long      UWord;
typedef signed long        Word;

#ifndef NULL
#define NULL ((void*)0)
#endif

#define True  ((Bool)1)
#define False ((Bool)0)

#define VG_ASSERT__STR(x) #x
#define VGAPPEND(str1, str2) str1##str2
#define VG_(str) VGAPPEND(vgPlain_, str)

#endif

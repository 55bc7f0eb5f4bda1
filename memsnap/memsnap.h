/*
   memsnap.h: client requests of memsnap, the Valgrind heap-snapshot tool.

   Include it as <valgrind/memsnap.h> in a program run under
   `valgrind --tool=memsnap`.  Every request is an expression.  When the
   program runs natively (or under another tool) each one does nothing and
   evaluates to 0, so the requests can stay in production code; define
   NVALGRIND to remove them entirely.

   Snapshot names are C strings of printable ASCII without spaces or
   commas, not starting with '#', at most 100 characters.  A name refers
   to the most recent snapshot of that name; "now" means the current
   state, without storing a snapshot.  A key is "lineno", "filename",
   "function" or "traceback", optionally followed by ",cumulative".

   A bad argument (a NULL or unknown name, an unknown key, an unwritable
   pointer) makes memsnap print one warning line to the Valgrind log; the
   request then evaluates to 0 and the program goes on.

   This file is licensed under the same BSD-style terms as valgrind.h, so
   that any program may include it:

   Copyright (C) 2026 the memsnap authors.

   Redistribution and use in source and binary forms, with or without
   modification, are permitted provided that the following conditions are
   met: redistributions of source code must retain this notice, and
   redistributions in binary form must reproduce it in the documentation
   or other materials provided with the distribution.  THIS SOFTWARE IS
   PROVIDED "AS IS", WITHOUT ANY EXPRESS OR IMPLIED WARRANTIES.
*/

#ifndef __MEMSNAP_H
#define __MEMSNAP_H

#include <valgrind/valgrind.h>

/* Request codes.  New codes are only ever appended. */
typedef enum {
   VG_USERREQ__MEMSNAP_TAKE = VG_USERREQ_TOOL_BASE('M', 'S'),
   VG_USERREQ__MEMSNAP_COMPARE,
   VG_USERREQ__MEMSNAP_STATS,
   VG_USERREQ__MEMSNAP_DIFF,
   VG_USERREQ__MEMSNAP_GET_TRACED,
   VG_USERREQ__MEMSNAP_RESET_PEAK,
   VG_USERREQ__MEMSNAP_CLEAR_TRACES,
   VG_USERREQ__MEMSNAP_STOP,
   VG_USERREQ__MEMSNAP_START,
   VG_USERREQ__MEMSNAP_IS_TRACING,
   VG_USERREQ__MEMSNAP_PRINT_TRACEBACK
} Vg_MemsnapClientRequest;

#define MEMSNAP_REQ_(code, a1, a2, a3, a4)                                  \
   ((unsigned long)VALGRIND_DO_CLIENT_REQUEST_EXPR(                          \
      0, VG_USERREQ__MEMSNAP_##code, (a1), (a2), (a3), (a4), 0))

/* Takes a snapshot named `name`; evaluates to its id (1, 2, ...). */
#define VALGRIND_MEMSNAP_TAKE(name) MEMSNAP_REQ_(TAKE, (name), 0, 0, 0)

/* Prints new.compare_to(old, key) to the Valgrind log, the top `limit`
   entries (0: all; a negative limit is refused).  Evaluates to 1 when
   printed. */
#define VALGRIND_MEMSNAP_COMPARE(old, new, key, limit)                     \
   MEMSNAP_REQ_(COMPARE, (old), (new), (key), (limit))

/* Prints snapshot.statistics(key), top `limit` entries (0: all; a
   negative limit is refused).  Evaluates to 1 when printed. */
#define VALGRIND_MEMSNAP_STATS(name, key, limit)                           \
   MEMSNAP_REQ_(STATS, (name), (key), (limit), 0)

/* Stores new - old of traced bytes and blocks in *bytes_ptr and
   *blocks_ptr (both long long *).  Evaluates to 1 when stored. */
#define VALGRIND_MEMSNAP_DIFF(old, new, bytes_ptr, blocks_ptr)             \
   MEMSNAP_REQ_(DIFF, (old), (new), (bytes_ptr), (blocks_ptr))

/* Stores current and peak traced bytes in *current_ptr and *peak_ptr
   (both unsigned long long *).  Evaluates to 1 when stored. */
#define VALGRIND_MEMSNAP_GET_TRACED(current_ptr, peak_ptr)                 \
   MEMSNAP_REQ_(GET_TRACED, (current_ptr), (peak_ptr), 0, 0)

/* Peak := current.  Evaluates to 1. */
#define VALGRIND_MEMSNAP_RESET_PEAK() MEMSNAP_REQ_(RESET_PEAK, 0, 0, 0, 0)

/* Forgets every traced block (the blocks stay allocated); current and
   peak become 0.  Evaluates to 1. */
#define VALGRIND_MEMSNAP_CLEAR_TRACES() MEMSNAP_REQ_(CLEAR_TRACES, 0, 0, 0, 0)

/* Stops / resumes recording new blocks.  Blocks already traced stay
   traced.  Evaluate to 1. */
#define VALGRIND_MEMSNAP_STOP()  MEMSNAP_REQ_(STOP, 0, 0, 0, 0)
#define VALGRIND_MEMSNAP_START() MEMSNAP_REQ_(START, 0, 0, 0, 0)

/* Evaluates to 1 while memsnap records new blocks. */
#define VALGRIND_MEMSNAP_IS_TRACING() MEMSNAP_REQ_(IS_TRACING, 0, 0, 0, 0)

/* Prints the allocation stack of the traced block containing `ptr` (a
   block of 0 bytes contains its own address); evaluates to its size, 1 for
   a block of 0 bytes, 0 if no traced block contains it. */
#define VALGRIND_MEMSNAP_PRINT_TRACEBACK(ptr)                              \
   MEMSNAP_REQ_(PRINT_TRACEBACK, (ptr), 0, 0, 0)

#endif /* __MEMSNAP_H */

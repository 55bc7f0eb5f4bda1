/*--------------------------------------------------------------------*/
/*--- memsnap: definitions every module shares.      msn_basics.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap, a Valgrind tool that takes snapshots of
   the live heap and compares them the way Python's tracemalloc does.

   Copyright (C) 2026 the memsnap authors.

   This program is free software; you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation; either version 2 of the License, or (at
   your option) any later version.  See the file COPYING.
*/

/* Included first by every msn_*.c file: the Valgrind headers the tool
   uses, the MSN_() namespacing macro for symbols shared between files,
   and the handful of types several modules need. */

#ifndef __MSN_BASICS_H
#define __MSN_BASICS_H

#include "pub_tool_basics.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_xarray.h"

/* Cross-file symbols are MSN_(name); file-local ones are plain static. */
#define MSN_(str) VGAPPEND(vgMemSnap_, str)

/* The "s" of "%llu block%s": "1 block", "2 blocks", "0 blocks". */
#define PLURAL(n) ((n) == 1 ? "" : "s")

/* The grouping keys of tracemalloc's Snapshot.statistics(), plus memsnap's
   own `function`.  They start at a conspicuous value so that a zeroed
   field is never mistaken for a valid key. */
typedef enum {
   MSN_KEY_LINENO = 71,
   MSN_KEY_FILENAME,
   MSN_KEY_FUNCTION,
   MSN_KEY_TRACEBACK
} MSN_KeyKind;

/* What a statistics or compare request counts of each site: its live
   blocks (tracemalloc's question), every block allocated there since the
   start or the last clear, or those of them freed while *temporary*
   (before any other allocation was made; docs/design.md, "Churn").
   Conspicuous values, as for the key kinds. */
typedef enum {
   MSN_MEASURE_LIVE = 81,
   MSN_MEASURE_ALLOCATED,
   MSN_MEASURE_TEMPORARY
} MSN_Measure;

/* A key kind, tracemalloc's `cumulative` flag and the measure: what a
   statistics or compare request groups by, and what it counts. */
typedef struct {
   MSN_KeyKind kind;
   Bool        cumulative;
   MSN_Measure measure;
} MSN_Grouping;

/* The traced totals, kept by msn_heap.c and read by the modules that
   record them (snapshots, the peak, the timeline, the exit summary).
   `peak` is tracemalloc's: reset by reset_peak and clear_traces.
   `run_peak` is the highest of the whole run, never reset: the exit
   summary's `At peak`.  Both record the blocks at their (latest) moment. */
typedef
   struct {
      ULong cur_szB,      cur_blocks;        // traced now
      ULong peak_szB,     peak_blocks;       // highest cur_szB since reset
      ULong run_peak_szB, run_peak_blocks;   // highest cur_szB of the run
      ULong total_szB,    total_blocks;      // every traced allocation
   }
   MSN_Totals;

/* The clock of the timeline (--time-unit), as massif's. */
typedef enum {
   MSN_TIME_BYTES = 91,   // bytes allocated so far (reproducible)
   MSN_TIME_MS,           // milliseconds since the start
   MSN_TIME_INSTRS        // guest instructions executed so far
} MSN_TimeUnit;

/* Developer tracing, shown with -v -v and more. */
#define VERB(level, ...)                                                  \
   do {                                                                   \
      if (VG_(clo_verbosity) > (level))                                   \
         VG_(dmsg)("memsnap: " __VA_ARGS__);                              \
   } while (0)

#endif /* __MSN_BASICS_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: statistics and compare.                 msn_stats.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* tracemalloc's Snapshot.statistics() and Snapshot.compare_to(), and
   their str() lines, byte for byte (docs/tracemalloc.md).
   Groups a snapshot's sites by a key, sorts, and hands each printed line
   to a sink: the Valgrind log for client requests, vgdb for monitor
   commands.  A block's allocation stack is printed here too, the same
   way.  Called by msn_clreq.c, msn_monitor.c and msn_main.c. */

#ifndef __MSN_STATS_H
#define __MSN_STATS_H

#include "msn_basics.h"
#include "msn_snapshot.h"

/* Receives one output line, without its newline. */
typedef void (*MSN_LineSink)(const HChar* line);

/* Prints snapshot s's statistics, the top `limit` (0: all), of what g's
   measure counts.  With heading, a line naming the request comes first:
   "Statistics of #3 'loop' by lineno, 10 of 42 entries:", or "...: no
   entries (the snapshot is empty)"; by a measure other than live, what
   it counts and their sum: "Allocations until #3 'loop' (4,096 bytes in
   12 blocks since the start) by lineno, ...".  Returns the number of
   entries printed. */
UInt MSN_(print_statistics)(MSN_LineSink sink, const MSN_Snapshot* s,
                            MSN_Grouping g, ULong limit, Bool heading);

/* Prints new.compare_to(old), the top `limit` (0: all), after the
   heading "Changes from #3 'a' to #4 'b' by lineno, 10 of 42 entries:"
   if asked for.  By a measure other than live, prints instead the
   statistics of the allocations (or temporary ones) made between old
   and new, which MSN_(bad_churn_pair) must allow, after the heading
   "Allocations between #3 'a' and #4 'b' (... bytes in ... blocks) by
   lineno, ...".  Returns the number of entries printed. */
UInt MSN_(print_compare)(MSN_LineSink sink, const MSN_Snapshot* old,
                         const MSN_Snapshot* new, MSN_Grouping g, ULong limit,
                         Bool heading);

/* Why the allocations made between old and new cannot be known (a clear
   between them, or old taken after new), or NULL. */
const HChar* MSN_(bad_churn_pair)(const MSN_Snapshot* old,
                                  const MSN_Snapshot* new);

/* Prints a trace's frames, one line each: "    at FN (FILE:LINE)", then
   "    by ..." lines. */
void MSN_(print_frames)(MSN_LineSink sink, const MSN_Trace* trace);

/* Prints the allocation stack of the traced block containing a (a block
   of 0 bytes contains its own address), as "N bytes at 0x... allocated
   at:" and frame lines, and stores its size in *szB; False, printing
   nothing, if no traced block contains a. */
Bool MSN_(print_block_traceback)(MSN_LineSink sink, Addr a,
                                 /*OUT*/SizeT* szB);

/* Line sinks: the Valgrind log (with ==PID== prefixes), and the monitor
   connection (vgdb or gdb; the log when none is connected). */
void MSN_(sink_log)(const HChar* line);
void MSN_(sink_monitor)(const HChar* line);

#endif /* __MSN_STATS_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: client requests and monitor commands.   msn_clreq.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The two ways a user drives memsnap while the program runs: client
   requests from the program (memsnap.h, handled in msn_clreq.c) and
   monitor commands from vgdb or gdb (msn_monitor.c).  Both are thin
   layers over the snapshot, statistics and heap modules, so they print
   the same things.  Called by msn_main.c (the core's client requests)
   and msn_monitor.c (line sinks, block tracebacks). */

#ifndef __MSN_CLREQ_H
#define __MSN_CLREQ_H

#include "msn_basics.h"
#include "msn_stats.h"

/* Valgrind's client-request handler (VG_(needs_client_requests)). */
Bool MSN_(handle_client_request)(ThreadId tid, UWord* arg, UWord* ret);

/* Handles one monitor command; False if it is not memsnap's. */
Bool MSN_(handle_monitor_command)(const HChar* command);

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

#endif /* __MSN_CLREQ_H */

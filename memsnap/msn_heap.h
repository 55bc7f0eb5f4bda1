/*--------------------------------------------------------------------*/
/*--- memsnap: the replaced allocator and live blocks.  msn_heap.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Owns the client's heap: the malloc-replacement callbacks, the records
   of live blocks, and the traced totals.

   Every block memsnap hands out has a record, found from its address: a
   small block's beside its slab (msn_slabs.c), a bigger one's in the
   live-block table (msn_blocks.c).  Only blocks found so may be freed; a
   free of anything else is ignored.  Blocks of the client's own
   allocator, announced with VALGRIND_MALLOCLIKE_BLOCK, are in a table of
   their own.  A block is *traced* when it has a site: it was allocated
   while memsnap was recording, and not forgotten by clear_traces since.
   Only traced blocks count in snapshots and totals.

   Current and peak follow tracemalloc: a free subtracts, an allocation
   adds, the peak is checked after each addition, and a realloc removes
   the old block before adding the new one, so the two are never counted
   together.

   Called by Valgrind's core (the callbacks, on the client's thread),
   msn_main.c, msn_clreq.c and msn_monitor.c (tracing, reset_peak, clear),
   msn_stats.c (block tracebacks), msn_snapshot.c and msn_peak.c (the
   totals a snapshot records) and msn_auto.c (the clock's totals). */

#ifndef __MSN_HEAP_H
#define __MSN_HEAP_H

#include "msn_basics.h"
#include "msn_sites.h"

void MSN_(heap_init)(void);

/* Passes memsnap's callbacks to VG_(needs_malloc_replacement). */
void MSN_(register_malloc_replacement)(void);

const MSN_Totals* MSN_(totals)(void);

/* How many calls of the malloc family (and of custom-block requests)
   reached memsnap, traced or not, failed or not. */
ULong MSN_(n_allocation_calls)(void);

/* Whether new blocks are recorded (START / STOP). */
void MSN_(set_tracing)(Bool on);
Bool MSN_(is_tracing)(void);

/* How many times clear_traces was called: the sites' churn counts from
   the last one. */
ULong MSN_(n_clears)(void);

/* tracemalloc's reset_peak(): peak := current. */
void MSN_(reset_peak)(void);

/* tracemalloc's clear_traces(): every block becomes untraced; current and
   peak become 0, and so does every site's churn.  The blocks stay
   allocated. */
void MSN_(clear_traces)(void);

/* The traced block containing address a, if any: its site, start and
   size.  Linear in the number of live blocks: for interactive use. */
Bool MSN_(find_traced_block)(Addr a, /*OUT*/MSN_Site** site,
                             /*OUT*/Addr* start, /*OUT*/SizeT* szB);

/* Blocks of the client's own allocator, announced with the core's
   client requests VALGRIND_MALLOCLIKE_BLOCK, VALGRIND_FREELIKE_BLOCK and
   VALGRIND_RESIZEINPLACE_BLOCK: traced like malloc'ed blocks, but never
   given to (or freed by) memsnap's allocator.  Requests on addresses that
   are not such blocks are ignored and counted. */
void MSN_(malloclike_block)(ThreadId tid, Addr addr, SizeT szB);
void MSN_(freelike_block)(Addr addr);
void MSN_(resizeinplace_block)(Addr addr, SizeT new_szB);

/* Sanity checks (VG_(needs_sanity_checks)).  The cheap one is O(1); the
   expensive one is O(sites), and also O(blocks) from --sanity-level=3. */
Bool MSN_(cheap_heap_check)(void);
Bool MSN_(expensive_heap_check)(void);

/* Prints allocator statistics for --stats=yes. */
void MSN_(print_heap_stats)(void);

#endif /* __MSN_HEAP_H */

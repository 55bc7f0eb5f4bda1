/*--------------------------------------------------------------------*/
/*--- memsnap: allocation sites.                       msn_sites.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* An allocation *site* is one distinct allocation stack: the code
   addresses of the calls that led to an allocation, innermost first,
   with memsnap's own allocator frames (and --alloc-fn frames) removed
   and at most --depth of them kept.  Each site has *counters*: the live
   bytes and blocks allocated there, and its *churn*: the bytes and blocks
   allocated there since the start or the last clear_traces (the site's
   share of the summary's Total), and how many of those were freed while
   temporary (msn_heap.c says when).  Together: the per-stack table that
   snapshots copy.

   Capturing a site is the hot path of every allocation: one stack unwind
   and one hash lookup (none when the unwind memo knows the stack's site).
   Symbolizing it (turning it into frames and keys) happens later, once,
   the first time anything needs it (a snapshot, a statistic, a
   traceback).

   The counters are not in the site but in arrays indexed by site id, on
   cache lines: an allocation or a free, which knows only the block's site
   id, touches half a line of counters, where a site's counters would take
   a lookup of the site and a line of it (two when they straddle), one
   cache miss or two per free on a program with many sites.  The counters
   a free of a temporary block adds to are in a second array, touched
   only then (docs/design.md, "Per-site counters").

   Sites are never freed: snapshots keep pointers to them.

   Called by msn_heap.c (capture), msn_snapshot.c and msn_delta.c (the
   table), msn_stats.c and msn_output.c (symbolized traces), msn_xtree.c
   (allocator frames), msn_hints.c (the attributed frames at exit) and
   msn_main.c (start-up, statistics). */

#ifndef __MSN_SITES_H
#define __MSN_SITES_H

#include "msn_basics.h"
#include "pub_tool_debuginfo.h"
#include "msn_symbols.h"
#include "msn_unwind.h"

/* A site's stack as frames: the symbolized form.  The n_hidden leading
   allocator frames (msn_attrib.h) are frames[-n_hidden .. -1]: written
   to the output file, never shown or grouped by. */
typedef
   struct {
      UInt        n_frames;    // >= 1 (the unknown frame if nothing known)
      UInt        attributed;  // index of the frame the site is keyed by
      MSN_Frame** frames;      // innermost first
      UInt        n_hidden;
      MSN_Key*    traceback_key;   // NULL until MSN_(site_traceback_key)
   }
   MSN_Trace;

typedef
   struct _MSN_Site {
      UWord             hash;        // of epoch and ips
      UInt              id;          // 1, 2, ... in order of creation
      UInt              n_ips;       // may be 0: nothing could be unwound
      DiEpoch           epoch;       // debug-info epoch at capture
      MSN_Trace*        trace;       // NULL until MSN_(site_trace)
      UInt              out_id;      // see msn_output.c
      UInt              out_gen;
      Addr              ips[];       // n_ips code addresses
   }
   MSN_Site;

void MSN_(sites_init)(void);

/* Once the options are known. */
void MSN_(sites_post_clo_init)(void);

/* The counters of a site: what msn_heap.c changes on every allocation
   and free, and snapshots copy. */
typedef
   struct {
      ULong live_szB;       // bytes of the live blocks from the site
      ULong live_blocks;
      ULong alloc_szB;      // allocated there since start or clear
      ULong alloc_blocks;   // >= live_blocks; 0: nothing since
   }
   MSN_SiteCounts;

/* Of the site's allocations since start or clear, those freed while
   temporary. */
typedef
   struct {
      ULong temp_szB;
      ULong temp_blocks;
   }
   MSN_SiteTemps;

/* Indexed by site id (entry 0 is unused); read through the inlines
   below, so that the allocation path reaches them without a call.  Only
   msn_sites.c moves them (as sites are made). */
extern MSN_SiteCounts* MSN_(site_counts);
extern MSN_SiteTemps*  MSN_(site_temps);

/* The counters of the site whose id is id (>= 1). */
static inline MSN_SiteCounts* MSN_(counts_of)(UInt id)
{
   return &MSN_(site_counts)[id];
}

static inline MSN_SiteTemps* MSN_(temps_of)(UInt id)
{
   return &MSN_(site_temps)[id];
}

/* Zeroes every site's counters (clear_traces). */
void MSN_(clear_site_counters)(void);

/* Begins capturing the site of the allocation thread tid is making now,
   before its block is carved out: the stack's start is read, and the
   unwind memo's entries for it fetched meanwhile (msn_unwind.h). */
void MSN_(capture_start)(ThreadId tid, /*OUT*/MSN_StackStart* start);

/* The id of the site of the allocation thread tid is making now; start
   is NULL or from MSN_(capture_start) in the same callback.  Only valid
   in a malloc-replacement callback (tid must be a real thread). */
UInt MSN_(capture_site)(ThreadId tid, const MSN_StackStart* start);

/* How many of ips[0..n), a stack unwound in a malloc-replacement
   callback, are the allocator's (memsnap's preload, --alloc-fn frames):
   the frames a site leaves out. */
UInt MSN_(allocator_frames)(const Addr* ips, UInt n);

/* The site's frames, symbolizing it on first use. */
const MSN_Trace* MSN_(site_trace)(MSN_Site* site);

/* The key of the site's traceback (from its attributed frame outward),
   made on first use: only grouping by traceback needs it, and a program
   with ten thousand sites would otherwise keep as many keys it never
   uses (docs/design.md, "Keys are interned and numbered densely"). */
MSN_Key* MSN_(site_traceback_key)(MSN_Site* site);

/* Sites by creation order: i in 0 .. MSN_(n_sites)() - 1. */
UInt      MSN_(n_sites)(void);
MSN_Site* MSN_(site_at)(UInt i);

/* The site whose id is id (>= 1). */
MSN_Site* MSN_(site_by_id)(UInt id);

#endif /* __MSN_SITES_H */

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
   and at most --depth of them kept.  Each site carries the live bytes
   and blocks allocated there, and its *churn*: the bytes and blocks
   allocated there since the start or the last clear_traces (the site's
   share of the summary's Total), and how many of those were freed while
   temporary (msn_heap.c says when).  Together: the per-stack table that
   snapshots copy.

   Capturing a site is the hot path of every allocation: one stack unwind
   and one hash lookup.  Symbolizing it (turning it into frames and keys)
   happens later, once, the first time anything needs it (a snapshot, a
   statistic, a traceback).

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

/* A site's stack as frames: the symbolized form.  The n_hidden leading
   allocator frames (msn_attrib.h) are frames[-n_hidden .. -1]: written
   to the output file, never shown or grouped by. */
typedef
   struct {
      UInt        n_frames;    // >= 1 (the unknown frame if nothing known)
      UInt        attributed;  // index of the frame the site is keyed by
      MSN_Frame** frames;      // innermost first
      UInt        n_hidden;
      MSN_Key*    traceback_key;
   }
   MSN_Trace;

typedef
   struct _MSN_Site {
      UWord             hash;        // of epoch and ips
      UInt              id;          // 1, 2, ... in order of creation
      UInt              n_ips;       // may be 0: nothing could be unwound
      DiEpoch           epoch;       // debug-info epoch at capture
      ULong             live_szB;    // bytes of the live blocks from here
      ULong             live_blocks;
      ULong             alloc_szB;   // allocated here since start or clear
      ULong             alloc_blocks;// >= live_blocks; 0: nothing since
      ULong             temp_szB;    // of those, freed while temporary
      ULong             temp_blocks;
      MSN_Trace*        trace;       // NULL until MSN_(site_trace)
      UInt              out_id;      // see msn_output.c
      UInt              out_gen;
      Addr              ips[];       // n_ips code addresses
   }
   MSN_Site;

void MSN_(sites_init)(void);

/* Once the options are known. */
void MSN_(sites_post_clo_init)(void);

/* The site of the allocation thread tid is making now.  Only valid in
   a malloc-replacement callback (tid must be a real thread). */
MSN_Site* MSN_(capture_site)(ThreadId tid);

/* How many of ips[0..n), a stack unwound in a malloc-replacement
   callback, are the allocator's (memsnap's preload, --alloc-fn frames):
   the frames a site leaves out. */
UInt MSN_(allocator_frames)(const Addr* ips, UInt n);

/* The site's frames, symbolizing it on first use. */
const MSN_Trace* MSN_(site_trace)(MSN_Site* site);

/* Sites by creation order: i in 0 .. MSN_(n_sites)() - 1. */
UInt      MSN_(n_sites)(void);
MSN_Site* MSN_(site_at)(UInt i);

/* The site whose id is id (>= 1). */
MSN_Site* MSN_(site_by_id)(UInt id);

#endif /* __MSN_SITES_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: xtree memory reports.                    msn_xtree.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* See msn_xtree.h.  Terms: an *ExeContext* is the core's interned
   stack, which its xtree module groups costs by; *ecs* maps a site id to
   the ExeContext of its stack (its first --num-callers addresses, as the
   core's stacks have), made on first use (only when an xtree report or
   --xtree-memory=full asks for one). */

#include "msn_basics.h"
#include "pub_tool_execontext.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_stacktrace.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_xarray.h"
#include "pub_tool_xtree.h"
#include "pub_tool_xtmemory.h"
#include "msn_sites.h"
#include "msn_xtree.h"

Bool MSN_(xtree_full) = False;

static XArray* ecs;   // of ExeContext*, indexed by site id

/* Most addresses unwound for a free: the largest --num-callers (500) and
   room for the allocator's frames on top. */
#define MAX_FREE_IPS (500 + 8)

/* The ExeContext of site's stack. */
static ExeContext* site_ec(MSN_Site* site)
{
   if (!ecs)
      ecs = VG_(newXA)(VG_(malloc), "msn.xtree.ecs", VG_(free), sizeof(ExeContext*));
   ExeContext* none = NULL;
   while (VG_(sizeXA)(ecs) <= (Word)site->id)
      VG_(addToXA)(ecs, &none);
   ExeContext** ec = VG_(indexXA)(ecs, site->id);
   if (!*ec) {
      /* An ExeContext holds at most --num-callers addresses. */
      UInt n = VG_MIN(site->n_ips, (UInt)VG_(clo_backtrace_size));
      *ec = n > 0 ? VG_(make_ExeContext_from_StackTrace)(site->ips, n) : VG_(null_ExeContext)();
   }
   return *ec;
}

void MSN_(xtree_post_clo_init)(void)
{
   if (VG_(clo_xtree_memory) == Vg_XTMemory_Full) {
      VG_(XTMemory_Full_init)(VG_(XT_filter_maybe_below_main));
      MSN_(xtree_full) = True;
   }
}

void MSN_(xtree_alloc)(MSN_Site* site, SizeT szB)
{
   VG_(XTMemory_Full_alloc)(szB, site_ec(site));
}

/* The stack of the free that the running thread is making, without the
   allocator's frames (the preload's free, --alloc-fn frames), as a
   site's stack is: the frees are then grouped by the line that freed. */
static ExeContext* free_ec(void)
{
   Addr     ips[MAX_FREE_IPS];
   ThreadId tid = VG_(get_running_tid)();
   if (tid == VG_INVALID_THREADID)
      return VG_(null_ExeContext)();
   UInt n = VG_(get_StackTrace)(tid, ips, VG_MIN((UInt)VG_(clo_backtrace_size) + 8, MAX_FREE_IPS),
                                NULL, NULL, 0);
   UInt first = MSN_(allocator_frames)(ips, n);
   n = VG_MIN(n - first, (UInt)VG_(clo_backtrace_size));
   return n > 0 ? VG_(make_ExeContext_from_StackTrace)(ips + first, n) : VG_(null_ExeContext)();
}

void MSN_(xtree_free)(MSN_Site* site, SizeT szB)
{
   VG_(XTMemory_Full_free)(szB, site_ec(site), free_ec());
}

/* The live blocks, one site at a time, for VG_(XTMemory_report): sets
   *xta to the next site with live blocks, or nblocks 0 at the end. */
static UInt next_site;
static void next_block(XT_Allocs* xta, ExeContext** ec_alloc)
{
   while (next_site < MSN_(n_sites)()) {
      MSN_Site*             site = MSN_(site_at)(next_site++);
      const MSN_SiteCounts* c    = MSN_(counts_of)(site->id);
      if (c->live_blocks == 0)
         continue;
      xta->nbytes  = c->live_szB;
      xta->nblocks = c->live_blocks;
      *ec_alloc    = site_ec(site);
      return;
   }
   xta->nbytes  = 0;
   xta->nblocks = 0;
}

void MSN_(xtree_report)(const HChar* file, Bool at_exit)
{
   if (at_exit && VG_(clo_xtree_memory) == Vg_XTMemory_None)
      return;
   next_site = 0;
   VG_(XTMemory_report)(file, at_exit, next_block, VG_(XT_filter_maybe_below_main));
}

/*--------------------------------------------------------------------*/
/*--- memsnap: the peak snapshot.                       msn_peak.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_peak.h. */

#include "msn_basics.h"
#include "msn_heap.h"
#include "msn_options.h"
#include "msn_peak.h"
#include "msn_snapshot.h"
#include "msn_timeline.h"

Bool MSN_(peak_pending);

static struct {
   MSN_Snapshot        snap;       // the last copy; valid iff have_copy
   Bool                have_copy;
   const MSN_Snapshot* stored;     // the copy, stored in the snapshot
                                   // list at exit (which owns it then)
} peak;

/* Copies the current state, which is the peak. */
static void record_peak(void)
{
   if (peak.have_copy)
      VG_(free)(peak.snap.entries);
   peak.snap.id       = 0;
   peak.snap.shadowed = False;
   peak.snap.dropped  = False;
   peak.snap.name     = "peak";
   peak.snap.origin   = MSN_ORIGIN_PEAK;
   MSN_(capture_state)(&peak.snap);
   peak.have_copy     = True;
}

void MSN_(peak_before_change)(void)
{
   const MSN_Totals* t = MSN_(totals)();
   MSN_(peak_pending)  = False;
   MSN_(timeline_mark_peak)(t);
   /* Only a new high sets MSN_(peak_pending), so with 0% every copy is of
      the first moment of a higher value. */
   double threshold = (double)peak.snap.szB
                      * (1.0 + MSN_(clo_peak_inaccuracy) / 100.0);
   if (!peak.have_copy || (double)t->peak_szB > threshold)
      record_peak();
}

void MSN_(peak_restart)(void)
{
   if (peak.have_copy)
      VG_(free)(peak.snap.entries);
   peak.have_copy     = False;
   MSN_(peak_pending) = True;
   MSN_(timeline_forget_peak)();
}

/* Makes the copy exact if the current state is the peak. */
static void bring_up_to_date(void)
{
   if (MSN_(peak_pending) || !peak.have_copy) {
      MSN_(timeline_mark_peak)(MSN_(totals)());
      record_peak();
   }
}

const MSN_Snapshot* MSN_(peak_snapshot)(void)
{
   if (peak.stored)
      return peak.stored;
   bring_up_to_date();
   return &peak.snap;
}

const MSN_Snapshot* MSN_(store_peak_snapshot)(void)
{
   bring_up_to_date();
   MSN_Snapshot* s = VG_(malloc)("msn.peak.stored", sizeof *s);
   *s = peak.snap;
   peak.snap.entries = NULL;
   peak.have_copy    = False;
   peak.stored       = MSN_(store_snapshot)(s);
   return peak.stored;
}

void MSN_(peak_init)(void)
{
   MSN_(peak_pending) = True;   // the empty start is the first peak
}

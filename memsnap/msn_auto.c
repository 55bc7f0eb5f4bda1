/*--------------------------------------------------------------------*/
/*--- memsnap: periodic snapshots.                      msn_auto.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_auto.h.  Owns the schedule of the periodic snapshots
   and the list of those held. */

#include "msn_basics.h"
#include "msn_auto.h"
#include "msn_heap.h"
#include "msn_options.h"
#include "msn_snapshot.h"
#include "msn_timeline.h"

#define NEVER (~0ULL)

static struct {
   ULong   every;     // the interval; 0: off
   ULong   asked;     // as given
   ULong   due;       // the next due time
   XArray* held;      // of UInt: ids of the auto snapshots held, in order
   UInt    n_taken;
} au;

static ULong saturating_add(ULong a, ULong b)
{
   return a > NEVER - b ? NEVER : a + b;
}

/* The first due time of the grid after `now`, the grid being the last
   due time plus multiples of the interval. */
static ULong next_due_after(ULong now)
{
   if (au.due > now)
      return au.due;
   ULong steps = (now - au.due) / au.every + 1;
   if (steps > NEVER / au.every)
      return NEVER;
   return saturating_add(au.due, steps * au.every);
}

/* K are held: drops every other one, keeping the newest, and doubles
   the interval. */
static void thin_out(void)
{
   UInt  n    = (UInt)VG_(sizeXA)(au.held);
   UInt* ids  = VG_(indexXA)(au.held, 0);
   UInt  kept = 0;
   for (UInt i = 0; i < n; i++) {
      if ((n - 1 - i) % 2 == 0)
         ids[kept++] = ids[i];
      else
         MSN_(drop_snapshot)(ids[i]);
   }
   VG_(dropTailXA)(au.held, n - kept);
   if (au.every <= NEVER / 2)
      au.every *= 2;
}

void MSN_(auto_snapshot_due)(ULong now)
{
   if (au.every == 0)
      return;
   const MSN_Snapshot* s = MSN_(take_snapshot)("auto", MSN_ORIGIN_AUTO);
   au.n_taken++;
   VG_(addToXA)(au.held, &s->id);
   if (VG_(sizeXA)(au.held) >= MSN_(clo_max_auto_snapshots))
      thin_out();
   /* The grid goes on from the due time just served, in the interval
      that now holds. */
   au.due = next_due_after(now);
   MSN_(timeline_set_alarm)(au.due);
}

void MSN_(auto_set_interval)(ULong every)
{
   au.every = au.asked = every;
   if (every == 0) {
      MSN_(timeline_set_alarm)(NEVER);
      return;
   }
   au.due = saturating_add(MSN_(timeline_clock)(MSN_(totals)()), every);
   MSN_(timeline_set_alarm)(au.due);
}

void MSN_(auto_state)(MSN_AutoState* st)
{
   st->every    = au.every;
   st->asked    = au.asked;
   st->next     = au.due;
   st->now      = MSN_(timeline_clock)(MSN_(totals)());
   st->n_held   = (UInt)VG_(sizeXA)(au.held);
   st->max_held = (UInt)MSN_(clo_max_auto_snapshots);
   st->n_taken  = au.n_taken;
}

void MSN_(auto_post_clo_init)(void)
{
   au.held = VG_(newXA)(VG_(malloc), "msn.auto.held", VG_(free),
                        sizeof(UInt));
   if (MSN_(clo_snapshot_every) > 0)
      MSN_(auto_set_interval)(MSN_(clo_snapshot_every));
}

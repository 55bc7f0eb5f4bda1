/*--------------------------------------------------------------------*/
/*--- memsnap: the peak snapshot.                       msn_peak.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The *peak snapshot* is the per-site table at the moment of the peak:
   the highest traced bytes since the start or the last reset_peak
   (tracemalloc's peak).  Copying the table at every new high would cost
   O(sites) per allocation in a growing program, so it is copied lazily:
   while the current state is the peak (*pending*), nothing is copied;
   the first decrease after a new high copies the state just before it.
   With --peak-inaccuracy=P, that copy is made only if the peak grew by
   more than P percent since the last copy, which bounds the number of
   copies; the timeline's peak point is always exact.

   The peak is its first moment: a value reached again is no new peak
   (msn_heap.c explains why).  msn_heap.c calls MSN_(peak_new_high) on
   every new high and MSN_(peak_before_change) before the state leaves
   that moment (a traced block shrinks or goes, a block of 0 bytes
   comes) while MSN_(peak_pending) is set: one test on the common path.
   Only this module (msn_peak.c and its inline) writes MSN_(peak_pending).

   Called by msn_heap.c, msn_snapshot.c (the name `peak`) and msn_main.c
   (the snapshot stored at exit). */

#ifndef __MSN_PEAK_H
#define __MSN_PEAK_H

#include "msn_basics.h"
#include "msn_snapshot.h"

/* True while the current state is the peak and has not been recorded.
   Read-only outside this module (msn_peak.c and the inline below): the
   allocation path reads it directly, where a call per free would cost
   more than the test. */
extern Bool MSN_(peak_pending);

/* The traced bytes just reached a new high: the current state is the
   peak, to be recorded before it changes.  Inline, so that the
   allocation path compiles as if it set the flag itself. */
static inline void MSN_(peak_new_high)(void)
{
   MSN_(peak_pending) = True;
}

void MSN_(peak_init)(void);

/* Records the current state as the peak, if it is worth it (see above).
   Call before the state changes while MSN_(peak_pending). */
void MSN_(peak_before_change)(void);

/* reset_peak or clear_traces happened: the current state is the peak. */
void MSN_(peak_restart)(void);

/* The peak snapshot, brought up to date (never NULL).  Valid until the
   next allocation event. */
const MSN_Snapshot* MSN_(peak_snapshot)(void);

/* At exit: stores the peak snapshot as snapshot `peak` and writes it. */
const MSN_Snapshot* MSN_(store_peak_snapshot)(void);

#endif /* __MSN_PEAK_H */

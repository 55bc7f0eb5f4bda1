/*--------------------------------------------------------------------*/
/*--- memsnap: the heap timeline.                   msn_timeline.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The *timeline*: traced bytes and blocks over the run, as two numbers per
   point, never a table.  At most MSN_TIMELINE_POINTS ordinary points are
   kept: they are recorded at least `interval` apart on the clock, and when
   the array is full every other point is dropped and the interval
   doubled, so the points stay spread evenly over the run.  Besides them,
   the timeline keeps a point for each snapshot and one for the peak.

   The clock is --time-unit: bytes allocated so far (the default:
   reproducible on any machine), milliseconds, or instructions executed
   (counted by instrumentation added only for that unit).

   msn_heap.c calls MSN_(timeline_tick) after every traced change (with
   the byte clock, only once MSN_(timeline_bytes_due) is reached); it
   returns at once unless a point is due.  The same clock and the same
   comparison serve the periodic snapshots (msn_auto.c): they set an
   *alarm*, a time at which the tick calls MSN_(auto_snapshot_due).  The
   timeline is written once, at exit (msn_output.c).

   Called by msn_heap.c, msn_snapshot.c and msn_peak.c (marks),
   msn_auto.c (the alarm, the clock), msn_output.c and msn_main.c
   (start-up, instrumentation). */

#ifndef __MSN_TIMELINE_H
#define __MSN_TIMELINE_H

#include "msn_basics.h"
#include "pub_tool_tooliface.h"

#define MSN_TIMELINE_POINTS 200

/* What a point marks.  MSN_MARK_NONE: an ordinary point; positive values
   are snapshot ids. */
#define MSN_MARK_NONE 0
#define MSN_MARK_PEAK (-1)

typedef
   struct {
      ULong time;       // in --time-unit
      ULong szB;        // traced bytes then
      ULong n_blocks;   // traced blocks then
      Int   mark;       // MSN_MARK_NONE, MSN_MARK_PEAK or a snapshot id
   }
   MSN_Point;

void MSN_(timeline_init)(void);

/* Records a point if one is due. */
void MSN_(timeline_tick)(const MSN_Totals* t);

/* With the byte clock, the time of the next point or alarm; 0 with the
   other clocks.  A tick while the run's total_szB is below it does
   nothing: msn_heap.c tests that inline, so that a free (which never
   moves the byte clock) and most allocations make no call. */
extern ULong MSN_(timeline_bytes_due);

/* The first tick at or after clock time `time` calls
   MSN_(auto_snapshot_due); ~0 for never. */
void MSN_(timeline_set_alarm)(ULong time);

/* The clock now, in --time-unit (t: the traced totals). */
ULong MSN_(timeline_clock)(const MSN_Totals* t);

/* The point of the peak is now (replacing any earlier one). */
void MSN_(timeline_mark_peak)(const MSN_Totals* t);

/* reset_peak or clear_traces: the old peak point no longer counts. */
void MSN_(timeline_forget_peak)(void);

/* Snapshot id was taken now. */
void MSN_(timeline_mark_snapshot)(UInt id, const MSN_Totals* t);

/* Every point, in time order, into `points` (an XArray of MSN_Point). */
void MSN_(timeline_points)(XArray* points);

/* The clock's unit as the file writes it: "B", "ms" or "i". */
const HChar* MSN_(timeline_unit_name)(void);

/* Adds instruction counting to sb when --time-unit=i, else returns sb. */
IRSB* MSN_(instrument_clock)(IRSB* sb);

#endif /* __MSN_TIMELINE_H */

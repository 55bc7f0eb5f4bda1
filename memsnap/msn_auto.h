/*--------------------------------------------------------------------*/
/*--- memsnap: periodic snapshots.                      msn_auto.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* *Periodic snapshots*: with --snapshot-every=N (or the monitor command
   `snapshot_every`), a snapshot named `auto` (origin auto) is taken
   every N units of the run's clock (--time-unit: bytes allocated,
   milliseconds, instructions), at the first allocation or free at or
   after each due time.  Due times are a grid, start + k * interval, so
   that a clock jumping past several (one big allocation) gives one
   snapshot, and the next stays on the grid.

   The snapshots *held* are the auto snapshots not dropped.  When
   --max-auto-snapshots=K are held, every other one is *dropped* (the
   newest kept, and every second one before it) and the interval doubles:
   what is held stays evenly spread over the run, whatever its length,
   as the timeline's points are.  A dropped snapshot was written when it
   was taken (a run killed by SIGKILL keeps every one taken); the file
   gets a `drop` record for it (docs/file-format.md), and readers skip
   it.  The number written grows with the logarithm of the run's length
   (docs/design.md, "Periodic snapshots").

   The check on the allocation path is the timeline's one comparison:
   this module sets the timeline's alarm to the next due time.

   Called by msn_timeline.c (a snapshot is due), msn_monitor.c (the
   command) and msn_main.c (start-up). */

#ifndef __MSN_AUTO_H
#define __MSN_AUTO_H

#include "msn_basics.h"

/* Starts the schedule of --snapshot-every, if given. */
void MSN_(auto_post_clo_init)(void);

/* The clock reached `now`, at or past the due time: takes a snapshot,
   thins what is held, and sets the next due time. */
void MSN_(auto_snapshot_due)(ULong now);

/* Takes a snapshot every `every` units of the clock from now on (0:
   none).  The snapshots held so far stay (and are thinned with the new
   ones). */
void MSN_(auto_set_interval)(ULong every);

/* The state, for the monitor command. */
typedef
   struct {
      ULong every;     // the interval now (doubled by thinning); 0: off
      ULong asked;     // the interval as given
      ULong next;      // the due time of the next (when every > 0)
      ULong now;       // the clock now
      UInt  n_held;    // auto snapshots held
      UInt  max_held;  // --max-auto-snapshots
      UInt  n_taken;   // auto snapshots taken in the run
   }
   MSN_AutoState;

void MSN_(auto_state)(MSN_AutoState* st);

#endif /* __MSN_AUTO_H */

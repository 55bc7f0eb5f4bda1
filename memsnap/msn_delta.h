/*--------------------------------------------------------------------*/
/*--- memsnap: tables as differences.                  msn_delta.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* A snapshot's *table* is its rows (MSN_SnapEntry: a site, its live
   bytes and blocks and its churn), one per site that allocated since the
   start or the last clear, in site id order.  Most snapshots of a long
   run differ from the one before in a few rows, so a stored snapshot
   keeps its table as *changes* against the table of a *base* snapshot:
   the rows that are new or differ (in any figure: a site may have
   allocated more and still hold the same), and, with alloc_blocks 0 (all
   figures 0), the rows that are gone (after a clear).  A snapshot without a base keeps its whole
   table.  Rebuilding a table applies the changes of each snapshot along
   the chain of bases, from the last one that has its whole table.

   Pure functions on tables; msn_snapshot.c decides what is stored how.
   Only msn_snapshot.c uses this module. */

#ifndef __MSN_DELTA_H
#define __MSN_DELTA_H

#include "msn_basics.h"
#include "msn_snapshot.h"

/* The changes that turn table `from` into table `to`, VG_(malloc)ed into
   *changes (NULL when there are none); returns how many. */
UInt MSN_(table_diff)(const MSN_SnapEntry* from, UInt n_from,
                      const MSN_SnapEntry* to, UInt n_to,
                      MSN_SnapEntry** changes);

/* The changes `first` then `second` as one list (a row in both takes
   second's value), VG_(malloc)ed into *out; returns how many. */
UInt MSN_(changes_merge)(const MSN_SnapEntry* first, UInt n_first,
                         const MSN_SnapEntry* second, UInt n_second,
                         MSN_SnapEntry** out);

/* The whole table of s (s->n_entries rows), VG_(malloc)ed: the table of
   the first snapshot along s's chain of bases that has its entries, with
   the changes of the others applied. */
MSN_SnapEntry* MSN_(table_build)(const MSN_Snapshot* s);

#endif /* __MSN_DELTA_H */

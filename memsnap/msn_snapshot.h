/*--------------------------------------------------------------------*/
/*--- memsnap: snapshots.                           msn_snapshot.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* A *snapshot* is a named copy of the per-site table at one moment: for
   each site that allocated since the start or the last clear_traces, its
   live bytes and blocks and its churn (msn_sites.h).  Taking one costs
   time in proportion to the number of sites, never to the number of
   live blocks.  Snapshots are kept for the whole run (so any two can be
   compared) and each is written to the output file when taken.

   The name `now` is not a stored snapshot: it stands for the current
   state, rebuilt each time it is looked up.

   A name refers to the most recent snapshot with that name, so an older
   one is *shadowed* once the name is taken again: it is in the file
   already, and nothing can reach its entries any more, so they are freed
   (its totals stay, for `list`).  A program taking "tick" every minute
   thus keeps one table in memory, not one per minute.

   A stored snapshot keeps its table as its changes against the snapshot
   stored before it (msn_delta.h), so that memory grows with what changed
   between snapshots, not with sites times snapshots; the whole table is
   kept for the newest snapshot, and for a snapshot whose changes would be
   half its table or more, or whose chain of changes since the last whole
   table would be more than four times its table.  A whole table is
   rebuilt when asked for (MSN_(snapshot_entries)).  The file stores them
   the same way (docs/file-format.md).

   Called by msn_clreq.c and msn_monitor.c (taking, finding, listing),
   msn_auto.c (periodic snapshots, and dropping them),
   msn_stats.c (a snapshot's whole table), msn_peak.c (the peak's copy is
   a snapshot), msn_output.c (a forked child's new file) and msn_main.c
   (the exit snapshot). */

#ifndef __MSN_SNAPSHOT_H
#define __MSN_SNAPSHOT_H

#include "msn_basics.h"
#include "msn_sites.h"

/* How a snapshot was taken.  Starts at a conspicuous value so that a
   zeroed field is never a valid origin. */
typedef enum {
   MSN_ORIGIN_CLIENT = 51,   // a client request
   MSN_ORIGIN_MONITOR,       // a monitor command (vgdb, gdb, the client)
   MSN_ORIGIN_PEAK,          // the peak snapshot, stored at exit
   MSN_ORIGIN_EXIT,          // the end of the run
   MSN_ORIGIN_AUTO           // a periodic snapshot (msn_auto.c)
} MSN_Origin;

/* A row of a table: one site at one moment.  A site has a row iff it
   allocated since the start or the last clear (alloc_blocks > 0); it
   may hold no live block any more. */
typedef
   struct {
      MSN_Site* site;
      ULong     szB;          // live bytes of the site at that moment
      ULong     n_blocks;     // live blocks; may be 0
      ULong     alloc_szB;    // allocated there since the start or clear
      ULong     alloc_blocks; // never 0 in a table (0: gone, in changes)
      ULong     temp_szB;     // of those, freed while temporary
      ULong     temp_blocks;
   }
   MSN_SnapEntry;

typedef
   struct _MSN_Snapshot {
      UInt           id;          // 1, 2, ...; 0 for `now`
      const HChar*   name;
      MSN_Origin     origin;
      ULong          time_ms;     // since the start of the run
      ULong          time_szB;    // bytes allocated so far (Total)
      ULong          szB;         // traced bytes, the sum of the entries
      ULong          n_blocks;    // traced blocks
      ULong          peak_szB;    // peak of traced bytes at that moment
      ULong          alloc_szB;   // the sums of the entries' churn
      ULong          alloc_blocks;
      ULong          temp_szB;
      ULong          temp_blocks;
      ULong          n_clears;    // clear_traces before that moment
      UInt           n_entries;   // rows of the table
      MSN_SnapEntry* entries;     // the table (one row per site with live
                                  // blocks, by site id), or NULL: read it
                                  // with MSN_(snapshot_entries)
      /* How a stored snapshot keeps its table (msn_delta.h). */
      struct _MSN_Snapshot* base; // NULL: entries is the table
      UInt           n_changes;   // else the changes against base's table
      MSN_SnapEntry* changes;
      ULong          chain_rows;  // changes along the chain of bases
      Bool           shadowed;    // a later snapshot has the name: table
                                  // freed, n_entries kept
      Bool           dropped;     // a periodic one thinned away: no longer
                                  // listed; the file says so
   }
   MSN_Snapshot;

void MSN_(snapshots_init)(void);

/* Checks a name given by the user; returns NULL if it is acceptable as
   the name of a new snapshot, else why not. */
const HChar* MSN_(bad_snapshot_name)(const HChar* name);

/* Takes, stores and writes out a snapshot. */
const MSN_Snapshot* MSN_(take_snapshot)(const HChar* name, MSN_Origin origin);

/* Stores and writes out snapshot s (VG_(malloc)ed; the list owns it from
   now on), giving it the next id. */
const MSN_Snapshot* MSN_(store_snapshot)(MSN_Snapshot* s);

/* Fills s's times, totals and entries with the current state (entries is
   VG_(malloc)ed; no base). */
void MSN_(capture_state)(MSN_Snapshot* s);

/* The table of s: n_entries rows by site id.  For a stored snapshot
   without its whole table, the table is rebuilt and kept until two other
   tables have been rebuilt or the next snapshot is stored. */
const MSN_SnapEntry* MSN_(snapshot_entries)(const MSN_Snapshot* s);

/* The most recent snapshot called name, the current state for "now",
   the peak snapshot for "peak", or NULL.  The "now" and "peak" snapshots
   are valid until the next allocation event or lookup of the same name
   (looking "now" up twice gives the same, refreshed, snapshot). */
const MSN_Snapshot* MSN_(find_snapshot)(const HChar* name);

/* Drops the stored periodic snapshot `id` (origin auto, already
   shadowed by a newer one): it is no longer listed, and the file gets a
   record saying so. */
void MSN_(drop_snapshot)(UInt id);

/* Stored snapshots in the order taken: i in 0 .. MSN_(n_snapshots)()-1. */
UInt                MSN_(n_snapshots)(void);
const MSN_Snapshot* MSN_(snapshot_at)(UInt i);

/* Prints "one, two, three" (the stored names, most recent last, without
   repeats) into buf, for error messages. */
void MSN_(snapshot_names)(HChar* buf, SizeT bufsz);

const HChar* MSN_(origin_name)(MSN_Origin origin);

/* How many stored snapshots still hold their table (not shadowed). */
UInt MSN_(n_snapshot_tables)(void);

/* Checks every stored snapshot: ids in order, entries with allocations,
   sums equal to the totals.  O(entries of all snapshots). */
Bool MSN_(check_snapshots)(void);

#endif /* __MSN_SNAPSHOT_H */

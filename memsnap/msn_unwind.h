/*--------------------------------------------------------------------*/
/*--- memsnap: allocation stacks, unwound with a memo. msn_unwind.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* MSN_(unwind) is VG_(get_StackTrace) for the allocation stacks of
   msn_sites.c, made cheaper by a memo of the last stacks unwound: a
   program allocating in a loop unwinds the same stack again and again,
   paying for every frame each time.  The rules that make reusing a stack safe are in
   msn_unwind.c.  Called by msn_sites.c, and by msn_main.c for the
   memo's statistics (--stats=yes). */

#ifndef __MSN_UNWIND_H
#define __MSN_UNWIND_H

#include "msn_basics.h"
#include "pub_tool_debuginfo.h"

/* Unwinding of n_frames frames is the one memoized (the other counts,
   rarer, always unwind). */
void MSN_(unwind_init)(UInt n_frames);

/* The registers at an allocation and its era (msn_unwind.c), the
   thread's stack, and the memo's set for them. */
typedef struct { Addr ip, sp, bp; ULong era; } MSN_StackKey;
typedef struct { Addr max; SizeT size; } MSN_OwnStack;
typedef
   struct {
      Bool         memo;   // False: the memo is not looked in
      MSN_OwnStack stack;
      MSN_StackKey key;
      UWord        set;
   }
   MSN_StackStart;

/* Reads where the stack thread tid is allocating from starts, and sends
   the memo's entries for it on their way to the cache: called before the
   allocation carves out its block, so that their cache misses overlap
   that work; *start then goes to MSN_(unwind) in the same callback
   (nothing of the thread changes in between). */
void MSN_(unwind_start)(ThreadId tid, DiEpoch ep,
                        /*OUT*/MSN_StackStart* start);

/* As VG_(get_StackTrace)(tid, ips, n_max, NULL, NULL, 0), cut after
   main's frame or before the first frame below main (see msn_unwind.c);
   ep is the current debug-info epoch; start is NULL or from
   MSN_(unwind_start).  *note is NULL, or a word that stays with the stack
   in the memo, for the caller to keep what it derives from the stack: it
   is 0 when the stack is first memoized and comes back unchanged each
   time the same stack is reused.  When the note is not 0, it stands for
   the stack: ips are then left unfilled (but for --sanity-level=3, which
   checks the note). */
UInt MSN_(unwind)(ThreadId tid, DiEpoch ep, /*OUT*/Addr* ips, UInt n_max,
                  const MSN_StackStart* start, /*OUT*/UWord** note);

/* The note of the stack of start (from MSN_(unwind_start) in the same
   callback), if the memo holds that stack, reusable now, with a note other
   than 0, and --sanity-level is below 3 (the stack is then counted as
   reused); else 0, and MSN_(unwind) gives the stack. */
UWord MSN_(reused_note)(ThreadId tid, DiEpoch ep,
                        const MSN_StackStart* start);

/* For --stats=yes. */
void MSN_(print_unwind_stats)(void);

#endif /* __MSN_UNWIND_H */

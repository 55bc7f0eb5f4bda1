/*--------------------------------------------------------------------*/
/*--- memsnap: xtree memory reports.                    msn_xtree.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* --xtree-memory=none|allocs|full, --xtree-memory-file and the monitor
   command `xtmemory [FILE]', as memcheck and massif have them, through
   the core's xtree module (pub_tool_xtmemory.h): the traced heap as a
   callgrind-format file (KCachegrind, callgrind_annotate).
     allocs  (and xtmemory without --xtree-memory) the live bytes and
             blocks per allocation stack, read from the sites when the
             report is written: nothing is done per allocation;
     full    also the bytes and blocks allocated and freed so far, per
             stack: the core's counters are told of every traced
             allocation and free (MSN_(xtree_full) set).
   The stacks are the sites' (allocator frames already removed), each
   made into an ExeContext once.

   Called by msn_heap.c (the full mode's counters), msn_monitor.c
   (xtmemory) and msn_main.c (options, the report at exit). */

#ifndef __MSN_XTREE_H
#define __MSN_XTREE_H

#include "msn_basics.h"
#include "msn_sites.h"

/* True with --xtree-memory=full: msn_heap.c then calls the two below. */
extern Bool MSN_(xtree_full);

/* After the command line. */
void MSN_(xtree_post_clo_init)(void);

/* A traced block of szB allocated at site; one freed (or shrunk away) by
   the running thread. */
void MSN_(xtree_alloc)(MSN_Site* site, SizeT szB);
void MSN_(xtree_free)(MSN_Site* site, SizeT szB);

/* Writes the report to file; NULL for the core's name: at exit
   --xtree-memory-file, else xtmemory.kcg.<pid>.<n>.  at_exit for the
   report of --xtree-memory at exit (none: no report). */
void MSN_(xtree_report)(const HChar* file, Bool at_exit);

#endif /* __MSN_XTREE_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: the output file's name.               msn_outname.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Which file each process writes, so that every process, at every depth
   of forking and across exec, owns exactly one file and no file taken
   over by another process loses a snapshot.

   --memsnap-out-file is expanded once, at start-up: %q{VAR} reads the
   environment then (a program that later unsets VAR, and forks, changes
   nothing).  The expansion is kept as *pieces* around each %p, so the
   name of a forked child is the pieces joined by the child's pid.  A name
   without %p gives a child its parent's name followed by .PID: NAME,
   NAME.PID1 for a child, NAME.PID1.PID2 for a grandchild.

   At start-up the name may already be in use:
   - by this very process before an exec (--trace-children=yes): the file
     is the previous program's; if it holds a snapshot, it is renamed
     aside to NAME.exec-N (the first N from 1 not in use); the new program
     starts NAME;
   - by another live process (a parent that forked and exec'd us with a
     name without %p, or the same command running twice): the new program
     writes NAME.PID instead, as a forked child would.
   A file is attributed to a process by the `pid' record of its header.

   Only msn_output.c uses this module. */

#ifndef __MSN_OUTNAME_H
#define __MSN_OUTNAME_H

#include "msn_basics.h"

/* Expands --memsnap-out-file (exits with the core's bad-option message
   if it is malformed) and returns the name this process is to create
   (VG_(malloc)ed), after renaming aside the file of a previous program
   of the same process. */
HChar* MSN_(outname_at_startup)(void);

/* The name of the file of a forked child with that pid, whose parent
   writes parent_name (VG_(malloc)ed). */
HChar* MSN_(outname_for_child)(const HChar* parent_name, Int pid);

#endif /* __MSN_OUTNAME_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: the output file.                       msn_output.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Writes the output file exactly as docs/file-format.md specifies: a
   header, then each snapshot (with the frame and stack definitions it
   needs) as it is taken, then the timeline and the summary at exit.  Each snapshot is
   written out with write(2) when taken, so a killed run leaves every
   snapshot taken before.

   A forked child gets a file of its own (named by msn_outname.c),
   created when it first has something to write; it starts with the
   snapshots inherited from the parent.

   Called by msn_snapshot.c (each snapshot, and dropping one) and msn_main.c (start-up, the
   summary at exit). */

#ifndef __MSN_OUTPUT_H
#define __MSN_OUTPUT_H

#include "msn_basics.h"
#include "msn_snapshot.h"

/* Creates the file named by --memsnap-out-file and writes the header.
   Exits with a bad-option error if it cannot be created. */
void MSN_(output_init)(void);

/* Writes every stored snapshot not yet in the file (s is the newest). */
void MSN_(output_snapshot)(const MSN_Snapshot* s);

/* Records in the file that snapshot s, written before, is dropped (a
   periodic snapshot thinned away), if it is in this file. */
void MSN_(output_drop)(const MSN_Snapshot* s);

/* Writes the timeline and the summary record, and closes the file. */
void MSN_(output_summary)(const MSN_Totals* totals);

/* The name of the file this process writes, and how many snapshots it
   holds. */
const HChar* MSN_(output_file_name)(void);
UInt         MSN_(output_n_snapshots)(void);

#endif /* __MSN_OUTPUT_H */

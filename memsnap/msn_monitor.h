/*--------------------------------------------------------------------*/
/*--- memsnap: monitor commands.                     msn_monitor.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The monitor commands: what vgdb, gdb's `monitor` and a program's
   VALGRIND_MONITOR_COMMAND send to memsnap while the program runs.  A
   thin layer over the snapshot, statistics and heap modules, printing
   the same things as the client requests.  Called by msn_clreq.c: the
   core passes monitor commands to the tool as a client request. */

#ifndef __MSN_MONITOR_H
#define __MSN_MONITOR_H

#include "msn_basics.h"

/* Handles one monitor command, answering the sender.  False if it is not
   memsnap's (the core then answers a gdb or vgdb user itself). */
Bool MSN_(handle_monitor_command)(const HChar* command);

#endif /* __MSN_MONITOR_H */

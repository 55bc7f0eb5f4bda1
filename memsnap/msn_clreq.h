/*--------------------------------------------------------------------*/
/*--- memsnap: client requests and monitor commands.   msn_clreq.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The client requests: memsnap.h's, from the program, and the core's
   requests for custom allocators and monitor commands (which go to
   msn_monitor.c).  A thin layer over the snapshot, statistics and heap
   modules, printing the same things as the monitor commands.  Called by
   msn_main.c, which gives the handler to the core. */

#ifndef __MSN_CLREQ_H
#define __MSN_CLREQ_H

#include "msn_basics.h"

/* Valgrind's client-request handler (VG_(needs_client_requests)). */
Bool MSN_(handle_client_request)(ThreadId tid, UWord* arg, UWord* ret);

#endif /* __MSN_CLREQ_H */

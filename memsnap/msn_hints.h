/*--------------------------------------------------------------------*/
/*--- memsnap: advice at exit.                         msn_hints.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Hints printed at exit, one line each, when the statistics suggest that
   an option or a package would make them point at the user's code:

   - a *wrapper*: the function charged the most bytes is called from many
     distinct places (WRAPPER_MIN_CALLERS lines or more), as an allocation
     wrapper is: --alloc-fn=NAME would charge its callers instead;
   - *no lines*: most bytes are charged to frames without line
     information: the objects that lack debug info are named.

   Also the warnings about options: a pattern that matched nothing
   (msn_attrib.c), Valgrind's --num-callers, which memsnap does not use.
   Called by msn_main.c. */

#ifndef __MSN_HINTS_H
#define __MSN_HINTS_H

#include "msn_basics.h"
#include "msn_snapshot.h"

/* After the options: warns about core options memsnap ignores. */
void MSN_(warn_ignored_options)(void);

/* At exit: the hints that apply to snapshot s (the peak's, or the exit
   one), then the warnings about patterns. */
void MSN_(print_hints)(const MSN_Snapshot* s);

#endif /* __MSN_HINTS_H */

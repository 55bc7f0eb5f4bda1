/*--------------------------------------------------------------------*/
/*--- memsnap: tracemalloc's size formatting.         msn_format.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Python's tracemalloc._format_size(size, sign), byte for byte.

   Valgrind's own printf cannot produce it: it has no `+` flag and its
   %f rounds ties down, where Python rounds the exact binary value half
   to even.  So this module does the decimal rounding itself, in integer
   arithmetic on the double's mantissa.  Also here: the escaping of text
   a user gave (a snapshot name, a key) for a one-line message.  It uses
   no VG_() service, so the unit test in tests/unit compiles it
   natively.  And the reading of an interval of the clock, as
   --snapshot-every and the monitor command `snapshot_every` take it.
   Called by msn_stats.c, by msn_clreq.c and msn_monitor.c (escaping),
   and by msn_options.c and msn_monitor.c (intervals). */

#ifndef __MSN_FORMAT_H
#define __MSN_FORMAT_H

#include "pub_tool_basics.h"

#ifndef MSN_
#define MSN_(str) VGAPPEND(vgMemSnap_, str)
#endif

/* Large enough for any result, e.g. "+16777216 TiB". */
#define MSN_SIZE_BUF 40

/* Writes _format_size(szB, sign) into buf (MSN_SIZE_BUF bytes). */
void MSN_(format_size)(HChar* buf, Long szB, Bool sign);

/* The same for a float value, such as an average size/count. */
void MSN_(format_size_double)(HChar* buf, double v, Bool sign);

/* Writes text into buf (buf_szB bytes, at least 8) so that it prints on
   one line and shows what it holds: a newline as \n, a tab as \t, a
   carriage return as \r, a backslash as \\, any other byte that is not
   printable ASCII as \xNN.  A text too long for buf ends with "...".
   For echoing names and keys a user gave in a one-line message. */
void MSN_(escape_text)(HChar* buf, SizeT buf_szB, const HChar* text);

/* Room for the escape of a text of n characters, all of it. */
#define MSN_ESCAPED_SZB(n) (4 * (n) + 1)

/* Reads an interval of the clock: a positive decimal number and its unit,
   one of B, KiB, MiB, GiB (bytes allocated), ms, s (milliseconds), i
   (instructions executed), with nothing between them or after.  Returns
   NULL and sets *n (in B, ms or i) and *unit ("B", "ms" or "i"), or
   returns why the text is no interval. */
const HChar* MSN_(parse_interval)(const HChar* text, ULong* n,
                                  const HChar** unit);

#endif /* __MSN_FORMAT_H */

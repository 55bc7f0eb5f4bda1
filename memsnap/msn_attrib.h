/*--------------------------------------------------------------------*/
/*--- memsnap: the frame a block is charged to.       msn_attrib.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Which frame of a symbolized stack its blocks are charged to: the
   stack's *attributed* frame, which gives the lineno, filename and
   function keys and the label of its traceback.

   An *allocator frame* is one of a function that allocates for its
   caller: the built-in list (the C library's allocation functions and
   the dynamic loader's own malloc) or a match of --alloc-fn.  A stack's
   leading allocator frames are *hidden*: kept in the output file, but
   neither shown nor grouped by.

   *System code* is a frame in a *system object* (the dynamic loader,
   objects under /lib, /lib64, /usr/lib, /usr/lib64 and /usr/libexec, but
   never the main executable) or one whose source file is a *system
   header* (under /usr/include, or under /usr/lib, where compilers keep
   their own headers), or whose object or source file matches
   --system-code; a match of --user-code makes any frame the user's.

   --attribute=user charges a stack to its innermost shown frame that is
   not system code, or, if every frame is, to its innermost shown frame;
   --attribute=innermost to its innermost shown frame.  The verdicts are
   kept per frame (frames are interned), so each frame is classified once,
   when a stack is first symbolized: never on the allocation path.
   docs/file-format.md states the same rules for memsnap_print.
   Called by msn_output.c, msn_sites.c. */

#ifndef __MSN_ATTRIB_H
#define __MSN_ATTRIB_H

#include "msn_basics.h"
#include "msn_symbols.h"

/* For the n >= 1 frames of a stack, innermost first: *n_hidden, its
   leading allocator frames (at most n - 1), and *attributed, the index
   of its attributed frame (>= *n_hidden). */
void MSN_(attribute)(UInt n, MSN_Frame* const* frames,
                     /*OUT*/UInt* n_hidden, /*OUT*/UInt* attributed);

/* The main executable's path as frames name their objects ("" until it
   is known, or if it cannot be found). */
const HChar* MSN_(main_exe)(void);

#endif /* __MSN_ATTRIB_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: frames and grouping keys.             msn_symbols.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Turns code addresses into source-level frames, and frames into the
   keys statistics are grouped by.

   A *frame* is one level of a call stack as a user reads it: function,
   source file, directory, line and object, and the code address it was
   found at (with its offset in the object's file, the same in every run
   despite address-space randomisation).  One code address gives one
   frame per level of inlining (innermost first).  Frames are interned:
   equal frames are one MSN_Frame, so pointer equality is frame equality.

   A *key* is what tracemalloc groups a statistic by: a source line, a
   file, a function, or a whole traceback.  Keys are interned too and
   numbered densely (MSN_Key.id), so grouping can accumulate into plain
   arrays indexed by key id.  docs/file-format.md gives the exact rules
   that derive a frame's keys; memsnap_print applies the same ones.

   Everything here is computed once per distinct code address, never per
   allocation.

   The key words ("lineno,cumulative") are read and written here too, for
   --key, the client requests and the monitor commands.

   Called by msn_sites.c (symbolizing a stack), msn_unwind.c (frames
   below main), msn_attrib.c (classifying frames), msn_stats.c and
   msn_hints.c (comparing and printing keys), msn_options.c, msn_clreq.c
   and msn_monitor.c (key words) and msn_main.c (key words, statistics). */

#ifndef __MSN_SYMBOLS_H
#define __MSN_SYMBOLS_H

#include "msn_basics.h"
#include "pub_tool_debuginfo.h"

typedef struct _MSN_Frame MSN_Frame;

/* A grouping key.  Two keys are equal iff their (kind, name, line,
   qualifier) are equal; for traceback keys, iff their lists of lineno
   keys are equal. */
typedef
   struct _MSN_Key {
      UInt         id;          // dense: 0 .. MSN_(n_keys)() - 1
      MSN_KeyKind  kind;
      const HChar* name;        // interned; first field of the sort tuple
      UInt         line;        // second field of the sort tuple
      const HChar* qualifier;   // interned directory or object: tie-break
      Bool         show_line;   // label is "name:line", else "name"
      /* Only used when kind == MSN_KEY_TRACEBACK: */
      UInt               n_frames;
      struct _MSN_Key**  line_keys;   // n_frames lineno keys, innermost first
      MSN_Frame**        frames;      // the frames of the first such stack
      struct _MSN_Key*   label_key;   // lineno key of the attributed frame
   }
   MSN_Key;

struct _MSN_Frame {
   const HChar* fn;       // demangled function name; "" if unknown
   const HChar* file;     // file name as printed (--fullpath-after); ""
   const HChar* dir;      // directory from the debug info, normalised
                          // (no "." or "dir/.." steps); "" if unknown
   const HChar* obj;      // full path of the object; "" if unknown
   UInt         line;     // 0 iff no line information (then file == "")
   Addr         addr;     // the code address; 0 only in the unknown frame
   ULong        offset;   // addr's offset in obj's file (0 if obj is "")
   Bool         is_main;  // fn is the program's main (Vg_FnNameMain)
   Bool         is_below_main;   // MSN_(fn_is_below_main)(fn)
   UChar        attrib_class;    // msn_attrib.c's verdict, 0 until known
   MSN_Key*     key_lineno;
   MSN_Key*     key_filename;
   MSN_Key*     key_function;
   UInt         out_id;   // id in the output file; see msn_output.c
   UInt         out_gen;  // output generation out_id belongs to
};

/* Whether a function is below main: the C library's start-up code that
   calls main (Valgrind's Vg_FnNameBelowMain, and _start), or the code a
   thread starts in (start_thread, clone, clone3).  No stack is shown
   past one. */
Bool MSN_(fn_is_below_main)(const HChar* fn);

/* Returns the interned copy of s.  Interned strings are equal iff their
   pointers are equal, and live until the end of the run. */
const HChar* MSN_(intern)(const HChar* s);

/* Appends to `frames` (an XArray of MSN_Frame*) the frames of code address
   ip as of debug-info epoch ep, innermost inlined level first.  Always
   appends at least one frame.  Memoised per (ep, ip). */
void MSN_(append_frames_of_ip)(DiEpoch ep, Addr ip, XArray* frames);

/* The frame of which nothing is known: printed <unknown>:0. */
MSN_Frame* MSN_(unknown_frame)(void);

/* The key of frame f for kind (not MSN_KEY_TRACEBACK). */
MSN_Key* MSN_(frame_key)(const MSN_Frame* f, MSN_KeyKind kind);

/* The interned traceback key of n >= 1 frames (innermost first) whose
   attributed frame is frames[attributed] (the site keeps the frames from
   its attributed frame outward).  `frames` must stay valid for
   the rest of the run (the key keeps it for printing). */
MSN_Key* MSN_(traceback_key)(UInt n, MSN_Frame** frames, UInt attributed);

UInt     MSN_(n_keys)(void);
UInt     MSN_(n_frames)(void);

/* Orders keys of one kind as tracemalloc orders tracebacks. */
Int MSN_(compare_keys)(const MSN_Key* a, const MSN_Key* b);

/* Writes the key's printed label into buf (size bufsz, truncating). */
void MSN_(key_label)(const MSN_Key* k, HChar* buf, SizeT bufsz);

/* Writes one frame as printed under a traceback entry, as Valgrind's
   tools print them ("0xADDR: FN (FILE:LINE)", "0xADDR: FN (in OBJ)",
   "0xADDR: ???"; "???" for the unknown frame) into buf. */
void MSN_(frame_text)(const MSN_Frame* f, HChar* buf, SizeT bufsz);

/* The key words, as users write them: --key, client requests, monitor
   commands. */

/* Parses "lineno", "filename", "function" or "traceback", optionally
   followed by ",cumulative" and by a measure, ",allocated" or
   ",temporary" (in any order; live blocks without one).  Returns NULL on
   success, else a message saying what is wrong. */
const HChar* MSN_(parse_grouping)(const HChar* text, /*OUT*/MSN_Grouping* g);

/* Whether text is meant as a key: a key word, perhaps followed by a comma
   and more (which MSN_(parse_grouping) then judges). */
Bool MSN_(names_key)(const HChar* text);

/* Writes g as MSN_(parse_grouping) reads it ("lineno,cumulative",
   "lineno,allocated") into
   buf (MSN_GROUPING_TEXT_SZB bytes). */
#define MSN_GROUPING_TEXT_SZB 32
void MSN_(grouping_text)(MSN_Grouping g, HChar* buf);

#endif /* __MSN_SYMBOLS_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: command-line options.                 msn_options.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* All of memsnap's command-line options: their variables (clo_*), the
   parser, the --help text, and the checks that need the whole command
   line.  Set only here; read by msn_attrib.c, msn_auto.c, msn_hints.c
   (the patterns that matched nothing), msn_main.c, msn_monitor.c,
   msn_output.c, msn_outname.c, msn_peak.c, msn_sites.c, msn_timeline.c
   and msn_unwind.c. */

#ifndef __MSN_OPTIONS_H
#define __MSN_OPTIONS_H

#include "msn_basics.h"

/* The deepest stack Valgrind can unwind (VG_DEEPEST_BACKTRACE). */
#define MSN_MAX_DEPTH 500

extern const HChar* MSN_(clo_out_file);      // --memsnap-out-file
extern Bool         MSN_(clo_out_file_given); // ... given by the user
extern Int          MSN_(clo_depth);         // --depth
extern MSN_Grouping MSN_(clo_key);           // --key
extern Int          MSN_(clo_stats_at_exit); // --stats-at-exit
extern Bool         MSN_(clo_trace_at_start);// --trace-at-start
extern Bool         MSN_(clo_unwind_memo);   // --unwind-memo (debug)
extern double       MSN_(clo_peak_inaccuracy);// --peak-inaccuracy, percent
extern Int          MSN_(clo_stats_at_peak); // --stats-at-peak
extern MSN_TimeUnit MSN_(clo_time_unit);     // --time-unit
extern ULong        MSN_(clo_snapshot_every);// --snapshot-every, in the
                                             // time unit; 0: none
extern Int          MSN_(clo_max_auto_snapshots); // --max-auto-snapshots

/* --attribute: which frame of a stack a block is charged to
   (msn_attrib.c). */
typedef enum { MSN_ATTRIBUTE_USER, MSN_ATTRIBUTE_INNERMOST } MSN_Attribute;
extern MSN_Attribute MSN_(clo_attribute);

/* A glob of --alloc-fn, --system-code or --user-code, and whether it has
   matched anything yet (a pattern that never matches is warned about). */
typedef struct { const HChar* glob; Bool matched; } MSN_Pattern;
extern XArray* MSN_(clo_alloc_fns);     // of MSN_Pattern
extern XArray* MSN_(clo_system_code);
extern XArray* MSN_(clo_user_code);

void MSN_(options_init)(void);
Bool MSN_(process_cmd_line_option)(const HChar* arg);
void MSN_(print_usage)(void);
void MSN_(print_debug_usage)(void);

/* True iff some --alloc-fn was given. */
Bool MSN_(have_alloc_fns)(void);

/* True iff s matches one of the patterns (an XArray of MSN_Pattern);
   marks every pattern that matches. */
Bool MSN_(matches_pattern)(XArray* patterns, const HChar* s);

/* True iff function name fn matches one of the --alloc-fn globs. */
Bool MSN_(is_alloc_fn)(const HChar* fn);

/* The options as given, space separated, for the output file header. */
const HChar* MSN_(options_text)(void);

#endif /* __MSN_OPTIONS_H */

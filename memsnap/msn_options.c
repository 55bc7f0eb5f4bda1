/*--------------------------------------------------------------------*/
/*--- memsnap: command-line options.                 msn_options.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_options.h.  Each option appears three times, side by
   side: its variable with the default, its parser line, and its usage
   line.  Keep them together when adding one. */

#include "msn_basics.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_seqmatch.h"
#include "msn_format.h"
#include "msn_options.h"
#include "msn_symbols.h"

const HChar* MSN_(clo_out_file)       = "memsnap.out.%p";
Bool         MSN_(clo_out_file_given) = False;
Int          MSN_(clo_depth)          = 12;
MSN_Grouping MSN_(clo_key)            = { MSN_KEY_LINENO, False,
                                          MSN_MEASURE_LIVE };
Int          MSN_(clo_stats_at_exit)  = 10;
Bool         MSN_(clo_trace_at_start) = True;
Bool         MSN_(clo_unwind_memo)    = True;
double       MSN_(clo_peak_inaccuracy) = 1.0;
Int          MSN_(clo_stats_at_peak)  = 10;
MSN_TimeUnit MSN_(clo_time_unit)      = MSN_TIME_BYTES;
ULong        MSN_(clo_snapshot_every) = 0;
Int          MSN_(clo_max_auto_snapshots) = 100;
static const HChar* time_unit_option; // --time-unit as given, or NULL
static const HChar* every_option;     // --snapshot-every as given, or NULL
MSN_Attribute MSN_(clo_attribute)     = MSN_ATTRIBUTE_USER;
XArray*      MSN_(clo_alloc_fns);     // --alloc-fn, of MSN_Pattern
XArray*      MSN_(clo_system_code);   // --system-code, of MSN_Pattern
XArray*      MSN_(clo_user_code);     // --user-code, of MSN_Pattern
static XArray* options_text;          // every memsnap option, of HChar

static XArray* new_pattern_list(const HChar* cc)
{
   return VG_(newXA)(VG_(malloc), cc, VG_(free), sizeof(MSN_Pattern));
}

void MSN_(options_init)(void)
{
   MSN_(clo_alloc_fns)   = new_pattern_list("msn.options.alloc_fns");
   MSN_(clo_system_code) = new_pattern_list("msn.options.system_code");
   MSN_(clo_user_code)   = new_pattern_list("msn.options.user_code");
   options_text = VG_(newXA)(VG_(malloc), "msn.options.text", VG_(free),
                             sizeof(HChar));
}

/* --alloc-fn, --system-code, --user-code: a glob added to a list. */
static Bool parse_pattern_option(const HChar* arg)
{
   const HChar* glob;
   XArray*      list;
   if VG_STR_CLO(arg, "--alloc-fn", glob)         list = MSN_(clo_alloc_fns);
   else if VG_STR_CLO(arg, "--system-code", glob) list = MSN_(clo_system_code);
   else if VG_STR_CLO(arg, "--user-code", glob)   list = MSN_(clo_user_code);
   else return False;
   if (glob[0] == '\0')
      VG_(fmsg_bad_option)(arg, "the pattern is empty\n");
   MSN_Pattern p = { glob, False };
   VG_(addToXA)(list, &p);
   return True;
}

static void remember_option(const HChar* arg)
{
   if (VG_(sizeXA)(options_text) > 0)
      VG_(addBytesToXA)(options_text, " ", 1);
   VG_(addBytesToXA)(options_text, arg, VG_(strlen)(arg));
}

/* --key=<key>[,cumulative]: the same keys the client requests take. */
static Bool parse_key_option(const HChar* arg)
{
   const HChar* value;
   if (!VG_STR_CLO(arg, "--key", value))
      return False;
   const HChar* why = MSN_(parse_grouping)(value, &MSN_(clo_key));
   if (why)
      VG_(fmsg_bad_option)(arg, "%s\n", why);
   if (MSN_(clo_key).measure != MSN_MEASURE_LIVE)
      VG_(fmsg_bad_option)(arg, "--key takes no measure: the exit summary "
                           "prints what is allocated at exit and the most "
                           "allocations both\n");
   return True;
}

static MSN_TimeUnit unit_named(const HChar* name)
{
   return VG_STREQ(name, "B") ? MSN_TIME_BYTES
        : VG_STREQ(name, "ms") ? MSN_TIME_MS : MSN_TIME_INSTRS;
}

static const HChar* unit_name(MSN_TimeUnit unit)
{
   return unit == MSN_TIME_BYTES ? "B" : unit == MSN_TIME_MS ? "ms" : "i";
}

/* --time-unit=B|ms|i; the clock --snapshot-every counts in, whichever of
   the two comes first. */
static Bool parse_time_unit_option(const HChar* arg)
{
   const HChar* value;
   if (!VG_STR_CLO(arg, "--time-unit", value))
      return False;
   if (!VG_STREQ(value, "B") && !VG_STREQ(value, "ms") && !VG_STREQ(value, "i"))
      VG_(fmsg_bad_option)(arg, "the time unit is B, ms or i\n");
   if (every_option && unit_named(value) != MSN_(clo_time_unit))
      VG_(fmsg_bad_option)(arg, "%s counts in %s, the clock of the run: give "
                           "both in the same unit\n", every_option,
                           unit_name(MSN_(clo_time_unit)));
   MSN_(clo_time_unit) = unit_named(value);
   time_unit_option     = arg;
   return True;
}

/* --snapshot-every=<N><unit>: the unit is the run's clock, so it sets
   --time-unit when that is not given. */
static Bool parse_snapshot_every_option(const HChar* arg)
{
   const HChar* value;
   const HChar* unit;
   ULong        every;
   if (!VG_STR_CLO(arg, "--snapshot-every", value))
      return False;
   const HChar* why = MSN_(parse_interval)(value, &every, &unit);
   if (why)
      VG_(fmsg_bad_option)(arg, "%s\n", why);
   if (time_unit_option && unit_named(unit) != MSN_(clo_time_unit))
      VG_(fmsg_bad_option)(arg, "the clock of the run is %s: give the "
                           "interval in %s%s\n", time_unit_option,
                           unit_name(MSN_(clo_time_unit)),
                           MSN_(clo_time_unit) == MSN_TIME_BYTES
                              ? " (or KiB, MiB, GiB)"
                              : MSN_(clo_time_unit) == MSN_TIME_MS
                              ? " (or s)" : "");
   MSN_(clo_time_unit)      = unit_named(unit);
   MSN_(clo_snapshot_every) = every;
   every_option             = arg;
   return True;
}

Bool MSN_(process_cmd_line_option)(const HChar* arg)
{
        if VG_STR_CLO (arg, "--memsnap-out-file", MSN_(clo_out_file)) {
      MSN_(clo_out_file_given) = True;
   }
   else if VG_BINT_CLO(arg, "--depth", MSN_(clo_depth), 1, MSN_MAX_DEPTH) {}
   else if (parse_pattern_option(arg)) {}
   else if VG_XACT_CLO(arg, "--attribute=user", MSN_(clo_attribute),
                       MSN_ATTRIBUTE_USER) {}
   else if VG_XACT_CLO(arg, "--attribute=innermost", MSN_(clo_attribute),
                       MSN_ATTRIBUTE_INNERMOST) {}
   else if (VG_(strncmp)(arg, "--attribute=", 12) == 0)
      VG_(fmsg_bad_option)(arg, "--attribute is user or innermost\n");
   else if (parse_key_option(arg)) {}
   else if VG_BINT_CLO(arg, "--stats-at-exit", MSN_(clo_stats_at_exit),
                       0, 1000000) {}
   else if VG_BOOL_CLO(arg, "--trace-at-start", MSN_(clo_trace_at_start)) {}
   else if VG_BOOL_CLO(arg, "--unwind-memo", MSN_(clo_unwind_memo)) {}
   else if VG_DBL_CLO (arg, "--peak-inaccuracy", MSN_(clo_peak_inaccuracy)) {
      if (MSN_(clo_peak_inaccuracy) < 0 || MSN_(clo_peak_inaccuracy) > 100)
         VG_(fmsg_bad_option)(arg, "give a percentage from 0 to 100\n");
   }
   else if VG_BINT_CLO(arg, "--stats-at-peak", MSN_(clo_stats_at_peak),
                       0, 1000000) {}
   else if (parse_time_unit_option(arg)) {}
   else if (parse_snapshot_every_option(arg)) {}
   else if VG_BINT_CLO(arg, "--max-auto-snapshots",
                       MSN_(clo_max_auto_snapshots), 2, 100000) {}
   else
      /* --alignment, --xtree-memory (msn_xtree.c) and the core's other
         malloc-replacement options. */
      return VG_(replacement_malloc_process_cmd_line_option)(arg);

   remember_option(arg);
   return True;
}

void MSN_(print_usage)(void)
{
   VG_(printf)(
"    --memsnap-out-file=<file>  output file [memsnap.out.%%p]; %%p is the pid,\n"
"                               %%q{VAR} the value of environment variable VAR\n"
"    --depth=<number>           frames recorded per allocation stack,\n"
"                               1 to %d [12]\n"
"    --alloc-fn=<glob>          also an allocator: frames of matching functions\n"
"                               at the top of a stack are skipped; repeatable\n"
"    --attribute=user|innermost the frame a block is charged to: the innermost\n"
"                               one of the user's code, or the innermost one\n"
"                               that is not an allocator's [user]\n"
"    --system-code=<glob>       also system code: objects or source files\n"
"                               matching are not the user's; repeatable\n"
"    --user-code=<glob>         the user's code even where it matches a system\n"
"                               pattern (objects or source files); repeatable\n"
"    --key=lineno|filename|function|traceback[,cumulative]\n"
"                               grouping of the statistics printed at exit\n"
"                               [lineno]\n"
"    --stats-at-exit=<number>   print the top <number> statistics of what is\n"
"                               still allocated at exit; 0 for none [10]\n"
"    --trace-at-start=no|yes    record blocks from the start; with no, nothing\n"
"                               is recorded until VALGRIND_MEMSNAP_START() or\n"
"                               'monitor start' [yes]\n"
"    --peak-inaccuracy=<percent> record a new peak snapshot only when the peak\n"
"                               grew by more than this since the last one;\n"
"                               0 for an exact peak snapshot [1.0]\n"
"    --stats-at-peak=<number>   print the top <number> statistics at the peak\n"
"                               after the exit summary; 0 for none [10]\n"
"    --time-unit=B|ms|i         clock of the timeline: bytes allocated,\n"
"                               milliseconds or instructions [B]\n"
"    --snapshot-every=<N><unit> take a snapshot named auto every N units of\n"
"                               the clock: B, KiB, MiB, GiB (bytes allocated;\n"
"                               sets --time-unit), ms, s or i [none]\n"
"    --max-auto-snapshots=<K>   auto snapshots kept, 2 to 100000: when K are\n"
"                               kept, every other is dropped and the interval\n"
"                               doubles [100]\n"
"    --xtree-memory=none|allocs|full  write the traced heap as an xtree at\n"
"                               exit (callgrind format); full adds what was\n"
"                               allocated and freed [none]\n"
"    --xtree-memory-file=<file> its file [xtmemory.kcg.%%p]\n",
      MSN_MAX_DEPTH);
}

void MSN_(print_debug_usage)(void)
{
   VG_(printf)(
"    --unwind-memo=no|yes      reuse allocation stacks unwound before when\n"
"                              their return addresses are in place [yes]\n");
}

Bool MSN_(have_alloc_fns)(void)
{
   return VG_(sizeXA)(MSN_(clo_alloc_fns)) > 0;
}

Bool MSN_(matches_pattern)(XArray* patterns, const HChar* s)
{
   Bool hit = False;
   for (Word i = 0; i < VG_(sizeXA)(patterns); i++) {
      MSN_Pattern* p = VG_(indexXA)(patterns, i);
      if (VG_(string_match)(p->glob, s))
         hit = p->matched = True;
   }
   return hit;
}

Bool MSN_(is_alloc_fn)(const HChar* fn)
{
   return MSN_(matches_pattern)(MSN_(clo_alloc_fns), fn);
}

const HChar* MSN_(options_text)(void)
{
   HChar nul = '\0';
   VG_(addToXA)(options_text, &nul);
   const HChar* text = VG_(indexXA)(options_text, 0);
   VG_(dropTailXA)(options_text, 1);
   return text;
}

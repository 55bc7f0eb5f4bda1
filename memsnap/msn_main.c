/*--------------------------------------------------------------------*/
/*--- memsnap: heap snapshots, compared as tracemalloc does.       ---*/
/*---                                                   msn_main.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap, a Valgrind tool that takes snapshots of
   the live heap and compares them the way Python's tracemalloc does.

   Copyright (C) 2026 the memsnap authors.

   This program is free software; you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation; either version 2 of the License, or (at
   your option) any later version.

   This program is distributed in the hope that it will be useful, but
   WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
   General Public License for more details.

   You should have received a copy of the GNU General Public License
   along with this program; if not, see <http://www.gnu.org/licenses/>.
*/

/*------------------------------------------------------------*/
/*--- Overview of operation                                ---*/
/*------------------------------------------------------------*/

/* memsnap replaces the client's allocator (msn_heap.c).  Every block the
   client holds has a record of its size and site: small blocks come from
   memsnap's own slabs, with their records beside them (msn_slabs.c),
   bigger ones from Valgrind's arena, with their records in the live-block
   table (msn_blocks.c); blocks of the client's own allocator, announced
   with VALGRIND_MALLOCLIKE_BLOCK, have a table of their own.  A block is
   *traced* when it was allocated while memsnap was recording.  Each
   traced block belongs to the *site* where it was allocated: its
   allocation stack, captured as code addresses (msn_unwind.c reuses
   stacks unwound before) and interned (msn_sites.c).  A site keeps the live
   bytes and blocks allocated there, and its *churn*: the bytes and blocks
   allocated there since the start (or the last clear_traces), and how
   many were *temporary*, freed before any other allocation was made; so
   the per-stack table is always up to date, and the traced totals
   (current, peak, total) with it.

   A *snapshot* (msn_snapshot.c) copies that per-site table, at a cost
   proportional to the number of sites, under a name the user chooses.
   Snapshots come from client requests (msn_clreq.c), monitor commands
   (msn_monitor.c), and the end of the run (`exit`, below).  Each one is
   appended to the output file as it is taken (msn_output.c).

   Sites become readable only when something needs them: they are then
   *symbolized* once into *frames* (function, file, line, object; one per
   level of inlining), and frames into the *keys* that statistics group
   by: a line, a file, a function, or a whole traceback (msn_symbols.c).
   Statistics and compare follow tracemalloc to the byte (msn_stats.c,
   with the size formatting in msn_format.c).

   The *peak* is the highest traced byte count since the start (or the
   last reset_peak); `At peak` reports the blocks at that moment.

   Read next: msn_heap.h, then msn_sites.h and msn_snapshot.h. */

#include "msn_basics.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_tooliface.h"
#include "msn_auto.h"
#include "msn_clreq.h"
#include "msn_compat.h"
#include "msn_heap.h"
#include "msn_hints.h"
#include "msn_options.h"
#include "msn_output.h"
#include "msn_peak.h"
#include "msn_sites.h"
#include "msn_snapshot.h"
#include "msn_stats.h"
#include "msn_unwind.h"
#include "msn_symbols.h"
#include "msn_timeline.h"
#include "msn_xtree.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

/*------------------------------------------------------------*/
/*--- Exit                                                 ---*/
/*------------------------------------------------------------*/

static void print_summary(const MSN_Totals* t)
{
   VG_(umsg)("Total:     %'llu bytes in %'llu block%s\n", t->total_szB,
             t->total_blocks, PLURAL(t->total_blocks));
   VG_(umsg)("At peak:   %'llu bytes in %'llu block%s\n", t->run_peak_szB,
             t->run_peak_blocks, PLURAL(t->run_peak_blocks));
   VG_(umsg)("At exit:   %'llu bytes in %'llu block%s\n", t->cur_szB,
             t->cur_blocks, PLURAL(t->cur_blocks));
}

/* The sites that allocated most, by the exit snapshot's churn: the
   run's Total, split by key (since the last clear, if any). */
static void print_most_allocations(const MSN_Snapshot* at_exit)
{
   if (at_exit->alloc_blocks == 0)
      return;
   MSN_Grouping g = MSN_(clo_key);
   HChar key[MSN_GROUPING_TEXT_SZB];
   MSN_(grouping_text)(g, key);
   g.measure = MSN_MEASURE_ALLOCATED;
   VG_(umsg)("\n");
   VG_(umsg)("Most allocations (%'llu bytes in %'llu block%s since the "
             "%s), top %d by %s:\n", at_exit->alloc_szB,
             at_exit->alloc_blocks, PLURAL(at_exit->alloc_blocks),
             at_exit->n_clears ? "last clear" : "start",
             MSN_(clo_stats_at_exit), key);
   MSN_(print_statistics)(MSN_(sink_log), at_exit, g,
                          (UInt)MSN_(clo_stats_at_exit), /*heading*/False);
}

static void print_exit_statistics(const MSN_Snapshot* at_exit)
{
   if (MSN_(clo_stats_at_exit) == 0)
      return;
   VG_(umsg)("\n");
   if (at_exit->n_blocks == 0) {
      VG_(umsg)("Nothing traced is allocated at exit.\n");
   } else {
      HChar key[MSN_GROUPING_TEXT_SZB];
      MSN_(grouping_text)(MSN_(clo_key), key);
      VG_(umsg)("Allocated at exit, top %d by %s:\n",
                MSN_(clo_stats_at_exit), key);
      MSN_(print_statistics)(MSN_(sink_log), at_exit, MSN_(clo_key),
                             (UInt)MSN_(clo_stats_at_exit),
                             /*heading*/False);
   }
   print_most_allocations(at_exit);
}

/* Where the peak snapshot's moment is, for the heading of its table:
   "the peak" when it is the summary's `At peak`; else, with
   --peak-inaccuracy, a moment within that much of it; else the peak since
   the last reset_peak or clear (lower than the run's). */
static void peak_moment_text(const MSN_Snapshot* peak, const MSN_Totals* t,
                             HChar* buf, SizeT buf_szB)
{
   double p = MSN_(clo_peak_inaccuracy);
   if (peak->szB == t->run_peak_szB && peak->n_blocks == t->run_peak_blocks) {
      VG_(snprintf)(buf, buf_szB, "the peak");
   } else if (p > 0 && (double)peak->szB * (1.0 + p / 100.0)
                          >= (double)t->run_peak_szB) {
      /* p has at most 3 decimals that matter; print them without zeros. */
      ULong milli = (ULong)(p * 1000.0 + 0.5);
      HChar num[32];
      Int   n = VG_(sprintf)(num, "%llu.%03llu", milli / 1000, milli % 1000);
      while (num[n - 1] == '0')
         num[--n] = '\0';
      if (num[n - 1] == '.')
         num[--n] = '\0';
      VG_(snprintf)(buf, buf_szB, "a moment within %s%% of the peak "
                    "(--peak-inaccuracy)", num);
   } else {
      VG_(snprintf)(buf, buf_szB, "the peak since the last reset_peak or "
                    "clear");
   }
}

static void print_peak_statistics(const MSN_Snapshot* peak)
{
   if (MSN_(clo_stats_at_peak) == 0 || peak->n_blocks == 0)
      return;
   VG_(umsg)("\n");
   HChar key[MSN_GROUPING_TEXT_SZB], moment[100];
   MSN_(grouping_text)(MSN_(clo_key), key);
   peak_moment_text(peak, MSN_(totals)(), moment, sizeof moment);
   VG_(umsg)("Allocated at %s (%'llu bytes in %'llu block%s), top %d by "
             "%s:\n", moment, peak->szB, peak->n_blocks,
             PLURAL(peak->n_blocks), MSN_(clo_stats_at_peak), key);
   MSN_(print_statistics)(MSN_(sink_log), peak, MSN_(clo_key),
                          (UInt)MSN_(clo_stats_at_peak), /*heading*/False);
}

/* The output file's name, relative to the start-up directory if it is
   inside it (as the user most likely gave it). */
static const HChar* shown_file_name(void)
{
   const HChar* name = MSN_(output_file_name)();
   const HChar* wd   = VG_(get_startup_wd)();
   SizeT        n    = VG_(strlen)(wd);
   if (n > 1 && VG_(strncmp)(name, wd, n) == 0 && name[n] == '/')
      return name + n + 1;
   return name;
}

/* Whether memsnap's preload library is mapped in the client.  A
   statically linked program never loads it: the dynamic linker, which
   would honour LD_PRELOAD, does not run. */
static Bool preload_is_loaded(void)
{
   for (const DebugInfo* di = VG_(next_DebugInfo)(NULL); di != NULL;
        di = VG_(next_DebugInfo)(di)) {
      const HChar* name = VG_(DebugInfo_get_filename)(di);
      if (name && VG_(strstr)(name, "vgpreload_memsnap"))
         return True;
   }
   return False;
}

/* An empty report must not pass for a program that allocates nothing
   when memsnap simply could not see its allocations: says why, when no
   allocation reached memsnap because its allocator was never replaced. */
static void warn_if_nothing_seen(void)
{
   if (MSN_(n_allocation_calls)() == 0 && !preload_is_loaded()) {
      VG_(umsg)("memsnap: warning: no allocation reached memsnap: the "
                "program never loaded its preload library\n");
      VG_(umsg)("memsnap: warning: (vgpreload_memsnap), so its malloc and "
                "new were not replaced: it is statically linked.\n");
      VG_(umsg)("memsnap: warning: Valgrind replaces the allocator through "
                "the dynamic linker; link the program dynamically to trace "
                "it.\n");
   }
}

/* The exit summary, the statistics at exit and at the peak, and where
   the file is: what the user sees at the end of every run. */
static void print_exit_report(const MSN_Totals* totals,
                              const MSN_Snapshot* at_exit,
                              const MSN_Snapshot* peak)
{
   print_summary(totals);
   print_exit_statistics(at_exit);
   print_peak_statistics(peak);
   VG_(umsg)("\n");
   UInt n = MSN_(output_n_snapshots)();
   VG_(umsg)("Wrote %u snapshot%s to %s; read %s with memsnap_print.\n", n,
             n == 1 ? "" : "s", shown_file_name(), n == 1 ? "it" : "them");
   warn_if_nothing_seen();
}

static void msn_print_stats(void);

static void msn_fini(Int exitcode)
{
   const MSN_Totals*   totals  = MSN_(totals)();
   const MSN_Snapshot* peak    = MSN_(store_peak_snapshot)();
   const MSN_Snapshot* at_exit = MSN_(take_snapshot)("exit", MSN_ORIGIN_EXIT);
   MSN_(output_summary)(totals);
   MSN_(xtree_report)(NULL, /*at_exit*/True);
   if (VG_(clo_verbosity) > 0) {
      print_exit_report(totals, at_exit, peak);
      MSN_(print_hints)(peak && peak->entries ? peak : at_exit);
   }
   /* The core prints its own --stats=yes figures and leaves the tool's to
      the tool's fini. */
   if (VG_(clo_stats))
      msn_print_stats();
}

/*------------------------------------------------------------*/
/*--- Start-up                                             ---*/
/*------------------------------------------------------------*/

/* Without the preload library, malloc is silently not replaced and
   memsnap would report an empty heap; fail loudly instead. */
static void check_preload(void)
{
   const HChar* preload = VG_(getenv)(VG_(LD_PRELOAD_var_name));
   if (preload && VG_(strstr)(preload, "vgpreload_memsnap"))
      return;
   VG_(fmsg)("memsnap: the preload library vgpreload_memsnap-*.so is missing\n"
             "from the Valgrind tool directory, so malloc cannot be replaced.\n"
             "Reinstall memsnap (make install), or run it from the build tree\n"
             "with ./vg-in-place.\n");
   VG_(exit)(1);
}

static void msn_post_clo_init(void)
{
   check_preload();
   MSN_(warn_ignored_options)();
   MSN_(sites_post_clo_init)();
   MSN_(xtree_post_clo_init)();
   MSN_(output_init)();
   MSN_(set_tracing)(MSN_(clo_trace_at_start));
   MSN_(auto_post_clo_init)();
}

static IRSB* msn_instrument(VgCallbackClosure* closure, IRSB* sb,
                            const VexGuestLayout* layout,
                            const VexGuestExtents* vge,
                            const VexArchInfo* archinfo_host, IRType gWordTy,
                            IRType hWordTy)
{
   /* memsnap watches the allocator, not the code; only the instruction
      clock of --time-unit=i needs code added. */
   return MSN_(instrument_clock)(sb);
}

static Bool msn_cheap_sanity_check(void)
{
   return MSN_(cheap_heap_check)();
}

/* Everything memsnap can check; the O(blocks) parts from
   --sanity-level=3 on (the core calls this one now and then even at the
   default level 1). */
static Bool msn_expensive_sanity_check(void)
{
   if (!MSN_(expensive_heap_check)())
      return False;
   return VG_(clo_sanity_level) < 3 || MSN_(check_snapshots)();
}

static void msn_print_stats(void)
{
   VG_(dmsg)("memsnap: sites:            %'u\n", MSN_(n_sites)());
   VG_(dmsg)("memsnap: frames:           %'u\n", MSN_(n_frames)());
   VG_(dmsg)("memsnap: keys:             %'u\n", MSN_(n_keys)());
   VG_(dmsg)("memsnap: snapshots:        %'u (tables kept: %'u)\n",
             MSN_(n_snapshots)(), MSN_(n_snapshot_tables)());
   MSN_(print_unwind_stats)();
   MSN_(print_heap_stats)();
}

static void msn_pre_clo_init(void)
{
   VG_(details_name)("memsnap");
   VG_(details_version)(PACKAGE_VERSION);
   VG_(details_description)("heap snapshots compared like Python's "
                            "tracemalloc");
   VG_(details_copyright_author)("Copyright (C) 2026, the memsnap authors.");
   VG_(details_bug_reports_to)("the memsnap issue tracker");
   VG_(details_avg_translation_sizeB)(330);

   VG_(basic_tool_funcs)(msn_post_clo_init, msn_instrument, msn_fini);
   MSN_(register_malloc_replacement)();
   VG_(needs_client_requests)(MSN_(handle_client_request));
   VG_(needs_command_line_options)(MSN_(process_cmd_line_option),
                                   MSN_(print_usage), MSN_(print_debug_usage));
   VG_(needs_libc_freeres)();
   VG_(needs_cxx_freeres)();
   VG_(needs_print_stats)(msn_print_stats);
   VG_(needs_sanity_checks)(msn_cheap_sanity_check, msn_expensive_sanity_check);

   /* Defaults the user can still override on the command line: inlined
      calls are frames of their own (an allocation in an inlined function
      belongs to that function), and the debug info of an unloaded library
      stays readable, since sites are symbolized only when needed. */
   VG_(clo_read_inline_info) = True;
   VG_(clo_keep_debuginfo)   = True;

   MSN_(options_init)();
   MSN_(sites_init)();
   MSN_(heap_init)();
   MSN_(snapshots_init)();
   MSN_(peak_init)();
   MSN_(timeline_init)();
}

VG_DETERMINE_INTERFACE_VERSION(msn_pre_clo_init)

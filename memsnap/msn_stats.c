/*--------------------------------------------------------------------*/
/*--- memsnap: statistics and compare.                 msn_stats.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_stats.h.

   Grouping accumulates each snapshot entry into arrays indexed by key id
   (keys are numbered densely by msn_symbols.c), so it costs time in
   proportion to the snapshot's sites and the number of keys, never to
   the number of blocks.  Each entry counts by the grouping's measure:
   its live blocks, its allocations or its temporary ones (an entry may
   have none of these).  A key is present in a grouping iff its count is
   non-zero. */

#include "msn_basics.h"
#include "pub_tool_gdbserver.h"
#include "msn_format.h"
#include "msn_heap.h"
#include "msn_sites.h"
#include "msn_snapshot.h"
#include "msn_stats.h"
#include "msn_symbols.h"

/* A snapshot grouped by one key kind. */
typedef
   struct {
      ULong*   szB;       // per key id
      ULong*   n_blocks;  // per key id; 0 iff the key is absent
      XArray*  present;   // of MSN_Key*: the keys with n_blocks > 0
   }
   Grouped;

/* One line of output: a Statistic, or a StatisticDiff when diff is set. */
typedef
   struct {
      MSN_Key* key;
      Long     szB, n_blocks;
      Long     szB_diff, n_blocks_diff;
   }
   Stat;

/*------------------------------------------------------------*/
/*--- Grouping                                             ---*/
/*------------------------------------------------------------*/

/* Makes sure every site of s is symbolized, so that all the keys of
   kind exist (traceback keys are made on demand). */
static void symbolize_snapshot(const MSN_Snapshot* s, MSN_KeyKind kind)
{
   const MSN_SnapEntry* entries = MSN_(snapshot_entries)(s);
   for (UInt i = 0; i < s->n_entries; i++)
      if (kind == MSN_KEY_TRACEBACK)
         MSN_(site_traceback_key)(entries[i].site);
      else
         MSN_(site_trace)(entries[i].site);
}

static void add_to_key(Grouped* gr, MSN_Key* key, ULong szB, ULong n_blocks)
{
   if (gr->n_blocks[key->id] == 0)
      VG_(addToXA)(gr->present, &key);
   gr->szB[key->id]      += szB;
   gr->n_blocks[key->id] += n_blocks;
}

/* The bytes and blocks of e that measure counts. */
static void measured(const MSN_SnapEntry* e, MSN_Measure measure,
                     /*OUT*/ULong* szB, /*OUT*/ULong* n_blocks)
{
   switch (measure) {
   case MSN_MEASURE_LIVE:
      *szB = e->szB;          *n_blocks = e->n_blocks;      break;
   case MSN_MEASURE_ALLOCATED:
      *szB = e->alloc_szB;    *n_blocks = e->alloc_blocks;  break;
   case MSN_MEASURE_TEMPORARY:
      *szB = e->temp_szB;     *n_blocks = e->temp_blocks;   break;
   default:
      tl_assert2(0, "bad measure %d", (Int)measure);
   }
}

static void add_entry(Grouped* gr, const MSN_SnapEntry* e, MSN_Grouping g)
{
   ULong szB, n_blocks;
   measured(e, g.measure, &szB, &n_blocks);
   if (n_blocks == 0)
      return;
   const MSN_Trace* trace = MSN_(site_trace)(e->site);
   if (g.kind == MSN_KEY_TRACEBACK) {
      add_to_key(gr, MSN_(site_traceback_key)(e->site), szB, n_blocks);
   } else if (!g.cumulative) {
      MSN_Frame* f = trace->frames[trace->attributed];
      add_to_key(gr, MSN_(frame_key)(f, g.kind), szB, n_blocks);
   } else {
      /* Every frame from the attributed one outward counts, repeats
         included, as in tracemalloc (whose traceback begins at the frame
         a block is charged to). */
      for (UInt i = trace->attributed; i < trace->n_frames; i++)
         add_to_key(gr, MSN_(frame_key)(trace->frames[i], g.kind),
                    szB, n_blocks);
   }
}

/* Groups s; all sites of s must be symbolized already. */
static void group(Grouped* gr, const MSN_Snapshot* s, MSN_Grouping g)
{
   UInt n_keys  = MSN_(n_keys)();
   gr->szB      = VG_(calloc)("msn.stats.szB", n_keys + 1, sizeof(ULong));
   gr->n_blocks = VG_(calloc)("msn.stats.blocks", n_keys + 1, sizeof(ULong));
   gr->present  = VG_(newXA)(VG_(malloc), "msn.stats.present", VG_(free),
                             sizeof(MSN_Key*));
   const MSN_SnapEntry* entries = MSN_(snapshot_entries)(s);
   for (UInt i = 0; i < s->n_entries; i++)
      add_entry(gr, &entries[i], g);
}

static void ungroup(Grouped* gr)
{
   VG_(free)(gr->szB);
   VG_(free)(gr->n_blocks);
   VG_(deleteXA)(gr->present);
}

/*------------------------------------------------------------*/
/*--- Sorting (tracemalloc's _sort_key, descending)        ---*/
/*------------------------------------------------------------*/

#define CMP_DESC(x, y) do { if ((x) != (y)) return (x) > (y) ? -1 : 1; } while (0)

static Long abs_long(Long v) { return v < 0 ? -v : v; }

static Int cmp_statistics(const void* va, const void* vb)
{
   const Stat* a = va;
   const Stat* b = vb;
   CMP_DESC(a->szB, b->szB);
   CMP_DESC(a->n_blocks, b->n_blocks);
   return -MSN_(compare_keys)(a->key, b->key);
}

static Int cmp_diffs(const void* va, const void* vb)
{
   const Stat* a = va;
   const Stat* b = vb;
   CMP_DESC(abs_long(a->szB_diff), abs_long(b->szB_diff));
   CMP_DESC(a->szB, b->szB);
   CMP_DESC(abs_long(a->n_blocks_diff), abs_long(b->n_blocks_diff));
   CMP_DESC(a->n_blocks, b->n_blocks);
   return -MSN_(compare_keys)(a->key, b->key);
}

/*------------------------------------------------------------*/
/*--- Printing                                             ---*/
/*------------------------------------------------------------*/

/* Prints each frame whole, however long its names. */
static void print_frame_list(MSN_LineSink sink, UInt n, MSN_Frame** frames)
{
   for (UInt i = 0; i < n; i++) {
      const MSN_Frame* f = frames[i];
      SizeT  szB  = VG_(strlen)(f->fn) + VG_(strlen)(f->file)
                    + VG_(strlen)(f->obj) + 40;
      HChar* line = VG_(malloc)("msn.stats.frame", szB);
      VG_(sprintf)(line, "    %s ", i == 0 ? "at" : "by");
      SizeT  used = VG_(strlen)(line);
      MSN_(frame_text)(f, line + used, szB - used);
      sink(line);
      VG_(free)(line);
   }
}

void MSN_(print_frames)(MSN_LineSink sink, const MSN_Trace* trace)
{
   print_frame_list(sink, trace->n_frames, trace->frames);
}

/* Prints str(Statistic) or, with_diff, str(StatisticDiff). */
static void print_stat(MSN_LineSink sink, const Stat* st, Bool with_diff)
{
   HChar  size[MSN_SIZE_BUF], size_diff[MSN_SIZE_BUF], average[MSN_SIZE_BUF];
   SizeT  label_szB = VG_(strlen)(st->key->kind == MSN_KEY_TRACEBACK
                                     ? st->key->label_key->name
                                     : st->key->name) + 16;
   HChar* line = VG_(malloc)("msn.stats.line", label_szB + 200);
   MSN_(key_label)(st->key, line, label_szB);
   SizeT n = VG_(strlen)(line);

   MSN_(format_size)(size, st->szB, /*sign*/False);
   if (with_diff) {
      MSN_(format_size)(size_diff, st->szB_diff, /*sign*/True);
      n += VG_(sprintf)(line + n, ": size=%s (%s), count=%lld (%s%lld)",
                        size, size_diff, st->n_blocks,
                        st->n_blocks_diff >= 0 ? "+" : "", st->n_blocks_diff);
   } else {
      n += VG_(sprintf)(line + n, ": size=%s, count=%lld", size, st->n_blocks);
   }
   if (st->n_blocks != 0) {
      MSN_(format_size_double)(average,
                               (double)st->szB / (double)st->n_blocks, False);
      VG_(sprintf)(line + n, ", average=%s", average);
   }
   sink(line);
   VG_(free)(line);
   if (st->key->kind == MSN_KEY_TRACEBACK)
      print_frame_list(sink, st->key->n_frames, st->key->frames);
}

/* A request's heading: what it shows ("Statistics of #3 'loop' by
   lineno"), then how many of its entries are printed, or why there are
   none.  The exit summary's tables have headings of their own (NULL). */
typedef
   struct {
      HChar*       what;    // NULL: no heading (VG_(malloc)ed)
      const HChar* empty;   // the reason when there are no entries
   }
   Heading;

static void print_heading(MSN_LineSink sink, const Heading* h, UInt shown,
                          UInt total)
{
   if (h->what == NULL)
      return;
   SizeT  szB  = VG_(strlen)(h->what) + VG_(strlen)(h->empty) + 80;
   HChar* line = VG_(malloc)("msn.stats.heading", szB);
   if (total == 0)
      VG_(sprintf)(line, "%s: no entries (%s)", h->what, h->empty);
   else
      VG_(sprintf)(line, "%s, %u of %u entr%s:", h->what, shown, total,
                   total == 1 ? "y" : "ies");
   sink(line);
   VG_(free)(line);
}

/* Text naming snapshot s in a heading: "#3 'loop'", or "now". */
static HChar* snapshot_text(const MSN_Snapshot* s)
{
   HChar* text = VG_(malloc)("msn.stats.snapshot", VG_(strlen)(s->name) + 20);
   if (s->id == 0)
      VG_(sprintf)(text, "%s", s->name);
   else
      VG_(sprintf)(text, "#%u '%s'", s->id, s->name);
   return text;
}

/* Sorts the stats and prints the heading and the top `limit`; returns
   how many entries were printed. */
static UInt print_sorted(MSN_LineSink sink, XArray* stats, Bool with_diff,
                         ULong limit, const Heading* h)
{
   UInt total = (UInt)VG_(sizeXA)(stats);
   UInt n     = total;
   if (n > 0)
      VG_(ssort)(VG_(indexXA)(stats, 0), n, sizeof(Stat),
                 with_diff ? cmp_diffs : cmp_statistics);
   if (limit != 0 && limit < n)
      n = (UInt)limit;
   print_heading(sink, h, n, total);
   for (UInt i = 0; i < n; i++)
      print_stat(sink, VG_(indexXA)(stats, i), with_diff);
   return n;
}

/* The allocations (or temporary ones) made between old and new, as
   statistics: every key of new whose count grew since old. */
static XArray* churn_between(const Grouped* old, const Grouped* new)
{
   XArray* stats = VG_(newXA)(VG_(malloc), "msn.stats.churn", VG_(free),
                              sizeof(Stat));
   for (Word i = 0; i < VG_(sizeXA)(new->present); i++) {
      MSN_Key* key = *(MSN_Key**)VG_(indexXA)(new->present, i);
      Long n = (Long)(new->n_blocks[key->id] - old->n_blocks[key->id]);
      if (n == 0)
         continue;
      Stat st = { key, (Long)(new->szB[key->id] - old->szB[key->id]), n,
                  0, 0 };
      VG_(addToXA)(stats, &st);
   }
   return stats;
}

const HChar* MSN_(bad_churn_pair)(const MSN_Snapshot* old,
                                  const MSN_Snapshot* new)
{
   if (old->n_clears != new->n_clears)
      return "clear_traces was called between the two snapshots: the "
             "allocations between them are not known";
   if (old->time_szB > new->time_szB || old->alloc_blocks > new->alloc_blocks
       || old->temp_blocks > new->temp_blocks)
      return "the first snapshot was taken after the second: give the "
             "older one first";
   return NULL;
}

/* The text a request's heading begins with, naming statistics (old
   NULL) or a compare by g: "Statistics of #3 'a' by lineno", "Changes
   from #1 'a' to #2 'b' by lineno", or for a measure other than live,
   what is counted, until or between which snapshots, its sum and the
   key. */
static HChar* request_what(const MSN_Snapshot* old, const MSN_Snapshot* new,
                           MSN_Grouping g)
{
   HChar  key[MSN_GROUPING_TEXT_SZB];
   Bool   live     = g.measure == MSN_MEASURE_LIVE;
   Bool   temp     = g.measure == MSN_MEASURE_TEMPORARY;
   ULong  szB      = temp ? new->temp_szB : new->alloc_szB;
   ULong  n_blocks = temp ? new->temp_blocks : new->alloc_blocks;
   const HChar* counted = temp ? "Temporary allocations" : "Allocations";
   HChar* new_text = snapshot_text(new);
   HChar* old_text = snapshot_text(old ? old : new);
   HChar* what     = VG_(malloc)("msn.stats.what", VG_(strlen)(old_text)
                                 + VG_(strlen)(new_text) + 200);
   g.measure = MSN_MEASURE_LIVE;   // the key alone
   MSN_(grouping_text)(g, key);
   if (live && old) {
      VG_(sprintf)(what, "Changes from %s to %s by %s", old_text, new_text,
                   key);
   } else if (live) {
      VG_(sprintf)(what, "Statistics of %s by %s", new_text, key);
   } else if (old) {
      szB      -= temp ? old->temp_szB : old->alloc_szB;
      n_blocks -= temp ? old->temp_blocks : old->alloc_blocks;
      VG_(sprintf)(what, "%s between %s and %s (%'llu bytes in %'llu block%s)"
                   " by %s", counted, old_text, new_text, szB, n_blocks,
                   PLURAL(n_blocks), key);
   } else {
      VG_(sprintf)(what, "%s until %s (%'llu bytes in %'llu block%s since "
                   "the %s) by %s", counted, new_text, szB, n_blocks,
                   PLURAL(n_blocks), new->n_clears ? "last clear" : "start",
                   key);
   }
   VG_(free)(old_text);
   VG_(free)(new_text);
   return what;
}

/* Why statistics by g's measure have no entries. */
static const HChar* nothing_counted(MSN_Grouping g, const HChar* live_reason)
{
   switch (g.measure) {
   case MSN_MEASURE_ALLOCATED: return "nothing was allocated";
   case MSN_MEASURE_TEMPORARY: return "nothing was freed while temporary";
   default:                    return live_reason;
   }
}

UInt MSN_(print_statistics)(MSN_LineSink sink, const MSN_Snapshot* s,
                            MSN_Grouping g, ULong limit, Bool heading)
{
   Heading h = { heading ? request_what(NULL, s, g) : NULL,
                 nothing_counted(g, "the snapshot is empty") };
   Grouped gr;
   symbolize_snapshot(s, g.kind);
   group(&gr, s, g);
   XArray* stats = VG_(newXA)(VG_(malloc), "msn.stats.list", VG_(free),
                              sizeof(Stat));
   for (Word i = 0; i < VG_(sizeXA)(gr.present); i++) {
      MSN_Key* key = *(MSN_Key**)VG_(indexXA)(gr.present, i);
      Stat st = { key, (Long)gr.szB[key->id], (Long)gr.n_blocks[key->id],
                  0, 0 };
      VG_(addToXA)(stats, &st);
   }
   UInt n = print_sorted(sink, stats, /*with_diff*/False, limit, &h);
   VG_(deleteXA)(stats);
   ungroup(&gr);
   if (h.what)
      VG_(free)(h.what);
   return n;
}

/* tracemalloc's _compare_grouped_stats: every key of new, with its
   difference to old (0 if absent there), then every key only in old. */
static XArray* diff_groupings(const Grouped* old, const Grouped* new)
{
   XArray* stats = VG_(newXA)(VG_(malloc), "msn.stats.diffs", VG_(free),
                              sizeof(Stat));
   for (Word i = 0; i < VG_(sizeXA)(new->present); i++) {
      MSN_Key* key = *(MSN_Key**)VG_(indexXA)(new->present, i);
      Long szB = (Long)new->szB[key->id], n = (Long)new->n_blocks[key->id];
      Stat st  = { key, szB, n, szB - (Long)old->szB[key->id],
                   n - (Long)old->n_blocks[key->id] };
      VG_(addToXA)(stats, &st);
   }
   for (Word i = 0; i < VG_(sizeXA)(old->present); i++) {
      MSN_Key* key = *(MSN_Key**)VG_(indexXA)(old->present, i);
      if (new->n_blocks[key->id] != 0)
         continue;
      Stat st = { key, 0, 0, -(Long)old->szB[key->id],
                  -(Long)old->n_blocks[key->id] };
      VG_(addToXA)(stats, &st);
   }
   return stats;
}

UInt MSN_(print_compare)(MSN_LineSink sink, const MSN_Snapshot* old,
                         const MSN_Snapshot* new, MSN_Grouping g, ULong limit,
                         Bool heading)
{
   Bool churn = g.measure != MSN_MEASURE_LIVE;
   tl_assert(!churn || MSN_(bad_churn_pair)(old, new) == NULL);
   Heading h = { heading ? request_what(old, new, g) : NULL,
                 nothing_counted(g, "the snapshots are empty") };
   Grouped old_gr, new_gr;
   symbolize_snapshot(old, g.kind);
   symbolize_snapshot(new, g.kind);
   group(&old_gr, old, g);
   group(&new_gr, new, g);
   XArray* stats = churn ? churn_between(&old_gr, &new_gr)
                         : diff_groupings(&old_gr, &new_gr);
   UInt n = print_sorted(sink, stats, /*with_diff*/!churn, limit, &h);
   VG_(deleteXA)(stats);
   ungroup(&old_gr);
   ungroup(&new_gr);
   if (h.what)
      VG_(free)(h.what);
   return n;
}

/*------------------------------------------------------------*/
/*--- Line sinks and block tracebacks                      ---*/
/*------------------------------------------------------------*/

void MSN_(sink_log)(const HChar* line)
{
   VG_(umsg)("%s\n", line);
}

void MSN_(sink_monitor)(const HChar* line)
{
   VG_(gdb_printf)("%s\n", line);
}

Bool MSN_(print_block_traceback)(MSN_LineSink sink, Addr a,
                                 /*OUT*/SizeT* szB)
{
   MSN_Site* site;
   Addr      start;
   if (!MSN_(find_traced_block)(a, &site, &start, szB))
      return False;
   HChar line[100];
   VG_(snprintf)(line, sizeof line, "%lu bytes at %#lx allocated at:", *szB,
                 start);
   sink(line);
   MSN_(print_frames)(sink, MSN_(site_trace)(site));
   return True;
}

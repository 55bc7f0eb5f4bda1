/*--------------------------------------------------------------------*/
/*--- memsnap: the heap timeline.                   msn_timeline.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_timeline.h. */

#include "msn_basics.h"
#include "pub_tool_libcproc.h"
#include "msn_auto.h"
#include "msn_options.h"
#include "msn_timeline.h"

/* Reading the millisecond timer is a system call: with --time-unit=ms the
   clock is read again only every this many events. */
#define EVENTS_PER_TIMER_READ 64

static ULong instrs_executed;   // --time-unit=i; updated by generated code

static struct {
   MSN_Point ordinary[MSN_TIMELINE_POINTS];
   UInt      n_ordinary;
   ULong     interval;        // least clock distance between ordinary points
   ULong     next_point;      // no ordinary point before this time
   ULong     alarm;           // a periodic snapshot is due then (~0: none)
   ULong     next_time;       // the earlier of the two: a tick does
                              // nothing before it
   XArray*   marked;          // of MSN_Point: one per snapshot
   MSN_Point peak;
   Bool      have_peak;
   UInt      start_ms;
   ULong     now_ms;          // the timer as last read
   UInt      events_since_read;
} tl;

static ULong clock_now(const MSN_Totals* t)
{
   switch (MSN_(clo_time_unit)) {
   case MSN_TIME_BYTES: return t->total_szB;
   case MSN_TIME_INSTRS: return instrs_executed;
   default:
      tl.now_ms = VG_(read_millisecond_timer)() - tl.start_ms;
      return tl.now_ms;
   }
}

/* The clock for a tick: the same, but reading the timer only now and
   then. */
static ULong clock_for_tick(const MSN_Totals* t)
{
   if (MSN_(clo_time_unit) != MSN_TIME_MS)
      return clock_now(t);
   if (++tl.events_since_read < EVENTS_PER_TIMER_READ)
      return tl.now_ms;
   tl.events_since_read = 0;
   return clock_now(t);
}

static MSN_Point point_now(ULong time, const MSN_Totals* t, Int mark)
{
   MSN_Point p = { time, t->cur_szB, t->cur_blocks, mark };
   return p;
}

/* Keeps every other ordinary point and doubles the interval. */
static void thin_out(void)
{
   UInt kept = 0;
   for (UInt i = 0; i < tl.n_ordinary; i += 2)
      tl.ordinary[kept++] = tl.ordinary[i];
   tl.n_ordinary = kept;
   tl.interval  *= 2;
}

ULong MSN_(timeline_bytes_due);

static void update_next_time(void)
{
   tl.next_time = tl.next_point < tl.alarm ? tl.next_point : tl.alarm;
   MSN_(timeline_bytes_due) =
      MSN_(clo_time_unit) == MSN_TIME_BYTES ? tl.next_time : 0;
}

/* The one comparison on the allocation path is against next_time, which
   serves both the ordinary points and the periodic snapshots; with the
   byte clock, msn_heap.c makes it inline against its copy
   MSN_(timeline_bytes_due) (the clock being total_szB), and calls this
   only when it is reached. */
void MSN_(timeline_tick)(const MSN_Totals* t)
{
   ULong now = clock_for_tick(t);
   if (now < tl.next_time)
      return;
   if (now >= tl.next_point) {
      if (tl.n_ordinary == MSN_TIMELINE_POINTS)
         thin_out();
      tl.ordinary[tl.n_ordinary++] = point_now(now, t, MSN_MARK_NONE);
      tl.next_point = now + tl.interval;
   }
   if (now >= tl.alarm)
      MSN_(auto_snapshot_due)(now);   // sets the next alarm
   update_next_time();
}

void MSN_(timeline_set_alarm)(ULong time)
{
   tl.alarm = time;
   update_next_time();
}

ULong MSN_(timeline_clock)(const MSN_Totals* t)
{
   return clock_now(t);
}

void MSN_(timeline_mark_peak)(const MSN_Totals* t)
{
   tl.peak      = point_now(clock_now(t), t, MSN_MARK_PEAK);
   tl.have_peak = True;
}

void MSN_(timeline_forget_peak)(void)
{
   tl.have_peak = False;
}

void MSN_(timeline_mark_snapshot)(UInt id, const MSN_Totals* t)
{
   MSN_Point p = point_now(clock_now(t), t, (Int)id);
   VG_(addToXA)(tl.marked, &p);
}

/* Orders points by time; at equal times ordinary points come first, then
   the peak, then snapshots in id order. */
static Int cmp_points(const void* va, const void* vb)
{
   const MSN_Point* a = va;
   const MSN_Point* b = vb;
   if (a->time != b->time)
      return a->time < b->time ? -1 : 1;
   Int rank_a = a->mark == MSN_MARK_NONE ? 0 : a->mark == MSN_MARK_PEAK ? 1 : 2;
   Int rank_b = b->mark == MSN_MARK_NONE ? 0 : b->mark == MSN_MARK_PEAK ? 1 : 2;
   if (rank_a != rank_b)
      return rank_a - rank_b;
   return a->mark < b->mark ? -1 : a->mark > b->mark ? 1 : 0;
}

void MSN_(timeline_points)(XArray* points)
{
   for (UInt i = 0; i < tl.n_ordinary; i++)
      VG_(addToXA)(points, &tl.ordinary[i]);
   for (Word i = 0; i < VG_(sizeXA)(tl.marked); i++)
      VG_(addToXA)(points, VG_(indexXA)(tl.marked, i));
   if (tl.have_peak)
      VG_(addToXA)(points, &tl.peak);
   VG_(setCmpFnXA)(points, cmp_points);
   VG_(sortXA)(points);
}

const HChar* MSN_(timeline_unit_name)(void)
{
   switch (MSN_(clo_time_unit)) {
   case MSN_TIME_BYTES: return "B";
   case MSN_TIME_MS:    return "ms";
   default:             return "i";
   }
}

/*------------------------------------------------------------*/
/*--- Counting instructions (--time-unit=i)                ---*/
/*------------------------------------------------------------*/

/* Appends to sb:  instrs_executed += n. */
static void add_instr_count(IRSB* sb, ULong n)
{
   IRExpr* counter = mkIRExpr_HWord((HWord)&instrs_executed);
   IRTemp  old     = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp  new     = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(old, IRExpr_Load(Iend_LE, Ity_I64, counter)));
   addStmtToIRSB(sb, IRStmt_WrTmp(new, IRExpr_Binop(Iop_Add64,
                                                    IRExpr_RdTmp(old),
                                                    IRExpr_Const(IRConst_U64(n)))));
   addStmtToIRSB(sb, IRStmt_Store(Iend_LE, counter, IRExpr_RdTmp(new)));
}

/* The instructions of a superblock are counted in runs: before each side
   exit, the instructions since the previous one, so that a taken exit
   has counted exactly what ran. */
IRSB* MSN_(instrument_clock)(IRSB* sb_in)
{
   if (MSN_(clo_time_unit) != MSN_TIME_INSTRS)
      return sb_in;
   IRSB* sb_out = deepCopyIRSBExceptStmts(sb_in);
   ULong n_run  = 0;
   for (Int i = 0; i < sb_in->stmts_used; i++) {
      IRStmt* st = sb_in->stmts[i];
      if (st->tag == Ist_IMark)
         n_run++;
      if (st->tag == Ist_Exit && n_run > 0) {
         add_instr_count(sb_out, n_run);
         n_run = 0;
      }
      addStmtToIRSB(sb_out, st);
   }
   if (n_run > 0)
      add_instr_count(sb_out, n_run);
   return sb_out;
}

void MSN_(timeline_init)(void)
{
   tl.interval = 1;
   tl.alarm    = ~0ULL;
   tl.marked   = VG_(newXA)(VG_(malloc), "msn.timeline.marked", VG_(free),
                            sizeof(MSN_Point));
   tl.start_ms = VG_(read_millisecond_timer)();
}

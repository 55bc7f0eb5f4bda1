/*--------------------------------------------------------------------*/
/*--- memsnap: client requests.                        msn_clreq.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements the client requests of memsnap.h (docs/memsnap.md, "Client
   requests"), and passes on the core's requests for custom allocators
   (MALLOCLIKE...) and monitor commands.
   Arguments come from the client and are never trusted: every pointer
   is read or written through msn_clmem.c, which refuses memory the client
   could not touch itself, and a bad argument gets one warning line and a
   0 result.  Text from the client is echoed escaped, on one line. */

#include "msn_basics.h"
#include "valgrind.h"
#include "memsnap.h"
#include "msn_clmem.h"
#include "msn_clreq.h"
#include "msn_format.h"
#include "msn_heap.h"
#include "msn_monitor.h"
#include "msn_snapshot.h"
#include "msn_stats.h"
#include "msn_symbols.h"

/* Longest string argument read from the client: names have at most 100
   characters and keys are short, so anything longer is bad anyway. */
#define MAX_STRING_ARG 256

/* One request being handled: its name for warnings. */
typedef struct { const HChar* name; } Request;

static void warn(const Request* rq, const HChar* what)
{
   VG_(umsg)("memsnap: warning: %s: %s\n", rq->name, what);
}

/* Copies the client's C string at a into out (MAX_STRING_ARG bytes),
   reading only memory the client may read.  Warns and returns False if
   that is not possible. */
static Bool read_string(const Request* rq, const HChar* what, Addr a,
                        HChar* out)
{
   HChar msg[128];
   if (a == 0) {
      VG_(snprintf)(msg, sizeof msg, "%s is NULL", what);
      warn(rq, msg);
      return False;
   }
   SizeT n = MSN_(read_client)(a, out, MAX_STRING_ARG);
   for (SizeT i = 0; i < n; i++)
      if (out[i] == '\0')
         return True;
   if (n < MAX_STRING_ARG)
      VG_(snprintf)(msg, sizeof msg, "%s points to unreadable memory", what);
   else
      VG_(snprintf)(msg, sizeof msg, "%s is longer than %d characters", what,
                    MAX_STRING_ARG - 1);
   warn(rq, msg);
   return False;
}

/* The snapshot the client names at a ("now" included), or NULL after a
   warning. */
static const MSN_Snapshot* read_snapshot(const Request* rq, const HChar* what,
                                         Addr a)
{
   HChar name[MAX_STRING_ARG];
   if (!read_string(rq, what, a, name))
      return NULL;
   const MSN_Snapshot* s = MSN_(find_snapshot)(name);
   if (!s) {
      HChar names[512], shown[MSN_ESCAPED_SZB(MAX_STRING_ARG)];
      HChar msg[sizeof names + sizeof shown + 40];
      MSN_(snapshot_names)(names, sizeof names);
      MSN_(escape_text)(shown, sizeof shown, name);
      VG_(snprintf)(msg, sizeof msg, "no snapshot named '%s' (snapshots: %s)",
                    shown, names);
      warn(rq, msg);
   }
   return s;
}

static Bool read_grouping(const Request* rq, Addr a, MSN_Grouping* g)
{
   HChar text[MAX_STRING_ARG];
   if (!read_string(rq, "key", a, text))
      return False;
   const HChar* why = MSN_(parse_grouping)(text, g);
   if (why) {
      HChar shown[MSN_ESCAPED_SZB(MAX_STRING_ARG)], msg[sizeof shown + 200];
      MSN_(escape_text)(shown, sizeof shown, text);
      VG_(snprintf)(msg, sizeof msg, "key '%s': %s", shown, why);
      warn(rq, msg);
   }
   return why == NULL;
}

/* Whether the client may write a 64-bit value at a; warns if not. */
static Bool writable_word64(const Request* rq, const HChar* what, Addr a)
{
   if (MSN_(client_writable)(a, sizeof(ULong)))
      return True;
   HChar msg[128];
   VG_(snprintf)(msg, sizeof msg, "%s is not a writable pointer", what);
   warn(rq, msg);
   return False;
}

/* Stores two results, or neither if either pointer is bad. */
static UWord store_pair(const Request* rq, const HChar* what1, Addr a1,
                        ULong v1, const HChar* what2, Addr a2, ULong v2)
{
   if (!writable_word64(rq, what1, a1) || !writable_word64(rq, what2, a2))
      return 0;
   if (!MSN_(write_client)(a1, &v1, sizeof v1)
       || !MSN_(write_client)(a2, &v2, sizeof v2)) {
      warn(rq, "the memory of the results became unwritable");
      return 0;
   }
   return 1;
}

/* A limit (how many entries to print, 0 for all) is an unsigned long in
   the client's eyes, but a negative int cast to it is a slip, not a wish
   for 18 quintillion entries: refused with a warning.  Any other value
   counts at its full width. */
static Bool good_limit(const Request* rq, UWord limit)
{
   if ((Word)limit >= 0)
      return True;
   HChar msg[128];
   VG_(snprintf)(msg, sizeof msg, "limit %ld is negative (give the number "
                 "of entries to print, 0 for all)", (Word)limit);
   warn(rq, msg);
   return False;
}

/*------------------------------------------------------------*/
/*--- The requests                                         ---*/
/*------------------------------------------------------------*/

static UWord take(const Request* rq, Addr name_arg)
{
   HChar name[MAX_STRING_ARG];
   if (!read_string(rq, "name", name_arg, name))
      return 0;
   const HChar* why = MSN_(bad_snapshot_name)(name);
   if (why) {
      HChar shown[MSN_ESCAPED_SZB(MAX_STRING_ARG)], msg[sizeof shown + 200];
      MSN_(escape_text)(shown, sizeof shown, name);
      VG_(snprintf)(msg, sizeof msg, "bad name '%s': %s", shown, why);
      warn(rq, msg);
      return 0;
   }
   return MSN_(take_snapshot)(name, MSN_ORIGIN_CLIENT)->id;
}

static UWord compare(const Request* rq, const UWord* arg)
{
   MSN_Grouping g;
   const MSN_Snapshot* old = read_snapshot(rq, "old", arg[1]);
   const MSN_Snapshot* new = old ? read_snapshot(rq, "new", arg[2]) : NULL;
   if (!new || !read_grouping(rq, arg[3], &g) || !good_limit(rq, arg[4]))
      return 0;
   if (g.measure != MSN_MEASURE_LIVE) {
      const HChar* why = MSN_(bad_churn_pair)(old, new);
      if (why) {
         warn(rq, why);
         return 0;
      }
   }
   MSN_(print_compare)(MSN_(sink_log), old, new, g, arg[4],
                      /*heading*/True);
   return 1;
}

static UWord stats(const Request* rq, const UWord* arg)
{
   MSN_Grouping g;
   const MSN_Snapshot* s = read_snapshot(rq, "name", arg[1]);
   if (!s || !read_grouping(rq, arg[2], &g) || !good_limit(rq, arg[3]))
      return 0;
   MSN_(print_statistics)(MSN_(sink_log), s, g, arg[3], /*heading*/True);
   return 1;
}

static UWord diff(const Request* rq, const UWord* arg)
{
   const MSN_Snapshot* old = read_snapshot(rq, "old", arg[1]);
   const MSN_Snapshot* new = old ? read_snapshot(rq, "new", arg[2]) : NULL;
   if (!new)
      return 0;
   return store_pair(rq, "bytes_ptr", arg[3], new->szB - old->szB,
                     "blocks_ptr", arg[4], new->n_blocks - old->n_blocks);
}

static UWord get_traced(const Request* rq, const UWord* arg)
{
   const MSN_Totals* t = MSN_(totals)();
   return store_pair(rq, "current_ptr", arg[1], t->cur_szB,
                     "peak_ptr", arg[2], t->peak_szB);
}

/* An address in no traced block is an answer, not a bad argument.  The
   result is the block's size, 1 for a block of 0 bytes (it owns its
   address too), so that 0 always means "none". */
static UWord print_traceback(Addr a)
{
   SizeT szB;
   if (!MSN_(print_block_traceback)(MSN_(sink_log), a, &szB)) {
      VG_(umsg)("no traced block contains %#lx\n", a);
      return 0;
   }
   return szB > 0 ? szB : 1;
}

/* The core's requests for blocks of the client's own allocator
   (valgrind.h); False if arg[0] is none of them. */
static Bool handle_custom_block_request(ThreadId tid, const UWord* arg)
{
   switch (arg[0]) {
   case VG_USERREQ__MALLOCLIKE_BLOCK:      // addr, size, redzone, zeroed
      MSN_(malloclike_block)(tid, arg[1], arg[2]);
      return True;
   case VG_USERREQ__FREELIKE_BLOCK:        // addr, redzone
      MSN_(freelike_block)(arg[1]);
      return True;
   case VG_USERREQ__RESIZEINPLACE_BLOCK:   // addr, old size, new size, redzone
      MSN_(resizeinplace_block)(arg[1], arg[3]);
      return True;
   default:
      return False;
   }
}

Bool MSN_(handle_client_request)(ThreadId tid, UWord* arg, UWord* ret)
{
   if (arg[0] == VG_USERREQ__GDB_MONITOR_COMMAND) {
      /* The gdbserver reads *ret, not the result, as "recognised". */
      Bool handled = MSN_(handle_monitor_command)((const HChar*)arg[1]);
      *ret = handled;
      return handled;
   }
   if (handle_custom_block_request(tid, arg)) {
      *ret = 0;
      return True;
   }
   if (!VG_IS_TOOL_USERREQ('M', 'S', arg[0]))
      return False;

   Request rq = { "VALGRIND_MEMSNAP_?" };
   switch (arg[0]) {
   case VG_USERREQ__MEMSNAP_TAKE:
      rq.name = "VALGRIND_MEMSNAP_TAKE";    *ret = take(&rq, arg[1]);   break;
   case VG_USERREQ__MEMSNAP_COMPARE:
      rq.name = "VALGRIND_MEMSNAP_COMPARE"; *ret = compare(&rq, arg);   break;
   case VG_USERREQ__MEMSNAP_STATS:
      rq.name = "VALGRIND_MEMSNAP_STATS";   *ret = stats(&rq, arg);     break;
   case VG_USERREQ__MEMSNAP_DIFF:
      rq.name = "VALGRIND_MEMSNAP_DIFF";    *ret = diff(&rq, arg);      break;
   case VG_USERREQ__MEMSNAP_GET_TRACED:
      rq.name = "VALGRIND_MEMSNAP_GET_TRACED"; *ret = get_traced(&rq, arg);
      break;
   case VG_USERREQ__MEMSNAP_RESET_PEAK:   MSN_(reset_peak)();   *ret = 1; break;
   case VG_USERREQ__MEMSNAP_CLEAR_TRACES: MSN_(clear_traces)(); *ret = 1; break;
   case VG_USERREQ__MEMSNAP_STOP:  MSN_(set_tracing)(False); *ret = 1; break;
   case VG_USERREQ__MEMSNAP_START: MSN_(set_tracing)(True);  *ret = 1; break;
   case VG_USERREQ__MEMSNAP_IS_TRACING: *ret = MSN_(is_tracing)(); break;
   case VG_USERREQ__MEMSNAP_PRINT_TRACEBACK:
      *ret = print_traceback(arg[1]);
      break;
   default:
      VG_(umsg)("memsnap: warning: unknown memsnap client request 0x%lx "
                "(a newer memsnap.h?)\n", arg[0]);
      *ret = 0;
   }
   return True;
}

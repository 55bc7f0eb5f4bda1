/*--------------------------------------------------------------------*/
/*--- memsnap: monitor commands.                     msn_monitor.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The monitor commands (docs/memsnap.md, "Monitor commands"), sent by
   vgdb, by gdb's `monitor`, or by the client with
   VALGRIND_MONITOR_COMMAND.  Output goes back to the sender.

   A command can arrive while every client thread is blocked in a system
   call (vgdb's ptrace path); there is then no valid thread, so nothing
   here may unwind a stack.  None of these commands needs one.

   Called by msn_clreq.c: the core passes monitor commands to the tool as
   a client request. */

#include "msn_basics.h"
#include "pub_tool_gdbserver.h"
#include "msn_clreq.h"
#include "msn_format.h"
#include "msn_heap.h"
#include "msn_snapshot.h"
#include "msn_stats.h"
#include "msn_symbols.h"
#include "msn_xtree.h"

#define DEFAULT_LIMIT 10

static const HChar* const all_commands =
   "help | snapshot | list | stats | compare | traced | reset_peak | clear | "
   "start | stop | traceback | xtmemory";

static const HChar* const usage_lines[] = {
   "  snapshot [<name>]        take a snapshot (default name: monitor-<id>)",
   "  list                     list the snapshots: id, name, bytes, blocks",
   "  stats [<name>|now] [<key>] [<limit>]",
   "                           statistics of a snapshot [now lineno 10]",
   "  compare <old> <new> [<key>] [<limit>]",
   "                           what changed from <old> to <new> [lineno 10]",
   "  traced                   current and peak traced bytes",
   "  reset_peak               peak := current",
   "  clear                    forget every traced block",
   "  start | stop             resume | stop recording new blocks",
   "  traceback <address>      allocation stack of the block at <address>",
   "  xtmemory [<file>]        write the traced heap as an xtree (callgrind",
   "                           format) [xtmemory.kcg.<pid>.<n>]",
   "  <key>: lineno, filename, function or traceback [,cumulative];",
   "  <limit>: how many entries, 0 for all",
};

static void print_help(void)
{
   VG_(gdb_printf)("\nmemsnap monitor commands:\n");
   for (UInt i = 0; i < sizeof usage_lines / sizeof usage_lines[0]; i++)
      VG_(gdb_printf)("%s\n", usage_lines[i]);
}

#define MAX_WORDS 8

/* A command split into words. */
typedef
   struct {
      Int    n;
      HChar* word[MAX_WORDS];
   }
   Words;

/* One-line error, then the usage of the command.  what, the user's
   text, is shown escaped (one line whatever it holds). */
static void report(const HChar* usage, const HChar* fmt, const HChar* what)
{
   HChar shown[MSN_ESCAPED_SZB(200)];
   MSN_(escape_text)(shown, sizeof shown, what);
   VG_(gdb_printf)("memsnap: error: ");
   VG_(gdb_printf)(fmt, shown);
   VG_(gdb_printf)("\nusage: %s\n", usage);
}

static Bool is_number(const HChar* s)
{
   if (!*s)
      return False;
   for (; *s; s++)
      if (!VG_(isdigit)(*s))
         return False;
   return True;
}

/* Whether s is meant as a limit: digits, perhaps after a minus sign (to
   be refused as such). */
static Bool looks_like_limit(const HChar* s)
{
   return is_number(s[0] == '-' ? s + 1 : s);
}

/* The snapshot called name ("now" included), or NULL after an error. */
static const MSN_Snapshot* find(const HChar* usage, const HChar* name)
{
   const MSN_Snapshot* s = MSN_(find_snapshot)(name);
   if (!s)
      report(usage, "no snapshot named '%s' (see 'list')", name);
   return s;
}

/* Reads a decimal limit that fits in a ULong; False for anything else
   (a sign, overflow). */
static Bool parse_limit(const HChar* text, ULong* limit)
{
   ULong value = 0;
   if (!is_number(text))
      return False;
   for (; *text; text++) {
      ULong digit = (ULong)(*text - '0');
      if (value > (~0ULL - digit) / 10)
         return False;
      value = value * 10 + digit;
   }
   *limit = value;
   return True;
}

/* Parses the optional "[<key>] [<limit>]" words from w->word[i] on. */
static Bool parse_key_and_limit(const HChar* usage, const Words* w, Int i,
                                MSN_Grouping* g, ULong* limit)
{
   g->kind       = MSN_KEY_LINENO;
   g->cumulative = False;
   *limit        = DEFAULT_LIMIT;
   if (i < w->n && !looks_like_limit(w->word[i])) {
      const HChar* why = MSN_(parse_grouping)(w->word[i], g);
      if (why) {
         report(usage, "%s", why);
         return False;
      }
      i++;
   }
   if (i < w->n) {
      if (w->word[i][0] == '-') {
         report(usage, "bad limit '%s': a limit cannot be negative; give a "
                "number, 0 for all", w->word[i]);
         return False;
      }
      if (!parse_limit(w->word[i], limit)) {
         report(usage, "bad limit '%s': give a number, 0 for all", w->word[i]);
         return False;
      }
      i++;
   }
   if (i < w->n) {
      report(usage, "unexpected '%s'", w->word[i]);
      return False;
   }
   return True;
}

/*------------------------------------------------------------*/
/*--- Commands                                             ---*/
/*------------------------------------------------------------*/

static void cmd_snapshot(const Words* w)
{
   const HChar* usage = "snapshot [<name>]";
   HChar        generated[32];
   const HChar* name = generated;
   if (w->n > 2) {
      report(usage, "unexpected '%s'", w->word[2]);
      return;
   }
   if (w->n == 2)
      name = w->word[1];
   else
      VG_(sprintf)(generated, "monitor-%u", MSN_(n_snapshots)() + 1);
   const HChar* why = MSN_(bad_snapshot_name)(name);
   if (why) {
      report(usage, "bad name: %s", why);
      return;
   }
   const MSN_Snapshot* s = MSN_(take_snapshot)(name, MSN_ORIGIN_MONITOR);
   VG_(gdb_printf)("snapshot %u %s: %'llu bytes in %'llu block%s\n", s->id,
                   s->name, s->szB, s->n_blocks, PLURAL(s->n_blocks));
}

static void cmd_list(const Words* w)
{
   if (w->n > 1) {
      report("list", "unexpected '%s'", w->word[1]);
      return;
   }
   VG_(gdb_printf)("%4s  %-20s %-8s %15s %12s\n", "id", "name", "origin",
                   "bytes", "blocks");
   for (UInt i = 0; i < MSN_(n_snapshots)(); i++) {
      const MSN_Snapshot* s = MSN_(snapshot_at)(i);
      VG_(gdb_printf)("%4u  %-20s %-8s %'15llu %'12llu\n", s->id, s->name,
                      MSN_(origin_name)(s->origin), s->szB, s->n_blocks);
   }
}

static void cmd_stats(const Words* w)
{
   const HChar* usage = "stats [<name>|now] [<key>] [<limit>]";
   const HChar* name  = "now";
   Int          i     = 1;
   MSN_Grouping g;
   ULong        limit;
   /* The first word is a name unless it reads as a key or a limit. */
   if (i < w->n && !looks_like_limit(w->word[i])
       && !MSN_(names_key)(w->word[i]))
      name = w->word[i++];
   const MSN_Snapshot* s = find(usage, name);
   if (s && parse_key_and_limit(usage, w, i, &g, &limit))
      MSN_(print_statistics)(MSN_(sink_monitor), s, g, limit);
}

static void cmd_compare(const Words* w)
{
   const HChar* usage = "compare <old> <new> [<key>] [<limit>]";
   MSN_Grouping g;
   ULong        limit;
   if (w->n < 3) {
      report(usage, "%s", "give two snapshot names (or now)");
      return;
   }
   const MSN_Snapshot* old = find(usage, w->word[1]);
   if (!old)
      return;
   const MSN_Snapshot* new = VG_STREQ(w->word[1], w->word[2])
                                ? old : find(usage, w->word[2]);
   if (new && parse_key_and_limit(usage, w, 3, &g, &limit))
      MSN_(print_compare)(MSN_(sink_monitor), old, new, g, limit);
}

static void cmd_traced(const Words* w)
{
   if (w->n > 1) {
      report("traced", "unexpected '%s'", w->word[1]);
      return;
   }
   const MSN_Totals* t = MSN_(totals)();
   VG_(gdb_printf)("current: %'llu bytes in %'llu block%s\n", t->cur_szB,
                   t->cur_blocks, PLURAL(t->cur_blocks));
   VG_(gdb_printf)("peak:    %'llu bytes in %'llu block%s\n", t->peak_szB,
                   t->peak_blocks, PLURAL(t->peak_blocks));
}

/* xtmemory [FILE]: the xtree of the traced heap, to FILE (default the
   core's xtmemory.kcg.<pid>.<n>); the core says where it wrote it. */
static void cmd_xtmemory(const Words* w)
{
   if (w->n > 2) {
      report("xtmemory [<file>]", "unexpected '%s'", w->word[2]);
      return;
   }
   MSN_(xtree_report)(w->n == 2 ? w->word[1] : NULL, /*at_exit*/False);
}

/* Parses a decimal or 0x-prefixed hexadecimal address that fits in an
   Addr; False for anything else, overflow included. */
static Bool parse_address(const HChar* text, Addr* a)
{
   Bool  hex  = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
   ULong base = hex ? 16 : 10, value = 0;
   const HChar* p = hex ? text + 2 : text;
   if (*p == '\0')
      return False;
   for (; *p; p++) {
      Int digit;
      if (VG_(isdigit)(*p))
         digit = *p - '0';
      else if (hex && ((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
         digit = (*p | 0x20) - 'a' + 10;
      else
         return False;
      if (value > ((Addr)-1 - (ULong)digit) / base)
         return False;   // would not fit in an Addr
      value = value * base + (ULong)digit;
   }
   *a = (Addr)value;
   return True;
}

static void cmd_traceback(const Words* w)
{
   const HChar* usage = "traceback <address>";
   if (w->n != 2) {
      report(usage, "%s", "give the address of a block, e.g. 0x4a5b040");
      return;
   }
   Addr a;
   if (!parse_address(w->word[1], &a)) {
      report(usage, "bad address '%s'", w->word[1]);
      return;
   }
   SizeT szB;
   if (!MSN_(print_block_traceback)(MSN_(sink_monitor), a, &szB))
      VG_(gdb_printf)("no traced block contains %#lx\n", a);
}

/* reset_peak, clear, start and stop: no arguments, nothing printed but
   "done". */
static void simple_command(const Words* w)
{
   static const HChar* const names[] = { "reset_peak", "clear", "start", "stop" };
   const HChar* word = w->word[0];
   UInt i = 0;
   while (i < 3 && !VG_STREQ(word, names[i]))
      i++;
   if (w->n > 1) {
      report(word, "unexpected '%s'", w->word[1]);
      return;
   }
   switch (i) {
   case 0:  MSN_(reset_peak)();         break;
   case 1:  MSN_(clear_traces)();       break;
   case 2:  MSN_(set_tracing)(True);    break;
   default: MSN_(set_tracing)(False);   break;
   }
   VG_(gdb_printf)("%s: done\n", word);
}

/* Splits copy into words; False if there are too many. */
static Bool split(HChar* copy, Words* w)
{
   HChar* save = NULL;
   w->n = 0;
   for (HChar* word = VG_(strtok_r)(copy, " \t", &save); word != NULL;
        word = VG_(strtok_r)(NULL, " \t", &save)) {
      if (w->n == MAX_WORDS)
         return False;
      w->word[w->n++] = word;
   }
   return True;
}

/* Whether word is one of memsnap's commands. */
static Bool is_memsnap_command(const HChar* word)
{
   static const HChar* const commands[] = {
      "help", "snapshot", "list", "stats", "compare", "traced", "traceback",
      "reset_peak", "clear", "start", "stop", "xtmemory",
   };
   for (UInt i = 0; i < sizeof commands / sizeof commands[0]; i++)
      if (VG_STREQ(word, commands[i]))
         return True;
   return False;
}

/* As the core expects of a tool: False for a command that is not
   memsnap's (the core's own "v." commands, another tool's, a typo), so
   that the core answers a gdb or vgdb user and stays silent for a
   program's VALGRIND_MONITOR_COMMAND (a program written for memcheck
   asking for "leak_check" goes on quietly, as under massif). */
Bool MSN_(handle_monitor_command)(const HChar* command)
{
   HChar copy[VG_(strlen)(command) + 1];
   Words w;
   VG_(strcpy)(copy, command);
   HChar* save = NULL;
   const HChar* first = VG_(strtok_r)(copy, " \t", &save);
   if (first == NULL || !is_memsnap_command(first))
      return False;
   VG_(strcpy)(copy, command);
   if (!split(copy, &w)) {
      report(all_commands, "%s", "too many words");
      return True;
   }

   const HChar* cmd = w.word[0];
   if (VG_STREQ(cmd, "help"))           print_help();
   else if (VG_STREQ(cmd, "snapshot"))  cmd_snapshot(&w);
   else if (VG_STREQ(cmd, "list"))      cmd_list(&w);
   else if (VG_STREQ(cmd, "stats"))     cmd_stats(&w);
   else if (VG_STREQ(cmd, "compare"))   cmd_compare(&w);
   else if (VG_STREQ(cmd, "traced"))    cmd_traced(&w);
   else if (VG_STREQ(cmd, "traceback")) cmd_traceback(&w);
   else if (VG_STREQ(cmd, "xtmemory"))  cmd_xtmemory(&w);
   else                                 simple_command(&w);
   return True;
}

/*--------------------------------------------------------------------*/
/*--- memsnap: monitor commands.                     msn_monitor.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_monitor.h: the monitor commands (docs/memsnap.md,
   "Monitor commands"), sent by vgdb, by gdb's `monitor`, or by the client
   with VALGRIND_MONITOR_COMMAND.  Output goes back to the sender.

   Every command is one row of `commands`: its name, its arguments and its
   help line (which make its usage) and its handler.  A command may be
   abbreviated to any prefix that no other command shares (`snap x` is
   `snapshot x`), as memcheck's and massif's commands may.

   A command can arrive while every client thread is blocked in a system
   call (vgdb's ptrace path); there is then no valid thread, so nothing
   here may unwind a stack.  None of these commands needs one. */

#include "msn_basics.h"
#include "pub_tool_gdbserver.h"
#include "msn_auto.h"
#include "msn_format.h"
#include "msn_heap.h"
#include "msn_monitor.h"
#include "msn_options.h"
#include "msn_snapshot.h"
#include "msn_stats.h"
#include "msn_symbols.h"
#include "msn_xtree.h"

#define DEFAULT_LIMIT 10

#define MAX_WORDS 8

/* A command split into words. */
typedef
   struct {
      Int    n;
      HChar* word[MAX_WORDS];
   }
   Words;

/* One monitor command.  The handler gets the command's row (for its
   usage) and the words, the first being the command as typed. */
typedef
   struct _Command {
      const HChar* name;
      const HChar* args;   // what follows the name in its usage; "" if none
      const HChar* help;   // one line for `help`
      void (*handler)(const struct _Command* c, const Words* w);
   }
   Command;

/* "name args": the usage of command c, in a static buffer. */
static const HChar* usage_of(const Command* c)
{
   static HChar buf[80];
   VG_(snprintf)(buf, sizeof buf, "%s%s%s", c->name, c->args[0] ? " " : "",
                 c->args);
   return buf;
}

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
   g->measure    = MSN_MEASURE_LIVE;
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

static void cmd_snapshot(const Command* c, const Words* w)
{
   const HChar* usage = usage_of(c);
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

static void cmd_list(const Command* c, const Words* w)
{
   if (w->n > 1) {
      report(usage_of(c), "unexpected '%s'", w->word[1]);
      return;
   }
   VG_(gdb_printf)("%4s  %-20s %-8s %15s %12s\n", "id", "name", "origin",
                   "bytes", "blocks");
   for (UInt i = 0; i < MSN_(n_snapshots)(); i++) {
      const MSN_Snapshot* s = MSN_(snapshot_at)(i);
      if (s->dropped)
         continue;
      VG_(gdb_printf)("%4u  %-20s %-8s %'15llu %'12llu\n", s->id, s->name,
                      MSN_(origin_name)(s->origin), s->szB, s->n_blocks);
   }
}

static void cmd_stats(const Command* c, const Words* w)
{
   const HChar* usage = usage_of(c);
   const HChar* name  = "now";
   Int          i     = 1;
   MSN_Grouping g;
   ULong        limit;
   /* The first word is a name unless it reads as a key or a limit. */
   if (i < w->n && !looks_like_limit(w->word[i])
       && !MSN_(names_key)(w->word[i]))
      name = w->word[i++];
   const MSN_Snapshot* s = find(usage, name);
   if (!s || !parse_key_and_limit(usage, w, i, &g, &limit))
      return;
   MSN_(print_statistics)(MSN_(sink_monitor), s, g, limit,
                          /*heading*/True);
}

static void cmd_compare(const Command* c, const Words* w)
{
   const HChar* usage = usage_of(c);
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
   if (!new || !parse_key_and_limit(usage, w, 3, &g, &limit))
      return;
   if (g.measure != MSN_MEASURE_LIVE) {
      const HChar* why = MSN_(bad_churn_pair)(old, new);
      if (why) {
         report(usage, "%s", why);
         return;
      }
   }
   MSN_(print_compare)(MSN_(sink_monitor), old, new, g, limit,
                       /*heading*/True);
}

static void cmd_traced(const Command* c, const Words* w)
{
   if (w->n > 1) {
      report(usage_of(c), "unexpected '%s'", w->word[1]);
      return;
   }
   const MSN_Totals* t = MSN_(totals)();
   VG_(gdb_printf)("current: %'llu bytes in %'llu block%s\n", t->cur_szB,
                   t->cur_blocks, PLURAL(t->cur_blocks));
   VG_(gdb_printf)("peak:    %'llu bytes in %'llu block%s\n", t->peak_szB,
                   t->peak_blocks, PLURAL(t->peak_blocks));
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

static void cmd_traceback(const Command* c, const Words* w)
{
   const HChar* usage = usage_of(c);
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

/* xtmemory [FILE]: the xtree of the traced heap, to FILE (default the
   core's xtmemory.kcg.<pid>.<n>); the core says where it wrote it. */
static void cmd_xtmemory(const Command* c, const Words* w)
{
   if (w->n > 2) {
      report(usage_of(c), "unexpected '%s'", w->word[2]);
      return;
   }
   MSN_(xtree_report)(w->n == 2 ? w->word[1] : NULL, /*at_exit*/False);
}

/* Whether a command without arguments got none; reports it if not. */
static Bool no_arguments(const Command* c, const Words* w)
{
   if (w->n > 1) {
      report(usage_of(c), "unexpected '%s'", w->word[1]);
      return False;
   }
   return True;
}

static void cmd_reset_peak(const Command* c, const Words* w)
{
   if (no_arguments(c, w)) {
      MSN_(reset_peak)();
      VG_(gdb_printf)("%s: done\n", c->name);
   }
}

static void cmd_clear(const Command* c, const Words* w)
{
   if (no_arguments(c, w)) {
      MSN_(clear_traces)();
      VG_(gdb_printf)("%s: done\n", c->name);
   }
}

static void cmd_start(const Command* c, const Words* w)
{
   if (no_arguments(c, w)) {
      MSN_(set_tracing)(True);
      VG_(gdb_printf)("%s: done\n", c->name);
   }
}

static void cmd_stop(const Command* c, const Words* w)
{
   if (no_arguments(c, w)) {
      MSN_(set_tracing)(False);
      VG_(gdb_printf)("%s: done\n", c->name);
   }
}

/* The clock's unit as intervals are written. */
static const HChar* clock_unit(void)
{
   switch (MSN_(clo_time_unit)) {
   case MSN_TIME_BYTES: return "B";
   case MSN_TIME_MS:    return "ms";
   default:             return "i";
   }
}

static void print_auto_state(const HChar* name)
{
   MSN_AutoState st;
   MSN_(auto_state)(&st);
   const HChar* u = clock_unit();
   if (st.every == 0)
      VG_(gdb_printf)("%s: off", name);
   else if (st.every == st.asked)
      VG_(gdb_printf)("%s: every %'llu %s", name, st.every, u);
   else
      VG_(gdb_printf)("%s: every %'llu %s (%'llu %s doubled as snapshots "
                      "were dropped)", name, st.every, u, st.asked, u);
   VG_(gdb_printf)("; %u auto snapshot%s held, at most %u; %u taken\n",
                   st.n_held, PLURAL(st.n_held), st.max_held, st.n_taken);
   if (st.every != 0)
      VG_(gdb_printf)("%s: the next is due at %'llu %s; the clock is at "
                      "%'llu %s\n", name, st.next, u, st.now, u);
}

/* auto [<N><unit>|off]: shows or sets the interval of the
   periodic snapshots, in the run's clock. */
static void cmd_auto(const Command* c, const Words* w)
{
   const HChar* usage = usage_of(c);
   if (w->n > 2) {
      report(usage, "unexpected '%s'", w->word[2]);
      return;
   }
   if (w->n == 2 && VG_STREQ(w->word[1], "off")) {
      MSN_(auto_set_interval)(0);
   } else if (w->n == 2) {
      ULong        every;
      const HChar* unit;
      const HChar* why = MSN_(parse_interval)(w->word[1], &every, &unit);
      HChar        fmt[300];
      if (why == NULL && !VG_STREQ(unit, clock_unit()))
         why = MSN_(clo_time_unit) == MSN_TIME_BYTES
                  ? "the run's clock (--time-unit) is B: give B, KiB, MiB or GiB"
             : MSN_(clo_time_unit) == MSN_TIME_MS
                  ? "the run's clock (--time-unit) is ms: give ms or s"
                  : "the run's clock (--time-unit) is i: give i";
      if (why != NULL) {
         VG_(snprintf)(fmt, sizeof fmt, "bad interval '%%s': %s", why);
         report(usage, fmt, w->word[1]);
         return;
      }
      MSN_(auto_set_interval)(every);
   }
   print_auto_state(c->name);
}

static void cmd_help(const Command* c, const Words* w);

static const Command commands[] = {
   { "help", "", "list these commands", cmd_help },
   { "snapshot", "[<name>]", "take a snapshot (default name: monitor-<id>)",
     cmd_snapshot },
   { "list", "", "list the snapshots: id, name, bytes, blocks", cmd_list },
   { "stats", "[<name>|now] [<key>] [<limit>]",
     "statistics of a snapshot [now lineno 10]", cmd_stats },
   { "compare", "<old> <new> [<key>] [<limit>]",
     "what changed from <old> to <new> [lineno 10]", cmd_compare },
   { "traced", "", "current and peak traced bytes", cmd_traced },
   { "reset_peak", "", "peak := current", cmd_reset_peak },
   { "clear", "", "forget every traced block", cmd_clear },
   { "start", "", "resume recording new blocks", cmd_start },
   { "stop", "", "stop recording new blocks", cmd_stop },
   { "traceback", "<address>", "allocation stack of the block at <address>",
     cmd_traceback },
   { "auto", "[<N><unit>|off]",
     "show or set the interval of the auto snapshots", cmd_auto },
   { "xtmemory", "[<file>]",
     "xtree of the traced heap [xtmemory.kcg.<pid>.<n>]", cmd_xtmemory },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* Every command's name, separated by separator, in a static buffer. */
static const HChar* all_names(const HChar* separator)
{
   static HChar buf[200];
   UInt used = 0;
   for (UInt i = 0; i < N_COMMANDS; i++)
      used += VG_(snprintf)(buf + used, sizeof buf - used, "%s%s",
                            i ? separator : "", commands[i].name);
   return buf;
}

/* The usage and help line of every command; a usage longer than the
   column gets its help on a line of its own. */
static void cmd_help(const Command* c, const Words* w)
{
   if (!no_arguments(c, w))
      return;
   VG_(gdb_printf)("\nmemsnap monitor commands:\n");
   for (UInt i = 0; i < N_COMMANDS; i++) {
      const HChar* usage = usage_of(&commands[i]);
      if (VG_(strlen)(usage) < 25)
         VG_(gdb_printf)("  %-25s%s\n", usage, commands[i].help);
      else
         VG_(gdb_printf)("  %s\n  %25s%s\n", usage, "", commands[i].help);
   }
   VG_(gdb_printf)("  <key>: lineno, filename, function or traceback "
                   "[,cumulative]\n"
                   "    [,allocated|,temporary] (allocations instead of "
                   "live blocks);\n"
                   "  <limit>: how many entries, 0 for all;\n"
                   "  a command may be shortened to a prefix no other "
                   "shares.\n");
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

/* The command a word names, exactly or as an unambiguous prefix; NULL if
   it names none of memsnap's commands.  *ambiguous is set when it is the
   prefix of several (and none is the word itself). */
static const Command* lookup(const HChar* word, Bool* ambiguous)
{
   static HChar keywords[200];
   if (keywords[0] == '\0')
      VG_(strcpy)(keywords, all_names(" "));
   Int i = VG_(keyword_id)(keywords, word, kwd_report_none);
   *ambiguous = i == -2;
   return i >= 0 ? &commands[i] : NULL;
}

/* An abbreviation of several commands: memsnap's, but which one? */
static void report_ambiguous(const HChar* word)
{
   HChar matches[200];
   UInt  used = 0, n = 0;
   SizeT len  = VG_(strlen)(word);
   for (UInt i = 0; i < N_COMMANDS; i++)
      if (VG_(strncmp)(commands[i].name, word, len) == 0)
         used += VG_(snprintf)(matches + used, sizeof matches - used,
                               "%s%s", n++ ? ", " : "", commands[i].name);
   VG_(gdb_printf)("memsnap: error: '%s' is short for several commands "
                   "(%s): give more of it\nusage: %s\n", word, matches,
                   all_names(" | "));
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
   Bool  ambiguous;
   VG_(strcpy)(copy, command);
   HChar* save = NULL;
   const HChar* first = VG_(strtok_r)(copy, " \t", &save);
   if (first == NULL)
      return False;
   const Command* c = lookup(first, &ambiguous);
   if (ambiguous) {
      report_ambiguous(first);
      return True;
   }
   if (c == NULL)
      return False;
   VG_(strcpy)(copy, command);
   if (!split(copy, &w)) {
      report(all_names(" | "), "%s", "too many words");
      return True;
   }
   c->handler(c, &w);
   return True;
}

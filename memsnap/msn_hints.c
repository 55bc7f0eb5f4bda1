/*--------------------------------------------------------------------*/
/*--- memsnap: advice at exit.                         msn_hints.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_hints.h.  Everything here runs once, at start-up or at
   exit, over one snapshot's entries: O(sites), with arrays indexed by
   key id (keys are numbered densely). */

#include "msn_basics.h"
#include "pub_tool_clientstate.h"
#include "msn_hints.h"
#include "msn_options.h"
#include "msn_sites.h"
#include "msn_symbols.h"

/* A function called from this many distinct lines looks like a wrapper. */
#define WRAPPER_MIN_CALLERS 5
/* Objects named by the no-lines hint, at most. */
#define MAX_OBJECTS_NAMED 3

void MSN_(warn_ignored_options)(void)
{
   for (Word i = 0; i < VG_(sizeXA)(VG_(args_for_valgrind)); i++) {
      const HChar* arg = *(HChar**)VG_(indexXA)(VG_(args_for_valgrind), i);
      if (VG_(strncmp)(arg, "--num-callers", 13) == 0) {
         VG_(umsg)("memsnap: warning: %s is not used by memsnap: --depth=<n> "
                   "sets the frames recorded per allocation stack\n", arg);
         return;
      }
   }
}

static UInt percent(ULong part, ULong whole)
{
   return whole ? (UInt)((part * 100 + whole / 2) / whole) : 0;
}

/* "at the peak" or "at exit": which snapshot the figures are of. */
static const HChar* moment(const MSN_Snapshot* s)
{
   return s->origin == MSN_ORIGIN_PEAK ? "at the peak" : "at exit";
}

static const MSN_Frame* attributed_frame(MSN_Site* site)
{
   const MSN_Trace* t = MSN_(site_trace)(site);
   return t->frames[t->attributed];
}

static Int cmp_uint(const void* a, const void* b)
{
   UInt x = *(const UInt*)a, y = *(const UInt*)b;
   return x < y ? -1 : x > y;
}

/* The number of distinct callers (lineno keys of the frame after the
   attributed one) of the sites of s charged to function key fn_key. */
static UInt distinct_callers(const MSN_Snapshot* s, const MSN_Key* fn_key)
{
   UInt* callers = VG_(malloc)("msn.hints.callers",
                               (s->n_entries + 1) * sizeof(UInt));
   UInt  n = 0;
   for (UInt i = 0; i < s->n_entries; i++) {
      const MSN_Trace* t = MSN_(site_trace)(s->entries[i].site);
      if (MSN_(frame_key)(t->frames[t->attributed], MSN_KEY_FUNCTION) == fn_key
          && t->attributed + 1 < t->n_frames)
         callers[n++] = t->frames[t->attributed + 1]->key_lineno->id;
   }
   VG_(ssort)(callers, n, sizeof(UInt), cmp_uint);
   UInt distinct = 0;
   for (UInt i = 0; i < n; i++)
      distinct += i == 0 || callers[i] != callers[i - 1];
   VG_(free)(callers);
   return distinct;
}

static void hint_wrapper(const MSN_Snapshot* s, ULong* by_key)
{
   const MSN_Frame* top = NULL;
   for (UInt i = 0; i < s->n_entries; i++) {
      const MSN_Frame* f = attributed_frame(s->entries[i].site);
      if (f->fn[0] == '\0' || f->is_main)
         continue;
      by_key[f->key_function->id] += s->entries[i].szB;
      if (top == NULL || by_key[f->key_function->id]
                         > by_key[top->key_function->id])
         top = f;
   }
   if (top == NULL)
      return;
   UInt n_callers = distinct_callers(s, top->key_function);
   if (n_callers < WRAPPER_MIN_CALLERS)
      return;
   const HChar* slash = VG_(strrchr)(top->obj, '/');
   VG_(umsg)("memsnap: hint: %u%% of the bytes %s are charged to %s (%s), "
             "called from %u places: if it is an allocation wrapper, add "
             "--alloc-fn=%s\n",
             percent(by_key[top->key_function->id], s->szB), moment(s), top->fn,
             slash ? slash + 1 : top->obj, n_callers, top->fn);
}

/* An object and the bytes charged to its frames without line
   information. */
typedef struct { const HChar* obj; ULong szB; } ObjectBytes;

static Int cmp_by_bytes_down(const void* a, const void* b)
{
   const ObjectBytes *x = a, *y = b;
   if (x->szB != y->szB)
      return x->szB > y->szB ? -1 : 1;
   return VG_(strcmp)(x->obj, y->obj);
}

static void hint_no_lines(const MSN_Snapshot* s)
{
   /* Few objects are loaded, so a list searched linearly will do. */
   XArray* objects = VG_(newXA)(VG_(malloc), "msn.hints.objects", VG_(free),
                                sizeof(ObjectBytes));
   ULong   no_line = 0;
   for (UInt i = 0; i < s->n_entries; i++) {
      const MSN_Frame* f = attributed_frame(s->entries[i].site);
      if (f->line > 0 || f->obj[0] == '\0')
         continue;
      no_line += s->entries[i].szB;
      Word k = 0;
      while (k < VG_(sizeXA)(objects)
             && ((ObjectBytes*)VG_(indexXA)(objects, k))->obj != f->obj)
         k++;
      if (k == VG_(sizeXA)(objects)) {
         ObjectBytes ob = { f->obj, 0 };
         VG_(addToXA)(objects, &ob);
      }
      ((ObjectBytes*)VG_(indexXA)(objects, k))->szB += s->entries[i].szB;
   }
   if (no_line * 2 > s->szB) {
      VG_(setCmpFnXA)(objects, cmp_by_bytes_down);
      VG_(sortXA)(objects);
      HChar names[256] = "";
      for (Word k = 0; k < VG_(sizeXA)(objects) && k < MAX_OBJECTS_NAMED; k++) {
         const HChar* obj   = ((ObjectBytes*)VG_(indexXA)(objects, k))->obj;
         const HChar* slash = VG_(strrchr)(obj, '/');
         SizeT        len   = VG_(strlen)(names);
         VG_(snprintf)(names + len, sizeof names - len, "%s%s", k ? ", " : "",
                       slash ? slash + 1 : obj);
      }
      VG_(umsg)("memsnap: hint: %u%% of the bytes %s are charged to code "
                "without line information, in %s: its debug info (debuginfod, "
                "or the -dbgsym packages) would give lines\n",
                percent(no_line, s->szB), moment(s), names);
   }
   VG_(deleteXA)(objects);
}

/*------------------------------------------------------------*/
/*--- Patterns that matched nothing                        ---*/
/*------------------------------------------------------------*/

static Bool all_matched(XArray* patterns)
{
   for (Word i = 0; i < VG_(sizeXA)(patterns); i++)
      if (!((MSN_Pattern*)VG_(indexXA)(patterns, i))->matched)
         return False;
   return True;
}

static void warn_unmatched(XArray* patterns, const HChar* option,
                           const HChar* what)
{
   for (Word i = 0; i < VG_(sizeXA)(patterns); i++) {
      const MSN_Pattern* p = VG_(indexXA)(patterns, i);
      if (!p->matched)
         VG_(umsg)("memsnap: warning: %s=%s matched no %s of any allocation "
                   "stack\n", option, p->glob, what);
   }
}

/* Warns about each --alloc-fn, --system-code and --user-code pattern that
   matched no frame.  Patterns are marked as frames are classified, when
   a site is symbolized; a pattern may match only stacks that no snapshot
   needed, so every site is symbolized before anything is said. */
static void warn_unmatched_patterns(void)
{
   if (all_matched(MSN_(clo_alloc_fns)) && all_matched(MSN_(clo_system_code))
       && all_matched(MSN_(clo_user_code)))
      return;
   for (UInt i = 0; i < MSN_(n_sites)(); i++)
      MSN_(site_trace)(MSN_(site_at)(i));
   warn_unmatched(MSN_(clo_alloc_fns), "--alloc-fn", "function");
   warn_unmatched(MSN_(clo_system_code), "--system-code",
                  "object or source file");
   warn_unmatched(MSN_(clo_user_code), "--user-code",
                  "object or source file");
}

void MSN_(print_hints)(const MSN_Snapshot* s)
{
   if (s != NULL && s->entries != NULL && s->szB > 0) {
      for (UInt i = 0; i < s->n_entries; i++)
         MSN_(site_trace)(s->entries[i].site);   // every key interned
      SizeT  szB    = (MSN_(n_keys)() + 1) * sizeof(ULong);
      ULong* by_key = VG_(malloc)("msn.hints.by_key", szB);
      VG_(memset)(by_key, 0, szB);
      hint_wrapper(s, by_key);
      VG_(free)(by_key);
      hint_no_lines(s);
   }
   warn_unmatched_patterns();
}

/*--------------------------------------------------------------------*/
/*--- memsnap: snapshots.                           msn_snapshot.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_snapshot.h.  Owns the array of stored snapshots and the
   `now` snapshot; does not format anything (msn_stats.c, msn_output.c). */

#include "msn_basics.h"
#include "pub_tool_libcproc.h"
#include "msn_delta.h"
#include "msn_heap.h"
#include "msn_output.h"
#include "msn_peak.h"
#include "msn_sites.h"
#include "msn_snapshot.h"
#include "msn_timeline.h"

#define MAX_NAME_LEN 100

static XArray*      snapshots;   // of MSN_Snapshot*, in the order taken
static MSN_Snapshot now;         // the current state; see refresh_now
static UInt         start_ms;    // timer value at start-up

void MSN_(capture_state)(MSN_Snapshot* s)
{
   const MSN_Totals* t = MSN_(totals)();
   UInt n_sites   = MSN_(n_sites)();
   s->time_ms     = VG_(read_millisecond_timer)() - start_ms;
   s->time_szB    = t->total_szB;
   s->szB         = t->cur_szB;
   s->n_blocks    = t->cur_blocks;
   s->peak_szB    = t->peak_szB;
   s->n_clears    = MSN_(n_clears)();
   s->alloc_szB   = s->alloc_blocks = s->temp_szB = s->temp_blocks = 0;
   s->n_entries   = 0;
   s->entries     = VG_(malloc)("msn.snapshot.entries",
                                (n_sites ? n_sites : 1) * sizeof(MSN_SnapEntry));
   for (UInt id = 1; id <= n_sites; id++) {
      const MSN_SiteCounts* c   = MSN_(counts_of)(id);
      const MSN_SiteTemps*  tmp = MSN_(temps_of)(id);
      if (c->alloc_blocks == 0)
         continue;
      MSN_SnapEntry* e = &s->entries[s->n_entries++];
      e->site         = MSN_(site_by_id)(id);
      e->szB          = c->live_szB;
      e->n_blocks     = c->live_blocks;
      e->alloc_szB    = c->alloc_szB;
      e->alloc_blocks = c->alloc_blocks;
      e->temp_szB     = tmp->temp_szB;
      e->temp_blocks  = tmp->temp_blocks;
      s->alloc_szB   += c->alloc_szB;
      s->alloc_blocks += c->alloc_blocks;
      s->temp_szB    += tmp->temp_szB;
      s->temp_blocks += tmp->temp_blocks;
   }
   s->entries = VG_(realloc)("msn.snapshot.entries", s->entries,
                             (s->n_entries ? s->n_entries : 1)
                                * sizeof(MSN_SnapEntry));
   s->base       = NULL;
   s->n_changes  = 0;
   s->changes    = NULL;
   s->chain_rows = 0;
}

const HChar* MSN_(bad_snapshot_name)(const HChar* name)
{
   SizeT len = VG_(strlen)(name);
   if (len == 0)
      return "a snapshot name cannot be empty";
   if (len > MAX_NAME_LEN)
      return "a snapshot name has at most 100 characters";
   if (name[0] == '#')
      return "a snapshot name cannot start with '#' (memsnap_print's ids)";
   for (SizeT i = 0; i < len; i++) {
      UChar c = (UChar)name[i];
      if (c <= ' ' || c >= 0x7f || c == ',')
         return "a snapshot name is printable ASCII without spaces or commas";
   }
   if (VG_STREQ(name, "now"))
      return "'now' stands for the current state and cannot name a snapshot";
   if (VG_STREQ(name, "exit"))
      return "'exit' is the name of the snapshot taken at exit";
   if (VG_STREQ(name, "peak"))
      return "'peak' is the name of the snapshot at the peak";
   if (VG_STREQ(name, "auto"))
      return "'auto' is the name of the periodic snapshots (--snapshot-every)";
   return NULL;
}

const MSN_Snapshot* MSN_(take_snapshot)(const HChar* name, MSN_Origin origin)
{
   MSN_Snapshot* s = VG_(malloc)("msn.snapshot", sizeof *s);
   s->name   = VG_(strdup)("msn.snapshot.name", name);
   s->origin = origin;
   MSN_(capture_state)(s);
   return MSN_(store_snapshot)(s);
}

/*------------------------------------------------------------*/
/*--- The name index                                       ---*/
/*------------------------------------------------------------*/

/* The most recent snapshot of each name, in an open-addressing hash
   table (linear probing, at most half full), so that taking and looking
   up a snapshot costs the same after 100,000 distinct names as after 10. */
static struct {
   MSN_Snapshot** slots;
   UWord          mask;    // capacity - 1; the capacity is a power of 2
   UWord          used;
} names;

static UWord hash_name(const HChar* name)
{
   UWord h = 2166136261u;             // FNV-1a
   for (; *name; name++)
      h = (h ^ (UChar)*name) * 16777619u;
   return h;
}

/* The slot of name: the one holding its snapshot, or the empty one where
   it belongs. */
static MSN_Snapshot** name_slot(const HChar* name)
{
   UWord i = hash_name(name) & names.mask;
   while (names.slots[i] && !VG_STREQ(names.slots[i]->name, name))
      i = (i + 1) & names.mask;
   return &names.slots[i];
}

static void grow_names(void)
{
   MSN_Snapshot** old   = names.slots;
   UWord          old_n = names.mask + 1;
   names.mask  = 2 * old_n - 1;
   names.slots = VG_(calloc)("msn.snapshot.names", 2 * old_n,
                             sizeof(MSN_Snapshot*));
   for (UWord i = 0; i < old_n; i++)
      if (old[i])
         *name_slot(old[i]->name) = old[i];
   VG_(free)(old);
}

/* Makes s the snapshot of its name; returns the one it shadows, or NULL. */
static MSN_Snapshot* index_name(MSN_Snapshot* s)
{
   MSN_Snapshot** slot  = name_slot(s->name);
   MSN_Snapshot*  older = *slot;
   *slot = s;
   if (older == NULL && ++names.used * 2 > names.mask + 1)
      grow_names();
   return older;
}

static MSN_Snapshot* find_name(const HChar* name)
{
   return *name_slot(name);
}

/*------------------------------------------------------------*/
/*--- Tables                                               ---*/
/*------------------------------------------------------------*/

/* The stored snapshots whose tables were rebuilt (msn_delta.c) and are
   kept for now; the oldest goes when a third is rebuilt. */
#define N_REBUILT 2
static MSN_Snapshot* rebuilt[N_REBUILT];

static void forget_rebuilt(const MSN_Snapshot* s)
{
   for (Int i = 0; i < N_REBUILT; i++)
      if (rebuilt[i] == s)
         rebuilt[i] = NULL;
}

/* Frees the rebuilt table of s, which keeps its changes. */
static void drop_rebuilt_table(MSN_Snapshot* s)
{
   tl_assert(s->base != NULL);
   VG_(free)(s->entries);
   s->entries = NULL;
   forget_rebuilt(s);
}

/* Stored snapshot i (from 0), writable. */
static MSN_Snapshot* stored(UInt i)
{
   return *(MSN_Snapshot**)VG_(indexXA)(snapshots, i);
}

const MSN_SnapEntry* MSN_(snapshot_entries)(const MSN_Snapshot* cs)
{
   if (cs->entries != NULL)   // `now', the peak's copy, whole tables
      return cs->entries;
   MSN_Snapshot* s = stored(cs->id - 1);
   tl_assert(s == cs);
   s->entries = MSN_(table_build)(s);
   if (rebuilt[N_REBUILT - 1] != NULL)
      drop_rebuilt_table(rebuilt[N_REBUILT - 1]);
   for (Int i = N_REBUILT - 1; i > 0; i--)
      rebuilt[i] = rebuilt[i - 1];
   rebuilt[0] = s;
   return s->entries;
}

/* s is the newest, with its whole table: keeps it as changes against
   prev (the snapshot stored before it), unless the whole table is the
   smaller (see the overview in msn_snapshot.h). */
static void store_changes(MSN_Snapshot* s, MSN_Snapshot* prev)
{
   if (prev == NULL)
      return;
   const MSN_SnapEntry* from = MSN_(snapshot_entries)(prev);
   s->n_changes  = MSN_(table_diff)(from, prev->n_entries, s->entries,
                                    s->n_entries, &s->changes);
   s->base       = prev;
   s->chain_rows = prev->chain_rows + s->n_changes;
}

/* After s was written: keeps it whole if its changes would not save
   memory; frees the table of the snapshot before it, now that s is the
   newest. */
static void settle_storage(MSN_Snapshot* s, MSN_Snapshot* prev)
{
   if (s->base != NULL && ((ULong)s->n_changes * 2 >= s->n_entries
                           || s->chain_rows > 4 * (ULong)s->n_entries)) {
      VG_(free)(s->changes);
      s->changes    = NULL;
      s->n_changes  = 0;
      s->base       = NULL;
      s->chain_rows = 0;
   }
   if (prev != NULL && prev->base != NULL && prev->entries != NULL)
      drop_rebuilt_table(prev);
}

/* older is shadowed: nothing reaches its table any more, but the next
   snapshot may keep its changes against it.  Then those become changes
   against older's base (or, if older has its whole table, the next one
   keeps its own whole table), and older's storage is freed. */
static void fold_into_next(MSN_Snapshot* older)
{
   MSN_Snapshot* next = stored(older->id);
   if (next->base == older) {
      if (older->base == NULL) {
         MSN_(snapshot_entries)(next);
         forget_rebuilt(next);
         VG_(free)(next->changes);
         next->changes    = NULL;
         next->n_changes  = 0;
         next->chain_rows = 0;
      } else {
         MSN_SnapEntry* merged;
         UInt n = MSN_(changes_merge)(older->changes, older->n_changes,
                                      next->changes, next->n_changes,
                                      &merged);
         VG_(free)(next->changes);
         next->changes    = merged;
         next->n_changes  = n;
         next->chain_rows = older->base->chain_rows + n;
      }
      next->base = older->base;
   }
   forget_rebuilt(older);
   VG_(free)(older->entries);
   VG_(free)(older->changes);
   older->entries   = NULL;
   older->changes   = NULL;
   older->n_changes = 0;
   older->base      = NULL;
}

/* Frees the table of the snapshot that s's name shadows, if any. */
static void shadow_older_namesake(MSN_Snapshot* s)
{
   MSN_Snapshot* older = index_name(s);
   if (older == NULL)
      return;
   fold_into_next(older);
   older->shadowed = True;
}

const MSN_Snapshot* MSN_(store_snapshot)(MSN_Snapshot* s)
{
   UInt          n    = (UInt)VG_(sizeXA)(snapshots);
   MSN_Snapshot* prev = n > 0 ? stored(n - 1) : NULL;
   s->id       = n + 1;
   s->shadowed = False;
   s->dropped  = False;
   store_changes(s, prev);
   VG_(addToXA)(snapshots, &s);
   /* The peak is stored at exit but belongs earlier; the timeline has its
      own point for it. */
   if (s->origin != MSN_ORIGIN_PEAK)
      MSN_(timeline_mark_snapshot)(s->id, MSN_(totals)());
   MSN_(output_snapshot)(s);
   settle_storage(s, prev);
   shadow_older_namesake(s);
   return s;
}

/* Rebuilds the `now` snapshot from the current state. */
static void refresh_now(void)
{
   if (now.entries)
      VG_(free)(now.entries);
   now.id       = 0;
   now.name     = "now";
   now.origin   = MSN_ORIGIN_CLIENT;
   now.shadowed = False;
   now.dropped  = False;
   MSN_(capture_state)(&now);
}

const MSN_Snapshot* MSN_(find_snapshot)(const HChar* name)
{
   if (VG_STREQ(name, "now")) {
      refresh_now();
      return &now;
   }
   if (VG_STREQ(name, "peak"))
      return MSN_(peak_snapshot)();
   return find_name(name);
}

void MSN_(drop_snapshot)(UInt id)
{
   MSN_Snapshot* s = stored(id - 1);
   tl_assert(s->origin == MSN_ORIGIN_AUTO && s->shadowed && !s->dropped);
   s->dropped = True;
   MSN_(output_drop)(s);
}

UInt MSN_(n_snapshots)(void)
{
   return (UInt)VG_(sizeXA)(snapshots);
}

const MSN_Snapshot* MSN_(snapshot_at)(UInt i)
{
   return *(MSN_Snapshot**)VG_(indexXA)(snapshots, i);
}

/* Whether snapshot i's name appears again after it. */
static Bool name_taken_again(UInt i)
{
   const MSN_Snapshot* s = MSN_(snapshot_at)(i);
   return find_name(s->name) != s;
}

void MSN_(snapshot_names)(HChar* buf, SizeT bufsz)
{
   SizeT used = 0;
   buf[0] = '\0';
   for (UInt i = 0; i < MSN_(n_snapshots)() && used + 1 < bufsz; i++) {
      if (name_taken_again(i))
         continue;
      used += VG_(snprintf)(buf + used, bufsz - used, "%s%s",
                            used ? ", " : "", MSN_(snapshot_at)(i)->name);
   }
   if (used == 0)
      VG_(snprintf)(buf, bufsz, "(none)");
}

const HChar* MSN_(origin_name)(MSN_Origin origin)
{
   switch (origin) {
   case MSN_ORIGIN_CLIENT:  return "client";
   case MSN_ORIGIN_MONITOR: return "monitor";
   case MSN_ORIGIN_PEAK:    return "peak";
   case MSN_ORIGIN_EXIT:    return "exit";
   case MSN_ORIGIN_AUTO:    return "auto";
   default: tl_assert2(0, "bad snapshot origin %d", (Int)origin);
   }
}

static Bool check_snapshot(const MSN_Snapshot* s, UInt id)
{
   ULong szB = 0, n_blocks = 0, alloc_szB = 0, alloc_blocks = 0;
   ULong temp_blocks = 0;
   const MSN_SnapEntry* entries = MSN_(snapshot_entries)(s);
   for (UInt i = 0; i < s->n_entries; i++) {
      const MSN_SnapEntry* e = &entries[i];
      /* A temporary block was freed: it is not among the live ones. */
      if (e->alloc_blocks < e->n_blocks || e->alloc_blocks == 0
          || e->temp_blocks > e->alloc_blocks - e->n_blocks
          || e->temp_szB > e->alloc_szB - e->szB
          || (i > 0 && entries[i - 1].site->id >= e->site->id))
         return False;
      szB          += e->szB;
      n_blocks     += e->n_blocks;
      alloc_szB    += e->alloc_szB;
      alloc_blocks += e->alloc_blocks;
      temp_blocks  += e->temp_blocks;
   }
   return s->id == id && szB == s->szB && n_blocks == s->n_blocks
          && alloc_szB == s->alloc_szB && alloc_blocks == s->alloc_blocks
          && temp_blocks == s->temp_blocks && s->peak_szB >= s->szB;
}

UInt MSN_(n_snapshot_tables)(void)
{
   UInt n = 0;
   for (UInt i = 0; i < MSN_(n_snapshots)(); i++)
      n += !MSN_(snapshot_at)(i)->shadowed;
   return n;
}

Bool MSN_(check_snapshots)(void)
{
   for (UInt i = 0; i < MSN_(n_snapshots)(); i++) {
      const MSN_Snapshot* s = MSN_(snapshot_at)(i);
      if (s->shadowed ? (s->entries != NULL || s->changes != NULL
                         || s->id != i + 1)
                      : !check_snapshot(s, i + 1))
         return False;
   }
   return True;
}

void MSN_(snapshots_init)(void)
{
   snapshots = VG_(newXA)(VG_(malloc), "msn.snapshot.list", VG_(free),
                          sizeof(MSN_Snapshot*));
   names.mask  = 15;
   names.slots = VG_(calloc)("msn.snapshot.names", names.mask + 1,
                             sizeof(MSN_Snapshot*));
   start_ms  = VG_(read_millisecond_timer)();
}

/*--------------------------------------------------------------------*/
/*--- memsnap: tables as differences.                  msn_delta.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_delta.h.  Lists are merged in site id order; a table is
   rebuilt in an array of rows indexed by site id, so that a chain of k
   changes costs the sites plus the changes, not k times the table. */

#include "msn_basics.h"
#include "msn_delta.h"
#include "msn_sites.h"

static MSN_SnapEntry* new_rows(UInt n)
{
   return VG_(malloc)("msn.delta.rows", (n ? n : 1) * sizeof(MSN_SnapEntry));
}

/* Shrinks rows to n, or frees them and returns NULL when n is 0. */
static MSN_SnapEntry* fit_rows(MSN_SnapEntry* rows, UInt n)
{
   if (n == 0) {
      VG_(free)(rows);
      return NULL;
   }
   return VG_(realloc)("msn.delta.rows", rows, n * sizeof(MSN_SnapEntry));
}

/* Whether two rows of the same site have the same figures.  A site that
   allocated more since may hold the same live blocks. */
static Bool same_row(const MSN_SnapEntry* a, const MSN_SnapEntry* b)
{
   return a->szB == b->szB && a->n_blocks == b->n_blocks
          && a->alloc_szB == b->alloc_szB && a->alloc_blocks == b->alloc_blocks
          && a->temp_szB == b->temp_szB && a->temp_blocks == b->temp_blocks;
}

UInt MSN_(table_diff)(const MSN_SnapEntry* from, UInt n_from,
                      const MSN_SnapEntry* to, UInt n_to,
                      MSN_SnapEntry** changes)
{
   MSN_SnapEntry* out = new_rows(n_from + n_to);
   UInt i = 0, j = 0, n = 0;
   while (i < n_from || j < n_to) {
      UInt from_id = i < n_from ? from[i].site->id : ~0u;
      UInt to_id   = j < n_to   ? to[j].site->id   : ~0u;
      if (from_id < to_id) {                 // gone
         MSN_SnapEntry gone = { .site = from[i++].site };
         out[n++] = gone;
      } else if (to_id < from_id) {          // new
         out[n++] = to[j++];
      } else {
         if (!same_row(&from[i], &to[j]))
            out[n++] = to[j];
         i++;
         j++;
      }
   }
   *changes = fit_rows(out, n);
   return n;
}

UInt MSN_(changes_merge)(const MSN_SnapEntry* first, UInt n_first,
                         const MSN_SnapEntry* second, UInt n_second,
                         MSN_SnapEntry** changes)
{
   MSN_SnapEntry* out = new_rows(n_first + n_second);
   UInt i = 0, j = 0, n = 0;
   while (i < n_first || j < n_second) {
      UInt a = i < n_first  ? first[i].site->id  : ~0u;
      UInt b = j < n_second ? second[j].site->id : ~0u;
      if (a < b)
         out[n++] = first[i++];
      else {
         out[n++] = second[j++];
         i += a == b;
      }
   }
   *changes = fit_rows(out, n);
   return n;
}

/* Puts rows (a whole table or changes) into the array indexed by site
   id. */
static void apply(MSN_SnapEntry* by_id, const MSN_SnapEntry* rows, UInt n)
{
   for (UInt i = 0; i < n; i++)
      by_id[rows[i].site->id] = rows[i];
}

MSN_SnapEntry* MSN_(table_build)(const MSN_Snapshot* s)
{
   /* The chain, from s back to the first snapshot with its entries. */
   XArray* chain = VG_(newXA)(VG_(malloc), "msn.delta.chain", VG_(free),
                              sizeof(const MSN_Snapshot*));
   const MSN_Snapshot* c = s;
   for (; c->entries == NULL; c = c->base) {
      tl_assert(c->base != NULL);
      VG_(addToXA)(chain, &c);
   }
   UInt           n_sites = MSN_(n_sites)();
   MSN_SnapEntry* by_id   = VG_(calloc)("msn.delta.by_id", n_sites + 1,
                                        sizeof(MSN_SnapEntry));
   apply(by_id, c->entries, c->n_entries);
   for (Word i = VG_(sizeXA)(chain) - 1; i >= 0; i--) {
      const MSN_Snapshot* d = *(const MSN_Snapshot**)VG_(indexXA)(chain, i);
      apply(by_id, d->changes, d->n_changes);
   }
   VG_(deleteXA)(chain);

   MSN_SnapEntry* table = new_rows(s->n_entries);
   UInt n = 0;
   for (UInt id = 1; id <= n_sites; id++) {
      if (by_id[id].alloc_blocks == 0)
         continue;
      tl_assert(n < s->n_entries);
      table[n++] = by_id[id];
   }
   tl_assert(n == s->n_entries);
   VG_(free)(by_id);
   return table;
}

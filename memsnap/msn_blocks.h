/*--------------------------------------------------------------------*/
/*--- memsnap: the live-block table.                  msn_blocks.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The table of the blocks memsnap took from Valgrind's arena (those too
   big or too aligned for a slab, msn_slabs.c), keyed by address: its
   requested size and the id of its site (0: untraced).  Looked up on
   every free and realloc and added to on every allocation, so it is a
   flat open-addressing hash table: one cache miss per operation, 12
   bytes per slot, at most 2/3 full.  Only msn_heap.c uses it. */

#ifndef __MSN_BLOCKS_H
#define __MSN_BLOCKS_H

#include "msn_basics.h"

typedef
   struct {
      Addr  addr;      // the block's address; 0 in an empty slot
      SizeT req_szB;   // what the client asked for
      UInt  site_id;   // MSN_Site.id, or 0 if the block is untraced
   }
   MSN_Block;

void MSN_(blocks_init)(void);

/* Adds a block; addr must not be in the table, nor 0. */
void MSN_(add_block)(const MSN_Block* b);

/* Copies the block at addr into *b and returns True, or returns False. */
Bool MSN_(lookup_block)(Addr addr, /*OUT*/MSN_Block* b);

/* Removes the block at addr, copying it into *b; False if absent. */
Bool MSN_(remove_block)(Addr addr, /*OUT*/MSN_Block* b);

/* Changes the size and site of the block at addr, which must exist. */
void MSN_(update_block)(Addr addr, SizeT req_szB, UInt site_id);

/* Calls fn on every block; fn may change req_szB and site_id only. */
void MSN_(for_each_block)(void (*fn)(MSN_Block* b, void* opaque),
                          void* opaque);

UWord MSN_(n_blocks)(void);

/* Checks the table's invariants (every entry reachable from its home slot,
   the count, the side table of big sizes).  O(capacity). */
Bool MSN_(check_blocks)(void);

/* Bytes the table itself takes. */
SizeT MSN_(blocks_table_szB)(void);

#endif /* __MSN_BLOCKS_H */

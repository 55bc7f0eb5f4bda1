/*--------------------------------------------------------------------*/
/*--- memsnap: the small-block allocator.              msn_slabs.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* The client's small blocks (at most MSN_SLAB_MAX_SZB bytes, aligned to
   at most as much) come from slabs: 16 KiB of client memory cut into slots
   of one size class.  Each slot's record (the block's requested size and
   site id) lives beside the slab, in the tool's memory, at an index
   computed from the address: freeing a small block needs no table lookup
   and touches no cache line but the slab's.  Bigger and more aligned
   blocks go to Valgrind's client arena and the live-block table
   (msn_blocks.h), and so does every block until the program first holds
   many (msn_heap.c decides).  Only msn_heap.c uses this module.

   Terms: a *class* is a slot size (16 to 256 bytes by 16, then four to a
   doubling up to 1 KiB: 320, 384, 448, 512, 640, ... 1024); a *slab* is
   16 KiB of client memory, aligned to 16 KiB, serving one class or, while
   it is *spare*, none; a *region* is 1 MiB, aligned, 64 slabs, the unit
   in which client memory is found from an address.  Past 16 spare slabs,
   and past as many as are in use, spares give their pages back to the
   kernel. */

#ifndef __MSN_SLABS_H
#define __MSN_SLABS_H

#include "msn_basics.h"
#include "msn_blocks.h"

#define MSN_SLAB_MAX_SZB 1024

void MSN_(slabs_init)(void);

/* A slot for a block of szB bytes aligned to align (a power of two), with
   its record set to szB and site id 0; *site_id_cell is where its site id
   is kept.  NULL if the block is too big or too aligned for a slot, or
   memory has run out: the caller then uses the arena. */
void* MSN_(slab_alloc)(SizeT szB, SizeT align, /*OUT*/UInt** site_id_cell);

/* The slot of a live small block, as MSN_(slab_find) found it: the calls
   below take it instead of finding the block again.  Valid until the
   slot is released. */
typedef
   struct {
      struct _MSN_Slab* slab;
      UInt              slot;
   }
   MSN_SlabSlot;

/* Finds the live small block at a: its slot into *where, a copy of its
   record into *b.  False if a is not the start of a live small block. */
Bool MSN_(slab_find)(Addr a, /*OUT*/MSN_SlabSlot* where,
                     /*OUT*/MSN_Block* b);

/* Frees the slot.  A free is find, then release, so that the caller can
   start fetching what the record leads to (the site's counters) before
   the slot's bookkeeping. */
void MSN_(slab_release)(const MSN_SlabSlot* where);

/* The slot's size: what its block can hold. */
SizeT MSN_(slab_slot_szB)(const MSN_SlabSlot* where);

/* Sets the slot's record; szB must fit the slot. */
void MSN_(slab_set_record)(const MSN_SlabSlot* where, SizeT szB,
                             UInt site_id);

/* Calls fn on every live small block; fn may change site_id only. */
void MSN_(for_each_slab_block)(void (*fn)(MSN_Block* b, void* opaque),
                               void* opaque);

UWord MSN_(n_slab_blocks)(void);

/* Checks every slab's counts, bitmap and list membership.  O(slots). */
Bool MSN_(check_slabs)(void);

/* Bytes of the tool's memory the records and slab descriptors take;
   bytes of client memory taken for slabs. */
SizeT MSN_(slabs_meta_szB)(void);
SizeT MSN_(slabs_client_szB)(void);

/* How many times an empty slab's pages were given back to the kernel. */
ULong MSN_(slabs_n_purged)(void);

#endif /* __MSN_SLABS_H */

/*--------------------------------------------------------------------*/
/*--- memsnap: the live-block table.                  msn_blocks.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_blocks.h.

   Why not Valgrind's VgHashTable: its chains put every block in a node of
   its own, reached through a bucket array, so each lookup touches two
   cache lines and each block costs 40 to 48 bytes.  Here the blocks live
   in the slots themselves, with linear probing and deletion by backward
   shifting (no tombstones).

   The home slot of an address is the address (in 16-byte granules)
   modulo the table's capacity, a prime.  Blocks allocated one after the
   other land in neighbouring slots, so the common pattern of freeing
   blocks in roughly the order they were allocated walks the table
   sequentially, which the processor prefetches; a hash that scatters them
   is much slower (docs/performance.md, "Figures behind the design").  The price
   is that packed blocks fill runs of slots, which probing and deletion
   must walk, so the table is kept at most 2/3 full, the fastest load on
   the benchmark suite.  The prime keeps power-of-two strides
   (page-aligned blocks) from piling onto a few slots.

   A slot is 12 bytes: one 64-bit word holds the block's address in
   8-byte granules (44 bits: the whole 47-bit user address space; 0 marks
   an empty slot) and its size (20 bits), then comes the site id.  The
   rare block of 1 MiB or more keeps BIG_SIZE there and its real size in a
   side table.  (16-byte slots cost 50 bytes per block at 2M blocks while
   the table grows; 12-byte slots, 38.) */

#include "msn_basics.h"
#include "pub_tool_hashtable.h"
#include "msn_blocks.h"

#define GRANULE_BITS 44
#define GRANULE_MASK ((1ULL << GRANULE_BITS) - 1)
#define SIZE_BITS    20
#define BIG_SIZE     ((1u << SIZE_BITS) - 1)

/* Capacities: the largest prime below each power of two from 2^8.  The
   table starts small: it is made before the client runs, so it sits in
   Valgrind's core arena while the core reads the debug info of the
   client's libraries, the arena's fullest moment (see design.md,
   "Start-up memory"). */
static const ULong capacities[] = {
   251ULL, 509ULL, 1021ULL, 2039ULL, 4093ULL, 8191ULL, 16381ULL, 32749ULL,
   65521ULL, 131071ULL, 262139ULL, 524287ULL, 1048573ULL, 2097143ULL,
   4194301ULL, 8388593ULL, 16777213ULL, 33554393ULL, 67108859ULL,
   134217689ULL, 268435399ULL, 536870909ULL, 1073741789ULL, 2147483647ULL,
   4294967291ULL, 8589934583ULL, 17179869143ULL, 34359738337ULL
};

typedef
   struct __attribute__((packed)) {
      ULong word;      // granule | size << GRANULE_BITS; 0: empty
      UInt  site_id;
   }
   Slot;

static inline Addr slot_addr(const Slot* s)
{
   return (Addr)((s->word & GRANULE_MASK) << 3);
}

static inline UInt slot_szB(const Slot* s)
{
   return (UInt)(s->word >> GRANULE_BITS);
}

static inline Bool slot_empty(const Slot* s)
{
   return (s->word & GRANULE_MASK) == 0;
}

/* Sets the slot's address and its size field (szB <= BIG_SIZE). */
static inline void slot_set(Slot* s, Addr a, UInt szB)
{
   s->word = ((ULong)a >> 3) | ((ULong)szB << GRANULE_BITS);
}

/* A size that does not fit in a slot.  First fields as VgHashNode. */
typedef
   struct _BigSize {
      struct _BigSize* next;
      Addr             addr;
      SizeT            szB;
   }
   BigSize;

static struct {
   Slot*        slots;
   UWord        capacity;   // capacities[size_index]
   UInt         size_index;
   UWord        n_used;
   VgHashTable* big_sizes;  // of BigSize
} table;

static inline UWord home_slot(Addr a)
{
   return (a >> 4) % table.capacity;
}

static inline UWord next_slot(UWord i)
{
   return i + 1 == table.capacity ? 0 : i + 1;
}

/* The slot holding addr, or the empty slot where it would go. */
static inline UWord probe(Addr addr)
{
   UWord i = home_slot(addr);
   while (!slot_empty(&table.slots[i]) && slot_addr(&table.slots[i]) != addr)
      i = next_slot(i);
   return i;
}

static void allocate_slots(UInt size_index)
{
   tl_assert(size_index < sizeof capacities / sizeof capacities[0]);
   table.size_index = size_index;
   table.capacity   = (UWord)capacities[size_index];
   table.slots      = VG_(calloc)("msn.blocks.slots", table.capacity,
                                  sizeof(Slot));
}

static void grow(void)
{
   Slot* old     = table.slots;
   UWord old_cap = table.capacity;
   allocate_slots(table.size_index + 1);
   for (UWord i = 0; i < old_cap; i++)
      if (!slot_empty(&old[i]))
         table.slots[probe(slot_addr(&old[i]))] = old[i];
   VG_(free)(old);
}

/*------------------------------------------------------------*/
/*--- Sizes                                                ---*/
/*------------------------------------------------------------*/

/* Stores szB in slot s (whose address is set), whose size was in
   big_sizes iff was_big. */
static void set_size(Slot* s, SizeT szB, Bool was_big)
{
   Addr a = slot_addr(s);
   if (szB < BIG_SIZE) {
      if (was_big)
         VG_(free)(VG_(HT_remove)(table.big_sizes, a));
      slot_set(s, a, (UInt)szB);
      return;
   }
   BigSize* big = was_big ? VG_(HT_lookup)(table.big_sizes, a) : NULL;
   if (!big) {
      big       = VG_(malloc)("msn.blocks.big", sizeof *big);
      big->addr = a;
      if (table.big_sizes == NULL)   // made on first use (design.md)
         table.big_sizes = VG_(HT_construct)("msn.blocks.big_sizes");
      VG_(HT_add_node)(table.big_sizes, big);
   }
   big->szB = szB;
   slot_set(s, a, BIG_SIZE);
}

static SizeT get_size(const Slot* s)
{
   if (slot_szB(s) != BIG_SIZE)
      return slot_szB(s);
   BigSize* big = VG_(HT_lookup)(table.big_sizes, slot_addr(s));
   tl_assert2(big, "memsnap: block %#lx has no recorded size", slot_addr(s));
   return big->szB;
}

static void to_block(const Slot* s, MSN_Block* b)
{
   b->addr    = slot_addr(s);
   b->req_szB = get_size(s);
   b->site_id = s->site_id;
}

/*------------------------------------------------------------*/
/*--- Operations                                           ---*/
/*------------------------------------------------------------*/

void MSN_(add_block)(const MSN_Block* b)
{
   if (3 * (table.n_used + 1) > 2 * table.capacity)
      grow();
   tl_assert2(b->addr != 0 && (b->addr & 7) == 0
              && ((ULong)b->addr >> 3) <= GRANULE_MASK,
              "memsnap: block address %#lx does not fit a slot", b->addr);
   Slot* s = &table.slots[probe(b->addr)];
   tl_assert(slot_empty(s));
   slot_set(s, b->addr, 0);
   s->site_id = b->site_id;
   set_size(s, b->req_szB, /*was_big*/False);
   table.n_used++;
}

Bool MSN_(lookup_block)(Addr addr, /*OUT*/MSN_Block* b)
{
   const Slot* s = &table.slots[probe(addr)];
   if (slot_empty(s))
      return False;
   to_block(s, b);
   return True;
}

void MSN_(update_block)(Addr addr, SizeT req_szB, UInt site_id)
{
   Slot* s = &table.slots[probe(addr)];
   tl_assert(!slot_empty(s) && slot_addr(s) == addr);
   s->site_id = site_id;
   set_size(s, req_szB, /*was_big*/slot_szB(s) == BIG_SIZE);
}

/* Empties slot i, moving back the entries after it that belong before
   it, so that every entry stays reachable from its home slot. */
static void delete_slot(UWord i)
{
   UWord j = i;
   for (;;) {
      j = next_slot(j);
      if (slot_empty(&table.slots[j]))
         break;
      UWord home = home_slot(slot_addr(&table.slots[j]));
      /* The entry at j may move to i unless its home is cyclically
         within (i, j]. */
      Bool home_in_between = i <= j ? (i < home && home <= j)
                                    : (i < home || home <= j);
      if (!home_in_between) {
         table.slots[i] = table.slots[j];
         i = j;
      }
   }
   table.slots[i].word = 0;
   table.n_used--;
}

Bool MSN_(remove_block)(Addr addr, /*OUT*/MSN_Block* b)
{
   UWord i = probe(addr);
   Slot* s = &table.slots[i];
   if (slot_empty(s))
      return False;
   to_block(s, b);
   if (slot_szB(s) == BIG_SIZE)
      VG_(free)(VG_(HT_remove)(table.big_sizes, addr));
   delete_slot(i);
   return True;
}

void MSN_(for_each_block)(void (*fn)(MSN_Block* b, void* opaque),
                          void* opaque)
{
   for (UWord i = 0; i < table.capacity; i++) {
      Slot* s = &table.slots[i];
      if (slot_empty(s))
         continue;
      MSN_Block b;
      to_block(s, &b);
      SizeT old_szB = b.req_szB;
      fn(&b, opaque);
      s->site_id = b.site_id;
      if (b.req_szB != old_szB)
         set_size(s, b.req_szB, /*was_big*/slot_szB(s) == BIG_SIZE);
   }
}

UWord MSN_(n_blocks)(void)
{
   return table.n_used;
}

Bool MSN_(check_blocks)(void)
{
   UWord n_used = 0, n_big = 0;
   for (UWord i = 0; i < table.capacity; i++) {
      const Slot* s = &table.slots[i];
      if (slot_empty(s))
         continue;
      n_used++;
      if (probe(slot_addr(s)) != i)
         return False;   // unreachable from its home slot
      if (slot_szB(s) == BIG_SIZE) {
         n_big++;
         if (!VG_(HT_lookup)(table.big_sizes, slot_addr(s)))
            return False;
      }
   }
   return n_used == table.n_used && n_used < table.capacity
          && n_big == (table.big_sizes ? VG_(HT_count_nodes)(table.big_sizes)
                                       : 0);
}

SizeT MSN_(blocks_table_szB)(void)
{
   return table.capacity * sizeof(Slot);
}

void MSN_(blocks_init)(void)
{
   allocate_slots(0);
}

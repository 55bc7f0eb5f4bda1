/*--------------------------------------------------------------------*/
/*--- memsnap: the small-block allocator.              msn_slabs.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_slabs.h.

   Why memsnap serves small blocks itself: with Valgrind's client arena
   every allocation paid for a best-fit search and every free for merging
   with free neighbours (a fifth of the time of an allocation-heavy
   program), and every free for a lookup of the address in the live-block
   table, a cache miss per free since the addresses are random.  Here a
   free finds the block's record by arithmetic on its address:

      address -> region (two-level map, by address / 1 MiB)
              -> slab   (address / 16 KiB within the region)
              -> slot   (offset in the slab / class size, by a reciprocal)

   Bookkeeping, per slab, all in the tool's memory so that a client
   writing out of bounds cannot corrupt it: a bitmap of the slots in use
   (the bits past the last slot are set, so that they are never handed
   out), and per slot a record of the requested size and the site id, 8
   bytes, so that a free touches one line of records.  That is 8 bytes
   and a bit per block, where the live-block table takes 18 and the arena
   adds a header of its own.

   A class lists its slabs with a free slot, the last one to gain a free
   slot first (its slots are the most likely in the cache); new blocks
   come from the lowest free slot of the first listed slab.  A slab that
   empties becomes spare, for any class, unless it is its class's only
   listed slab: a program that allocates and frees one block in a loop
   does not give up and take back a slab each time.

   Spare slabs are *warm* (their pages may be resident) or *cold* (never
   touched, or their pages given back; a cold slab's pages are written
   when it is taken, see make_resident).  Past WARM_SPARES warm ones, and
   past as many as there are slabs in use, the ones that have been spare
   longest have their pages given back to the kernel (madvise
   MADV_DONTNEED; the addresses stay the client arena's).  Without that, a
   program that frees many small blocks and then allocates big ones would
   keep the slabs resident beside the arena's new superblocks, where
   Valgrind's arena, which recycles freed memory across sizes, needs no
   more.  Up to as many as are in use, because a program that frees many
   small blocks at once most often allocates as many again soon (a
   garbage collector's sweep, a phase that ends): giving their pages back
   made it pay a page fault per page of slab, each time.  New slabs are warm spares first, then
   cold ones; client memory itself is never given back to Valgrind, as
   its own arena keeps its superblocks.

   Regions come from the arena 8 at a time, as one block of 9 MiB whose
   aligned middle is used: address space only, pages are touched as slabs
   are taken.  Slabs are 16 KiB and classes stop at 1 KiB because slab
   memory is never shared with the arena's bigger blocks: bigger classes
   cost a program that grows buffers step by step megabytes of peak RSS,
   and smaller ones cost time, the arena's search and merging for every
   block between the limit and 1 KiB (docs/performance.md, "Figures
   behind the design").  The tool runs with the core's lock held: no
   locking. */

#include "msn_basics.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"
#include "msn_compat.h"
#include "msn_slabs.h"

#define SLAB_SHIFT        14
#define SLAB_SZB          (1u << SLAB_SHIFT)
#define REGION_SHIFT      20
#define SLABS_PER_REGION  (1u << (REGION_SHIFT - SLAB_SHIFT))
#define REGIONS_PER_CHUNK 8
#define MAX_SLOT_ALIGN    MSN_SLAB_MAX_SZB
#define WARM_SPARES       16      // at least 256 KiB of empty slabs stay

/* The region map covers the user address space: 47 bits on 64-bit
   platforms.  Its first level is indexed by the top bits of the region
   number, its second (4096 regions, 4 GiB) by the rest. */
#define ADDR_BITS   (sizeof(Addr) == 8 ? 47 : 32)
#define MAP_L2_BITS 12
#define MAP_L1_BITS (ADDR_BITS - REGION_SHIFT - MAP_L2_BITS)

#define N_CLASSES 24        // see next_class_szB
#define NO_CLASS  0xFFFFu

/* A slot's record: one cache line holds it all. */
typedef
   struct {
      UInt   site_id;
      UShort req_szB;
      UShort unused;
   }
   Record;

typedef
   struct _MSN_Slab {
      struct _MSN_Slab* prev;  // in its class's list of slabs with a free
      struct _MSN_Slab* next;  //   slot, or in a list of spares
      Addr          base;
      UInt          cls;       // index into class_szB; NO_CLASS: spare
      UInt          n_used;
      UInt          hint;      // the bitmap words before it are full
      ULong*        in_use;    // one bit per slot; records follow it
      Record*       records;   //   in the same allocation
   }
   Slab;

/* A list of slabs linked both ways, newest first. */
typedef
   struct {
      Slab* newest;
      Slab* oldest;
      UInt  n;
   }
   SlabList;

typedef
   struct _Region {
      struct _Region* next;    // all regions, for walks
      Slab            slabs[SLABS_PER_REGION];
   }
   Region;

/* Class sizes: see next_class_szB. */
static UInt  class_szB[N_CLASSES];
static UInt  class_n_slots[N_CLASSES];
static UInt  class_recip[N_CLASSES];   // offset * recip >> 32 = offset / szB
static UChar class_of_granules[MSN_SLAB_MAX_SZB / 16 + 1];

static Region** region_map[1u << MAP_L1_BITS];
static Region*  regions;
static SlabList listed[N_CLASSES];     // slabs with a free slot, per class
static SlabList warm;                  // spares maybe resident
static Slab*    cold;                  // spares not resident (next only)
static UWord    n_live;
static UWord    n_slabs_used;          // slabs serving a class
static SizeT    meta_szB, client_szB;
static ULong    n_purged;              // spares whose pages were given back

/*------------------------------------------------------------*/
/*--- Finding a block                                      ---*/
/*------------------------------------------------------------*/

static inline Slab* slab_of(Addr a)
{
   ULong region = (ULong)a >> REGION_SHIFT;
   if (region >> (MAP_L1_BITS + MAP_L2_BITS))
      return NULL;
   Region** l2 = region_map[region >> MAP_L2_BITS];
   Region*  r  = l2 ? l2[region & ((1u << MAP_L2_BITS) - 1)] : NULL;
   if (!r)
      return NULL;
   Slab* s = &r->slabs[(a >> SLAB_SHIFT) & (SLABS_PER_REGION - 1)];
   return s->cls == NO_CLASS ? NULL : s;
}

static inline Bool slot_in_use(const Slab* s, UInt slot)
{
   return (s->in_use[slot >> 6] >> (slot & 63)) & 1;
}

/* The slot of s where the live block at a starts, or -1. */
static inline Int live_slot(const Slab* s, Addr a)
{
   UInt off  = (UInt)(a - s->base);
   UInt slot = (UInt)(((ULong)off * class_recip[s->cls]) >> 32);
   if (slot * class_szB[s->cls] != off || slot >= class_n_slots[s->cls]
       || !slot_in_use(s, slot))
      return -1;
   return (Int)slot;
}

static void to_block(const Slab* s, UInt slot, MSN_Block* b)
{
   b->addr    = s->base + (Addr)slot * class_szB[s->cls];
   b->req_szB = s->records[slot].req_szB;
   b->site_id = s->records[slot].site_id;
}

/*------------------------------------------------------------*/
/*--- Class lists, spare slabs, regions                    ---*/
/*------------------------------------------------------------*/

static void list_push(SlabList* l, Slab* s)
{
   s->prev = NULL;
   s->next = l->newest;
   if (l->newest)
      l->newest->prev = s;
   else
      l->oldest = s;
   l->newest = s;
   l->n++;
}

static void list_remove(SlabList* l, Slab* s)
{
   if (s->prev)
      s->prev->next = s->next;
   else
      l->newest = s->next;
   if (s->next)
      s->next->prev = s->prev;
   else
      l->oldest = s->prev;
   s->prev = s->next = NULL;
   l->n--;
}

static void list_slab(Slab* s)
{
   list_push(&listed[s->cls], s);
}

static void unlist_slab(Slab* s)
{
   list_remove(&listed[s->cls], s);
}

static SizeT records_szB(UInt cls)
{
   UInt n = class_n_slots[cls];
   return (n + 63) / 64 * sizeof(ULong) + n * sizeof(Record);
}

static void add_region(Addr base)
{
   ULong    number = (ULong)base >> REGION_SHIFT;
   Region** l2     = region_map[number >> MAP_L2_BITS];
   if (!l2) {
      l2 = VG_(calloc)("msn.slabs.map", 1u << MAP_L2_BITS, sizeof(Region*));
      region_map[number >> MAP_L2_BITS] = l2;
      meta_szB += (1u << MAP_L2_BITS) * sizeof(Region*);
   }
   Region* r = VG_(calloc)("msn.slabs.region", 1, sizeof(Region));
   meta_szB += sizeof(Region);
   for (Int i = SLABS_PER_REGION - 1; i >= 0; i--) {
      Slab* s = &r->slabs[i];
      s->base = base + ((Addr)i << SLAB_SHIFT);
      s->cls  = NO_CLASS;
      s->next = cold;
      cold    = s;
   }
   r->next = regions;
   regions = r;
   l2[number & ((1u << MAP_L2_BITS) - 1)] = r;
}

/* Takes REGIONS_PER_CHUNK regions from Valgrind's arena. */
static Bool add_chunk(void)
{
   SizeT szB = (SizeT)(REGIONS_PER_CHUNK + 1) << REGION_SHIFT;
   Addr  p   = (Addr)VG_(cli_malloc)(VG_(clo_alignment), szB);
   if (!p)
      return False;
   client_szB += szB;
   Addr first = VG_ROUNDUP(p, (Addr)1 << REGION_SHIFT);
   for (Int i = REGIONS_PER_CHUNK - 1; i >= 0; i--)
      add_region(first + ((Addr)i << REGION_SHIFT));
   return True;
}

/* Gives the pages of the spare s back to the kernel.  Valgrind's tool
   interface has no call for it, so this makes the system call through
   the core's VG_(do_syscall) (msn_compat.h; Linux's MADV_DONTNEED is 4 on
   every architecture Valgrind supports).  A failure only leaves the pages
   resident. */
#if defined(VGO_linux)
#define LINUX_MADV_DONTNEED 4

static void purge(const Slab* s)
{
   SysRes r = VG_(do_syscall)(__NR_madvise, s->base, SLAB_SZB,
                              LINUX_MADV_DONTNEED, 0, 0, 0, 0, 0);
   n_purged += !sr_isError(r);
}
#else
static void purge(const Slab* s) { }
#endif

/* How many spares may stay warm: WARM_SPARES, or as many as there are
   slabs in use (docs/design.md, "Empty slabs give their pages back"). */
static UWord warm_limit(void)
{
   return n_slabs_used > WARM_SPARES ? n_slabs_used : WARM_SPARES;
}

/* Makes the empty slab s the newest warm spare; past warm_limit(), the
   oldest ones turn cold. */
static void add_warm(Slab* s)
{
   list_push(&warm, s);
   while (warm.n > warm_limit()) {
      Slab* old = warm.oldest;
      list_remove(&warm, old);
      purge(old);
      old->next = cold;
      cold      = old;
   }
}

/* Writes a byte in each page of the cold slab s, so that its pages are
   resident before its first slot is handed out.  The program's first
   writes would fault them in anyway; what this saves is slab_alloc's
   prefetch meeting a page that is not mapped: the processor walks the
   page tables, finds no entry and drops the prefetch, and walks again for
   the next slot of the page, as there is nothing to cache.  On a program
   that allocates blocks without writing them, the walks were a third of
   its time (docs/performance.md).  No slot of a spare is in use, and a
   new block's contents are undefined. */
static void make_resident(const Slab* s)
{
   for (Addr page = s->base; page < s->base + SLAB_SZB; page += VKI_PAGE_SIZE)
      *(volatile UChar*)page = 0;
}

/* A spare slab, the newest warm one if any, with its pages resident;
   NULL if memory ran out. */
static Slab* take_spare(void)
{
   Slab* s = warm.newest;
   if (s) {
      list_remove(&warm, s);
      return s;
   }
   if (!cold && !add_chunk())
      return NULL;
   s    = cold;
   cold = s->next;
   make_resident(s);
   return s;
}

/* A spare slab, set up for cls and listed; NULL if memory ran out. */
static Slab* new_slab(UInt cls)
{
   Slab* s = take_spare();
   if (!s)
      return NULL;

   UInt  n     = class_n_slots[cls];
   UInt  words = (n + 63) / 64;
   char* rec   = VG_(malloc)("msn.slabs.records", records_szB(cls));
   meta_szB   += records_szB(cls);
   s->in_use   = (ULong*)rec;
   s->records  = (Record*)(rec + words * sizeof(ULong));
   VG_(memset)(s->in_use, 0, words * sizeof(ULong));
   if (n % 64)
      s->in_use[words - 1] = ~0ULL << (n % 64);
   n_slabs_used++;
   s->cls    = cls;
   s->n_used = 0;
   s->hint   = 0;
   list_slab(s);
   return s;
}

/* Makes the empty slab s spare. */
static void retire_slab(Slab* s)
{
   unlist_slab(s);
   meta_szB -= records_szB(s->cls);
   VG_(free)(s->in_use);
   s->in_use   = NULL;
   s->records  = NULL;
   s->cls      = NO_CLASS;
   n_slabs_used--;
   add_warm(s);
}

/*------------------------------------------------------------*/
/*--- Operations                                           ---*/
/*------------------------------------------------------------*/

/* The lowest free slot of the listed slab s, now in use. */
static UInt take_slot(Slab* s)
{
   UInt w = s->hint;
   while (s->in_use[w] == ~0ULL)
      w++;
   UInt slot = w * 64 + (UInt)__builtin_ctzll(~s->in_use[w]);
   s->in_use[w] |= 1ULL << (slot & 63);
   s->hint = w;
   if (++s->n_used == class_n_slots[s->cls])
      unlist_slab(s);
   return slot;
}

void* MSN_(slab_alloc)(SizeT szB, SizeT align, /*OUT*/UInt** site_id_cell)
{
   if (szB > MSN_SLAB_MAX_SZB || align > MAX_SLOT_ALIGN)
      return NULL;
   UInt cls = class_of_granules[(szB + 15) / 16];
   while (class_szB[cls] & (align - 1))
      if (++cls == N_CLASSES)
         return NULL;
   Slab* s = listed[cls].newest;
   if (!s && !(s = new_slab(cls)))
      return NULL;
   UInt slot = take_slot(s);
   s->records[slot].req_szB = (UShort)szB;
   s->records[slot].site_id = 0;
   *site_id_cell            = &s->records[slot].site_id;
   n_live++;
   void* p = (void*)(s->base + (Addr)slot * class_szB[cls]);
   /* Nothing of memsnap's is in the slot, so its memory is cold; the
      program writes it first thing, after the way back from the tool. */
   __builtin_prefetch(p, /*for writing*/1);
   return p;
}

Bool MSN_(slab_find)(Addr a, /*OUT*/MSN_SlabSlot* where,
                     /*OUT*/MSN_Block* b)
{
   Slab* s    = slab_of(a);
   Int   slot = s ? live_slot(s, a) : -1;
   if (slot < 0)
      return False;
   where->slab = s;
   where->slot = (UInt)slot;
   to_block(s, (UInt)slot, b);
   return True;
}

void MSN_(slab_release)(const MSN_SlabSlot* where)
{
   Slab* s    = where->slab;
   UInt  slot = where->slot;
   UInt  w    = slot >> 6;
   s->in_use[w] &= ~(1ULL << (slot & 63));
   if (w < s->hint)
      s->hint = w;
   if (s->n_used-- == class_n_slots[s->cls])
      list_slab(s);
   if (s->n_used == 0 && listed[s->cls].n > 1)
      retire_slab(s);
   n_live--;
}

SizeT MSN_(slab_slot_szB)(const MSN_SlabSlot* where)
{
   return class_szB[where->slab->cls];
}

void MSN_(slab_set_record)(const MSN_SlabSlot* where, SizeT szB,
                             UInt site_id)
{
   Slab* s = where->slab;
   tl_assert(szB <= class_szB[s->cls]);
   s->records[where->slot].req_szB = (UShort)szB;
   s->records[where->slot].site_id = site_id;
}

/*------------------------------------------------------------*/
/*--- Walks and checks                                     ---*/
/*------------------------------------------------------------*/

void MSN_(for_each_slab_block)(void (*fn)(MSN_Block* b, void* opaque),
                               void* opaque)
{
   for (Region* r = regions; r; r = r->next) {
      for (UInt i = 0; i < SLABS_PER_REGION; i++) {
         Slab* s = &r->slabs[i];
         if (s->cls == NO_CLASS)
            continue;
         for (UInt slot = 0; slot < class_n_slots[s->cls]; slot++) {
            if (!slot_in_use(s, slot))
               continue;
            MSN_Block b;
            to_block(s, slot, &b);
            fn(&b, opaque);
            s->records[slot].site_id = b.site_id;
         }
      }
   }
}

UWord MSN_(n_slab_blocks)(void)
{
   return n_live;
}

/* A slab's bitmap agrees with its count and hint; its sizes fit. */
static Bool check_slab(const Slab* s)
{
   UInt n = class_n_slots[s->cls], words = (n + 63) / 64, used = 0;
   for (UInt w = 0; w < words; w++)
      if (w < s->hint && s->in_use[w] != ~0ULL)
         return False;
   if (n % 64 && (s->in_use[words - 1] | (~0ULL >> (64 - n % 64))) != ~0ULL)
      return False;   // a bit past the last slot is clear
   for (UInt slot = 0; slot < n; slot++) {
      if (!slot_in_use(s, slot))
         continue;
      used++;
      if (s->records[slot].req_szB > class_szB[s->cls])
         return False;
   }
   return used == s->n_used;
}

/* l is linked both ways and counted, and its slabs are of class cls. */
static Bool check_list(const SlabList* l, UInt cls)
{
   UInt n = 0;
   for (const Slab* s = l->newest; s; s = s->next, n++)
      if (s->cls != cls || (s->next ? s->next->prev : l->oldest) != s)
         return False;
   return n == l->n;
}

/* The spares have no class; at most warm_limit() are warm. */
static Bool check_spares(void)
{
   for (const Slab* s = cold; s; s = s->next)
      if (s->cls != NO_CLASS)
         return False;
   return check_list(&warm, NO_CLASS) && warm.n <= warm_limit();
}

Bool MSN_(check_slabs)(void)
{
   UWord live = 0, n_not_full = 0, n_listed = 0, n_used = 0;
   for (Region* r = regions; r; r = r->next) {
      for (UInt i = 0; i < SLABS_PER_REGION; i++) {
         const Slab* s = &r->slabs[i];
         if (s->cls == NO_CLASS)
            continue;
         if (!check_slab(s) || slab_of(s->base) != s)
            return False;
         live += s->n_used;
         n_used++;
         n_not_full += s->n_used < class_n_slots[s->cls];
      }
   }
   for (UInt cls = 0; cls < N_CLASSES; cls++) {
      if (!check_list(&listed[cls], cls))
         return False;
      for (const Slab* s = listed[cls].newest; s; s = s->next)
         if (s->n_used == class_n_slots[cls])
            return False;
      n_listed += listed[cls].n;
   }
   return live == n_live && n_listed == n_not_full && n_used == n_slabs_used
          && check_spares();
}

SizeT MSN_(slabs_meta_szB)(void)
{
   return meta_szB;
}

SizeT MSN_(slabs_client_szB)(void)
{
   return client_szB;
}

ULong MSN_(slabs_n_purged)(void)
{
   return n_purged;
}

/*------------------------------------------------------------*/
/*--- Classes                                              ---*/
/*------------------------------------------------------------*/

/* Class sizes: 16 to 256 by 16, then four to a doubling (320, 384, 448,
   512, 640, ... 1024): a block wastes at most a fifth of its slot. */
static UInt next_class_szB(UInt szB)
{
   if (szB < 256)
      return szB + 16;
   UInt pow2 = 1u << (31 - __builtin_clz(szB));   // the largest <= szB
   return szB + pow2 / 4;
}

void MSN_(slabs_init)(void)
{
   UInt n = 0;
   for (UInt szB = 16; szB <= MSN_SLAB_MAX_SZB; szB = next_class_szB(szB))
      class_szB[n++] = szB;
   tl_assert(n == N_CLASSES && class_szB[n - 1] == MSN_SLAB_MAX_SZB);

   for (UInt cls = 0; cls < N_CLASSES; cls++) {
      class_n_slots[cls] = SLAB_SZB / class_szB[cls];
      /* Exact for every offset below 2^16: the error of the reciprocal,
         under 2^-32 per unit, never reaches the next multiple. */
      class_recip[cls] = 0xFFFFFFFFu / class_szB[cls] + 1;
   }
   for (UInt g = 0, cls = 0; g <= MSN_SLAB_MAX_SZB / 16; g++) {
      while (class_szB[cls] < g * 16)
         cls++;
      class_of_granules[g] = (UChar)cls;
   }
}

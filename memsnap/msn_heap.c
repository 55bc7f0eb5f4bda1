/*--------------------------------------------------------------------*/
/*--- memsnap: the replaced allocator and live blocks.  msn_heap.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_heap.h.  The malloc-family callbacks are one-liners
   into three funnels, alloc_block, free_block and realloc_block, so that
   accounting happens in exactly one place.  The callbacks run with the
   core's lock held, on the allocating thread: no locking is needed. */

#include "msn_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_tooliface.h"
#include "msn_blocks.h"
#include "msn_compat.h"
#include "msn_copy.h"
#include "msn_heap.h"
#include "msn_peak.h"
#include "msn_sites.h"
#include "msn_slabs.h"
#include "msn_timeline.h"
#include "msn_xtree.h"

/* Valgrind's arena panics on larger alignments (m_mallocfree.c), which
   would kill the client; memsnap returns NULL instead. */
#define MAX_ALIGNMENT (16 * 1024 * 1024)

static MSN_Totals totals;
static Bool       tracing;
static ULong      n_clears;      // clear_traces so far

/* The block of the latest allocation (malloc, realloc or a custom block,
   traced or not), until it is freed or another allocation is made: a
   traced block freed while it is the latest is *temporary*
   (docs/design.md, "Churn").  0 when there is none.  Whether it is a
   custom block tells a pool's first chunk from the pool, both at the
   pool's address. */
static Addr       latest_block;
static Bool       latest_is_custom;

/* Odd client behaviour, reported by --stats=yes. */
static struct {
   ULong bogus_frees;      // free of an address memsnap did not hand out
   ULong bogus_reallocs;   // realloc of such an address
   ULong failed_allocs;    // requests that got NULL
   ULong untraced_allocs;  // blocks allocated while not tracing
   ULong bogus_custom;     // custom-block requests on unknown blocks
} oddities;

/*------------------------------------------------------------*/
/*--- Accounting                                           ---*/
/*------------------------------------------------------------*/

/* Lets the timeline record a point if one is due: with the byte clock,
   none is before MSN_(timeline_bytes_due) (msn_timeline.h). */
static void tick(void)
{
   if (totals.total_szB >= MSN_(timeline_bytes_due))
      MSN_(timeline_tick)(&totals);
}

/* Counts a new traced block of szB at site.

   The peak is its first moment, everywhere (the summary's `At peak`, the
   peak snapshot, the timeline's peak point): a value reached again is no
   new peak, as in massif's peak snapshot.  DHAT's t-gmax takes the last
   moment instead, at the price of copying its per-site table again at
   every return to the peak; memsnap copies once per new high.  A block of
   0 bytes at the peak changes the blocks without the bytes: the moment
   ends, so it is recorded first. */
static void add_traced(UInt site_id, SizeT szB)
{
   if (szB == 0 && MSN_(peak_pending))
      MSN_(peak_before_change)();
   MSN_SiteCounts* c = MSN_(counts_of)(site_id);
   c->live_szB += szB;
   c->live_blocks++;
   c->alloc_szB += szB;
   c->alloc_blocks++;
   totals.cur_szB += szB;
   totals.cur_blocks++;
   /* Live bytes are bounded by the address space (custom blocks too: see
      impossible_custom_block), but the run's total is not: it saturates
      instead of wrapping. */
   totals.total_szB += szB;
   if (UNLIKELY(totals.total_szB < szB))
      totals.total_szB = ~0ULL;
   totals.total_blocks++;
   if (totals.cur_szB > totals.peak_szB) {
      totals.peak_szB    = totals.cur_szB;
      totals.peak_blocks = totals.cur_blocks;
      MSN_(peak_new_high)();
   }
   if (totals.cur_szB > totals.run_peak_szB) {
      totals.run_peak_szB    = totals.cur_szB;
      totals.run_peak_blocks = totals.cur_blocks;
   }
   tick();
   if (UNLIKELY(MSN_(xtree_full)))
      MSN_(xtree_alloc)(MSN_(site_by_id)(site_id), szB);
}

/* Uncounts a block of szB whose site id is site_id (0: untraced).  With
   then_grows, a larger addition follows at once (a realloc that grows):
   the state before is then no peak to record. */
static void remove_traced(UInt site_id, SizeT szB, Bool then_grows)
{
   if (site_id == 0)
      return;
   if (MSN_(peak_pending) && !then_grows)
      MSN_(peak_before_change)();
   if (UNLIKELY(MSN_(xtree_full)))
      MSN_(xtree_free)(MSN_(site_by_id)(site_id), szB);
   MSN_SiteCounts* c = MSN_(counts_of)(site_id);
   c->live_szB -= szB;
   c->live_blocks--;
   totals.cur_szB -= szB;
   totals.cur_blocks--;
   if (!then_grows)
      tick();
}

/* The block at a (a custom block or not) is now the latest allocation. */
static void set_latest(Addr a, Bool custom)
{
   latest_block     = a;
   latest_is_custom = custom;
}

/* The traced or untraced block at a (a custom block or not), of szB at
   site site_id (0: untraced), ends: freed, or replaced by a realloc.  It
   was temporary if no allocation was made since its own.  Called after
   its live counters changed: the change first records a pending peak,
   at which the block was still live, not yet temporary. */
static void end_allocation(Addr a, Bool custom, UInt site_id, SizeT szB)
{
   if (a != latest_block || custom != latest_is_custom)
      return;
   latest_block = 0;
   if (site_id == 0)
      return;
   MSN_SiteTemps* t = MSN_(temps_of)(site_id);
   t->temp_szB += szB;
   t->temp_blocks++;
}

/* A new block of szB, allocated by thread tid: traced at its stack if
   memsnap is recording (start: NULL, or from MSN_(capture_start) if
   recording).  Returns its site id, 0 if untraced. */
static UInt trace_new_block(ThreadId tid, const MSN_StackStart* start,
                            SizeT szB)
{
   if (!tracing) {
      oddities.untraced_allocs++;
      return 0;
   }
   UInt site_id = MSN_(capture_site)(tid, start);
   add_traced(site_id, szB);
   return site_id;
}

/* A block of old_szB at site old_site_id (0: untraced) now has new_szB
   and belongs to site site_id (0: untraced). */
static void retrace_block(UInt old_site_id, SizeT old_szB, UInt site_id,
                          SizeT new_szB)
{
   remove_traced(old_site_id, old_szB,
                 /*then_grows*/site_id != 0 && new_szB > old_szB);
   if (site_id != 0)
      add_traced(site_id, new_szB);
}

/*------------------------------------------------------------*/
/*--- Block memory and records                             ---*/
/*------------------------------------------------------------*/

/* A block is small (a slab slot, with its record beside the slab) or big
   (from Valgrind's arena, with its record in the live-block table).

   Slabs start when the table first holds SLABS_FROM_LIVE blocks, and
   stay on; until then every block is big.  A program with fewer live
   blocks gains little from slabs: the arena fits its small blocks in the
   holes between bigger ones, and the table's lookups hit the cache.
   Slabs would cost it a 16 KiB slab per size class used, and the warm
   spares (msn_slabs.c), more than its small blocks take.  The mark counts
   blocks, not bytes: what slabs save is a search and a cache miss per
   block.  docs/performance.md ("Figures behind the design") has the
   measurements behind the number. */
#define SLABS_FROM_LIVE 4096

static Bool slabs_started;

/* Memory for a block of szB aligned to align, or NULL.  A small block's
   record is made, and *site_id_cell is where its site id goes; for a big
   block *site_id_cell is NULL and the caller must add the record. */
static void* new_memory(SizeT szB, SizeT align, /*OUT*/UInt** site_id_cell)
{
   if (!slabs_started)
      slabs_started = MSN_(n_blocks)() >= SLABS_FROM_LIVE;
   void* p = slabs_started ? MSN_(slab_alloc)(szB, align, site_id_cell)
                           : NULL;
   if (p)
      return p;
   *site_id_cell = NULL;
   return VG_(cli_malloc)(align, szB);
}

/* Completes the record of the new block p from new_memory. */
static void record_new_block(void* p, SizeT szB, UInt* site_id_cell,
                             UInt site_id)
{
   if (site_id_cell) {
      *site_id_cell = site_id;
   } else {
      MSN_Block b = { (Addr)p, szB, site_id };
      MSN_(add_block)(&b);
   }
}

/* A live block found from its address: a copy of its record, and where
   that record is. */
typedef
   struct {
      MSN_Block    rec;
      Bool         small;   // a slab slot, at `slot`; else in the table
      MSN_SlabSlot slot;
   }
   LiveBlock;

/* The live block at p; False if p is not a block memsnap handed out. */
static Bool find_block(Addr p, /*OUT*/LiveBlock* lb)
{
   lb->small = MSN_(slab_find)(p, &lb->slot, &lb->rec);
   return lb->small || MSN_(lookup_block)(p, &lb->rec);
}

/* What the live block lb at p can hold. */
static SizeT usable_szB(void* p, const LiveBlock* lb)
{
   return lb->small ? MSN_(slab_slot_szB)(&lb->slot)
                    : VG_(cli_malloc_usable_size)(p);
}

/* Sets the size and site of the live block lb at p, resized in place. */
static void update_record(void* p, const LiveBlock* lb, SizeT szB,
                          UInt site_id)
{
   if (lb->small)
      MSN_(slab_set_record)(&lb->slot, szB, site_id);
   else
      MSN_(update_block)((Addr)p, szB, site_id);
}

/* Starts fetching the counters of the site whose id is site_id (0:
   untraced, whose entry is unused but there) for the accounting that
   follows: with many sites, they are most often out of the cache. */
static void prefetch_counts(UInt site_id)
{
   __builtin_prefetch(MSN_(counts_of)(site_id), /*for writing*/1);
}

/* Frees the live block at p and its record, copied into *b first; False
   if p is not a block memsnap handed out.  A small block's site is known
   before its slot is given back: its counters are fetched meanwhile. */
static Bool free_memory(void* p, /*OUT*/MSN_Block* b)
{
   MSN_SlabSlot slot;
   if (MSN_(slab_find)((Addr)p, &slot, b)) {
      prefetch_counts(b->site_id);
      MSN_(slab_release)(&slot);
      return True;
   }
   if (!MSN_(remove_block)((Addr)p, b))
      return False;
   VG_(cli_free)(p);
   return True;
}

/* Frees the live block lb at p, found by find_block. */
static void release_memory(void* p, const LiveBlock* lb)
{
   if (lb->small) {
      MSN_(slab_release)(&lb->slot);
   } else {
      MSN_Block b;
      MSN_(remove_block)((Addr)p, &b);
      VG_(cli_free)(p);
   }
}

/* Calls fn on every block memsnap handed out; fn may change site_id only. */
static void for_each_block(void (*fn)(MSN_Block* b, void* opaque),
                           void* opaque)
{
   MSN_(for_each_slab_block)(fn, opaque);
   MSN_(for_each_block)(fn, opaque);
}

/*------------------------------------------------------------*/
/*--- The three funnels                                    ---*/
/*------------------------------------------------------------*/

static void* alloc_block(ThreadId tid, SizeT szB, SizeT align, Bool zeroed)
{
   if (align < VG_(clo_alignment))
      align = VG_(clo_alignment);
   if ((SSizeT)szB < 0 || align > MAX_ALIGNMENT || (align & (align - 1))) {
      oddities.failed_allocs++;
      return NULL;
   }
   MSN_StackStart start;
   if (tracing)
      MSN_(capture_start)(tid, &start);
   UInt* site_id_cell;
   void* p = new_memory(szB, align, &site_id_cell);
   if (!p) {
      oddities.failed_allocs++;
      return NULL;
   }
   if (zeroed)
      MSN_(zero)(p, szB);
   record_new_block(p, szB, site_id_cell, trace_new_block(tid, &start, szB));
   set_latest((Addr)p, /*custom*/False);
   return p;
}

static void free_block(void* p)
{
   MSN_Block b;
   if (p == NULL)
      return;
   if (!free_memory(p, &b)) {
      /* Not a block memsnap handed out (a stack address, an interior
         pointer, a double free): freeing it would corrupt Valgrind's
         arena or a slab, so it is ignored. */
      oddities.bogus_frees++;
      return;
   }
   remove_traced(b.site_id, b.req_szB, /*then_grows*/False);
   end_allocation((Addr)p, /*custom*/False, b.site_id, b.req_szB);
}

static void* realloc_block(ThreadId tid, void* p_old, SizeT new_szB)
{
   /* Valgrind 3.19's preload turns realloc(NULL, n) into malloc(n) and
      realloc(p, 0) into free(p) before calling the tool; 3.21 and later
      pass both through.  realloc(p, 0) then frees p and returns NULL, or,
      under --realloc-zero-bytes-frees=no, resizes p to one byte, as
      memcheck and massif do (msn_compat.h). */
   if (p_old == NULL)
      return alloc_block(tid, new_szB, VG_(clo_alignment), /*zeroed*/False);
   if (new_szB == 0) {
      if (MSN_(realloc_zero_frees)()) {
         free_block(p_old);
         return NULL;
      }
      new_szB = 1;
   }

   LiveBlock old;
   if (!find_block((Addr)p_old, &old)) {
      oddities.bogus_reallocs++;
      return NULL;
   }
   if ((SSizeT)new_szB < 0) {
      oddities.failed_allocs++;
      return NULL;
   }
   SizeT usable = usable_szB(p_old, &old);
   Bool  moves  = new_szB > usable;
   /* Only a realloc that moves the block has work (new memory, a copy)
      for the memo's fetch to overlap. */
   MSN_StackStart  start;
   MSN_StackStart* startp = NULL;
   if (tracing && moves) {
      MSN_(capture_start)(tid, &start);
      startp = &start;
   }
   UInt* site_id_cell = NULL;
   void* p = p_old;
   if (moves) {
      p = new_memory(new_szB, VG_(clo_alignment), &site_id_cell);
      if (!p) {
         oddities.failed_allocs++;
         return NULL;
      }
      MSN_(copy)(p, p_old, usable);
   }

   /* tracemalloc re-attributes a realloc'ed block to the realloc call,
      and removes the old size before adding the new one.  While not
      tracing, a traced block keeps its site. */
   const MSN_Block* b = &old.rec;
   UInt site_id = tracing ? MSN_(capture_site)(tid, startp) : b->site_id;
   /* A realloc is a new allocation (as in Total); the one it replaces
      ends, temporary if it was the latest (as heaptrack counts it). */
   retrace_block(b->site_id, b->req_szB, site_id, new_szB);
   end_allocation((Addr)p_old, /*custom*/False, b->site_id, b->req_szB);
   set_latest((Addr)p, /*custom*/False);
   if (p == p_old) {
      update_record(p, &old, new_szB, site_id);
   } else {
      release_memory(p_old, &old);
      record_new_block(p, new_szB, site_id_cell, site_id);
   }
   return p;
}

/*------------------------------------------------------------*/
/*--- Malloc-replacement callbacks                         ---*/
/*------------------------------------------------------------*/

/* The preload already rejects a calloc whose size overflows
   (vg_replace_malloc.c); the check here keeps that true for any caller. */
static void* msn_calloc(ThreadId tid, SizeT n, SizeT szB)
{
   if (szB != 0 && n > (SizeT)-1 / szB)
      return NULL;
   return alloc_block(tid, n * szB, VG_(clo_alignment), /*zeroed*/True);
}

static void* msn_malloc(ThreadId tid, SizeT szB)
{
   return alloc_block(tid, szB, VG_(clo_alignment), /*zeroed*/False);
}

static void* msn_memalign(ThreadId tid, SizeT align
                          MSN_ORIG_ALIGN_PARAM(orig_align), SizeT szB)
{
   return alloc_block(tid, szB, align, /*zeroed*/False);
}

static void* msn_new_aligned(ThreadId tid, SizeT szB, SizeT align
                             MSN_ORIG_ALIGN_PARAM(orig_align))
{
   return alloc_block(tid, szB, align, /*zeroed*/False);
}

static void* msn_realloc(ThreadId tid, void* p, SizeT szB)
{
   return realloc_block(tid, p, szB);
}

static void msn_free(ThreadId tid, void* p)
{
   free_block(p);
}

static void msn_delete_aligned(ThreadId tid, void* p, SizeT align)
{
   free_block(p);
}

static SizeT msn_malloc_usable_size(ThreadId tid, void* p)
{
   LiveBlock lb;
   return find_block((Addr)p, &lb) ? usable_szB(p, &lb) : 0;
}

void MSN_(register_malloc_replacement)(void)
{
   VG_(needs_malloc_replacement)(
      msn_malloc,           // malloc
      msn_malloc,           // operator new
      msn_new_aligned,      // operator new(std::align_val_t)
      msn_malloc,           // operator new[]
      msn_new_aligned,      // operator new[](std::align_val_t)
      msn_memalign,         // memalign, posix_memalign, aligned_alloc, valloc
      msn_calloc,
      msn_free,             // free
      msn_free,             // operator delete
      msn_delete_aligned,   // operator delete(std::align_val_t)
      msn_free,             // operator delete[]
      msn_delete_aligned,   // operator delete[](std::align_val_t)
      msn_realloc,
      msn_malloc_usable_size,
      /*client_malloc_redzone_szB*/0);
}

/*------------------------------------------------------------*/
/*--- Blocks of the client's own allocator                 ---*/
/*------------------------------------------------------------*/

/* A block of the client's own allocator.  They have a table of their own:
   a pool carved out of a malloc'ed block often hands out its first chunk
   at the pool's own address.  First two fields as VgHashNode. */
typedef
   struct _CustomBlock {
      struct _CustomBlock* next;
      Addr                 addr;
      SizeT                req_szB;
      UInt                 site_id;   // 0: untraced
   }
   CustomBlock;

static VgHashTable* custom_blocks;   // of CustomBlock

/* The sum of the live custom blocks' sizes. */
static ULong custom_live_szB;

/* The end of the client's highest mapping when last looked at: no block
   of its memory ends above it.  0 until first needed. */
static Addr client_top;

static Addr highest_client_end(void)
{
   const UInt kinds = SkAnonC | SkFileC | SkShmC;
   Int   n      = 64;
   Addr* starts = NULL;
   Int   got;
   /* Asked with too small an array, it says how many there are; by the
      next call there may be more (the interface's note). */
   do {
      starts = VG_(realloc)("msn.heap.segment_starts", starts,
                            n * sizeof(Addr));
      got    = VG_(am_get_segment_starts)(kinds, starts, n);
      n      = -got + 8;
   } while (got < 0);
   Addr top = 0;
   for (Int i = 0; i < got; i++) {
      NSegment const* seg = VG_(am_find_nsegment)(starts[i]);
      if (seg && seg->end + 1 > top)
         top = seg->end + 1;
   }
   VG_(free)(starts);
   return top;
}

/* Why a custom block of szB at addr (replacing old_szB of live custom
   blocks, for a resize) cannot be memory of the client, or NULL.  Such
   sizes come from a bug (a negative size, a count in the wrong unit), and
   would make the totals wrap: they are refused with a warning. */
static const HChar* impossible_custom_block(Addr addr, SizeT szB,
                                            SizeT old_szB)
{
   if (szB > ~(Addr)0 - addr)
      return "it would wrap around the end of the address space";
   if (addr + szB > client_top)
      client_top = highest_client_end();   // the client may have grown
   if (addr + szB > client_top)
      return "it would end above the client's highest mapping";
   if (custom_live_szB - old_szB + szB > client_top)
      return "the live custom blocks would hold more bytes than the address "
             "space";
   return NULL;
}

static Bool possible_custom_block(const HChar* request, Addr addr, SizeT szB,
                                  SizeT old_szB)
{
   const HChar* why = impossible_custom_block(addr, szB, old_szB);
   if (why == NULL)
      return True;
   VG_(umsg)("memsnap: warning: %s: a block of %'lu bytes at %#lx cannot be "
             "real: %s; ignored\n", request, szB, addr, why);
   oddities.bogus_custom++;
   return False;
}

/* Made on first use: most programs make no custom blocks (see design.md,
   "Start-up memory"). */
static VgHashTable* custom_table(void)
{
   if (custom_blocks == NULL)
      custom_blocks = VG_(HT_construct)("msn.heap.custom_blocks");
   return custom_blocks;
}

void MSN_(malloclike_block)(ThreadId tid, Addr addr, SizeT szB)
{
   if (addr == 0 || VG_(HT_lookup)(custom_table(), addr)) {
      oddities.bogus_custom++;
      return;
   }
   if (!possible_custom_block("VALGRIND_MALLOCLIKE_BLOCK", addr, szB, 0))
      return;
   custom_live_szB += szB;
   CustomBlock* c = VG_(malloc)("msn.heap.custom", sizeof *c);
   c->addr    = addr;
   c->req_szB = szB;
   c->site_id = trace_new_block(tid, NULL, szB);
   VG_(HT_add_node)(custom_table(), c);
   set_latest(addr, /*custom*/True);
}

/* Calls fn on every custom block, seen as an MSN_Block; fn may change
   its site_id only (as for_each_block for memsnap's blocks). */
static void for_each_custom_block(void (*fn)(MSN_Block* b, void* opaque),
                                  void* opaque)
{
   if (custom_blocks == NULL)   // none made yet: nothing to walk
      return;
   VG_(HT_ResetIter)(custom_blocks);
   for (CustomBlock* c; (c = VG_(HT_Next)(custom_blocks)) != NULL;) {
      MSN_Block b = { c->addr, c->req_szB, c->site_id };
      fn(&b, opaque);
      c->site_id = b.site_id;
   }
}

void MSN_(freelike_block)(Addr addr)
{
   CustomBlock* c = VG_(HT_remove)(custom_table(), addr);
   if (!c) {
      oddities.bogus_custom++;
      return;
   }
   remove_traced(c->site_id, c->req_szB, /*then_grows*/False);
   end_allocation(c->addr, /*custom*/True, c->site_id, c->req_szB);
   custom_live_szB -= c->req_szB;
   VG_(free)(c);
}

void MSN_(resizeinplace_block)(Addr addr, SizeT new_szB)
{
   CustomBlock* c = VG_(HT_lookup)(custom_table(), addr);
   if (!c) {
      oddities.bogus_custom++;
      return;
   }
   if (!possible_custom_block("VALGRIND_RESIZEINPLACE_BLOCK", addr, new_szB,
                              c->req_szB))
      return;
   custom_live_szB = custom_live_szB - c->req_szB + new_szB;
   /* A resize in place keeps the block's site, but counts in Total as a
      realloc does: its old allocation ends. */
   retrace_block(c->site_id, c->req_szB, c->site_id, new_szB);
   end_allocation(addr, /*custom*/True, c->site_id, c->req_szB);
   set_latest(addr, /*custom*/True);
   c->req_szB = new_szB;
}

/*------------------------------------------------------------*/
/*--- Tracing control and queries                          ---*/
/*------------------------------------------------------------*/

const MSN_Totals* MSN_(totals)(void)
{
   return &totals;
}

ULong MSN_(n_allocation_calls)(void)
{
   return totals.total_blocks + oddities.untraced_allocs
          + oddities.failed_allocs;
}

void MSN_(set_tracing)(Bool on)
{
   tracing = on;
}

Bool MSN_(is_tracing)(void)
{
   return tracing;
}

ULong MSN_(n_clears)(void)
{
   return n_clears;
}

void MSN_(reset_peak)(void)
{
   totals.peak_szB    = totals.cur_szB;
   totals.peak_blocks = totals.cur_blocks;
   MSN_(peak_restart)();
}

static void untrace(MSN_Block* b, void* opaque)
{
   b->site_id = 0;
}

void MSN_(clear_traces)(void)
{
   for_each_block(untrace, NULL);
   for_each_custom_block(untrace, NULL);
   MSN_(clear_site_counters)();
   set_latest(0, /*custom*/False);
   n_clears++;
   totals.cur_szB  = totals.cur_blocks  = 0;
   totals.peak_szB = totals.peak_blocks = 0;
   MSN_(peak_restart)();
}

/* The search of MSN_(find_traced_block) for an interior address. */
typedef struct { Addr a; MSN_Block found; Bool hit; } Containing;

static void check_contains(MSN_Block* b, void* opaque)
{
   Containing* c = opaque;
   /* A block of 0 bytes contains its own address. */
   if (!c->hit && c->a >= b->addr
       && (c->a < b->addr + b->req_szB || c->a == b->addr)) {
      c->found = *b;
      c->hit   = True;
   }
}

Bool MSN_(find_traced_block)(Addr a, /*OUT*/MSN_Site** site,
                             /*OUT*/Addr* start, /*OUT*/SizeT* szB)
{
   Containing c = { a, { 0, 0, 0 }, False };
   /* A custom block inside a malloc'ed pool is the more precise answer. */
   for_each_custom_block(check_contains, &c);
   LiveBlock lb;
   if (!c.hit && find_block(a, &lb)) {   // the common case
      c.found = lb.rec;
      c.hit   = True;
   }
   if (!c.hit)
      for_each_block(check_contains, &c);
   if (!c.hit || c.found.site_id == 0)
      return False;
   *site  = MSN_(site_by_id)(c.found.site_id);
   *start = c.found.addr;
   *szB   = c.found.req_szB;
   return True;
}

/*------------------------------------------------------------*/
/*--- Sanity checks                                        ---*/
/*------------------------------------------------------------*/

Bool MSN_(cheap_heap_check)(void)
{
   return totals.peak_szB >= totals.cur_szB
          && totals.run_peak_szB >= totals.peak_szB
          && totals.total_blocks >= totals.cur_blocks;
}

/* The sites' live bytes and blocks add up to the totals; a site has
   allocated at least what it holds, and freed while temporary at most
   what it allocated; before any clear, the sites' allocations add up to
   Total (which saturates, and is never cleared). */
static Bool check_site_sums(void)
{
   ULong szB = 0, n_blocks = 0, alloc_szB = 0, alloc_blocks = 0;
   for (UInt id = 1; id <= MSN_(n_sites)(); id++) {
      const MSN_SiteCounts* c = MSN_(counts_of)(id);
      const MSN_SiteTemps*  t = MSN_(temps_of)(id);
      if (c->alloc_blocks < c->live_blocks
          || t->temp_blocks > c->alloc_blocks - c->live_blocks
          || t->temp_szB > c->alloc_szB)
         return False;
      szB          += c->live_szB;
      n_blocks     += c->live_blocks;
      alloc_szB    += c->alloc_szB;
      alloc_blocks += c->alloc_blocks;
   }
   Bool whole_run = n_clears == 0 && totals.total_szB != ~0ULL;
   return szB == totals.cur_szB && n_blocks == totals.cur_blocks
          && (!whole_run || (alloc_szB == totals.total_szB
                             && alloc_blocks == totals.total_blocks));
}

/* Counts every traced block into its site's `recount`: the sums must be
   the sites' own counters. */
typedef struct { ULong* szB; ULong* n_blocks; } Recount;

static void recount_block(MSN_Block* b, void* opaque)
{
   Recount* r = opaque;
   if (b->site_id == 0)
      return;
   r->szB[b->site_id]      += b->req_szB;
   r->n_blocks[b->site_id] += 1;
}

static Bool check_blocks_against_sites(void)
{
   UInt    n = MSN_(n_sites)();
   Recount r = { VG_(calloc)("msn.heap.check", n + 1, sizeof(ULong)),
                 VG_(calloc)("msn.heap.check", n + 1, sizeof(ULong)) };
   for_each_block(recount_block, &r);
   for_each_custom_block(recount_block, &r);
   Bool ok = True;
   for (UInt id = 1; id <= n && ok; id++) {
      const MSN_SiteCounts* c = MSN_(counts_of)(id);
      ok = c->live_szB == r.szB[id] && c->live_blocks == r.n_blocks[id];
   }
   VG_(free)(r.szB);
   VG_(free)(r.n_blocks);
   return ok;
}

Bool MSN_(expensive_heap_check)(void)
{
   if (!MSN_(cheap_heap_check)() || !check_site_sums())
      return False;
   if (VG_(clo_sanity_level) < 3)
      return True;
   return MSN_(check_blocks)() && MSN_(check_slabs)()
          && check_blocks_against_sites();
}

void MSN_(print_heap_stats)(void)
{
   VG_(dmsg)("memsnap: live blocks:      %'lu (of which traced: %'llu)\n",
             MSN_(n_slab_blocks)() + MSN_(n_blocks)(), totals.cur_blocks);
   VG_(dmsg)("memsnap: small blocks:     %'lu (records and slabs: %'lu "
             "bytes; client memory for slabs: %'lu bytes)\n",
             MSN_(n_slab_blocks)(), MSN_(slabs_meta_szB)(),
             MSN_(slabs_client_szB)());
   VG_(dmsg)("memsnap: empty slabs:      %'llu given back to the kernel\n",
             MSN_(slabs_n_purged)());
   VG_(dmsg)("memsnap: slabs:            %s (the table %s %'d blocks)\n",
             slabs_started ? "started" : "not started",
             slabs_started ? "held" : "never held", SLABS_FROM_LIVE);
   VG_(dmsg)("memsnap: block table:      %'lu bytes\n",
             MSN_(blocks_table_szB)());
   VG_(dmsg)("memsnap: untraced allocs:  %'llu\n", oddities.untraced_allocs);
   VG_(dmsg)("memsnap: failed allocs:    %'llu\n", oddities.failed_allocs);
   VG_(dmsg)("memsnap: ignored frees:    %'llu\n", oddities.bogus_frees);
   VG_(dmsg)("memsnap: ignored reallocs: %'llu\n", oddities.bogus_reallocs);
   VG_(dmsg)("memsnap: ignored MALLOCLIKE/FREELIKE/RESIZEINPLACE: %'llu\n",
             oddities.bogus_custom);
}

void MSN_(heap_init)(void)
{
   MSN_(blocks_init)();
   MSN_(slabs_init)();
}

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
#include "pub_tool_hashtable.h"
#include "pub_tool_poolalloc.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_tooliface.h"
#include "msn_heap.h"

/* Valgrind's arena panics on larger alignments (m_mallocfree.c), which
   would kill the client; memsnap returns NULL instead. */
#define MAX_ALIGNMENT (16 * 1024 * 1024)

/* A block the client holds.  Lives in the live-block table, keyed by
   address, so the first two fields must match VgHashNode. */
typedef
   struct _Block {
      struct _Block* next;
      Addr           addr;      // what the client got back
      SizeT          req_szB;   // what the client asked for
      MSN_Site*      site;      // where it was allocated; NULL: untraced
   }
   Block;

static VgHashTable* live_blocks;   // of Block, every block the client holds
static PoolAlloc*   block_pool;
static MSN_Totals   totals;
static Bool         tracing;

/* Odd client behaviour, reported by --stats=yes. */
static struct {
   ULong bogus_frees;      // free of an address memsnap did not hand out
   ULong bogus_reallocs;   // realloc of such an address
   ULong failed_allocs;    // requests that got NULL
   ULong untraced_allocs;  // blocks allocated while not tracing
} oddities;

/*------------------------------------------------------------*/
/*--- Accounting                                           ---*/
/*------------------------------------------------------------*/

static void trace_block(Block* b, MSN_Site* site)
{
   b->site = site;
   site->live_szB += b->req_szB;
   site->live_blocks++;
   totals.cur_szB += b->req_szB;
   totals.cur_blocks++;
   totals.total_szB += b->req_szB;
   totals.total_blocks++;
   /* `>=`: at equal peaks the latest one counts, as DHAT's t-gmax does,
      so that `At peak` can be checked against DHAT. */
   if (totals.cur_szB >= totals.peak_szB) {
      totals.peak_szB    = totals.cur_szB;
      totals.peak_blocks = totals.cur_blocks;
   }
   if (totals.cur_szB >= totals.run_peak_szB) {
      totals.run_peak_szB    = totals.cur_szB;
      totals.run_peak_blocks = totals.cur_blocks;
   }
}

static void untrace_block(Block* b)
{
   MSN_Site* site = b->site;
   if (!site)
      return;
   site->live_szB -= b->req_szB;
   site->live_blocks--;
   totals.cur_szB -= b->req_szB;
   totals.cur_blocks--;
   b->site = NULL;
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
   void* p = VG_(cli_malloc)(align, szB);
   if (!p) {
      oddities.failed_allocs++;
      return NULL;
   }
   if (zeroed)
      VG_(memset)(p, 0, szB);

   Block* b   = VG_(allocEltPA)(block_pool);
   b->addr    = (Addr)p;
   b->req_szB = szB;
   b->site    = NULL;
   VG_(HT_add_node)(live_blocks, b);
   if (tracing)
      trace_block(b, MSN_(capture_site)(tid));
   else
      oddities.untraced_allocs++;
   return p;
}

static void free_block(void* p)
{
   if (p == NULL)
      return;
   Block* b = VG_(HT_remove)(live_blocks, (UWord)p);
   if (!b) {
      /* Not a block memsnap handed out (a stack address, an interior
         pointer, a double free): giving it to the allocator would corrupt
         Valgrind's arena, so it is ignored. */
      oddities.bogus_frees++;
      return;
   }
   untrace_block(b);
   VG_(cli_free)(p);
   VG_(freeEltPA)(block_pool, b);
}

/* Moves b's memory to a new block of new_szB if it does not fit in place.
   Returns the block's address, or NULL (b untouched) if out of memory. */
static void* resize_memory(Block* b, SizeT new_szB)
{
   void* old    = (void*)b->addr;
   SizeT usable = VG_(cli_malloc_usable_size)(old);
   if (new_szB <= usable)
      return old;
   void* p = VG_(cli_malloc)(VG_(clo_alignment), new_szB);
   if (!p)
      return NULL;
   VG_(memcpy)(p, old, usable);
   VG_(cli_free)(old);
   VG_(HT_remove)(live_blocks, b->addr);
   b->addr = (Addr)p;
   VG_(HT_add_node)(live_blocks, b);
   return p;
}

static void* realloc_block(ThreadId tid, void* p_old, SizeT new_szB)
{
   /* Valgrind 3.19's preload turns realloc(NULL, n) into malloc(n) and
      realloc(p, 0) into free(p) before calling the tool; 3.21 and later
      pass both through. */
   if (p_old == NULL)
      return alloc_block(tid, new_szB, VG_(clo_alignment), /*zeroed*/False);

   Block* b = VG_(HT_lookup)(live_blocks, (UWord)p_old);
   if (!b) {
      oddities.bogus_reallocs++;
      return NULL;
   }
   if ((SSizeT)new_szB < 0) {
      oddities.failed_allocs++;
      return NULL;
   }
   void* p = resize_memory(b, new_szB);
   if (!p) {
      oddities.failed_allocs++;
      return NULL;
   }

   /* tracemalloc re-attributes a realloc'ed block to the realloc call.
      While not tracing, a traced block keeps its site. */
   MSN_Site* site = tracing ? MSN_(capture_site)(tid) : b->site;
   untrace_block(b);
   b->req_szB = new_szB;
   if (site)
      trace_block(b, site);
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

static void* msn_memalign(ThreadId tid, SizeT align, SizeT szB)
{
   return alloc_block(tid, szB, align, /*zeroed*/False);
}

static void* msn_new_aligned(ThreadId tid, SizeT szB, SizeT align)
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
   Block* b = VG_(HT_lookup)(live_blocks, (UWord)p);
   return b ? VG_(cli_malloc_usable_size)(p) : 0;
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
/*--- Tracing control and queries                          ---*/
/*------------------------------------------------------------*/

const MSN_Totals* MSN_(totals)(void)
{
   return &totals;
}

void MSN_(set_tracing)(Bool on)
{
   tracing = on;
}

Bool MSN_(is_tracing)(void)
{
   return tracing;
}

void MSN_(reset_peak)(void)
{
   totals.peak_szB    = totals.cur_szB;
   totals.peak_blocks = totals.cur_blocks;
}

void MSN_(clear_traces)(void)
{
   VG_(HT_ResetIter)(live_blocks);
   for (Block* b; (b = VG_(HT_Next)(live_blocks)) != NULL;)
      b->site = NULL;
   for (UInt i = 0; i < MSN_(n_sites)(); i++) {
      MSN_Site* site    = MSN_(site_at)(i);
      site->live_szB    = 0;
      site->live_blocks = 0;
   }
   totals.cur_szB  = totals.cur_blocks  = 0;
   totals.peak_szB = totals.peak_blocks = 0;
}

Bool MSN_(find_traced_block)(Addr a, /*OUT*/MSN_Site** site,
                             /*OUT*/Addr* start, /*OUT*/SizeT* szB)
{
   Block* b = VG_(HT_lookup)(live_blocks, a);   // the common case
   if (!b) {
      VG_(HT_ResetIter)(live_blocks);
      while ((b = VG_(HT_Next)(live_blocks)) != NULL)
         if (a >= b->addr && a < b->addr + b->req_szB)
            break;
   }
   if (!b || !b->site)
      return False;
   *site  = b->site;
   *start = b->addr;
   *szB   = b->req_szB;
   return True;
}

void MSN_(print_heap_stats)(void)
{
   VG_(dmsg)("memsnap: live blocks:      %'u (of which traced: %'llu)\n",
             VG_(HT_count_nodes)(live_blocks), totals.cur_blocks);
   VG_(dmsg)("memsnap: untraced allocs:  %'llu\n", oddities.untraced_allocs);
   VG_(dmsg)("memsnap: failed allocs:    %'llu\n", oddities.failed_allocs);
   VG_(dmsg)("memsnap: ignored frees:    %'llu\n", oddities.bogus_frees);
   VG_(dmsg)("memsnap: ignored reallocs: %'llu\n", oddities.bogus_reallocs);
}

void MSN_(heap_init)(void)
{
   live_blocks = VG_(HT_construct)("msn.heap.live_blocks");
   block_pool  = VG_(newPA)(sizeof(Block), 1000, VG_(malloc),
                            "msn.heap.blocks", VG_(free));
}

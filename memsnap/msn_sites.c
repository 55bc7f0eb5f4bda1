/*--------------------------------------------------------------------*/
/*--- memsnap: allocation sites.                       msn_sites.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_sites.h. */

#include "msn_basics.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_stacktrace.h"
#include "msn_compat.h"
#include "msn_attrib.h"
#include "msn_options.h"
#include "msn_sites.h"
#include "msn_symbols.h"
#include "msn_unwind.h"

/* memsnap's preload library is the innermost one or two frames of every
   allocation stack (posix_memalign calls memalign inside it).  Debian's
   preload has no line information, so it is recognised by address. */
#define PRELOAD_FRAMES_MAX 3

/* Extra frames unwound when --alloc-fn is given, so that skipping the
   caller's own allocator wrappers still leaves --depth frames. */
#define ALLOC_FN_FRAMES_MAX 10

static XArray*      sites;         // of MSN_Site*, in creation order
static VgHashTable* alloc_fn_ips;  // of AllocFnIp: --alloc-fn verdicts
static UInt         usual_frames;  // unwound for an allocation at first

/* The site table: open addressing over (hash, site) pairs, so that a
   lookup compares hashes without touching the sites, and a stack is
   compared in place, without being copied first.  At most half full. */
typedef struct { UWord hash; MSN_Site* site; } SiteSlot;
static struct {
   SiteSlot* slots;
   UWord     mask;     // capacity - 1; the capacity is a power of two
} table;

static struct {
   Bool searched;   // looked for the preload's text yet?
   Addr lo, hi;     // its text segment, [lo, hi); empty if not found
} preload;

/* Whether the function at one code address matches --alloc-fn. */
typedef
   struct _AllocFnIp {
      struct _AllocFnIp* next;
      Addr               ip;
      Bool               is_alloc_fn;
   }
   AllocFnIp;

#define MAX_UNWIND (MSN_MAX_DEPTH + PRELOAD_FRAMES_MAX + ALLOC_FN_FRAMES_MAX)

/*------------------------------------------------------------*/
/*--- Counters                                             ---*/
/*------------------------------------------------------------*/

#define CACHE_LINE_SZB 64
#define FIRST_COUNTERS 64   // sites, before the arrays first grow

MSN_SiteCounts* MSN_(site_counts);
MSN_SiteTemps*  MSN_(site_temps);

/* The arrays' blocks from VG_(malloc), of which MSN_(site_counts) and
   MSN_(site_temps) are the parts starting on a cache line, and how many
   ids they hold. */
static struct {
   void* counts_block;
   void* temps_block;
   UInt  capacity;
} counters;

/* An array of n elements of elem_szB, zeroed, starting on a cache line,
   with the first n_old of old (NULL if none) copied in; *block becomes
   the block to free later, and the one it held is freed. */
static void* realloc_on_lines(void** block, const void* old, UInt n_old,
                              UInt n, SizeT elem_szB)
{
   void* fresh = VG_(calloc)("msn.sites.counters", 1,
                             n * elem_szB + CACHE_LINE_SZB - 1);
   void* array = (void*)VG_ROUNDUP((Addr)fresh, CACHE_LINE_SZB);
   if (old)
      VG_(memcpy)(array, old, n_old * elem_szB);
   VG_(free)(*block);
   *block = fresh;
   return array;
}

/* Makes room for the counters of site id. */
static void ensure_counters(UInt id)
{
   if (id < counters.capacity)
      return;
   UInt n = counters.capacity ? 2 * counters.capacity : FIRST_COUNTERS;
   MSN_(site_counts) = realloc_on_lines(&counters.counts_block,
                                        MSN_(site_counts), counters.capacity,
                                        n, sizeof(MSN_SiteCounts));
   MSN_(site_temps)  = realloc_on_lines(&counters.temps_block,
                                        MSN_(site_temps), counters.capacity,
                                        n, sizeof(MSN_SiteTemps));
   counters.capacity = n;
}

void MSN_(clear_site_counters)(void)
{
   VG_(memset)(MSN_(site_counts), 0,
               counters.capacity * sizeof(MSN_SiteCounts));
   VG_(memset)(MSN_(site_temps), 0,
               counters.capacity * sizeof(MSN_SiteTemps));
}

/*------------------------------------------------------------*/
/*--- Capture                                              ---*/
/*------------------------------------------------------------*/

static void find_preload_text(void)
{
   preload.searched = True;
   for (const DebugInfo* di = VG_(next_DebugInfo)(NULL); di != NULL;
        di = VG_(next_DebugInfo)(di)) {
      const HChar* name = VG_(DebugInfo_get_filename)(di);
      if (name && VG_(strstr)(name, "vgpreload_memsnap")) {
         preload.lo = VG_(DebugInfo_get_text_avma)(di);
         preload.hi = preload.lo + VG_(DebugInfo_get_text_size)(di);
         return;
      }
   }
   VERB(0, "preload text not found; skipping one frame per stack\n");
}

static Bool ip_is_alloc_fn(DiEpoch ep, Addr ip)
{
   if (alloc_fn_ips == NULL)   // asked only with --alloc-fn
      alloc_fn_ips = VG_(HT_construct)("msn.sites.alloc_fn_ips");
   AllocFnIp* node = VG_(HT_lookup)(alloc_fn_ips, ip);
   if (!node) {
      const HChar* fn;
      node = VG_(malloc)("msn.sites.alloc_fn_ip", sizeof *node);
      node->ip = ip;
      node->is_alloc_fn = VG_(get_fnname)(ep, ip, &fn) && MSN_(is_alloc_fn)(fn);
      VG_(HT_add_node)(alloc_fn_ips, node);
   }
   return node->is_alloc_fn;
}

/* Index of the first frame of ips[0..n) that is not an allocator's. */
static UInt first_caller_frame(DiEpoch ep, const Addr* ips, UInt n)
{
   UInt i = 0;
   if (!preload.searched)
      find_preload_text();
   while (i < n && ips[i] >= preload.lo && ips[i] < preload.hi)
      i++;
   /* Without the preload's address range, skip the replacement function
      (frame 0 of a malloc).  With it, a stack that does not start in the
      preload comes from VALGRIND_MALLOCLIKE_BLOCK: frame 0 is then the
      client's own allocator, which stays, as in Valgrind's other tools
      (--alloc-fn skips it). */
   if (preload.lo == preload.hi && i == 0 && n > 0)
      i = 1;
   if (MSN_(have_alloc_fns)())
      while (i < n && ip_is_alloc_fn(ep, ips[i]))
         i++;
   return i;
}

UInt MSN_(allocator_frames)(const Addr* ips, UInt n)
{
   return first_caller_frame(VG_(current_DiEpoch)(), ips, n);
}

static UWord hash_stack(DiEpoch ep, const Addr* ips, UInt n)
{
   UWord h = ep.n * 0x9e3779b97f4a7c15ULL + n;
   for (UInt i = 0; i < n; i++)
      h = (h ^ ips[i]) * 0x100000001b3ULL;
   return h ^ (h >> 29);
}

static Bool is_stack_of(const MSN_Site* site, DiEpoch ep, const Addr* ips,
                        UInt n)
{
   if (site->n_ips != n || site->epoch.n != ep.n)
      return False;
   for (UInt i = 0; i < n; i++)
      if (site->ips[i] != ips[i])
         return False;
   return True;
}

/* The slot of the site with this stack, or the empty slot for it. */
static SiteSlot* find_slot(UWord h, DiEpoch ep, const Addr* ips, UInt n)
{
   UWord i = h & table.mask;
   while (table.slots[i].site != NULL
          && !(table.slots[i].hash == h
               && is_stack_of(table.slots[i].site, ep, ips, n)))
      i = (i + 1) & table.mask;
   return &table.slots[i];
}

static void allocate_table(UWord capacity)
{
   table.slots = VG_(calloc)("msn.sites.table", capacity, sizeof(SiteSlot));
   table.mask  = capacity - 1;
}

static void grow_table(void)
{
   SiteSlot* old     = table.slots;
   UWord     old_cap = table.mask + 1;
   allocate_table(2 * old_cap);
   for (UWord i = 0; i < old_cap; i++) {
      MSN_Site* site = old[i].site;
      if (site)
         *find_slot(site->hash, site->epoch, site->ips, site->n_ips) = old[i];
   }
   VG_(free)(old);
}

static MSN_Site* new_site(UWord h, DiEpoch ep, const Addr* ips, UInt n)
{
   MSN_Site* site = VG_(perm_malloc)(sizeof(MSN_Site) + n * sizeof(Addr),
                                     sizeof(Addr));
   VG_(memset)(site, 0, sizeof(MSN_Site));
   site->hash  = h;
   site->id    = (UInt)VG_(sizeXA)(sites) + 1;
   site->n_ips = n;
   ensure_counters(site->id);
   site->epoch = ep;
   VG_(memcpy)(site->ips, ips, n * sizeof(Addr));
   VG_(addToXA)(sites, &site);
   if (2 * (UWord)VG_(sizeXA)(sites) > table.mask + 1)
      grow_table();
   SiteSlot* slot = find_slot(h, ep, ips, n);
   slot->hash = h;
   slot->site = site;
   return site;
}

/* The frames unwound for an allocation at first: --depth, one preload
   frame, and room for --alloc-fn frames if any are named. */
void MSN_(sites_post_clo_init)(void)
{
   usual_frames = (UInt)MSN_(clo_depth) + 1
                  + (MSN_(have_alloc_fns)() ? ALLOC_FN_FRAMES_MAX : 0);
   MSN_(unwind_init)(usual_frames);
}

/* The site of the frames ips[first..n) just unwound: at most --depth. */
static MSN_Site* site_of_frames(DiEpoch ep, const Addr* ips, UInt n,
                                UInt first)
{
   UInt n_kept = n - first;
   if (n_kept > (UInt)MSN_(clo_depth))
      n_kept = (UInt)MSN_(clo_depth);
   const Addr* stack = ips + first;
   UWord       h     = hash_stack(ep, stack, n_kept);
   SiteSlot*   slot  = find_slot(h, ep, stack, n_kept);
   return slot->site ? slot->site : new_site(h, ep, stack, n_kept);
}

void MSN_(capture_start)(ThreadId tid, /*OUT*/MSN_StackStart* start)
{
   MSN_(unwind_start)(tid, VG_(current_DiEpoch)(), start);
}

/* The site of an allocation whose stack the memo does not answer for at
   once: unwound, or reused but not yet noted. */
static UInt __attribute__((noinline))
capture_unwound(ThreadId tid, DiEpoch ep, const MSN_StackStart* start)
{
   Addr    ips[MAX_UNWIND];
   UInt    depth    = (UInt)MSN_(clo_depth);
   /* Unwinding costs time per frame, so frames that would be cut are not
      unwound: at first only one preload frame is allowed for.
      If there were more and the stack is deeper, it is unwound again. */
   UInt    n_unwind = usual_frames;
   UInt    n, first;
   UWord*  note;   // the memo's note of the stack: its site id, once known
   for (;;) {
      n = MSN_(unwind)(tid, ep, ips, n_unwind,
                       n_unwind == usual_frames ? start : NULL, &note);
      if (note && *note && VG_(clo_sanity_level) < 3)
         return (UInt)*note;
      first = first_caller_frame(ep, ips, n);
      if (n < n_unwind || n - first >= depth || n_unwind == MAX_UNWIND)
         break;
      n_unwind = first + depth < MAX_UNWIND ? first + depth : MAX_UNWIND;
   }
   UInt id = site_of_frames(ep, ips, n, first)->id;
   if (note && *note)
      tl_assert2(*note == id, "memsnap: the unwind memo's note of a stack "
                 "is site %lu, the stack's is %u", *note, id);
   /* A note for the usual number of frames only: a deeper unwinding's
      extra frames are not in the memo's entry. */
   else if (note && n_unwind == usual_frames)
      *note = id;
   return id;
}

/* Most allocations come from a stack the memo holds with its site: that
   answer is taken first, in a call that sets up nothing else. */
UInt MSN_(capture_site)(ThreadId tid, const MSN_StackStart* start)
{
   DiEpoch ep = VG_(current_DiEpoch)();
   UWord   id = start ? MSN_(reused_note)(tid, ep, start) : 0;
   return id != 0 ? (UInt)id : capture_unwound(tid, ep, start);
}

/*------------------------------------------------------------*/
/*--- Symbolization                                        ---*/
/*------------------------------------------------------------*/

/* Frames being gathered for a site: buffers reused from site to site. */
static struct {
   MSN_Frame** frames;
   UInt        n, capacity;
   XArray*     ip_frames;   // of MSN_Frame*: those of one code address
} gather;

static void gather_frame(MSN_Frame* f)
{
   if (gather.n == gather.capacity) {
      gather.capacity = gather.capacity ? 2 * gather.capacity : 64;
      gather.frames   = VG_(realloc)("msn.sites.gather", gather.frames,
                                     gather.capacity * sizeof(MSN_Frame*));
   }
   gather.frames[gather.n++] = f;
}

/* Gathers the frames of the site's code addresses, innermost first.
   Frames below main are not gathered, as Valgrind's other tools show none
   unless --show-below-main=yes: they are the same in every stack.  (The
   unwinding cut the stack there already; this cuts inlined levels.) */
static void gather_frames(const MSN_Site* site)
{
   XArray* ip_frames = gather.ip_frames;
   Bool    all       = VG_(clo_show_below_main);
   gather.n = 0;
   for (UInt i = 0; i < site->n_ips; i++) {
      VG_(dropTailXA)(ip_frames, VG_(sizeXA)(ip_frames));
      MSN_(append_frames_of_ip)(site->epoch, site->ips[i], ip_frames);
      for (Word k = 0; k < VG_(sizeXA)(ip_frames); k++) {
         MSN_Frame* f = *(MSN_Frame**)VG_(indexXA)(ip_frames, k);
         if (f->is_below_main && !all && gather.n > 0)
            return;
         gather_frame(f);
         if (f->is_main && !all)
            return;
      }
   }
}

const MSN_Trace* MSN_(site_trace)(MSN_Site* site)
{
   if (site->trace)
      return site->trace;

   gather_frames(site);
   UInt n_all = gather.n;
   MSN_Frame* const* frames = gather.frames;
   if (n_all == 0) {
      static MSN_Frame* unknown[1];
      unknown[0] = MSN_(unknown_frame)();
      frames     = unknown;
      n_all      = 1;
   }
   UInt n_hidden, attributed;
   MSN_(attribute)(n_all, frames, &n_hidden, &attributed);

   /* The trace and its frames in one block; both live as long as the
      site (traceback keys keep pointers to the frames). */
   MSN_Trace* trace  = VG_(perm_malloc)(sizeof(MSN_Trace)
                                        + n_all * sizeof(MSN_Frame*),
                                        sizeof(void*));
   MSN_Frame** all   = (MSN_Frame**)(trace + 1);
   VG_(memcpy)(all, frames, n_all * sizeof(MSN_Frame*));
   trace->n_hidden   = n_hidden;
   trace->n_frames   = n_all - n_hidden;
   trace->frames     = all + n_hidden;
   trace->attributed = attributed - n_hidden;
   trace->traceback_key = NULL;
   site->trace = trace;
   return trace;
}

MSN_Key* MSN_(site_traceback_key)(MSN_Site* site)
{
   MSN_(site_trace)(site);
   MSN_Trace* trace = site->trace;
   /* The frames inside the attributed one are passed over, as
      tracemalloc's traceback begins at the frame a block is charged to. */
   if (trace->traceback_key == NULL)
      trace->traceback_key = MSN_(traceback_key)(
                                trace->n_frames - trace->attributed,
                                trace->frames + trace->attributed, 0);
   return trace->traceback_key;
}

/*------------------------------------------------------------*/
/*--- Iteration and set-up                                 ---*/
/*------------------------------------------------------------*/

UInt MSN_(n_sites)(void)
{
   return (UInt)VG_(sizeXA)(sites);
}

MSN_Site* MSN_(site_at)(UInt i)
{
   return *(MSN_Site**)VG_(indexXA)(sites, i);
}

MSN_Site* MSN_(site_by_id)(UInt id)
{
   return *(MSN_Site**)VG_(indexXA)(sites, id - 1);
}

void MSN_(sites_init)(void)
{
   allocate_table(64);   // small: see design.md, "Start-up memory"
   gather.ip_frames = VG_(newXA)(VG_(malloc), "msn.sites.ipframes", VG_(free),
                                 sizeof(MSN_Frame*));
   sites        = VG_(newXA)(VG_(malloc), "msn.sites.list", VG_(free),
                             sizeof(MSN_Site*));
}

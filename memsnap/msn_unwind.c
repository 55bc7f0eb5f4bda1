/*--------------------------------------------------------------------*/
/*--- memsnap: allocation stacks, unwound with a memo. msn_unwind.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_unwind.h.

   The memo is a table of stacks unwound before, in sets of two, each under
   its *key*: the thread's IP, SP and BP at the allocation.  A stack is
   reused when the key is the same and every *return address* is still in
   its slot: for each frame i >= 1, the word just below the frame's stack
   pointer sp[i] holds ip[i] + 1 (Valgrind reports the call instruction,
   one byte before the return address).

   Why that is the stack a real unwind would give (amd64): from frame i,
   Valgrind's unwinder (m_stacktrace.c, VG_(use_CF_info)) finds the CFI of
   ip[i], computes the CFA from the frame's SP (code without a frame
   pointer) or BP, reads the return address at CFA - 8 and makes the CFA
   the caller's SP.  A step through the SP depends on nothing but ip[i],
   sp[i] and the return address; by induction from the key, a stack of
   such steps is the recorded one when its return addresses are.

   A step through the BP (to an SP of BP + 16: a frame-pointer frame, or
   Valgrind's fallback along the frame-pointer chain) depends on the
   frame's BP.  Frame 0's BP is in the key; a BP restored from the stack
   can be trusted only along an unbroken chain of frame-pointer frames
   from frame 0 (the preload's, then -O0 code), where the saved BP of
   frame i is at sp[i] - 16 and must be sp[i + 1] - 16: those words are
   checked too.

   A stack ends where the unwinder stops before --depth frames; that stop
   is reproduced only at the *base* of a thread's stack (not the main
   thread's, whose stacks end at main): a last frame whose SP is at most
   BASE_SLACK bytes above the SP the thread was created with, whose BP is
   zero and whose SP points at 0 or 1.  That frame is the code the thread
   started in (glibc's clone), which called the thread's function before
   it pushed anything, once.  There Valgrind's unwinder finds no CFI step
   (glibc marks the return address undefined), no frame pointer (zero, the
   ABI's mark of the outermost frame: clone clears it before its call) and
   no return address at the SP (0 or 1 ends the stack).  The BP it
   restores for that frame is the one clone holds across its call, which
   stays active while the thread lives: a stack ending at a base is reused
   only in the same lifetime of its thread, with the word at its last SP
   checked again.  Stacks with any other kind of step are not memoized,
   recognised when recorded:
   - a step through the BP after a step through the SP (the BP may have
     been restored from anywhere);
   - a step whose return address was not at the new SP - 8, or that did
     not raise the SP by more than 8 (signal frames, the last-ditch scan
     of the unwinder);
   - a stack cut short before --depth frames, before main, before a frame
     below main and before its thread's base, whose end depends on more
     than return addresses (frames below main are never kept);
   - any stack with --merge-recursive-frames (merged frames are not
     checked), on platforms other than amd64, on stacks that are not the
     thread's own (its reads must stay inside the thread's stack), and
     with the debugging option --unwind-memo=no.
   A stack is also tied to its debug-info epoch and to its thread's
   lifetime.  With --sanity-level=3 every reuse is checked against a real
   unwind.  Each entry also carries the caller's *note* (msn_unwind.h),
   where msn_sites.c keeps the site of the stack.

   On a program with many stacks, the entries a reuse reads are a cache
   miss per allocation, which stalls the reuse.  So an allocation reads
   its key early (MSN_(unwind_start)), before its block is carved out, and
   prefetches the lines a reuse reads first: the allocator's work then
   overlaps the misses. */

#include "msn_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_machine.h"
#include "pub_tool_stacktrace.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "msn_compat.h"
#include "msn_options.h"
#include "msn_symbols.h"
#include "msn_unwind.h"

#if defined(VGA_amd64)
#  define MEMO_POSSIBLE True
#else
#  define MEMO_POSSIBLE False
#endif

/* Up to 4,096 entries: enough for a program with a thousand allocation
   stacks to reuse nearly all of them.  The memo starts at 1,024 and
   doubles each time it has lost more stacks to newer ones than it holds,
   so that a program with few stacks does not have them spread over the
   pages of the whole table (docs/performance.md has the figures). */
#define MAX_ENTRIES   4096
#define FIRST_ENTRIES 1024
#define MAX_MEMO_SZB  (2 * 1024 * 1024)
#define MAX_BACKOFF   64
/* glibc's clone pops two words before its call; clone3 none. */
#define BASE_SLACK    (4 * sizeof(Addr))

/* The registers at an allocation, and its era: the debug-info epoch and
   the lifetime of the thread, in one word (see era_of). */
typedef MSN_StackKey Key;

/* An entry, followed by the IPs of its frames 1 .. n - 1, then the
   offsets of their SPs above the key's SP (frame 0 is the key's IP and
   SP).  A reuse reads the whole entry, so it is kept small: entries are
   whole cache lines (the table starts on a page), and for the default
   --depth one is three lines. */
typedef
   struct {
      Key    key;      // key.sp 0: an empty entry
      UWord  note;     // the caller's: see MSN_(unwind)
      UInt   n;
      UShort n_fp;     // steps 0 .. n_fp - 1 used the frame pointer
      Bool   at_base;  // the last frame is its thread's base
   }
   Entry;

#define CACHE_LINE_SZB 64

/* What the memo knows of a thread id.  A thread whose stacks are not
   memoizable (one running code that steps through a restored BP, say, or
   whose stacks stop short of --depth elsewhere than at its base) would pay
   for looking in the memo and recording its frames' SPs for nothing: after
   each failure it skips the memo for twice as many unwinds, up to
   MAX_BACKOFF, until a stack is memoized or reused again.

   The bounds of the thread's own stack are asked of the core once per
   lifetime, not at each allocation (see own_stack). */
typedef
   struct {
      UInt         lifetime;  // a new number when a new thread takes the id
      Addr         start_sp;  // the SP it was created with; 0 for the main thread
      UInt         skip, wait; // the back-off
      MSN_OwnStack stack;     // its own stack, as last read; 0s: not read yet
   }
   ThreadInfo;

static struct {
   Bool        on;
   ThreadInfo* threads;    // per thread id
   UInt        n_lifetimes;
   UInt        n_frames;
   UWord       set_mask;   // number of sets of two entries - 1
   UWord       max_set_mask;
   ULong       evicted;    // stacks lost to newer ones since the last growth
   SizeT       entry_szB;
   UChar*      entries;
   UChar       recent[MAX_ENTRIES / 2];  // per set: the way used last
   ULong       unwound, reused, not_memoizable;
} memo;

static inline Entry* entry_at(UWord i)
{
   return (Entry*)(memo.entries + i * memo.entry_szB);
}

/* The IPs of frames 1 .. n - 1. */
static inline Addr* entry_ips(Entry* e)
{
   return (Addr*)(e + 1);
}

/* Where the SPs of frames 1 .. n - 1 are, above the key's SP. */
static inline UInt* entry_sp_offsets(Entry* e)
{
   return (UInt*)(entry_ips(e) + memo.n_frames - 1);
}

/* The SP of frame i >= 1 of e. */
static inline Addr entry_sp(Entry* e, UInt i)
{
   return e->key.sp + entry_sp_offsets(e)[i - 1];
}

/* Word-sized, so that keys compare word by word. */
static inline ULong era_of(DiEpoch ep, const ThreadInfo* t)
{
   return (ULong)t->lifetime << 32 | ep.n;
}

static void new_thread(ThreadId parent, ThreadId child)
{
   ThreadInfo* t = &memo.threads[child];
   t->lifetime   = ++memo.n_lifetimes;
   t->start_sp   = parent == VG_INVALID_THREADID ? 0 : VG_(get_SP)(child);
   t->skip       = 0;
   t->wait       = 0;
   t->stack.max  = 0;
   t->stack.size = 0;
}

void MSN_(unwind_init)(UInt n_frames)
{
   memo.n_frames  = n_frames;
   memo.entry_szB = VG_ROUNDUP(sizeof(Entry) + (n_frames - 1)
                               * (sizeof(Addr) + sizeof(UInt)),
                               CACHE_LINE_SZB);
   UWord n = MAX_ENTRIES;
   while (n > 16 && n * memo.entry_szB > MAX_MEMO_SZB)
      n /= 2;
   memo.max_set_mask = n / 2 - 1;
   memo.set_mask     = VG_MIN(n, FIRST_ENTRIES) / 2 - 1;
   memo.on   = MEMO_POSSIBLE && MSN_(clo_unwind_memo)
               && VG_(clo_merge_recursive_frames) == 0;
   /* Fresh pages, zero until touched: a program with few stacks or threads
      does not pay for the whole tables in RSS, nor crowd Valgrind's core
      arena (see design.md, "Start-up memory"). */
   if (memo.on) {
      memo.entries = MSN_(shadow_alloc)(n * memo.entry_szB);
      memo.threads = MSN_(shadow_alloc)(VG_N_THREADS * sizeof(ThreadInfo));
   }
   if (!memo.entries || !memo.threads)
      memo.on = False;
   if (memo.on)
      VG_(track_pre_thread_ll_create)(new_thread);
}

/*------------------------------------------------------------*/
/*--- Frames below main                                    ---*/
/*------------------------------------------------------------*/

/* Where a stack ends: at main's frame, which is kept, or at the first
   frame *below main* (MSN_(fn_is_below_main): the C library's start-up
   code, or the code a thread starts in), which is not, so that --depth
   never changes where a block is charged and a stripped program's stacks
   stop where main is, named or not.  Asked for every
   frame of every stack unwound, so the verdict is kept per code address
   and debug-info epoch: a direct-mapped cache in front of a table of
   every address asked about. */
typedef enum { FRAME_ABOVE, FRAME_MAIN, FRAME_BELOW } FrameEnd;

typedef
   struct _IpKind {
      struct _IpKind* next;
      UWord           ip;
      FrameEnd        end;
   }
   IpKind;

#define N_KIND_CACHE 1024

static struct {
   VgHashTable* table;                 // of IpKind
   IpKind*      cache[N_KIND_CACHE];
   DiEpoch      epoch;
} ip_kinds;

static FrameEnd frame_end_of_name(const HChar* fn)
{
   if (VG_(get_fnname_kind)(fn) == Vg_FnNameMain)
      return FRAME_MAIN;
   return MSN_(fn_is_below_main)(fn) ? FRAME_BELOW : FRAME_ABOVE;
}

static IpKind* lookup_ip_kind(DiEpoch ep, Addr ip)
{
   if (!ip_kinds.table || ip_kinds.epoch.n != ep.n) {
      if (ip_kinds.table)
         VG_(HT_destruct)(ip_kinds.table, VG_(free));
      ip_kinds.table = VG_(HT_construct)("msn.unwind.ip_kinds");
      ip_kinds.epoch = ep;
      VG_(memset)(ip_kinds.cache, 0, sizeof ip_kinds.cache);
   }
   IpKind* k = VG_(HT_lookup)(ip_kinds.table, ip);
   if (!k) {
      const HChar* fn;
      k      = VG_(malloc)("msn.unwind.ip_kind", sizeof *k);
      k->ip  = ip;
      switch (VG_(get_fnname_kind_from_IP)(ep, ip)) {
      case Vg_FnNameMain:      k->end = FRAME_MAIN;  break;
      case Vg_FnNameBelowMain: k->end = FRAME_BELOW; break;
      default:
         k->end = VG_(get_fnname)(ep, ip, &fn) ? frame_end_of_name(fn)
                                               : FRAME_ABOVE;
      }
      VG_(HT_add_node)(ip_kinds.table, k);
   }
   return k;
}

static inline FrameEnd frame_end(DiEpoch ep, Addr ip)
{
   IpKind** slot = &ip_kinds.cache[(ip ^ (ip >> 10)) % N_KIND_CACHE];
   if (!*slot || (*slot)->ip != ip || ip_kinds.epoch.n != ep.n)
      *slot = lookup_ip_kind(ep, ip);
   return (*slot)->end;
}

/* How many frames of ips[0..n) to keep: up to main's, or up to the first
   frame below main, as msn_sites.c shows no frame below main unless
   --show-below-main=yes.  Frame 0 is always kept. */
static UInt up_to_main(DiEpoch ep, const Addr* ips, UInt n)
{
   if (VG_(clo_show_below_main))
      return n;
   for (UInt i = 0; i < n; i++)
      switch (frame_end(ep, ips[i])) {
      case FRAME_MAIN:  return i + 1;
      case FRAME_BELOW: return i > 0 ? i : 1;
      default:          break;
      }
   return n;
}

/*------------------------------------------------------------*/
/*--- The memo                                             ---*/
/*------------------------------------------------------------*/

/* The thread's own stack: [max - size, max]. */
typedef MSN_OwnStack OwnStack;

static Bool in_own_stack(const OwnStack* st, Addr lo, Addr hi)
{
   return lo <= hi && hi <= st->max && st->max - lo < st->size;
}

/* The own stack of thread tid (t), at an SP of sp.  The core sets a
   thread's bounds before the thread's lifetime starts (the main thread's
   just after), and changes them within it only when the thread sets its
   RLIMIT_STACK (setrlimit, prlimit), which sets the size its stack is
   said to have.  So bounds read once in a lifetime stay right but for
   that size: they are read again when sp is outside them, which covers a
   larger size (and the main thread's bounds, unknown when its lifetime
   starts).  A smaller size read before is kept: the bounds only make
   sure that the memo reads the live part of a stack, and the part above
   sp of the stack the thread had is as live as ever. */
static const OwnStack* own_stack(ThreadId tid, ThreadInfo* t, Addr sp)
{
   if (!in_own_stack(&t->stack, sp, sp)) {
      t->stack.max  = VG_(thread_get_stack_max)(tid);
      t->stack.size = VG_(thread_get_stack_size)(tid);
   }
   return &t->stack;
}

/* Entries come in sets of two *ways*.  Each set remembers the way used
   last (reused or recorded): a reuse looks there first, and a new stack
   goes in the other way (no entry is copied).  A stack allocating several
   times in a row is then found at the first look from its second
   allocation on, whichever way it is in.  A set is chosen by the key
   and by frame 0's return address, which the preload's frame pointer
   gives (0 if BP is no pointer into the stack): allocations from many
   callers at one stack depth, the rule in loops over functions, then get
   sets of their own. */
static UWord set_index(const OwnStack* st, const Key* k)
{
   Addr ra = 0;
   if (k->bp >= k->sp && in_own_stack(st, k->sp, k->bp + 2 * sizeof(Addr)))
      ra = *(const Addr*)(k->bp + sizeof(Addr));
   UWord h = (k->sp >> 4) ^ ((k->bp >> 4) * 31) ^ (k->ip * 0x9E3779B1u)
             ^ (ra * 0x85EBCA6Bu);
   return (h ^ (h >> 15) ^ (h >> 29)) & memo.set_mask;
}

/* e holds the stack of this key, and every return address of e is still
   in its slot. */
static Bool reusable(Entry* e, const OwnStack* st, const Key* k)
{
   if (e->key.sp != k->sp || e->key.ip != k->ip || e->key.bp != k->bp
       || e->key.era != k->era)
      return False;
   const Addr* ips  = entry_ips(e);      // frames 1 ..
   const UInt* offs = entry_sp_offsets(e);
   Addr        last = e->n > 1 ? k->sp + offs[e->n - 2] : k->sp;
   if (!in_own_stack(st, k->sp, last)
       || (e->at_base && *(const Addr*)last > 1))
      return False;
   for (UInt i = 0; i + 1 < e->n; i++)
      if (*(const Addr*)(k->sp + offs[i] - sizeof(Addr)) != ips[i] + 1)
         return False;
   for (UInt i = 1; i < e->n_fp; i++)
      if (*(const Addr*)(entry_sp(e, i) - 2 * sizeof(Addr))
          + 2 * sizeof(Addr) != entry_sp(e, i + 1))
         return False;
   return True;
}

/* The number of leading steps of ips[0..n) that went through the frame
   pointer: from frame i, to an SP of BP + 16. */
static UInt leading_fp_steps(UInt n, const Addr* sps, const Addr* fps)
{
   UInt n_fp = 0;
   while (n_fp + 1 < n && sps[n_fp + 1] == fps[n_fp] + 2 * sizeof(Addr))
      n_fp++;
   return n_fp;
}

/* Whether the last of n frames unwound, short of n_max, is the base of
   thread t's stack (see the overview). */
static Bool ends_at_base(const ThreadInfo* t, const OwnStack* st, UInt n,
                         UInt n_max, const Addr* sps, const Addr* fps)
{
   Addr sp = sps[n - 1];
   return n < n_max && t->start_sp != 0 && fps[n - 1] == 0
          && sp >= t->start_sp && sp - t->start_sp <= BASE_SLACK
          && in_own_stack(st, sp, sp + sizeof(Addr) - 1)
          && *(const Addr*)sp <= 1;
}

/* Whether the first n frames just unwound (with their SPs and BPs) may
   be memoized; complete says they are all the frames wanted (the
   unwinding was not cut short, they end at main or at their thread's
   base).  See the overview. */
static Bool memoizable(const OwnStack* st, UInt n, Bool complete,
                       const Addr* ips, const Addr* sps, const Addr* fps)
{
   if (!complete || !in_own_stack(st, sps[0], sps[n - 1])
       || sps[n - 1] - sps[0] > (UInt)-1)   // an entry keeps 32-bit offsets
      return False;
   UInt n_fp = leading_fp_steps(n, sps, fps);
   for (UInt i = 1; i < n; i++) {
      Bool fp_step = i <= n_fp;   // the step from frame i - 1 to frame i
      if (sps[i] <= sps[i - 1] + sizeof(Addr)
          || (!fp_step && sps[i] == fps[i - 1] + 2 * sizeof(Addr))
          || *(const Addr*)(sps[i] - sizeof(Addr)) != ips[i] + 1)
         return False;
      if (fp_step && i > 1 && sps[i - 1] - 2 * sizeof(Addr) < sps[0])
         return False;
   }
   return True;
}

/* Records the n frames ips[0..n) with their SPs, of which sps[0] and
   ips[0] are the key's. */
static void record(Entry* e, const Key* k, UInt n, UInt n_fp, Bool at_base,
                   const Addr* ips, const Addr* sps)
{
   e->key     = *k;
   e->n       = n;
   e->n_fp    = (UShort)n_fp;
   e->at_base = at_base;
   e->note    = 0;
   VG_(memcpy)(entry_ips(e), ips + 1, (n - 1) * sizeof(Addr));
   for (UInt i = 1; i < n; i++)
      entry_sp_offsets(e)[i - 1] = (UInt)(sps[i] - sps[0]);
}

/* --sanity-level=3: a reused stack must be the one unwinding up to n_max
   frames gives. */
static void check_reuse(ThreadId tid, DiEpoch ep, const Addr* ips, UInt n,
                        UInt n_max)
{
   Addr real[n_max];
   UInt n_real = up_to_main(ep, real,
                            VG_(get_StackTrace)(tid, real, n_max, NULL, NULL,
                                                0));
   tl_assert2(n_real == n, "memsnap: a memoized stack has %u frames, "
              "unwinding gives %u", n, n_real);
   for (UInt i = 0; i < n; i++)
      tl_assert2(real[i] == ips[i], "memsnap: frame %u of a memoized stack "
                 "is %#lx, unwinding gives %#lx", i, ips[i], real[i]);
}

/* The entry of set that holds the stack of this key, reusable now, made
   the set's recent way; NULL if none. */
static Entry* reusable_entry(UWord set, const OwnStack* st, const Key* k)
{
   UWord  recent = 2 * set + memo.recent[set];
   Entry* e      = entry_at(recent);
   if (reusable(e, st, k))
      return e;
   e = entry_at(recent ^ 1);
   if (!reusable(e, st, k))
      return NULL;
   memo.recent[set] ^= 1;
   return e;
}

/* The entry of set that a new stack goes in: the one not used last. */
static inline Entry* older_entry(UWord set)
{
   return entry_at(2 * set + (memo.recent[set] ^ 1));
}

/* Before a stack is recorded in set, which pushes out its older entry:
   counts the stack lost, if any, and past as many as the memo holds,
   doubles the memo, emptied (every set index changes).  The set to record
   the stack in. */
static UWord make_room(UWord set, const OwnStack* st, const Key* k)
{
   if (older_entry(set)->key.sp == 0
       || ++memo.evicted <= 2 * (memo.set_mask + 1)
       || memo.set_mask == memo.max_set_mask)
      return set;
   VG_(memset)(memo.entries, 0, 2 * (memo.set_mask + 1) * memo.entry_szB);
   VG_(memset)(memo.recent, 0, sizeof memo.recent);
   memo.set_mask = 2 * memo.set_mask + 1;
   memo.evicted  = 0;
   return set_index(st, k);
}

/* Unwinds afresh, keeping the stack in set (or wherever a growth of the
   memo puts it) if it may be memoized (*note is then its note); else the
   thread backs off from the memo. */
static UInt unwind_and_learn(ThreadId tid, DiEpoch ep, /*OUT*/Addr* ips,
                             UInt n_max, UWord set, const OwnStack* st,
                             const Key* k, ThreadInfo* t, /*OUT*/UWord** note)
{
   Addr sps[n_max], fps[n_max];
   UInt n_unwound = VG_(get_StackTrace)(tid, ips, n_max, sps, fps, 0);
   UInt n         = up_to_main(ep, ips, n_unwound);
   memo.unwound++;
   Bool at_base   = n > 0 && n == n_unwound
                    && ends_at_base(t, st, n, n_max, sps, fps);
   if (n > 0 && ips[0] == k->ip && sps[0] == k->sp && fps[0] == k->bp
       && memoizable(st, n, n < n_unwound || n_unwound == n_max || at_base,
                     ips, sps, fps)) {
      set      = make_room(set, st, k);
      Entry* e = older_entry(set);
      record(e, k, n, leading_fp_steps(n, sps, fps), at_base, ips, sps);
      memo.recent[set] ^= 1;
      *note    = &e->note;
      t->wait = 0;
   } else {
      memo.not_memoizable++;
      t->wait = t->wait == 0 ? 1 : VG_MIN(2 * t->wait, MAX_BACKOFF);
      t->skip = t->wait;
   }
   return n;
}

void MSN_(unwind_start)(ThreadId tid, DiEpoch ep,
                        /*OUT*/MSN_StackStart* start)
{
   ThreadInfo* t = memo.on ? &memo.threads[tid] : NULL;
   start->memo = t != NULL && t->skip == 0;
   if (!start->memo)
      return;
   Key* key     = &start->key;
   key->ip      = VG_(get_IP)(tid);
   key->sp      = VG_(get_SP)(tid);
   key->bp      = VG_(get_FP)(tid);
   key->era     = era_of(ep, t);
   start->stack = *own_stack(tid, t, key->sp);
   start->set   = set_index(&start->stack, key);
   /* What reusable_entry reads first: the recent entry's key and SP
      offsets, the other's key. */
   UWord  recent = 2 * start->set + memo.recent[start->set];
   Entry* e      = entry_at(recent);
   __builtin_prefetch(e);
   __builtin_prefetch(entry_sp_offsets(e));
   __builtin_prefetch(entry_at(recent ^ 1));
}

UInt MSN_(unwind)(ThreadId tid, DiEpoch ep, /*OUT*/Addr* ips, UInt n_max,
                  const MSN_StackStart* start, /*OUT*/UWord** note)
{
   ThreadInfo* t = memo.on ? &memo.threads[tid] : NULL;
   *note = NULL;
   if (!memo.on || n_max != memo.n_frames || t->skip > 0) {
      if (t && t->skip > 0)
         t->skip--;
      memo.unwound++;
      UInt n = VG_(get_StackTrace)(tid, ips, n_max, NULL, NULL, 0);
      return up_to_main(ep, ips, n);
   }

   MSN_StackStart here;
   if (!start || !start->memo || start->key.era != era_of(ep, t)) {
      MSN_(unwind_start)(tid, ep, &here);
      start = &here;
   }
   const OwnStack* st  = &start->stack;
   const Key*      key = &start->key;
   Entry*          e   = reusable_entry(start->set, st, key);
   if (!e)
      return unwind_and_learn(tid, ep, ips, n_max, start->set, st, key, t,
                              note);

   memo.reused++;
   t->wait = 0;
   *note   = &e->note;
   if (e->note != 0 && VG_(clo_sanity_level) < 3)
      return e->n;
   ips[0] = e->key.ip;
   VG_(memcpy)(ips + 1, entry_ips(e), (e->n - 1) * sizeof(Addr));
   if (VG_(clo_sanity_level) >= 3)
      check_reuse(tid, ep, ips, e->n, n_max);
   return e->n;
}

UWord MSN_(reused_note)(ThreadId tid, DiEpoch ep,
                        const MSN_StackStart* start)
{
   if (!start->memo || VG_(clo_sanity_level) >= 3)
      return 0;
   ThreadInfo* t = &memo.threads[tid];
   if (start->key.era != era_of(ep, t))
      return 0;
   Entry* e = reusable_entry(start->set, &start->stack, &start->key);
   if (!e || e->note == 0)
      return 0;
   memo.reused++;
   t->wait = 0;
   return e->note;
}

void MSN_(print_unwind_stats)(void)
{
   HChar state[40] = "off";
   if (memo.on)
      VG_(sprintf)(state, "on: %'lu entries", 2 * (memo.set_mask + 1));
   VG_(dmsg)("memsnap: stacks unwound:   %'llu, reused: %'llu "
             "(not memoizable: %'llu; memo %s)\n",
             memo.unwound, memo.reused, memo.not_memoizable, state);
}

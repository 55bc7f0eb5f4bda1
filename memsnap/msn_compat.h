/* msn_compat.h: what differs between the Valgrind releases memsnap builds
   against (3.19 and later), in one place, so that no other module tests a
   version.

   The release is that of the headers the tool is compiled with:
   __VALGRIND_MAJOR__ and __VALGRIND_MINOR__ of valgrind.h.  configure
   refuses a Valgrind older than 3.19.  Each difference is named after the
   release that brought it (from the release's NEWS and its tool headers):

   - 3.21: realloc(p, 0) reaches the tool, which frees p or not as the
     core's --realloc-zero-bytes-frees says; before, the preload freed p
     itself and the tool never saw a size of zero.
   - 3.22: the aligned callbacks of VG_(needs_malloc_replacement) (memalign
     and the aligned operator new) get the alignment the program asked for
     (orig_align) next to the one the preload made of it; and
     VG_(am_shadow_alloc) returns a SysRes instead of a pointer.

   The private core symbols: memsnap needs a few variables and functions
   of the core that no tool header declares (see "Private core symbols" in
   docs/design.md for why each one).  They are declared here and nowhere
   else, with the types every release from 3.19 gives them, and configure
   checks that the chosen Valgrind's libcoregrind defines them. */

#ifndef MSN_COMPAT_H
#define MSN_COMPAT_H

#include "msn_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_xarray.h"
#include "valgrind.h"

/* True if the Valgrind compiled against is release major.minor or later. */
#define MSN_VG_AT_LEAST(major, minor)                                      \
   (__VALGRIND_MAJOR__ > (major)                                           \
    || (__VALGRIND_MAJOR__ == (major) && __VALGRIND_MINOR__ >= (minor)))

/*------------------------------------------------------------*/
/*--- The malloc-replacement interface                     ---*/
/*------------------------------------------------------------*/

/* In the parameter list of memsnap's memalign and aligned-new callbacks,
   after the alignment: the program's own alignment, where the core passes
   it.  memsnap does not use it: the preload has already checked it and
   made a usable alignment of it, as it does for memcheck and massif. */
#if MSN_VG_AT_LEAST(3, 22)
#  define MSN_ORIG_ALIGN_PARAM(name) , SizeT name
#else
#  define MSN_ORIG_ALIGN_PARAM(name)
#endif

/* Whether realloc(p, 0) frees p and returns NULL (True), or makes a
   block of one byte, as memcheck and massif do (False).  Before 3.21,
   Valgrind's preload freed p itself, as the C library on Linux does. */
static inline Bool MSN_(realloc_zero_frees)(void)
{
#if MSN_VG_AT_LEAST(3, 21)
   return VG_(clo_realloc_zero_bytes_frees);
#else
   return True;
#endif
}

/*------------------------------------------------------------*/
/*--- Address space                                        ---*/
/*------------------------------------------------------------*/

/* szB bytes of fresh, zeroed pages for the tool's own use; NULL if none
   are left. */
static inline void* MSN_(shadow_alloc)(SizeT szB)
{
#if MSN_VG_AT_LEAST(3, 22)
   SysRes r = VG_(am_shadow_alloc)(szB);
   return sr_isError(r) ? NULL : (void*)sr_Res(r);
#else
   return VG_(am_shadow_alloc)(szB);
#endif
}

/*------------------------------------------------------------*/
/*--- Private core symbols                                 ---*/
/*------------------------------------------------------------*/

/* Core options without a tool-header declaration: --read-inline-info,
   --fullpath-after (a list of prefixes), --sanity-level and
   --merge-recursive-frames. */
extern Bool    VG_(clo_read_inline_info);
extern XArray* VG_(clo_fullpath_after);
extern Int     VG_(clo_sanity_level);
extern Int     VG_(clo_merge_recursive_frames);

/* The frame pointer of thread tid (amd64: its RBP), as VG_(get_IP) and
   VG_(get_SP) give the others. */
extern Addr VG_(get_FP)(ThreadId tid);

/* Moves fd into the range the core keeps for itself (closed to the
   program); the new descriptor, or -1. */
extern Int VG_(safe_fd)(Int oldfd);

/* The text of an errno value. */
extern const HChar* VG_(strerror)(UWord errnum);

/* A raw system call. */
extern SysRes VG_(do_syscall)(UWord sysno, RegWord, RegWord, RegWord,
                              RegWord, RegWord, RegWord, RegWord, RegWord);

#endif   // MSN_COMPAT_H

/*--------------------------------------------------------------------*/
/*--- memsnap: the frame a block is charged to.       msn_attrib.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_attrib.h. */

#include "msn_basics.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_seqmatch.h"
#include "msn_attrib.h"
#include "msn_options.h"
#include "msn_symbols.h"

/* Functions that allocate for their caller, besides memsnap's preload
   (recognised by address in msn_sites.c): the C library's allocation
   functions when a frame of them is seen (inlined, or called through
   the dynamic loader), and the dynamic loader's own malloc. */
static const HChar* const builtin_alloc_fns[] = {
   "malloc", "calloc", "realloc", "reallocarray", "memalign",
   "posix_memalign", "aligned_alloc", "valloc", "pvalloc",
   "__libc_malloc", "__libc_calloc", "__libc_realloc", "__libc_memalign",
   "__rtld_malloc", "__rtld_calloc", "__rtld_realloc",
   "__minimal_malloc", "__minimal_calloc", "__minimal_realloc",
   "operator new(*", "operator new[](*",
};

/* System objects and system headers, matched against the object's path
   and the source file's (the same list for both, as --system-code). */
static const HChar* const builtin_system_code[] = {
   "/lib/*", "/lib64/*", "/usr/lib/*", "/usr/lib64/*", "/usr/libexec/*",
   "/usr/include/*", "*/ld-linux*.so*",
};

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* MSN_Frame.attrib_class: bits, 0 until classified. */
#define CLASS_KNOWN  1
#define CLASS_ALLOC  2
#define CLASS_SYSTEM 4

static struct {
   Bool         searched;
   const HChar* path;   // "" if not found
} exe = { False, "" };

/*------------------------------------------------------------*/
/*--- The main executable                                  ---*/
/*------------------------------------------------------------*/

/* The file the client was started from: its name as given, else found
   along PATH as the core found it.  False if it cannot be stat'ed. */
static Bool stat_client_exe(struct vg_stat* st)
{
   const HChar* name = VG_(args_the_exename);
   if (name == NULL)
      return False;
   if (VG_(strchr)(name, '/'))
      return !sr_isError(VG_(stat)(name, st));
   const HChar* path = VG_(getenv)("PATH");
   if (path == NULL)
      return False;
   SizeT  szB  = VG_(strlen)(path) + VG_(strlen)(name) + 2;
   HChar* cand = VG_(malloc)("msn.attrib.exe", szB);
   Bool   found = False;
   for (const HChar* p = path; !found && *p; ) {
      const HChar* colon = VG_(strchr)(p, ':');
      SizeT        len   = colon ? (SizeT)(colon - p) : VG_(strlen)(p);
      VG_(snprintf)(cand, szB, "%.*s/%s", (Int)len, len ? p : ".", name);
      found = !sr_isError(VG_(stat)(cand, st));
      p += len + (colon ? 1 : 0);
   }
   VG_(free)(cand);
   return found;
}

/* The object whose file is the client's executable, as the debug info
   names it (the name Valgrind resolved, symbolic links followed). */
static void find_main_exe(void)
{
   struct vg_stat want, st;
   exe.searched = True;
   if (!stat_client_exe(&want))
      return;
   for (const DebugInfo* di = VG_(next_DebugInfo)(NULL); di != NULL;
        di = VG_(next_DebugInfo)(di)) {
      const HChar* name = VG_(DebugInfo_get_filename)(di);
      if (name && !sr_isError(VG_(stat)(name, &st))
          && st.dev == want.dev && st.ino == want.ino) {
         exe.path = MSN_(intern)(name);
         return;
      }
   }
}

const HChar* MSN_(main_exe)(void)
{
   if (!exe.searched)
      find_main_exe();
   return exe.path;
}

/*------------------------------------------------------------*/
/*--- Classifying frames                                   ---*/
/*------------------------------------------------------------*/

static Bool matches_builtin(const HChar* const* globs, UInt n,
                            const HChar* s)
{
   for (UInt i = 0; i < n; i++)
      if (VG_(string_match)(globs[i], s))
         return True;
   return False;
}

/* The path of the frame's source file: its directory and base name. */
static void source_path(const MSN_Frame* f, HChar* buf, SizeT bufsz)
{
   const HChar* slash = VG_(strrchr)(f->file, '/');
   const HChar* base  = slash ? slash + 1 : f->file;
   buf[0] = '\0';
   if (f->line == 0)
      return;
   if (f->dir[0])
      VG_(snprintf)(buf, bufsz, "%s/%s", f->dir, base);
   else
      VG_(snprintf)(buf, bufsz, "%s", f->file);
}

static Bool is_alloc_frame(const MSN_Frame* f)
{
   if (f->fn[0] == '\0')
      return False;
   /* Both lists, so that every --alloc-fn that matches is marked. */
   Bool user    = MSN_(is_alloc_fn)(f->fn);
   Bool builtin = matches_builtin(builtin_alloc_fns, N_OF(builtin_alloc_fns),
                                  f->fn);
   return user || builtin;
}

static Bool is_system_frame(const MSN_Frame* f)
{
   static HChar src[4096];
   source_path(f, src, sizeof src);
   Bool user = (f->obj[0] && MSN_(matches_pattern)(MSN_(clo_user_code),
                                                   f->obj))
               | (src[0] && MSN_(matches_pattern)(MSN_(clo_user_code), src));
   Bool given = (f->obj[0] && MSN_(matches_pattern)(MSN_(clo_system_code),
                                                    f->obj))
                | (src[0] && MSN_(matches_pattern)(MSN_(clo_system_code),
                                                   src));
   if (user)
      return False;
   if (given)
      return True;
   const HChar* main_exe = MSN_(main_exe)();
   Bool obj_system = f->obj[0] && !VG_STREQ(f->obj, main_exe)
                     && matches_builtin(builtin_system_code,
                                        N_OF(builtin_system_code), f->obj);
   return obj_system
          || (src[0] && matches_builtin(builtin_system_code,
                                        N_OF(builtin_system_code), src));
}

static UChar class_of(MSN_Frame* f)
{
   if (f->attrib_class == 0)
      f->attrib_class = CLASS_KNOWN
                        | (is_alloc_frame(f) ? CLASS_ALLOC : 0)
                        | (is_system_frame(f) ? CLASS_SYSTEM : 0);
   return f->attrib_class;
}

void MSN_(attribute)(UInt n, MSN_Frame* const* frames,
                     /*OUT*/UInt* n_hidden, /*OUT*/UInt* attributed)
{
   tl_assert(n >= 1);
   UInt first = 0;
   while (first + 1 < n && (class_of(frames[first]) & CLASS_ALLOC))
      first++;
   *n_hidden   = first;
   *attributed = first;
   if (MSN_(clo_attribute) != MSN_ATTRIBUTE_USER)
      return;
   for (UInt i = first; i < n; i++)
      if (!(class_of(frames[i]) & CLASS_SYSTEM)) {
         *attributed = i;
         return;
      }
}

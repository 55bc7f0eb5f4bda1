/*--------------------------------------------------------------------*/
/*--- memsnap: touching the client's memory safely.    msn_clmem.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_clmem.h.

   Two checks, in this order.  The address space manager says whether a
   range is the client's with a given protection; the kernel would copy
   Valgrind's own memory just as readily, so this check comes first.
   Then the copy itself goes through a pipe: write(2) from the client's
   address into the pipe reads it, read(2) from the pipe into the
   client's address writes it, and either stops at (or fails with EFAULT
   on) a page that cannot be touched.  If no pipe can be made (the client
   used up its descriptors), the copy is done directly, as it was before
   this check existed. */

#include "msn_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_vki.h"
#include "msn_clmem.h"

/* A pipe for one copy, or fd[0] == -1. */
typedef struct { Int fd[2]; } Pipe;

static Pipe open_pipe(void)
{
   Pipe p;
   if (VG_(pipe)(p.fd) != 0)
      p.fd[0] = p.fd[1] = -1;
   return p;
}

static void close_pipe(Pipe* p)
{
   if (p->fd[0] >= 0) {
      VG_(close)(p->fd[0]);
      VG_(close)(p->fd[1]);
   }
}

/* How many of the n bytes at a, from the first, lie in pages the client
   may access with prot (page by page: a range may span mappings). */
static SizeT valid_prefix(Addr a, SizeT n, UInt prot)
{
   SizeT ok = 0;
   while (ok < n) {
      Addr  page_end = VG_PGROUNDDN(a + ok) + VKI_PAGE_SIZE;
      SizeT step     = VG_MIN(n - ok, (SizeT)(page_end - (a + ok)));
      if (!VG_(am_is_valid_for_client)(a + ok, step, prot))
         break;
      ok += step;
   }
   return ok;
}

/* The n bytes (at most a pipe's capacity) at a, read by the kernel into
   the pipe; returns how many it could read. */
static SizeT kernel_read(Pipe* p, Addr a, void* buf, SizeT n)
{
   Int got = VG_(write)(p->fd[1], (const void*)a, (Int)n);
   if (got <= 0)
      return 0;
   Int back = VG_(read)(p->fd[0], buf, got);
   return back > 0 ? (SizeT)back : 0;
}

SizeT MSN_(read_client)(Addr a, void* buf, SizeT n)
{
   n = valid_prefix(a, VG_MIN(n, (SizeT)VKI_PAGE_SIZE), VKI_PROT_READ);
   if (n == 0)
      return 0;
   Pipe p = open_pipe();
   if (p.fd[0] < 0) {
      VG_(memcpy)(buf, (const void*)a, n);
      return n;
   }
   SizeT got = kernel_read(&p, a, buf, n);
   close_pipe(&p);
   return got;
}

Bool MSN_(client_writable)(Addr a, SizeT n)
{
   HChar scratch[64];
   tl_assert(n <= sizeof scratch);
   /* A page that can be read can be written, given the protection. */
   return a != 0 && valid_prefix(a, n, VKI_PROT_WRITE) == n
          && MSN_(read_client)(a, scratch, n) == n;
}

Bool MSN_(write_client)(Addr a, const void* buf, SizeT n)
{
   Pipe p = open_pipe();
   if (p.fd[0] < 0) {
      VG_(memcpy)((void*)a, buf, n);
      return True;
   }
   Bool ok = VG_(write)(p.fd[1], buf, (Int)n) == (Int)n
             && VG_(read)(p.fd[0], (void*)a, (Int)n) == (Int)n;
   close_pipe(&p);
   return ok;
}

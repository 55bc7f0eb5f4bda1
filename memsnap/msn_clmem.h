/*--------------------------------------------------------------------*/
/*--- memsnap: touching the client's memory safely.    msn_clmem.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Client requests hand memsnap pointers (names, keys, out-pointers) that
   must never make Valgrind itself fault.  Checking that the address is
   the client's, with the right protection, is not enough: a page of a
   file mapping that lies past the end of the file is mapped and
   writable, yet touching it raises SIGBUS.  So the bytes are moved by
   the kernel, through a pipe: a page that cannot be touched makes the
   system call fail (EFAULT) instead of faulting.  The pipe lives only
   for the call, so the program never sees its descriptors.  Only
   msn_clreq.c uses this module. */

#ifndef __MSN_CLMEM_H
#define __MSN_CLMEM_H

#include "msn_basics.h"

/* Copies the client's bytes from a into buf, up to n of them, stopping
   at the first one the client could not read itself.  Returns how many
   were copied. */
SizeT MSN_(read_client)(Addr a, void* buf, SizeT n);

/* Whether the client could write n bytes at a: the memory is the
   client's, writable, and every page of it can be touched. */
Bool MSN_(client_writable)(Addr a, SizeT n);

/* Stores n bytes of buf at a, which MSN_(client_writable) accepted.
   Returns False if that is no longer possible (nothing is then written,
   unless the range straddles a page that became untouchable meanwhile). */
Bool MSN_(write_client)(Addr a, const void* buf, SizeT n);

#endif /* __MSN_CLMEM_H */

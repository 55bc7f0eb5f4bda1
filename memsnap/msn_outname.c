/*--------------------------------------------------------------------*/
/*--- memsnap: the output file's name.               msn_outname.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_outname.h.  Expansion is the core's
   (VG_(expand_file_name)), applied to each piece of the template between
   two %p; this module only splits, joins and looks at existing files. */

#include "msn_basics.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_vki.h"
#include "msn_options.h"
#include "msn_outname.h"

#define OPTION "--memsnap-out-file"

/* How far into an existing file its header's `pid' record is looked for
   (the `cmd' record before it holds the whole command line). */
#define HEADER_MAX (64 * 1024)

/* Most names NAME.exec-N tried when renaming a file aside. */
#define MAX_EXEC_NAMES 1000

static XArray* pieces;   // of HChar*: the expanded template, split at %p

/*------------------------------------------------------------*/
/*--- The template                                         ---*/
/*------------------------------------------------------------*/

/* Expands one piece (without %p) as the core does, but without making it
   absolute: a leading '/' keeps the core from prepending the directory,
   and is then dropped. */
static HChar* expand_piece(HChar* slash_piece)
{
   HChar* expanded = VG_(expand_file_name)(OPTION, slash_piece);
   HChar* piece    = VG_(strdup)("msn.outname.piece", expanded + 1);
   VG_(free)(expanded);
   return piece;
}

/* Fills `pieces` from the template: the text around each %p (but not the
   p of "%%p"), expanded. */
static void split_template(const HChar* template)
{
   SizeT  len   = VG_(strlen)(template);
   HChar* piece = VG_(malloc)("msn.outname.piece", len + 2);
   SizeT  n     = 0;
   pieces = VG_(newXA)(VG_(malloc), "msn.outname.pieces", VG_(free),
                       sizeof(HChar*));
   piece[n++] = '/';
   for (SizeT i = 0; i <= len; i++) {
      if (template[i] == '\0' || (template[i] == '%' && template[i + 1] == 'p')) {
         piece[n] = '\0';
         HChar* expanded = expand_piece(piece);
         VG_(addToXA)(pieces, &expanded);
         n = 1;
         i++;                       // past the 'p' (or the end)
         continue;
      }
      if (template[i] == '%' && template[i + 1] == '%')
         piece[n++] = template[i++];
      piece[n++] = template[i];
   }
   VG_(free)(piece);
}

/* The name of process pid: the pieces joined by pid, in the start-up
   directory if relative (as the core does). */
static HChar* name_for_pid(Int pid)
{
   XArray* name = VG_(newXA)(VG_(malloc), "msn.outname.name", VG_(free), 1);
   const HChar* first = *(HChar**)VG_(indexXA)(pieces, 0);
   if (first[0] != '/')
      VG_(xaprintf)(name, "%s/", VG_(get_startup_wd)());
   for (Word i = 0; i < VG_(sizeXA)(pieces); i++) {
      if (i > 0)
         VG_(xaprintf)(name, "%d", pid);
      VG_(xaprintf)(name, "%s", *(HChar**)VG_(indexXA)(pieces, i));
   }
   VG_(addBytesToXA)(name, "", 1);
   HChar* s = VG_(strdup)("msn.outname.name", VG_(indexXA)(name, 0));
   VG_(deleteXA)(name);
   return s;
}

static HChar* with_suffix(const HChar* name, const HChar* what, Int n)
{
   HChar* s = VG_(malloc)("msn.outname.name", VG_(strlen)(name) + 32);
   VG_(sprintf)(s, "%s.%s%d", name, what, n);
   return s;
}

/*------------------------------------------------------------*/
/*--- Files already there                                  ---*/
/*------------------------------------------------------------*/

/* The pid in the header of memsnap file `name`, or 0 if there is no such
   file or it is not one.  *has_snapshots: whether it holds a snapshot
   (or is too big to tell). */
static Int file_owner(const HChar* name, Bool* has_snapshots)
{
   *has_snapshots = False;
   SysRes sr = VG_(open)(name, VKI_O_RDONLY, 0);
   if (sr_isError(sr))
      return 0;
   Int    fd   = (Int)sr_Res(sr);
   HChar* text = VG_(malloc)("msn.outname.header", HEADER_MAX + 1);
   Int    len  = 0, got;
   while (len < HEADER_MAX
          && (got = VG_(read)(fd, text + len, HEADER_MAX - len)) > 0)
      len += got;
   VG_(close)(fd);
   text[len] = '\0';
   Int pid = 0;
   const HChar* p = VG_(strstr)(text, "\npid\t");
   if (VG_(strstr)(text, "\nmemsnap-format\t") != NULL && p != NULL) {
      for (p += 5; *p >= '0' && *p <= '9'; p++)
         pid = pid * 10 + (*p - '0');
      if (*p != '\n')
         pid = 0;
   }
   *has_snapshots = len == HEADER_MAX
                    || VG_(strstr)(text, "\nsnapshot\t") != NULL;
   VG_(free)(text);
   return pid;
}

static Bool file_exists(const HChar* name)
{
   struct vg_stat st;
   return !sr_isError(VG_(stat)(name, &st));
}

/* (Without /proc, every other process looks dead: its file is then
   overwritten, as it always was.) */
static Bool process_alive(Int pid)
{
   HChar proc[32];
   VG_(sprintf)(proc, "/proc/%d", pid);
   return file_exists(proc);
}

/* name is the file of this process's program before an exec: moves it to
   the first free NAME.exec-N. */
static void rename_aside(const HChar* name)
{
   for (Int n = 1; n <= MAX_EXEC_NAMES; n++) {
      HChar* aside = with_suffix(name, "exec-", n);
      Bool   free  = !file_exists(aside);
      if (free) {
         if (VG_(rename)(name, aside) == 0)
            VG_(umsg)("memsnap: the file of the program before exec is "
                      "now '%s'\n", aside);
         else
            VG_(umsg)("memsnap: warning: cannot rename '%s' to '%s': the "
                      "file of the program before exec is overwritten\n",
                      name, aside);
      }
      VG_(free)(aside);
      if (free)
         return;
   }
}

/*------------------------------------------------------------*/
/*--- Names                                                ---*/
/*------------------------------------------------------------*/

HChar* MSN_(outname_at_startup)(void)
{
   /* The core's expansion of the whole template checks it, and says
      what is wrong in its own words. */
   VG_(free)(VG_(expand_file_name)(OPTION, MSN_(clo_out_file)));
   split_template(MSN_(clo_out_file));

   Bool   has_snapshots;
   Int    me    = VG_(getpid)();
   HChar* name  = name_for_pid(me);
   Int    owner = file_owner(name, &has_snapshots);
   if (owner != 0 && owner != me && process_alive(owner)) {
      HChar* own = with_suffix(name, "", me);
      VG_(free)(name);
      name  = own;
      owner = file_owner(name, &has_snapshots);
   }
   /* (A program that only exec'd, as a shell or a wrapper script does,
      leaves a file without snapshots: nothing to keep.) */
   if (owner == me && has_snapshots)
      rename_aside(name);
   return name;
}

HChar* MSN_(outname_for_child)(const HChar* parent_name, Int pid)
{
   if (VG_(sizeXA)(pieces) > 1)
      return name_for_pid(pid);
   return with_suffix(parent_name, "", pid);
}

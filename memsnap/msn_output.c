/*--------------------------------------------------------------------*/
/*--- memsnap: the output file.                       msn_output.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_output.h; the format is docs/file-format.md.

   Frames and stacks are numbered per file, in order of appearance.  Each
   MSN_Frame and MSN_Site remembers its number (out_id) together with the
   *generation* of the file it was written to (out_gen); a forked child
   starts a new generation, so its file defines everything again.

   Records are built in a buffer and written with write(2), a snapshot at
   a time, its `end` line last.  A write that fails or comes up short (a
   full disk: ENOSPC; the client's file size limit: EFBIG) ends the
   writing for good: the file then ends inside the unfinished snapshot,
   which a reader recognises as cut short (docs/file-format.md), and only
   the snapshots whose `end` line reached the file are counted as written.
   A write past RLIMIT_FSIZE would also make the kernel send SIGXFSZ,
   which Valgrind would deliver to the client (killing it), so a write
   that would cross the limit is not made at all. */

#include "msn_basics.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_vki.h"
#include "msn_attrib.h"
#include "msn_compat.h"
#include "msn_options.h"
#include "msn_outname.h"
#include "msn_output.h"
#include "msn_sites.h"
#include "msn_snapshot.h"
#include "msn_timeline.h"

#define FORMAT_VERSION 5

/* RLIMIT_FSIZE is 1 on every Linux architecture; the vki headers of
   Valgrind 3.19 do not name it. */
#ifndef VKI_RLIMIT_FSIZE
#define VKI_RLIMIT_FSIZE 1
#endif

static struct {
   HChar* name;          // expanded file name
   Int    fd;            // -1 while not open
   Bool   pending;       // to be created at the first write (fork child)
   Bool   failed;        // a write failed: reported once, then nothing
   UInt   gen;           // generation, >= 1; see the overview
   UInt   n_frames;      // frames defined in this file
   UInt   n_stacks;      // stacks defined in this file
   UInt   n_snapshots;   // stored snapshots considered for this file
   UInt   n_written;     // of which written whole (not shadowed)
   UInt   last_put;      // id of the last snapshot put in the file, or 0
   ULong  size;          // bytes in the file
   Bool   exe_written;   // the `exe` record is in this file
} out = { NULL, -1, False, False, 1, 0, 0, 0, 0, 0, 0, False };

/* A snapshot in the buffer: its id and where its `end` line ends. */
typedef struct { UInt id; Word buf_end; } Buffered;

static XArray* buf;       // of HChar: text not yet written
static XArray* buffered;  // of Buffered: the snapshots in buf
static XArray* in_file;   // of Bool, by snapshot id: written to this file

/*------------------------------------------------------------*/
/*--- Writing                                              ---*/
/*------------------------------------------------------------*/

static void put(const HChar* s)
{
   VG_(addBytesToXA)(buf, s, VG_(strlen)(s));
}

/* Appends TAB and s, escaped as the format says. */
static void put_field(const HChar* s)
{
   VG_(addBytesToXA)(buf, "\t", 1);
   for (; *s; s++) {
      switch (*s) {
      case '\\': put("\\\\"); break;
      case '\t': put("\\t");  break;
      case '\n': put("\\n");  break;
      default:   VG_(addBytesToXA)(buf, s, 1);
      }
   }
}

/* Appends TAB and n in decimal.  (VG_(xaprintf) goes through the whole
   printf machinery a character at a time; snapshots write many numbers.) */
static void put_number(ULong n)
{
   HChar digits[24];
   Int   i = sizeof digits;
   do {
      digits[--i] = (HChar)('0' + n % 10);
      n /= 10;
   } while (n != 0);
   digits[--i] = '\t';
   VG_(addBytesToXA)(buf, digits + i, sizeof digits - i);
}

/* Whether n more bytes would take the file past the client's file size
   limit (the soft limit: the one the kernel enforces with SIGXFSZ). */
static Bool over_size_limit(Word n)
{
   struct vki_rlimit limit;
   if (VG_(getrlimit)(VKI_RLIMIT_FSIZE, &limit) != 0
       || limit.rlim_cur == VKI_RLIM_INFINITY)
      return False;
   return out.size + n > (ULong)limit.rlim_cur;
}

/* Linux's numbers (asm-generic) of two file errors that the vki headers
   of Valgrind 3.19 do not name. */
#ifndef VKI_ENAMETOOLONG
#define VKI_ENAMETOOLONG 36
#endif
#ifndef VKI_EDQUOT
#define VKI_EDQUOT 122
#endif

/* The text of errno value err.  VG_(strerror) of Valgrind 3.19 knows
   none of these three ("VG_(strerror): unknown error"). */
static const HChar* error_text(UWord err)
{
   static HChar unknown[40];
   switch (err) {
   case VKI_ENAMETOOLONG: return "File name too long";
   case VKI_EDQUOT:       return "Disk quota exceeded";
   case VKI_ELOOP:        return "Too many levels of symbolic links";
   }
   const HChar* text = VG_(strerror)(err);
   if (VG_(strstr)(text, "unknown error") == NULL)
      return text;
   VG_(sprintf)(unknown, "error %lu", err);
   return unknown;
}

static void write_failed(UWord err)
{
   UInt n = out.n_written;
   VG_(umsg)("memsnap: error: cannot write '%s': %s; it keeps the %u "
             "snapshot%s written before, and no more are written\n",
             out.name, err == VKI_EFBIG ? "the file size limit "
             "(RLIMIT_FSIZE) is reached" : error_text(err), n,
             n == 1 ? "" : "s");
   out.failed = True;
}

/* Marks the buffered snapshots whose `end` line is within the first
   `written` bytes of the buffer as written; forgets the others. */
static void count_written(Word written)
{
   for (Word i = 0; i < VG_(sizeXA)(buffered); i++) {
      const Buffered* b = VG_(indexXA)(buffered, i);
      if (b->buf_end > written)
         break;
      *(Bool*)VG_(indexXA)(in_file, b->id) = True;
      out.n_written++;
   }
   VG_(dropTailXA)(buffered, VG_(sizeXA)(buffered));
}

/* Writes out the buffer with write(2); see the overview for failures. */
static void flush(void)
{
   Word   n = VG_(sizeXA)(buf);
   HChar* p = n > 0 ? VG_(indexXA)(buf, 0) : NULL;
   Word   written = 0;
   UWord  err = 0;
   if (out.failed || out.fd < 0)
      n = 0;
   else if (n > 0 && over_size_limit(n))
      err = VKI_EFBIG;
   while (n > written && err == 0) {
      Int done = VG_(write)(out.fd, p + written, n - written);
      if (done <= 0)
         err = done < 0 ? -done : VKI_EIO;
      else
         written += done;
   }
   out.size += written;
   count_written(written);
   if (err != 0)
      write_failed(err);
   VG_(dropTailXA)(buf, VG_(sizeXA)(buf));
}

/*------------------------------------------------------------*/
/*--- Records                                              ---*/
/*------------------------------------------------------------*/

static void put_header(void)
{
   VG_(xaprintf)(buf, "# memsnap output file; see docs/file-format.md\n");
   VG_(xaprintf)(buf, "memsnap-format\t%d\n", FORMAT_VERSION);

   XArray* cmd = VG_(newXA)(VG_(malloc), "msn.output.cmd", VG_(free), 1);
   VG_(xaprintf)(cmd, "%s", VG_(args_the_exename));
   for (Word i = 0; i < VG_(sizeXA)(VG_(args_for_client)); i++)
      VG_(xaprintf)(cmd, " %s", *(HChar**)VG_(indexXA)(VG_(args_for_client), i));
   VG_(addBytesToXA)(cmd, "", 1);
   put("cmd");
   put_field(VG_(indexXA)(cmd, 0));
   VG_(deleteXA)(cmd);

   VG_(xaprintf)(buf, "\npid\t%d\nppid\t%d\noptions", VG_(getpid)(),
                 VG_(getppid)());
   put_field(MSN_(options_text)());
   VG_(xaprintf)(buf, "\ndepth\t%d\n", MSN_(clo_depth));
}

static void put_frame_definition(MSN_Frame* f)
{
   if (f->out_gen == out.gen)
      return;
   f->out_gen = out.gen;
   f->out_id  = ++out.n_frames;
   put("frame");
   put_number(f->out_id);
   put_number(f->line);
   put_field(f->fn);
   put_field(f->file);
   put_field(f->dir);
   put_field(f->obj);
   put_number(f->addr);
   put_number(f->offset);
   put("\n");
}

static void put_stack_definition(MSN_Site* site)
{
   if (site->out_gen == out.gen)
      return;
   const MSN_Trace* trace = MSN_(site_trace)(site);
   MSN_Frame**      all   = trace->frames - trace->n_hidden;
   UInt             n_all = trace->n_hidden + trace->n_frames;
   if (!out.exe_written) {   // known once a stack has been symbolized
      out.exe_written = True;
      put("exe");
      put_field(MSN_(main_exe)());
      put("\n");
   }
   for (UInt i = 0; i < n_all; i++)
      put_frame_definition(all[i]);
   site->out_gen = out.gen;
   site->out_id  = ++out.n_stacks;
   put("stack");
   put_number(site->out_id);
   put_number(trace->n_hidden);
   put_number(trace->n_hidden + trace->attributed);
   for (UInt i = 0; i < n_all; i++)
      put_number(all[i]->out_id);
   put("\n");
}

/* Writes s as its changes against the snapshot written just before it
   when that is its base, else with its whole table (BASE 0). */
static void put_snapshot(const MSN_Snapshot* s)
{
   while ((UInt)VG_(sizeXA)(in_file) <= s->id) {
      Bool no = False;
      VG_(addToXA)(in_file, &no);
   }
   Bool as_changes = s->base != NULL && s->base->id == out.last_put;
   const MSN_SnapEntry* rows = as_changes ? s->changes
                                          : MSN_(snapshot_entries)(s);
   UInt n_rows = as_changes ? s->n_changes : s->n_entries;
   for (UInt i = 0; i < n_rows; i++)
      if (rows[i].alloc_blocks != 0)
         put_stack_definition(rows[i].site);
   VG_(xaprintf)(buf, "snapshot\t%u", s->id);
   put_field(s->name);
   put_field(MSN_(origin_name)(s->origin));
   put_number(s->time_ms);
   put_number(s->time_szB);
   put_number(s->szB);
   put_number(s->n_blocks);
   put_number(s->peak_szB);
   put_number(s->n_entries);
   put_number(as_changes ? s->base->id : 0);
   put_number(s->alloc_szB);
   put_number(s->alloc_blocks);
   put_number(s->temp_szB);
   put_number(s->temp_blocks);
   put_number(s->n_clears);
   put("\n");
   for (UInt i = 0; i < n_rows; i++) {
      const MSN_SnapEntry* e = &rows[i];
      if (e->alloc_blocks == 0) {
         put("gone");
         put_number(e->site->out_id);
      } else {
         put("site");
         put_number(e->site->out_id);
         put_number(e->szB);
         put_number(e->n_blocks);
         put_number(e->alloc_szB);
         put_number(e->alloc_blocks);
         put_number(e->temp_szB);
         put_number(e->temp_blocks);
      }
      put("\n");
   }
   VG_(xaprintf)(buf, "end\t%u\n", s->id);
   Buffered b = { s->id, VG_(sizeXA)(buf) };
   VG_(addToXA)(buffered, &b);
   out.last_put = s->id;
}

/*------------------------------------------------------------*/
/*--- The file                                             ---*/
/*------------------------------------------------------------*/

/* Creates the file; returns the errno on failure, else 0. */
static UWord create_file(void)
{
   SysRes sr = VG_(open)(out.name, VKI_O_CREAT | VKI_O_WRONLY | VKI_O_TRUNC,
                         VKI_S_IRUSR | VKI_S_IWUSR | VKI_S_IRGRP | VKI_S_IROTH);
   if (sr_isError(sr))
      return sr_Err(sr);
   /* Above the client's fd range, so a client closing its fds cannot
      close this one. */
   out.fd   = VG_(safe_fd)((Int)sr_Res(sr));
   out.size = 0;
   put_header();
   flush();
   return 0;
}

/* In a forked child: stop writing the parent's file; the child's own is
   created at its first write. */
static void start_child_file(ThreadId tid)
{
   if (out.fd >= 0)
      VG_(close)(out.fd);
   out.fd = -1;
   out.gen++;
   out.n_frames = out.n_stacks = out.n_snapshots = out.n_written = 0;
   out.last_put = 0;
   out.exe_written = False;
   out.pending  = True;
   VG_(dropTailXA)(in_file, VG_(sizeXA)(in_file));

   HChar* parent_name = out.name;
   out.name = MSN_(outname_for_child)(parent_name, VG_(getpid)());
   VG_(free)(parent_name);
}

void MSN_(output_init)(void)
{
   buf      = VG_(newXA)(VG_(malloc), "msn.output.buf", VG_(free), 1);
   in_file  = VG_(newXA)(VG_(malloc), "msn.output.in_file", VG_(free),
                         sizeof(Bool));
   buffered = VG_(newXA)(VG_(malloc), "msn.output.buffered", VG_(free),
                         sizeof(Buffered));
   out.name = MSN_(outname_at_startup)();
   VG_(atfork)(/*pre*/NULL, /*parent*/NULL, start_child_file);
   UWord err = create_file();
   if (err != 0) {
      /* VG_(fmsg_bad_option) exits only while options are being parsed;
         after that it merely warns.  So say the same, then exit; but
         only blame the option if the user gave it. */
      if (MSN_(clo_out_file_given)) {
         VG_(fmsg)("Bad option: --memsnap-out-file=%s\n", MSN_(clo_out_file));
         VG_(fmsg)("cannot create '%s': %s\n", out.name, error_text(err));
         VG_(fmsg)("Use --help for more information or consult the user "
                   "manual.\n");
      } else {
         VG_(fmsg)("memsnap: cannot create the output file '%s': %s\n",
                   out.name, error_text(err));
         VG_(fmsg)("memsnap: give a file where it can be written with "
                   "--memsnap-out-file=<file> (default %s, in the current "
                   "directory)\n", MSN_(clo_out_file));
      }
      VG_(exit)(1);
   }
}

static Bool ensure_open(void)
{
   if (out.pending) {
      out.pending = False;
      UWord err = create_file();
      if (err != 0) {
         VG_(umsg)("memsnap: error: cannot create '%s': %s\n", out.name,
                   error_text(err));
         out.failed = True;
      }
   }
   return out.fd >= 0 && !out.failed;
}

void MSN_(output_snapshot)(const MSN_Snapshot* s)
{
   if (!ensure_open())
      return;
   /* (A forked child's new file skips shadowed snapshots: their tables
      are gone.  Their ids are then missing from the file.) */
   while (out.n_snapshots < MSN_(n_snapshots)()) {
      const MSN_Snapshot* older = MSN_(snapshot_at)(out.n_snapshots++);
      if (!older->shadowed)
         put_snapshot(older);
   }
   flush();
}

/* Whether snapshot id is in this file. */
static Bool is_in_file(UInt id)
{
   return id < VG_(sizeXA)(in_file) && *(Bool*)VG_(indexXA)(in_file, id);
}

void MSN_(output_drop)(const MSN_Snapshot* s)
{
   if (out.fd < 0 || out.failed || !is_in_file(s->id))
      return;
   VG_(xaprintf)(buf, "drop\t%u\n", s->id);
   flush();
   if (!out.failed) {
      *(Bool*)VG_(indexXA)(in_file, s->id) = False;
      out.n_written--;
   }
}

static void put_timeline(void)
{
   XArray* points = VG_(newXA)(VG_(malloc), "msn.output.points", VG_(free),
                               sizeof(MSN_Point));
   MSN_(timeline_points)(points);
   VG_(xaprintf)(buf, "timeline\t%s\t%ld\n", MSN_(timeline_unit_name)(),
                 VG_(sizeXA)(points));
   for (Word i = 0; i < VG_(sizeXA)(points); i++) {
      const MSN_Point* p = VG_(indexXA)(points, i);
      VG_(xaprintf)(buf, "point\t%llu\t%llu\t%llu\t", p->time, p->szB,
                    p->n_blocks);
      /* A snapshot not in this file (shadowed before a fork, or
         dropped) leaves an ordinary point. */
      if (p->mark == MSN_MARK_PEAK)
         put("peak");
      else if (p->mark != MSN_MARK_NONE && is_in_file((UInt)p->mark))
         VG_(xaprintf)(buf, "#%d", p->mark);
      put("\n");
   }
   VG_(deleteXA)(points);
}

void MSN_(output_summary)(const MSN_Totals* t)
{
   if (!ensure_open())
      return;
   put_timeline();
   VG_(xaprintf)(buf, "summary\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
                 t->total_szB, t->total_blocks, t->run_peak_szB,
                 t->run_peak_blocks,
                 t->cur_szB, t->cur_blocks);
   flush();
   VG_(close)(out.fd);
   out.fd = -1;
}

const HChar* MSN_(output_file_name)(void)
{
   return out.name;
}

UInt MSN_(output_n_snapshots)(void)
{
   return out.n_written;
}

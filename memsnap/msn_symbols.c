/*--------------------------------------------------------------------*/
/*--- memsnap: frames and grouping keys.             msn_symbols.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of memsnap.  Copyright (C) 2026 the memsnap authors.
   GPL-2.0-or-later; see the file COPYING.
*/

/* Implements msn_symbols.h: string, frame and key interning, and the
   per-address symbol cache.  It asks Valgrind's debug info for one code
   address at a time and never looks at allocations. */

#include "msn_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_deduppoolalloc.h"
#include "pub_tool_hashtable.h"
#include "msn_compat.h"
#include "msn_symbols.h"

static DedupPoolAlloc* strings;      // interned strings
static VgHashTable*    ip_cache;     // of IpNode
static VgHashTable*    frame_table;  // of FrameNode
static VgHashTable*    key_table;    // of KeyNode
static XArray*         keys_by_id;   // of MSN_Key*
static MSN_Frame*      the_unknown_frame;
static const HChar*    empty;        // the interned ""

/* The frames of one code address in one debug-info epoch. */
typedef
   struct _IpNode {
      struct _IpNode* next;
      Addr            ip;        // hash key
      DiEpoch         epoch;
      UInt            n_frames;
      MSN_Frame**     frames;    // innermost first
   }
   IpNode;

typedef
   struct _FrameNode {
      struct _FrameNode* next;
      UWord              hash;
      MSN_Frame          frame;
   }
   FrameNode;

typedef
   struct _KeyNode {
      struct _KeyNode* next;
      UWord            hash;
      MSN_Key          key;
   }
   KeyNode;

/*------------------------------------------------------------*/
/*--- Interning                                            ---*/
/*------------------------------------------------------------*/

static UWord mix(UWord h, UWord w)
{
   h ^= w + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
   return h;
}

/* The tables are made on first use, not at start-up: until the client's
   first snapshot they would only crowd Valgrind's core arena while it
   reads the debug info of the client's libraries (see design.md,
   "Start-up memory").  Everything here begins with a string to intern or
   an address to symbolize. */
static void make_tables(void)
{
   if (strings != NULL)
      return;
   strings     = VG_(newDedupPA)(16000, 1, VG_(malloc), "msn.symbols.strings",
                                 VG_(free));
   ip_cache    = VG_(HT_construct)("msn.symbols.ip_cache");
   frame_table = VG_(HT_construct)("msn.symbols.frames");
   key_table   = VG_(HT_construct)("msn.symbols.keys");
   keys_by_id  = VG_(newXA)(VG_(malloc), "msn.symbols.keys_by_id", VG_(free),
                            sizeof(MSN_Key*));
   empty       = VG_(allocEltDedupPA)(strings, 1, "");
}

const HChar* MSN_(intern)(const HChar* s)
{
   make_tables();
   return VG_(allocEltDedupPA)(strings, VG_(strlen)(s) + 1, s);
}

static Word cmp_frame_nodes(const void* a, const void* b)
{
   const MSN_Frame* x = &((const FrameNode*)a)->frame;
   const MSN_Frame* y = &((const FrameNode*)b)->frame;
   return !(x->fn == y->fn && x->file == y->file && x->dir == y->dir
            && x->obj == y->obj && x->line == y->line && x->addr == y->addr);
}

static Word cmp_key_nodes(const void* a, const void* b)
{
   const MSN_Key* x = &((const KeyNode*)a)->key;
   const MSN_Key* y = &((const KeyNode*)b)->key;
   if (x->kind != y->kind)
      return 1;
   if (x->kind == MSN_KEY_TRACEBACK) {
      if (x->n_frames != y->n_frames)
         return 1;
      for (UInt i = 0; i < x->n_frames; i++)
         if (x->line_keys[i] != y->line_keys[i])
            return 1;
      return 0;
   }
   return !(x->name == y->name && x->line == y->line
            && x->qualifier == y->qualifier);
}

/* Returns the interned copy of *proto (whose strings are interned). */
static MSN_Key* intern_key(const MSN_Key* proto)
{
   UWord h = mix(mix(mix(proto->kind, (UWord)proto->name), proto->line),
                 (UWord)proto->qualifier);
   for (UInt i = 0; i < proto->n_frames; i++)
      h = mix(h, (UWord)proto->line_keys[i]);

   KeyNode probe;
   probe.hash = h;
   probe.key  = *proto;
   KeyNode* node = VG_(HT_gen_lookup)(key_table, &probe, cmp_key_nodes);
   if (node)
      return &node->key;

   node         = VG_(malloc)("msn.symbols.key", sizeof *node);
   *node        = probe;
   node->key.id = (UInt)VG_(sizeXA)(keys_by_id);
   if (proto->n_frames > 0) {
      SizeT szB = proto->n_frames * sizeof(MSN_Key*);
      node->key.line_keys = VG_(malloc)("msn.symbols.tbkeys", szB);
      VG_(memcpy)(node->key.line_keys, proto->line_keys, szB);
   }
   VG_(HT_add_node)(key_table, node);
   MSN_Key* key = &node->key;
   VG_(addToXA)(keys_by_id, &key);
   return key;
}

static MSN_Key* simple_key(MSN_KeyKind kind, const HChar* name, UInt line,
                           const HChar* qualifier, Bool show_line)
{
   MSN_Key proto;
   VG_(memset)(&proto, 0, sizeof proto);
   proto.kind      = kind;
   proto.name      = MSN_(intern)(name);
   proto.line      = line;
   proto.qualifier = MSN_(intern)(qualifier);
   proto.show_line = show_line;
   return intern_key(&proto);
}

/*------------------------------------------------------------*/
/*--- A frame's keys (the rules of docs/file-format.md)    ---*/
/*------------------------------------------------------------*/

static const HChar* base_name(const HChar* path)
{
   const HChar* slash = VG_(strrchr)(path, '/');
   return slash ? slash + 1 : path;
}

/* The label of a frame without line information (docs/file-format.md):
   "fn (objbase)", "fn", "objbase+0xOFFSET", "0xADDR" or "<unknown>";
   into buf. */
static void no_line_label(const MSN_Frame* f, HChar* buf, SizeT bufsz)
{
   if (f->fn[0] && f->obj[0])
      VG_(snprintf)(buf, bufsz, "%s (%s)", f->fn, base_name(f->obj));
   else if (f->fn[0])
      VG_(snprintf)(buf, bufsz, "%s", f->fn);
   else if (f->obj[0])
      VG_(snprintf)(buf, bufsz, "%s+0x%llx", base_name(f->obj), f->offset);
   else if (f->addr != 0)
      VG_(snprintf)(buf, bufsz, "0x%lx", f->addr);
   else
      VG_(snprintf)(buf, bufsz, "<unknown>");
}

/* The no-line label of f, allocated; the caller frees it. */
static HChar* new_no_line_label(const MSN_Frame* f)
{
   SizeT  szB  = VG_(strlen)(f->fn) + VG_(strlen)(f->obj) + 40;
   HChar* name = VG_(malloc)("msn.symbols.label", szB);
   no_line_label(f, name, szB);
   return name;
}

/* The key of frame f of kind lineno (line > 0) or filename (line 0).  A
   frame without line information is keyed as line 0 of its no-line label
   by lineno and by filename alike, as tracemalloc keys a frame
   (filename, 0). */
static MSN_Key* file_key_of(const MSN_Frame* f, MSN_KeyKind kind, UInt line)
{
   if (f->line > 0)
      return simple_key(kind, f->file, line, f->dir, True);
   if (f->fn[0] == '\0' && f->obj[0] == '\0' && f->addr == 0)
      return simple_key(kind, "<unknown>", 0, "", True);
   HChar*   name = new_no_line_label(f);
   MSN_Key* key  = simple_key(kind, name, 0, f->obj, True);
   VG_(free)(name);
   return key;
}

static MSN_Key* lineno_key_of(const MSN_Frame* f)
{
   return file_key_of(f, MSN_KEY_LINENO, f->line);
}

static MSN_Key* filename_key_of(const MSN_Frame* f)
{
   return file_key_of(f, MSN_KEY_FILENAME, 0);
}

/* A named function is its name; an unnamed one is labelled as by its
   lineno key without line information, so that both keys name the same
   code the same way. */
static MSN_Key* function_key_of(const MSN_Frame* f)
{
   if (f->fn[0])
      return simple_key(MSN_KEY_FUNCTION, f->fn, 0, "", False);
   HChar*   name = new_no_line_label(f);
   MSN_Key* key  = simple_key(MSN_KEY_FUNCTION, name, 0, "", False);
   VG_(free)(name);
   return key;
}

MSN_Key* MSN_(frame_key)(const MSN_Frame* f, MSN_KeyKind kind)
{
   switch (kind) {
   case MSN_KEY_LINENO:   return f->key_lineno;
   case MSN_KEY_FILENAME: return f->key_filename;
   case MSN_KEY_FUNCTION: return f->key_function;
   default: tl_assert2(0, "frame_key: bad kind %d", (Int)kind);
   }
}

MSN_Key* MSN_(traceback_key)(UInt n, MSN_Frame** frames, UInt attributed)
{
   tl_assert(n >= 1 && attributed < n);
   MSN_Key* line_keys[n];
   for (UInt i = 0; i < n; i++)
      line_keys[i] = frames[i]->key_lineno;

   MSN_Key proto;
   VG_(memset)(&proto, 0, sizeof proto);
   proto.kind      = MSN_KEY_TRACEBACK;
   proto.name      = empty;
   proto.qualifier = empty;
   proto.n_frames  = n;
   proto.line_keys = line_keys;
   proto.frames    = frames;
   proto.label_key = frames[attributed]->key_lineno;
   return intern_key(&proto);
}

/*------------------------------------------------------------*/
/*--- Frames                                               ---*/
/*------------------------------------------------------------*/

Bool MSN_(fn_is_below_main)(const HChar* fn)
{
   /* Entry points Valgrind does not class as below main: the program's
      and a thread's (glibc's start_thread, called by clone or clone3). */
   static const HChar* const entry_points[] = {
      "_start", "__libc_start_call_main", "start_thread", "clone", "clone3",
      "__clone", "__clone3", "__GI___clone", "__GI___clone3",
      "(below main)",   // VG_(get_fnname)'s name for them all
   };
   if (VG_(get_fnname_kind)(fn) == Vg_FnNameBelowMain)
      return True;
   for (UInt i = 0; i < sizeof entry_points / sizeof entry_points[0]; i++)
      if (VG_STREQ(fn, entry_points[i]))
         return True;
   return False;
}

/* Interns a frame; the strings need not be interned. */
static MSN_Frame* intern_frame(const HChar* fn, const HChar* file,
                               const HChar* dir, const HChar* obj, UInt line,
                               Addr addr, ULong offset)
{
   FrameNode probe;
   VG_(memset)(&probe, 0, sizeof probe);
   MSN_Frame* f = &probe.frame;
   f->fn     = MSN_(intern)(fn);
   f->obj    = MSN_(intern)(obj);
   f->line   = line;
   f->file   = MSN_(intern)(line > 0 ? file : "");
   f->dir    = MSN_(intern)(line > 0 ? dir : "");
   f->addr   = addr;
   f->offset = obj[0] ? offset : 0;
   probe.hash = mix(mix(mix(mix(mix((UWord)f->fn, (UWord)f->file),
                                (UWord)f->dir), (UWord)f->obj), line), addr);

   FrameNode* node = VG_(HT_gen_lookup)(frame_table, &probe, cmp_frame_nodes);
   if (node)
      return &node->frame;
   node  = VG_(malloc)("msn.symbols.frame", sizeof *node);
   *node = probe;
   f     = &node->frame;
   f->is_main      = f->fn[0] && VG_(get_fnname_kind)(f->fn) == Vg_FnNameMain;
   f->is_below_main = f->fn[0] && MSN_(fn_is_below_main)(f->fn);
   f->key_lineno   = lineno_key_of(f);
   f->key_filename = filename_key_of(f);
   f->key_function = function_key_of(f);
   VG_(HT_add_node)(frame_table, node);
   return f;
}

MSN_Frame* MSN_(unknown_frame)(void)
{
   if (the_unknown_frame == NULL)
      the_unknown_frame = intern_frame("", "", "", "", 0, 0, 0);
   return the_unknown_frame;
}

UInt MSN_(n_keys)(void)
{
   return keys_by_id ? (UInt)VG_(sizeXA)(keys_by_id) : 0;
}

UInt MSN_(n_frames)(void)
{
   return frame_table ? VG_(HT_count_nodes)(frame_table) : 0;
}

/*------------------------------------------------------------*/
/*--- Reading the debug info of one address                ---*/
/*------------------------------------------------------------*/

/* The text between <tag> and </tag> in Valgrind's XML frame description,
   unescaped, into out (size outsz); "" when the tag is absent. */
static void xml_field(const HChar* xml, const HChar* tag,
                      HChar* out, SizeT outsz)
{
   HChar open[16], close[16];
   VG_(sprintf)(open, "<%s>", tag);
   VG_(sprintf)(close, "</%s>", tag);
   out[0] = '\0';
   const HChar* start = VG_(strstr)(xml, open);
   if (!start)
      return;
   start += VG_(strlen)(open);
   const HChar* end = VG_(strstr)(start, close);
   if (!end)
      return;

   SizeT n = 0;
   for (const HChar* p = start; p < end && n + 1 < outsz; n++) {
      if (VG_(strncmp)(p, "&amp;", 5) == 0)     { out[n] = '&'; p += 5; }
      else if (VG_(strncmp)(p, "&lt;", 4) == 0) { out[n] = '<'; p += 4; }
      else if (VG_(strncmp)(p, "&gt;", 4) == 0) { out[n] = '>'; p += 4; }
      else                                      { out[n] = *p++; }
   }
   out[n] = '\0';
}

/* The file name as Valgrind prints it: the directory part that
   --fullpath-after= selects, then the file name (see describe_IP). */
static void printed_file_name(const HChar* dir, const HChar* file,
                              HChar* out, SizeT outsz)
{
   const HChar* shown = NULL;
   if (dir[0] && VG_(sizeXA)(VG_(clo_fullpath_after)) > 0) {
      shown = dir;
      for (Word i = 0; i < VG_(sizeXA)(VG_(clo_fullpath_after)); i++) {
         const HChar* prefix =
            *(const HChar**)VG_(indexXA)(VG_(clo_fullpath_after), i);
         const HChar* hit = VG_(strstr)(dir, prefix);
         if (hit) {
            shown = hit + VG_(strlen)(prefix);
            break;
         }
      }
      if (shown[0] == '.' && shown[1] == '/')
         shown += 2;
   }
   if (shown && shown[0])
      VG_(snprintf)(out, outsz, "%s/%s", shown, file);
   else
      VG_(snprintf)(out, outsz, "%s", file);
}

/* Removes the "." steps of a path, and each "name/.." pair (a relative
   path's leading ".." steps stay), in place: "./string/../include" and
   "./elf/../include" both become "include".  The result is never longer
   than what has been read of path, so it is written over it. */
static void normalise_path(HChar* path)
{
   if (path[0] == '\0')
      return;
   Bool  absolute = path[0] == '/';
   SizeT base     = absolute ? 1 : 0;
   SizeT o        = base;
   UInt  n_steps  = 0, n_up = 0;   // kept steps; of them leading ".."
   for (const HChar* p = path; *p; ) {
      while (*p == '/')
         p++;
      const HChar* step = p;
      while (*p && *p != '/')
         p++;
      SizeT n  = p - step;
      Bool  up = n == 2 && step[0] == '.' && step[1] == '.';
      if (n == 0 || (n == 1 && step[0] == '.') || (up && absolute
                                                    && n_steps == 0))
         continue;
      if (up && n_steps > n_up) {       // "name/..": drop the kept name
         while (o > base && path[o - 1] != '/')
            o--;
         if (o > base)
            o--;
         n_steps--;
         continue;
      }
      n_up += up;
      n_steps++;
      if (o > base)
         path[o++] = '/';
      VG_(memmove)(path + o, step, n);
      o += n;
   }
   if (o == 0)
      path[o++] = '.';
   path[o] = '\0';
}

/* The offset of code address ip in the file mapped there (0 if none): the
   same in every run, wherever the object is loaded. */
static ULong file_offset(Addr ip)
{
   NSegment const* seg = VG_(am_find_nsegment)(ip);
   if (seg == NULL || seg->kind != SkFileC)
      return 0;
   return (ULong)(ip - seg->start) + (ULong)seg->offset;
}

/* Room for the six text fields of one frame, grown as needed: each
   field is a part of describe_IP's text, so that text's length is enough
   for any of them, and names are kept whole (a C++ template instance can
   take thousands of characters; two that shared their first 4,095 would
   otherwise become one key). */
static HChar* field_buffers;
static SizeT  field_szB;

/* The frame for one inlining level of ip (iipc NULL: no inline info). */
static MSN_Frame* frame_at(DiEpoch ep, Addr ip, const InlIPCursor* iipc)
{
   /* describe_IP is the only 3.19 interface that reports the function,
      file and line of each inlined level; its XML form is unambiguous. */
   Bool saved_xml = VG_(clo_xml);
   VG_(clo_xml)   = True;
   const HChar* xml = VG_(describe_IP)(ep, ip, iipc);
   VG_(clo_xml)   = saved_xml;

   SizeT need = VG_(strlen)(xml) + 2;   // "dir/file" is shorter than xml
   if (need > field_szB) {
      field_szB     = VG_MAX(need, (SizeT)4096);
      field_buffers = VG_(realloc)("msn.symbols.fields", field_buffers,
                                   6 * field_szB);
   }
   HChar *fn = field_buffers, *file = fn + field_szB, *dir = file + field_szB,
         *obj = dir + field_szB, *line = obj + field_szB,
         *shown = line + field_szB;
   xml_field(xml, "fn", fn, field_szB);
   xml_field(xml, "file", file, field_szB);
   xml_field(xml, "dir", dir, field_szB);
   xml_field(xml, "obj", obj, field_szB);
   xml_field(xml, "line", line, field_szB);

   UInt line_no = file[0] ? (UInt)VG_(strtoull10)(line, NULL) : 0;
   normalise_path(dir);
   printed_file_name(dir, file, shown, field_szB);
   return intern_frame(fn, shown, dir, obj, line_no, ip, file_offset(ip));
}

static Word cmp_ip_nodes(const void* a, const void* b)
{
   return ((const IpNode*)a)->epoch.n != ((const IpNode*)b)->epoch.n;
}

static IpNode* symbolize_ip(DiEpoch ep, Addr ip)
{
   XArray* frames = VG_(newXA)(VG_(malloc), "msn.symbols.ipframes",
                               VG_(free), sizeof(MSN_Frame*));
   InlIPCursor* iipc = VG_(new_IIPC)(ep, ip);
   do {
      MSN_Frame* f = frame_at(ep, ip, iipc);
      VG_(addToXA)(frames, &f);
   } while (VG_(next_IIPC)(iipc));
   VG_(delete_IIPC)(iipc);

   IpNode* node   = VG_(malloc)("msn.symbols.ip", sizeof *node);
   node->ip       = ip;
   node->epoch    = ep;
   node->n_frames = (UInt)VG_(sizeXA)(frames);
   node->frames   = VG_(malloc)("msn.symbols.ipframes",
                                node->n_frames * sizeof(MSN_Frame*));
   for (UInt i = 0; i < node->n_frames; i++)
      node->frames[i] = *(MSN_Frame**)VG_(indexXA)(frames, i);
   VG_(deleteXA)(frames);
   VG_(HT_add_node)(ip_cache, node);
   return node;
}

void MSN_(append_frames_of_ip)(DiEpoch ep, Addr ip, XArray* frames)
{
   make_tables();
   IpNode probe;
   probe.ip     = ip;
   probe.epoch  = ep;
   IpNode* node = VG_(HT_gen_lookup)(ip_cache, &probe, cmp_ip_nodes);
   if (!node)
      node = symbolize_ip(ep, ip);
   for (UInt i = 0; i < node->n_frames; i++)
      VG_(addToXA)(frames, &node->frames[i]);
}

/*------------------------------------------------------------*/
/*--- Ordering and printing keys                           ---*/
/*------------------------------------------------------------*/

static Int compare_simple_keys(const MSN_Key* a, const MSN_Key* b)
{
   Int c = VG_(strcmp)(a->name, b->name);
   if (c != 0)
      return c;
   if (a->line != b->line)
      return a->line < b->line ? -1 : 1;
   return VG_(strcmp)(a->qualifier, b->qualifier);
}

Int MSN_(compare_keys)(const MSN_Key* a, const MSN_Key* b)
{
   if (a == b)
      return 0;
   if (a->kind != MSN_KEY_TRACEBACK)
      return compare_simple_keys(a, b);

   /* tracemalloc compares tracebacks oldest frame first, as tuples. */
   UInt i = a->n_frames, j = b->n_frames;
   while (i > 0 && j > 0) {
      Int c = compare_simple_keys(a->line_keys[--i], b->line_keys[--j]);
      if (c != 0)
         return c;
   }
   return i == j ? 0 : (i == 0 ? -1 : 1);
}

void MSN_(key_label)(const MSN_Key* k, HChar* buf, SizeT bufsz)
{
   if (k->kind == MSN_KEY_TRACEBACK)
      k = k->label_key;
   if (k->show_line)
      VG_(snprintf)(buf, bufsz, "%s:%u", k->name, k->line);
   else
      VG_(snprintf)(buf, bufsz, "%s", k->name);
}

void MSN_(frame_text)(const MSN_Frame* f, HChar* buf, SizeT bufsz)
{
   const HChar* fn = f->fn[0] ? f->fn : "???";
   HChar addr[24] = "";
   if (f->addr != 0)
      VG_(snprintf)(addr, sizeof addr, "0x%lX: ", f->addr);
   if (f->line > 0)
      VG_(snprintf)(buf, bufsz, "%s%s (%s:%u)", addr, fn, f->file, f->line);
   else if (f->obj[0])
      VG_(snprintf)(buf, bufsz, "%s%s (in %s)", addr, fn, f->obj);
   else
      VG_(snprintf)(buf, bufsz, "%s%s", addr, fn);
}

/*------------------------------------------------------------*/
/*--- Key words                                            ---*/
/*------------------------------------------------------------*/

/* The key words, as users write them. */
static const struct { const HChar* name; MSN_KeyKind kind; } key_kinds[] = {
   { "lineno",   MSN_KEY_LINENO   }, { "filename",  MSN_KEY_FILENAME  },
   { "function", MSN_KEY_FUNCTION }, { "traceback", MSN_KEY_TRACEBACK },
};
#define N_KEY_KINDS (sizeof key_kinds / sizeof key_kinds[0])

/* The entry of key_kinds whose name is text's first len characters, or
   N_KEY_KINDS. */
static UInt key_kind_index(const HChar* text, SizeT len)
{
   UInt i = 0;
   while (i < N_KEY_KINDS
          && !(VG_(strlen)(key_kinds[i].name) == len
               && VG_(strncmp)(key_kinds[i].name, text, len) == 0))
      i++;
   return i;
}

Bool MSN_(names_key)(const HChar* text)
{
   const HChar* comma = VG_(strchr)(text, ',');
   SizeT len = comma ? (SizeT)(comma - text) : VG_(strlen)(text);
   return key_kind_index(text, len) < N_KEY_KINDS;
}

/* The measure words; live is the default and is not written. */
static const struct { const HChar* name; MSN_Measure measure; } measures[] = {
   { "allocated", MSN_MEASURE_ALLOCATED }, { "temporary", MSN_MEASURE_TEMPORARY },
};
#define N_MEASURES (sizeof measures / sizeof measures[0])

#define UNKNOWN_KEY "unknown key (use lineno, filename, function or " \
   "traceback, optionally followed by ,cumulative and by ,allocated or " \
   ",temporary)"

/* Reads one modifier of a key, the len characters at word, into g. */
static const HChar* parse_modifier(const HChar* word, SizeT len,
                                   MSN_Grouping* g)
{
   if (len == 10 && VG_(strncmp)(word, "cumulative", len) == 0) {
      if (g->cumulative)
         return "',cumulative' is given twice";
      g->cumulative = True;
      return NULL;
   }
   for (UInt m = 0; m < N_MEASURES; m++) {
      if (VG_(strlen)(measures[m].name) != len
          || VG_(strncmp)(word, measures[m].name, len) != 0)
         continue;
      if (g->measure != MSN_MEASURE_LIVE)
         return "give at most one of ',allocated' and ',temporary'";
      g->measure = measures[m].measure;
      return NULL;
   }
   return UNKNOWN_KEY;
}

const HChar* MSN_(parse_grouping)(const HChar* text, /*OUT*/MSN_Grouping* g)
{
   const HChar* comma = VG_(strchr)(text, ',');
   SizeT len = comma ? (SizeT)(comma - text) : VG_(strlen)(text);
   UInt  i   = key_kind_index(text, len);
   MSN_Grouping parsed = { 0, False, MSN_MEASURE_LIVE };
   if (i == N_KEY_KINDS)
      return UNKNOWN_KEY;
   parsed.kind = key_kinds[i].kind;
   while (comma) {
      const HChar* word = comma + 1;
      comma = VG_(strchr)(word, ',');
      len   = comma ? (SizeT)(comma - word) : VG_(strlen)(word);
      const HChar* why = parse_modifier(word, len, &parsed);
      if (why)
         return why;
   }
   if (parsed.cumulative && parsed.kind == MSN_KEY_TRACEBACK)
      return "cumulative mode cannot be used with key type 'traceback'";
   *g = parsed;
   return NULL;
}

void MSN_(grouping_text)(MSN_Grouping g, HChar* buf)
{
   UInt i = 0, m = 0;
   while (i < N_KEY_KINDS && key_kinds[i].kind != g.kind)
      i++;
   tl_assert(i < N_KEY_KINDS);
   while (m < N_MEASURES && measures[m].measure != g.measure)
      m++;
   VG_(sprintf)(buf, "%s%s%s%s", key_kinds[i].name,
                g.cumulative ? ",cumulative" : "", m < N_MEASURES ? "," : "",
                m < N_MEASURES ? measures[m].name : "");
}

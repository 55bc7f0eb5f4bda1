## memsnap/local.mk: the Valgrind tool memsnap-<arch>-<os> and its malloc
## preload vgpreload_memsnap-<arch>-<os>.so, built as Valgrind builds its own
## tools (Makefile.all.am, Makefile.tool.am of 3.19), and the in-place
## directory used by ./vg-in-place.  Included from the top Makefile.am.

# Both files go into Valgrind's tool directory (configure: VG_TOOLDIR), the
# only place the launcher looks, whatever memsnap's --prefix is.
valgrindtooldir = $(VG_TOOLDIR)
valgrindtool_PROGRAMS = \
	memsnap-@VG_ARCH@-@VG_OS@ \
	vgpreload_memsnap-@VG_ARCH@-@VG_OS@.so
if MSN_HAVE_SECONDARY
valgrindtool_PROGRAMS += \
	memsnap-@VG_SEC_ARCH@-@VG_OS@ \
	vgpreload_memsnap-@VG_SEC_ARCH@-@VG_OS@.so
endif

# The public client-request header, as <valgrind/memsnap.h>.
valgrindincludedir = $(includedir)/valgrind
valgrindinclude_HEADERS = %D%/memsnap.h

MSN_TOOL_SOURCES = \
	%D%/msn_main.c \
	%D%/msn_options.c \
	%D%/msn_heap.c \
	%D%/msn_attrib.c \
	%D%/msn_blocks.c \
	%D%/msn_slabs.c \
	%D%/msn_copy.c \
	%D%/msn_sites.c \
	%D%/msn_unwind.c \
	%D%/msn_symbols.c \
	%D%/msn_snapshot.c \
	%D%/msn_delta.c \
	%D%/msn_peak.c \
	%D%/msn_timeline.c \
	%D%/msn_auto.c \
	%D%/msn_stats.c \
	%D%/msn_format.c \
	%D%/msn_hints.c \
	%D%/msn_output.c \
	%D%/msn_outname.c \
	%D%/msn_clreq.c \
	%D%/msn_clmem.c \
	%D%/msn_monitor.c \
	%D%/msn_xtree.c

noinst_HEADERS += \
	%D%/msn_basics.h \
	%D%/msn_compat.h \
	%D%/msn_options.h \
	%D%/msn_attrib.h \
	%D%/msn_hints.h \
	%D%/msn_heap.h \
	%D%/msn_blocks.h \
	%D%/msn_slabs.h \
	%D%/msn_copy.h \
	%D%/msn_sites.h \
	%D%/msn_unwind.h \
	%D%/msn_symbols.h \
	%D%/msn_snapshot.h \
	%D%/msn_delta.h \
	%D%/msn_peak.h \
	%D%/msn_timeline.h \
	%D%/msn_auto.h \
	%D%/msn_stats.h \
	%D%/msn_format.h \
	%D%/msn_output.h \
	%D%/msn_outname.h \
	%D%/msn_clreq.h \
	%D%/msn_xtree.h \
	%D%/msn_clmem.h \
	%D%/msn_monitor.h

# `make check' also checks that memsnap's own C is ISO C99: every file
# compiles without a warning under -std=c99 -Wpedantic, with Valgrind's
# headers (GNU C) as system headers, whichever Valgrind configure chose.
# The GNU extensions memsnap uses on purpose (docs/design.md,
# "Conventions") are attributes and builtins, which -Wpedantic accepts.
MSN_C99_FLAGS = -std=c99 -Wpedantic -Werror -fsyntax-only \
	$(subst -I,-isystem ,$(VALGRIND_CFLAGS)) -I$(srcdir)/%D% \
	-DVGA_@VG_ARCH@=1 -DVGO_@VG_OS@=1 -DVGP_@VG_ARCH@_@VG_OS@=1 \
	-DVGPV_@VG_ARCH@_@VG_OS@_vanilla=1
check-local: check-c99
check-c99:
	@for f in $(filter %.c,$(MSN_TOOL_SOURCES)); do \
	   $(CC) $(MSN_C99_FLAGS) $(srcdir)/$$f || { \
	      echo "$$f is not ISO C99 (above): see docs/hacking.md, \"Style\"" >&2; \
	      exit 1; }; \
	done
	@echo "check-c99: memsnap/msn_*.c are ISO C99 (-std=c99 -Wpedantic)"
.PHONY: check-c99

# Compiler flags of Valgrind's tools (Makefile.all.am), without -m64/-m32.
MSN_TOOL_CFLAGS_COMMON = -std=gnu99 -O2 -g $(MSN_TOOL_WARN_CFLAGS) \
	-finline-functions -fno-stack-protector -fno-strict-aliasing \
	-fno-builtin -fomit-frame-pointer
MSN_TOOL_LDFLAGS_COMMON = -static -nodefaultlibs -nostartfiles -u _start \
	-Wl,-Ttext-segment=@VG_LOAD_ADDR@
MSN_PRELOAD_CFLAGS_COMMON = -O -g -fno-omit-frame-pointer \
	-fno-strict-aliasing -fpic -fno-builtin -fno-ipa-icf
MSN_PRELOAD_LDFLAGS_COMMON = -nodefaultlibs -shared \
	-Wl,-z,interpose,-z,initfirst

# --- Primary platform (amd64-linux on amd64) --------------------------------

memsnap_@VG_ARCH@_@VG_OS@_SOURCES  = $(MSN_TOOL_SOURCES)
memsnap_@VG_ARCH@_@VG_OS@_CPPFLAGS = $(VALGRIND_CFLAGS) -I$(srcdir)/%D% \
	-DVGA_@VG_ARCH@=1 -DVGO_@VG_OS@=1 -DVGP_@VG_ARCH@_@VG_OS@=1 \
	-DVGPV_@VG_ARCH@_@VG_OS@_vanilla=1
memsnap_@VG_ARCH@_@VG_OS@_CFLAGS   = $(MSN_PRI_ARCH_CFLAGS) $(MSN_TOOL_CFLAGS_COMMON)
memsnap_@VG_ARCH@_@VG_OS@_LDFLAGS  = $(MSN_PRI_ARCH_CFLAGS) $(MSN_TOOL_LDFLAGS_COMMON)
# Link order as Valgrind's: core, VEX, libgcc, then libgcc-sup.
memsnap_@VG_ARCH@_@VG_OS@_LDADD    = \
	@VG_LIBDIR@/libcoregrind-@VG_PLATFORM@.a \
	@VG_LIBDIR@/libvex-@VG_PLATFORM@.a \
	-lgcc \
	@VG_LIBDIR@/libgcc-sup-@VG_PLATFORM@.a

# The preload is Valgrind's malloc-replacement archive made into a shared
# object; it has no sources of its own.
vgpreload_memsnap_@VG_ARCH@_@VG_OS@_so_SOURCES =
vgpreload_memsnap_@VG_ARCH@_@VG_OS@_so_CFLAGS  = $(MSN_PRI_ARCH_CFLAGS) $(MSN_PRELOAD_CFLAGS_COMMON)
vgpreload_memsnap_@VG_ARCH@_@VG_OS@_so_LDFLAGS = $(MSN_PRI_ARCH_CFLAGS) $(MSN_PRELOAD_LDFLAGS_COMMON) \
	-Wl,--whole-archive @VG_LIBDIR@/libreplacemalloc_toolpreload-@VG_PLATFORM@.a \
	-Wl,--no-whole-archive

# --- Secondary platform (x86-linux on amd64), if configure found -m32 -------

if MSN_HAVE_SECONDARY
memsnap_@VG_SEC_ARCH@_@VG_OS@_SOURCES  = $(MSN_TOOL_SOURCES)
memsnap_@VG_SEC_ARCH@_@VG_OS@_CPPFLAGS = $(VALGRIND_CFLAGS) -I$(srcdir)/%D% \
	-DVGA_@VG_SEC_ARCH@=1 -DVGO_@VG_OS@=1 -DVGP_@VG_SEC_ARCH@_@VG_OS@=1 \
	-DVGPV_@VG_SEC_ARCH@_@VG_OS@_vanilla=1
memsnap_@VG_SEC_ARCH@_@VG_OS@_CFLAGS   = -m32 -mpreferred-stack-boundary=2 $(MSN_TOOL_CFLAGS_COMMON)
memsnap_@VG_SEC_ARCH@_@VG_OS@_LDFLAGS  = -m32 $(MSN_TOOL_LDFLAGS_COMMON)
memsnap_@VG_SEC_ARCH@_@VG_OS@_LDADD    = \
	@VG_LIBDIR@/libcoregrind-@VG_SEC_ARCH@-@VG_OS@.a \
	@VG_LIBDIR@/libvex-@VG_SEC_ARCH@-@VG_OS@.a \
	-lgcc \
	@VG_LIBDIR@/libgcc-sup-@VG_SEC_ARCH@-@VG_OS@.a

vgpreload_memsnap_@VG_SEC_ARCH@_@VG_OS@_so_SOURCES =
vgpreload_memsnap_@VG_SEC_ARCH@_@VG_OS@_so_CFLAGS  = -m32 $(MSN_PRELOAD_CFLAGS_COMMON)
vgpreload_memsnap_@VG_SEC_ARCH@_@VG_OS@_so_LDFLAGS = -m32 $(MSN_PRELOAD_LDFLAGS_COMMON) \
	-Wl,--whole-archive @VG_LIBDIR@/libreplacemalloc_toolpreload-@VG_SEC_ARCH@-@VG_OS@.a \
	-Wl,--no-whole-archive
endif

# --- Flags given to make ----------------------------------------------------
# Automake puts the user's CFLAGS and LDFLAGS after the per-target ones, so
# `make CFLAGS="-O2 -fstack-protector-strong"' (dpkg-buildflags) would win
# over -fno-stack-protector and the link would fail on __stack_chk_fail.
# configure already strips such flags from its own CFLAGS/LDFLAGS; these
# target-specific overrides strip them from flags given to make as well.
MSN_TOOL_BAD_FLAGS = -fstack-protector% -fsanitize% -pg --coverage \
	-fprofile-% -ftest-coverage -flto% -pie -fpie -fPIE -static-pie
MSN_TOOL_TARGETS = $(valgrindtool_PROGRAMS) \
	$(memsnap_@VG_ARCH@_@VG_OS@_OBJECTS) \
	$(memsnap_@VG_SEC_ARCH@_@VG_OS@_OBJECTS)
$(MSN_TOOL_TARGETS): override CFLAGS := $(filter-out $(MSN_TOOL_BAD_FLAGS),$(CFLAGS))
$(MSN_TOOL_TARGETS): override LDFLAGS := $(filter-out $(MSN_TOOL_BAD_FLAGS),$(LDFLAGS))

# --- In-place directory for ./vg-in-place ----------------------------------
# Valgrind takes everything (tools, vgpreload_core, default.supp, gdbserver
# xml files) from one directory, $VALGRIND_LIB.  .in_place holds a symlink to
# every file of Valgrind's tool directory, then memsnap's own files over them.
all-local: .in_place/stamp

.in_place/stamp: $(valgrindtool_PROGRAMS) Makefile
	$(AM_V_GEN)rm -rf .in_place && $(MKDIR_P) .in_place && \
	for f in '$(VG_LIBEXECDIR)'/*; do \
	   ln -s "$$f" .in_place/ || exit 1; \
	done && \
	for f in $(valgrindtool_PROGRAMS); do \
	   rm -f ".in_place/$$f" && ln -s "../$$f" ".in_place/$$f" || exit 1; \
	done && \
	touch $@

# <valgrind/memsnap.h> for client programs built in this tree (-I include).
include/valgrind/memsnap.h: $(srcdir)/%D%/memsnap.h
	$(AM_V_GEN)$(MKDIR_P) include/valgrind && rm -f $@ && \
	cp $(srcdir)/%D%/memsnap.h $@
BUILT_SOURCES += include/valgrind/memsnap.h
CLEANFILES += include/valgrind/memsnap.h

clean-local: clean-local-memsnap
clean-local-memsnap:
	rm -rf .in_place
	-rmdir include/valgrind include 2>/dev/null
.PHONY: clean-local-memsnap

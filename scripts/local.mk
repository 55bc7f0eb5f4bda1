## scripts/local.mk: memsnap_print, the report script, its exporters and its
## man page.
##   scripts/memsnap_print     made from scripts/memsnap_print.in by make
##                             (not configure: it names the installed
##                             directory of its modules, which
##                             `make prefix=...' may change), @PERL@,
##                             @VERSION@, @perllibdir@ and @MSN_PKGDATADIR@
##                             filled in
##   scripts/MemsnapExport/*.pm  the exporters of --format, one module per
##                             format, installed in $(perllibdir); a VPATH
##                             build copies them beside the built script,
##                             where it looks first
##   scripts/MemsnapRuns.pm    --compare of snapshots of two files, and
##                             the FILE:SNAPSHOT selectors; installed in
##                             $(perllibdir), copied beside the built
##                             script in a VPATH build, as the exporters
##   scripts/MemsnapGrowth.pm  --growth (and the HTML report's Growth tab),
##                             likewise
##   scripts/MemsnapCheck.pm   --check=RULE: the budgets, their grammar and
##                             their report; likewise
##   scripts/memsnap_print.1   made from the script's POD by pod2man; not
##                             installed when configure found no pod2man
##                             (`memsnap_print --man' shows the same text)

bin_SCRIPTS += %D%/memsnap_print
EXTRA_DIST  += %D%/memsnap_print.in
CLEANFILES  += %D%/memsnap_print %D%/memsnap_print.tmp

perllibdir = $(pkgdatadir)/perl5
msn_exportdir = $(perllibdir)/MemsnapExport
MSN_EXPORT_MODULES = \
	%D%/MemsnapExport/Callgrind.pm \
	%D%/MemsnapExport/Common.pm \
	%D%/MemsnapExport/Json.pm \
	%D%/MemsnapExport/Massif.pm \
	%D%/MemsnapExport/Pprof.pm \
	%D%/MemsnapExport/Speedscope.pm
dist_msn_export_DATA = $(MSN_EXPORT_MODULES)
MSN_PRINT_MODULES = \
	%D%/MemsnapGrowth.pm \
	%D%/MemsnapCheck.pm \
	%D%/MemsnapRuns.pm
dist_perllib_DATA = $(MSN_PRINT_MODULES)
CLEANFILES += $(if $(filter .,$(srcdir)),,$(MSN_PRINT_MODULES))

%D%/memsnap_print: $(srcdir)/%D%/memsnap_print.in Makefile
	$(AM_V_GEN)$(MKDIR_P) %D% && \
	sed -e 's|@PERL[@]|$(PERL)|g' -e 's|@VERSION[@]|$(VERSION)|g' \
	    -e 's|@perllibdir[@]|$(perllibdir)|g' -e 's|@MSN_PKGDATADIR[@]|$(pkgdatadir)|g' \
	    $(srcdir)/%D%/memsnap_print.in > $@.tmp && \
	chmod +x $@.tmp && mv -f $@.tmp $@

# The modules beside the built script (in a build in the source tree they
# are there already).
noinst_DATA += %D%/MemsnapExport/.built
CLEANFILES  += %D%/MemsnapExport/.built
%D%/MemsnapExport/.built: $(MSN_EXPORT_MODULES:%=$(srcdir)/%) $(MSN_PRINT_MODULES:%=$(srcdir)/%)
	$(AM_V_GEN)$(MKDIR_P) %D%/MemsnapExport && \
	if test '$(srcdir)' != .; then cp -f $(MSN_EXPORT_MODULES:%=$(srcdir)/%) %D%/MemsnapExport/ && \
	  cp -f $(MSN_PRINT_MODULES:%=$(srcdir)/%) %D%/; fi && \
	touch $@

if MSN_HAVE_POD2MAN
man1_MANS   += %D%/memsnap_print.1
endif
CLEANFILES  += %D%/memsnap_print.1 %D%/memsnap_print.1.tmp

%D%/memsnap_print.1: $(srcdir)/%D%/memsnap_print.in
	$(AM_V_GEN)$(MKDIR_P) %D% && \
	$(POD2MAN) --section=1 --name=MEMSNAP_PRINT --center=memsnap \
	  --release='memsnap $(VERSION)' $(srcdir)/%D%/memsnap_print.in > $@.tmp && \
	mv -f $@.tmp $@

## memsnap_print --html: the writer of the page and its template
## (their overview is at the top of MemsnapHtml.pm), installed to
## $(pkgdatadir).  memsnap_print looks for them first in the directory
## `html' next to itself, so the build tree gets a copy of them when it is
## not the source tree.
MSN_HTML_FILES = %D%/html/MemsnapHtml.pm %D%/html/report.html \
                 %D%/html/report.css %D%/html/report.js
pkgdata_DATA  += $(MSN_HTML_FILES)
EXTRA_DIST    += $(MSN_HTML_FILES)
BUILT_SOURCES += %D%/html/copied.stamp
CLEANFILES    += %D%/html/copied.stamp \
                 $(if $(filter .,$(srcdir)),,$(MSN_HTML_FILES))

%D%/html/copied.stamp: $(addprefix $(srcdir)/,$(MSN_HTML_FILES))
	$(AM_V_GEN)$(MKDIR_P) %D%/html && \
	if test '$(srcdir)' != .; then cp -f $^ %D%/html/; fi && \
	touch $@

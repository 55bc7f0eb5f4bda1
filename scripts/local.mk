## scripts/local.mk: memsnap_print, the report script, and its man page.
##   scripts/memsnap_print     made by configure from scripts/memsnap_print.in
##                             (AC_CONFIG_FILES fills in @PERL@ and @VERSION@)
##   scripts/memsnap_print.1   made from the script's POD by pod2man; not
##                             installed when configure found no pod2man
##                             (`memsnap_print --man' shows the same text)

bin_SCRIPTS += %D%/memsnap_print
EXTRA_DIST  += %D%/memsnap_print.in

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

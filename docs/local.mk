## docs/local.mk: the documentation (Markdown) is distributed as it is.
## Every docs/*.md is picked up; the man page of memsnap_print is built from
## its POD by scripts/local.mk.

EXTRA_DIST += $(sort $(wildcard $(srcdir)/%D%/*.md))

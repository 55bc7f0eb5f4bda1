#!/bin/sh
# Generates configure, Makefile.in and build-aux/ (including tap-driver.sh)
# from configure.ac and the Makefile.am / local.mk fragments.  Needs autoconf,
# automake and pkgconf (for pkg.m4).  Then: ./configure && make.
set -e
cd "$(dirname "$0")"
autoreconf --force --install --verbose "$@"

#--------------------------------------------------------------------
#--- memsnap: what the exporters share.                 Common.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# The exporters of `memsnap_print --format' (MemsnapExport::*) each turn
# the model that memsnap_print's export_model() builds into another tool's
# file.  This module names frames the same way for all of them:
#   frame     a frame of the file, { line, fn, file, dir, obj, addr,
#             offset } (see docs/file-format.md; addr and offset undef
#             before format version 4); a path's frames are frame ids, the
#             attributed frame first, then its callers;
#   function  what a frame is shown as in a call tree: its function name,
#             when only the object is known "OBJBASE+0xOFFSET" (the
#             statistics' label) or, before version 4, "??? (OBJBASE)";
#             "???" when nothing is known;
#   path      a stack of the exported snapshot from its attributed frame
#             on, with its figures: live bytes and blocks, and with the
#             churn (the model's churn) alloc_bytes, alloc_blocks,
#             temp_bytes, temp_blocks; in a compare, the old snapshot's
#             figures too, old_bytes, old_blocks...;
#   source    the frame's source file, with the directory of the debug
#             info when the file name has none, so that a viewer can open
#             it; '' without line information.
package MemsnapExport::Common;

use strict;
use warnings;
use Exporter qw(import);

our @EXPORT_OK = qw(frame function_name source_file object_file location_text
                    snapshot_title model_title old_path);

# Frame id $fid of the model's profile, as a hash.
sub frame {
    my ($model, $fid) = @_;
    my ($line, $fn, $file, $dir, $obj, $addr, $offset) = @{ $model->{profile}{frames}[$fid] };
    return { id => $fid, line => $line, fn => $fn, file => $file, dir => $dir, obj => $obj,
             addr => $addr, offset => $offset };
}

sub function_name {
    my ($f) = @_;
    return $f->{fn} if $f->{fn} ne '';
    return '???' if $f->{obj} eq '';
    my $objbase = $f->{obj} =~ s{\A.*/}{}sr;
    return defined $f->{addr} ? sprintf('%s+0x%x', $objbase, $f->{offset}) : "??? ($objbase)";
}

sub source_file {
    my ($f) = @_;
    return '' unless $f->{line} > 0;
    return $f->{file} if $f->{file} =~ m{\A/} || $f->{dir} eq '';
    return "$f->{dir}/$f->{file}";
}

sub object_file {
    my ($f) = @_;
    return $f->{obj};
}

# "FN (FILE:LINE)", "FN (in OBJ)" or "FN", as memsnap prints a frame.
sub location_text {
    my ($f) = @_;
    my $fn = $f->{fn} eq '' ? '???' : $f->{fn};
    return "$fn ($f->{file}:$f->{line})" if $f->{line} > 0;
    return $f->{obj} ne '' ? "$fn (in $f->{obj})" : $fn;
}

# Path $p of a compare as a path of the old snapshot: its old_ figures
# in place of the new ones.
sub old_path {
    my ($p) = @_;
    return { %$p, map { /\Aold_(.*)\z/s ? ($1 => $p->{$_}) : () } keys %$p };
}

# "#3 'peak'".
sub snapshot_title {
    my ($s) = @_;
    return "#$s->{id} '$s->{name}'";
}

# What the model shows, in words: "snapshot #3 'peak' of FILE",
# "snapshot #4 'exit' compared to #3 'peak' of FILE", "the run of FILE";
# of two runs, "snapshot #4 'exit' of NEW compared to #4 'exit' of OLD".
sub model_title {
    my ($model) = @_;
    my $file = $model->{profile}{path};
    return "snapshot " . snapshot_title($model->{new}) . " of $model->{new}{file} compared to "
         . snapshot_title($model->{old}) . " of $model->{old}{file}"
        if $model->{kind} eq 'compare' && $model->{profile}{runs};
    return "snapshot " . snapshot_title($model->{snap}) . " of $file" if $model->{kind} eq 'snapshot';
    return "snapshot " . snapshot_title($model->{new}) . " compared to "
         . snapshot_title($model->{old}) . " of $file" if $model->{kind} eq 'compare';
    return "the run of $file";
}

1;

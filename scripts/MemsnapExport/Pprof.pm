#--------------------------------------------------------------------
#--- memsnap: the pprof exporter.                        Pprof.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --format=pprof': a snapshot as a pprof heap profile, the
# protocol buffer `perftools.profiles.Profile' (pprof's profile.proto),
# gzip-compressed, as `pprof' (-top, -http, -diff_base) reads it.
#   sample type  what each sample's values are, in this order, Go's heap
#               profiles' sample types and order: alloc_objects/count
#               and alloc_space/bytes (the blocks and bytes allocated
#               since the start of the run or the last clear_traces),
#               inuse_objects/count and inuse_space/bytes (the live
#               blocks and bytes), then temp_objects/count and
#               temp_space/bytes (the allocations freed while temporary);
#               a file before format version 5 has no allocations: the
#               inuse types alone.  The default sample type is
#               inuse_space, or by --measure alloc_space or temp_space;
#               `pprof -sample_index=alloc_space' chooses another;
#   sample      one per path (the attributed frame and its callers) with
#               live blocks or allocations: its location ids leaf first,
#               and its values (a path whose blocks were all freed has
#               inuse values 0);
#   location    one per frame, id = the frame's id, with one line
#               (function, line number); no mappings (the frames are
#               symbolized already);
#   function    one per (name, file): name as in the other exports, file
#               the source file, or the object without line information.
# A compare is two profiles, the old snapshot and the new, which
# `pprof -diff_base=OLD NEW' subtracts: by alloc_space, the allocations
# made between the two (when no clear_traces was called in between).
#
# The encoding is written here, without a protobuf library: a varint is 7
# bits per byte, least significant first, the high bit set on all but the
# last (Perl's pack "w" is most significant first: not the same); a field
# is its key (number << 3 | wire type: 0 varint, 2 length-delimited) and
# its value.  Repeated numbers are written unpacked, which every proto3
# reader accepts.
package MemsnapExport::Pprof;

use strict;
use warnings;
use IO::Compress::Gzip qw(gzip $GzipError);
use MemsnapExport::Common qw(frame function_name source_file model_title snapshot_title old_path);

# The sample types: [type, unit, the path's figure], in Go's order, and
# those of the measures.
use constant CHURN_TYPES => (['alloc_objects', 'count', 'alloc_blocks'], ['alloc_space', 'bytes', 'alloc_bytes'],
                             ['inuse_objects', 'count', 'blocks'], ['inuse_space', 'bytes', 'bytes'],
                             ['temp_objects', 'count', 'temp_blocks'], ['temp_space', 'bytes', 'temp_bytes']);
use constant LIVE_TYPES => (['inuse_objects', 'count', 'blocks'], ['inuse_space', 'bytes', 'bytes']);
use constant DEFAULT_TYPE => { live => 'inuse_space', allocated => 'alloc_space', temporary => 'temp_space' };

sub export {
    my ($model) = @_;
    if ($model->{kind} eq 'compare') {
        my @old = map { old_path($_) } @{ $model->{paths} };
        return (['old', profile($model, $model->{old}, \@old)],
                ['new', profile($model, $model->{new}, $model->{paths})]);
    }
    return ['', profile($model, $model->{snap}, $model->{paths})];
}

# The gzip-compressed profile of the paths @$paths of snapshot $snap.
sub profile {
    my ($model, $snap, $paths) = @_;
    my @types = $model->{churn} ? CHURN_TYPES : LIVE_TYPES;
    my $st = { index => { '' => 0 }, list => [''] };    # the string table
    my (%functions, %locations, @samples);
    for my $p (@$paths) {
        my @values = map { $p->{ $_->[2] } } @types;
        next unless grep { $_ } @values;
        for my $fid (@{ $p->{frames} }) {
            next if $locations{$fid};
            my $f = frame($model, $fid);
            my $file = source_file($f) ne '' ? source_file($f) : $f->{obj};
            my $fkey = function_name($f) . "\0$file";
            my $fn_id = ($functions{$fkey} //= [scalar(keys %functions) + 1, function_name($f), $file])->[0];
            $locations{$fid} = message([1, $fid], [4, \message([1, $fn_id], [2, $f->{line}])]);
        }
        push @samples, message((map { [1, $_, 1] } @{ $p->{frames} }), map { [2, $_, 1] } @values);
    }
    my @type_msgs = map { message([1, string($st, $_->[0])], [2, string($st, $_->[1])]) } @types;
    my @fns = map { message([1, $_->[0]], [2, string($st, $_->[1])], [3, string($st, $_->[1])],
                            [4, string($st, $_->[2])]) }
              sort { $a->[0] <=> $b->[0] } values %functions;
    my $comment = string($st, "memsnap: " . model_title($model) . ', ' . snapshot_title($snap)
                              . ($model->{churn} ? ' (the live heap, and the allocations since the '
                                                   . ($snap->{clears} ? 'last clear' : 'start') . ')'
                                                 : ' (the live heap)'));
    my $default = string($st, DEFAULT_TYPE->{ $model->{measure} // 'live' });
    my $period_type = message([1, string($st, 'space')], [2, string($st, 'bytes')]);
    my $raw = message((map { [1, \$_] } @type_msgs), (map { [2, \$_] } @samples),
                      (map { [4, \$locations{$_}] } sort { $a <=> $b } keys %locations),
                      (map { [5, \$_] } @fns), (map { [6, \$_] } @{ $st->{list} }),
                      [11, \$period_type], [12, 1], [13, $comment], [14, $default]);
    my $gz;
    gzip(\$raw => \$gz, Minimal => 1, Time => 0)
        or die { status => 1, message => "gzip: $GzipError" };
    return $gz;
}

# The index of $text in the string table $st, added if new.
sub string {
    my ($st, $text) = @_;
    return $st->{index}{$text} //= do { push @{ $st->{list} }, $text; $#{ $st->{list} } };
}

# A protobuf varint.
sub varint {
    my ($n) = @_;
    my $out = '';
    while ($n >= 0x80) {
        $out .= chr(($n & 0x7f) | 0x80);
        $n = int($n / 128);
    }
    return $out . chr($n);
}

# The encoding of the fields @fields, each [number, value]: a value that
# is a reference to bytes (a string, an encoded message) is a
# length-delimited field, a number a varint field (a singular one is left
# out when 0, as proto3 does; [number, value, 1] is an element of a
# repeated field, always written).
sub message {
    my (@fields) = @_;
    my $out = '';
    for my $f (@fields) {
        my ($num, $v) = @$f;
        if (ref $v) {
            $out .= varint($num << 3 | 2) . varint(length $$v) . $$v;
        } elsif ($v != 0 || $f->[2]) {
            $out .= varint($num << 3) . varint($v);
        }
    }
    return $out;
}

1;

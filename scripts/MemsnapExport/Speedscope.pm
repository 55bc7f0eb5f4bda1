#--------------------------------------------------------------------
#--- memsnap: the speedscope exporter.              Speedscope.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --format=speedscope': a snapshot, or the difference of
# two, in speedscope's file format (JSON, its schema at
# https://www.speedscope.app/file-format-schema.json), for its flame
# graphs ("Left Heavy", "Sandwich").
#   frames    shared by the profiles: one per memsnap frame used, its
#             function name, its source file (or object) and line;
#   snapshot  two sampled profiles: the live bytes (unit "bytes") and the
#             live blocks (unit "none"); from a file of format version 5
#             four more after them: the bytes and blocks allocated since
#             the start of the run or the last clear_traces, and the
#             bytes and blocks of those freed while temporary; one sample
#             per path (the attributed frame and its callers), its frames
#             outermost first as speedscope wants, weighted by its figure
#             (paths of weight 0 left out);
#   compare   two sampled profiles in bytes: what grew from the old
#             snapshot to the new (per path, the bytes more) and what
#             shrank (the bytes fewer); when the allocations between the
#             two are known (format 5, one run, no clear between), the
#             bytes allocated between them, and the temporary bytes.
# The profile shown first (activeProfileIndex) is by --measure: the
# live bytes, the bytes allocated, or the temporary bytes.
package MemsnapExport::Speedscope;

use strict;
use warnings;
use JSON::PP ();
use MemsnapExport::Common qw(frame function_name source_file model_title snapshot_title);

# The profile shown first by --measure: the index of its bytes profile in
# a snapshot's profiles (live bytes, blocks, allocated bytes, blocks,
# temporary bytes, blocks) and in a compare's (grown, shrunk, allocated
# between, temporary between).
use constant MEASURE_PROFILE => {
    snapshot => { live => 0, allocated => 2, temporary => 4 },
    compare  => { live => 0, allocated => 2, temporary => 3 },
};

sub export {
    my ($model) = @_;
    my $frames = { index => {}, list => [] };
    my @profiles;
    if ($model->{kind} eq 'compare') {
        my $title = snapshot_title($model->{old}) . ' to ' . snapshot_title($model->{new});
        push @profiles,
            sampled($model, $frames, "bytes grown, $title", 'bytes',
                    sub { my $d = $_[0]{bytes} - $_[0]{old_bytes}; $d > 0 ? $d : 0 }),
            sampled($model, $frames, "bytes shrunk, $title", 'bytes',
                    sub { my $d = $_[0]{old_bytes} - $_[0]{bytes}; $d > 0 ? $d : 0 });
        push @profiles,
            sampled($model, $frames, "bytes allocated, $title", 'bytes',
                    sub { $_[0]{alloc_bytes} - $_[0]{old_alloc_bytes} }),
            sampled($model, $frames, "temporary bytes, $title", 'bytes',
                    sub { $_[0]{temp_bytes} - $_[0]{old_temp_bytes} })
            if $model->{churn_between};
    } else {
        my $title = snapshot_title($model->{snap});
        my $since = $model->{snap}{clears} ? 'last clear' : 'start';
        push @profiles, sampled($model, $frames, "live bytes, $title", 'bytes', sub { $_[0]{bytes} }),
                        sampled($model, $frames, "live blocks, $title", 'none', sub { $_[0]{blocks} });
        push @profiles,
            sampled($model, $frames, "bytes allocated since the $since, $title", 'bytes', sub { $_[0]{alloc_bytes} }),
            sampled($model, $frames, "blocks allocated since the $since, $title", 'none', sub { $_[0]{alloc_blocks} }),
            sampled($model, $frames, "temporary bytes, $title", 'bytes', sub { $_[0]{temp_bytes} }),
            sampled($model, $frames, "temporary blocks, $title", 'none', sub { $_[0]{temp_blocks} })
            if $model->{churn};
    }
    my $active = MEASURE_PROFILE->{ $model->{kind} }{ $model->{measure} // 'live' };
    my $doc = {
        '$schema' => 'https://www.speedscope.app/file-format-schema.json',
        exporter => 'memsnap_print',
        name => 'memsnap: ' . model_title($model),
        activeProfileIndex => $active < @profiles ? $active : 0,
        shared => { frames => $frames->{list} },
        profiles => \@profiles,
    };
    return ['', JSON::PP->new->canonical->encode($doc) . "\n"];
}

# A sampled profile of the model's paths weighted by $weight->(path)
# (paths of weight 0 left out).
sub sampled {
    my ($model, $frames, $name, $unit, $weight) = @_;
    my (@samples, @weights);
    my $total = 0;
    for my $p (@{ $model->{paths} }) {
        my $w = $weight->($p);
        next unless $w;
        push @samples, [map { frame_index($model, $frames, $_) } reverse @{ $p->{frames} }];
        push @weights, 0 + $w;
        $total += $w;
    }
    return { type => 'sampled', name => $name, unit => $unit, startValue => 0, endValue => 0 + $total,
             samples => \@samples, weights => \@weights };
}

# The index in the shared frames of frame id $fid, added if new.
sub frame_index {
    my ($model, $frames, $fid) = @_;
    return $frames->{index}{$fid} //= do {
        my $f = frame($model, $fid);
        my $file = source_file($f) ne '' ? source_file($f) : $f->{obj};
        push @{ $frames->{list} }, { name => function_name($f), ($file ne '' ? (file => $file) : ()),
                                     ($f->{line} > 0 ? (line => 0 + $f->{line}) : ()) };
        $#{ $frames->{list} };
    };
}

1;

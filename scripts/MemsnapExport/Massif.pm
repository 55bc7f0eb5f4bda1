#--------------------------------------------------------------------
#--- memsnap: the massif exporter.                      Massif.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --format=massif': the whole run as a massif.out file, for
# ms_print and massif-visualizer.
#   timeline   each point of the file's timeline is a massif snapshot,
#              empty (heap_tree=empty), with the point's time (in the
#              run's --time-unit, massif's time_unit) and bytes; so ms_print
#              draws the graph memsnap_print draws;
#   detailed   the point of each memsnap snapshot (marked #ID) is a
#              detailed massif snapshot, with that snapshot's tree; the
#              peak's point (marked peak) has the tree of the `peak'
#              snapshot and heap_tree=peak;
#   tree       massif's allocation tree: the top node "(heap allocation
#              functions)", under it the frames blocks are attributed to,
#              under each of those its callers, and so on, biggest first;
#              the children of a node below 1% of the snapshot's bytes
#              are one node "in N places, below massif's threshold".
# A file without a timeline (older memsnap files) gets one massif
# snapshot per memsnap snapshot, at its bytes allocated so far (unit B).
# The `peak' snapshot may have been copied a little before the peak
# (--peak-inaccuracy); its tree then has a node for the bytes allocated
# between the copy and the peak, so that the sizes add up.
#
# Readers are strict: one desc: line; `#-----------' lines of exactly
# that length around each snapshot= line; everything after a `#' is a
# comment to ms_print, so labels have none (`#' becomes `_').
package MemsnapExport::Massif;

use strict;
use warnings;
use MemsnapExport::Common qw(frame location_text);

# massif's default --threshold, in percent.
use constant THRESHOLD => 1.0;
use constant RULE => "#-----------\n";
use constant TOP_LABEL => '(heap allocation functions) malloc/new/new[], --alloc-fns, etc.';

sub export {
    my ($model) = @_;
    my $profile = $model->{profile};
    my $tl = $profile->{timeline};
    my ($unit, $points) = $tl && $tl->{n_points}
        ? ($tl->{unit}, timeline_points($model, $tl))
        : ('B', snapshot_points($model));
    my $h = $profile->{header};
    my $out = 'desc: ' . no_hash(one_line("memsnap_print --format=massif of $profile->{path}"
                                          . (($h->{options} // '') ne '' ? " (memsnap $h->{options})" : '')))
            . "\ncmd: " . no_hash(one_line($h->{cmd} // '')) . "\ntime_unit: $unit\n";
    for my $i (0 .. $#$points) {
        $out .= render_snapshot($model, $i, $points->[$i]);
    }
    return ['', $out];
}

# The points of the timeline: [{time, bytes, snap (a memsnap snapshot with
# its sites, or undef), peak (bool)}].
sub timeline_points {
    my ($model, $tl) = @_;
    my %by_id = map { $_->{id} => $_ } @{ $model->{snapshots} };
    my ($peak) = reverse grep { $_->{origin} eq 'peak' } @{ $model->{snapshots} };
    return [map {
        my ($time, $bytes, $blocks, $mark) = @$_;
        my $snap = $mark eq 'peak' ? $peak : $mark =~ /\A#([0-9]+)\z/ ? $by_id{$1} : undef;
        { time => $time, bytes => $bytes, snap => $snap, peak => $mark eq 'peak' && $snap ? 1 : 0 };
    } @{ MemsnapPrint::timeline_points($tl) }];
}

# Without a timeline: one point per snapshot, at its bytes allocated so far.
sub snapshot_points {
    my ($model) = @_;
    return [map { { time => $_->{time_b}, bytes => $_->{bytes}, snap => $_,
                    peak => $_->{origin} eq 'peak' ? 1 : 0 } }
            sort { $a->{time_b} <=> $b->{time_b} || $a->{id} <=> $b->{id} } @{ $model->{snapshots} }];
}

sub render_snapshot {
    my ($model, $n, $p) = @_;
    my $tree = $p->{snap} ? build_tree($model, $p->{snap}) : undef;
    my $heap = $p->{bytes};
    if ($tree && $tree->{bytes} != $heap) {
        if ($tree->{bytes} < $heap) {
            add_child($tree, 'peak-gap', $heap - $tree->{bytes},
                      '(memsnap) allocated between the copy of the peak snapshot and the peak, '
                      . 'see --peak-inaccuracy');
        } else {
            $heap = $tree->{bytes};
        }
    }
    my $out = RULE . "snapshot=$n\n" . RULE
            . "time=$p->{time}\nmem_heap_B=$heap\nmem_heap_extra_B=0\nmem_stacks_B=0\n";
    return $out . "heap_tree=empty\n" unless $tree;
    return $out . 'heap_tree=' . ($p->{peak} ? 'peak' : 'detailed') . "\n"
         . render_node($tree, TOP_LABEL, $heap, '');
}

# The allocation tree of snapshot $s: a node is { bytes, label, kids {frame
# id => node} }; the top node's kids are the attributed frames.
sub build_tree {
    my ($model, $s) = @_;
    my $top = { bytes => 0, kids => {} };
    for my $p (@{ MemsnapPrint::export_paths($model->{profile}, [], $s) }) {
        $top->{bytes} += $p->{bytes};
        my $node = $top;
        for my $fid (@{ $p->{frames} }) {
            $node = $node->{kids}{$fid} //= { bytes => 0, kids => {},
                                              label => no_hash(location_text(frame($model, $fid))) };
            $node->{bytes} += $p->{bytes};
        }
    }
    return $top;
}

sub add_child {
    my ($node, $key, $bytes, $label) = @_;
    $node->{kids}{$key} = { bytes => $bytes, kids => {}, label => $label };
    $node->{bytes} += $bytes;
}

# The lines of $node and its descendants, massif's way: "nK: BYTES LABEL",
# K the number of children written; children below the threshold of
# $total bytes are one node.
sub render_node {
    my ($node, $label, $total, $indent) = @_;
    my @kids = sort { $b->{bytes} <=> $a->{bytes} || $a->{label} cmp $b->{label} } values %{ $node->{kids} };
    my @big = grep { $_->{bytes} * 100 >= THRESHOLD * $total } @kids;
    my ($n_small, $small) = (0, 0);
    for (@kids) { next if $_->{bytes} * 100 >= THRESHOLD * $total; $n_small++; $small += $_->{bytes} }
    my $out = sprintf("%sn%d: %d %s\n", $indent, @big + ($n_small ? 1 : 0), $node->{bytes}, $label);
    $out .= render_node($_, $_->{label}, $total, "$indent ") for @big;
    $out .= sprintf("%s n0: %d in %d place%s, %sbelow massif's threshold (%.2f%%)\n", $indent, $small,
                    $n_small, $n_small == 1 ? '' : 's', $n_small == 1 ? '' : 'all ', THRESHOLD)
        if $n_small;
    return $out;
}

sub no_hash {
    my ($text) = @_;
    return $text =~ tr/#/_/r;
}

sub one_line {
    my ($text) = @_;
    return $text =~ s/[\r\n]/ /gr;
}

1;

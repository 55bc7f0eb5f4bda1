#--------------------------------------------------------------------
#--- memsnap: the callgrind exporter.                Callgrind.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --format=callgrind': a snapshot, or the difference of
# two, in the callgrind format (read by KCachegrind and callgrind_annotate;
# memcheck's and massif's --xtree-memory files are the same kind of file).
#
# The costs are the live heap, by position (`positions: line'):
#   snapshot  events curB (bytes) and curBk (blocks);
#   compare   growB growBk shrinkB shrinkBk: what grew and what shrank from
#             the old snapshot to the new one, per path, each event not
#             negative (KCachegrind shows no negative costs);
# A path's costs are the self cost of its attributed frame's line (so the
# per-line figures are memsnap's --key=lineno statistics), and one call of
# each caller frame's line to the function of the frame before it, with
# the same costs (so each function's inclusive cost is the --key=function
# --cumulative statistics).  A call's count is the path's blocks (at
# least 1).  A function is (object, source file, name); names are
# compressed ("fn=(3) main" once, then "fn=(3)").  Every cfn= line has a
# cfi= line before it.
package MemsnapExport::Callgrind;

use strict;
use warnings;
use MemsnapExport::Common qw(frame function_name source_file object_file snapshot_title model_title);

sub export {
    my ($model) = @_;
    my ($events, $costs) = $model->{kind} eq 'compare'
        ? ([qw(growB growBk shrinkB shrinkBk)], \&compare_costs)
        : ([qw(curB curBk)], \&snapshot_costs);
    my $tree = { fns => {}, order => [], totals => [(0) x @$events] };
    for my $p (@{ $model->{paths} }) {
        my ($cost, $calls) = $costs->($p);
        next unless grep { $_ } @$cost;
        add_path($model, $tree, $p->{frames}, $cost, $calls);
    }
    return ['', render($model, $events, $tree)];
}

# The costs of a path of a snapshot, and its call count.
sub snapshot_costs {
    my ($p) = @_;
    return ([$p->{bytes}, $p->{blocks}], $p->{blocks} || 1);
}

# The growth and shrinkage of a path of a compare, and its call count.
sub compare_costs {
    my ($p) = @_;
    my ($db, $dk) = ($p->{bytes} - $p->{old_bytes}, $p->{blocks} - $p->{old_blocks});
    my $calls = $p->{blocks} > $p->{old_blocks} ? $p->{blocks} : $p->{old_blocks};
    return ([$db > 0 ? $db : 0, $dk > 0 ? $dk : 0, $db < 0 ? -$db : 0, $dk < 0 ? -$dk : 0],
            $calls || 1);
}

# The function of frame $f in $tree: { ob, fl, fn, self {line => costs},
# calls {"line,callee key,callee line" => [callee, line, callee line,
# count, costs]} }, made on first use.
sub function_of {
    my ($tree, $f) = @_;
    my @id = (object_file($f), source_file($f), function_name($f));
    my $key = join("\0", @id);
    return $tree->{fns}{$key} //= do {
        push @{ $tree->{order} }, $key;
        { key => $key, ob => $id[0], fl => $id[1], fn => $id[2], self => {}, calls => {} };
    };
}

sub add_costs {
    my ($to, $cost) = @_;
    $to->[$_] += $cost->[$_] for 0 .. $#$cost;
}

# Adds a path (frame ids, attributed first) with costs @$cost.
sub add_path {
    my ($model, $tree, $fids, $cost, $calls) = @_;
    my @frames = map { frame($model, $_) } @$fids;
    add_costs($tree->{totals}, $cost);
    add_costs($tree->{fns}{ function_of($tree, $frames[0])->{key} }{self}{ $frames[0]{line} } //= [], $cost);
    for my $i (1 .. $#frames) {
        my ($caller, $callee) = (function_of($tree, $frames[$i]), function_of($tree, $frames[$i - 1]));
        my ($line, $cline) = ($frames[$i]{line}, $frames[$i - 1]{line});
        my $c = $caller->{calls}{"$line,$callee->{key},$cline"} //= [$callee, $line, $cline, 0, []];
        $c->[3] += $calls;
        add_costs($c->[4], $cost);
    }
}

# Name compression: "(N) name" the first time a name is used in its
# space (fl for files, fn, ob), "(N)" after.
sub compressed {
    my ($names, $space, $name) = @_;
    $name = '???' if $name eq '';
    my $ids = $names->{$space} //= {};
    return "($ids->{$name})" if $ids->{$name};
    $ids->{$name} = scalar(keys %$ids) + 1;
    return "($ids->{$name}) $name";
}

sub render {
    my ($model, $events, $tree) = @_;
    my $h = $model->{profile}{header};
    my $out = "# callgrind format\nversion: 1\ncreator: memsnap_print\n";
    $out .= "pid: $h->{pid}\n" if defined $h->{pid};
    $out .= "cmd: " . one_line($h->{cmd} // '') . "\npart: 1\n";
    $out .= "desc: " . one_line($_) . "\n" for descriptions($model);
    $out .= "positions: line\n";
    my %long = (curB => 'live bytes', curBk => 'live blocks', growB => 'bytes grown',
                growBk => 'blocks grown', shrinkB => 'bytes shrunk', shrinkBk => 'blocks shrunk');
    $out .= "event: $_ : $long{$_}\n" for @$events;
    $out .= "events: @$events\n\n";
    my %names;
    for my $key (@{ $tree->{order} }) {
        my $fn = $tree->{fns}{$key};
        next unless %{ $fn->{self} } || %{ $fn->{calls} };
        $out .= 'ob=' . compressed(\%names, 'ob', $fn->{ob}) . "\n" if $fn->{ob} ne '';
        $out .= 'fl=' . compressed(\%names, 'fl', $fn->{fl}) . "\n";
        $out .= 'fn=' . compressed(\%names, 'fn', $fn->{fn}) . "\n";
        $out .= "$_ @{ $fn->{self}{$_} }\n" for sort { $a <=> $b } keys %{ $fn->{self} };
        for my $c (sort { $a->[1] <=> $b->[1] || $a->[2] <=> $b->[2] || $a->[0]{key} cmp $b->[0]{key} }
                   values %{ $fn->{calls} }) {
            my ($callee, $line, $cline, $count, $cost) = @$c;
            $out .= 'cob=' . compressed(\%names, 'ob', $callee->{ob}) . "\n" if $callee->{ob} ne '';
            $out .= 'cfi=' . compressed(\%names, 'fl', $callee->{fl}) . "\n";
            $out .= 'cfn=' . compressed(\%names, 'fn', $callee->{fn}) . "\n";
            $out .= "calls=$count $cline\n$line @$cost\n";
        }
        $out .= "\n";
    }
    return $out . "totals: @{ $tree->{totals} }\n";
}

# The desc: lines: what is shown, the snapshots' totals, the filters.
sub descriptions {
    my ($model) = @_;
    my @d = ('Memory: the live heap of ' . model_title($model));
    for my $s (grep { defined } @$model{qw(old new snap)}) {
        push @d, sprintf('Snapshot %s: %d bytes in %d blocks, taken at %d ms (%s)',
                         snapshot_title($s), @$s{qw(bytes blocks time_ms origin)});
    }
    my @f = map { ($_->{inclusive} ? '--include' : '--exclude') . ($_->{all_frames} ? '-all' : '')
                  . "=$_->{spec}" } @{ $model->{opt}{filters} };
    push @d, "Filters: @f" if @f;
    return @d;
}

# $text on one line (a header field ends at the end of the line).
sub one_line {
    my ($text) = @_;
    return $text =~ s/[\r\n]/ /gr;
}

1;

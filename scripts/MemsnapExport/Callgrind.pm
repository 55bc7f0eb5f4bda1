#--------------------------------------------------------------------
#--- memsnap: the callgrind exporter.                Callgrind.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --format=callgrind': a snapshot, or the difference of
# two, in the callgrind format (read by KCachegrind and callgrind_annotate;
# memcheck's and massif's --xtree-memory files are the same kind of file).
#
# The costs, by position (`positions: line'):
#   snapshot  events curB (live bytes) and curBk (live blocks), and from
#             a file of format version 5 totB and totBk (bytes and blocks
#             allocated since the start of the run or the last
#             clear_traces, the names of memcheck's and massif's xtree
#             files) and tmpB and tmpBk (those freed while temporary);
#   compare   growB growBk shrinkB shrinkBk: what grew and what shrank from
#             the old snapshot to the new one, per path, each event not
#             negative (KCachegrind shows no negative costs); and when the
#             allocations between the two are known (format 5, one run,
#             no clear between), totB totBk tmpB tmpBk of those.
# The events of --measure come first (KCachegrind shows the first event,
# callgrind_annotate sorts by it): totB totBk for allocated, tmpB tmpBk
# for temporary.
# A path's costs are the self cost of its attributed frame's line (so the
# per-line figures are memsnap's --key=lineno statistics), and one call of
# each caller frame's line to the function of the frame before it, with
# the same costs (so each function's inclusive cost is the --key=function
# --cumulative statistics).  A call's count is the path's allocated
# blocks (of a compare, those allocated between), or without them its
# live blocks (at least 1).  A function is (object, source file, name); names are
# compressed ("fn=(3) main" once, then "fn=(3)").  Every cfn= line has a
# cfi= line before it.
package MemsnapExport::Callgrind;

use strict;
use warnings;
use MemsnapExport::Common qw(frame function_name source_file object_file snapshot_title model_title);

# The events' long names.
use constant EVENT_NAMES => {
    curB => 'live bytes', curBk => 'live blocks', totB => 'bytes allocated', totBk => 'blocks allocated',
    tmpB => 'temporary bytes', tmpBk => 'temporary blocks', growB => 'bytes grown',
    growBk => 'blocks grown', shrinkB => 'bytes shrunk', shrinkBk => 'blocks shrunk',
};
# The events each --measure puts first.
use constant MEASURE_EVENTS => { live => [], allocated => [qw(totB totBk)], temporary => [qw(tmpB tmpBk)] };

sub export {
    my ($model) = @_;
    my $compare = $model->{kind} eq 'compare';
    my @events = $compare ? qw(growB growBk shrinkB shrinkBk) : qw(curB curBk);
    push @events, qw(totB totBk tmpB tmpBk) if $compare ? $model->{churn_between} : $model->{churn};
    my %first = map { $_ => 1 } @{ MEASURE_EVENTS->{ $model->{measure} // 'live' } };
    @events = ((grep { $first{$_} } @events), grep { !$first{$_} } @events);
    my $tree = { fns => {}, order => [], totals => [(0) x @events] };
    for my $p (@{ $model->{paths} }) {
        my ($costs, $calls) = $compare ? compare_costs($p, $model->{churn_between}) : snapshot_costs($p);
        my @cost = map { $costs->{$_} } @events;
        next unless grep { $_ } @cost;
        add_path($model, $tree, $p->{frames}, \@cost, $calls);
    }
    return ['', render($model, \@events, $tree)];
}

# The costs of a path of a snapshot by event, and its call count.
sub snapshot_costs {
    my ($p) = @_;
    my %c = (curB => $p->{bytes}, curBk => $p->{blocks});
    @c{qw(totB totBk tmpB tmpBk)} = @$p{qw(alloc_bytes alloc_blocks temp_bytes temp_blocks)}
        if defined $p->{alloc_blocks};
    return (\%c, $c{totBk} || $p->{blocks} || 1);
}

# The growth and shrinkage of a path of a compare, with $between the
# allocations made between the two snapshots, by event; its call count.
sub compare_costs {
    my ($p, $between) = @_;
    my ($db, $dk) = ($p->{bytes} - $p->{old_bytes}, $p->{blocks} - $p->{old_blocks});
    my %c = (growB => $db > 0 ? $db : 0, growBk => $dk > 0 ? $dk : 0,
             shrinkB => $db < 0 ? -$db : 0, shrinkBk => $dk < 0 ? -$dk : 0);
    my $calls = $p->{blocks} > $p->{old_blocks} ? $p->{blocks} : $p->{old_blocks};
    if ($between) {
        $c{$_->[0]} = $p->{ $_->[1] } - $p->{"old_$_->[1]"}
            for [totB => 'alloc_bytes'], [totBk => 'alloc_blocks'], [tmpB => 'temp_bytes'], [tmpBk => 'temp_blocks'];
        $calls = $c{totBk} if $c{totBk};
    }
    return (\%c, $calls || 1);
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
    $out .= "event: $_ : " . EVENT_NAMES->{$_} . "\n" for @$events;
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
    my @d = ('Memory: the live heap of ' . model_title($model)
             . ($model->{kind} eq 'compare' ? ($model->{churn_between} ? ', and the allocations between' : '')
                                            : ($model->{churn} ? ', and its allocations' : '')));
    for my $s (grep { defined } @$model{qw(old new snap)}) {
        push @d, sprintf('Snapshot %s: %d bytes in %d blocks, taken at %d ms (%s)',
                         snapshot_title($s), @$s{qw(bytes blocks time_ms origin)})
               . ($model->{churn} ? sprintf('; %d bytes in %d blocks allocated since the %s, %d bytes in '
                                            . '%d blocks of them temporary',
                                            @$s{qw(alloc_bytes alloc_blocks)},
                                            $s->{clears} ? 'last clear' : 'start',
                                            @$s{qw(temp_bytes temp_blocks)}) : '');
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

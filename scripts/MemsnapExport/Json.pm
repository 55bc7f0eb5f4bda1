#--------------------------------------------------------------------
#--- memsnap: the JSON exporter.                          Json.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --format=json': memsnap's own model of one snapshot or of
# the difference of two, for scripts that would otherwise parse the text
# reports.  The document (its members and their meaning, and its
# version, memsnap_json) is specified in docs/file-format.md, section
# "The JSON export".  Keys are sorted and the output is indented, so
# that two exports compare line by line.
package MemsnapExport::Json;

use strict;
use warnings;
use JSON::PP ();

# The version of the JSON document (docs/file-format.md).
use constant JSON_VERSION => 1;

sub export {
    my ($model) = @_;
    my $opt = $model->{opt};
    my $compare = $model->{kind} eq 'compare';
    my %doc = (
        memsnap_json => JSON_VERSION,
        creator      => 'memsnap_print',
        file         => $model->{profile}{path},
        header       => header($model->{profile}),
        kind         => $model->{kind},
        key          => $opt->{key},
        cumulative   => $opt->{cumulative} ? JSON::PP::true : JSON::PP::false,
        limit        => $opt->{limit},
        measure      => $opt->{measure},
        filters      => [map { filter($_) } @{ $opt->{filters} }],
        sites        => [map { site($_, $compare, $model->{churn}) } @{ $model->{paths} }],
        statistics   => statistics($model),
    );
    if ($compare) {
        @doc{qw(old new)} = map { snapshot($_) } @$model{qw(old new)};
        $doc{allocations_between} = $model->{churn_between} ? JSON::PP::true : JSON::PP::false
            if $model->{churn};
    } else {
        $doc{snapshot} = snapshot($model->{snap});
    }
    my %used;
    $used{$_} = 1 for map { @{ $_->{frames} } } @{ $doc{sites} };
    $used{$_} = 1 for map { @{ $_->{frames} // [] } } @{ $doc{statistics} };
    $doc{frames} = [map { frame($model->{profile}, $_) } sort { $a <=> $b } keys %used];
    return ['', JSON::PP->new->canonical->pretty->encode(\%doc)];
}

sub header {
    my ($profile) = @_;
    my $h = $profile->{header};
    return { map { defined $h->{$_} ? ($_ => $h->{$_}) : () } qw(cmd pid ppid options depth) };
}

sub filter {
    my ($f) = @_;
    return { inclusive => $f->{inclusive} ? JSON::PP::true : JSON::PP::false,
             all_frames => $f->{all_frames} ? JSON::PP::true : JSON::PP::false,
             pattern => $f->{spec} =~ s/:[0-9]+\z//r,
             (defined $f->{lineno} ? (lineno => $f->{lineno}) : ()) };
}

# A snapshot's record; from a file of version 5, with its allocations.
sub snapshot {
    my ($s) = @_;
    return { id => $s->{id}, name => $s->{name}, origin => $s->{origin}, time_ms => $s->{time_ms},
             time_b => $s->{time_b}, bytes => $s->{bytes}, blocks => $s->{blocks},
             peak_bytes => $s->{peak}, (defined $s->{file} ? (file => $s->{file}) : ()),
             (defined $s->{clears} ? (map { ($_ => 0 + $s->{$_}) }
                                          qw(alloc_bytes alloc_blocks temp_bytes temp_blocks clears))
                                   : ()) };
}

sub frame {
    my ($profile, $fid) = @_;
    my ($line, $fn, $file, $dir, $obj, $addr, $offset) = @{ $profile->{frames}[$fid] };
    return { id => $fid, line => $line, function => $fn, file => $file, dir => $dir, object => $obj,
             (defined $addr ? (address => $addr, offset => $offset) : ()) };
}

# A path as a site: its live figures and, with $churn, its allocations;
# of a compare, the old snapshot's too (old_...).
sub site {
    my ($p, $compare, $churn) = @_;
    my @figures = ('bytes', 'blocks', $churn ? qw(alloc_bytes alloc_blocks temp_bytes temp_blocks) : ());
    my %s = (stack => $p->{stack}, frames => $p->{frames}, map { ($_ => $p->{$_}) } @figures);
    $s{"old_$_"} = $p->{"old_$_"} for $compare ? @figures : ();
    return \%s;
}

# The statistics of the chosen key, as memsnap_print --stats or --compare
# prints them (the first --limit entries).  By a measure other than live
# (--measure), those of the snapshot's allocations, or of the allocations
# made between the two snapshots of a compare: entries of a snapshot.
sub statistics {
    my ($model) = @_;
    my ($profile, $opt) = @$model{qw(profile opt)};
    my $ks = MemsnapPrint::new_key_space($profile, $opt);
    my $compare = $model->{kind} eq 'compare';
    my $m = $model->{measure};
    my @e;
    if ($m ne 'live') {
        my @snaps = map { MemsnapPrint::measured_snapshot($_, $m) } grep { defined } @$model{qw(old new snap)};
        @e = @{ MemsnapPrint::statistics($ks, $compare ? MemsnapPrint::churn_between($profile, @snaps, $opt)
                                                       : $snaps[0]) };
        $compare = 0;
    } else {
        @e = @{ $compare ? MemsnapPrint::compare_statistics($ks, @$model{qw(old new)})
                         : MemsnapPrint::statistics($ks, $model->{snap}) };
    }
    splice(@e, $opt->{limit}) if $opt->{limit} && @e > $opt->{limit};
    return [map {
        my ($key, @n) = @$_;
        my %st = (key => $key->{label}, text => MemsnapPrint::format_statistic(
                      $key->{label}, $compare ? @n[0, 2, 1, 3] : @n));
        @st{ $compare ? qw(size size_diff count count_diff) : qw(size count) } = @n;
        $st{frames} = [@{ $key->{frames} }] if $key->{frames};
        \%st;
    } @e];
}

1;

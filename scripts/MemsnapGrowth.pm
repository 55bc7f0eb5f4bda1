package MemsnapGrowth;

# memsnap_print --growth: which keys grow across the snapshots of a run,
# ranked by how steadily they grow (docs/memsnap.md, "Finding what
# grows").  Part of memsnap_print, whose parsed profile and model
# (MemsnapPrint::group_sites, key spaces, filters) it uses; loaded only
# for --growth and by the HTML report's Growth tab.
#
# Terms:
#   series    the live bytes of one key at each chosen snapshot, in order:
#             b[0] .. b[n], n the number of *intervals* (n >= 1);
#   grew, shrank  the intervals in which the bytes rose, fell;
#   above     the snapshots after the first whose bytes are above b[0];
#   growth    b[n] - b[0]; a key is listed only when it is positive;
#   score     max(0, (grew - shrank) / n) * above / n, from 0 to 1: 1 for
#             a key that grew in every interval, 0 for one that shrank as
#             often as it grew or came back to where it started.  A key
#             that grows in most intervals and never returns to its start
#             ranks above one that jumped once, however large the jump.
# Entries are ranked by score, then growth, then key (descending), as
# tracemalloc ranks by size, then key.

use v5.14;
use strict;
use warnings;
use List::Util qw(max min);

# Sparkline characters, lowest first: U+2581 .. U+2588 in UTF-8, and the
# ASCII ramp used when the locale is not UTF-8.
use constant SPARK_UTF8  => [ map { "\xe2\x96" . chr(0x81 + $_) } 0 .. 7 ];
use constant SPARK_ASCII => [ split //, '_.-~=+*#' ];
use constant SPARK_WIDTH => 32;

# The snapshots --growth looks at: those --snapshots names (selectors, in
# the order given), else the periodic ones (origin auto) when the file
# has two or more, else every snapshot but `peak' (whose moment is
# earlier than its place in the file).  Dies (status 2) when fewer than
# two.
sub chosen_snapshots {
    my ($profile, $opt) = @_;
    my @snaps;
    if ($opt->{snapshots}) {
        @snaps = map { MemsnapPrint::select_snapshot($profile, $_) } @{ $opt->{snapshots} };
        my %seen;
        my @twice = grep { $seen{ $_->{id} }++ } @snaps;
        die { status => 2, message => "--snapshots names snapshot #$twice[0]{id} twice "
                                      . "(see memsnap_print --help)" } if @twice;
    } else {
        my @all = map { $profile->{kept_id}{ $_->{id} } } @{ $profile->{snapshots} };
        my @auto = grep { $_->{origin} eq 'auto' } @all;
        @snaps = @auto >= 2 ? @auto : grep { $_->{origin} ne 'peak' } @all;
    }
    die { status => 1, message => "$profile->{path}: --growth needs two snapshots or more; "
                                  . (@snaps ? "it has one" : "it has none")
                                  . ($opt->{snapshots} ? '' : " (take periodic ones with "
                                                              . "--snapshot-every)") }
        if @snaps < 2;
    return \@snaps;
}

# The growth model: { snaps => [snapshots], n => intervals, entries =>
# [entry...] ranked, n_keys => keys seen }, each entry { key, series =>
# [bytes...], blocks => [blocks...], growth, grew, shrank, above, score,
# stack => the stack id that grew most under the key }.
sub model {
    my ($profile, $opt) = @_;
    return models($profile, $opt)->[0];
}

# The growth models of several groupings (@opts: key, cumulative,
# filters), all across the snapshots chosen by the first, in one pass
# over the site lines of each snapshot: the HTML report models four key
# types, and reading a snapshot's sites costs more than adding them up.
sub models {
    my ($profile, @opts) = @_;
    my $snaps = chosen_snapshots($profile, $opts[0]);
    my $n = @$snaps - 1;
    my @groupings = map { new_grouping($profile, $_, $n) } @opts;
    for my $i (0 .. $n) {
        # (sid, bytes, blocks) of each site line, one after the other.
        my @sites = $snaps->[$i]{sites} =~ /^site\t([0-9]+)\t([0-9]+)\t([0-9]+)$/mg;
        add_sites($_, \@sites, $i) for @groupings;
    }
    return [ map { finish_model($_, $snaps, $n) } @groupings ];
}

# A grouping: the keys of one key space numbered as first seen (keys,
# index), each one's series of bytes and blocks, and each stack's key
# numbers (slots, see stack_slots).
sub new_grouping {
    my ($profile, $opt, $n) = @_;
    return { ks => MemsnapPrint::new_key_space($profile, $opt), n => $n, keys => [], index => {},
             slots => [], bytes => [], blocks => [] };
}

# Adds the sites @$sites (flat sid, bytes, blocks) of snapshot $i to the
# series of their keys.
sub add_sites {
    my ($g, $sites, $i) = @_;
    my ($slots, $bytes, $blocks) = @$g{qw(slots bytes blocks)};
    for (my $j = 0; $j < @$sites; $j += 3) {
        my $slot = $slots->[ $sites->[$j] ] // stack_slots($g, $sites->[$j]);
        for my $k (ref $slot ? @$slot : $slot) {
            $bytes->[$k][$i]  += $sites->[ $j + 1 ];
            $blocks->[$k][$i] += $sites->[ $j + 2 ];
        }
    }
}

# The key numbers of stack $sid (those of MemsnapPrint::stack_keys): one
# number, or a list of them when it has none or several; numbers the keys
# seen for the first time.  A traceback key shows the
# frames of the lowest stack id seen under it (as group_sites does).
sub stack_slots {
    my ($g, $sid) = @_;
    my $ks = $g->{ks};
    my @slots;
    for my $k (@{ MemsnapPrint::stack_keys($ks, $sid) }) {
        push @slots, $g->{index}{$k} //= do {
            push @{ $g->{keys} }, $k;
            push @{ $g->{bytes} },  [(0) x ($g->{n} + 1)];
            push @{ $g->{blocks} }, [(0) x ($g->{n} + 1)];
            $#{ $g->{keys} };
        };
        if ($k->{frames} && $sid < $k->{rep}) {
            @$k{qw(rep frames)} = ($sid, [MemsnapPrint::charged_frames($ks->{profile}{stacks}[$sid])]);
        }
    }
    return $g->{slots}[$sid] = @slots == 1 ? $slots[0] : \@slots;
}

# The model of grouping $g (see model) once every snapshot is added.
sub finish_model {
    my ($g, $snaps, $n) = @_;
    my @entries;
    for my $k (0 .. $#{ $g->{keys} }) {
        my $e = measure($g->{bytes}[$k]);
        next unless $e->{growth} > 0;
        push @entries, { %$e, key => $g->{keys}[$k], series => $g->{bytes}[$k],
                         blocks => $g->{blocks}[$k] };
    }
    my $rank = MemsnapPrint::key_ranks(map { [$_->{key}] } @entries);
    @entries = sort { $b->{score} <=> $a->{score} || $b->{growth} <=> $a->{growth}
                      || $rank->{ $b->{key} } <=> $rank->{ $a->{key} } } @entries;
    main_stacks($g->{ks}, $snaps->[0], $snaps->[-1], \@entries);
    return { snaps => $snaps, n => $n, entries => \@entries, n_keys => scalar @{ $g->{keys} },
             ks => $g->{ks} };
}

# The growth, grew, shrank, above and score of a series of bytes.
sub measure {
    my ($b) = @_;
    my $n = $#$b;
    my ($grew, $shrank, $above) = (0, 0, 0);
    for my $i (1 .. $n) {
        $grew++   if $b->[$i] > $b->[ $i - 1 ];
        $shrank++ if $b->[$i] < $b->[ $i - 1 ];
        $above++  if $b->[$i] > $b->[0];
    }
    my $steady = max(0, ($grew - $shrank) / $n);
    return { growth => $b->[-1] - $b->[0], grew => $grew, shrank => $shrank, above => $above,
             score => $steady * $above / $n };
}

# Sets each entry's stack: of the stacks charged to its key, the one whose
# bytes grew most from the first snapshot to the last (the lowest id
# among equals).
sub main_stacks {
    my ($ks, $first, $last, $entries) = @_;
    my %delta;
    for my $pass ([$first, -1], [$last, 1]) {
        my ($snap, $sign) = @$pass;
        while ($snap->{sites} =~ /^site\t([0-9]+)\t([0-9]+)\t/mg) {
            $delta{$1} += $sign * $2;
        }
    }
    my %best;
    for my $sid (sort { $a <=> $b } keys %delta) {
        for my $k (@{ MemsnapPrint::stack_keys($ks, $sid) }) {
            $best{$k} = $sid if !defined $best{$k} || $delta{$sid} > $delta{ $best{$k} };
        }
    }
    $_->{stack} = $best{ $_->{key} } for @$entries;
}

# Whether the locale's character set is UTF-8 (LC_ALL, else LC_CTYPE,
# else LANG, as setlocale reads them).
sub utf8_locale {
    my ($lc) = grep { defined && $_ ne '' } @ENV{qw(LC_ALL LC_CTYPE LANG)};
    return defined $lc && $lc =~ /utf-?8/i;
}

# A sparkline of @$values, at most SPARK_WIDTH characters (values at
# evenly spread places when there are more), from the lowest value to the
# highest.
sub sparkline {
    my ($values, $utf8) = @_;
    my $chars = $utf8 ? SPARK_UTF8 : SPARK_ASCII;
    my $n = @$values;
    my @v = $n <= SPARK_WIDTH ? @$values
          : map { $values->[ int($_ * ($n - 1) / (SPARK_WIDTH - 1) + 0.5) ] } 0 .. SPARK_WIDTH - 1;
    my ($lo, $hi) = (min(@v), max(@v));
    return join '', map { $chars->[ $hi == $lo ? 0 : int(($_ - $lo) * 7 / ($hi - $lo) + 0.5) ] } @v;
}

# The text of --growth.
sub render {
    my ($profile, $opt) = @_;
    my $m = model($profile, $opt);
    my ($snaps, $n) = @$m{qw(snaps n)};
    my $utf8 = utf8_locale();
    my $what = $opt->{key} . ($opt->{cumulative} ? ',cumulative' : '');
    my $auto = !grep { $_->{origin} ne 'auto' } @$snaps;
    my $out = sprintf("Growth by %s across %d %ssnapshots (#%d to #%d: %d interval%s)\n",
                      $what, scalar(@$snaps), $auto ? 'periodic ' : '', $snaps->[0]{id},
                      $snaps->[-1]{id}, $n, $n == 1 ? '' : 's');
    my $span = clock_span($profile, $snaps);
    $out .= "$span\n" if $span;
    my @e = @{ $m->{entries} };
    if (!@e) {
        return $out . "no key grew (" . $m->{n_keys} . " key" . ($m->{n_keys} == 1 ? '' : 's')
                    . " seen)\n";
    }
    $out .= sprintf("%d of %d keys grew; score: the share of intervals it grew in, less those "
                    . "it shrank in, times the share of snapshots above its first\n",
                    scalar(@e), $m->{n_keys});
    my $limit = $opt->{limit};
    splice(@e, $limit) if $limit && @e > $limit;
    for my $i (0 .. $#e) {
        $out .= "\n" . render_entry($profile, $m, $e[$i], $i + 1, $utf8);
    }
    return $out;
}

# "time: from X to Y" of the snapshots' clock (bytes allocated and ms).
sub clock_span {
    my ($profile, $snaps) = @_;
    my ($first, $last) = ($snaps->[0], $snaps->[-1]);
    return sprintf('from %s to %s allocated (%s per interval), %.1f s to %.1f s',
                   MemsnapPrint::format_size($first->{time_b}, 0),
                   MemsnapPrint::format_size($last->{time_b}, 0),
                   MemsnapPrint::format_size(($last->{time_b} - $first->{time_b}) / $#$snaps, 0),
                   $first->{time_ms} / 1000, $last->{time_ms} / 1000);
}

sub render_entry {
    my ($profile, $m, $e, $rank, $utf8) = @_;
    my $n = $m->{n};
    my $label = $e->{key}{label};
    my $s = sprintf("#%d: %s: %s (%s to %s), %s per interval, score %.2f\n", $rank, $label,
                    MemsnapPrint::format_size($e->{growth}, 1),
                    MemsnapPrint::format_size($e->{series}[0], 0),
                    MemsnapPrint::format_size($e->{series}[-1], 0),
                    MemsnapPrint::format_size($e->{growth} / $n, 1), $e->{score});
    $s .= sprintf("    grew in %d of %d intervals, shrank in %d; above its start in %d of %d; "
                  . "count=%d (%+d)\n", $e->{grew}, $n, $e->{shrank}, $e->{above}, $n,
                  $e->{blocks}[-1], $e->{blocks}[-1] - $e->{blocks}[0]);
    $s .= "    " . sparkline($e->{series}, $utf8) . "\n";
    return $s unless defined $e->{stack};
    my @fids = MemsnapPrint::charged_frames($profile->{stacks}[ $e->{stack} ]);
    $s .= MemsnapPrint::render_frame($profile->{frames}[ $fids[$_] ], $_ == 0) for 0 .. $#fids;
    return $s;
}

1;

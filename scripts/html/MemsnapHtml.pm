#--------------------------------------------------------------------
#--- memsnap: the HTML report of memsnap_print.      MemsnapHtml.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# memsnap_print --html: one self-contained HTML page of a run.  This module
# is the render stage of that output; memsnap_print `require's it (from
# the build tree's scripts/html, or from the installed data directory) and
# calls write_html() with a profile read by read_profile() with every
# snapshot's sites kept.
#
# The page embeds what the run knows, sites x snapshots, never blocks:
#   frames    every frame: its function, file, line, object and the text of
#             its line in a traceback entry (render_frame), and the name a
#             file filter tests (filter_frame_name);
#   stacks    every stack: the attributed index and its frame ids;
#   keys      for lineno, filename and function: the key of each frame
#             (frame_key); for traceback: the key of each stack
#             (traceback_key); each key type's labels listed in the order
#             of key_cmp, so that a key's index is its rank, the last
#             criterion of tracemalloc's sort;
#   snapshots each snapshot's totals and its sites (stack, bytes, blocks),
#             or null when the run was thinned (see choose_embedded); in a
#             file of version 5 or later, each snapshot's table rows
#             instead: per stack its live bytes and blocks, and the bytes
#             and blocks allocated and freed while temporary since the
#             start (or the last clear), with the snapshot's sums of those
#             and its count of clears, so that the page can show any of
#             the three measures (memsnap_print --measure);
#   timeline  the file's timeline points;
#   growth    for each key type, the keys that grew across the run's
#             snapshots, ranked by MemsnapGrowth (--growth): the page's
#             Growth table prints them as memsnap_print --growth does.
# The page's script (report.js) groups and sorts the sites as the model
# does and prints tracemalloc's lines; tests/report/html.t checks in a
# real browser that they equal memsnap_print's, for every key.
#
# The page itself is report.html with the style (report.css), the script
# (report.js) and the data (JSON) put in place of its @STYLE@, @SCRIPT@ and
# @DATA@ lines, and the title in place of @TITLE@.

package MemsnapHtml;

use strict;
use warnings;
use File::Basename qw(dirname);

# Most site lines the page embeds (about 10 bytes of HTML each: stack,
# bytes, blocks): beyond this, only some snapshots keep their sites (see
# choose_embedded).  A row of a file with allocations holds 7 numbers, not
# 3, so fewer rows fit (numbers_per_line).  (A variable, so that a test can
# make a small run thin.)
our $SITE_BUDGET = 1_000_000;

# The numbers of a site line in the page: 3 (stack, bytes, blocks), or 7
# in a file with allocations (and the temporary ones).
sub numbers_per_line {
    my ($profile) = @_;
    return ($profile->{version} // 0) >= 5 ? 7 : 3;
}

my $DIR = dirname(__FILE__);

# Writes the page of $profile to $path; returns the notes for the user
# (a line each), e.g. that the run was thinned.
sub write_html {
    my ($profile, $opt, $path) = @_;
    my ($embed, @notes) = choose_embedded($profile);
    # The page says what memsnap_print says of a run that did not finish.
    my @page_notes = @notes;
    if (!$profile->{summary} || $profile->{truncated}) {
        push @page_notes, MemsnapPrint::render_unfinished_notice($profile) =~ s/\Amemsnap_print: //r =~ s/\n\z//r;
    }
    my $data = page_data($profile, $opt, $embed, \@page_notes);
    my $page = fill_template($profile, $data);
    open(my $fh, '>:raw', $path)
        or die { status => 1, message => "$path: cannot write: $!" };
    print $fh $page or die { status => 1, message => "$path: cannot write: $!" };
    close($fh) or die { status => 1, message => "$path: cannot write: $!" };
    return @notes;
}

# Which snapshots embed their sites: all of them when their site lines
# fit in $SITE_BUDGET; else, within the budget, the peak and exit
# snapshots, the snapshots named by the program or user, then snapshots
# spread evenly over the run.  Returns ({id => 1}, notes).
sub choose_embedded {
    my ($profile) = @_;
    my @snaps = @{ $profile->{snapshots} };
    my $total = 0;
    $total += $_->{n_stacks} for @snaps;
    my $budget = int($SITE_BUDGET * 3 / numbers_per_line($profile));
    return ({ map { ($_->{id} => 1) } @snaps }) if $total <= $budget;
    my ($left, %embed) = ($budget);
    my $take = sub {
        my ($s) = @_;
        return if $embed{ $s->{id} } || $s->{n_stacks} > $left;
        $left -= $s->{n_stacks};
        $embed{ $s->{id} } = 1;
    };
    $take->($_) for grep { $_->{origin} eq 'peak' || $_->{origin} eq 'exit' } @snaps;
    $take->($_) for grep { MemsnapPrint::snapshot_mark($_) eq '@' } @snaps;
    # Then halve the stride until nothing more fits: every 2^k-th snapshot.
    for (my $stride = 1 << 20; $stride >= 1; $stride >>= 1) {
        for (my $i = 0; $i < @snaps; $i += $stride) { $take->($snaps[$i]) }
    }
    my $kept = keys %embed;
    my $note = sprintf("note: the run has %d snapshots with %s site lines in all; the page embeds "
                       . "the sites of %d of them (%s site lines: the peak and exit snapshots, the "
                       . "named ones, then evenly spread), the others are on the timeline only",
                       scalar @snaps, MemsnapPrint::commify($total), $kept,
                       MemsnapPrint::commify($budget - $left));
    return (\%embed, $note);
}

# The page's data, as one JSON text.
sub page_data {
    my ($profile, $opt, $embed, $notes) = @_;
    my $h = $profile->{header};
    my %keys = map { ($_ => key_table($profile, $_)) } qw(lineno filename function traceback);
    my @fields = (
        version   => js_string($MemsnapPrint::VERSION),
        format    => $profile->{version} // 'null',
        path      => js_string($profile->{path}),
        command   => js_string($h->{cmd} // ''),
        pid       => defined $h->{pid} ? $h->{pid} : 'null',
        ppid      => defined $h->{ppid} ? $h->{ppid} : 'null',
        options   => js_string($h->{options} // ''),
        summary   => $profile->{summary} ? '[' . join(',', @{ $profile->{summary} }) . ']' : 'null',
        notes     => '[' . join(',', map { js_string($_) } @$notes) . ']',
        initial   => initial_view($profile, $opt),
        frames    => frames_data($profile),
        stacks    => '[' . join(',', 'null', map { '[' . join(',', @$_) . ']' }
                                             @{ $profile->{stacks} }[1 .. $#{ $profile->{stacks} }]) . ']',
        keys      => '{' . join(',', map { "\"$_\":$keys{$_}" } sort keys %keys) . '}',
        snapshots => snapshots_data($profile, $embed),
        timeline  => timeline_data($profile),
        growth    => growth_data($profile),
    );
    my @out;
    while (my ($k, $v) = splice(@fields, 0, 2)) { push @out, "\"$k\":$v" }
    return "{\n" . join(",\n", @out) . "\n}";
}

# The first view of the page: --key, --cumulative, --measure, and the
# snapshots of --stats or --compare (else the peak snapshot, else the last
# one).
sub initial_view {
    my ($profile, $opt) = @_;
    my ($sel, $base);
    if ($opt->{compare}) {
        ($base, $sel) = map { MemsnapPrint::select_snapshot($profile, $_)->{id} } @{ $opt->{compare} };
    } elsif ($opt->{stats}) {
        $sel = MemsnapPrint::select_snapshot($profile, $opt->{stats})->{id};
    }
    return sprintf('{"key":%s,"cumulative":%s,"measure":%s,"selected":%s,"base":%s}',
                   js_string($opt->{key}), $opt->{cumulative} ? 'true' : 'false',
                   js_string($opt->{measure} // 'live'), $sel // 'null', $base // 'null');
}

# [null, [function, file, line, object, traceback text, filter name,
# filter line, bar name]...] by frame id; the bar name is the function, or
# for a frame without one its label without line information.
sub frames_data {
    my ($profile) = @_;
    my $frames = $profile->{frames};
    my @out = ('null');
    for my $fid (1 .. $#$frames) {
        my $f = $frames->[$fid];
        my ($line, $fn, $file, $dir, $obj) = @$f;
        (my $text = MemsnapPrint::render_frame($f, 0)) =~ s/\A    by //;
        chomp $text;
        my ($fname, $fline) = MemsnapPrint::filter_frame_name($f);
        push @out, '[' . join(',', js_string($fn), js_string($file), $line, js_string($obj),
                              js_string($text), js_string($fname), $fline,
                              js_string($fn ne '' ? $fn : MemsnapPrint::no_line_label($f))) . ']';
    }
    return '[' . join(",\n", @out) . ']';
}

# The keys of key type $type: {"labels": [label by rank], "of": [key
# index by frame id (lineno, filename, function) or by stack id
# (traceback)]}.
sub key_table {
    my ($profile, $type) = @_;
    my $ks = MemsnapPrint::new_key_space($profile, { key => $type });
    my ($n, @key_of) = $type eq 'traceback' ? $#{ $profile->{stacks} } : $#{ $profile->{frames} };
    for my $id (1 .. $n) {
        $key_of[$id] = $type eq 'traceback' ? MemsnapPrint::traceback_key($ks, $id)
                                            : MemsnapPrint::frame_key($ks, $id);
    }
    my %seen;
    my @keys = sort { MemsnapPrint::key_cmp($a, $b) } grep { !$seen{$_}++ } @key_of[1 .. $n];
    my %rank;
    @rank{@keys} = (0 .. $#keys);
    return '{"labels":[' . join(',', map { js_string($_->{label}) } @keys) . '],'
         . '"of":[null' . join('', map { ",$rank{$_}" } @key_of[1 .. $n]) . ']}';
}

# [{id, name, origin, time_ms, time_b, bytes, blocks, peak, sites}...]:
# sites is [stack, bytes, blocks, stack, bytes, blocks...], or null for a
# snapshot not embedded.  A file of version 5 or later gives each
# snapshot rows in place of sites: [stack, bytes, blocks, allocated bytes,
# allocated blocks, temporary bytes, temporary blocks...], every stack
# with allocations (live blocks or not), and alloc and temp ([bytes,
# blocks]: the sums of those columns) and clears.  Each stack id is given
# as the difference from the one before (the tool writes them in
# increasing order, so these are small numbers: a third less HTML to
# load).
sub snapshots_data {
    my ($profile, $embed) = @_;
    my $churn = ($profile->{version} // 0) >= 5;
    my @out;
    for my $s (@{ $profile->{snapshots} }) {
        my $sites = 'null';
        if ($embed->{ $s->{id} }) {
            my $kept = $profile->{kept_id}{ $s->{id} };
            my $prev = 0;
            ($sites = $churn ? $kept->{rows} : $kept->{sites})
                =~ s/^site\t([0-9]+)\t([0-9\t]+)\n/my $d = $1 - $prev; $prev = $1; "$d\t$2,"/mge;
            $sites =~ tr/\t/,/;
            $sites =~ s/,\z//;
            $sites = "[$sites]";
        }
        my $fields = sprintf('"id":%d,"name":%s,"origin":%s,"time_ms":%s,"time_b":%s,"bytes":%s,'
                             . '"blocks":%s,"peak":%s', $s->{id}, js_string($s->{name}),
                             js_string($s->{origin}), @$s{qw(time_ms time_b bytes blocks peak)});
        $fields .= $churn ? sprintf(',"alloc":[%s,%s],"temp":[%s,%s],"clears":%s,"rows":%s',
                                    @$s{qw(alloc_bytes alloc_blocks temp_bytes temp_blocks clears)}, $sites)
                          : ",\"sites\":$sites";
        push @out, "{$fields}";
    }
    return "[\n" . join(",\n", @out) . "\n]";
}

# {unit, points: [[time, bytes, blocks, mark]...]}, or null.
sub timeline_data {
    my ($profile) = @_;
    my $tl = $profile->{timeline};
    return 'null' unless $tl && $tl->{n_points};
    my $points = MemsnapPrint::timeline_points($tl);
    return sprintf('{"unit":%s,"points":[%s]}', js_string($tl->{unit}),
                   join(',', map { "[$_->[0],$_->[1],$_->[2]," . js_string($_->[3]) . ']' } @$points));
}

# Most growth entries embedded per key type.
use constant GROWTH_ENTRIES => 100;

# {snaps: [ids], n, keys: {TYPE: {n_keys, entries: [[label, score,
# growth, grew, shrank, above, [bytes...], [blocks first, last], [frame
# ids of the main stack]]...]}}} (the score as memsnap_print prints it),
# or {why: text} when --growth would
# refuse the run (fewer than two snapshots).
sub growth_data {
    my ($profile) = @_;
    require MemsnapGrowth;
    my @types = qw(lineno filename function traceback);
    my $models = eval {
        MemsnapGrowth::models($profile, map { +{ key => $_, cumulative => 0, filters => [] } } @types)
    };
    if (!$models) {
        my $why = ref $@ eq 'HASH' ? $@->{message} : die $@;
        return '{"why":' . js_string($why =~ s/\A[^:]*: //r) . '}';
    }
    my (%keys, $model);
    for my $type (@types) {
        $model = shift @$models;
        my @e = @{ $model->{entries} };
        splice(@e, GROWTH_ENTRIES) if @e > GROWTH_ENTRIES;
        $keys{$type} = sprintf('{"n_keys":%d,"entries":[%s]}', $model->{n_keys}, join(",\n", map {
            my @fids = defined $_->{stack}
                ? MemsnapPrint::charged_frames($profile->{stacks}[ $_->{stack} ]) : ();
            sprintf('[%s,"%.2f",%d,%d,%d,%d,[%s],[%d,%d],[%s]]', js_string($_->{key}{label}), $_->{score},
                    @$_{qw(growth grew shrank above)}, join(',', @{ $_->{series} }),
                    $_->{blocks}[0], $_->{blocks}[-1], join(',', @fids))
        } @e));
    }
    return sprintf('{"snaps":[%s],"n":%d,"keys":{%s}}', join(',', map { $_->{id} } @{ $model->{snaps} }),
                   $model->{n}, join(',', map { "\"$_\":$keys{$_}" } sort keys %keys));
}

# A JSON string of the bytes of $s: each byte one character (the page
# decodes UTF-8 for display), '<' escaped so that no "</script>" can end
# the data early.
sub js_string {
    my ($s) = @_;
    $s =~ s/([\\"])/\\$1/g;
    $s =~ s/([\x00-\x1f<\x7f-\xff])/sprintf('\\u%04x', ord $1)/ge;
    return "\"$s\"";
}

# The page: report.html with the style, script, data and title in place.
sub fill_template {
    my ($profile, $data) = @_;
    my %part = (STYLE => read_part('report.css'), SCRIPT => read_part('report.js'), DATA => $data);
    my $page = read_part('report.html');
    my $title = html_escape("memsnap: " . ($profile->{header}{cmd} // $profile->{path}));
    $page =~ s/\@TITLE\@/$title/;
    $page =~ s/^\@(STYLE|SCRIPT|DATA)\@\n/$part{$1} =~ s|\n?\z|\n|r/mge;
    return $page;
}

sub read_part {
    my ($name) = @_;
    my $path = "$DIR/$name";
    open(my $fh, '<:raw', $path)
        or die { status => 1, message => "$path: cannot read the page template: $!" };
    local $/;
    return scalar <$fh>;
}

sub html_escape {
    my ($s) = @_;
    $s =~ s/&/&amp;/g;
    $s =~ s/</&lt;/g;
    $s =~ s/>/&gt;/g;
    $s =~ s/"/&quot;/g;
    return $s;
}

1;

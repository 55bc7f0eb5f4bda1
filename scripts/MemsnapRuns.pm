#--------------------------------------------------------------------
#--- memsnap: snapshots of two runs compared.       MemsnapRuns.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --compare=OLD.out:SNAP,NEW.out:SNAP': a snapshot of one
# file against a snapshot of another (two builds, two inputs, two
# versions of a program), and the FILE:SNAPSHOT selectors that name them.
#
#   selector    what names a snapshot: a name, #ID, peak or exit
#               (memsnap_print's parse_selector), optionally preceded by
#               FILE: its file, when not the FILE argument;
#   file part   the FILE of FILE:SNAPSHOT: the text before a ':' that names
#               an existing file (see split_file_part: file names and
#               snapshot names may both hold a ':');
#   run         one output file: its frames and stacks are numbered in the
#               order that run met them, so ids mean nothing in another
#               file, and its code addresses change between builds;
#   merged profile
#               the frames and stacks of two runs renumbered into one
#               profile, frames matched by what they show (function, file
#               and line; a frame without line information by function and
#               object name), never by id or address, so that the same
#               line of the same program is one key in both runs.  The
#               two snapshots' sites are rewritten to the merged stacks,
#               after which memsnap_print's statistics, filters and
#               exporters see one profile, as for a compare in one file.
package MemsnapRuns;

use strict;
use warnings;
use File::Basename qw(basename);

# The file part of selector text $text: (FILE, SNAPSHOT) when the text
# before exactly one of its ':' names an existing file (not a directory),
# (undef, $text) when none does.  Dies (usage) when two readings exist, so
# that a name never silently means two things.
sub split_file_part {
    my ($text) = @_;
    my @files;
    for (my $at = index($text, ':'); $at > 0; $at = index($text, ':', $at + 1)) {
        my $file = substr($text, 0, $at);
        push @files, $file if -f $file;
    }
    return (undef, $text) unless @files;
    MemsnapPrint::usage_error("'$text' is ambiguous: '$files[0]' and '$files[1]' are both files; "
                              . "rename one, or give the snapshot as #ID")
        if @files > 1;
    return ($files[0], substr($text, length($files[0]) + 1));
}

# Gives every snapshot selector of the options (--stats, --compare, the
# rules of --check) its file: its file part, else $file (the FILE
# argument); sets $o->{file} (the file of a report in one file, the new
# run's for a compare of two) and $o->{runs} (true for a compare of two
# files).  Dies on a usage error: no file where one is needed, or a FILE
# argument that nothing uses.
sub assign_files {
    my ($o, $file) = @_;
    my @sels = $o->{compare} ? @{ $o->{compare} } : $o->{stats} ? ($o->{stats}) : ();
    push @sels, map { @{ $_->{selectors} } } @{ $o->{rules} // [] };
    my $needs_file = !@sels || grep { $_->{needs_file} } @{ $o->{rules} // [] };
    for my $sel (grep { !defined $_->{file} } @sels) {
        no_file_error($sel) unless defined $file;
        $sel->{file} = $file;
        $needs_file = 1;
    }
    MemsnapPrint::usage_error("no file given") if $needs_file && !defined $file;
    MemsnapPrint::usage_error("the file '$file' is not used: every snapshot names its own file")
        if defined $file && !$needs_file;
    $o->{file} = $file // $sels[-1]{file};
    $o->{runs} = $o->{compare} && !same_file(map { $_->{file} } @{ $o->{compare} });
    if ($o->{runs}) {
        MemsnapPrint::usage_error("--html shows one run: it cannot compare snapshots of two files")
            if defined $o->{html};
        # (massif refuses --compare already.)
    }
    return;
}

# The error for selector $sel without a file part when no FILE is given:
# its text before the last ':' is taken for the file it meant.
sub no_file_error {
    my ($sel) = @_;
    my $text = $sel->{text};
    MemsnapPrint::usage_error("no file given for " . ($sel->{rule} // "the snapshot '$text'"))
        unless $text =~ /\A(.+):/s;
    my $file = $1;
    my $why = -d $file ? 'is a directory' : -e $file ? 'is not a file' : 'no such file';
    # (status 2 under --check: a file that cannot be read is not a broken rule)
    die { status => $sel->{rule} ? 2 : 1, message => "$file: $why (the file part of '$text', FILE:SNAPSHOT"
                                  . ($sel->{rule} ? " in $sel->{rule}" : '') . ")" };
}

# Why selector $sel names no snapshot of its file, when it may have meant
# FILE:SNAPSHOT: "; 'old.out' is not a file" (or '').
sub missing_file_hint {
    my ($sel) = @_;
    return '' unless defined $sel->{name} && $sel->{text} eq $sel->{name} && $sel->{name} =~ /\A(.+):/s;
    return "; '$1' is not a file";
}

# Are $x and $y the same file (one run)?
sub same_file {
    my ($x, $y) = @_;
    return 1 if $x eq $y;
    my @sx = stat $x;
    my @sy = stat $y;
    return @sx && @sy && $sx[0] == $sy[0] && $sx[1] == $sy[1];
}

# --compare of two files: reads each (the snapshot it needs only), selects
# the two snapshots and returns the merged profile, with the snapshots
# in $sel->{resolved} for select_snapshot.
sub read_runs {
    my ($opt) = @_;
    my ($old, $new) = @{ $opt->{compare} };
    my @pairs = map { [read_run($_), $_] } $old, $new;
    if ($opt->{attribution}) {    # each run charged again before they are merged
        MemsnapPrint::reattribute($pairs[0][0], $opt->{attribution});
        # The patterns that matched nothing in either run.
        print STDERR "memsnap_print: warning: $_\n"
            for MemsnapPrint::reattribute($pairs[1][0], $opt->{attribution});
    }
    my $merged = merge_runs(map { ($_->[0], $_->[0]{selected}) } @pairs);
    ($old->{resolved}, $new->{resolved}) = @{ $merged->{pair} };
    return $merged;
}

# Profile of the file of selector $sel with the snapshot it names in
# {selected}; a notice on stderr for a run that did not finish.
sub read_run {
    my ($sel) = @_;
    my $want = { names => {}, ids => {} };
    if (defined $sel->{id}) { $want->{ids}{ $sel->{id} } = 1 } else { $want->{names}{ $sel->{name} } = 1 }
    my $profile = MemsnapPrint::read_profile($sel->{file}, $want);
    print STDERR MemsnapPrint::render_unfinished_notice($profile)
        if !$profile->{summary} || $profile->{truncated};
    $profile->{selected} = MemsnapPrint::select_snapshot($profile, $sel);
    return $profile;
}

# The identity of a frame across runs: function, file and line; for a
# frame without line information, function and object base name (the
# object's directory differs between two builds as the source directory
# does, so neither directory is part of it), and for one without a
# function name either, its offset in the object (format 4), as its key
# labels it: the same code of the same build.
sub frame_identity {
    my ($f) = @_;
    my ($line, $fn, $file, $dir, $obj, $addr, $offset) = @$f;
    return join("\0", $fn, $file, $line) if $line > 0;
    return join("\0", $fn, '', 0, basename($obj), $fn eq '' ? $offset // '' : '');
}

# The identity of a frame in one build: frame_identity, directory and object.
sub build_identity {
    my ($f) = @_;
    return join("\0", frame_identity($f), @$f[3, 4]);
}

# The merged frame ids of the frames of $new and of $old, added to the
# merged profile $m (two arrays by frame id).  Every frame of the new run
# is a merged frame; a frame of the old run is the one of the new run with
# the same build_identity (a build in the same directory) when it is not
# taken yet, else the first not taken with the same frame_identity, in the
# order the new run defines them (a build elsewhere), else a frame of its own.
sub map_frames {
    my ($m, $new, $old) = @_;
    my (@new_map, @old_map, %same_build, %same_frame, %taken, @rest);
    for my $fid (1 .. $#{ $new->{frames} }) {
        my $f = $new->{frames}[$fid];
        push @{ $m->{frames} }, $f;
        my $id = $new_map[$fid] = $#{ $m->{frames} };
        $same_build{ build_identity($f) } //= $id;
        push @{ $same_frame{ frame_identity($f) } }, $id;
    }
    for my $fid (1 .. $#{ $old->{frames} }) {
        my $id = $same_build{ build_identity($old->{frames}[$fid]) };
        if (defined $id && !$taken{$id}++) { $old_map[$fid] = $id } else { push @rest, $fid }
    }
    for my $fid (@rest) {
        my $f = $old->{frames}[$fid];
        my ($id) = grep { !$taken{$_} } @{ $same_frame{ frame_identity($f) } // [] };
        if (!defined $id) {
            push @{ $m->{frames} }, $f;
            $id = $#{ $m->{frames} };
        }
        $taken{$id} = 1;
        $old_map[$fid] = $id;
    }
    return (\@new_map, \@old_map);
}

# The merged profile of snapshot $old_snap of $old and $new_snap of $new:
#   frames, stacks  the new run's first (in their order), then those of
#                   the old run that the new one does not have; a frame
#                   of both keeps the new run's fields;
#   header, summary the new run's; path "OLD vs NEW";
#   pair            [old snapshot, new snapshot], each with {file} and
#                   its sites (and rows) rewritten to the merged stack ids.
# Frames are matched by map_frames: two frames of one run with the same
# identity (two files of one name in different directories) stay two.
sub merge_runs {
    my ($old, $old_snap, $new, $new_snap) = @_;
    my $m = { %$new, frames => [undef], stacks => [undef], snapshots => [], kept_name => {},
              kept_id => {}, snapshot_id => {}, last => undef, peak => undef, selected => undef,
              timeline => undef, truncated => undef,
              path => "$old->{path} vs $new->{path}", runs => [$old->{path}, $new->{path}] };
    my ($new_fmap, $old_fmap) = map_frames($m, $new, $old);
    my (%stack_id, @pair);
    for my $run ([$new, $new_snap, $new_fmap], [$old, $old_snap, $old_fmap]) {
        my ($p, $snap, $fmap) = @$run;
        my @smap;
        for my $sid (1 .. $#{ $p->{stacks} }) {
            my ($attributed, @fids) = @{ $p->{stacks}[$sid] };
            my $stack = [$attributed, map { $fmap->[$_] } @fids];
            $smap[$sid] = $stack_id{ join(',', @$stack) } //= do {
                push @{ $m->{stacks} }, $stack;
                $#{ $m->{stacks} };
            };
        }
        unshift @pair, { %$snap, file => $p->{path}, sites => remap_rows($snap->{sites}, \@smap),
                         (defined $snap->{rows} ? (rows => remap_rows($snap->{rows}, \@smap)) : ()) };
    }
    $m->{pair} = \@pair;
    return $m;
}

# The site lines $sites (or the rows of a version 5 table) with their
# stack ids mapped by @$smap (two stacks of one run that become one: one
# line, the sums).
sub remap_rows {
    my ($sites, $smap) = @_;
    my %sum;
    for my $line (split /\n/, $sites) {
        my (undef, $sid, @n) = split /\t/, $line;
        my $e = $sum{ $smap->[$sid] } //= [(0) x @n];
        $e->[$_] += $n[$_] for 0 .. $#n;
    }
    return join('', map { join("\t", 'site', $_, @{ $sum{$_} }) . "\n" } sort { $a <=> $b } keys %sum);
}

# The default names of the files of an export of a compare of two runs
# (@$files: [role, contents]...): a file of its own for each snapshot
# (role old, new) beside its run, OLD.SNAP.SUFFIX and NEW.SNAP.SUFFIX;
# one file for both beside the new run, NEW.vs.OLDBASE.OLDSNAP-NEWSNAP.SUFFIX.
sub export_file_names {
    my ($opt, $fmt, $files) = @_;
    my ($old, $new) = @{ $opt->{compare} };
    my ($po, $pn) = map { MemsnapPrint::selector_file_part($_) } $old, $new;
    my %name = (old => "$old->{file}.$po.$fmt->{suffix}", new => "$new->{file}.$pn.$fmt->{suffix}",
                '' => "$new->{file}.vs." . basename($old->{file}) . ".$po-$pn.$fmt->{suffix}");
    return map { $name{ $_->[0] } } @$files;
}

1;

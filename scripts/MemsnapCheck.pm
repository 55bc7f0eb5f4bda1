#--------------------------------------------------------------------
#--- memsnap: budgets for CI.                      MemsnapCheck.pm ---
#--------------------------------------------------------------------
# This file is part of memsnap, a Valgrind tool that brings Python's
# tracemalloc model to C programs.  SPDX-License-Identifier: GPL-2.0-or-later

# `memsnap_print --check=RULE ... [FILE]': memory budgets, for a CI job
# to fail on.  Each rule compares one quantity of the run with a limit;
# memsnap_print prints one line per rule (ok or FAIL, with the value it
# found) and, under a broken rule, the top entries responsible; it exits
# 0 when every rule holds, 1 when one is broken, 2 when a rule, an option
# or a file is bad (a file that cannot be read is never a broken rule).
#
#   rule      QUANTITY OP LIMIT, as in peak<=64MiB (the grammar is in
#             docs/memsnap.md, "Budgets", and in parse_rule below);
#   quantity  what is measured, in bytes or in blocks (the unit of the
#             limit says which): the run's peak or what is left at exit
#             (from the summary), a snapshot's total, the growth from one
#             snapshot to another (of one run or of two, see MemsnapRuns),
#             or what the sites whose frame matches a pattern hold in a
#             snapshot (site(GLOB[:LINE]), file(GLOB), function(GLOB));
#   limit     a number with a unit: B (the default), KiB, MiB, GiB, TiB
#             (powers of 1024), KB, MB, GB, TB (powers of 1000), blocks,
#             or % (growth only: of the old snapshot's bytes);
#   entries   the statistics lines that explain a broken rule: the top
#             --limit (default 5) of its snapshot, or of its compare in
#             the direction that broke it, by --key (default the rule's:
#             lineno, filename or function).
package MemsnapCheck;

use strict;
use warnings;

use constant OPERATORS => {
    '<=' => sub { $_[0] <= $_[1] }, '<' => sub { $_[0] < $_[1] }, '==' => sub { $_[0] == $_[1] },
    '>=' => sub { $_[0] >= $_[1] }, '>' => sub { $_[0] > $_[1] },
};

# The units of a limit: [measure, factor].
use constant UNITS => {
    '' => ['bytes', 1], B => ['bytes', 1],
    KiB => ['bytes', 1024], MiB => ['bytes', 1024**2], GiB => ['bytes', 1024**3], TiB => ['bytes', 1024**4],
    KB => ['bytes', 1e3], MB => ['bytes', 1e6], GB => ['bytes', 1e9], TB => ['bytes', 1e12],
    block => ['blocks', 1], blocks => ['blocks', 1], '%' => ['percent', 1],
};
use constant UNIT_LIST => 'B, KiB, MiB, GiB, TiB, KB, MB, GB, TB, blocks or %';

# The quantities: their arguments, and the key of their entries.
use constant QUANTITIES => {
    peak     => { args => 0, key => 'lineno' },
    exit     => { args => 0, key => 'lineno' },
    snapshot => { args => 1, key => 'lineno' },
    growth   => { args => 2, key => 'lineno' },
    site     => { args => 'pattern', key => 'lineno' },
    file     => { args => 'pattern', key => 'filename' },
    function => { args => 'pattern', key => 'function' },
};
use constant QUANTITY_LIST => 'peak, exit, snapshot(S), growth(A,B), site(GLOB[:LINE][,S]), '
                            . 'file(GLOB[,S]) or function(GLOB[,S])';

# Entries under a broken rule when --limit is not given.
use constant DEFAULT_ENTRIES => 5;

#----------------------------------------------------------------------
# The rules
#----------------------------------------------------------------------

# Parses the --check values of the options $o into $o->{rules}; refuses
# the options that do not go with --check.
sub check_options {
    my ($o) = @_;
    for my $name (qw(stats compare html format output growth)) {
        MemsnapPrint::usage_error("--check takes no --$name") if defined $o->{$name};
    }
    MemsnapPrint::usage_error("--check takes no --include or --exclude: "
                              . "site(), file() and function() choose the sites of a rule")
        if @{ $o->{filters} };
    $o->{rules} = [map { parse_rule($_) } @{ $o->{check} }];
    return;
}

sub rule_error {
    my ($text, $msg) = @_;
    MemsnapPrint::usage_error("bad rule --check='$text': $msg");
}

# A rule from its text: { text, quantity, op, limit, measure (bytes,
# blocks, percent), selectors (with {role}: the snapshots it reads, the
# FILE argument's when they name no file), needs_file (peak and exit
# read the FILE argument's summary), pattern (a regex), by_line }.
sub parse_rule {
    my ($text) = @_;
    my ($lhs, $op, $rhs) = $text =~ /\A(.*)(<=|>=|==|<|>)(.*)\z/s
        or rule_error($text, 'no comparison: a rule is QUANTITY OP LIMIT, OP one of <=, <, ==, >=, > '
                             . '(as in peak<=64MiB)');
    my ($number, $unit) = $rhs =~ /\A\s*([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*([A-Za-z%]*)\s*\z/
        or rule_error($text, "the limit '" . ($rhs =~ s/\A\s+|\s+\z//gr) . "' is not a number "
                             . "(with a unit: " . UNIT_LIST . ")");
    my $u = UNITS->{$unit} or rule_error($text, "unknown unit '$unit' (" . UNIT_LIST . ")");
    my ($name, $args) = $lhs =~ /\A\s*([A-Za-z]\w*)\s*(?:\((.*)\))?\s*\z/s
        or rule_error($text, "cannot read the quantity '" . ($lhs =~ s/\A\s+|\s+\z//gr)
                             . "' (" . QUANTITY_LIST . ")");
    my $q = QUANTITIES->{$name}
        or rule_error($text, "unknown quantity '$name' (" . QUANTITY_LIST . ")");
    my $rule = { text => $text, quantity => $name, op => $op, limit => $number * $u->[1],
                 measure => $u->[0], selectors => [] };
    rule_error($text, "a percentage needs a baseline: only growth(A,B) has one (of A's bytes)")
        if $u->[0] eq 'percent' && $name ne 'growth';
    if ($q->{args} eq 'pattern') {
        parse_pattern_args($rule, $args);
    } elsif ($q->{args} == 0) {
        rule_error($text, "$name takes no arguments") if defined $args;
        $rule->{needs_file} = 1;
        $rule->{selectors} = [rule_selector($rule, $name, 'entries')];
    } else {
        my @a = split /,/, $args // '', -1;
        rule_error($text, "$name takes " . ($q->{args} == 1 ? 'one snapshot' : 'two snapshots, A,B')
                          . (defined $args ? ", not '$args'" : ''))
            if @a != $q->{args} || grep { /\A\s*\z/ } @a;
        $rule->{selectors} = [map { rule_selector($rule, $a[$_], $_ ? 'new' : 'old') } 0 .. $#a];
    }
    return $rule;
}

# site(GLOB[:LINE][,S]), file(GLOB[,S]), function(GLOB[,S]): the pattern
# and the snapshot (after the last comma; default the peak snapshot).
sub parse_pattern_args {
    my ($rule, $args) = @_;
    my ($text, $name) = @$rule{qw(text quantity)};
    rule_error($text, "$name takes a pattern: $name(GLOB" . ($name eq 'site' ? '[:LINE]' : '')
                      . "[,SNAPSHOT])") unless defined $args && $args =~ /\S/;
    my ($pattern, $snap) = $args =~ /\A(.*),(.*)\z/s ? ($1, $2) : ($args, 'peak');
    s/\A\s+|\s+\z//g for $pattern, $snap;
    rule_error($text, "$name has an empty pattern") if $pattern eq '';
    rule_error($text, "$name has an empty snapshot after its comma") if $snap eq '';
    # site(): FILE:LINE against the frame's file and line (as
    # --include takes them), or only the file when there is no ':'.
    $rule->{by_line} = $name eq 'site' && $pattern =~ /:/;
    $rule->{pattern} = MemsnapPrint::fnmatch_regex($pattern);
    $rule->{pattern_text} = $pattern;
    $rule->{selectors} = [rule_selector($rule, $snap, 'at')];
}

# The selector $text of rule $rule, in role $role (old, new, at, entries);
# a bad one is an error naming the rule.
sub rule_selector {
    my ($rule, $text, $role) = @_;
    my $sel = eval { MemsnapPrint::parse_selector($text =~ s/\A\s+|\s+\z//gr) };
    if (!$sel) {
        my $err = $@;
        die $err unless ref $err eq 'HASH';
        rule_error($rule->{text}, $err->{message} =~ s/ \(see memsnap_print --help\)\z//r);
    }
    return { %$sel, role => $role, rule => "--check='$rule->{text}'" };
}

#----------------------------------------------------------------------
# Checking
#----------------------------------------------------------------------

# --check: checks every rule of $opt->{rules}, prints their lines;
# returns 0 (all hold) or 1 (one is broken).  A file that cannot be read,
# a snapshot that does not exist, or a rule that the file cannot answer
# (peak of a run that did not finish) is status 2.
sub run_check {
    my ($opt) = @_;
    my @results = eval {
        my $files = read_files($opt);
        map { check_rule($opt, $files, $_) } @{ $opt->{rules} };
    };
    if (my $err = $@) {
        $err->{status} = 2 if ref $err eq 'HASH' && $err->{status} == 1;
        die $err;
    }
    my $broken = grep { !$_->{holds} } @results;
    print map { render_result($_) } @results;
    printf STDERR "memsnap_print: %d of %d rule%s broken\n", $broken, scalar(@results),
        @results == 1 ? '' : 's' if $broken;
    return $broken ? 1 : 0;
}

# Reads each file the rules need once, keeping the snapshots they name:
# { file => profile }.
sub read_files {
    my ($opt) = @_;
    my (%want, @order);
    for my $sel (map { @{ $_->{selectors} } } @{ $opt->{rules} }) {
        my $w = $want{ $sel->{file} } //= do { push @order, $sel->{file}; { names => {}, ids => {} } };
        if (defined $sel->{id}) { $w->{ids}{ $sel->{id} } = 1 } else { $w->{names}{ $sel->{name} } = 1 }
    }
    my (%profiles, @warnings);
    for my $file (@order) {
        my $p = $profiles{$file} = MemsnapPrint::read_profile($file, $want{$file});
        print STDERR MemsnapPrint::render_unfinished_notice($p) if !$p->{summary} || $p->{truncated};
        # --attribute, --alloc-fn...: each file charged again (the
        # warnings: the patterns that matched nothing in any of them).
        @warnings = MemsnapPrint::reattribute($p, $opt->{attribution}) if $opt->{attribution};
    }
    print STDERR "memsnap_print: warning: $_\n" for @warnings;
    return \%profiles;
}

# Checks one rule: { rule, value (bytes, blocks or percent), text (what
# was found, in words), holds, entries (text, for a broken rule) }.
sub check_rule {
    my ($opt, $files, $rule) = @_;
    my $q = $rule->{quantity};
    my $r = eval {
          $q eq 'peak' || $q eq 'exit' ? check_summary($opt, $files, $rule)
        : $q eq 'snapshot'             ? check_snapshot($opt, $files, $rule)
        : $q eq 'growth'               ? check_growth($opt, $files, $rule)
        :                                check_sites($opt, $files, $rule);
    };
    if (!$r) {
        my $err = $@;
        $err->{message} .= " (in --check='$rule->{text}')" if ref $err eq 'HASH' && $err->{message} !~ /--check=/;
        die $err;
    }
    $r->{rule} = $rule;
    $r->{holds} = OPERATORS->{ $rule->{op} }->($r->{value}, $rule->{limit});
    $r->{entries} = '' if $r->{holds};
    return $r;
}

# peak, exit: from the summary of the FILE argument; the entries from its
# peak or exit snapshot, when the file has it.
sub check_summary {
    my ($opt, $files, $rule) = @_;
    my ($sel) = @{ $rule->{selectors} };
    my $p = $files->{ $sel->{file} };
    my $sum = $p->{summary}
        or die { status => 2, message => "$p->{path}: the run did not finish (no summary): "
                                         . "$sel->{rule} cannot be checked" };
    my $i = $rule->{quantity} eq 'peak' ? 2 : 4;
    my $value = $rule->{measure} eq 'blocks' ? $sum->[ $i + 1 ] : $sum->[$i];
    my $snap = $p->{kept_name}{ $sel->{name} };
    my $text = $rule->{quantity} eq 'peak' ? "the peak is " . amount($rule, $value)
                                           : amount($rule, $value) . " left at exit";
    return { value => $value, text => $text,
             entries => $snap ? snapshot_entries($opt, $rule, $p, $snap) : '' };
}

# snapshot(S): its total.
sub check_snapshot {
    my ($opt, $files, $rule) = @_;
    my ($p, $snap) = selected($files, $rule->{selectors}[0]);
    my $value = $snap->{ $rule->{measure} };
    return { value => $value, text => snapshot_title($snap) . ' holds ' . amount($rule, $value),
             entries => snapshot_entries($opt, $rule, $p, $snap) };
}

# growth(A,B): B's total less A's (in % of A's bytes), with the entries
# of B compared to A (of one run, or of two merged).
sub check_growth {
    my ($opt, $files, $rule) = @_;
    my ($sa, $sb) = @{ $rule->{selectors} };
    my ($pa, $old) = selected($files, $sa);
    my ($pb, $new) = selected($files, $sb);
    my $measure = $rule->{measure} eq 'blocks' ? 'blocks' : 'bytes';
    my ($from, $to) = ($old->{$measure}, $new->{$measure});
    my $diff = $to - $from;
    my $value = $diff;
    my $by = amount($rule, abs $diff);
    if ($rule->{measure} eq 'percent') {
        # (From nothing, any growth is an infinite percentage.)
        $value = $from ? 100 * $diff / $from : $diff ? 9**9**9 : 0;
        $by = $from ? sprintf('%.1f%%', abs $value) : 'an infinite percentage (from 0)';
    }
    my $text = ($diff > 0 ? "grew by $by" : $diff < 0 ? "shrank by $by" : 'did not change') . ': '
             . MemsnapPrint::commify($from) . ' -> ' . MemsnapPrint::commify($to) . " $measure";
    my ($profile, $o, $n) = MemsnapRuns::same_file($pa->{path}, $pb->{path}) ? ($pa, $old, $new)
                          : do { my $m = MemsnapRuns::merge_runs($pa, $old, $pb, $new); ($m, @{ $m->{pair} }) };
    return { value => $value, text => $text,
             entries => compare_entries($opt, $rule, $profile, $o, $n, $value) };
}

# site(), file(), function(): what the sites whose frame matches hold in
# the snapshot; the entries are those sites.
sub check_sites {
    my ($opt, $files, $rule) = @_;
    my ($p, $snap) = selected($files, $rule->{selectors}[0]);
    my $matches = matching_stacks($opt, $rule, $p);
    my ($sites, $bytes, $blocks, $n) = ('', 0, 0, 0);
    while ($snap->{sites} =~ /^(site\t([0-9]+)\t([0-9]+)\t([0-9]+)\n)/mg) {
        next unless $matches->($2);
        ($sites, $bytes, $blocks, $n) = ($sites . $1, $bytes + $3, $blocks + $4, $n + 1);
    }
    my $value = $rule->{measure} eq 'blocks' ? $blocks : $bytes;
    my $what = { site => 'sites', file => 'files', function => 'functions' }->{ $rule->{quantity} };
    my $text = ($n ? amount($rule, $value) . " in the $what matching '$rule->{pattern_text}'"
                   : "nothing: no site matches '$rule->{pattern_text}'")
             . ', snapshot ' . snapshot_title($snap);
    return { value => $value, text => $text,
             entries => snapshot_entries($opt, $rule, $p, { %$snap, sites => $sites }) };
}

# Does stack id $sid of profile $p match the rule's pattern?  Its frame
# (the attributed one), or with --cumulative any frame of its traceback.
sub matching_stacks {
    my ($opt, $rule, $p) = @_;
    my %memo;
    my $frame_matches = sub {
        my ($f) = @_;
        return ($f->[1] eq '' ? '<unknown>' : $f->[1]) =~ $rule->{pattern}
            if $rule->{quantity} eq 'function';
        my ($name, $line) = MemsnapPrint::filter_frame_name($f);
        return ($rule->{by_line} ? "$name:$line" : $name) =~ $rule->{pattern};
    };
    return sub {
        my ($sid) = @_;
        return $memo{$sid} //= do {
            my @fids = MemsnapPrint::charged_frames($p->{stacks}[$sid]);
            @fids = ($fids[0]) unless $opt->{cumulative};
            (grep { $frame_matches->($p->{frames}[$_]) } @fids) ? 1 : 0;
        };
    };
}

# The profile of selector $sel's file and the snapshot it names (dies,
# naming the names that exist, when there is none).
sub selected {
    my ($files, $sel) = @_;
    my $p = $files->{ $sel->{file} };
    my $snap = eval { MemsnapPrint::select_snapshot($p, $sel) };
    return ($p, $snap) if $snap;
    my $err = $@;
    $err->{message} .= MemsnapRuns::missing_file_hint($sel) if ref $err eq 'HASH';
    die $err;
}

#----------------------------------------------------------------------
# Entries and text
#----------------------------------------------------------------------

# The key space of a rule's entries: --key, else the rule's own key.
sub entry_key_space {
    my ($opt, $rule, $profile) = @_;
    my $key = (grep { $_ eq 'key' } @{ $opt->{statistics_opts} }) ? $opt->{key}
                                                                   : QUANTITIES->{ $rule->{quantity} }{key};
    return MemsnapPrint::new_key_space($profile, { key => $key, cumulative => 0, filters => [] });
}

sub entry_limit {
    my ($opt) = @_;
    return (grep { $_ eq 'limit' } @{ $opt->{statistics_opts} }) ? $opt->{limit} : DEFAULT_ENTRIES;
}

# The top entries of snapshot $snap: biggest first (most blocks first
# for a rule on blocks).
sub snapshot_entries {
    my ($opt, $rule, $p, $snap) = @_;
    my @e = @{ MemsnapPrint::statistics(entry_key_space($opt, $rule, $p), $snap) };
    @e = sort { $b->[2] <=> $a->[2] } @e if $rule->{measure} eq 'blocks';
    return MemsnapPrint::render_entries($p, \@e, entry_limit($opt));
}

# The entries of $new compared to $old that moved in the direction of
# $value (growth for a positive one): those that broke the rule.
sub compare_entries {
    my ($opt, $rule, $p, $old, $new, $value) = @_;
    my $i = $rule->{measure} eq 'blocks' ? 4 : 2;
    my @e = grep { $value >= 0 ? $_->[$i] > 0 : $_->[$i] < 0 }
                 @{ MemsnapPrint::compare_statistics(entry_key_space($opt, $rule, $p), $old, $new) };
    @e = sort { abs($b->[4]) <=> abs($a->[4]) } @e if $i == 4;
    return MemsnapPrint::render_entries($p, \@e, entry_limit($opt));
}

# $value in the rule's measure: "1,258,291 bytes (1.2 MiB)", "64 blocks".
sub amount {
    my ($rule, $value) = @_;
    return MemsnapPrint::blocks_text($value) if $rule->{measure} eq 'blocks';
    my $text = MemsnapPrint::commify($value) . ($value == 1 ? ' byte' : ' bytes');
    return $text if $value < 1024;
    my ($v, @units) = ($value / 1024, qw(KiB MiB GiB TiB));
    while ($v >= 1024 && @units > 1) { $v /= 1024; shift @units }
    return sprintf('%s (%.1f %s)', $text, $v, $units[0]);
}

sub snapshot_title {
    my ($s) = @_;
    return "#$s->{id} '$s->{name}'";
}

# The lines of one rule: "ok    RULE: what was found", or "FAIL  ..."
# and its entries, indented.
sub render_result {
    my ($r) = @_;
    my $out = sprintf("%-6s%s: %s\n", $r->{holds} ? 'ok' : 'FAIL', $r->{rule}{text}, $r->{text});
    $out .= $r->{entries} =~ s/^/      /mgr if $r->{entries} ne '';
    return $out;
}

1;

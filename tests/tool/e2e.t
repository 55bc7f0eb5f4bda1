#!/usr/bin/perl
# End to end: real programs run under memsnap print statistics
# and comparisons in-process; the built scripts/memsnap_print, given the
# output file of the same run, must print exactly the same lines (the log's
# without their ==PID== prefix) for the same snapshots, key and limit.
#   - tests/progs/e2e_report.c: every key (lineno, filename, function,
#     traceback, and the first three with ,cumulative), limit 0 and small
#     limits, several pairs and snapshots; it marks each request in the log
#     ("@@ compare OLD NEW KEY LIMIT"), so that each is checked alone.
#   - keys, frees, realloc, example (the tool tests' programs): their
#     requests, in source order, against the concatenated script outputs.
#   - the statistics at exit against --stats=exit.
#   - the default report runs without error on every file.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();

# The in-process output: statistics lines and traceback frames of LOG (a
# raw log) before the exit summary, without the ==PID== prefix.
sub inproc_lines {
    my ($raw) = @_;
    my ($before) = split /^Total:/m, strip_pid($raw), 2;
    return join('', map { "$_\n" } grep { /^(Statistics of|Changes from) / || /: size=-?\d/
                                          || /^    (at|by) / } split /\n/, $before);
}

# memsnap_print ARGS on FILE; checks it succeeded quietly; returns stdout.
sub report {
    my ($file, $name, @args) = @_;
    my $p = run_print(@args, $file);
    is($p->{exit}, 0, "$name: memsnap_print exits 0") or diag($p->{stderr});
    is($p->{stderr}, '', "$name: nothing on stderr");
    return $p->{stdout};
}

# The script's options for KEY ("lineno,cumulative" -> --key=lineno
# --cumulative; with $joined, --key=lineno,cumulative as it is).
sub key_opts {
    my ($key, $joined) = @_;
    return ("--key=$key") if $joined || $key !~ /,cumulative$/;
    (my $k = $key) =~ s/,cumulative$//;
    return ("--key=$k", '--cumulative');
}

sub outfile {
    my ($r) = @_;
    return "$r->{dir}/memsnap.out.$r->{pid}";
}

# --- e2e_report: each request alone ----------------------------------------
my $r = run_memsnap(prog => 'e2e_report');
is($r->{exit}, 0, 'e2e_report: exit 0');
my $file = outfile($r);
ok(-s $file, 'e2e_report: output file written');
my @parts = split /^\@\@ /m, strip_pid($r->{stderr_raw});
shift @parts;                       # the banner
my $n = 0;
my %cum_joined;
for my $part (@parts) {
    my ($req, $body) = split /\n/, $part, 2;
    $body =~ s/^\n.*\z//ms;         # the blank line before the summary, and all after
    my ($what, @a) = split / /, $req;
    my ($key, $limit) = @a[-2, -1];
    # Both spellings of cumulative: --key=K,cumulative once per key, else
    # --key=K --cumulative.
    my $joined = $key =~ /,cumulative$/ && !$cum_joined{$key}++;
    my @opts = (key_opts($key, $joined), "--limit=$limit");
    push @opts, $what eq 'compare' ? "--compare=$a[0],$a[1]" : "--stats=$a[0]";
    ok(length $body, "e2e_report $req: printed something in-process");
    my $out = report($file, "e2e_report $req", @opts);
    is($out, $body, "e2e_report $req: memsnap_print @opts prints the same");
    $n++;
}
is($n, 4 * 7 + 2 * 7 + 3 * 7 + 2, 'e2e_report: every request checked');

# The statistics printed at exit: top 10 by lineno.
my @exit = exit_stat_lines(filter_stderr($r->{stderr}));
ok(@exit >= 2, 'e2e_report: statistics at exit printed');
my $out = report($file, 'e2e_report --stats=exit', '--stats=exit', '--limit=10');
like($out, qr/\AStatistics of #\d+ 'exit' by lineno, \d+ of \d+ entries:\n/,
     'e2e_report: --stats=exit: the heading names the request');
$out =~ s/\A.*\n//;    # the exit summary has a heading of its own
is($out, join('', map { "$_\n" } @exit), 'e2e_report: --stats=exit --limit=10 equals the exit statistics');

# The default report.
$out = report($file, 'e2e_report default report');
for my $name (qw(empty one two three dup exit)) {
    like($out, qr/\b\Q$name\E\b/, "e2e_report default report: snapshot $name listed");
}

# The same run with --key=function and --stats-at-exit=2.
$r = run_memsnap(prog => 'e2e_report', opts => [ '--key=function', '--stats-at-exit=2' ]);
is($r->{exit}, 0, 'e2e_report --key=function: exit 0');
@exit = exit_stat_lines(filter_stderr($r->{stderr}));
is(scalar(@exit), 2, 'e2e_report --key=function --stats-at-exit=2: two lines at exit');
$out = report(outfile($r), 'e2e_report --key=function exit',
              '--stats=exit', '--key=function', '--limit=2');
$out =~ s/\AStatistics of #\d+ 'exit' by function, 2 of \d+ entries:\n//;
is($out, join('', map { "$_\n" } @exit), '--stats=exit --key=function --limit=2 equals them');

# --- The tool tests' programs: every request, in source order --------------
my %seq = (
    example => [ [qw(compare before after lineno 0)] ],
    frees   => [ [qw(compare full partial lineno 0)], [qw(compare partial empty lineno 0)],
                 [qw(compare start empty lineno 0)] ],
    realloc => [ [qw(compare a b lineno 0)], [qw(compare b c lineno 0)] ],
    # (keys.c's STATS with traceback,cumulative prints only a warning.)
    keys    => [ (map { [ 'stats', 's', $_, 0 ] }
                  'lineno', 'filename', 'function', 'traceback',
                  'lineno,cumulative', 'filename,cumulative'),
                 [qw(compare start s filename 0)], [qw(compare start s function 0)],
                 [qw(stats s lineno 2)] ],
);
for my $prog (sort keys %seq) {
    my $p = run_memsnap(prog => $prog);
    is($p->{exit}, 0, "$prog: exit 0");
    my $want = inproc_lines($p->{stderr_raw});
    ok(length $want, "$prog: in-process lines");
    my $got = '';
    for my $q (@{ $seq{$prog} }) {
        my ($what, @a) = @$q;
        my ($key, $limit) = @a[-2, -1];
        my @opts = (key_opts($key), "--limit=$limit",
                    $what eq 'compare' ? "--compare=$a[0],$a[1]" : "--stats=$a[0]");
        $got .= report(outfile($p), "$prog: @opts", @opts);
    }
    is($got, $want, "$prog: memsnap_print prints what the program printed, request by request");
    my $def = report(outfile($p), "$prog: default report");
    like($def, qr/\bexit\b/, "$prog: default report lists the exit snapshot");
}
done_testing();

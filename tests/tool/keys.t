#!/usr/bin/perl
# Every statistics key and cumulative mode (tests/progs/keys.c and
# keys_util.c), through the STATS/COMPARE requests and through --key for
# the statistics printed at exit.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'keys.c:' . line_of('keys.c', $_) } qw(M1 LEAF MID CALLMID CALLU);
$L{U1} = 'keys_util.c:' . line_of('keys_util.c', 'U1');
my ($m1, $leaf, $mid, $callmid, $callu, $u1) = map { (split /:/)[1] } @L{qw(M1 LEAF MID CALLMID CALLU U1)};

# BLOCK is found as consecutive lines of LOG.
sub has_block {
    my ($log, $lines, $name) = @_;
    my $want = join("\n", @$lines);
    like($log, qr/^\Q$want\E$/m, $name);
}

my $r = run_memsnap(prog => 'keys');
is($r->{exit}, 0, 'exit status 0');
my $log = $r->{stderr};

my @lineno = (
    "$L{M1}: size=1000 B, count=1, average=1000 B",
    "$L{LEAF}: size=600 B, count=3, average=200 B",
    "$L{U1}: size=100 B, count=2, average=50 B",
);
has_block($log, \@lineno, 'lineno');
has_block($log, [ "keys.c:0: size=1600 B, count=4, average=400 B",
                  "keys_util.c:0: size=100 B, count=2, average=50 B" ], 'filename');
has_block($log, [ "main: size=1000 B, count=1, average=1000 B",
                  "leaf: size=600 B, count=3, average=200 B",
                  "util_alloc: size=100 B, count=2, average=50 B" ], 'function');
# traceback: labelled by the allocation site, then the frames.
has_block($log, [ "$L{M1}: size=1000 B, count=1, average=1000 B",
                  "    at 0x........: main (keys.c:$m1)" ], 'traceback: main block');
has_block($log, [ "$L{LEAF}: size=600 B, count=3, average=200 B",
                  "    at 0x........: leaf (keys.c:$leaf)",
                  "    by 0x........: mid (keys.c:$mid)",
                  "    by 0x........: main (keys.c:$callmid)" ], 'traceback: leaf blocks');
has_block($log, [ "$L{U1}: size=100 B, count=2, average=50 B",
                  "    at 0x........: util_alloc (keys_util.c:$u1)",
                  "    by 0x........: main (keys.c:$callu)" ], 'traceback: util_alloc blocks');
# lineno,cumulative: every frame; ties in size and count by (file, line)
# descending (frames below main, if any, would come first: 1700 B each).
has_block($log, [ "$L{M1}: size=1000 B, count=1, average=1000 B",
                  "$L{CALLMID}: size=600 B, count=3, average=200 B",
                  "$L{MID}: size=600 B, count=3, average=200 B",
                  "$L{LEAF}: size=600 B, count=3, average=200 B",
                  "$L{U1}: size=100 B, count=2, average=50 B",
                  "$L{CALLU}: size=100 B, count=2, average=50 B" ], 'lineno,cumulative');
# filename,cumulative: keys.c counted once per frame: 1000 + 3*600 + 100.
like($log, qr/^keys\.c:0: size=2900 B, count=12, average=242 B$/m,
     'filename,cumulative: keys.c:0 2900 B in 12 (frame) blocks');
like($log, qr/^keys_util\.c:0: size=100 B, count=2, average=50 B$/m,
     'filename,cumulative: keys_util.c:0');
my @warn = $log =~ /^(memsnap: warning:.*)$/mg;
is(scalar(@warn), 1, 'traceback,cumulative: exactly one warning line');
like($warn[0] // '', qr/cumulative/, 'the warning is about cumulative');
has_block($log, [ "keys.c:0: size=1600 B (+1600 B), count=4 (+4), average=400 B",
                  "keys_util.c:0: size=100 B (+100 B), count=2 (+2), average=50 B" ],
          'compare by filename');
has_block($log, [ "main: size=1000 B (+1000 B), count=1 (+1), average=1000 B",
                  "leaf: size=600 B (+600 B), count=3 (+3), average=200 B",
                  "util_alloc: size=100 B (+100 B), count=2 (+2), average=50 B" ],
          'compare by function');
like($r->{stdout}, qr/^done$/m, 'the program goes on after the warning');

# The same numbers from the output file, grouped as the format says.
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 4 unless $m;
    my $g = group_snapshot($m, 's', 'lineno');
    is_deeply([ @$g{ @L{qw(M1 LEAF U1)} } ], [ [1000, 1], [600, 3], [100, 2] ], 'file: lineno');
    $g = group_snapshot($m, 's', 'function');
    is_deeply([ @$g{qw(main leaf util_alloc)} ], [ [1000, 1], [600, 3], [100, 2] ], 'file: function');
    $g = group_snapshot($m, 's', 'filename', 1);
    is_deeply([ @$g{qw(keys.c:0 keys_util.c:0)} ], [ [2900, 12], [100, 2] ], 'file: filename,cumulative');
    $g = group_snapshot($m, 's', 'lineno', 1);
    is_deeply([ @$g{ @L{qw(CALLMID MID LEAF CALLU)} } ], [ [600, 3], [600, 3], [600, 3], [100, 2] ],
              'file: lineno,cumulative');
}
golden_ok(drop_system_frames($log, qr/^keys:0: size=/), 'keys.stderr.exp',
          'log matches golden file (libc frames left out)');

# --key: the statistics printed at exit.  Nothing is freed, so they are
# the statistics of "s".
my %first = (
    lineno    => [ @lineno ],
    filename  => [ "keys.c:0: size=1600 B, count=4, average=400 B",
                   "keys_util.c:0: size=100 B, count=2, average=50 B" ],
    function  => [ "main: size=1000 B, count=1, average=1000 B",
                   "leaf: size=600 B, count=3, average=200 B",
                   "util_alloc: size=100 B, count=2, average=50 B" ],
    traceback => [ "$L{M1}: size=1000 B, count=1, average=1000 B",
                   "    at 0x........: main (keys.c:$m1)" ],
);
for my $key (qw(lineno filename function traceback)) {
    my $k = run_memsnap(prog => 'keys', opts => [ "--key=$key" ]);
    is($k->{exit}, 0, "--key=$key: exit 0");
    my ($after) = $k->{stderr} =~ /^(At exit:.*)\z/ms;
    ok(defined $after, "--key=$key: summary printed");
    my $want = join("\n", @{ $first{$key} });
    like($after // '', qr/^\Q$want\E$/m, "--key=$key: top statistics at exit");
    like($after // '', qr/memsnap\.out\.PID/, "--key=$key: output file named after the statistics");
}
done_testing();

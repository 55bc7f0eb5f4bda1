#!/usr/bin/perl
# Every monitor command of docs/memsnap.md, sent with the real vgdb to
# tests/progs/vgdb_server.c while it is blocked in open() of a FIFO (every
# thread in a system call: vgdb wakes Valgrind up through ptrace, and the
# command arrives with no valid thread).  Snapshots taken from vgdb and
# from client requests go to one output file; compare and stats from vgdb
# print exactly what the in-process requests print.  Skipped, saying why,
# where ptrace is forbidden.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $why = vgdb_skip_reason();
plan skip_all => $why if $why;

my %L = map { $_ => 'vgdb_server.c:' . line_of('vgdb_server.c', $_) }
        qw(TABLE ENTRY KEY CALLH CALLRUN);
my %N = map { $_ => (split /:/, $L{$_})[1] } keys %L;

# BLOCK (a list of lines) is the whole of TEXT.
sub lines_are {
    my ($text, $lines, $name) = @_;
    is(code_addresses_hidden($text), join('', map { "$_\n" } @$lines), $name);
}
# Traceback frames begin with their code address, which depends on where
# the program is loaded.
sub code_addresses_hidden {
    my ($text) = @_;
    return $text =~ s/^(    (?:at|by) )0x[0-9A-F]+: /${1}0x........: /mgr;
}

# TEXT is a stats or compare answer: HEADING (the line naming the
# request), then the entries LINES.
sub entries_are {
    my ($text, $heading, $lines, $name) = @_;
    lines_are($text, [ $heading, @$lines ], $name);
}

my @keys = ('lineno', 'filename', 'function', 'traceback', 'lineno,cumulative',
            'filename,cumulative', 'function,cumulative');
# The commands whose output must equal the in-process requests' output.
my @same = ((map { "compare warm c2 $_ 0" } @keys),
            (map { "compare c2 start $_ 0" } @keys),
            (map { "stats c2 $_ 0" } @keys),
            'compare start now lineno 2', 'stats now function 1');

my (%got, %addr, @blocked);
my $r = run_vgdb_session(prog => 'vgdb_server', session => sub {
    my ($s) = @_;
    push @blocked, $s->blocked;
    # help: Valgrind's general commands, then memsnap's.
    my ($help, $traced, $snap) = $s->monitor('help', 'traced', 'snapshot start');
    $got{help} = $help;
    $got{traced0} = $traced;
    $got{snap_start} = $snap;

    $s->request('grow 10', 'take c1');
    push @blocked, $s->blocked;
    $got{snap_warm} = $s->monitor('snapshot warm');
    $s->request('grow 5');
    $got{snap_default} = $s->monitor('snapshot');
    $s->request('grow 5', 'take c2');

    my @cmds = ('list', 'stats', 'stats warm', 'stats c1 filename',
                'stats monitor-4 function 2', 'stats c2 traceback',
                'stats c2 lineno,cumulative 0', 'stats c2 filename,cumulative 0',
                'stats c2 function,cumulative 0', 'stats now 1', 'stats lineno',
                'stats 2', 'stats warm traceback 1', 'stats now filename 0',
                'compare start warm', 'compare warm c2 traceback 0',
                'compare c1 now filename', 'compare warm c2 function 1',
                'compare warm c2 lineno,cumulative 0', 'compare c1 c2 filename,cumulative 0',
                'compare c2 warm', 'compare c2 c2 lineno 0', 'traced');
    my @ans = $s->monitor(@cmds);
    @got{@cmds} = @ans;

    # The same commands as client requests (to the log, between marks),
    # then from vgdb.
    $s->request(map { ("mark $_", $_) } @same);
    push @blocked, $s->blocked;
    my @vg = $s->monitor(@same);
    @got{ map { "vgdb $_" } @same } = @vg;

    # Peak, reset_peak, stop and start.
    $s->request('drop');
    my @c = ('traced', 'reset_peak', 'traced', 'stop');
    @got{ map { "1 $_" } @c } = $s->monitor(@c);
    $s->request('grow 3');
    @c = ('traced', 'start');
    @got{ map { "2 $_" } @c } = $s->monitor(@c);
    $s->request('grow 2', 'addr');
    my $out = $s->stdout;
    @addr{qw(table table_start)} = $out =~ /^table (0x[0-9a-f]+) inside (0x[0-9a-f]+)$/m;
    @addr{qw(entry entry_start)} = $out =~ /^entry (0x[0-9a-f]+) inside (0x[0-9a-f]+)$/m;
    die "no addresses printed:\n$out" unless $addr{entry};
    $addr{table_dec} = hex($addr{table});
    @c = ('traced', "traceback $addr{table}", "traceback $addr{table_dec}",
          "traceback $addr{entry}", 'traceback 0x10');
    @got{ map { "3 $_" } @c } = $s->monitor(@c);

    # clear, and the core's own commands.
    @c = ('clear', 'traced', 'stats now', 'list', "traceback $addr{table}",
          'v.wait 0', 'v.info n_errs_found');
    @got{ map { "4 $_" } @c } = $s->monitor(@c);
    $s->request('grow 1');
    $s->send('quit');
});
plan skip_all => $r->{vgdb_unusable} if $r->{vgdb_unusable};
is($r->{session_error}, undef, 'the session ran to its end') or diag($r->{session_error});
ok(!$r->{timed_out}, 'no timeout');
is($r->{exit}, 0, 'the program exits 0');
like($r->{stdout}, qr/^bye$/m, 'the program finished its loop');
is_deeply(\@blocked, [ (1) x 3 ], 'commands were sent while the program was blocked in open()');
my $log = $r->{stderr};
unlike($log, qr/memsnap: (warning|error)/, 'no warning or error in the log');

# help: the core's section, then memsnap's, listing every command.
my $help = $got{help} // '';
like($help, qr/^general valgrind monitor commands:\n.*^memsnap monitor commands:\n/ms,
     'help: memsnap monitor commands after the general ones');
my ($mhelp) = $help =~ /^(memsnap monitor commands:\n.*)\z/ms;
for my $c (qw(snapshot list stats compare traced reset_peak clear start stop traceback)) {
    like($mhelp // '', qr/^  .*\b\Q$c\E\b/m, "help lists $c");
}

is($got{traced0}, "current: 1,000 bytes in 1 block\npeak:    1,000 bytes in 1 block\n",
   'traced at start: the table');
is($got{snap_start}, "snapshot 1 start: 1,000 bytes in 1 block\n", 'snapshot with a name');
is($got{snap_warm}, "snapshot 3 warm: 1,560 bytes in 21 blocks\n",
   'snapshot after a client request (ids shared)');
is($got{snap_default}, "snapshot 4 monitor-4: 1,840 bytes in 31 blocks\n",
   'snapshot without a name: monitor-<id>');
lines_are($got{list}, [
    '  id  name                 origin             bytes       blocks',
    '   1  start                monitor            1,000            1',
    '   2  c1                   client             1,560           21',
    '   3  warm                 monitor            1,560           21',
    '   4  monitor-4            monitor            1,840           31',
    '   5  c2                   client             2,120           41' ], 'list');

my @now_lineno = ("$L{TABLE}: size=1000 B, count=1, average=1000 B",
                  "$L{KEY}: size=640 B, count=20, average=32 B",
                  "$L{ENTRY}: size=480 B, count=20, average=24 B");
entries_are($got{stats}, "Statistics of now by lineno, 3 of 3 entries:", \@now_lineno, 'stats: now, lineno, 10');
entries_are($got{'stats lineno'}, "Statistics of now by lineno, 3 of 3 entries:", \@now_lineno, 'stats <key>: now');
entries_are($got{'stats 2'}, "Statistics of now by lineno, 2 of 3 entries:", [ @now_lineno[0, 1] ], 'stats <limit>: now, lineno');
entries_are($got{'stats now 1'}, "Statistics of now by lineno, 1 of 3 entries:", [ $now_lineno[0] ], 'stats now 1');
entries_are($got{'stats warm'}, "Statistics of #3 'warm' by lineno, 3 of 3 entries:", [ "$L{TABLE}: size=1000 B, count=1, average=1000 B",
                                "$L{KEY}: size=320 B, count=10, average=32 B",
                                "$L{ENTRY}: size=240 B, count=10, average=24 B" ], 'stats warm');
entries_are($got{'stats c1 filename'}, "Statistics of #2 'c1' by filename, 1 of 1 entry:", [ 'vgdb_server.c:0: size=1560 B, count=21, average=74 B' ],
          'stats c1 filename');
entries_are($got{'stats monitor-4 function 2'}, "Statistics of #4 'monitor-4' by function, 2 of 2 entries:", [ 'main: size=1000 B, count=1, average=1000 B',
                                                'handle: size=840 B, count=30, average=28 B' ],
          'stats monitor-4 function 2');
entries_are($got{'stats c2 traceback'}, "Statistics of #5 'c2' by traceback, 3 of 3 entries:", [
    "$L{TABLE}: size=1000 B, count=1, average=1000 B",
    "    at 0x........: main (vgdb_server.c:$N{TABLE})",
    "$L{KEY}: size=640 B, count=20, average=32 B",
    "    at 0x........: handle (vgdb_server.c:$N{KEY})",
    "    by 0x........: run (vgdb_server.c:$N{CALLH})",
    "    by 0x........: main (vgdb_server.c:$N{CALLRUN})",
    "$L{ENTRY}: size=480 B, count=20, average=24 B",
    "    at 0x........: handle (vgdb_server.c:$N{ENTRY})",
    "    by 0x........: run (vgdb_server.c:$N{CALLH})",
    "    by 0x........: main (vgdb_server.c:$N{CALLRUN})" ], 'stats c2 traceback');
entries_are($got{'stats c2 lineno,cumulative 0'}, "Statistics of #5 'c2' by lineno,cumulative, 5 of 5 entries:", [
    "$L{CALLRUN}: size=1120 B, count=40, average=28 B",
    "$L{CALLH}: size=1120 B, count=40, average=28 B",
    "$L{TABLE}: size=1000 B, count=1, average=1000 B",
    "$L{KEY}: size=640 B, count=20, average=32 B",
    "$L{ENTRY}: size=480 B, count=20, average=24 B" ], 'stats c2 lineno,cumulative 0');
# filename,cumulative: the file counted once per frame (tracemalloc):
# 1000 + 3 * 1120 B, 1 + 3 * 40 blocks.
entries_are($got{'stats c2 filename,cumulative 0'}, "Statistics of #5 'c2' by filename,cumulative, 1 of 1 entry:",
          [ 'vgdb_server.c:0: size=4360 B, count=121, average=36 B' ],
          'stats c2 filename,cumulative 0 (a file counted once per frame)');
entries_are($got{'stats c2 function,cumulative 0'}, "Statistics of #5 'c2' by function,cumulative, 3 of 3 entries:", [
    'main: size=2120 B, count=41, average=52 B',
    'run: size=1120 B, count=40, average=28 B',
    'handle: size=1120 B, count=40, average=28 B' ], 'stats c2 function,cumulative 0');
entries_are($got{'stats warm traceback 1'}, "Statistics of #3 'warm' by traceback, 1 of 3 entries:", [
    "$L{TABLE}: size=1000 B, count=1, average=1000 B",
    "    at 0x........: main (vgdb_server.c:$N{TABLE})" ], 'stats warm traceback 1');
entries_are($got{'stats now filename 0'}, "Statistics of now by filename, 1 of 1 entry:", [ 'vgdb_server.c:0: size=2120 B, count=41, average=52 B' ],
          'stats now filename 0');

entries_are($got{'compare start warm'}, "Changes from #1 'start' to #3 'warm' by lineno, 3 of 3 entries:", [
    "$L{KEY}: size=320 B (+320 B), count=10 (+10), average=32 B",
    "$L{ENTRY}: size=240 B (+240 B), count=10 (+10), average=24 B",
    "$L{TABLE}: size=1000 B (+0 B), count=1 (+0), average=1000 B" ], 'compare start warm');
entries_are($got{'compare warm c2 traceback 0'}, "Changes from #3 'warm' to #5 'c2' by traceback, 3 of 3 entries:", [
    "$L{KEY}: size=640 B (+320 B), count=20 (+10), average=32 B",
    "    at 0x........: handle (vgdb_server.c:$N{KEY})",
    "    by 0x........: run (vgdb_server.c:$N{CALLH})",
    "    by 0x........: main (vgdb_server.c:$N{CALLRUN})",
    "$L{ENTRY}: size=480 B (+240 B), count=20 (+10), average=24 B",
    "    at 0x........: handle (vgdb_server.c:$N{ENTRY})",
    "    by 0x........: run (vgdb_server.c:$N{CALLH})",
    "    by 0x........: main (vgdb_server.c:$N{CALLRUN})",
    "$L{TABLE}: size=1000 B (+0 B), count=1 (+0), average=1000 B",
    "    at 0x........: main (vgdb_server.c:$N{TABLE})" ], 'compare warm c2 traceback 0');
entries_are($got{'compare c1 now filename'}, "Changes from #2 'c1' to now by filename, 1 of 1 entry:",
          [ 'vgdb_server.c:0: size=2120 B (+560 B), count=41 (+20), average=52 B' ],
          'compare c1 now filename');
entries_are($got{'compare warm c2 function 1'}, "Changes from #3 'warm' to #5 'c2' by function, 1 of 2 entries:",
          [ 'handle: size=1120 B (+560 B), count=40 (+20), average=28 B' ],
          'compare warm c2 function 1');
entries_are($got{'compare warm c2 lineno,cumulative 0'}, "Changes from #3 'warm' to #5 'c2' by lineno,cumulative, 5 of 5 entries:", [
    "$L{CALLRUN}: size=1120 B (+560 B), count=40 (+20), average=28 B",
    "$L{CALLH}: size=1120 B (+560 B), count=40 (+20), average=28 B",
    "$L{KEY}: size=640 B (+320 B), count=20 (+10), average=32 B",
    "$L{ENTRY}: size=480 B (+240 B), count=20 (+10), average=24 B",
    "$L{TABLE}: size=1000 B (+0 B), count=1 (+0), average=1000 B" ],
    'compare warm c2 lineno,cumulative 0');
entries_are($got{'compare c1 c2 filename,cumulative 0'}, "Changes from #2 'c1' to #5 'c2' by filename,cumulative, 1 of 1 entry:",
          [ 'vgdb_server.c:0: size=4360 B (+1680 B), count=121 (+60), average=36 B' ],
          'compare c1 c2 filename,cumulative 0');
entries_are($got{'compare c2 warm'}, "Changes from #5 'c2' to #3 'warm' by lineno, 3 of 3 entries:", [
    "$L{KEY}: size=320 B (-320 B), count=10 (-10), average=32 B",
    "$L{ENTRY}: size=240 B (-240 B), count=10 (-10), average=24 B",
    "$L{TABLE}: size=1000 B (+0 B), count=1 (+0), average=1000 B" ], 'compare c2 warm: negative');
entries_are($got{'compare c2 c2 lineno 0'}, "Changes from #5 'c2' to #5 'c2' by lineno, 3 of 3 entries:", [
    "$L{TABLE}: size=1000 B (+0 B), count=1 (+0), average=1000 B",
    "$L{KEY}: size=640 B (+0 B), count=20 (+0), average=32 B",
    "$L{ENTRY}: size=480 B (+0 B), count=20 (+0), average=24 B" ], 'compare a snapshot with itself');
is($got{traced}, "current: 2,120 bytes in 41 blocks\npeak:    2,120 bytes in 41 blocks\n",
   'traced after 20 requests');

# vgdb prints what the client requests printed to the log.
my %inproc;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($cmd, $body) = split /\n/, $part, 2;
    next unless defined $body;
    $body =~ s/^Total:.*\z//ms;     # the exit summary, after the last one
    $body =~ s/^\n//mg;             # blank lines of the log
    $inproc{$cmd} = $body;
}
for my $cmd (@same) {
    ok(length($got{"vgdb $cmd"} // ''), "vgdb $cmd: some output");
    is($got{"vgdb $cmd"}, $inproc{$cmd}, "vgdb $cmd: same as the client request");
}

# Peak and reset_peak; stop and start.
my $vlog = join("\n", @{ $r->{vgdb_log} }) . "\n";
like($vlog, qr/^\$ traced\ncurrent: 1,000 bytes in 1 block\npeak:    2,120 bytes in 41 blocks\n\$ reset_peak\nreset_peak: done\n\$ traced\ncurrent: 1,000 bytes in 1 block\npeak:    1,000 bytes in 1 block\n/m,
     'drop: current falls, peak stays; reset_peak: peak := current');
is($got{'1 stop'}, "stop: done\n", 'stop');
is($got{'2 traced'}, "current: 1,000 bytes in 1 block\npeak:    1,000 bytes in 1 block\n",
   'stopped: 3 more requests not traced');
is($got{'2 start'}, "start: done\n", 'start');
is($got{'3 traced'}, "current: 1,112 bytes in 5 blocks\npeak:    1,112 bytes in 5 blocks\n",
   'started again: 2 requests traced');

# traceback <address>.
my $tb = "1000 bytes at $addr{table_start} allocated at:\n    at 0x........: main (vgdb_server.c:$N{TABLE})\n";
is(code_addresses_hidden($got{"3 traceback $addr{table}"}), $tb, 'traceback <address inside the table>');
is(code_addresses_hidden($got{"3 traceback $addr{table_dec}"}), $tb, 'traceback <the same address in decimal>');
is($got{"3 traceback $addr{entry}"}, "no traced block contains $addr{entry}\n",
   'traceback: a block allocated while stopped is not traced');
is($got{'3 traceback 0x10'}, "no traced block contains 0x10\n", 'traceback: an address in no block');

# clear; the core's commands.
is($got{'4 clear'}, "clear: done\n", 'clear');
is($got{'4 traced'}, "current: 0 bytes in 0 blocks\npeak:    0 bytes in 0 blocks\n",
   'traced after clear');
is($got{'4 stats now'}, "Statistics of now by lineno: no entries (the snapshot is empty)\n",
   'stats now after clear: no entries');
like($got{'4 list'}, qr/^   5  c2 .*\n\z/m, 'list after clear: the snapshots are still there');
is($got{"4 traceback $addr{table}"}, "no traced block contains $addr{table}\n",
   'traceback after clear: no block');
like($got{'4 v.wait 0'}, qr/^gdbserver: continuing/m, 'v.wait 0: answered by the core');
like($got{'4 v.info n_errs_found'}, qr/^n_errs_found 0 /, 'v.info n_errs_found: answered by the core');
for my $c ('v.wait 0', 'v.info n_errs_found') {
    unlike($got{"4 $c"}, qr/memsnap|not recognised/, "$c: no memsnap error");
}

# The exit summary: 1000 + 20*56 (grow 10, 5, 5) + 2*56 (grow 2 after
# start) + 56 (grow 1 after clear) bytes; the peak at 20 requests; at exit
# only what was allocated after clear.
my $sum = parse_summary($log);
is_deeply($sum->{total}, [2288, 47], 'Total: every traced allocation');
is_deeply($sum->{peak},  [2120, 41], 'At peak: 2,120 bytes in 41 blocks');
is_deeply($sum->{exit},  [56, 2],    'At exit: what was allocated after clear');

# One output file holds the snapshots of both origins, in order.
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses (sums checked)') or diag($@);
SKIP: {
    skip 'no output file', 4 unless $m;
    ok($m->{complete}, 'file complete');
    # (The peak snapshot, written at exit, is another test's business; the
    # exit snapshot comes after it, so its id is not checked.)
    is_deeply([ map { ($_->{origin} eq 'exit' ? '' : "$_->{id}:")
                      . "$_->{name}:$_->{origin}:$_->{bytes}:$_->{blocks}" }
                grep { $_->{origin} ne 'peak' } @{ $m->{snapshots} } ],
              [ '1:start:monitor:1000:1', '2:c1:client:1560:21', '3:warm:monitor:1560:21',
                '4:monitor-4:monitor:1840:31', '5:c2:client:2120:41', 'exit:exit:56:2' ],
              'snapshots: ids in order, origins monitor and client, bytes and blocks');
    is_deeply(group_snapshot($m, 'monitor-4', 'lineno'),
              { $L{TABLE} => [1000, 1], $L{KEY} => [480, 15], $L{ENTRY} => [360, 15] },
              'monitor-4 by line, from the file');
    is_deeply(group_snapshot($m, 'warm', 'function', 1),
              { main => [1560, 21], run => [560, 20], handle => [560, 20] },
              'warm by function, cumulative, from the file');
}

# The whole conversation (the core's part of help left out: it belongs to
# Valgrind's version).
my @conv;
my $skip = 0;
for (@{ $r->{vgdb_log} }) {
    $skip = 1 if /^general valgrind monitor commands:$/;
    $skip = 0 if /^memsnap monitor commands:$/;
    push @conv, $_ unless $skip;
}
s/\b$addr{table_dec}\b/DECIMAL-ADDRESS/g for @conv;
golden_ok(drop_system_frames(filter_stderr(join("\n", @conv))), 'vgdb.exp', 'conversation matches golden file');
done_testing();

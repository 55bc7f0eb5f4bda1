#!/usr/bin/perl
# Monitor commands reaching tests/progs/vgdb_server.c in the other ways:
# - while it is busy (allocating and freeing in a loop): vgdb with
#   --max-invoke-ms=0, so that no ptrace is involved and the command is
#   taken when Valgrind's scheduler polls;
# - from the program itself, VALGRIND_MONITOR_COMMAND (the answer goes to
#   the Valgrind log);
# - from gdb, `monitor <command>` through `target remote | vgdb` (skipped
#   when gdb is not installed).
# Snapshots taken each way land in the output file with origin `monitor`.
use strict;
use warnings;
use Test::More;
use MemsnapTest;
use Time::HiRes qw(time);

need_tool();
my $why = vgdb_skip_reason();
plan skip_all => $why if $why;

my %L = map { $_ => 'vgdb_server.c:' . line_of('vgdb_server.c', $_) } qw(TABLE ENTRY KEY SPIN);
my $gdb;
for (split /:/, $ENV{PATH} // '') { if (-x "$_/gdb") { $gdb = "$_/gdb"; last } }

my @client = ('snapshot fromclient', 'traced', 'list', 'stats fromclient lineno 0',
              'compare busy fromclient', 'help', 'frob');
my (%got, @busy, $busy_secs, $spin_sc, $gdb_out);
my $r = run_vgdb_session(prog => 'vgdb_server', session => sub {
    my ($s) = @_;
    $s->request('grow 4');                   # 1,224 B in 9 blocks
    my $flag = "$s->{tmp}/stop-spin";
    $s->send("spin $flag");
    $s->wait_for(qr/^spinning$/m);
    if (open(my $fh, '<', "/proc/$s->{pid}/syscall")) { $spin_sc = <$fh> }
    my $t0 = time();
    @busy = $s->monitor([ '--max-invoke-ms=0' ], 'snapshot busy', 'traced',
                        'stats now lineno 0', 'list');
    $busy_secs = time() - $t0;
    open(my $fh, '>', $flag) or die "cannot create $flag: $!\n";
    close($fh);
    $s->ready;

    # From the program itself.
    $s->request(map { ("mark $_", "monitor $_") } @client);

    # From gdb.
    if ($gdb) {
        my $g = MemsnapTest::run_cmd(argv => [
            $gdb, '-batch', '-nx', '-q', '-ex', 'set confirm off',
            '-ex', "target remote | $s->{vgdb} --vgdb-prefix=$s->{prefix} --wait=30",
            '-ex', 'monitor snapshot fromgdb', '-ex', 'monitor compare fromclient fromgdb',
            '-ex', 'monitor traced', '-ex', 'detach',
            MemsnapTest::prog_path('vgdb_server') ], timeout => 90);
        $gdb_out = "$g->{stdout}$g->{stderr}";
        # After detach the program goes on, still waiting on the FIFO.
        $s->blocked;
    }
    $s->send('quit');
});
plan skip_all => $r->{vgdb_unusable} if $r->{vgdb_unusable};
is($r->{session_error}, undef, 'the session ran to its end') or diag($r->{session_error});
is($r->{exit}, 0, 'the program exits 0');
like($r->{stdout}, qr/^bye$/m, 'the program finished its loop');

# Busy: the spin loop holds 0 or 1 block of 40 B at any moment.
unlike($spin_sc // '', qr/^(2|257) /, 'while spinning the program is not blocked in open()');
ok($busy_secs < 30, sprintf('commands to a busy program answered (%.2f s)', $busy_secs));
like($busy[0] // '', qr/\Asnapshot 1 busy: 1,2(24 bytes in 9|64 bytes in 10) blocks\n\z/,
     'snapshot while busy');
like($busy[1] // '', qr/\Acurrent: 1,2(24 bytes in 9|64 bytes in 10) blocks\npeak:    1,264 bytes in 10 blocks\n\z/,
     'traced while busy: the peak holds the spin block');
my $stats = join('', map { "$_\n" } "$L{TABLE}: size=1000 B, count=1, average=1000 B",
                 "$L{KEY}: size=128 B, count=4, average=32 B",
                 "$L{ENTRY}: size=96 B, count=4, average=24 B");
my $spin = "$L{SPIN}: size=40 B, count=1, average=40 B\n";
my $heading = sub { "Statistics of $_[0] by lineno, $_[1] of $_[1] entries:\n" };
ok(($busy[2] // '') eq $heading->('now', 3) . $stats
   || ($busy[2] // '') eq $heading->('now', 4) . $stats . $spin, 'stats now lineno 0 while busy')
    or diag($busy[2]);
like($busy[3] // '', qr/^   1  busy +monitor +1,2[26]4 +(9|10)\n\z/m, 'list while busy');

# VALGRIND_MONITOR_COMMAND: the answers in the log, between the marks.
my %inproc;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($cmd, $body) = split /\n/, $part, 2;
    next unless defined $body;
    $body =~ s/^\n.*\z//ms if $cmd eq $client[-1];    # the summary after the last
    $inproc{$cmd} = $body;
}
is($inproc{'snapshot fromclient'}, "snapshot 2 fromclient: 1,224 bytes in 9 blocks\n",
   'client: snapshot');
is($inproc{traced}, "current: 1,224 bytes in 9 blocks\npeak:    1,264 bytes in 10 blocks\n",
   'client: traced');
like($inproc{list} // '', qr/^   1  busy +monitor .*\n   2  fromclient +monitor +1,224 +9\n\z/m,
     'client: list');
is($inproc{'stats fromclient lineno 0'}, $heading->("#2 'fromclient'", 3) . $stats, 'client: stats');
like($inproc{'compare busy fromclient'} // '', qr/^\Q$L{TABLE}\E: size=1000 B \(\+0 B\)/m,
     'client: compare');
like($inproc{help} // '', qr/^memsnap monitor commands:\n/m, 'client: help');
is($inproc{frob}, '', 'client: a command that is not memsnap\'s: nothing (the core is silent)');

SKIP: {
    skip 'gdb is not installed', 4 unless $gdb;
    like($gdb_out, qr/^snapshot 3 fromgdb: 1,224 bytes in 9 blocks$/m, 'gdb: monitor snapshot');
    like($gdb_out, qr/^\Q$L{TABLE}\E: size=1000 B \(\+0 B\), count=1 \(\+0\), average=1000 B$/m,
         'gdb: monitor compare');
    like($gdb_out, qr/^current: 1,224 bytes in 9 blocks\npeak:    1,264 bytes in 10 blocks$/m,
         'gdb: monitor traced');
    like($gdb_out, qr/detached/, 'gdb detached, the program went on');
}

# The file: every snapshot taken by a monitor command has origin monitor.
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
is_deeply([ map { "$_->{id}:$_->{name}:$_->{origin}" }
            grep { $_->{origin} !~ /^(peak|exit)$/ } @{ $m ? $m->{snapshots} : [] } ],
          [ '1:busy:monitor', '2:fromclient:monitor', ($gdb ? '3:fromgdb:monitor' : ()) ],
          'output file: the monitor snapshots');
is(($m && $m->{snapshots}[-1]{name}) // '', 'exit', 'output file: exit last');
my $sum = parse_summary($r->{stderr});
is_deeply($sum->{peak}, [1264, 10], 'At peak: the requests and one spin block');
is_deeply($sum->{exit}, [1224, 9],  'At exit: the table and 4 requests');
done_testing();

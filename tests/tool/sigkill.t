#!/usr/bin/perl
# A client killed by SIGKILL from outside (tests/progs/sigkill.c): its file
# holds both snapshots, complete, and no summary (memsnap gets no chance to
# write one).
use strict;
use warnings;
use Test::More;
use MemsnapTest;
use Time::HiRes qw(sleep);

need_tool();
my $ready_seen = 0;
my $r = run_memsnap(
    prog => 'sigkill', args => [ 'ready' ], timeout => 60,
    opts => [ '--vgdb=no' ],        # a killed gdbserver would leave FIFOs in /tmp
    on_start => sub {
        my ($pid, $dir) = @_;
        for (1 .. 600) {            # up to 60 s for Valgrind to start
            if (-e "$dir/ready") { $ready_seen = 1; last }
            sleep(0.1);
        }
        kill('KILL', $pid);          # Valgrind's own process
    });
ok($ready_seen, 'the program took its snapshots and said so');
is($r->{signal}, 9, 'Valgrind died of SIGKILL');
ok(!$r->{timed_out}, 'no timeout');
unlike($r->{stderr}, qr/^Total:/m, 'no exit summary');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'the file parses') or diag($@);
SKIP: {
    skip 'no output file', 5 unless $m;
    ok($m->{complete}, 'file ends outside a snapshot, with a final newline');
    ok(!$m->{summary}, 'no summary record (the run did not finish)');
    is_deeply([ map { "$_->{id}:$_->{name}" } @{ $m->{snapshots} } ], [ '1:one', '2:two' ],
              'both snapshots are there');
    my %L = map { $_ => 'sigkill.c:' . line_of('sigkill.c', $_) } qw(A B);
    is_deeply(group_snapshot($m, 'one', 'lineno')->{ $L{A} }, [5000, 1], 'one: 5000 B at A');
    my $g = group_snapshot($m, 'two', 'lineno');
    is_deeply([ @$g{ $L{A}, $L{B} } ], [ [5000, 1], [6000, 1] ], 'two: 5000 B at A, 6000 B at B');
}
done_testing();

#!/usr/bin/perl
# The unwind memo (memsnap/msn_unwind.c, tests/progs/unwind.c): stacks
# reused from the memo are the ones unwinding gives.  The exit statistics by
# traceback (every stack with its bytes and count) must be the same with
# --unwind-memo=no; with --sanity-level=3 memsnap also checks every reused
# stack against a real unwind, here and in perl; and the memo must really be
# used, also for stacks that end at a thread's base and after the main
# thread changes its RLIMIT_STACK (tests/progs/stack_limit.c), and must
# refuse some stacks: frame-pointer frames, signal frames, frames without
# CFI.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my @opts = ('--key=traceback', '--stats-at-exit=100000', '--stats=yes');
my $on  = run_memsnap(prog => 'unwind', opts => [@opts]);
my $off = run_memsnap(prog => 'unwind', opts => [@opts, '--unwind-memo=no']);
is($on->{exit}, 0, 'memo on: exit status 0');
is($off->{exit}, 0, 'memo off: exit status 0');
like($on->{stdout}, qr/^unwind: 49558 blocks$/m,
     'all 49,558 blocks kept (48,000 + 858 from the handler + 700 in the fourth thread)');

my ($unwound, $reused, $refused, $entries) =
    $on->{stderr} =~ /stacks unwound: +([\d,]+), reused: ([\d,]+) \(not memoizable: ([\d,]+); memo on: ([\d,]+) entries\)/;
ok(defined $reused, '--stats=yes reports the memo') or diag($on->{stderr});
s/,//g for grep { defined } $unwound, $reused, $refused;
cmp_ok($reused // 0, '>', 20000, 'most stacks are reused');
cmp_ok($refused // 0, '>', 1000, 'frame-pointer and signal stacks are not memoized');
is($entries, '4,096', 'the memo grew from 1,024 entries to its most, 4,096, for 22,000 stacks');
like($off->{stderr}, qr/stacks unwound: +[\d,]+, reused: 0 .*memo off\)/,
     '--unwind-memo=no turns it off');

# The number of stacks --stats=yes says the memo reused; undef if it
# says none.
sub reused_stacks {
    my ($log) = @_;
    my ($n) = $log =~ /reused: ([\d,]+)/ or return undef;
    return $n =~ s/,//gr;
}

# The exit report: every traceback, its frames, bytes and count.
sub exit_report {
    my ($log) = @_;
    my ($report) = $log =~ /^(Allocated at exit.*?)^(?:Allocated at the peak|Wrote )/ms;
    return $report // '';
}
my ($on_report, $off_report) = map { exit_report($_->{stderr}) } $on, $off;
cmp_ok(scalar(exit_stat_lines($on->{stderr})), '>', 64, 'the exit statistics list the stacks');
is($on_report, $off_report, 'the same stacks, frame by frame, and counts with and without the memo');
like($on_report, qr/^ +by 0x\.{8}: framed[ .]/m, 'stacks through the frame-pointer function are there');
like($on_report, qr/^ +by 0x\.{8}: on_signal /m, 'stacks of the signal handler are there');
like($on_report, qr/^ +by 0x\.{8}: nocfi_call .*\n +by 0x\.{8}: nocfi_call /m,
     'the stack through the made-up frame is there, one frame longer');

# Only the fourth thread: 500 allocations from one stack ending at the
# thread's base, reused; 200 under nocfi_call, not memoizable.
my $base = run_memsnap(prog => 'unwind', args => [ 0 ], opts => [ '--stats=yes' ]);
cmp_ok(reused_stacks($base->{stderr}) // 0, '>=', 495, "a thread's stacks that end at its base are reused")
    or diag($base->{stderr});
like($base->{stderr}, qr/memo on: 1,024 entries\)/, 'with few stacks, the memo stays at 1,024 entries');

my $s = run_memsnap(prog => 'unwind', args => [ 300 ],
                    opts => [ '--sanity-level=3', '--stats=yes' ]);
is($s->{exit}, 0, '--sanity-level=3: exit status 0');
like($s->{stderr}, qr/memo on: 2,048 entries\)/,
     '--sanity-level=3: the memo grew (and was emptied) during the checked run');
unlike($s->{stderr}, qr/memoized stack|Assertion|the 'impossible' happened/,
       '--sanity-level=3: every reused stack equals a real unwind');
# A real program built by someone else (Debian's perl: -O2, stripped, CFI
# from .eh_frame), every reuse checked against a real unwind.
my $perl = run_memsnap(prog => '/usr/bin/perl', opts => [ '--sanity-level=3', '--stats=yes' ],
                       args => [ '-e', 'my %h; $h{$_} = [$_, "x" x ($_ % 50)] for 1 .. 3000; print scalar(keys %h), "\n"' ]);
is($perl->{exit}, 0, 'perl --sanity-level=3: exit status 0');
is($perl->{stdout}, "3000\n", 'perl --sanity-level=3: the program ran as natively');
unlike($perl->{stderr}, qr/memoized stack|Assertion|the 'impossible' happened/,
       'perl --sanity-level=3: every reused stack equals a real unwind');
cmp_ok(reused_stacks($perl->{stderr}) // 0, '>', 1000, 'perl: the memo was used (and so checked)');

# The main thread lowers its RLIMIT_STACK below the depth it allocates at
# (Valgrind then says its stack is that small), and sets it back: the memo
# keeps the bounds it read, every reuse checked against a real unwind, and
# the stacks are those of --unwind-memo=no.
my @lim_opts = ('--sanity-level=3', @opts);
my $lim     = run_memsnap(prog => 'stack_limit', opts => [@lim_opts]);
my $lim_off = run_memsnap(prog => 'stack_limit', opts => [@lim_opts, '--unwind-memo=no']);
is($lim->{exit}, 0, 'stack_limit: exit status 0');
is($lim->{stdout}, "stack_limit: 6000 blocks\n", 'stack_limit: the program ran as natively');
unlike($lim->{stderr}, qr/memoized stack|Assertion|the 'impossible' happened/,
       'stack_limit: every reused stack equals a real unwind');
cmp_ok(reused_stacks($lim->{stderr}) // 0, '>=', 5990,
       'stack_limit: the stacks are reused after the limit went down and up')
    or diag($lim->{stderr});
is(exit_report($lim->{stderr}), exit_report($lim_off->{stderr}),
   'stack_limit: the same stacks and counts with and without the memo');
like(exit_report($lim->{stderr}), qr/^ +by 0x\.{8}: descend .*\n +by 0x\.{8}: descend /m,
     'stack_limit: the exit statistics list the stack');
done_testing();

#!/usr/bin/perl
# Bad monitor commands (docs/memsnap.md, "Monitor commands"): each answers with a one-line
# "memsnap: error: ..." and a "usage: ..." line, changes nothing, and the
# program goes on to a normal end with the right summary.  Commands
# starting with "v." are the core's: memsnap adds nothing to them.  A
# command that is not memsnap's is left to the core, which tells a vgdb
# user and says nothing to the program.  Sent
# with the real vgdb to tests/progs/vgdb_server.c blocked in open() of a
# FIFO (vgdb's ptrace path), and from the program itself with
# VALGRIND_MONITOR_COMMAND (the answer then goes to the log).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $why = vgdb_skip_reason();
plan skip_all => $why if $why;

my $stats_usage   = 'stats [<name>|now] [<key>] [<limit>]';
my $compare_usage = 'compare <old> <new> [<key>] [<limit>]';
my $tb_usage      = 'traceback <address>';
my $bad_key       = 'unknown key (use lineno, filename, function or traceback, optionally '
                  . 'followed by ,cumulative and by ,allocated or ,temporary)';
my $no_address    = 'give the address of a block, e.g. 0x4a5b040';

# [command, the error (a regexp, or a string matched exactly), the usage
#  (a string matched exactly, or undef: any)]
my @bad = (
    # Missing and unknown snapshot names.
    [ 'compare',           'give two snapshot names (or now)', $compare_usage ],
    [ 'compare s',         'give two snapshot names (or now)', $compare_usage ],
    [ 'stats nosuch',      "no snapshot named 'nosuch' (see 'list')", $stats_usage ],
    [ 'stats nosuch lineno 3', "no snapshot named 'nosuch' (see 'list')", $stats_usage ],
    [ 'compare nosuch s',  "no snapshot named 'nosuch' (see 'list')", $compare_usage ],
    [ 'compare s nosuch',  "no snapshot named 'nosuch' (see 'list')", $compare_usage ],
    [ 'compare now exit',  "no snapshot named 'exit' (see 'list')", $compare_usage ],
    # Bad keys.
    [ 'stats s badkey',              $bad_key, $stats_usage ],
    [ 'compare s now badkey',        $bad_key, $compare_usage ],
    [ 'compare s now lineno,cumulativ', $bad_key, $compare_usage ],
    [ 'stats s lineno,allocated,live', $bad_key, $stats_usage ],
    [ 'stats s lineno,allocated,temporary',
      "give at most one of ',allocated' and ',temporary'", $stats_usage ],
    [ 'stats s lineno,cumulative,cumulative', "',cumulative' is given twice", $stats_usage ],
    [ 'stats now traceback,cumulative',
      "cumulative mode cannot be used with key type 'traceback'", $stats_usage ],
    [ 'compare s now traceback,cumulative 0',
      "cumulative mode cannot be used with key type 'traceback'", $compare_usage ],
    # Bad numbers (limits).
    [ 'stats s lineno 12x',          "bad limit '12x': give a number, 0 for all", $stats_usage ],
    [ 'stats s lineno 99999999999999999999',
      "bad limit '99999999999999999999': give a number, 0 for all", $stats_usage ],
    [ 'stats s lineno -1',
      "bad limit '-1': a limit cannot be negative; give a number, 0 for all", $stats_usage ],
    [ 'compare s now lineno 1.5',    "bad limit '1.5': give a number, 0 for all", $compare_usage ],
    # Bad addresses.
    [ 'traceback',         $no_address, $tb_usage ],
    [ 'traceback zz',      "bad address 'zz'", $tb_usage ],
    [ 'traceback 0x',      "bad address '0x'", $tb_usage ],
    [ 'traceback 0xzz',    "bad address '0xzz'", $tb_usage ],
    [ 'traceback 12abc',   "bad address '12abc'", $tb_usage ],
    # Too big for an address: must not wrap around to some other address.
    [ 'traceback 99999999999999999999999', qr/bad address '99999999999999999999999'/, $tb_usage ],
    [ 'traceback 0x10000000000000010', qr/bad address '0x10000000000000010'/, $tb_usage ],
    # Bad snapshot names.
    [ 'snapshot now',  qr/bad name: 'now' .*/,  'snapshot [<name>]' ],
    [ 'snapshot exit', qr/bad name: 'exit' .*/, 'snapshot [<name>]' ],
    # Too many words (reset_peak, clear, start and stop: see @simple).
    [ 'snapshot a b',                 "unexpected 'b'", 'snapshot [<name>]' ],
    [ 'stats s lineno 3 extra',       "unexpected 'extra'", $stats_usage ],
    [ 'compare s now lineno 3 extra', "unexpected 'extra'", $compare_usage ],
    [ 'traceback 0x10 2', $no_address, $tb_usage ],
    [ 'list extra',    qr/unexpected 'extra'|too many words/, undef ],
    [ 'traced extra',  qr/unexpected 'extra'|too many words/, undef ],
    [ 'snapshot a b c d e f g h i j', qr/too many words|unexpected 'b'/, undef ],
);
# The core's commands: answered by the core alone (RE: its answer).
my @core = (
    [ 'v.wait 0',            qr/\Agdbserver: continuing in 0 ms \.\.\.\ngdbserver: continuing after wait \.\.\.\n\z/ ],
    [ 'v.info n_errs_found', qr/\An_errs_found 0 [^\n]*\n\z/ ],
    [ 'v.info n_errs_found a b c d e f g h i j',
      qr/\An_errs_found 0 [^\n]* a b c d e f g h i j\n\z/ ],
    [ 'v.frob', qr/\Acommand 'v\.frob' not recognised\n/ ],
    # Not memsnap's either (no other case, no word that only starts like
    # a command, any words after; abbreviations: monitor-abbrev.t).
    [ 'frob',     qr/\Acommand 'frob' not recognised\n/ ],
    [ 'Snapshot', qr/\Acommand 'Snapshot' not recognised\n/ ],
    [ 'snapshots', qr/\Acommand 'snapshots' not recognised\n/ ],
    [ 'leak_check summary', qr/\Acommand 'leak_check summary' not recognised\n/ ],
    [ 'z b c d e f g h i j', qr/\Acommand 'z b c d e f g h i j' not recognised\n/ ],
);
# Sent by the program itself: vgdb would take a leading '-' as an option.
my @from_client = (
    [ 'traceback -5', "bad address '-5'", $tb_usage ],
    [ 'stats s lineno -1', qr/bad limit '-1'.*/, $stats_usage ],
    [ 'stats -1',     qr/bad limit '-1'.*/, $stats_usage ],
);
# Not memsnap's, from the program: nothing at all.
my @silent = ('frob', 'leak_check summary');

# reset_peak, clear, start and stop with a word too many: an error, and
# nothing done.  [command, the error, the usage]
my %simple = map { $_ => [ "$_ x", "unexpected 'x'", $_ ] } qw(reset_peak clear start stop);

my (@ans, @core_ans, @before, @after, %state, %simple_ans);
my $r = run_vgdb_session(prog => 'vgdb_server', session => sub {
    my ($s) = @_;
    $s->request('grow 2', 'take s');
    @before = $s->monitor('list', 'traced');
    @ans = $s->monitor(map { $_->[0] } @bad);
    @core_ans = $s->monitor(map { $_->[0] } @core);
    @after = $s->monitor('list', 'traced');

    # current 1,056 B in 3 blocks, peak 1,112 B in 5.
    $s->request('drop', 'grow 1');
    ($simple_ans{reset_peak}, $state{reset_peak}) = $s->monitor('reset_peak x', 'traced');
    ($simple_ans{clear}, $state{clear}) = $s->monitor('clear x', 'traced');
    $simple_ans{stop} = $s->monitor('stop x');
    $s->request('grow 1');                 # traced: 1,112 B in 5
    $state{stop} = $s->monitor('traced');
    (undef, $simple_ans{start}) = $s->monitor('stop', 'start x');
    $s->request('grow 1');                 # not traced
    ($state{start}) = $s->monitor('traced', 'start');

    $s->request('grow 1', map { ("mark $_", "monitor $_") }
                          (map { $_->[0] } @from_client), @silent);
    $state{end} = $s->monitor('traced');
    $s->send('quit');
});
plan skip_all => $r->{vgdb_unusable} if $r->{vgdb_unusable};
is($r->{session_error}, undef, 'the session ran to its end') or diag($r->{session_error});
is($r->{exit}, 0, 'the program exits 0');
like($r->{stdout}, qr/^bye$/m, 'the program finished its loop');

# ANS is the two lines "memsnap: error: ERR" and "usage: USAGE".
sub check_answer {
    my ($ans, $case, $where) = @_;
    my ($cmd, $err, $usage) = @$case;
    my $e = ref $err ? $err : qr/\Q$err\E(?=\n)/;
    my $u = defined $usage ? qr/\Q$usage\E/ : qr/\S.*/;
    like($ans // '', qr/\Amemsnap: error: (?m:$e)\nusage: $u\n\z/,
         "$where '$cmd': one error line and the usage");
}
check_answer($ans[$_], $bad[$_], 'vgdb') for 0 .. $#bad;
for my $i (0 .. $#core) {
    my ($cmd, $re) = @{ $core[$i] };
    like($core_ans[$i] // '', $re, "vgdb '$cmd': the core's answer");
    unlike($core_ans[$i] // '', qr/memsnap/, "vgdb '$cmd': nothing from memsnap");
}

# Nothing changed.
is($after[0], $before[0], 'list: the same after the bad commands (no snapshot taken)');
is($after[1], $before[1], 'traced: the same after the bad commands (nothing cleared)');
like($before[0] // '', qr/^   1  s +client +1,112 +5\n\z/m, 'list: only s');

sub traced { "current: $_[0] bytes in $_[1] blocks\npeak:    $_[2] bytes in $_[3] blocks\n" }
check_answer($simple_ans{$_}, $simple{$_}, 'vgdb') for sort keys %simple;
is($state{reset_peak}, traced('1,056', 3, '1,112', 5), '"reset_peak x" leaves the peak alone');
is($state{clear}, traced('1,056', 3, '1,112', 5), '"clear x" clears nothing');
is($state{stop}, traced('1,112', 5, '1,112', 5), '"stop x" does not stop tracing');
is($state{start}, traced('1,112', 5, '1,112', 5), '"start x" does not start tracing');
is($state{end}, traced('1,168', 7, '1,168', 7), 'the end: 1,168 bytes in 7 blocks');

# The program's own VALGRIND_MONITOR_COMMAND: to the log, between marks.
my %inproc;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($cmd, $body) = split /\n/, $part, 2;
    next unless defined $body;
    $body =~ s/^\n.*\z//ms;          # up to the blank line before the summary
    $inproc{$cmd} = $body;
}
check_answer($inproc{ $_->[0] }, $_, 'VALGRIND_MONITOR_COMMAND') for @from_client;
is($inproc{$_}, '', "VALGRIND_MONITOR_COMMAND '$_': nothing in the log") for @silent;

# The end: the table and 2 + 1 + 1 + 1 traced requests of 56 B (2 freed);
# the request made while stopped is not traced.
my $sum = parse_summary($r->{stderr});
is_deeply($sum->{total}, [1280, 11], 'Total: 1,280 bytes in 11 blocks');
is_deeply($sum->{peak},  [1168, 7],  'At peak: 1,168 bytes in 7 blocks');
is_deeply($sum->{exit},  [1168, 7],  'At exit: 1,168 bytes in 7 blocks');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
is_deeply([ map { "$_->{name}:$_->{origin}" }
            grep { $_->{origin} ne 'peak' } @{ $m ? $m->{snapshots} : [] } ],
          [ 's:client', 'exit:exit' ], 'output file: s and exit only (no snapshot from a bad command)');
done_testing();

#!/usr/bin/perl
# A command that is not memsnap's, sent by the program itself with
# VALGRIND_MONITOR_COMMAND (a program written for memcheck asking for
# "leak_check summary"): memsnap leaves it to the core, which says nothing
# to the program and returns 1 ("not recognised"), as under massif and
# DHAT.  memsnap's own commands still answer (tests/progs/edges.c,
# scenario unknown-monitor).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'edges', args => ['unknown-monitor'], opts => ['--vgdb=no']);
is($r->{exit}, 0, 'exit status 0');
my %log;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($what, $body) = split /\n/, $part, 2;
    $log{$what} = $body // '';
}
$log{traced} =~ s/^\n.*\z//ms;          # up to the blank line before the summary
for my $cmd ('leak_check summary', 'frob') {
    is($log{$cmd}, '', "'$cmd': nothing in the log");
    like($r->{stdout}, qr/^\Q$cmd\E = 1$/m, "'$cmd': 1, not recognised");
}
like($log{traced}, qr/\Acurrent: [\d,]+ bytes in [\d,]+ blocks\npeak: /,
     "'traced' (memsnap's) answers");
like($r->{stdout}, qr/^traced = 0$/m, "'traced': 0, recognised");
done_testing();

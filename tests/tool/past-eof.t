#!/usr/bin/perl
# Out-pointers and strings in a page of a file mapping past the end of the
# file (mapped and writable, but SIGBUS when touched): memsnap refuses each
# with one warning line instead of dying of SIGBUS, the request evaluates
# to 0, and the program goes on (tests/progs/edges.c, scenario past-eof).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'edges', args => ['past-eof']);
is($r->{exit}, 0, 'exit status 0');
unlike($r->{stderr}, qr/INTERNAL ERROR|signal 7|SIGBUS/i, 'no SIGBUS inside Valgrind');
my %log;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($what, $body) = split /\n/, $part, 2;
    $log{$what} = $body // '';
}
$log{end} =~ s/^\n.*\z//ms;
my %warning = (
    'diff bytes_ptr'      => 'VALGRIND_MEMSNAP_DIFF: bytes_ptr is not a writable pointer',
    'diff blocks_ptr'     => 'VALGRIND_MEMSNAP_DIFF: blocks_ptr is not a writable pointer',
    'get_traced peak_ptr' => 'VALGRIND_MEMSNAP_GET_TRACED: peak_ptr is not a writable pointer',
    'take name'           => 'VALGRIND_MEMSNAP_TAKE: name points to unreadable memory',
    'stats key'           => 'VALGRIND_MEMSNAP_STATS: key points to unreadable memory',
);
for my $what (sort keys %warning) {
    is($log{$what}, "memsnap: warning: $warning{$what}\n", "$what: one warning line");
    like($r->{stdout}, qr/^\Q$what\E = 0$/m, "$what: evaluates to 0");
}
like($r->{stdout}, qr/^diff inside = 1$/m, 'DIFF into the file\'s own page: stored');
like($r->{stdout}, qr/^inside = 0$/m, 'DIFF into the file\'s own page: the value');
is($log{'diff inside'}, '', 'DIFF into the file\'s own page: no warning');
done_testing();

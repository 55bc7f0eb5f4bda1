#!/usr/bin/perl
# VALGRIND_MEMSNAP_PRINT_TRACEBACK of a malloc(0) block: a block of 0 bytes
# owns its address, so the answer is its stack alone and the request
# evaluates to 1 (0 means "none"); the byte past a block is in none
# (tests/progs/edges.c, scenario zero-traceback).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $zero = 'edges.c:' . line_of('edges.c', 'ZERO');
my $r = run_memsnap(prog => 'edges', args => ['zero-traceback']);
is($r->{exit}, 0, 'exit status 0');
my %log;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($what, $body) = split /\n/, $part, 2;
    $log{$what} = $body // '';
}
like($log{zero}, qr/\A0 bytes at 0x[0-9a-f]+ allocated at:\n    at 0x[0-9A-F]+: zero_traceback \(\Q$zero\E\)\n/,
     'malloc(0): its stack');
unlike($log{zero}, qr/no traced block/, 'malloc(0): one answer, not also "no traced block"');
like($r->{stdout}, qr/^zero = 1$/m, 'malloc(0): evaluates to 1');
like($log{'past eight'}, qr/\Ano traced block contains 0x[0-9a-f]+\n\z/,
     'the byte past a block: in none');
like($r->{stdout}, qr/^past eight = 0$/m, 'the byte past a block: 0');
done_testing();

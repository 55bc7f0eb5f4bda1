#!/usr/bin/perl
# A statically linked program (tests/progs/static.c) never loads memsnap's
# preload library, so none of its allocations can be seen: the exit report
# says so and why, instead of passing for a program that allocates
# nothing.  A dynamically linked program that allocates nothing (startstop
# with --trace-at-start=no still calls malloc; `true' does not) gets no
# such warning.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'static');
is($r->{exit}, 0, 'static: exit status 0');
like($r->{stdout}, qr/^done$/m, 'static: the program ran to its end');
is_deeply(parse_summary($r->{stderr})->{total}, [ 0, 0 ], 'static: nothing traced');
like($r->{stderr}, qr/^memsnap: warning: no allocation reached memsnap: the program never loaded its preload library\n/m,
     'static: the warning');
like($r->{stderr}, qr/^memsnap: warning: .*it is statically linked\.$/m, 'static: why');
like($r->{stderr}, qr/^memsnap: warning: .*link the program dynamically to trace it\.$/m,
     'static: what to do');

my $t = run_memsnap(prog => '/bin/true');
is($t->{exit}, 0, 'true: exit status 0');
unlike($t->{stderr}, qr/warning/, 'true (dynamic): no warning');
done_testing();

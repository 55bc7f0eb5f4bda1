#!/usr/bin/perl
# Names are kept whole: two functions whose names pass 5,000 characters
# and differ only at their end (tests/progs/longname.cpp) are two keys,
# printed whole in the log and written whole to the file, not one key cut
# at 4,095 characters.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'longname');
is($r->{exit}, 0, 'exit status 0');
my @entries = grep { /: size=/ } stat_lines($r->{stderr});
is(scalar(@entries), 2, 'two entries by function') or diag(map { substr($_, 0, 80) . "\n" } @entries);
my @names = map { /^(.*): size=100 B, count=1, average=100 B$/ ? $1 : () } @entries;
is(scalar(@names), 2, 'each of 100 bytes in one block');
cmp_ok(length($_), '>', 5120, 'a name of ' . length($_) . ' characters, whole') for @names;
isnt($names[0], $names[1], 'the two names differ');
like(join(' ', sort @names), qr/abcde1\S*\s.*abcde2/, 'they end with the 1 and the 2 of the two structs');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'the file parses') or diag($@);
my @long = grep { length($_->{fn}) > 5120 } values %{ $m ? $m->{frames} : {} };
is(scalar(@long), 2, 'the file holds the two frames with their names whole');
done_testing();

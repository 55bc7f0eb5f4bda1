#!/usr/bin/perl
# A refused snapshot name or key is echoed escaped, so that its warning
# is one log line: \n, \t, \xNN for a byte that is not printable ASCII
# (tests/progs/edges.c, scenario escape).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'edges', args => ['escape']);
is($r->{exit}, 0, 'exit status 0');
my %log;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($what, $body) = split /\n/, $part, 2;
    $log{$what} = $body // '';
}
my $bad = 'a snapshot name is printable ASCII without spaces or commas';
my @shown = ('a\\nb', 'tab\\there', 'caf\\xc3\\xa9');
for my $i (0 .. 2) {
    is($log{"name $i"}, "memsnap: warning: VALGRIND_MEMSNAP_TAKE: bad name '$shown[$i]': $bad\n",
       "name $i: one line, escaped");
    like($r->{stdout}, qr/^name $i = 0$/m, "name $i: refused");
}
like($log{key}, qr/\Amemsnap: warning: VALGRIND_MEMSNAP_STATS: key 'line\\nno': unknown key [^\n]*\n\z/,
     'a key: one line, escaped');
done_testing();

# hashes.pl: the `perl' workload of tests/perf/run: builds a hash of N
# records (default 200,000; first argument), each a small hash with an
# array, groups them into a second hash of arrays, then deletes half.
use strict;
use warnings;
my $n = shift // 200_000;
my %h;
for my $i (1 .. $n) {
    $h{"key$i"} = { id => $i, name => "name-$i", tags => [ $i % 7, $i % 11, "t$i" ] };
}
my %by;
push @{ $by{ $_->{id} % 1000 } }, $_->{name} for values %h;
my $total = 0;
$total += scalar @{ $by{$_} } for keys %by;
delete $h{"key$_"} for grep { $_ % 2 } 1 .. $n;
print scalar(keys %h), " $total\n";

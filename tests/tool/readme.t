#!/usr/bin/perl
# The example output shown in README.md and in the manual's "A first run"
# (docs/memsnap.md) is what the tool really prints for examples/example.c:
# the docs cannot go stale.  Only the pid, the program's path and
# Valgrind's version differ.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => builddir() . '/examples/example', out_file => '');
is($r->{exit}, 0, 'examples/example: exit status 0');
(my $log = $r->{stderr_raw}) =~ s/^==\Q$r->{pid}\E==/==12345==/mg;
$log =~ s/memsnap\.out\.\Q$r->{pid}\E/memsnap.out.12345/g;
$log =~ s/[ \t]+$//mg;
# The docs show the run with Valgrind 3.19: with another release, only the
# version in the banner differs.
$log =~ s/^(==12345== Using Valgrind-)\d+\.\d+\.\d+\S*/${1}3.19.0/m;

# The ``` block after MARKER in FILE.
sub doc_block {
    my ($file, $marker) = @_;
    my $text = slurp(srcdir() . "/$file");
    my ($block) = $text =~ /\Q$marker\E.*?```[^\n]*\n(.*?)```/s;
    return $block // '';
}

my $readme = doc_block('README.md', '<!-- EXAMPLE OUTPUT:');
(my $want = $log) =~ s/^(==12345== Command: ).*$/${1}examples\/example/m;
is($readme, $want, 'README.md shows the real output of make example');

my ($manual) = slurp(srcdir() . '/docs/memsnap.md') =~ /```\n(\$ gcc -g -o example .*?)```/s;
$manual //= '';
($want = $log) =~ s/^(==12345== Command: ).*$/${1}.\/example/m;
like($manual, qr/\A\$ gcc -g -o example examples\/example\.c\n\$ valgrind --tool=memsnap \.\/example\n/,
     'the manual shows the commands');
$manual =~ s/\A(?:\$ [^\n]*\n)+//;
is($manual, $want, 'the manual shows the real output');
done_testing();

#!/usr/bin/perl
# golden_ok (tests/lib/MemsnapTest.pm), the one comparison with an expected
# file: it passes only on equal text; with MEMSNAP_UPDATE_EXPECTED=1 it
# rewrites a file that differs and reports a skip, never a pass; under CI
# it refuses to rewrite and fails.  Each case runs in a perl of its own,
# on a scratch tests/data.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use MemsnapTest qw(slurp);

my $lib = $INC{'MemsnapTest.pm'} =~ s{/MemsnapTest\.pm\z}{}r;
my $top = tempdir(CLEANUP => 1);
mkdir "$top/tests";
mkdir "$top/tests/data";
my $exp = "$top/tests/data/case.exp";

# Runs golden_ok(GOT, 'case.exp', 'case') with ENV; returns its TAP.
sub run_case {
    my ($got, %env) = @_;
    local $ENV{MEMSNAP_TOP_SRCDIR} = $top;
    local $ENV{MEMSNAP_UPDATE_EXPECTED} = $env{update};
    local $ENV{CI} = $env{ci};
    delete $ENV{MEMSNAP_UPDATE_EXPECTED} unless defined $env{update};
    delete $ENV{CI} unless defined $env{ci};
    # Its diagnostics (the diff) are not this test's.
    open(my $stderr, '>&', \*STDERR) or die;
    open(STDERR, '>', '/dev/null') or die;
    open(my $fh, '-|', $^X, "-I$lib", '-MTest::More', '-MMemsnapTest=golden_ok', '-e',
         'golden_ok($ARGV[0], "case.exp", "case"); done_testing()', $got) or die "perl: $!\n";
    open(STDERR, '>&', $stderr) or die;
    local $/;
    my $tap = <$fh> // '';
    close($fh);
    return $tap;
}
sub set_exp { open(my $fh, '>', $exp) or die; print {$fh} $_[0]; close($fh) }

set_exp("one\n");
like(run_case("one"), qr/^ok 1 - case$/m, 'equal text (a final newline added): pass');
like(run_case("two"), qr/^not ok 1 - case$/m, 'different text: fail');
like(run_case("two", ci => 1), qr/^not ok 1 - case$/m, 'different text under CI: fail');
is(slurp($exp), "one\n", 'the expected file is untouched');

like(run_case("two", update => 1, ci => 1),
     qr/^not ok 1 - case: MEMSNAP_UPDATE_EXPECTED is set under CI/m,
     'MEMSNAP_UPDATE_EXPECTED under CI: fail, not pass');
is(slurp($exp), "one\n", 'and the expected file is untouched');

my $tap = run_case("two", update => 1);
like($tap, qr/^ok 1 # skip case: wrote tests\/data\/case\.exp/m,
     'MEMSNAP_UPDATE_EXPECTED: the file that differs is rewritten, reported as a skip');
unlike($tap, qr/^ok 1 - /m, 'and not as a pass');
is(slurp($exp), "two\n", 'the expected file now holds the new text');
like(run_case("two", update => 1), qr/^ok 1 - case$/m,
     'MEMSNAP_UPDATE_EXPECTED with equal text: a plain pass, nothing written');

unlink $exp;
like(run_case("three"), qr/^not ok 1 - case: tests\/data\/case\.exp does not exist/m,
     'a missing expected file: fail');
done_testing();

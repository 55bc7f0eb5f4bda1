#!/usr/bin/perl
# A program that sets a 4 KiB file size limit (RLIMIT_FSIZE) for itself,
# writes no file, and takes 50 snapshots (tests/progs/fill.c): natively it
# exits 0, and so under memsnap.  memsnap's file stops below the limit
# (no write of its own may make the kernel send SIGXFSZ, which would kill
# the program), one line says why, "Wrote N snapshots" counts what the
# file holds, and memsnap_print reads every one of them.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $script = builddir() . '/scripts/memsnap_print';
plan skip_all => "$script not built" unless -f $script;
require $script;

my $native = run_native(prog => 'fill', args => [50, 4096]);
is($native->{exit}, 0, 'natively: exit 0');

my $r = run_memsnap(prog => 'fill', args => [50, 4096]);
is($r->{signal}, 0, 'no signal (no SIGXFSZ) under memsnap');
is($r->{exit}, 0, 'exit 0 under memsnap');
is($r->{stdout}, "took 50 snapshots\n", 'the program ran to its end');
my @errors = $r->{stderr} =~ /^(memsnap: error: .*)$/mg;
is(scalar @errors, 1, 'one error line') or diag($r->{stderr});
my ($kept) = ($errors[0] // '') =~ /^memsnap: error: cannot write '\S+': the file size limit \(RLIMIT_FSIZE\) is reached; it keeps the (\d+) snapshots? written before, and no more are written$/;
ok(defined $kept, 'it names the limit and the snapshots kept') or diag($errors[0]);
my ($wrote) = $r->{stderr} =~ /^Wrote (\d+) snapshots? to /m;
is($wrote, $kept, '"Wrote N snapshots" says the same');
cmp_ok($kept // 0, '>', 0, 'some snapshots fit');
cmp_ok($kept // 99, '<', 50, 'not all of them');
my $file = "$r->{dir}/memsnap.out.$r->{pid}";
ok(-s $file && -s $file <= 4096, 'the file is within the limit');
my $p = eval { MemsnapPrint::read_profile($file, { last => 1 }) };
ok($p, 'memsnap_print reads it') or diag(ref $@ ? $@->{message} : $@);
is(scalar @{ $p ? $p->{snapshots} : [] }, $wrote, 'and finds every snapshot written');
ok($p && !$p->{truncated}, 'no snapshot is cut: none was begun past the limit');
done_testing();

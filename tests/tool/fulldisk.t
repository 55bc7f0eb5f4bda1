#!/usr/bin/perl
# The output file on a full disk: a 64 KiB tmpfs (mounted here, so only
# as root) and a program that takes 1,000 snapshots (tests/progs/fill.c).
# The program goes on to its end and exits 0, one line says that the
# disk is full, "Wrote N snapshots" counts only the snapshots whose `end'
# line reached the disk, and memsnap_print reads each of them, noting
# that the file ends inside the next one (or at a record boundary).
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use MemsnapTest;

need_tool();
plan skip_all => 'mounting a small tmpfs needs root' if $> != 0;
my $script = builddir() . '/scripts/memsnap_print';
plan skip_all => "$script not built" unless -f $script;
require $script;

my $mnt = tempdir('memsnap-fulldisk-XXXXXX', TMPDIR => 1, CLEANUP => 1);
system('mount', '-t', 'tmpfs', '-o', 'size=64k', 'memsnap-test', $mnt) == 0
    or plan skip_all => "cannot mount a tmpfs on $mnt (a container without the right?)";
my $r = eval { run_memsnap(prog => 'fill', args => [1000], out_file => "$mnt/out.msn") };
my $err = $@;
my $text = -f "$mnt/out.msn" ? slurp("$mnt/out.msn") : undef;
my $p = eval { MemsnapPrint::read_profile("$mnt/out.msn", { last => 1 }) };
my $read_err = $@;
system('umount', $mnt);
die $err if $err;

is($r->{exit}, 0, 'the program exits 0');
is($r->{stdout}, "took 1000 snapshots\n", 'and ran to its end');
my @errors = $r->{stderr} =~ /^(memsnap: error: .*)$/mg;
is(scalar @errors, 1, 'one error line') or diag($r->{stderr});
my ($kept) = ($errors[0] // '') =~ /^memsnap: error: cannot write '\S+': No space left on device; it keeps the (\d+) snapshots? written before, and no more are written$/;
ok(defined $kept, 'it says the disk is full and how many snapshots the file keeps') or diag($errors[0]);
my ($wrote) = $r->{stderr} =~ /^Wrote (\d+) snapshots? to /m;
is($wrote, $kept, '"Wrote N snapshots" says the same');
cmp_ok($kept // 0, '>', 0, 'some snapshots fit');
ok(defined $text && length $text > 60000, 'the disk was filled');
ok($p, 'memsnap_print reads the file') or diag(ref $read_err ? $read_err->{message} : $read_err);
my @ids = map { $_->{id} } @{ $p ? $p->{snapshots} : [] };
is(scalar @ids, $wrote, 'it finds every snapshot counted');
is("@ids", join(' ', 1 .. ($wrote // 0)), 'snapshots 1 to N');
my $t = $p ? $p->{truncated} : undef;
ok(!$t || $t->{what} eq 'snapshot ' . ($wrote + 1) || $t->{what} eq 'a record',
   'the file ends inside the next snapshot or its definitions, if not at a record boundary')
    or diag("ends inside $t->{what}");
ok($p && !$p->{summary}, 'no summary (it did not fit)');
done_testing();

#!/usr/bin/perl
# ci.t: the CI script of the manual (docs/memsnap.md, "A CI job that fails
# on a memory regression"), run as it is printed there, on
# tests/progs/regress built twice: as it is, and with -DEXTRA (one more
# block of 48 bytes kept in each of its 100 iterations, at @EXTRA).
#  - the same build twice: every compare line unchanged, every rule ok,
#    exit status 0;
#  - the regression: the compares of the two runs show exactly the @EXTRA
#    line, the budgets fail naming it, exit status 1;
#  - the output the manual shows is what the script prints.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use MemsnapTest;

need_tool();
my ($old, $new) = map { prog_path($_) } qw(regress regress_extra);
plan skip_all => "$old or $new not built" unless -x $old && -x $new;

my $manual = slurp(srcdir() . '/docs/memsnap.md');
my ($script) = $manual =~ /<!-- CI SCRIPT[^\n]*-->\n```sh\n(.*?)```/s;
ok(defined $script, 'the manual has the CI script') or BAIL_OUT('no CI script in docs/memsnap.md');

# Runs the script on two programs in a directory of its own; returns
# {status, out, err}.
sub run_ci {
    my ($p1, $p2) = @_;
    my $dir = tempdir(CLEANUP => 1);
    open(my $fh, '>', "$dir/memory-check") or die;
    print {$fh} $script;
    close($fh) or die;
    local $ENV{VALGRIND} = MemsnapTest::valgrind();
    local $ENV{PATH} = builddir() . "/scripts:$ENV{PATH}";
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        chdir $dir or die;
        open(STDOUT, '>', "$dir/.out") or die;
        open(STDERR, '>', "$dir/.err") or die;
        exec('sh', "$dir/memory-check", $p1, $p2) or die "exec: $!";
    }
    waitpid($pid, 0);
    return { status => $? >> 8, out => slurp("$dir/.out"), err => slurp("$dir/.err") };
}

my ($table, $record, $extra) = map { line_of('regress.c', $_) } qw(TABLE RECORD EXTRA);

# The same build twice: nothing changed, every budget holds.
my $same = run_ci($old, $old);
is($same->{status}, 0, 'the same build twice: exit status 0');
is($same->{err}, '', 'the same build twice: nothing on standard error');
my @lines = split /\n/, $same->{out};
is_deeply([grep { /^regress\.c:/ } @lines],
          ["regress.c:$table: size=4000 B (+0 B), count=1 (+0), average=4000 B",
           "regress.c:$record: size=64 B (+0 B), count=1 (+0), average=64 B"],
          'the same build twice: the peaks compare equal, line by line');
is_deeply([grep { !/^regress\.c:/ } @lines],
          ["Changes from old.msn #1 'peak' to new.msn #1 'peak' by lineno, 2 of 2 entries:",
           "Changes from old.msn #2 'exit' to new.msn #2 'exit' by lineno: no entries (the snapshots are empty)",
           'ok    growth(old.msn:peak,new.msn:peak)<=5%: did not change: 4,064 -> 4,064 bytes',
           'ok    growth(old.msn:exit,new.msn:exit)<=0: did not change: 0 -> 0 bytes',
           'ok    peak<=64MiB: the peak is 4,064 bytes (4.0 KiB)',
           'ok    exit<=0: 0 bytes left at exit'],
          'the same build twice: the exits are empty, every rule ok');

# The regression.
my $reg = run_ci($old, $new);
is($reg->{status}, 1, 'the regression: exit status 1');
is($reg->{err}, "memsnap_print: 3 of 4 rules broken\n", 'the regression: 3 of 4 rules broken');
my $extra_diff = "regress.c:$extra: size=4800 B (+4800 B), count=100 (+100), average=48 B";
my @changed = grep { /^regress\.c:/ && !/\(\+0 B\), count=\d+ \(\+0\)/ } split /\n/, $reg->{out};
is_deeply(\@changed, [$extra_diff, $extra_diff],
          'the regression: the compares of peak and of exit show the EXTRA line, and only it');
my $fails = join("\n", grep { /^(?:ok|FAIL|      )/ } split /\n/, $reg->{out}) . "\n";
is($fails,
   "FAIL  growth(old.msn:peak,new.msn:peak)<=5%: grew by 118.1%: 4,064 -> 8,864 bytes\n"
   . "      $extra_diff\n"
   . "FAIL  growth(old.msn:exit,new.msn:exit)<=0: grew by 4,800 bytes (4.7 KiB): 0 -> 4,800 bytes\n"
   . "      $extra_diff\n"
   . "ok    peak<=64MiB: the peak is 8,864 bytes (8.7 KiB)\n"
   . "FAIL  exit<=0: 4,800 bytes (4.7 KiB) left at exit\n"
   . "      regress.c:$extra: size=4800 B, count=100, average=48 B\n",
   'the regression: the broken budgets, each with the EXTRA line');

# The manual's example output is what the script printed.
my (undef, $shown) = ($manual =~ /<!-- CI SCRIPT(.*)/s)[0] =~ /```[a-z]*\n(.*?)```/sg;
my @shown = grep { $_ ne '...' && $_ ne '' } split /\n/, $shown // '';
cmp_ok(scalar @shown, '>', 5, 'the manual shows the output');
my %printed = map { $_ => 1 } split(/\n/, $reg->{out}), split(/\n/, $reg->{err});
is_deeply([grep { !$printed{$_} } @shown], [], 'every line the manual shows was printed');

done_testing();

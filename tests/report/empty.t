#!/usr/bin/perl
# An empty result says why instead of printing nothing: filters that keep
# no site ("no entries (N sites filtered out)", counting the distinct
# sites left out), an empty snapshot ("no entries (the snapshot is
# empty)"), at the end of the heading that names the request; the exit
# status stays 0.  On tests/data/example.msn: "before"
# is empty, "after" and "exit" hold the same two sites.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script);

my @cases = (
    [ [ '--stats=exit', '--include=nomatch*' ], "Statistics of #3 'exit' by lineno: no entries (2 sites filtered out)\n" ],
    [ [ '--stats=exit', '--exclude=prog.c:10', '--exclude=prog.c:6' ],
      "Statistics of #3 'exit' by lineno: no entries (2 sites filtered out)\n" ],
    [ [ '--stats=exit', '--include=prog.c:6', '--exclude=prog.c' ],
      "Statistics of #3 'exit' by lineno: no entries (2 sites filtered out)\n" ],
    [ [ '--compare=before,after', '--exclude=*' ],
      "Changes from #1 'before' to #2 'after' by lineno: no entries (2 sites filtered out)\n" ],
    [ [ '--compare=after,exit', '--include-all=x.c' ],
      "Changes from #2 'after' to #3 'exit' by lineno: no entries (2 sites filtered out)\n" ],
    [ [ '--stats=before' ], "Statistics of #1 'before' by lineno: no entries (the snapshot is empty)\n" ],
    [ [ '--compare=before,before' ],
      "Changes from #1 'before' to #1 'before' by lineno: no entries (the snapshots are empty)\n" ],
);
for my $c (@cases) {
    my ($args, $want) = @$c;
    my $r = run_script(undef, @$args, 'example.msn');
    is($r->{status}, 0, "@$args: exit status 0");
    is($r->{out}, $want, "@$args: says why there is no entry");
    is($r->{err}, '', "@$args: nothing on stderr");
}
# One site filtered out of two: the other is printed, no note.
my $r = run_script(undef, '--stats=exit', '--exclude=prog.c:10', 'example.msn');
like($r->{out}, qr/\AStatistics of #3 'exit' by lineno, 1 of 1 entry:\nprog\.c:6: size=800 B, count=1, average=800 B\n\z/, 'a result that is not empty: no note');
done_testing();

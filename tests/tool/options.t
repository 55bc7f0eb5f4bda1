#!/usr/bin/perl
# Option handling: bad values fail with Valgrind's "Bad option" error before
# the program runs; --help lists every option of docs/memsnap.md.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
# tests/progs/startstop prints to stdout as soon as it runs.
my @bad = (
    [ '--depth=0',              qr/between 1 and \d+/ ],
    [ '--depth=100000',         qr/between 1 and \d+/ ],
    [ '--key=bogus',            qr/unknown key/ ],
    [ '--key=traceback,cumulative', qr/cumulative/ ],
    [ '--trace-at-start=maybe', qr/yes.*no|no.*yes/ ],
    [ '--unwind-memo=maybe',    qr/yes.*no|no.*yes/ ],
    [ '--stats-at-exit=-1',     qr/between 0 and/ ],
    [ '--memsnap-out-file=/nonexistent/dir/x', qr{cannot create '/nonexistent/dir/x'} ],
);
for my $b (@bad) {
    my ($opt, $why) = @$b;
    my $r = run_memsnap(prog => 'startstop', opts => [ $opt ]);
    is($r->{exit}, 1, "$opt: exit status 1");
    is($r->{stdout}, '', "$opt: the program did not run");
    like($r->{stderr}, qr/^valgrind: Bad option: \Q$opt\E$/m, "$opt: Valgrind's 'Bad option' error");
    like($r->{stderr}, $why, "$opt: the reason");
    is(scalar(keys %{ $r->{files} }), 0, "$opt: no output file");
}

# Good values are accepted.
for my $opt ('--depth=1', '--depth=500', '--key=filename', '--key=lineno,cumulative',
             '--stats-at-exit=0', '--trace-at-start=yes', '--alloc-fn=foo*',
             '--unwind-memo=no') {
    my $r = run_memsnap(prog => 'startstop', opts => [ $opt ]);
    is($r->{exit}, 0, "$opt: accepted");
}

# Without --memsnap-out-file the file is memsnap.out.<pid> in the current
# directory.
my $r = run_memsnap(prog => 'startstop', out_file => '');
ok(defined $r->{file}, 'default output file memsnap.out.<pid> written');
like($r->{stderr}, qr/\bmemsnap\.out\.PID\b/, 'and named in the log');

my $h = run_memsnap(prog => 'startstop', opts => [ '--help' ]);
is($h->{exit}, 0, '--help: exit 0');
for my $o (qw(--memsnap-out-file=<file> --depth=<number> --alloc-fn= --key=lineno|filename|function|traceback
              --stats-at-exit=<number> --trace-at-start=no|yes)) {
    like($h->{stdout}, qr/^\s+\Q$o\E/m, "--help lists $o");
}
like($h->{stdout}, qr/\[memsnap\.out\.%p\]/, '--help: default output file');
like($h->{stdout}, qr/\[12\]/, '--help: default depth 12');
like($h->{stdout}, qr/\[10\]/, '--help: default --stats-at-exit 10');
my $hd = run_memsnap(prog => 'startstop', opts => [ '--help-debug' ]);
like($hd->{stdout}, qr/^\s+--unwind-memo=no\|yes .*\n.*\[yes\]/m,
     '--help-debug lists --unwind-memo, default yes');
done_testing();

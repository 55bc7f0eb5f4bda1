#!/usr/bin/perl
# The output file cannot be created: the message names the real reason
# (a name too long is "File name too long", not "unknown error"), and it
# blames --memsnap-out-file only when the user gave it; without it, it says
# where the default file was to go and how to put it elsewhere.  Either
# way the program does not run and Valgrind exits 1.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $long = 'n' x 300;
my $r = run_memsnap(prog => 'startstop', out_file => "/tmp/$long.%p");
is($r->{exit}, 1, 'a name too long: exit status 1');
is($r->{stdout}, '', 'a name too long: the program did not run');
like($r->{stderr}, qr/^valgrind: Bad option: --memsnap-out-file=\/tmp\/$long\.%p$/m,
     'a name too long: the option given is named');
like($r->{stderr}, qr/^valgrind: cannot create '\/tmp\/$long\.\d+': File name too long$/m,
     'a name too long: "File name too long"');
unlike($r->{stderr}, qr/unknown error/, 'a name too long: no "unknown error"');

# No option, and a current directory where no file can be made (/proc,
# which refuses even root).
my $c = run_cmd(argv => [ '/bin/sh', '-c', 'cd /proc && exec "$@"', 'sh', MemsnapTest::valgrind(),
                          '--tool=memsnap', '--command-line-only=yes', prog_path('startstop') ]);
my ($out, $err, $status) = @$c{qw(stdout stderr status)};
is($status >> 8, 1, 'no option, /proc: exit status 1');
is($out, '', 'no option, /proc: the program did not run');
unlike($err, qr/Bad option/, 'no option, /proc: no "Bad option" for an option not given');
like($err, qr{^valgrind: memsnap: cannot create the output file '/proc/memsnap\.out\.\d+': \S.*$}m,
     'no option, /proc: the file and the reason');
like($err, qr{^valgrind: memsnap: give a file where it can be written with --memsnap-out-file=<file> \(default memsnap\.out\.%p, in the current directory\)$}m,
     'no option, /proc: how to put it elsewhere');
done_testing();

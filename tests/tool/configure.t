#!/usr/bin/perl
# configure --with-valgrind=PREFIX refuses what it cannot build against,
# with a message that says why: a Valgrind older than 3.19 (naming the
# version found), a PREFIX without a Valgrind, one without valgrind.pc.
# The Valgrinds here are fakes: a launcher script and a valgrind.pc, under
# lib/<multiarch>/pkgconfig as Debian installs it.
use strict;
use warnings;
use Test::More;
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use MemsnapTest;

# configure refuses to make a second build tree of a source tree that has
# been configured in place; such a tree is tested by make check-compat,
# whose build trees are separate.
plan skip_all => 'the source tree is configured in place (./configure there)'
    if -f srcdir() . '/config.status';

my $tmp = tempdir('memsnap-configure-XXXXXX', TMPDIR => 1, CLEANUP => 1);

# A fake Valgrind VERSION under DIR; with_pc 0 leaves out valgrind.pc.
sub fake_valgrind {
    my ($dir, $version, $with_pc) = @_;
    make_path("$dir/bin", "$dir/lib/x86_64-linux-gnu/pkgconfig");
    open(my $fh, '>', "$dir/bin/valgrind") or die;
    print {$fh} "#!/bin/sh\necho valgrind-$version\n";
    close($fh);
    chmod(0755, "$dir/bin/valgrind");
    return unless $with_pc;
    open($fh, '>', "$dir/lib/x86_64-linux-gnu/pkgconfig/valgrind.pc") or die;
    print {$fh} <<"EOF";
prefix=/usr
libdir=\${prefix}/lib/x86_64-linux-gnu
includedir=\${prefix}/include/valgrind
arch=amd64
os=linux
platform=amd64-linux
valt_load_address=0x58000000

Name: Valgrind
Description: A dynamic binary instrumentation framework
Version: $version
Cflags: -I\${includedir}
EOF
    close($fh);
}

# configure's status and output with --with-valgrind=PREFIX.
sub configure_with {
    my ($prefix) = @_;
    my $dir = tempdir('build-XXXXXX', DIR => $tmp);
    my $r = run_cmd(dir => $dir, timeout => 300,
                    argv => [ '/bin/sh', abs_path(srcdir()) . '/configure',
                              "--with-valgrind=$prefix", "--cache-file=$tmp/config.cache" ]);
    return ($r->{status}, $r->{stdout} . $r->{stderr});
}

fake_valgrind("$tmp/old", '3.18.1', 1);
my ($status, $out) = configure_with("$tmp/old");
isnt($status, 0, 'Valgrind 3.18.1: configure fails');
like($out, qr/error: Valgrind 3\.18\.1 was found under \Q$tmp\E\/old, but memsnap needs\s+Valgrind 3\.19 or later/,
     'Valgrind 3.18.1: the error names the version found and the one needed');

($status, $out) = configure_with("$tmp/nothing");
isnt($status, 0, 'a PREFIX that does not exist: configure fails');
like($out, qr/error: --with-valgrind=\Q$tmp\E\/nothing: no such directory/,
     'a PREFIX that does not exist: the error says so');

make_path("$tmp/empty");
($status, $out) = configure_with("$tmp/empty");
isnt($status, 0, 'a PREFIX without bin/valgrind: configure fails');
like($out, qr/error: .*bin\/valgrind is missing/, 'a PREFIX without bin/valgrind: the error says so');

fake_valgrind("$tmp/nopc", '3.24.0', 0);
($status, $out) = configure_with("$tmp/nopc");
isnt($status, 0, 'a PREFIX without valgrind.pc: configure fails');
like($out, qr/error: no valgrind\.pc under \Q$tmp\E\/nopc\/lib/, 'a PREFIX without valgrind.pc: the error says where it looked');

# A new enough Valgrind without its static libraries: past the version
# check, stopped at the libraries.
fake_valgrind("$tmp/nolibs", '3.27.1', 1);
($status, $out) = configure_with("$tmp/nolibs");
isnt($status, 0, 'Valgrind 3.27.1 without its libraries: configure fails');
like($out, qr/Valgrind version and platform\.\.\. 3\.27\.1, amd64-linux/,
     'Valgrind 3.27.1: the version is read from its valgrind.pc, with prefix=PREFIX');
like($out, qr/error: Valgrind's static library \Q$tmp\E\/nolibs\/lib\/x86_64-linux-gnu\/valgrind\/libcoregrind-amd64-linux\.a is missing/,
     'Valgrind 3.27.1 without its libraries: the error names the library, under PREFIX');
done_testing();

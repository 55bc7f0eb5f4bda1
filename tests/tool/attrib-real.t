#!/usr/bin/perl
# Attribution on real programs from Debian packages (python3, lua5.4, xz):
# no key below main, no bare ??? key, the same top keys with --depth=12 and
# --depth=40, and memsnap_print charging the file again as the tool would.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;
use MemsnapTest;

need_tool();


my $dir = tempdir('memsnap-real-XXXXXX', TMPDIR => 1, CLEANUP => 1);
open(my $py, '>', "$dir/t.py") or die;
print $py "d = {}\nfor i in range(3000):\n    d[str(i)] = [i] * 10\nprint(len(d))\n";
close $py;
open(my $lua, '>', "$dir/t.lua") or die;
print $lua "local t = {}\nfor i = 1, 20000 do t[i] = {i, tostring(i)} end\nprint(#t)\n";
close $lua;
open(my $data, '>', "$dir/data") or die;
print $data join('', map { "line $_ of some text to compress\n" } 1 .. 20000);
close $data;

my @programs = (
    [ 'python3', [ "$dir/t.py" ], { PYTHONMALLOC => 'malloc' } ],
    [ 'lua5.4',  [ "$dir/t.lua" ], {} ],
    [ 'xz',      [ '-c', '-k', "$dir/data" ], {} ],
);

# The labels of `memsnap_print --stats=peak --key=KEY --limit=N` (0: all).
sub peak_labels {
    my ($file, $key, $limit, @opts) = @_;
    my $p = run_print('--stats=peak', "--key=$key", "--limit=$limit", @opts, $file);
    die "memsnap_print: $p->{stderr}" if $p->{exit};
    return [ map { /^(.*?): size=/ ? $1 : () } split /\n/, $p->{stdout} ];
}
sub save {
    my ($r, $name) = @_;
    open(my $fh, '>:raw', "$dir/$name") or die; print $fh $r->{file} // ''; close $fh;
    return "$dir/$name";
}

my $below_main = qr/libc_start|\b_start\b|start_thread|\bclone3?\b|below main/;
for my $p (@programs) {
    my ($name, $args, $env) = @$p;
  SKIP: {
        skip "$name is not installed (the README's set-up line installs it)", 9
            unless -x "/usr/bin/$name";
        my %run = map {
            $_ => run_memsnap(prog => "/usr/bin/$name", args => $args, env => $env,
                              opts => [ "--depth=$_" ], timeout => 600)
        } 12, 40;
        is($run{$_}{exit}, 0, "$name --depth=$_: exit 0") for 12, 40;
        my %file = map { $_ => save($run{$_}, "$name-$_.msn") } 12, 40;
        my $all = peak_labels($file{12}, 'lineno', 0);
        ok(scalar(@$all), "$name: the peak has keys");
        my @below = grep { /$below_main/ } @$all;
        is_deeply(\@below, [], "$name: no key below main") or diag(join(', ', @below));
        my @bare = grep { /\?\?\?/ || /^<unknown>/ } @$all;
        is_deeply(\@bare, [], "$name: no ??? or <unknown> key") or diag(join(', ', @bare));
        my @fn = grep { /\?\?\?|<unknown>/ } @{ peak_labels($file{12}, 'function', 0) };
        is_deeply(\@fn, [], "$name: no ??? or <unknown> function key");
        is_deeply(peak_labels($file{40}, 'lineno', 5), peak_labels($file{12}, 'lineno', 5),
                  "$name: the same top keys with --depth=12 and --depth=40");
        my $inner = run_memsnap(prog => "/usr/bin/$name", args => $args, env => $env,
                                opts => [ '--attribute=innermost' ], timeout => 600);
        my $inner_file = save($inner, "$name-innermost.msn");
        # Allocation counts are those of one run: compare the tool's keys
        # of a second run with those memsnap_print computes from the first.
        is_deeply(peak_labels($file{12}, 'lineno', 5, '--attribute=innermost'),
                  peak_labels($inner_file, 'lineno', 5),
                  "$name: memsnap_print --attribute=innermost gives the tool's keys");
        is_deeply(peak_labels($file{12}, 'lineno', 5, '--attribute=user'),
                  peak_labels($file{12}, 'lineno', 5),
                  "$name: memsnap_print --attribute=user changes nothing");
    }
}

done_testing();

#!/usr/bin/perl
# Every process owns exactly one file and no snapshot is lost
# (tests/progs/procs.c):
# - a name without %p: the parent writes NAME, its child NAME.CHILD and
#   its grandchild NAME.CHILD.GRANDCHILD (not over the parent's file);
# - %q{VAR} with VAR unset by the program before it forks: the child runs
#   and writes the name expanded at start-up;
# - exec with --trace-children=yes: the file of the program before exec
#   is renamed aside to NAME.exec-1 if it holds a snapshot, the new
#   program writes NAME;
# - a child that execs, with a name without %p: the new program does not
#   take its parent's file (the parent is alive), it writes NAME.PID.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();

# The snapshot names and pid of the memsnap file at $path ('' if none).
sub file_says {
    my ($path) = @_;
    return '(no file)' unless -f $path;
    my $m = eval { parse_msn(slurp($path)) } or return "(unreadable: $@)";
    return join(' ', "pid=$m->{header}{pid}", map({ $_->{name} } @{ $m->{snapshots} }),
                $m->{summary} ? 'summary' : 'no-summary');
}

sub files_in {
    my ($dir) = @_;
    opendir(my $dh, $dir) or die "$dir: $!";
    my @f = sort grep { !/^\./ } readdir $dh;
    return "@f";
}

{
    my $r = run_memsnap(prog => 'procs', args => ['tree'], out_file => 'out');
    is($r->{exit}, 0, 'tree: every process ran to its end') or diag($r->{stderr});
    my ($child) = $r->{stdout} =~ /^child (\d+)$/m;
    my ($grand) = $r->{stdout} =~ /^grandchild (\d+)$/m;
    my $d = $r->{dir};
    is(files_in($d), join(' ', sort('out', "out.$child", "out.$child.$grand")),
       'tree: NAME, NAME.CHILD, NAME.CHILD.GRANDCHILD');
    is(file_says("$d/out"), "pid=$r->{pid} top top-after peak exit summary", 'tree: the parent\'s file is whole');
    is(file_says("$d/out.$child"), "pid=$child top child child-after peak exit summary", 'tree: the child\'s');
    is(file_says("$d/out.$child.$grand"), "pid=$grand top child grandchild peak exit summary",
       'tree: the grandchild\'s');
}

{
    my $r = run_memsnap(prog => 'procs', args => ['unset', 'MSN_TAG'], env => { MSN_TAG => 'tag' },
                        out_file => 'out.%q{MSN_TAG}.%p');
    is($r->{exit}, 0, '%q{VAR} unset before fork: the child runs') or diag($r->{stderr});
    my ($child) = $r->{stdout} =~ /^child (\d+)$/m;
    is(file_says("$r->{dir}/out.tag.$child"), "pid=$child child peak exit summary",
       '%q{VAR}: the child writes the name expanded at start-up');
    is(file_says("$r->{dir}/out.tag.$r->{pid}"), "pid=$r->{pid} peak exit summary", '%q{VAR}: and the parent');
}

{
    my $r = run_memsnap(prog => 'procs', args => ['exec'], opts => ['--trace-children=yes']);
    is($r->{exit}, 0, 'exec: the new program ran') or diag($r->{stderr});
    my $f = "$r->{dir}/memsnap.out.$r->{pid}";
    is(file_says("$f.exec-1"), "pid=$r->{pid} before-exec no-summary",
       'exec: the snapshots before exec are in NAME.exec-1');
    is(file_says($f), "pid=$r->{pid} after-exec peak exit summary", 'exec: the new program writes NAME');
    like($r->{stderr}, qr/^memsnap: the file of the program before exec is now '.*\.exec-1'$/m,
         'exec: it says so');
}

{
    my $r = run_memsnap(prog => 'procs', args => ['exec-bare'], opts => ['--trace-children=yes']);
    is($r->{exit}, 0, 'exec at once: the new program ran') or diag($r->{stderr});
    is(files_in($r->{dir}), "memsnap.out.$r->{pid}", 'exec at once: no file kept aside (it held no snapshot)');
    unlike($r->{stderr}, qr/before exec/, 'exec at once: nothing said about it');
}

{
    my $r = run_memsnap(prog => 'procs', args => ['fork-exec'], opts => ['--trace-children=yes'],
                        out_file => 'out');
    is($r->{exit}, 0, 'fork-exec: all ran') or diag($r->{stderr});
    my ($child) = $r->{stdout} =~ /^child (\d+)$/m;
    is(file_says("$r->{dir}/out"), "pid=$r->{pid} top top-after peak exit summary",
       'fork-exec: the parent\'s file is whole');
    is(file_says("$r->{dir}/out.$child"), "pid=$child after-exec peak exit summary",
       'fork-exec: the exec\'d child writes NAME.PID');
}
done_testing();

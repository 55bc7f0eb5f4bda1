# massif.t: memsnap_print --format=massif of the run of tests/progs/exports,
# read back by ms_print (Debian's valgrind package): it parses the file,
# draws the graph that memsnap_print's report draws (the same columns and
# heights), lists the snapshots with the bytes of the timeline's points,
# and the peak and detailed snapshots with memsnap's totals.  The file
# keeps the rules strict readers need (massif-visualizer): one desc: line,
# `#-----------' lines exactly, no `#' elsewhere, node sizes that add up.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use MemsnapTest;
use ExportTest;

plan skip_all => 'ms_print not found (Debian: apt-get install valgrind)' unless have_command('ms_print');
my $run = exports_run();

my $e = export_file('massif', undef);
is($e->{status}, 0, 'status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.massif"], 'the default file name');
my $massif = slurp($e->{paths}[0]);

# The run's timeline, from the memsnap file.
my $msn = slurp($run->{file});
my @points = map { [split /\t/, $_, -1] } $msn =~ /^point\t(.*)$/mg;
ok(@points > 3, 'the run has a timeline');
my ($unit) = $msn =~ /^timeline\t(\S+)\t/m;

# The file's own rules, and its snapshots: [time, mem_heap_B, heap_tree, top node bytes].
my @lines = split /\n/, $massif;
is(scalar(grep { /^desc:/ } @lines), 1, 'one desc: line');
is($lines[2], "time_unit: $unit", "time_unit: the run's");
is(scalar(grep { /#/ && $_ ne '#-----------' } @lines), 0, "no '#' but in the rule lines");
my @snaps;
my @stack;    # [declared children, bytes, children seen, children bytes]
my $sizes_ok = 1;
for my $l (@lines) {
    if ($l =~ /^time=([0-9]+)$/) { push @snaps, { time => $1 } }
    elsif ($l =~ /^mem_heap_B=([0-9]+)$/) { $snaps[-1]{heap} = $1 }
    elsif ($l =~ /^heap_tree=(\w+)$/) { $snaps[-1]{tree} = $1 }
    elsif ($l =~ /^( *)n([0-9]+): ([0-9]+) /) {
        my ($depth, $n, $bytes) = (length $1, $2, $3);
        $snaps[-1]{top} = $bytes if $depth == 0;
        while (@stack > $depth) { my $s = pop @stack; $sizes_ok = 0 if $s->[3] > $s->[1] || $s->[2] != $s->[0] }
        if (@stack) { $stack[-1][2]++; $stack[-1][3] += $bytes }
        push @stack, [$n, $bytes, 0, 0];
    }
}
while (my $s = pop @stack) { $sizes_ok = 0 if $s->[3] > $s->[1] || $s->[2] != $s->[0] }
ok($sizes_ok, 'every node has the children it declares, and their bytes add up to at most its own');
is_deeply([map { [$_->{time}, $_->{heap}] } @snaps], [map { [$_->[0] + 0, $_->[1] + 0] } @points],
          'one massif snapshot per point of the timeline, its time and bytes');
my @detailed = grep { $snaps[$_]{tree} ne 'empty' } 0 .. $#snaps;
is_deeply(\@detailed, [grep { $points[$_][3] ne '' } 0 .. $#points], 'the marked points are detailed');
is(scalar(grep { $_->{tree} eq 'peak' } @snaps), 1, 'one peak');
is_deeply([map { $snaps[$_]{top} } @detailed], [map { $snaps[$_]{heap} } @detailed],
          'the top node of each tree is the bytes of its snapshot');
my %snap_bytes = $msn =~ /^snapshot\t([0-9]+)\t[^\t]*\t[^\t]*\t[0-9]+\t[0-9]+\t([0-9]+)\t/mg;
my @marked = grep { $_->[3] =~ /^#/ } @points;
is_deeply([map { $_->[1] + 0 } @marked], [map { $snap_bytes{ substr($_->[3], 1) } + 0 } @marked],
          "a snapshot's point has the snapshot's bytes");

# ms_print reads it.
my $ms = run_cmd(argv => ['ms_print', $e->{paths}[0]]);
is($ms->{status}, 0, 'ms_print: status 0') or diag($ms->{stderr});
is($ms->{stderr}, '', 'ms_print: nothing on standard error');
my ($peak_n) = $ms->{stdout} =~ /^ Detailed snapshots: \[.*?\b([0-9]+) \(peak\)/m;
my ($peak_i) = grep { $snaps[$_]{tree} eq 'peak' } 0 .. $#snaps;
is($peak_n, $peak_i, 'ms_print: the peak snapshot');
my @table = $ms->{stdout} =~ /^ *([0-9]+) +([0-9,]+) +([0-9,]+) +[0-9,]+ +0 +0$/mg;
my @rows;
push @rows, [splice(@table, 0, 3)] while @table;
is_deeply([map { [$_->[0], $_->[1] =~ s/,//gr, $_->[2] =~ s/,//gr] } @rows],
          [map { [$_, $snaps[$_]{time}, $snaps[$_]{heap}] } 0 .. $#snaps],
          "ms_print: every snapshot's time and total");
my @trees = $ms->{stdout} =~ /^100\.00% \(([0-9,]+)B\) \(heap allocation functions\)/mg;
is_deeply([map { s/,//gr } @trees], [map { $snaps[$_]{heap} } grep { $snaps[$_]{heap} } @detailed],
          "ms_print: each detailed snapshot's tree totals its bytes");
like($ms->{stdout}, qr/->[0-9.]+% \([0-9,]+B\) build_list\(int\) \(exports\.cpp:[0-9]+\)/,
     'ms_print: the recursive function in a tree');

# The graph: the same columns and heights as memsnap_print's.
sub graph_shape {
    my ($text, $what) = @_;
    my @rows = $text =~ /^ *[0-9.]*[\^|]([^\n]*)$/mg;
    ok(@rows >= 20, "$what: a graph") or diag($text);
    return [map { (s/ +\z//r) =~ tr/ /X/cr } @rows[0 .. 19]];
}
my $report = run_print($run->{file});
is_deeply(graph_shape($ms->{stdout}, 'ms_print'), graph_shape($report->{stdout}, 'memsnap_print'),
          "ms_print draws memsnap_print's graph");

# Usage errors.
for my $args (['--stats=full'], ['--include=exports.cpp']) {
    my $r = run_print('--format=massif', @$args, $run->{file});
    is($r->{exit}, 2, "--format=massif @$args: status 2");
    like($r->{stderr}, qr/exports the whole run: no /, "--format=massif @$args: the message");
}

done_testing();

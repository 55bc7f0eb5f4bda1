#!/usr/bin/perl
# tracemalloc is the oracle: the output files of the tool's test programs
# (C, C++, threads, realloc, recursion, inlined frames, frames without line
# information, --depth) are loaded with the memsnap Python module as
# tracemalloc.Snapshot objects, and for every snapshot, every key (lineno,
# filename, traceback, with and without cumulative), every compare of
# consecutive snapshots, and filters, the entry lines CPython's tracemalloc
# computes (tests/python/oracle.py) must equal memsnap_print's, line for
# line.  The statistics the tool printed in the run's log (STATS and
# COMPARE requests, the statistics at exit and at the peak) must each
# equal the top entries of one of tracemalloc's results, or be by the
# function key, which tracemalloc does not have.
use strict;
use warnings;
use Test::More;
use JSON::PP ();
use MemsnapTest;
use OracleTest;

need_tool();
need_python();

# [program, tool options, arguments, whether its log is checked]
# (peak's requests compare with the table of the moment, `now', which is
# not in the file.)
my @runs = (
    ['example'], ['alloc_c'], ['keys'], ['alloc_cxx'], ['threads'], ['realloc'],
    ['unwind', [], ['20']], ['inline'], ['nodebug'], ['depth'], ['depth', ['--depth=1']],
    ['depth', ['--depth=2']], ['frees'], ['peak', [], [], 0], ['requests'],
);

my ($n_lines, $n_requests, $n_log) = (0, 0, 0);
for my $run (@runs) {
    my ($prog, $opts, $args, $check_log) = @$run;
    my $what = join(' ', $prog, @{ $opts // [] });
    my $r = run_memsnap(prog => $prog, opts => $opts // [], args => $args // []);
    my $file = "$r->{dir}/memsnap.out.$r->{pid}";
    ok(-f $file, "$what: output file written") or next;
    my $oracle = oracle_requests($file);
    ok($oracle, "$what: the memsnap module loads the file") or next;
    my %by_args;
    for my $req (@{ $oracle->{requests} }) {
        my @args = (@{ $req->{args} }, '--limit=0');
        $by_args{ join(' ', @{ $req->{args} }) } = $req;
        next unless $req->{check};
        my $got = print_entries($file, @args);
        $n_requests++;
        $n_lines += @{ $req->{lines} };
        is_deeply($got, $req->{lines}, "$what: memsnap_print @args")
            or diag(join("\n", 'tracemalloc:', @{ $req->{lines} }, 'memsnap_print:', @$got));
    }
    # The tool's own statistics in the log: the outputs of consecutive
    # requests run together, so each block of entry lines must be cut into
    # the top entries of tracemalloc's results (or of the function key).
    next if defined $check_log && !$check_log;
    my @ids = map { $_->{id} } @{ $oracle->{snapshots} };
    my @known = (@{ $oracle->{requests} }, @{ function_key_requests($file, \@ids, 16) });
    for my $b (log_entry_blocks($r->{stderr_raw})) {
        my $parts = split_block($b, \@known);
        $n_log += @$b;
        ok($parts, "$what: the tool's statistics from '$b->[0]' (" . scalar(@$b) . ' lines) are '
                   . "tracemalloc's") or diag(join("\n", @$b));
        note("  $_") for @{ $parts || [] };
    }
}
diag("compared $n_lines statistics lines of $n_requests requests with memsnap_print, "
     . "and $n_log lines of the tool's logs");
done_testing();

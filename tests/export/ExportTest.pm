# ExportTest.pm: helpers of the tests of memsnap_print --format
# (tests/export/*.t), each of which reads the exported files back with the
# format's own reader.
#
# exports_run() runs tests/progs/exports (threads, C++, recursion) under
# memsnap once per test process, with a depth that holds its whole stacks,
# and gives the run directory and the output file; export_file() writes
# an export of it into that directory; json_model() reads memsnap_print's
# own JSON of a snapshot or compare, whose exact sizes and counts are the
# figures each reader's must equal.  churn_run() runs tests/progs/churn
# (allocations that are freed, temporary ones, a clear: churn.c has the
# figures), and the functions ending in _of take the run to export.
package ExportTest;

use strict;
use warnings;
use Exporter qw(import);
use JSON::PP ();
use MemsnapTest;
use Test::More;

our @EXPORT = qw(exports_run churn_run export_file export_file_of json_model json_model_of
                 stats_by_label have_command);

my ($run, $churn_run);

# { dir, file (absolute path), name (its base name), pid }.
sub exports_run {
    return $run //= do {
        need_tool();
        my $r = run_memsnap(prog => 'exports', opts => ['--depth=64']);
        $r->{exit} == 0 && defined $r->{file}
            or BAIL_OUT("tests/progs/exports failed under memsnap:\n$r->{stderr_raw}");
        { dir => $r->{dir}, file => "$r->{dir}/memsnap.out.$r->{pid}",
          name => "memsnap.out.$r->{pid}", pid => $r->{pid} };
    };
}

# The same of tests/progs/churn.
sub churn_run {
    return $churn_run //= do {
        need_tool();
        my $r = run_memsnap(prog => 'churn');
        $r->{exit} == 0 && defined $r->{file}
            or BAIL_OUT("tests/progs/churn failed under memsnap:\n$r->{stderr_raw}");
        { dir => $r->{dir}, file => "$r->{dir}/memsnap.out.$r->{pid}",
          name => "memsnap.out.$r->{pid}", pid => $r->{pid} };
    };
}

# Runs memsnap_print --format=FORMAT ARGS... on the run's file, with
# --output=OUTPUT when given (names relative to the run directory).
# Returns { status, stdout, stderr, paths (absolute: the files named on
# standard error) }.
sub export_file {
    return export_file_of(exports_run(), @_);
}

sub export_file_of {
    my ($run, $format, $output, @args) = @_;
    my @out = defined $output ? ('--output=' . join(',', map { "$run->{dir}/$_" } split /,/, $output)) : ();
    my $r = run_print("--format=$format", @out, @args, $run->{file});
    $r->{paths} = [$r->{stderr} =~ /^memsnap_print: wrote (.*)$/mg];
    return $r;
}

# memsnap_print --format=json ARGS...: the decoded document.
sub json_model {
    return json_model_of(exports_run(), @_);
}

sub json_model_of {
    my ($run, @args) = @_;
    my $r = export_file_of($run, 'json', undef, '--output=-', @args);
    $r->{status} == 0 or die "memsnap_print --format=json @args failed: $r->{stderr}";
    return JSON::PP->new->decode($r->{stdout});
}

# The statistics of a JSON document as { label => [size, count] }.
sub stats_by_label {
    my ($doc) = @_;
    return { map { $_->{key} => [$_->{size}, $_->{count}] } @{ $doc->{statistics} } };
}

# Is COMMAND on the PATH?
sub have_command {
    my ($cmd) = @_;
    return grep { -x "$_/$cmd" } split /:/, $ENV{PATH} // '';
}

1;

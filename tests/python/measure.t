#!/usr/bin/perl
# python3 -m memsnap --measure: for files of format 5, the statistics of
# the allocations (and the temporary ones) until each snapshot, and made
# between each two, by every key, with and without cumulative, filtered
# and limited, must be memsnap_print's --measure output, heading, entries,
# errors and exit status alike (tracemalloc computes the one, memsnap_print
# the other).  The requests run in one Python process, through the
# command line's own entry point.
use strict;
use warnings;
use Test::More;
use File::Temp ();
use JSON::PP ();
use MemsnapTest qw(srcdir);
use OracleTest;

need_python();

my $cli = <<'PY';
import io, json, sys
from memsnap import _cli
out = {}
for argv in json.load(open(sys.argv[1])):
    o, e = io.BytesIO(), io.StringIO()
    sys.stdout, sys.stderr = io.TextIOWrapper(o, 'utf-8', 'surrogateescape'), e
    status = _cli.main(argv)
    sys.stdout.detach()    # flushes, and leaves o open
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    out[' '.join(argv)] = [status, o.getvalue().decode('utf-8', 'surrogateescape'), e.getvalue()]
json.dump(out, sys.stdout)
PY

my @keys = ('lineno', 'filename', 'traceback', 'lineno,cumulative', 'filename,cumulative');
for my $name ('churn.msn', 'example-v5.msn') {
    my $file = srcdir() . "/tests/data/$name";
    my @ids = map { "#$_" } (slurp_ids($file));
    my @requests;
    for my $m ('allocated', 'temporary') {
        for my $key (@keys) {
            push @requests, ["--stats=$_", "--key=$key", "--measure=$m"] for @ids;
            for my $old (@ids) {
                push @requests, ["--compare=$old,$_", "--key=$key,$m"] for @ids;
            }
        }
        push @requests, ["--stats=$ids[-1]", "--measure=$m", '--limit=1'],
                        ["--stats=$ids[1]", "--measure=$m", '--include=nomatch*'],
                        ["--stats=$ids[1]", "--measure=$m", '--exclude=*.c:36'];
    }
    my $list = File::Temp->new(SUFFIX => '.json');
    print $list JSON::PP->new->encode([ map { [$file, @$_] } @requests ]);
    close($list);
    my $r = run_python(argv => ['-c', $cli, $list->filename]);
    my $got = $r->{exit} ? {} : JSON::PP->new->decode($r->{stdout});
    is($r->{exit}, 0, "$name: the Python requests ran") or diag($r->{stderr});
    for my $req (@requests) {
        my ($out, $err, $status) = OracleTest::print_output(@$req, $file);
        my $py = $got->{ join(' ', $file, @$req) } // [];
        s/^python3 -m memsnap: /memsnap_print: / for $py->[2] // ();
        is_deeply($py, [$status, $out, $err], "$name @$req: as memsnap_print");
    }
}
done_testing();

# The ids of the snapshots of a file.
sub slurp_ids {
    my ($file) = @_;
    open(my $fh, '<', $file) or die "$file: $!\n";
    return map { /^snapshot\t([0-9]+)\t/ ? $1 : () } <$fh>;
}

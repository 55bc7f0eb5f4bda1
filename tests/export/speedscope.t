# speedscope.t: memsnap_print --format=speedscope of a snapshot and of a
# compare of tests/progs/exports, validated against the JSON schema of
# speedscope's file format that the npm package `speedscope' ships
# (installed in tests/node_modules by the README's set-up line, from
# tests/package-lock.json; tests/export/JsonSchema.pm says why the
# validator is our own), and its weights checked against the snapshots.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use JSON::PP ();
use MemsnapTest;
use ExportTest;
use JsonSchema qw(validate);

my $schema_path = srcdir() . '/tests/node_modules/speedscope/dist/release/file-format-schema.json';
plan skip_all => "$schema_path not found (run the README's set-up line: npm ci --prefix tests)"
    unless -f $schema_path;
my $schema = JSON::PP->new->decode(slurp($schema_path));
my $run = exports_run();

sub sum { my $n = 0; $n += $_ for @_; return $n }

# Validates file $path; returns the document.
sub check_file {
    my ($path, $what) = @_;
    my $doc = JSON::PP->new->decode(slurp($path));
    my @errors = validate($schema, $doc);
    is_deeply(\@errors, [], "$what: valid against speedscope's schema");
    my $n_frames = @{ $doc->{shared}{frames} };
    my $bad = grep { grep { $_ < 0 || $_ >= $n_frames } map { @$_ } @{ $_->{samples} } } @{ $doc->{profiles} };
    is($bad, 0, "$what: every sample's frames exist");
    for my $p (@{ $doc->{profiles} }) {
        is(scalar @{ $p->{samples} }, scalar @{ $p->{weights} }, "$what: a weight per sample");
        is($p->{endValue}, sum(@{ $p->{weights} }), "$what: endValue is the total weight");
    }
    return $doc;
}

my $e = export_file('speedscope', undef, '--stats=full');
is($e->{status}, 0, '--stats: status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.full.speedscope.json"], '--stats: the default file name');
my $doc = check_file($e->{paths}[0], 'full');
my $model = json_model('--stats=full');
my ($bytes, $blocks) = @{ $doc->{profiles} };
is_deeply([map { $_->{unit} } $bytes, $blocks], ['bytes', 'none'], 'full: a profile in bytes, one in blocks');
is(sum(@{ $bytes->{weights} }), $model->{snapshot}{bytes}, 'full: the bytes');
is(sum(@{ $blocks->{weights} }), $model->{snapshot}{blocks}, 'full: the blocks');
# (A frame without a function name is "OBJECT'S BASE NAME+0xOFFSET",
# "??? (OBJECT'S BASE NAME)" in a file without offsets.)
my %fn = map { $_->{id} => $_->{function} ne '' ? $_->{function}
                         : $_->{object} !~ m{([^/]+)\z} ? '???'
                         : defined $_->{offset} ? sprintf('%s+0x%x', $1, $_->{offset}) : "??? ($1)" }
         @{ $model->{frames} };
my @frames = @{ $doc->{shared}{frames} };
is_deeply([sort map { join(' < ', map { $frames[$_]{name} } reverse @$_) } @{ $bytes->{samples} }],
          [sort map { join(' < ', map { $fn{$_} } @{ $_->{frames} }) } @{ $model->{sites} }],
          'full: a sample per site, its frames outermost first');

$e = export_file('speedscope', undef, '--compare=full,half');
is($e->{status}, 0, '--compare: status 0') or diag($e->{stderr});
$doc = check_file($e->{paths}[0], 'compare');
my ($grown, $shrunk) = @{ $doc->{profiles} };
like($grown->{name}, qr/grown/, 'compare: the grown profile');
like($shrunk->{name}, qr/shrunk/, 'compare: the shrunk profile');
is(sum(@{ $grown->{weights} }), 0, 'compare: nothing grew');
is(sum(@{ $shrunk->{weights} }), 20 * 32 + 4000, 'compare: half the list and the table shrank');
ok(!grep({ $_ <= 0 } @{ $shrunk->{weights} }), 'compare: weights are positive');

# The validator can fail.
my @errors = validate($schema, { %$doc, profiles => [{ %$grown, unit => 'kilobytes' }] });
ok(@errors, 'a bad unit is refused by the schema');

done_testing();

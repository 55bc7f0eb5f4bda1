# speedscope.t: memsnap_print --format=speedscope of a snapshot and of a
# compare of tests/progs/exports, validated against the JSON schema of
# speedscope's file format that the npm package `speedscope' ships
# (installed in tests/node_modules by the README's set-up line, from
# tests/package-lock.json; tests/export/JsonSchema.pm says why the
# validator is our own), and its weights checked against the snapshots:
# the live heap and, beside it, the allocations (tests/progs/churn too).
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
          [sort map { join(' < ', map { $fn{$_} } @{ $_->{frames} }) } grep { $_->{bytes} } @{ $model->{sites} }],
          'full: a sample per site with live bytes, its frames outermost first');
my @p = @{ $doc->{profiles} };
is(scalar @p, 6, 'full: six profiles');
is_deeply([map { sum(@{ $_->{weights} }) } @p],
          [@{ $model->{snapshot} }{qw(bytes blocks alloc_bytes alloc_blocks temp_bytes temp_blocks)}],
          'full: live, allocated and temporary bytes and blocks, the snapshot\'s');
is_deeply([map { $_->{unit} } @p], [qw(bytes none bytes none bytes none)], 'full: their units');
is($doc->{activeProfileIndex}, 0, 'full: the live bytes shown first');

$e = export_file('speedscope', undef, '--compare=full,half');
is($e->{status}, 0, '--compare: status 0') or diag($e->{stderr});
$doc = check_file($e->{paths}[0], 'compare');
my ($grown, $shrunk) = @{ $doc->{profiles} };
like($grown->{name}, qr/grown/, 'compare: the grown profile');
like($shrunk->{name}, qr/shrunk/, 'compare: the shrunk profile');
is(sum(@{ $grown->{weights} }), 0, 'compare: nothing grew');
is(sum(@{ $shrunk->{weights} }), 20 * 32 + 4000, 'compare: half the list and the table shrank');
ok(!grep({ $_ <= 0 } @{ $shrunk->{weights} }), 'compare: weights are positive');

# --measure chooses the profile shown first.
for my $m (['allocated', 2, qr/\Abytes allocated since the start, /], ['temporary', 4, qr/\Atemporary bytes, /]) {
    $e = export_file('speedscope', "$m->[0].json", '--stats=full', "--measure=$m->[0]");
    my $d = check_file($e->{paths}[0], "--measure=$m->[0]");
    is($d->{activeProfileIndex}, $m->[1], "--measure=$m->[0]: the profile shown first");
    like($d->{profiles}[ $m->[1] ]{name}, $m->[2], "--measure=$m->[0]: its name");
}

# tests/progs/churn (churn.c has the figures): line @T's 1,000 blocks
# are all freed, a sample of the allocated profiles only; the bytes
# allocated between two snapshots; none across a clear.
my $churn = churn_run();
$e = export_file_of($churn, 'speedscope', 'mid.json', '--stats=mid');
$doc = check_file($e->{paths}[0], 'churn mid');
is_deeply([map { sum(@{ $_->{weights} }) } @{ $doc->{profiles} }], [1050, 12, 33150, 1016, 32100, 1004],
          'churn mid: the sums of the six profiles');
is_deeply([map { scalar @{ $_->{samples} } } @{ $doc->{profiles} }], [2, 3, 3, 4, 2, 2],
          'churn mid: samples with weight only (0-byte blocks in the blocks profiles)');
$e = export_file_of($churn, 'speedscope', 'between.json', '--compare=start,mid');
$doc = check_file($e->{paths}[0], 'churn start,mid');
is_deeply([map { sum(@{ $_->{weights} }) } @{ $doc->{profiles} }], [1050, 0, 33150, 32100],
          'churn start,mid: grown, shrunk, allocated and temporary bytes between');
for my $m (['allocated', 2, qr/\Abytes allocated, /], ['temporary', 3, qr/\Atemporary bytes, /]) {
    $e = export_file_of($churn, 'speedscope', "between-$m->[0].json", '--compare=start,mid', "--measure=$m->[0]");
    my $d = check_file($e->{paths}[0], "churn start,mid --measure=$m->[0]");
    is($d->{activeProfileIndex}, $m->[1], "churn start,mid --measure=$m->[0]: the profile shown first");
    like($d->{profiles}[ $m->[1] ]{name}, $m->[2], "churn start,mid --measure=$m->[0]: its name");
}
$e = export_file_of($churn, 'speedscope', 'clear.json', '--compare=mid,exit');
$doc = check_file($e->{paths}[0], 'churn mid,exit');
is(scalar @{ $doc->{profiles} }, 2, 'churn mid,exit: a clear between, grown and shrunk only');
my $r = run_print('--format=speedscope', '--stats=full', '--output=-', srcdir() . '/tests/data/exports.msn');
is(scalar @{ JSON::PP->new->decode($r->{stdout})->{profiles} }, 2, 'format 1: the live profiles only');

# The validator can fail.
my @errors = validate($schema, { %$doc, profiles => [{ %$grown, unit => 'kilobytes' }] });
ok(@errors, 'a bad unit is refused by the schema');

done_testing();

# json.t: memsnap_print --format=json, memsnap's own model of a snapshot
# or of a compare of tests/progs/exports, decoded by JSON::PP: the
# version, the snapshot(s), sites whose sums are the snapshot's totals,
# frames for every frame id used, and statistics whose text is exactly
# what --stats / --compare print for the same key, limit and filters.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use JSON::PP ();
use MemsnapTest;
use ExportTest;

my $run = exports_run();

sub sum_of {
    my ($sites, $field) = @_;
    my $n = 0;
    $n += $_->{$field} for @$sites;
    return $n;
}

my $doc = json_model('--stats=full', '--limit=0');
is($doc->{memsnap_json}, 1, 'the version');
is($doc->{kind}, 'snapshot', 'kind snapshot');
is($doc->{snapshot}{name}, 'full', 'the snapshot');
is(sum_of($doc->{sites}, 'bytes'), $doc->{snapshot}{bytes}, 'sites add up to the bytes');
is(sum_of($doc->{sites}, 'blocks'), $doc->{snapshot}{blocks}, 'sites add up to the blocks');
my %frames = map { $_->{id} => $_ } @{ $doc->{frames} };
ok(!grep({ !$frames{$_} } map { @{ $_->{frames} } } @{ $doc->{sites} }), 'every frame used is defined');
ok(grep({ $_->{function} eq 'build_list(int)' } @{ $doc->{frames} }), 'the recursive function');
ok(grep({ $_->{function} eq 'worker(void*)' } @{ $doc->{frames} }), "the threads' function");
my @nodes = grep { $frames{ $_->{frames}[0] }{function} eq 'build_list(int)' } @{ $doc->{sites} };
is_deeply([sum_of(\@nodes, 'bytes'), sum_of(\@nodes, 'blocks')], [1280, 40], 'the list: 40 nodes of 32 bytes');
is_deeply([sort { $a <=> $b } map { scalar grep { $frames{$_}{function} eq 'build_list(int)' } @{ $_->{frames} } } @nodes],
          [1 .. 40], 'their stacks: build_list 1 to 40 times');

# The statistics are those memsnap_print prints.
for my $args (['--stats=full'], ['--stats=half', '--key=function', '--cumulative', '--limit=0'],
              ['--stats=exit', '--key=traceback', '--limit=3'], ['--compare=full,half', '--limit=0'],
              ['--compare=start,exit', '--key=filename'], ['--stats=full', '--include=exports.cpp']) {
    my $d = json_model(@$args);
    my $text = run_print(@$args, $run->{file});
    my ($heading, @lines) = grep { !/^    / } split /\n/, $text->{stdout};
    like($heading, qr/^(Statistics of|Changes from) #/, "@$args: memsnap_print's heading");
    is_deeply([map { $_->{text} } @{ $d->{statistics} }], \@lines, "statistics of @$args");
}

# Filters and compares.
$doc = json_model('--stats=full', '--include=exports.cpp');
is_deeply($doc->{filters}, [{ inclusive => JSON::PP::true, all_frames => JSON::PP::false,
                              pattern => 'exports.cpp' }], 'the filters');
# The program's own blocks, and the thread structures the C library and
# the dynamic loader allocate in pthread_create, charged to its line.
my ($threads, $own) = (0, 0);
my %filtered_frames = map { $_->{id} => $_ } @{ $doc->{frames} };
for my $s (@{ $doc->{sites} }) {
    my $f = $filtered_frames{ $s->{frames}[0] };
    ${ $f->{line} == line_of('exports.cpp', 'THREADS') ? \$threads : \$own } += $s->{bytes};
}
is($own, 1280 + 3000 + 4000, 'filtered sites: the program\'s own');
ok($threads > 0, "filtered sites: pthread_create's, on its line ($threads B)");
$doc = json_model('--compare=full,half', '--limit=0');
is($doc->{kind}, 'compare', 'kind compare');
is_deeply([$doc->{old}{name}, $doc->{new}{name}], ['full', 'half'], 'old and new');
is(sum_of($doc->{sites}, 'old_bytes') - sum_of($doc->{sites}, 'bytes'), 4640, 'what was freed');

# The file name.
my $e = export_file('json', undef, '--stats=#2');
is_deeply($e->{paths}, ["$run->{file}.id2.json"], 'default name of --stats=#ID');

# Usage errors: status 2 and one line naming the problem.
for my $case ([['--format=bogus', '--stats=full'], qr/unknown format 'bogus' \(callgrind, json/],
              [['--format=callgrind'], qr/--format=callgrind needs --stats=SNAPSHOT or --compare=OLD,NEW/],
              [['--format=callgrind', '--stats=full', '--key=function'], qr/takes no --key/],
              [['--format=callgrind', '--stats=full', '--limit=3', '--cumulative'], qr/takes no --cumulative, --limit/],
              [['--output=x', '--stats=full'], qr/--output needs --format/],
              [['--format=json', '--stats=full', '--output=a,b'], qr/writes 1 files: --output takes 1 names/]) {
    my ($args, $re) = @$case;
    my $r = run_print(@$args, $run->{file});
    is($r->{exit}, 2, "@$args: status 2");
    like($r->{stderr}, qr/\Amemsnap_print: .*$re.*\n\z/, "@$args: the message");
}
my $r = run_print('--format=json', '--stats=nosuch', $run->{file});
like($r->{stderr}, qr/no snapshot named 'nosuch'/, 'an unknown snapshot');
$r = run_print('--format=json', '--stats=full', "--output=$run->{dir}/no/such/dir/x", $run->{file});
is($r->{exit}, 1, 'an unwritable output: status 1');
like($r->{stderr}, qr{\Amemsnap_print: cannot write .*/no/such/dir/x: No such file}, 'an unwritable output: the message');

done_testing();

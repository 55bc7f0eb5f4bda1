# json.t: memsnap_print --format=json, memsnap's own model of a snapshot
# or of a compare of tests/progs/exports, decoded by JSON::PP: the
# version, the snapshot(s), sites whose sums are the snapshot's totals,
# frames for every frame id used, and statistics whose text is exactly
# what --stats / --compare print for the same key, limit and filters;
# the allocations beside the live blocks (tests/progs/churn).
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

# Allocations beside the live blocks (tests/progs/churn.c has the
# figures): each site's allocated and temporary bytes and blocks, sites
# whose blocks were all freed, the sums, and the statistics by --measure
# as memsnap_print prints them.
my $churn = churn_run();
$doc = json_model_of($churn, '--stats=mid', '--limit=0');
is($doc->{measure}, 'live', 'churn: measure live by default');
is_deeply([@{ $doc->{snapshot} }{qw(bytes blocks alloc_bytes alloc_blocks temp_bytes temp_blocks clears)}],
          [1050, 12, 33150, 1016, 32100, 1004, 0], 'churn: the snapshot\'s allocations');
for my $f (qw(bytes blocks alloc_bytes alloc_blocks temp_bytes temp_blocks)) {
    is(sum_of($doc->{sites}, $f), $doc->{snapshot}{$f}, "churn: the sites' $f add up to the snapshot's");
}
my %line = map { $_->{id} => $_->{line} } @{ $doc->{frames} };
my %L = map { $_ => line_of('churn.c', $_) } qw(T K Z R L A);
is_deeply({ map { $line{ $_->{frames}[0] } => join(' ', @$_{qw(bytes blocks alloc_bytes alloc_blocks temp_bytes temp_blocks)}) }
            @{ $doc->{sites} } },
          { $L{T} => '0 0 32000 1000 32000 1000', $L{K} => '1000 10 1000 10 0 0', $L{Z} => '0 1 0 1 0 0',
            $L{R} => '50 1 150 5 100 4' }, 'churn: each site, @T with nothing live');
for my $args (['--stats=mid', '--measure=allocated'], ['--stats=mid', '--measure=temporary', '--key=function'],
              ['--compare=start,mid', '--measure=allocated', '--limit=0'], ['--compare=start,mid']) {
    my $d = json_model_of($churn, @$args);
    my $text = run_print(@$args, $churn->{file});
    my ($heading, @lines) = grep { !/^    / } split /\n/, $text->{stdout};
    is_deeply([map { $_->{text} } @{ $d->{statistics} }], \@lines, "churn: statistics of @$args");
    is($d->{measure}, ($args->[1] // '') =~ /--measure=(\w+)/ ? $1 : 'live', "churn @$args: the measure");
    is_deeply($d->{sites}, $doc->{sites}, "churn @$args: the sites whatever the measure")
        if $args->[0] eq '--stats=mid';
}
$doc = json_model_of($churn, '--compare=start,mid');
ok($doc->{allocations_between}, 'churn --compare=start,mid: the allocations between are known');
is(sum_of($doc->{sites}, 'alloc_bytes') - sum_of($doc->{sites}, 'old_alloc_bytes'), 33150,
   'churn --compare=start,mid: bytes allocated between');
$doc = json_model_of($churn, '--compare=mid,exit');
ok(!$doc->{allocations_between} && defined $doc->{allocations_between},
   'churn --compare=mid,exit: a clear between, the allocations between are not known');
is_deeply({ map { $line{ $_->{frames}[0] } // 'A' => "$_->{old_alloc_blocks} $_->{alloc_blocks}" } @{ $doc->{sites} } },
          { $L{T} => '1000 0', $L{K} => '10 0', $L{Z} => '1 0', $L{R} => '5 0', A => '0 1' },
          'churn --compare=mid,exit: each site\'s allocations in both');
# A file before version 5: the live figures only, as before.
$doc = JSON::PP->new->decode(run_print('--format=json', '--stats=full', '--output=-',
                                       srcdir() . '/tests/data/exports.msn')->{stdout});
ok(!grep({ exists $_->{alloc_bytes} } @{ $doc->{sites} }) && !exists $doc->{snapshot}{alloc_bytes},
   'format 1: no allocation members');

# The file name.
my $e = export_file('json', undef, '--stats=#2');
is_deeply($e->{paths}, ["$run->{file}.id2.json"], 'default name of --stats=#ID');

# Usage errors: status 2 and one line naming the problem.
for my $case ([['--format=bogus', '--stats=full'], qr/unknown format 'bogus' \(callgrind, json/],
              [['--format=callgrind'], qr/--format=callgrind needs --stats=SNAPSHOT or --compare=OLD,NEW/],
              [['--format=callgrind', '--stats=full', '--key=function'], qr/takes no --key/],
              [['--format=callgrind', '--stats=full', '--limit=3', '--cumulative'], qr/takes no --cumulative, --limit/],
              [['--output=x', '--stats=full'], qr/--output needs --format/],
              [['--format=json', '--stats=full', '--output=a,b'], qr/writes 1 files: --output takes 1 names/],
              [['--format=massif', '--measure=allocated'],
               qr/--format=massif holds the live heap only \(massif's format has no place for allocations\): no --measure/]) {
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

# pprof.t: memsnap_print --format=pprof of a snapshot and of a compare of
# tests/progs/exports, decoded by an independent reader, `protoc
# --decode_raw' (Debian's protobuf-compiler), which knows nothing of
# profile.proto: the field numbers are checked here; and by `protoc
# --decode' with pprof's own profile.proto, which must know every field.  The samples are
# the snapshot's paths (location ids leaf first = the frames of the JSON
# export), with Go's heap profile values (allocated, in use) and the
# temporary ones, whose totals are the snapshot's; every location and
# function they name is defined.  Then tests/progs/churn: paths whose
# blocks were all freed, the default sample type by --measure, compares
# and a file of format 1 (the live blocks only).
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use JSON::PP ();
use MemsnapTest;
use ExportTest;

plan skip_all => 'protoc not found (Debian: apt-get install protobuf-compiler)' unless have_command('protoc');
my $run = exports_run();

# pprof's own profile.proto, from Debian's golang-github-google-pprof-dev
# (the README's set-up line installs it).
my $PROTO_DIR = '/usr/share/gocode/src/github.com/google/pprof/proto';

# The uncompressed profile $raw_path decodes as a perftools.profiles.Profile
# of pprof's profile.proto with no field unknown to it (protoc prints an
# unknown field, or one of the wrong wire type, by its number).
sub check_schema {
    my ($raw_path, $what) = @_;
  SKIP: {
        skip("$PROTO_DIR/profile.proto not found (Debian: apt-get install golang-github-google-pprof-dev)", 2)
            unless -f "$PROTO_DIR/profile.proto";
        my $r = run_cmd(argv => ['sh', '-c', 'protoc -I "$1" --decode=perftools.profiles.Profile profile.proto < "$2"',
                                 'sh', $PROTO_DIR, $raw_path]);
        is($r->{status}, 0, "$what: protoc --decode=perftools.profiles.Profile: status 0") or diag($r->{stderr});
        my @unknown = grep { /^\s*[0-9]+(?::| \{)/ } split /\n/, $r->{stdout};
        is_deeply(\@unknown, [], "$what: every field is one of profile.proto's");
    }
}

# protoc --decode_raw of gzip-compressed FILE, as a tree: [[field, value
# or [children]]...].
sub decode {
    my ($path) = @_;
    my $gz = slurp($path);
    is(substr($gz, 0, 2), "\x1f\x8b", "$path: gzip-compressed");
    my $raw;
    gunzip(\$gz => \$raw) or die "gunzip $path: $GunzipError";
    my $tmp = "$path.raw";
    open(my $fh, '>:raw', $tmp) or die "$tmp: $!";
    print {$fh} $raw;
    close $fh;
    check_schema($tmp, $path);
    my $r = run_cmd(argv => ['sh', '-c', 'protoc --decode_raw < "$1"', 'sh', $tmp]);
    is($r->{status}, 0, "$path: protoc --decode_raw: status 0") or diag($r->{stderr});
    my @stack = ([]);
    for (split /\n/, $r->{stdout}) {
        if (/^\s*([0-9]+) \{$/) { my $kids = []; push @{ $stack[-1] }, [$1, $kids]; push @stack, $kids }
        elsif (/^\s*\}$/) { pop @stack }
        elsif (/^\s*([0-9]+): (.*)$/) { push @{ $stack[-1] }, [$1, $2] }
        else { die "protoc output: $_\n" }
    }
    return $stack[0];
}

# A string as protoc prints it: in double quotes, C escapes, octal bytes.
sub unquote {
    my ($q) = @_;
    my %esc = (n => "\n", r => "\r", t => "\t", '"' => '"', "'" => "'", '\\' => '\\');
    $q =~ s/\A"(.*)"\z/$1/s or die "not a quoted string: $q\n";
    $q =~ s{\\([0-7]{1,3}|.)}{ $1 =~ /\A[0-7]/ ? chr(oct $1) : ($esc{$1} // die "escape \\$1\n") }ge;
    return $q;
}

sub fields { my ($msg, $n) = @_; return map { $_->[1] } grep { $_->[0] == $n } @$msg }
sub field  { my ($msg, $n) = @_; my @v = fields($msg, $n); return $v[0] // 0 }

# The sample types of a file with allocations (format 5), Go's heap
# profiles' four in Go's order and the temporary ones, each with the
# JSON export's figure; those of an older file.
my @CHURN_TYPES = (['alloc_objects', 'count', 'alloc_blocks'], ['alloc_space', 'bytes', 'alloc_bytes'],
                   ['inuse_objects', 'count', 'blocks'], ['inuse_space', 'bytes', 'bytes'],
                   ['temp_objects', 'count', 'temp_blocks'], ['temp_space', 'bytes', 'temp_bytes']);
my @LIVE_TYPES = @CHURN_TYPES[2, 3];

# The profile's samples as "frames;VALUE;VALUE..." lines (sorted), after
# checking its strings, sample types (@$types), default sample type,
# locations and functions.  $fn: a function that must be there (if
# defined).
sub check_profile {
    my ($path, $what, $types, $default, $fn) = @_;
    my $p = decode($path);
    my @strings = map { ref $_ ? undef : unquote($_) } fields($p, 6);
    is($strings[0], '', "$what: string 0 is empty");
    my @types = map { [map { $strings[$_] } field($_, 1), field($_, 2)] } fields($p, 1);
    is_deeply(\@types, [map { [@$_[0, 1]] } @$types], "$what: the sample types");
    is($strings[ field($p, 14) ], $default, "$what: the default sample type");
    my %functions = map { field($_, 1) => $strings[ field($_, 2) ] } fields($p, 5);
    my %locations = map { field($_, 1) => $_ } fields($p, 4);
    my ($undefined, @samples) = (0);
    for my $s (fields($p, 2)) {
        my @ids = fields($s, 1);
        my @values = fields($s, 2);
        for my $id (@ids) {
            my $loc = $locations{$id} or ($undefined++, next);
            my ($line) = fields($loc, 4);
            $undefined++ unless $line && defined $functions{ field($line, 1) };
        }
        push @samples, join(';', join(',', @ids), @values);
    }
    is($undefined, 0, "$what: every location and function is defined");
    ok(grep({ $_ eq $fn } values %functions), "$what: the function $fn") if defined $fn;
    return ([sort @samples], \%functions);
}

# The same lines from the JSON export's sites (of the old snapshot of a
# compare with $old): every site with a figure not 0.
sub json_samples {
    my ($doc, $types, $old) = @_;
    my @names = map { ($old ? 'old_' : '') . $_->[2] } @$types;
    return [sort map { my $s = $_; join(';', join(',', @{ $s->{frames} }), map { $s->{$_} } @names) }
            grep { my $s = $_; grep { $s->{$_} } @names } @{ $doc->{sites} }];
}

# The sums of the values of sample lines, by type name.
sub sums {
    my ($samples, $types) = @_;
    my %sum = map { ($_->[0] => 0) } @$types;
    for (@$samples) {
        my (undef, @v) = split /;/;
        $sum{ $types->[$_][0] } += $v[$_] for 0 .. $#v;
    }
    return \%sum;
}

my $e = export_file('pprof', undef, '--stats=full');
is($e->{status}, 0, '--stats: status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.full.pb.gz"], '--stats: the default file name');
my ($samples, $functions) = check_profile($e->{paths}[0], 'full', \@CHURN_TYPES, 'inuse_space', 'build_list(int)');
my $doc = json_model('--stats=full');
is_deeply($samples, json_samples($doc, \@CHURN_TYPES), 'full: one sample per path, leaf first, its figures');
my $sum = sums($samples, \@CHURN_TYPES);
is_deeply([@$sum{qw(inuse_space inuse_objects alloc_space alloc_objects temp_space temp_objects)}],
          [@{ $doc->{snapshot} }{qw(bytes blocks alloc_bytes alloc_blocks temp_bytes temp_blocks)}],
          'full: the sample totals are the snapshot\'s');
ok(grep({ $_ eq 'worker(void*)' } values %$functions), "full: the threads' function");

# A compare: two files, the old snapshot and the new, for -diff_base.
$e = export_file('pprof', undef, '--compare=full,half', '--include=exports.cpp');
is($e->{status}, 0, '--compare: status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.full.pb.gz", "$run->{file}.half.pb.gz"], '--compare: two files');
$doc = json_model('--compare=full,half', '--include=exports.cpp');
my ($old) = check_profile($e->{paths}[0], 'old', \@CHURN_TYPES, 'inuse_space', 'build_list(int)');
my ($new) = check_profile($e->{paths}[1], 'new', \@CHURN_TYPES, 'inuse_space', 'build_list(int)');
is_deeply($old, json_samples($doc, \@CHURN_TYPES, 1), 'old: the old snapshot, filtered');
is_deeply($new, json_samples($doc, \@CHURN_TYPES, 0), 'new: the new snapshot, filtered');
$e = export_file('pprof', 'a.pb.gz,b.pb.gz', '--compare=full,half');
is_deeply($e->{paths}, ["$run->{dir}/a.pb.gz", "$run->{dir}/b.pb.gz"], '--output=OLD,NEW');
for my $bad (['-', qr/--output=- for one file only/], ['x.pb.gz', qr/writes 2 files: --output takes 2 names/]) {
    my $r = run_print('--format=pprof', '--compare=full,half', "--output=$bad->[0]", $run->{file});
    is($r->{exit}, 2, "--output=$bad->[0]: status 2");
    like($r->{stderr}, $bad->[1], "--output=$bad->[0]: the message");
}

# Allocations beside the live blocks (tests/progs/churn.c has the
# figures): snapshot mid holds 12 live blocks of 1,050 bytes, after
# 1,016 allocations of 33,150 bytes, 1,004 of them (32,100 bytes)
# temporary; the 1,000 blocks of line @T are all freed, a sample with
# nothing in use.
my $churn = churn_run();
my $msn = parse_msn(slurp($churn->{file}));
my $mid = snapshot_by_name($msn, 'mid');
my %L = map { $_ => line_of('churn.c', $_) } qw(T K Z R);
for my $measure (['live', 'inuse_space'], ['allocated', 'alloc_space'], ['temporary', 'temp_space']) {
    my ($m, $default) = @$measure;
    $e = export_file_of($churn, 'pprof', "mid-$m.pb.gz", '--stats=mid', "--measure=$m");
    is($e->{status}, 0, "churn --measure=$m: status 0") or diag($e->{stderr});
    ($samples) = check_profile($e->{paths}[0], "churn --measure=$m", \@CHURN_TYPES, $default, 'main');
    is_deeply($samples, json_samples(json_model_of($churn, '--stats=mid'), \@CHURN_TYPES),
              "churn --measure=$m: the samples (the same whatever the measure)");
}
$sum = sums($samples, \@CHURN_TYPES);
is_deeply([@$sum{qw(alloc_space alloc_objects temp_space temp_objects inuse_space inuse_objects)}],
          [@$mid{qw(alloc_bytes alloc_blocks temp_bytes temp_blocks bytes blocks)}],
          'churn: the sample totals are the snapshot\'s in the file');
is_deeply([@$sum{qw(alloc_space alloc_objects temp_space temp_objects inuse_space inuse_objects)}],
          [33150, 1016, 32100, 1004, 1050, 12], 'churn: the figures of churn.c');
my %by_line;
{
    my $d = json_model_of($churn, '--stats=mid');
    my %line = map { $_->{id} => $_->{line} } @{ $d->{frames} };
    $by_line{ $line{ $_->{frames}[0] } } = join(' ', @$_{qw(alloc_blocks alloc_bytes blocks bytes temp_blocks temp_bytes)})
        for @{ $d->{sites} };
}
is_deeply(\%by_line, { $L{T} => '1000 32000 0 0 1000 32000', $L{K} => '10 1000 10 1000 0 0',
                       $L{Z} => '1 0 1 0 0 0', $L{R} => '5 150 1 50 4 100' },
          'churn: each line\'s figures; @T, all freed, is a sample');
ok(grep({ /;1000;32000;0;0;1000;32000\z/ } @$samples), 'churn: the sample of @T has nothing in use');

# A compare: the difference of the two files' alloc_space (pprof
# -diff_base) is what was allocated between; across a clear it is not
# known, and --measure=allocated says so.
$e = export_file_of($churn, 'pprof', 'start.pb.gz,mid.pb.gz', '--compare=start,mid', '--measure=allocated');
is($e->{status}, 0, 'churn --compare=start,mid --measure=allocated: status 0') or diag($e->{stderr});
my ($s0) = check_profile($e->{paths}[0], 'churn start', \@CHURN_TYPES, 'alloc_space', undef);
is_deeply($s0, [], 'churn start: nothing allocated yet, no samples');
my ($s1) = check_profile($e->{paths}[1], 'churn mid', \@CHURN_TYPES, 'alloc_space', 'main');
is(sums($s1, \@CHURN_TYPES)->{alloc_space} - sums($s0, \@CHURN_TYPES)->{alloc_space},
   $mid->{alloc_bytes} - snapshot_by_name($msn, 'start')->{alloc_bytes}, 'churn: the bytes allocated between');
my $r = run_print('--format=pprof', '--compare=mid,exit', '--measure=allocated', "--output=$churn->{dir}/x,$churn->{dir}/y",
                  $churn->{file});
is($r->{exit}, 1, 'churn --compare=mid,exit --measure=allocated: status 1');
like($r->{stderr}, qr/\Amemsnap_print: \S+: clear_traces was called between #2 'mid' and #\d+ 'exit': the allocations between them are not known\n\z/,
     'churn --compare=mid,exit --measure=allocated: the message');
$r = run_print('--format=pprof', '--compare=mid,exit', "--output=$churn->{dir}/x,$churn->{dir}/y", $churn->{file});
is($r->{exit}, 0, 'churn --compare=mid,exit: live blocks across a clear: status 0');

# A file before format version 5 has the live blocks only.
my $v1 = srcdir() . '/tests/data/exports.msn';
$r = run_print('--format=pprof', '--stats=full', "--output=$churn->{dir}/v1.pb.gz", $v1);
is($r->{exit}, 0, 'format 1: status 0');
($samples) = check_profile("$churn->{dir}/v1.pb.gz", 'format 1', \@LIVE_TYPES, 'inuse_space', 'build_list(int)');
$r = run_print('--format=json', '--stats=full', '--output=-', $v1);
is_deeply($samples, json_samples(JSON::PP->new->decode($r->{stdout}), \@LIVE_TYPES), 'format 1: the live samples');
$r = run_print('--format=pprof', '--stats=full', '--measure=allocated', "--output=$churn->{dir}/v1.pb.gz", $v1);
like("$r->{exit} $r->{stderr}", qr/\A1 memsnap_print: \S+: format version 1 holds the live blocks only; --measure=allocated needs a file of version 5 or later\n\z/,
     'format 1 --measure=allocated: an error');

done_testing();

# pprof.t: memsnap_print --format=pprof of a snapshot and of a compare of
# tests/progs/exports, decoded by an independent reader, `protoc
# --decode_raw' (Debian's protobuf-compiler), which knows nothing of
# profile.proto: the field numbers are checked here.  The samples are
# the snapshot's paths (location ids leaf first = the frames of the JSON
# export), with the values blocks and bytes whose totals are the
# snapshot's; every location and function they name is defined.
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

# The profile's samples as "frames;blocks;bytes" lines (sorted), after
# checking its strings, sample types, locations and functions.
sub check_profile {
    my ($path, $what) = @_;
    my $p = decode($path);
    my @strings = map { ref $_ ? undef : unquote($_) } fields($p, 6);
    is($strings[0], '', "$what: string 0 is empty");
    my @types = map { [map { $strings[$_] } field($_, 1), field($_, 2)] } fields($p, 1);
    is_deeply(\@types, [['inuse_objects', 'count'], ['inuse_space', 'bytes']], "$what: the sample types");
    is($strings[ field($p, 14) ], 'inuse_space', "$what: the default sample type");
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
    ok(grep({ $_ eq 'build_list(int)' } values %functions), "$what: the recursive function");
    return ([sort @samples], \%functions);
}

# The same lines from the JSON export's sites.
sub json_samples {
    my ($doc, $old) = @_;
    my ($b, $k) = $old ? qw(old_bytes old_blocks) : qw(bytes blocks);
    return [sort map { join(';', join(',', @{ $_->{frames} }), $_->{$k}, $_->{$b}) } grep { $_->{$k} }
            @{ $doc->{sites} }];
}

my $e = export_file('pprof', undef, '--stats=full');
is($e->{status}, 0, '--stats: status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.full.pb.gz"], '--stats: the default file name');
my ($samples, $functions) = check_profile($e->{paths}[0], 'full');
my $doc = json_model('--stats=full');
is_deeply($samples, json_samples($doc), 'full: one sample per path, leaf first, blocks and bytes');
my ($bytes, $blocks) = (0, 0);
for (@$samples) { my @f = split /;/; $blocks += $f[1]; $bytes += $f[2] }
is_deeply([$bytes, $blocks], [@{ $doc->{snapshot} }{qw(bytes blocks)}], 'full: the sample totals');
ok(grep({ $_ eq 'worker(void*)' } values %$functions), "full: the threads' function");

# A compare: two files, the old snapshot and the new, for -diff_base.
$e = export_file('pprof', undef, '--compare=full,half', '--include=exports.cpp');
is($e->{status}, 0, '--compare: status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.full.pb.gz", "$run->{file}.half.pb.gz"], '--compare: two files');
$doc = json_model('--compare=full,half', '--include=exports.cpp');
my ($old) = check_profile($e->{paths}[0], 'old');
my ($new) = check_profile($e->{paths}[1], 'new');
is_deeply($old, json_samples($doc, 1), 'old: the old snapshot, filtered');
is_deeply($new, json_samples($doc, 0), 'new: the new snapshot, filtered');
$e = export_file('pprof', 'a.pb.gz,b.pb.gz', '--compare=full,half');
is_deeply($e->{paths}, ["$run->{dir}/a.pb.gz", "$run->{dir}/b.pb.gz"], '--output=OLD,NEW');
for my $bad (['-', qr/--output=- for one file only/], ['x.pb.gz', qr/writes 2 files: --output takes 2 names/]) {
    my $r = run_print('--format=pprof', '--compare=full,half', "--output=$bad->[0]", $run->{file});
    is($r->{exit}, 2, "--output=$bad->[0]: status 2");
    like($r->{stderr}, $bad->[1], "--output=$bad->[0]: the message");
}

done_testing();

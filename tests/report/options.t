# options.t: --help, --man and --version; the run's header line of
# options; the reader keeps the sites of only the snapshots a report needs
# (unit tests of the modulino's read_profile).
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script load_script data_dir);

my $r = run_script(undef, '--help');
is($r->{status}, 0, '--help: status 0');
like($r->{out}, qr/^Usage:\n.*^Options:\n.*--include-all=GLOB/sm, '--help: synopsis and options');
is($r->{err}, '', '--help: nothing on standard error');
$r = run_script(undef, '-h');
like($r->{out}, qr/^Usage:/, '-h');
$r = run_script(undef, '--man');
is($r->{status}, 0, '--man: status 0');
like($r->{out}, qr/NAME.*SYNOPSIS.*OPTIONS.*DESCRIPTION.*EXAMPLE.*EXIT STATUS.*SEE ALSO/s,
     '--man: every section');
$r = run_script(undef, '--version');
like($r->{out}, qr/\Amemsnap_print \S+\n\z/, '--version: one line');
is($r->{status}, 0, '--version: status 0');

$r = run_script(undef, '--key=function', '--limit=2', '--exclude=x.c', 'example.msn');
like($r->{out}, qr/^memsnap_print options: --key=function --limit=2 --exclude=x\.c$/m,
     'the report shows the options it was given');
like($r->{out}, qr/^Top 2 functions of the last snapshot, #3 'exit':\nmain: size=2400 B, count=101, average=24 B\n\z/m,
     'and uses them');
$r = run_script(undef, '--limit=0', '--cumulative', '--key=filename', 'example.msn');
like($r->{out}, qr/^All files \(cumulative\) of the last snapshot, #3 'exit':\nprog.c:0: /m, '--limit=0: all');

# The reader keeps only what the report needs.
load_script();
my $file = data_dir() . '/features.msn';
my $p = MemsnapPrint::read_profile($file, { names => { mid => 1 }, ids => { 3 => 1 } });
is(scalar @{ $p->{snapshots} }, 5, 'every snapshot has its line of totals');
ok(!grep({ exists $_->{sites} } @{ $p->{snapshots} }), 'the totals hold no sites');
is_deeply([sort keys %{ $p->{kept_name} }], ['mid'], 'kept by name: mid only');
is($p->{kept_name}{mid}{id}, 4, 'mid is the most recent snapshot named mid');
is_deeply([keys %{ $p->{kept_id} }], [3], 'kept by id: #3 only');
is($p->{last}, undef, 'the last snapshot is not kept when not wanted');
$p = MemsnapPrint::read_profile($file, { last => 1, names => {}, ids => {} });
is($p->{last}{id}, 5, 'the default report keeps the last snapshot');
is(() = $p->{last}{sites} =~ /\n/g, 12, 'with its 12 sites');
is_deeply([@{ $p->{header} }{qw(cmd pid ppid options depth)}],
          ['./features --size=10 "two words"', 5000, 4999, '--depth=4 --key=lineno', 4], 'the header');
is_deeply($p->{frames}[10], [40, 'copy_name', 'odd\\name.c', '/src/odd\\dir', '/src/features'],
          'text fields are unescaped');
is_deeply($p->{stacks}[3], [1, 3, 2, 1], 'a stack: attributed index, then frame ids');
is_deeply($p->{summary}, [2000, 30, 900, 19, 877, 18], 'the summary');
done_testing();

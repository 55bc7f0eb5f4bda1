# golden.t: memsnap_print on the files of tests/data, against the expected
# outputs tests/data/NAME.exp (standard output, then standard error and the
# exit status when there are any).  The cases, each with its reason, are
# the table in ReportTest.pm; tests/update-expected rewrites the .exp
# files after an intended change.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(golden_cases run_case);
use MemsnapTest qw(golden_ok);

for my $case (golden_cases()) {
    golden_ok(run_case($case), "$case->[0].exp", $case->[0]);
}
done_testing();

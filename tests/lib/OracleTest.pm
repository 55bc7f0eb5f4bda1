package OracleTest;

# Helpers of the tests of the memsnap Python module (tests/python/*.t):
# run Python with the module of the source tree, run memsnap_print in this
# process, and cut statistics entries out of memsnap_print's output and the
# tool's log.
#
# Environment (set by tests/local.mk):
#   MEMSNAP_PYTHON     the Python interpreter configure found (empty or
#                      unset: the tests skip)
#   MEMSNAP_TOP_SRCDIR the source tree (the module is in python/)
#   MEMSNAP_PRINT      the built memsnap_print
# Core modules only.

use strict;
use warnings;
use Exporter qw(import);
use JSON::PP ();
use Test::More;
use MemsnapTest qw(builddir srcdir run_cmd);

our @EXPORT = qw(python need_python run_python oracle_requests print_entries
                 log_entry_blocks split_block function_key_requests entry_lines);

sub python { return $ENV{MEMSNAP_PYTHON} // '' }

# Skips the test file when configure found no Python (--with-python=no).
sub need_python {
    plan skip_all => 'no Python (configure --with-python=no, or none found)'
        unless python() ne '' && python() ne 'no';
    return;
}

# run_python(argv => [...], env => {...}): Python with the module of the
# source tree first on its path.  Returns run_cmd's hash plus exit.
sub run_python {
    my (%a) = @_;
    my %env = (PYTHONPATH => srcdir() . '/python', PYTHONDONTWRITEBYTECODE => 1,
               PYTHONIOENCODING => 'utf-8:surrogateescape', %{ $a{env} || {} });
    my $r = run_cmd(argv => [ python(), @{ $a{argv} } ], env => \%env, dir => $a{dir},
                    timeout => $a{timeout} // 300);
    $r->{exit} = ($r->{status} & 127) ? undef : $r->{status} >> 8;
    return $r;
}

# The requests and lines tests/python/oracle.py computes for FILE, or
# undef (with a diagnostic).
sub oracle_requests {
    my ($file) = @_;
    my $r = run_python(argv => [ srcdir() . '/tests/python/oracle.py', $file ]);
    if ($r->{exit} // 1) {
        diag("oracle.py $file: exit " . ($r->{exit} // 'signal') . "\n$r->{stderr}");
        return undef;
    }
    return JSON::PP->new->decode($r->{stdout});
}

# memsnap_print, loaded once into this process (it is a modulino).
my $print_loaded;
sub load_print {
    return if $print_loaded++;
    my $script = $ENV{MEMSNAP_PRINT} // builddir() . '/scripts/memsnap_print';
    local @ARGV;
    my $ok = do $script;
    die "cannot load $script: " . ($@ || $! || 'it returned false') . "\n" unless $ok;
}

# The lines memsnap_print prints to standard output for ARGS (FILE last).
sub print_output {
    my (@args) = @_;
    load_print();
    my ($out, $err) = ('', '');
    my $status;
    {
        open(my $oh, '>', \$out) or die;
        open(my $eh, '>', \$err) or die;
        local *STDERR = $eh;
        my $old = select($oh);
        $status = MemsnapPrint::main(@args);
        select($old);
    }
    return ($out, $err, $status);
}

# The entry lines (statistics lines and traceback frames) of text.
sub entry_lines {
    my ($text) = @_;
    return [ grep { /: size=-?[0-9]/ || /^    (?:at|by) / } split /\n/, $text ];
}

# The entry lines of memsnap_print ARGS... FILE.
sub print_entries {
    my ($file, @args) = @_;
    my ($out, $err, $status) = print_output(@args, $file);
    return [ "exit status $status: $err" ] if $status;
    return entry_lines($out);
}

# The runs of consecutive entry lines in a Valgrind log (the ==PID==
# prefix removed): one per statistics request the tool answered.
sub log_entry_blocks {
    my ($log) = @_;
    my (@blocks, $cur, $churn);
    for my $line (split /\n/, $log) {
        $line =~ s/^==\d+== ?//;
        if ($line =~ /: size=-?[0-9]/ || ($cur && $line =~ /^    (?:at|by) /)) {
            push @blocks, ($cur = []) unless $cur || $churn;
            push @$cur, $line if $cur;
        } else {
            undef $cur;
            # Allocations (a measure, the exit summary's most allocations)
            # are not tracemalloc's: their block is left out.
            $churn = $line =~ /^(?:Most allocations|(?:Temporary a|A)llocations (?:until|between)) /;
        }
    }
    return @blocks;
}

# How many lines, from line $i of $block, the start of $lines matches:
# each length that ends at an entry (a --limit cuts at entries), longest
# first.
sub prefix_lengths {
    my ($block, $i, $lines) = @_;
    my $k = 0;
    $k++ while $i + $k < @$block && $k < @$lines && $block->[ $i + $k ] eq $lines->[$k];
    return grep { $_ > 0 && ($_ == @$lines || $lines->[$_] !~ /^    (?:at|by) /) } reverse 0 .. $k;
}

# Cuts $block (lines) into the outputs of consecutive requests, each the
# top entries of one of @$requests ({args, lines}); returns the list of
# their args (as text), or undef if no such cut exists.
sub split_block {
    my ($block, $requests) = @_;
    my %failed;
    my $from;
    $from = sub {
        my ($i) = @_;
        return [] if $i == @$block;
        return undef if $failed{$i};
        for my $req (@$requests) {
            for my $k (prefix_lengths($block, $i, $req->{lines})) {
                my $rest = $from->($i + $k);
                return [ join(' ', @{ $req->{args} }) . " (top $k lines)", @$rest ] if $rest;
            }
        }
        $failed{$i} = 1;
        return undef;
    };
    my $r = $from->(0);
    undef $from;
    return $r;
}

# memsnap_print's statistics and compares by function of the snapshots of
# $file (ids @$ids; every pair when there are at most $max_all_pairs
# snapshots, else consecutive ones), as requests {args, lines}: the tool's
# log may hold these, which tracemalloc has no key for.
sub function_key_requests {
    my ($file, $ids, $max_all_pairs) = @_;
    my @sel = map { ["--stats=#$_"] } @$ids;
    for my $i (0 .. $#$ids) {
        for my $j ($i + 1 .. $#$ids) {
            next if $j > $i + 1 && @$ids > $max_all_pairs;
            push @sel, ["--compare=#$ids->[$i],#$ids->[$j]"];
        }
    }
    my @reqs;
    for my $s (@sel) {
        for my $cum ([], ['--cumulative']) {
            my @args = (@$s, '--key=function', @$cum);
            push @reqs, { args => \@args, lines => print_entries($file, @args, '--limit=0') };
        }
    }
    return \@reqs;
}

1;

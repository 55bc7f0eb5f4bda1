package MemsnapTest;

# Shared helpers of memsnap's tests (tests/*/*.t).
#
# Run a client program under `vg-in-place --tool=memsnap` in a fresh
# temporary directory with a time limit, filter the volatile parts of the
# Valgrind log, compare text with expected files in tests/data (diff -u
# on failure; see golden_ok and tests/update-expected), read
# memsnap output files (docs/file-format.md) and group their sites by the
# statistics keys, so that tests can assert numbers directly.
#
# Environment (set by tests/local.mk under `make check'; defaults let a
# developer run `prove -I tests/lib tests/tool' from the build directory):
#   MEMSNAP_TOP_BUILDDIR  build tree (default: the current directory)
#   MEMSNAP_TOP_SRCDIR    source tree (default: two levels above this file)
#   MEMSNAP_VALGRIND      the launcher (default: $builddir/vg-in-place)
#   MEMSNAP_UPDATE_EXPECTED=1  golden_ok rewrites an expected file that
#                         differs, and reports a skip (set by
#                         tests/update-expected; refused under CI)
# Core modules only.

use strict;
use warnings;

use Cwd qw(abs_path getcwd);
use Exporter qw(import);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use POSIX qw(WNOHANG);
use Test::More;

our @EXPORT = qw(
    builddir srcdir prog_path prog_src line_of
    run_memsnap run_native run_cmd filter_stderr golden_ok
    parse_msn group_snapshot snapshot_by_name slurp
    need_tool parse_summary stat_lines exit_stat_lines most_allocation_lines peak_stat_lines drop_system_frames
    vgdb_path vgdb_skip_reason run_vgdb_session run_fifo_session strip_pid run_print
    exec_unit_test in_place_valgrind
);

my $LIB_DIR = dirname(abs_path(__FILE__));

sub builddir {
    return $ENV{MEMSNAP_TOP_BUILDDIR} // getcwd();
}

sub srcdir {
    return $ENV{MEMSNAP_TOP_SRCDIR} // abs_path("$LIB_DIR/../..");
}

sub valgrind {
    return $ENV{MEMSNAP_VALGRIND} // builddir() . '/vg-in-place';
}

# What the build's vg-in-place runs: (the in-place tool directory, the
# valgrind it executes), for a test that runs another tool of the same
# Valgrind beside memsnap; skips the whole test file when it cannot tell.
sub in_place_valgrind {
    my $vg_in_place = builddir() . '/vg-in-place';
    my $script = slurp($vg_in_place);
    my ($inplace) = $script =~ /^inplace="([^"]+)"/m;
    my ($valgrind) = $script =~ /^exec "([^"]+)" "\$\@"/m;
    plan(skip_all => "cannot read the in-place directory and valgrind from $vg_in_place")
        unless $inplace && $valgrind && -d $inplace;
    return ($inplace, $valgrind);
}

# Skips the whole test file when the tool has not been built.
sub need_tool {
    my $vg = valgrind();
    plan skip_all => "$vg not found (build memsnap first)" unless -x $vg;
    return;
}

# Becomes the native unit test tests/unit/NAME (built by `make check'),
# run with ARGS, which prints TAP itself; skips the test file when it has
# not been built.
sub exec_unit_test {
    my ($name, @args) = @_;
    my $prog = builddir() . "/tests/unit/$name";
    plan skip_all => "$prog not built" unless -x $prog;
    exec($prog, @args) or die "cannot run $prog: $!\n";
}

sub prog_path {
    my ($name) = @_;
    return builddir() . "/tests/progs/$name";
}

# The source of a client program, tests/progs/NAME.
sub prog_src {
    my ($name) = @_;
    return srcdir() . "/tests/progs/$name";
}

sub slurp {
    my ($path) = @_;
    open(my $fh, '<', $path) or die "cannot read $path: $!\n";
    local $/;
    my $text = <$fh>;
    close($fh);
    return $text;
}

# The line number of the line of tests/progs/FILE that carries the marker
# comment `/* @MARK */'.  Tests use these instead of hard-coded numbers, so
# that editing a program does not silently break them.
my %line_cache;
sub line_of {
    my ($file, $mark) = @_;
    my $lines = $line_cache{$file} //= [ split /\n/, slurp(prog_src($file)), -1 ];
    my @hits = grep { $lines->[$_] =~ m{/\* \@\Q$mark\E \*/} } 0 .. $#$lines;
    die "marker \@$mark found " . scalar(@hits) . " times in $file\n" unless @hits == 1;
    return $hits[0] + 1;
}

# --- Running -----------------------------------------------------------------

# Runs ARGV (a list) in DIR with extra environment ENV, stdout and stderr to
# files, killing it (and its process group) after TIMEOUT seconds.  ON_START,
# if given, is called as ON_START->(pid, dir) in the parent right after the
# fork; it may poll and signal the child.  Returns (stdout, stderr, $?, pid,
# timed_out).
sub run_captured {
    my (%a) = @_;
    my $dir = $a{dir};
    my ($out_file, $err_file) = ("$dir/.stdout", "$dir/.stderr");
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        setpgrp(0, 0);
        chdir($dir) or die "chdir $dir: $!";
        open(STDIN, '<', '/dev/null');
        open(STDOUT, '>', $out_file) or die;
        open(STDERR, '>', $err_file) or die;
        $ENV{$_} = $a{env}{$_} for keys %{ $a{env} || {} };
        # No core files: a crashing client (segv.t) would leave a vgcore.
        # `exec' keeps the pid, so the caller's pid is Valgrind's.
        exec('/bin/sh', '-c', 'ulimit -c 0; exec "$@"', 'sh', @{ $a{argv} });
        die "exec: $!";
    }
    $a{on_start}->($pid, $dir) if $a{on_start};
    my $timeout = $a{timeout} // 120;
    my $deadline = time() + $timeout;
    my $timed_out = 0;
    while (1) {
        my $r = waitpid($pid, WNOHANG);
        last if $r == $pid;
        if (time() > $deadline) {
            kill('KILL', -$pid);
            waitpid($pid, 0);
            $timed_out = 1;
            last;
        }
        select(undef, undef, undef, 0.05);
    }
    my $status = $?;
    return (slurp($out_file), slurp($err_file), $status, $pid, $timed_out);
}

# run_memsnap(prog => NAME or /path, opts => [...], args => [...],
#             env => {...}, timeout => SECS, on_start => CODE,
#             out_file => 'memsnap.out.%p')
# (out_file '' passes no --memsnap-out-file at all: the tool's default)
# Runs the program under memsnap.  Returns a hash reference:
#   stdout, stderr_raw, stderr (filtered), status ($?), exit (exit code or
#   undef), signal (or 0), pid (Valgrind's pid), dir (the run directory),
#   files ({ pid => contents } of every memsnap.out.PID), file (the
#   contents of the file of pid, or undef), timed_out.
sub run_memsnap {
    my (%a) = @_;
    my $dir = tempdir('memsnap-test-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $prog = $a{prog} =~ m{/} ? $a{prog} : prog_path($a{prog});
    my $out = $a{out_file} // "$dir/memsnap.out.%p";
    my @argv = (valgrind(), '--tool=memsnap', '--command-line-only=yes',
                (length $out ? "--memsnap-out-file=$out" : ()), @{ $a{opts} || [] },
                $prog, @{ $a{args} || [] });
    my ($stdout, $stderr, $status, $pid, $timed_out) = run_captured(
        argv => \@argv, dir => $dir, env => $a{env},
        timeout => $a{timeout}, on_start => $a{on_start});
    my %files;
    opendir(my $dh, $dir) or die "opendir $dir: $!";
    for my $f (readdir $dh) {
        $files{$1} = slurp("$dir/$f") if $f =~ /^memsnap\.out\.(\d+)$/;
    }
    closedir($dh);
    return {
        stdout => $stdout, stderr_raw => $stderr,
        stderr => filter_stderr($stderr, $dir),
        status => $status, exit => ($status & 127) ? undef : $status >> 8,
        signal => $status & 127, pid => $pid, dir => $dir,
        files => \%files, file => $files{$pid}, timed_out => $timed_out,
        argv => \@argv,
    };
}

# run_native(prog => NAME, args => [...], env => {...}): the same program
# without Valgrind.  Returns { stdout, stderr, status, exit, signal }.
sub run_native {
    my (%a) = @_;
    my $dir = tempdir('memsnap-native-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $prog = $a{prog} =~ m{/} ? $a{prog} : prog_path($a{prog});
    my ($stdout, $stderr, $status) = run_captured(
        argv => [ $prog, @{ $a{args} || [] } ], dir => $dir, env => $a{env},
        timeout => $a{timeout});
    return { stdout => $stdout, stderr => $stderr, status => $status,
             exit => ($status & 127) ? undef : $status >> 8,
             signal => $status & 127 };
}

# run_cmd(argv => [...], env => {...}, dir => DIR, timeout => SECS): any
# command, in DIR (default: a fresh temporary directory).  Returns
# { stdout, stderr, status }.
sub run_cmd {
    my (%a) = @_;
    my $dir = $a{dir} // tempdir('memsnap-cmd-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my ($stdout, $stderr, $status) = run_captured(%a, dir => $dir);
    return { stdout => $stdout, stderr => $stderr, status => $status };
}

# --- Filtering -----------------------------------------------------------------

# Removes only what changes from run to run (or machine to machine) from a
# Valgrind log, so that the rest can be compared with a golden file.
sub filter_stderr {
    my ($text, $dir) = @_;
    my @out;
    for my $line (split /\n/, $text, -1) {
        # The process id prefix: differs on every run.
        $line =~ s/^(==|--|\*\*)\d+\1 ?//;
        # The banner (name, version, description) and its copyright line:
        # they change with every release.
        next if $line =~ /^memsnap-\S+, /i;
        next if $line =~ /^Copyright \(C\)/;
        # Valgrind's version and the command line (paths of the build tree).
        next if $line =~ /^Using Valgrind-.* and LibVEX/;
        next if $line =~ /^Command: /;
        # The run directory is a fresh temporary directory.
        $line =~ s/\Q$dir\E/RUNDIR/g if defined $dir;
        # The build and source trees' locations (objects in tracebacks).
        $line =~ s/\Q$_->[0]\E/$_->[1]/g
            for grep { length $_->[0] } [ builddir(), 'BUILDDIR' ], [ srcdir(), 'SRCDIR' ];
        # Process ids in output file names (memsnap.out.%p).
        $line =~ s/(memsnap\.out\.)\d+/${1}PID/g;
        # Code addresses depend on load addresses (ASLR, build, libc).
        $line =~ s/\b0x[0-9A-Fa-f]+\b/0x......../g;
        # The stack size in the fatal-signal report follows `ulimit -s'.
        $line =~ s/(main thread stack size used in this run was )\d+/${1}N/;
        # Line numbers inside Valgrind's own preload (its build, not ours).
        $line =~ s/(vg_replace_malloc\.c:)\d+/${1}.../g;
        push @out, $line;
    }
    return join("\n", @out);
}

# parse_summary(LOG): the exit summary (docs/memsnap.md) in a (raw or
# filtered) log: { total => [bytes, blocks], peak => [...], exit => [...] }.
sub parse_summary {
    my ($log) = @_;
    my %name = (Total => 'total', 'At peak' => 'peak', 'At exit' => 'exit');
    my %r;
    while ($log =~ /^(?:==\d+== )?(Total|At peak|At exit):\s+([\d,]+) bytes in ([\d,]+) blocks?$/mg) {
        my ($k, $b, $n) = ($1, $2, $3);
        tr/,//d for $b, $n;
        $r{ $name{$k} } = [ $b + 0, $n + 0 ];
    }
    return \%r;
}

# stat_lines(LOG): every statistics line ("LABEL: size=...") of a filtered
# log that comes before the exit summary, in order.  exit_stat_lines(LOG):
# those after it (the top statistics at exit).
sub stat_lines {
    my ($log) = @_;
    my ($before) = split /^Total:/m, $log, 2;
    return grep { /^\S.*: size=-?\d.* count=\d+/ } split /\n/, $before;
}

sub exit_stat_lines {
    my ($log) = @_;
    my (undef, $after) = split /^Total:/m, $log, 2;
    ($after) = split /^(?:Allocated at (?:the peak|a moment within)|Most allocations)/m,
                     $after // '', 2;
    return grep { /^\S.*: size=-?\d.* count=\d+/ } split /\n/, $after // '';
}

# most_allocation_lines(LOG): the exit summary's "Most allocations" lines
# (the allocations of the run by --key), printed after those at exit.
sub most_allocation_lines {
    my ($log) = @_;
    my (undef, $after) = split /^Most allocations[^\n]*\n/m, $log, 2;
    ($after) = split /^Allocated at (?:the peak|a moment within)/m, $after // '', 2;
    return grep { /^\S.*: size=-?\d.* count=\d+/ } split /\n/, $after // '';
}

# peak_stat_lines(LOG): the top statistics at the peak (--stats-at-peak),
# printed after those at exit.
sub peak_stat_lines {
    my ($log) = @_;
    my (undef, $after) = split /^Allocated at (?:the peak|a moment within)[^\n]*\n/m, $log, 2;
    return grep { /^\S.*: size=-?\d.* count=\d+/ } split /\n/, $after // '';
}

# drop_system_frames(LOG, EXTRA_RE): LOG without the statistics lines and
# traceback frame lines of libc, the dynamic loader and the start-up code
# (_start): their labels, line numbers and even their number depend on
# whether libc's debug info (libc6-dbg) is installed, so golden files must
# not hold them.  EXTRA_RE (optional) drops more lines.  Tests assert the
# numbers of those frames separately where they matter.
my %OWN_SOURCES;   # base names of the test programs' sources

# Whether a source file label belongs to the test programs (tests/progs,
# and prog.c, the #line name of example.c) rather than to the C library,
# whose file names (strdup.c, filedoalloc.c...) show only with libc6-dbg.
sub own_source {
    my ($file) = @_;
    unless (%OWN_SOURCES) {
        $OWN_SOURCES{$_} = 1
            for 'prog.c', map { (split m{/})[-1] } glob(srcdir() . '/tests/progs/*.{c,cpp,h}');
    }
    return $OWN_SOURCES{$file};
}

sub is_system_line {
    my ($line) = @_;
    my $sys = qr{libc|ld-linux|\b_start\b|\?\?\?|start_thread|\bclone3?\b|
                 \(in\ /(?:usr/)?lib|clone3?\.S:}x;
    my $src = qr{[^\s:()]+\.(?:c|cc|cpp|h|S)};
    return 1 if $line =~ /: size=/ && $line =~ $sys;
    return 1 if $line =~ /^\s+(?:at|by) / && $line =~ $sys;
    return !own_source($1) if $line =~ /^($src):\d+: size=/;
    return !own_source($1) if $line =~ /^\s+(?:at|by) .*\(($src):\d+\)$/;
    return 0;
}

sub drop_system_frames {
    my ($log, $extra) = @_;
    return join("\n", grep {
        !is_system_line($_) && !(defined $extra && /$extra/)
    } split /\n/, $log, -1);
}

# --- vgdb sessions (tests/tool/vgdb*.t) ----------------------------------------

# The vgdb of the system's Valgrind (next to MEMSNAP_SYSTEM_VALGRIND, else
# the first on PATH), or undef.
sub vgdb_path {
    my @dirs;
    push @dirs, dirname($ENV{MEMSNAP_SYSTEM_VALGRIND}) if $ENV{MEMSNAP_SYSTEM_VALGRIND};
    push @dirs, split /:/, $ENV{PATH} // '';
    for my $d (@dirs) {
        return "$d/vgdb" if length $d && -x "$d/vgdb";
    }
    return undef;
}

# Why real vgdb cannot wake up a client blocked in a system call on this
# machine (the ptrace path), or undef when nothing forbids it.  The
# sessions below also probe for real (see run_vgdb_session).
sub vgdb_skip_reason {
    my $vgdb = vgdb_path();
    return 'vgdb not found next to the system valgrind nor on PATH' unless $vgdb;
    if (open(my $fh, '<', '/proc/sys/kernel/yama/ptrace_scope')) {
        my $scope = <$fh> // '';
        close($fh);
        return "ptrace is forbidden here (/proc/sys/kernel/yama/ptrace_scope is $1)"
            if $scope =~ /^\s*(\d+)/ && $1 >= 2;
    }
    my $help = `'$vgdb' --help 2>&1`;
    return "$vgdb --help says the invoker is not implemented (no ptrace path)"
        if $help =~ /invoker not implemented/;
    return undef;
}

# strip_pid(TEXT): TEXT without the ==PID== prefixes of a Valgrind log.
sub strip_pid {
    my ($text) = @_;
    $text =~ s/^==\d+== ?//mg;
    return $text;
}

# run_print(ARGS...): the built scripts/memsnap_print (MEMSNAP_PRINT) with
# ARGS.  Returns { stdout, stderr, status, exit }.
sub run_print {
    my (@args) = @_;
    my $script = $ENV{MEMSNAP_PRINT} // builddir() . '/scripts/memsnap_print';
    my $r = run_cmd(argv => [ $ENV{PERL} // 'perl', $script, @args ], timeout => 120);
    $r->{exit} = ($r->{status} & 127) ? undef : $r->{status} >> 8;
    return $r;
}

# run_vgdb_session(prog => NAME, args => [...], opts => [...],
#                  timeout => SECS, session => CODE)
# Runs a FIFO-driven client (tests/progs/vgdb_server.c) under memsnap
# with --vgdb-prefix=T/vgdb, T a fresh temporary directory (removed at
# the end, FIFOs included), and the FIFO T/go given to the program as its
# last argument.  Once the program has printed "ready 1" and blocks in
# open() of the FIFO, a probe (`v.info n_errs_found`, which the core
# answers) checks that vgdb reaches it through ptrace; then
# SESSION->($s) runs with a session object $s (MemsnapTest::Session, below)
# and must end the program (its "quit" request, or a kill).  Returns run_memsnap's
# hash plus:
#   vgdb_unusable  why vgdb could not reach the blocked program, when the
#                  probe failed because of ptrace (the test should skip)
#   session_error  the error SESSION died with (the program was killed)
#   vgdb_log       every command sent and what came back, in order
sub run_vgdb_session {
    my (%a) = @_;
    return run_fifo_session(%a, probe => 1);
}

# run_fifo_session(prog => NAME, args => [...], opts => [...],
#                  timeout => SECS, session => CODE)
# The same without vgdb: no probe, and vgdb is not needed (the session
# may still use $s->monitor when vgdb is there).  For a test that only
# drives the program through its FIFO (e.g. to kill it at a known point).
sub run_fifo_session {
    my (%a) = @_;
    my $tmp = tempdir('memsnap-vgdb-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $fifo = "$tmp/go";
    system('mkfifo', $fifo) == 0 or die "mkfifo $fifo failed\n";
    my $s = bless { tmp => $tmp, fifo => $fifo, prefix => "$tmp/vgdb",
                    vgdb => vgdb_path(), log => [], ready => 0 },
                  'MemsnapTest::Session';
    my %extra;
    my $session = delete $a{session};
    my $probe = delete $a{probe};
    my $r = run_memsnap(
        %a,
        opts => [ "--vgdb-prefix=$tmp/vgdb", @{ $a{opts} || [] } ],
        args => [ @{ $a{args} || [] }, $fifo ],
        on_start => sub {
            my ($pid, $dir) = @_;
            @$s{qw(pid dir)} = ($pid, $dir);
            my $ok = eval {
                $s->ready;
                if ($probe) {
                    my $p = $s->vgdb_run([ '--cmd-time-out=20' ],
                                         'v.info n_errs_found memsnap-probe');
                    if ($p->{stdout} !~ /^n_errs_found \d+ .*memsnap-probe$/m) {
                        if ("$p->{stderr}" =~ /ptrace|invoke/i) {
                            $extra{vgdb_unusable} = "vgdb cannot wake up a program blocked in "
                                . "a system call (ptrace): " . join(' | ', split /\n/, $p->{stderr});
                            die "unusable\n";
                        }
                        die "the probe `vgdb v.info n_errs_found` failed: stdout '$p->{stdout}', "
                            . "stderr '$p->{stderr}'\n";
                    }
                }
                $session->($s);
                1;
            };
            unless ($ok) {
                $extra{session_error} = $@ unless $extra{vgdb_unusable};
                # Its process group, and the process itself should the
                # child not have reached setpgrp yet.
                kill('KILL', -$pid);
                kill('KILL', $pid);
            }
        });
    return { %$r, %extra, vgdb_log => $s->{log} };
}

package MemsnapTest::Session;

use Fcntl qw(O_WRONLY O_NONBLOCK);
use Time::HiRes qw(sleep time);

# $s->stdout: what the program printed so far.
sub stdout {
    my ($s) = @_;
    # (Not there until the child has opened it.)
    return -e "$s->{dir}/.stdout" ? MemsnapTest::slurp("$s->{dir}/.stdout") : '';
}

# $s->wait_for(RE, SECS): waits until the program's stdout matches RE;
# dies if it does not within SECS (default 60) or the program is gone.
sub wait_for {
    my ($s, $re, $secs) = @_;
    my $deadline = time() + ($secs // 60);
    while (1) {
        my $out = $s->stdout;
        return $out if $out =~ $re;
        die "the program died while the test waited for $re; stdout:\n$out\n"
            unless kill(0, $s->{pid}) && !_zombie($s->{pid});
        die "timeout waiting for $re; stdout:\n$out\n" if time() > $deadline;
        sleep(0.02);
    }
}

sub _zombie {
    my ($pid) = @_;
    open(my $fh, '<', "/proc/$pid/stat") or return 0;
    my $stat = <$fh> // '';
    return $stat =~ /^\d+ \(.*\) Z/s;
}

# $s->blocked: waits (up to 10 s) until the program's only thread is
# blocked in open() or openat() (of the FIFO), as /proc/PID/syscall
# shows it.  Returns 1, or undef when /proc/PID/syscall cannot be read
# (then it has slept 0.3 s instead).
sub blocked {
    my ($s) = @_;
    my $deadline = time() + 10;
    while (1) {
        open(my $fh, '<', "/proc/$s->{pid}/syscall") or do { sleep(0.3); return undef };
        my $sc = <$fh> // '';
        close($fh);
        return 1 if $sc =~ /^(2|257) /;
        die "the program is not blocked in open() of the FIFO (/proc/PID/syscall: $sc)\n"
            if time() > $deadline;
        sleep(0.01);
    }
}

# $s->ready: waits for the next "ready N" line, then until the program is
# blocked in open() of the FIFO.
sub ready {
    my ($s) = @_;
    my $n = ++$s->{ready};
    $s->wait_for(qr/^ready $n$/m);
    return $s->blocked;
}

# $s->send(LINES...): writes LINES to the FIFO (the program must be, or be
# about to be, in open() of it), one request a line, without waiting.
sub send {
    my ($s, @lines) = @_;
    my $deadline = time() + 30;
    my $fh;
    until (sysopen($fh, $s->{fifo}, O_WRONLY | O_NONBLOCK)) {
        die "cannot open $s->{fifo} for writing: $!\n" unless $!{ENXIO};
        die "the program never opened the FIFO\n" if time() > $deadline;
        sleep(0.01);
    }
    my $text = join('', map { "$_\n" } @lines);
    my $w = syswrite($fh, $text);
    die "short write to the FIFO\n" unless defined $w && $w == length $text;
    close($fh);
    push @{ $s->{log} }, map { "> $_" } @lines;
    return;
}

# $s->request(LINES...): send, then wait until the program is ready again
# (blocked in open() of the FIFO).  Returns what ready returns.
sub request {
    my ($s, @lines) = @_;
    $s->send(@lines);
    return $s->ready;
}

# $s->vgdb_run([OPTS], CMDS...): one vgdb process sending CMDS (-c
# between them) with --vgdb-prefix, --wait=30, --cmd-time-out=60 and
# OPTS.  Returns { stdout, stderr, status }.  After a vgdb that timed out,
# later calls fail at once (a broken setup must not cost a minute per
# command).
sub vgdb_run {
    my ($s, $opts, @cmds) = @_;
    die "an earlier vgdb timed out\n" if $s->{broken};
    my @argv = ($s->{vgdb}, "--vgdb-prefix=$s->{prefix}", '--wait=30',
                '--cmd-time-out=60', @$opts, map { ('-c', $_) } @cmds);
    my $r = MemsnapTest::run_cmd(argv => \@argv, timeout => 90);
    if (($r->{status} & 127) == 9 || $r->{stderr} =~ /time.?out/i) {
        $s->{broken} = 1;
    }
    return $r;
}

# $s->monitor([OPTS,] CMDS...): sends the monitor commands CMDS in one vgdb
# run and returns what each answered, in order (a list; in scalar context
# the first).  Each command is preceded by `v.info n_errs_found @@N`, whose
# echo splits vgdb's stdout.  Dies when vgdb fails.
sub monitor {
    my ($s, @cmds) = @_;
    my $opts = ref $cmds[0] ? shift @cmds : [];
    my @sent = map { ("v.info n_errs_found \@\@$_", $cmds[$_]) } 0 .. $#cmds;
    my $r = $s->vgdb_run($opts, @sent);
    my @parts = split /^n_errs_found \d+ .*\@\@\d+\n/m, $r->{stdout}, -1;
    shift @parts;
    unless ($r->{status} == 0 && @parts == @cmds) {
        die "vgdb failed (status $r->{status}, " . scalar(@parts) . " answers for "
            . scalar(@cmds) . " commands):\nstdout: $r->{stdout}\nstderr: $r->{stderr}\n";
    }
    push @{ $s->{log} }, map { ("\$ $cmds[$_]", split /\n/, $parts[$_]) } 0 .. $#cmds;
    return wantarray ? @parts : $parts[0];
}

package MemsnapTest;

# --- Golden files ------------------------------------------------------------

# golden_ok(GOT, EXP_FILE, NAME): GOT equals the expected file
# tests/data/EXP_FILE (a final newline is added to text that has none).
# On a mismatch the diff -u is shown as TAP diagnostics.  The one way to
# rewrite expected files is tests/update-expected, which sets
# MEMSNAP_UPDATE_EXPECTED=1: a file that differs is then rewritten and
# its test reported as skipped (never as passed), and under CI (CI set in
# the environment) the test fails instead: CI never rewrites its own
# expectations.  Tool tests give their log through drop_system_frames
# first, so that the file does not depend on libc6-dbg.
sub golden_ok {
    my ($got, $exp_file, $name) = @_;
    my $path = srcdir() . "/tests/data/$exp_file";
    # Text gets a final newline; binary output (a NUL in it) is kept as is.
    $got .= "\n" unless $got eq '' || $got =~ /\n\z/ || $got =~ /\0/;
    my $exp = -e $path ? slurp($path) : undef;
    return pass($name) if defined $exp && $exp eq $got;
    if ($ENV{MEMSNAP_UPDATE_EXPECTED}) {
        return fail("$name: MEMSNAP_UPDATE_EXPECTED is set under CI, where expected "
                    . "files are never rewritten") if $ENV{CI};
        open(my $fh, '>', $path) or die "cannot write $path: $!\n";
        print {$fh} $got;
        close($fh) or die "cannot write $path: $!\n";
        SKIP: { skip("$name: wrote tests/data/$exp_file: review it with git diff", 1) }
        return 1;
    }
    return fail("$name: tests/data/$exp_file does not exist (run tests/update-expected)")
        unless defined $exp;
    my $dir = tempdir('memsnap-diff-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    open(my $fh, '>', "$dir/got") or die;
    print {$fh} $got;
    close($fh);
    my $diff = `diff -u '$path' '$dir/got' 2>&1`;
    fail($name);
    diag("expected file tests/data/$exp_file differs (- expected, + got):\n$diff");
    return 0;
}

# --- The output file (docs/file-format.md) -----------------------------------

sub unescape {
    my ($s) = @_;
    $s =~ s/\\(.)/$1 eq 't' ? "\t" : $1 eq 'n' ? "\n" : $1/ge;
    return $s;
}

# parse_msn(TEXT): reads a memsnap output file.  Dies with "line N: ..." on
# anything the format forbids.  Returns
#   { format, header => {cmd, pid, ppid, options, depth},
#     frames => { id => {id, line, fn, file, dir, obj, addr, offset} },
#     stacks => { id => {id, attributed, frames => [frame ids], hidden,
#                        all => [frame ids, hidden ones first]} },
#                 (frames: those shown, attributed: an index into them),
#     snapshots => [ {id, name, origin, time_ms, time_b, bytes, blocks,
#                     peak, n_stacks, base (version 2), alloc_bytes,
#                     alloc_blocks, temp_bytes, temp_blocks, clears
#                     (version 5), sites => [ {stack, bytes, blocks} ]
#                     (the rows with live blocks, by stack id), rows =>
#                     [ {stack, bytes, blocks, and from version 5
#                     alloc_bytes, alloc_blocks, temp_bytes, temp_blocks}
#                     ] (the whole table), n_lines (the site and gone
#                     lines in the file), dropped (version 3: 1 when a
#                     drop record names it; it stays in the list)} ],
#     summary => {total_bytes, total_blocks, peak_bytes, peak_blocks,
#                 exit_bytes, exit_blocks} or undef,
#     complete => 1 if the file ends outside a snapshot with a final newline }
sub parse_msn {
    my ($text) = @_;
    die "empty file\n" unless defined $text && length $text;
    my %m = (frames => {}, stacks => {}, snapshots => [], header => {});
    my $final_nl = $text =~ /\n\z/;
    my @lines = split /\n/, $text, -1;
    pop @lines if $final_nl;
    my ($cur, %table);
    my $n = 0;
    for my $line (@lines) {
        $n++;
        next if $line eq '' || $line =~ /^#/;
        my ($kw, @f) = split /\t/, $line, -1;
        die "line $n: bad keyword '$kw'\n" unless $kw =~ /^[a-z][a-z0-9-]*$/;
        if ($n == 1 || !defined $m{format}) {
            die "line $n: expected memsnap-format\n" unless $kw eq 'memsnap-format';
            die "line $n: unsupported version\n" unless @f == 1 && $f[0] =~ /\A[1-5]\z/;
            $m{format} = $f[0];
            next;
        }
        if ($kw =~ /^(cmd|pid|ppid|options|depth|exe)$/) {
            $m{header}{$kw} = unescape($f[0]);
        } elsif ($kw eq 'frame') {
            my $nf = $m{format} < 4 ? 6 : 8;
            die "line $n: frame needs $nf fields\n" unless @f == $nf;
            die "line $n: duplicate frame $f[0]\n" if $m{frames}{ $f[0] };
            $m{frames}{ $f[0] } = { id => $f[0], line => $f[1],
                map({ (qw(fn file dir obj))[$_] => unescape($f[ $_ + 2 ]) } 0 .. 3),
                addr => $f[6], offset => $f[7] };
        } elsif ($kw eq 'stack') {
            my $old = $m{format} < 4;    # no hidden frames
            die "line $n: stack needs frames\n" unless @f >= ($old ? 3 : 4);
            my ($id, $hidden, $attr, @fr) = $old ? ($f[0], 0, @f[1 .. $#f]) : @f;
            die "line $n: duplicate stack $id\n" if $m{stacks}{$id};
            for (@fr) { die "line $n: undefined frame $_\n" unless $m{frames}{$_} }
            die "line $n: attributed index out of range\n" unless $attr < @fr && $attr >= $hidden;
            $m{stacks}{$id} = { id => $id, attributed => $attr - $hidden, hidden => $hidden,
                                frames => [@fr[$hidden .. $#fr]], all => \@fr };
        } elsif ($kw eq 'snapshot') {
            die "line $n: snapshot inside snapshot\n" if $cur;
            my $n_fields = $m{format} >= 5 ? 15 : $m{format} >= 2 ? 10 : 9;
            die "line $n: snapshot needs $n_fields fields\n" unless @f == $n_fields;
            $cur = { sites => [], n_lines => 0 };
            @$cur{qw(id name origin time_ms time_b bytes blocks peak n_stacks base
                     alloc_bytes alloc_blocks temp_bytes temp_blocks clears)} = @f;
            $cur->{name} = unescape($cur->{name});
            # Version 2: the changes against the snapshot before (base), or
            # with base 0 the whole table.
            my $prev = @{ $m{snapshots} } ? $m{snapshots}[-1]{id} : 0;
            die "line $n: base $f[9] is not the snapshot before ($prev)\n"
                if $m{format} >= 2 && $f[9] && $f[9] ne $prev;
            %table = () unless $m{format} >= 2 && $f[9];
        } elsif ($kw eq 'site') {
            die "line $n: site outside a snapshot\n" unless $cur;
            die "line $n: undefined stack $f[0]\n" unless $m{stacks}{ $f[0] };
            my $n_fields = $m{format} >= 5 ? 7 : 3;
            die "line $n: site needs $n_fields fields\n" unless @f == $n_fields;
            $cur->{n_lines}++;
            $table{ $f[0] } = { stack => $f[0], bytes => $f[1], blocks => $f[2] };
            @{ $table{ $f[0] } }{qw(alloc_bytes alloc_blocks temp_bytes temp_blocks)} = @f[3 .. 6]
                if $m{format} >= 5;
        } elsif ($kw eq 'gone') {
            die "line $n: gone outside a snapshot\n" unless $cur;
            die "line $n: gone: stack $f[0] had no site\n" unless delete $table{ $f[0] };
            $cur->{n_lines}++;
        } elsif ($kw eq 'end') {
            die "line $n: end outside a snapshot\n" unless $cur;
            die "line $n: end $f[0] closes snapshot $cur->{id}\n" unless $f[0] eq $cur->{id};
            $cur->{rows} = [ map { { %{ $table{$_} } } } sort { $a <=> $b } keys %table ];
            $cur->{sites} = [ grep { $_->{blocks} > 0 } @{ $cur->{rows} } ];
            die "line $n: $cur->{n_stacks} site lines announced, " . @{ $cur->{rows} } . " found\n"
                unless @{ $cur->{rows} } == $cur->{n_stacks};
            my ($b, $k) = (0, 0);
            $b += $_->{bytes}, $k += $_->{blocks} for @{ $cur->{rows} };
            die "line $n: site sums $b/$k differ from $cur->{bytes}/$cur->{blocks}\n"
                unless $b == $cur->{bytes} && $k == $cur->{blocks};
            if ($m{format} >= 5) {
                for my $f (qw(alloc_bytes alloc_blocks temp_bytes temp_blocks)) {
                    my $sum = 0;
                    $sum += $_->{$f} for @{ $cur->{rows} };
                    die "line $n: the rows' $f add up to $sum, not $cur->{$f}\n"
                        unless $sum == $cur->{$f};
                }
            }
            push @{ $m{snapshots} }, $cur;
            undef $cur;
        } elsif ($kw eq 'timeline') {
            die "line $n: timeline needs 2 fields\n" unless @f == 2;
            $m{timeline} = { unit => $f[0], n_points => $f[1], points => [] };
        } elsif ($kw eq 'point') {
            die "line $n: point outside a timeline\n" unless $m{timeline};
            die "line $n: point needs 4 fields\n" unless @f == 4;
            push @{ $m{timeline}{points} },
                { time => $f[0], bytes => $f[1], blocks => $f[2], mark => $f[3] };
        } elsif ($kw eq 'drop' && $m{format} >= 3) {
            my ($s) = grep { $_->{id} eq $f[0] } @{ $m{snapshots} };
            die "line $n: drop: no snapshot $f[0]\n" unless $s && !$s->{dropped};
            die "line $n: drop: snapshot $f[0] is not auto\n" unless $s->{origin} eq 'auto';
            $s->{dropped} = 1;
        } elsif ($kw eq 'summary') {
            die "line $n: summary needs 6 fields\n" unless @f == 6;
            my %s;
            @s{qw(total_bytes total_blocks peak_bytes peak_blocks exit_bytes exit_blocks)} = @f;
            $m{summary} = \%s;
        }
        # Other keywords: later versions of format 1; ignored.
    }
    $m{complete} = ($final_nl && !$cur) ? 1 : 0;
    return \%m;
}

# The last snapshot named NAME (or with id NAME if it is a number).
sub snapshot_by_name {
    my ($m, $name) = @_;
    my @s = grep { $_->{name} eq $name && !$_->{dropped} } @{ $m->{snapshots} };
    @s = grep { $_->{id} eq $name } @{ $m->{snapshots} } if !@s && $name =~ /^\d+$/;
    return $s[-1];
}

sub objbase { my ($o) = @_; $o =~ s{.*/}{}; return $o }

# The label of frame F for KEY (lineno, filename, function), as
# docs/file-format.md "From frames to statistics keys" says.
sub frame_label {
    my ($f, $key) = @_;
    my $no_line = length $f->{fn}
        ? (length $f->{obj} ? "$f->{fn} (" . objbase($f->{obj}) . ')' : $f->{fn})
        : !defined $f->{addr} ? (length $f->{obj} ? '??? (' . objbase($f->{obj}) . ')' : '<unknown>')
        : length $f->{obj} ? sprintf('%s+0x%x', objbase($f->{obj}), $f->{offset})
        : $f->{addr} ? sprintf('0x%x', $f->{addr}) : '<unknown>';
    if ($key eq 'function') {
        return length $f->{fn} ? $f->{fn} : $no_line eq '<unknown>' || !defined $f->{addr} ? '<unknown>' : $no_line;
    }
    if ($f->{line} > 0) {
        return $key eq 'lineno' ? "$f->{file}:$f->{line}" : "$f->{file}:0";
    }
    # Without line information: line 0 of its no-line label, by both keys.
    return "$no_line:0" if length $f->{fn} || length $f->{obj} || $f->{addr};
    return '<unknown>:0';
}

# group_snapshot(MSN, SNAPSHOT, KEY, CUMULATIVE): { label => [bytes, blocks] }
# for the lineno, filename or function key (labels, not tuples: the tests'
# programs have no two files of the same name); cumulative counts the frames
# from the attributed one outward.
sub group_snapshot {
    my ($m, $snap, $key, $cumulative) = @_;
    $snap = snapshot_by_name($m, $snap) unless ref $snap;
    die "no such snapshot\n" unless $snap;
    my %g;
    for my $site (@{ $snap->{sites} }) {
        my $st = $m->{stacks}{ $site->{stack} };
        my @all = @{ $st->{frames} };
        my @fr = $cumulative ? @all[ $st->{attributed} .. $#all ] : ($all[ $st->{attributed} ]);
        for my $fid (@fr) {
            my $label = frame_label($m->{frames}{$fid}, $key);
            $g{$label}[0] += $site->{bytes};
            $g{$label}[1] += $site->{blocks};
        }
    }
    return \%g;
}

1;

#!/usr/bin/perl
# self-contained.t: the repository cites nothing it does not contain.
# Whoever clones memsnap has only the repository, so no file of the
# source tree may send the reader to a document, an issue or a discussion
# kept elsewhere: background belongs in docs/ (the manual, file-format.md,
# tracemalloc.md, design.md, hacking.md), in the repository's own words.
# Links to public pages (Python's documentation, Valgrind's manual) are
# fine.  Each hit names the file and line and the rule it breaks.
use strict;
use warnings;
use Test::More;
use File::Find;
use MemsnapTest qw(srcdir);

# What a reference outside the repository looks like, and why it is one.
# (Spelt in pieces so that this file does not match itself.)
my $md = '\.' . 'md';
my @rules = (
    [qr/\binterface(?:$md)?,? sections?\s+\d/i, 'a section of a contract kept outside the repository'],
    [qr/\b(?:interface|style|tracemalloc-semantics|valgrind-brief)$md\b/,
     'a document kept outside the repository'],
    [qr{(?:\.\./|\b)shared/}, 'a directory outside the repository'],
    [qr/\bissues?\s*#?\d+/i, 'an issue number: say what the issue said instead'],
    [qr/\b(?:the|an?) issue(?:'s)?\s+(?:note|target|measure|promise)/i,
     'an issue or its note: say what it said instead'],
);

my $top = srcdir();
my @dirs = grep { -d } map { "$top/$_" } qw(memsnap scripts docs tests examples .ci);
my @files = grep { -f } map { "$top/$_" }
    qw(README.md configure.ac Makefile.am autogen.sh .clang-format vg-in-place.in);
find({ no_chdir => 1, wanted => sub {
    # Generated files of an in-tree build, and binaries, are not sources.
    return if -d || -B || /(?:^|\/)Makefile(?:\.in)?$|\.(?:o|a|so|log|trs)$/;
    push @files, $File::Find::name;
} }, @dirs);

my $this = 'tests/repo/self-contained.t';
my $n_hits = 0;
for my $path (sort @files) {
    (my $rel = $path) =~ s{^\Q$top\E/}{};
    next if $rel eq $this;
    open(my $fh, '<', $path) or die "cannot read $path: $!\n";
    while (my $line = <$fh>) {
        for my $rule (@rules) {
            next unless $line =~ $rule->[0];
            chomp $line;
            diag("$rel:$.: $rule->[1]:\n    $line");
            $n_hits++;
        }
    }
}
cmp_ok(scalar @files, '>', 50, 'the source tree was found (' . scalar(@files) . ' files)');
is($n_hits, 0, 'no reference to anything outside the repository');

# The rules catch what they are meant to catch.
ok('see interface section 3'  =~ $rules[0][0], 'rule: a contract section');
ok(('../shared/style' . '.md') =~ $rules[1][0], 'rule: an outside document');
ok('as issue 2 promises'      =~ $rules[3][0], 'rule: an issue number');
ok("the issue's targets"      =~ $rules[4][0], "rule: an issue's targets");
ok('the memsnap issue tracker' !~ $rules[4][0], 'rule: the tracker is not an issue');
done_testing();

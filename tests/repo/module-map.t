#!/usr/bin/perl
# module-map.t: the module map of docs/design.md, and the "Called by"
# sentences of the files' overview comments, agree with the sources.
#
# What it derives from memsnap/msn_*.c (comments and strings left out):
#   - a module is a file msn_X.c; it *owns* each MSN_(name) function or
#     variable it defines at file scope;
#   - module A *calls* module B when A's .c names something B owns;
#   - a .c file must include msn_B.h when it calls B, and must use
#     something of each msn_B.h it includes (a function or variable of
#     B, or a type or macro the header defines);
#   - modules that call each other, directly or round a loop, form a
#     cycle, which docs/design.md must explain ("Cycles that stay").
# Each failure says which file to change and how: when you add, remove or
# rewire a module, this test tells you what the map should now say.
use strict;
use warnings;
use Test::More;
use MemsnapTest qw(srcdir slurp);

my $top    = srcdir();
my $design = 'docs/design.md';

# --- The sources ------------------------------------------------------

# C text without comments, strings and character constants (newlines
# kept, so that offsets still give line numbers).
sub code_of {
    my ($text) = @_;
    $text =~ s{/\*.*?\*/}{ (my $c = $&) =~ tr/\n//cd; $c }gse;
    $text =~ s{//[^\n]*}{}g;
    $text =~ s{"(?:\\.|[^"\\\n])*"}{""}g;
    $text =~ s{'(?:\\.|[^'\\\n])*'}{''}g;
    return $text;
}

# The text at brace depth 0 (function bodies and initialisers left out).
sub file_scope {
    my ($code) = @_;
    my ($depth, $out) = (0, '');
    for my $piece (split /([{}])/, $code) {
        if    ($piece eq '{') { $out .= '{' if $depth++ == 0 }
        elsif ($piece eq '}') { $depth-- }
        elsif ($depth == 0)   { $out .= $piece }
    }
    return $out;
}

my (%code, %header, %includes);
for my $path (sort glob("$top/memsnap/msn_*.c")) {
    my ($m) = $path =~ m{/msn_(\w+)\.c$};
    my $text = slurp($path);
    $code{$m} = code_of($text);
    $includes{$m} = [ $text =~ /^\s*#\s*include\s+"msn_(\w+)\.h"/mg ];
}
for my $path (sort glob("$top/memsnap/msn_*.h")) {
    my ($h) = $path =~ m{/msn_(\w+)\.h$};
    $header{$h} = slurp($path);
}
my @modules = sort keys %code;

# Who owns each MSN_(name): the module defining it at file scope.
my %owner;
for my $m (@modules) {
    my $scope = file_scope($code{$m});
    while ($scope =~ /\bMSN_\((\w+)\)\s*([(=;\[])/g) {
        my ($name, $next, $at) = ($1, $2, $+[0]);
        my ($statement) = substr($scope, 0, $-[0]) =~ /([^;{}]*)\z/;
        next if $statement =~ /\bextern\b/;
        next if $next eq '(' && substr($scope, $at) !~ /\A[^;{]*\{/;   # a prototype
        $owner{$name} = $m;
    }
}

# calls{A}{B} = [names of B's that A uses]; use_line{A}{name} = a line.
my (%calls, %use_line);
for my $m (@modules) {
    while ($code{$m} =~ /\bMSN_\((\w+)\)/g) {
        my $o = $owner{$1};
        next if !defined $o || $o eq $m;
        $use_line{$m}{$1} //= 1 + (substr($code{$m}, 0, $-[0]) =~ tr/\n//);
        push @{ $calls{$m}{$o} }, $1 unless grep { $_ eq $1 } @{ $calls{$m}{$o} || [] };
    }
}
my %callers;   # callers{B} = [A...]
for my $a (@modules) { push @{ $callers{$_} }, $a for keys %{ $calls{$a} || {} } }
$callers{$_} = [ sort @{ $callers{$_} || [] } ] for @modules;

sub evidence {
    my ($a, $b) = @_;
    my $name = (sort @{ $calls{$a}{$b} })[0];
    return "msn_$a.c:$use_line{$a}{$name} uses MSN_($name)";
}
sub list { my @x = @_; return @x ? join(', ', @x) : '(none)' }

# --- The map in docs/design.md ----------------------------------------

my $doc = slurp("$top/$design");
my ($map) = $doc =~ /^## Module map\n(.*?)^## /ms
    or BAIL_OUT("$design has no '## Module map' section");
my %row;   # row{module} = [called-by modules]
while ($map =~ /^\|\s*`msn_(\w+)\.c`\s*\|[^|]*\|([^|]*)\|/mg) {
    my ($m, $cell) = ($1, $2);
    (my $plain = $cell) =~ s/\([^)]*\)//g;   # notes in parentheses
    my %named = map { $_ => 1 } grep { exists $code{$_} } $plain =~ /\b(\w+)\b/g;
    $row{$m} = [ sort keys %named ];
}

my @problems;
for my $m (@modules) {
    my $want = $callers{$m};
    if (!$row{$m}) {
        push @problems, "$design, module map: msn_$m.c has no row.  Add\n"
            . "    | `msn_$m.c` | <what it owns> | " . list(@$want) . " |";
        next;
    }
    my %have = map { $_ => 1 } @{ $row{$m} };
    my %need = map { $_ => 1 } @$want;
    my @add  = grep { !$have{$_} } @$want;
    my @drop = grep { !$need{$_} } @{ $row{$m} };
    next if !@add && !@drop;
    my $p = "$design, module map, row msn_$m.c: its \"called by\" column should name "
          . list(@$want) . " (and may add notes in parentheses or the core)";
    $p .= "\n    add $_: " . evidence($_, $m) for @add;
    $p .= "\n    remove $_: msn_$_.c uses nothing msn_$m.c defines" for @drop;
    push @problems, $p;
}
for my $m (sort keys %row) {
    push @problems, "$design, module map: remove the row of msn_$m.c (no such file)"
        unless exists $code{$m};
}
ok(!@problems, "the module map of $design matches the sources")
    or diag(join("\n", @problems));

# --- The "Called by" sentences of the overview comments -----------------

# The overview: the first comment after the banner and the licence.  A sentence
# "Called by msn_a.c and msn_b.c." or "Only msn_a.c uses this module."
sub overview {
    my ($text) = @_;
    my @comments = grep { !/\A-/ && !/This file is part of memsnap/ } $text =~ m{/\*(.*?)\*/}gs;
    return $comments[0] // '';
}
@problems = ();
for my $m (@modules) {
    my $file = exists $header{$m} ? "msn_$m.h" : "msn_$m.c";
    my $text = overview(exists $header{$m} ? $header{$m} : slurp("$top/memsnap/msn_$m.c"));
    my @want = map { "msn_$_.c" } @{ $callers{$m} };
    my @said;
    if ($text =~ /\bOnly\s+(msn_\w+\.c)\s+uses\s+(?:this\s+module|it)\b/) {
        @said = ($1);
    } elsif (my ($sentence) = grep { /\bmsn_\w+\.c\b/ }
                 $text =~ /\b(?i:called|used|read)\s+(?:only\s+)?(?:by|from)\s+(.*?)\.(?:\s|\z)/sg) {
        $sentence =~ s/\([^)]*\)//g;
        @said = sort keys %{{ map { $_ => 1 } $sentence =~ /\b(msn_\w+\.c)\b/g }};
    } else {
        next if !@want;   # called by the core only
        push @problems, "memsnap/$file: its overview comment should end with\n"
            . "    Called by " . list(@want) . ".";
        next;
    }
    my %said = map { $_ => 1 } @said;
    my %want = map { $_ => 1 } @want;
    my @add  = grep { !$said{$_} } @want;
    my @drop = grep { !$want{$_} } @said;
    next if !@add && !@drop;
    my $p = "memsnap/$file: the overview's \"Called by\" sentence should name " . list(@want);
    $p .= "\n    add $_: " . evidence(($_ =~ /msn_(\w+)/)[0], $m) for @add;
    $p .= "\n    remove $_: it uses nothing msn_$m.c defines" for @drop;
    push @problems, $p;
}
# Said once: a module with a header says it there, not in its .c too.
for my $m (grep { exists $header{$_} } @modules) {
    my $text = overview(slurp("$top/memsnap/msn_$m.c"));
    push @problems, "memsnap/msn_$m.c: its overview should not say who calls it "
        . "(msn_$m.h says so; keep one copy)"
        if $text =~ /\b(?i:called|used|read)\s+(?:only\s+)?(?:by|from)\s+msn_/
        || $text =~ /\bOnly\s+msn_\w+\.c\s+uses\b/;
}
ok(!@problems, 'the "Called by" sentences of memsnap/msn_*.[ch] match the sources')
    or diag(join("\n", @problems));

# --- Includes -----------------------------------------------------------

# What a header provides besides its module's MSN_() names: the types and
# macros it defines, and the core's symbols it declares (VG_(clo_...)
# that no public header of the core declares).
my %provides;
for my $h (keys %header) {
    my $c = code_of($header{$h});
    my %names;
    $names{$1} = 1 while $c =~ /^\s*#\s*define\s+(\w+)/mg;
    $names{$1} = 1 while $c =~ /\}\s*(\w+)\s*;/g;                 # typedef struct {...} Name;
    $names{$1} = 1 while $c =~ /\btypedef\b[^;{}]*?\b(\w+)\s*;/g;  # typedef T Name;
    $names{$1} = 1 while $c =~ /\b(?:struct|enum)\s+(\w+)\s*\{/g;
    $names{$1} = 1 while $c =~ /\bMSN_\((\w+)\)/g;               # declared here
    $names{$1} = 1 while $c =~ /\bextern\b[^;]*?\bVG_\((\w+)\)/g;  # a core symbol declared here
    $provides{$h} = \%names;
}
@problems = ();
for my $m (@modules) {
    my %inc = map { $_ => 1 } @{ $includes{$m} };
    for my $b (sort keys %{ $calls{$m} || {} }) {
        next if $inc{$b} || !exists $header{$b};
        push @problems, "memsnap/msn_$m.c: add #include \"msn_$b.h\" (" . evidence($m, $b) . ")";
    }
    (my $body = $code{$m}) =~ s/^\s*#\s*include[^\n]*//mg;
    my %word = map { $_ => 1 } $body =~ /\b(\w+)\b/g;
    for my $h (@{ $includes{$m} }) {
        next if $h eq $m || $h eq 'basics' || !$provides{$h};
        next if grep { $word{$_} } keys %{ $provides{$h} };
        push @problems, "memsnap/msn_$m.c: remove #include \"msn_$h.h\" (nothing of it is used)";
    }
}
ok(!@problems, 'each memsnap/msn_*.c includes the headers of what it uses, and only those')
    or diag(join("\n", @problems));

# --- Cycles -------------------------------------------------------------

# Strongly connected components of the call graph (Tarjan).
my ($index, @stack, %idx, %low, %on, @sccs) = (0);
sub connect_from {
    my ($v) = @_;
    $idx{$v} = $low{$v} = $index++;
    push @stack, $v;
    $on{$v} = 1;
    for my $w (sort keys %{ $calls{$v} || {} }) {
        if (!exists $idx{$w}) { connect_from($w); $low{$v} = $low{$w} if $low{$w} < $low{$v} }
        elsif ($on{$w})       { $low{$v} = $idx{$w} if $idx{$w} < $low{$v} }
    }
    return if $low{$v} != $idx{$v};
    my @scc;
    while (1) { my $w = pop @stack; $on{$w} = 0; push @scc, $w; last if $w eq $v }
    push @sccs, [ sort @scc ] if @scc > 1;
}
exists $idx{$_} or connect_from($_) for @modules;

my ($cycles) = $doc =~ /^### Cycles that stay\n(.*?)(?=^##)/ms;
$cycles //= '';
my @items = split /^- /m, $cycles;
@problems = ();
for my $scc (@sccs) {
    my @files = map { "msn_$_.c" } @$scc;
    next if grep {
        my $item = $_;
        !grep { $item !~ /\b\Q$_\E\b/ } @$scc
    } @items;
    my @loops = map {
        my $a = $_;
        map { "$a -> $_ (" . evidence($a, $_) . ")" } grep { my $b = $_; grep { $_ eq $b } @$scc } sort keys %{ $calls{$a} }
    } @$scc;
    push @problems, join(", ", @files) . " call each other:\n    "
        . join("\n    ", @loops)
        . "\n  Break the cycle, or add a bullet naming "
        . join(', ', @$scc) . " to \"### Cycles that stay\" in $design, saying why it stays.";
}
ok(!@problems, "every cycle between modules is explained in $design")
    or diag(join("\n", @problems));

done_testing();

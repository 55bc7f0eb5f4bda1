# fnmatch.t: the file-name globs of --include/--exclude match as Python's
# fnmatch.fnmatchcase() (tracemalloc's Filter on POSIX).  The first part is
# CPython's test_filter_match_filename_joker, without the .pyc munging
# (Python-only; memsnap matches C file names as they are); the rest was
# checked against Python 3.11's fnmatch: brackets, ranges, negation, an
# unclosed [, characters that are special in Perl regexes.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(load_script);

load_script();

# [name, pattern, matches]
my @cases = (
    # CPython test_filter_match_filename_joker
    ['abc', '', 0], ['', 'abc', 0], ['', '', 1], ['', '*', 1],
    ['abc', 'abc', 1], ['abc', 'abcd', 0], ['abc', 'def', 0],
    ['abc', 'a*', 1], ['abc', 'abc*', 1], ['abc', 'b*', 0], ['abc', 'abcd*', 0],
    ['abc', 'a*c', 1], ['abcdcx', 'a*cx', 1], ['abb', 'a*c', 0], ['abcdce', 'a*cx', 0],
    ['abcde', 'a*c*e', 1], ['abcbdefeg', 'a*bd*eg', 1], ['abcdd', 'a*c*e', 0],
    ['abcbdefef', 'a*bd*eg', 0],
    ['aBC', 'ABc', 0], ['aBcDe', 'Ab*dE', 0],               # case sensitive
    ['a/b', 'a\\b', 0], ['a\\b', 'a/b', 0],                 # no alternate separator
    ['a.pyo', 'a.py', 0],
    # Brackets.
    ['b', '[abc]', 1], ['d', '[abc]', 0], ['d', '[!abc]', 1], ['a', '[!abc]', 0],
    ['m', '[a-z]', 1], ['M', '[a-z]', 0], ['-', '[a-]', 1], ['-', '[-a]', 1],
    [']', '[]]', 1], [']', '[!]]', 0], ['a', '[!]]', 1],
    ['[', '[', 1], ['[a', '[a', 1], ['a', '[a', 0],          # an unclosed [ is literal
    ['x', '[!]', 0], ['!', '[!]', 0], ['[!]', '[!]', 1],
    ['x', '[z-a]', 0], ['z', '[z-a]', 0], ['x', '[!z-a]', 1],   # an empty range
    ['b', '[a-c-e]', 1], ['-', '[a-c-e]', 1], ['d', '[a-c-e]', 0], ['e', '[a-c-e]', 1],
    ['c', '[b-a-c]', 1], ['-', '[b-a-c]', 1], ['b', '[b-a-c]', 0],
    ['q', '[!b-a]', 1], ['!', '[!b-a]', 1],                      # negated empty: any character
    ['\\', '[\\]', 1], ['^', '[^a]', 1], ['b', '[^a]', 0], ['&', '[&&]', 1],
    ['a*b', 'a[*]b', 1], ['axb', 'a[*]b', 0],
    # ? and *.
    ['a.c', 'a?c', 1], ["a\nc", 'a?c', 1], ['ac', 'a?c', 0],
    ['dir/x.c', '*.c', 1], ['x.c', '*/x.c', 0], ['src/lib/x.c', 'src/*.c', 1], ['.hidden', '*', 1],
    ['x.c', '**.c', 1], ['x.c', '*?*', 1], ['', '?', 0],
    # Regex characters are literal.
    ['<unknown>', '<unknown>', 1], ['libc.so.6', 'libc.so*', 1], ['libcxso.6', 'libc.so*', 0],
    ['(x)', '(x)', 1], ['a+', 'a+', 1], ['aa', 'a+', 0], ['a$', 'a$', 1], ['a{2}', 'a{2}', 1],
    ["caf\xe9.c", "caf\xe9.c", 1], ["caf\xe9.c", "caf?.c", 1],    # bytes, not characters
);
for my $c (@cases) {
    my ($name, $pat, $want) = @$c;
    my $re = MemsnapPrint::fnmatch_regex($pat);
    is(($name =~ $re ? 1 : 0), $want, sprintf('fnmatch(%s, %s) is %s', quote($name), quote($pat),
                                           $want ? 'true' : 'false'));
}

sub quote { my ($s) = @_; $s =~ s/\n/\\n/g; return "'$s'" }

# A :LINE suffix is a line number; any other text after the last ':'
# outside brackets is refused; "[:]" is a colon of a file name.
my $f = MemsnapPrint::parse_filter(1, 0, 'prog.c:12');
is_deeply([$f->{lineno}, 'prog.c' =~ $f->{regex} ? 1 : 0], [12, 1], 'GLOB:LINE');
for my $bad ('a:b', 'x.c:abc', 'grow.c:2?', 'x.c:', 'x.c:12 ', 'a[:]b:1x') {
    my $err = eval { MemsnapPrint::parse_filter(1, 0, $bad, '--exclude'); 1 } ? undef : $@;
    is(ref $err eq 'HASH' ? "$err->{status} $err->{message}" : $err,
       "2 --exclude=$bad: the line after ':' must be a number (write a ':' of a file name as [:]) "
       . "(see memsnap_print --help)", quote($bad) . ': refused');
}
$f = MemsnapPrint::parse_filter(1, 0, 'a[:]b');
is_deeply([$f->{lineno}, 'a:b' =~ $f->{regex} ? 1 : 0], [undef, 1], 'a[:]b: a colon of a file name');
$f = MemsnapPrint::parse_filter(1, 0, 'a[:]b:7');
is_deeply([$f->{lineno}, 'a:b' =~ $f->{regex} ? 1 : 0], [7, 1], 'a[:]b:7: a colon of a file name, line 7');
$f = MemsnapPrint::parse_filter(0, 1, 'x.c:0');
is_deeply([$f->{lineno}, $f->{inclusive}, $f->{all_frames}], [0, 0, 1], 'exclude-all GLOB:0');
done_testing();

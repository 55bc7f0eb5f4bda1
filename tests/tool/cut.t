#!/usr/bin/perl
# A file cut at any byte keeps every complete snapshot.  A real output file
# (tests/progs/alloc_c) is cut at every byte offset from the end of its
# second-to-last snapshot to its end: inside the definitions written with
# the last snapshots, the `peak' and `exit' snapshots, the timeline and the
# summary.  At each offset memsnap_print (its reader, in-process) must
# list every snapshot that is complete in the cut file, give the sites of
# the last one, and name in its one-line note what the file ends inside:
# the snapshot, the timeline or a record, at the line where it starts.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $script = builddir() . '/scripts/memsnap_print';
plan skip_all => "$script not built" unless -f $script;
require $script;

my $r = run_memsnap(prog => 'alloc_c');
is($r->{exit}, 0, 'alloc_c ran') or diag($r->{stderr});
my $text = $r->{file} // '';
like($text, qr/\nsummary\t[^\n]*\n\z/, 'a complete file');

# The expected answer at each offset, from the lines of the whole file:
# the offset of each line start, what block (snapshot N, the timeline) it
# belongs to, and the ids of the snapshots complete before it.
my (@lines, $block, $block_line, @complete);
my ($off, $n, $points_left) = (0, 0, 0);
for my $line (split /(?<=\n)/, $text) {
    $n++;
    my ($kw, $id, $n_points) = split /\t/, $line;
    if ($kw eq 'snapshot') { ($block, $block_line) = ("snapshot $id", $n) }
    elsif ($kw eq 'timeline') { ($block, $block_line, $points_left) = ('the timeline', $n, $n_points) }
    push @lines, { start => $off, end => $off + length $line, n => $n, kw => $kw, text => $line,
                   block => $block, block_line => $block_line, complete => [@complete] };
    if ($kw eq 'end') { push @complete, $id + 0; $block = undef }
    $block = undef if $kw eq 'point' && --$points_left == 0;
    $off += length $line;
}
my @ends = grep { $_->{kw} eq 'end' } @lines;
my $from = $ends[-2]{end};
cmp_ok(length($text) - $from, '>', 100, 'the cut region spans the last snapshots');

# What the reader should answer for the file cut to $cut bytes:
# [ids of complete snapshots, line of the note or undef, what or undef].
sub expected {
    my ($cut) = @_;
    my ($l) = grep { $_->{start} <= $cut && $cut < $_->{end} } @lines;
    return [\@complete, undef, undef] unless $l;             # the whole file
    my $inside_line = $cut > $l->{start};
    # At a line boundary after a complete line.
    if (!$inside_line) {
        my $open = $l->{block} && $l->{block_line} < $l->{n};
        return [$l->{complete}, $open ? $l->{block_line} : undef, $open ? $l->{block} : undef];
    }
    # Cut inside the first line of a block: the reader can name the block
    # only if the keyword and (for a snapshot) the id are there.
    my $head = substr($l->{text}, 0, $cut - $l->{start});
    return [$l->{complete}, $l->{n}, 'a record']
        if $l->{block} && $l->{block_line} == $l->{n} && $head !~ /\A(?:snapshot\t[0-9]+|timeline)\t/;
    return [$l->{complete}, $l->{block_line}, $l->{block}] if $l->{block};
    return [$l->{complete}, $l->{n}, 'a record'];
}

my $dir = $r->{dir};
my ($bad, $tried) = (0, 0);
for my $cut ($from .. length $text) {
    my $file = "$dir/cut.msn";
    open(my $fh, '>:raw', $file) or die "$file: $!";
    print $fh substr($text, 0, $cut);
    close($fh);
    my ($ids, $line, $what) = @{ expected($cut) };
    my $p = eval { MemsnapPrint::read_profile($file, { last => 1 }) };
    my @problems;
    if (!$p) {
        push @problems, "reader died: " . (ref $@ ? $@->{message} : $@);
    } else {
        my @got = map { $_->{id} } @{ $p->{snapshots} };
        push @problems, "snapshots (@got), expected (@$ids)" if "@got" ne "@$ids";
        my $t = $p->{truncated};
        my $got_cut = $t ? "$t->{line}: $t->{what}" : 'none';
        my $want_cut = defined $line ? "$line: $what" : 'none';
        push @problems, "cut note '$got_cut', expected '$want_cut'" if $got_cut ne $want_cut;
        my $last = $p->{last};
        if (@$ids && (!$last || $last->{id} != $ids->[-1])) {
            push @problems, "last snapshot not kept";
        } elsif ($last) {
            my ($bytes, $blocks) = (0, 0);
            for (split /\n/, $last->{sites}) { my @f = split /\t/; $bytes += $f[2]; $blocks += $f[3] }
            push @problems, "last snapshot's sites do not add up"
                if $bytes != $last->{bytes} || $blocks != $last->{blocks};
        }
        my $note = MemsnapPrint::render_unfinished_notice($p);
        push @problems, "note is not one line: $note" if $note =~ tr/\n// != 1 && (!$p->{summary} || $t);
    }
    $tried++;
    if (@problems) {
        $bad++;
        diag("cut at byte $cut: $_") for @problems;
        last if $bad > 10;
    }
}
is($bad, 0, "every cut from byte $from to " . length($text) . " read as expected ($tried cuts)");
done_testing();

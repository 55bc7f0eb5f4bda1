#!/usr/bin/perl
# Monitor commands may be shortened to any prefix that no other command
# shares, as memcheck's and massif's may (docs/memsnap.md, "Monitor
# commands"): `snap x` takes snapshot x, `li` lists, `stat`, `comp`,
# `traceb` and `res` are stats, compare, traceback and reset_peak; a
# prefix of several commands
# (`s`, `st`, `tr`) is an error naming them, which changes nothing.  Each
# abbreviation answers exactly as the whole word does.  Sent with the real
# vgdb to tests/progs/vgdb_server.c.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $why = vgdb_skip_reason();
plan skip_all => $why if $why;

my $all = 'help | snapshot | list | stats | compare | traced | reset_peak | clear | '
        . 'start | stop | traceback | auto | xtmemory';
# [prefix, the commands it is short for]
my @ambiguous = (['s', 'snapshot, stats, start, stop'], ['st', 'stats, start, stop'],
                 ['tr', 'traced, traceback'], ['trace 0x10', 'traced, traceback'],
                 ['c', 'compare, clear']);

my (%short, %long, @amb, $list_after);
my $r = run_vgdb_session(prog => 'vgdb_server', session => sub {
    my ($s) = @_;
    $s->request('grow 2');
    ($short{snap}) = $s->monitor('snap x');
    $s->request('grow 1');
    ($long{snap}) = $s->monitor('snapshot y');
    @short{qw(list stats compare traceback reset_peak)} =
        $s->monitor('li', 'stat x lineno 0', 'comp x y filename 0', 'traceb 0x10', 'res');
    @long{qw(list stats compare traceback reset_peak)} =
        $s->monitor('list', 'stats x lineno 0', 'compare x y filename 0', 'traceback 0x10',
                    'reset_peak');
    @amb = $s->monitor(map { $_->[0] } @ambiguous);
    $list_after = $s->monitor('list');
    $s->send('quit');
});
plan skip_all => $r->{vgdb_unusable} if $r->{vgdb_unusable};
is($r->{session_error}, undef, 'the session ran to its end') or diag($r->{session_error});
is($r->{exit}, 0, 'the program exits 0');

like($short{snap} // '', qr/\Asnapshot 1 x: [\d,]+ bytes in [\d,]+ blocks\n\z/,
     "'snap x' takes snapshot x");
like($long{snap} // '', qr/\Asnapshot 2 y: /, "'snapshot y' after it");
for my $cmd (qw(list stats compare traceback reset_peak)) {
    ok(defined $short{$cmd} && $short{$cmd} =~ /\S/, "$cmd, shortened, answers");
    is($short{$cmd}, $long{$cmd}, "$cmd, shortened, answers as the whole word");
}
like($short{compare} // '', qr/^vgdb_server\.c:0: size=/m, "'comp x y filename 0' compares by file");
for my $i (0 .. $#ambiguous) {
    my ($cmd, $names) = @{ $ambiguous[$i] };
    my ($word) = split / /, $cmd;
    is($amb[$i], "memsnap: error: '$word' is short for several commands ($names): "
                 . "give more of it\nusage: $all\n", "'$cmd': an error naming $names");
}
is($list_after, $long{list}, 'the ambiguous commands changed nothing');
done_testing();

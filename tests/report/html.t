# html.t: memsnap_print --html, in a real browser.
#
# First the command line: the default file name and the message naming
# it, FILE, the errors, and a page that loads nothing (no src, href or
# url()).  Then each page (of files of tests/data, of a run of
# tests/progs/e2e_report under memsnap, and of lua5.4 running
# tests/perf/binary-trees.lua when lua5.4 is installed, and of
# tests/progs/churn, whose blocks are mostly temporary, and of
# tests/progs/churn_order, whose snapshots differ by a temporary free
# alone) is loaded in
# headless Chromium (HeadlessChromium.pm) and driven through its controls:
#   - the table of every embedded snapshot by every key (lineno, filename,
#     function, traceback, and the first three cumulative), heading
#     included, equals memsnap_print --stats=#ID --key=KEY [--cumulative]
#     --limit=0, and in a file with allocations (format 5) for every
#     measure (--measure=live, allocated, temporary), the measure chosen
#     first so that it must survive the other controls;
#   - the diff of consecutive snapshots (and of the first and the last),
#     selected with the snapshot and base controls, and once by clicking
#     the timeline's markers (Shift+click for the base) with the mouse,
#     equals memsnap_print --compare=#OLD,#NEW for every key (and every
#     measure: the allocations between the two, or the reason
#     memsnap_print gives for not knowing them: a clear between the two,
#     or the two in the wrong order);
#   - a file without allocations (format < 5) has the switch disabled,
#     saying why;
#   - the filter box gives the lines of --include=GLOB;
#   - the flame graph's root holds the snapshot's bytes and blocks;
#   - sorting by count sorts by count; the flame graph's search marks
#     frames;
#   - the page requested nothing but itself and logged no error.
# Then --html --measure: the page opens on that measure; and the view in
# the address's fragment (written, read back, junk left aside).
# Then the Growth table of a run with periodic snapshots against
# memsnap_print --growth, for every key.
# Then the page's _format_size against every value of the golden table
# tests/data/format-size.tsv, and a page of a run thinned to half its site
# lines: it says so, keeps the peak and exit snapshots, its tables
# still equal memsnap_print's, and a snapshot left out says how to print it.
# Screenshots of each view go to tests/report/html-screenshots in the
# build tree (an artifact of the run, not compared).  Without Chromium
# the browser part is skipped, saying why.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use Encode qw(encode_utf8);
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(data_dir run_script load_script read_file write_file);
use MemsnapTest qw(run_memsnap builddir srcdir prog_path);
use HeadlessChromium;
use JSON::PP;

load_script();
my $tmp = tempdir(CLEANUP => 1);

#----------------------------------------------------------------------
# The command line
#----------------------------------------------------------------------

{
    system('cp', data_dir() . '/features.msn', "$tmp/f.msn") == 0 or die "cp failed\n";
    my $r = run_script($tmp, '--html', 'f.msn');
    is($r->{status}, 0, '--html: exit status 0');
    is($r->{err}, "memsnap_print: wrote f.msn.html\n", '--html: names the page on stderr');
    ok(-s "$tmp/f.msn.html", '--html: writes FILE.html');
    is($r->{out}, '', '--html: nothing on stdout');
    $r = run_script($tmp, '--html=out/page.html', 'f.msn');
    like($r->{err}, qr{\Amemsnap_print: out/page\.html: cannot write: }, '--html=FILE: an unwritable path');
    is($r->{status}, 1, '--html=FILE: an unwritable path is status 1');
    $r = run_script($tmp, '--html=p.html', '--include=*.c', 'f.msn');
    is($r->{status}, 2, '--html with a filter: usage error');
    like($r->{err}, qr/--html has a filter box of its own/, '--html with a filter: says why');
    $r = run_script($tmp, '--html=p.html', '--stats=nosuch', 'f.msn');
    like($r->{err}, qr/no snapshot named 'nosuch'/, '--html --stats=NAME: an unknown name');
    $r = run_script($tmp, '--html=p.html', '--compare=mid,exit', '--key=function', 'f.msn');
    is($r->{status}, 0, '--html --compare: the first view');
    my $page = read_file("$tmp/p.html");
    like($page, qr/"initial":\{"key":"function","cumulative":false,"measure":"live","selected":5,"base":4\}/,
         '--html --compare=mid,exit --key=function: the page opens on that diff');
    $r = run_script($tmp, '--html=p.html', '--measure=allocated', 'f.msn');
    like("$r->{status} $r->{err}", qr/\A1 memsnap_print: f\.msn: format version 1 holds the live blocks only; --measure=allocated needs a file of version 5 or later\n\z/,
         '--html --measure=allocated of a file without allocations: the error of --stats');
    system('cp', data_dir() . '/example-v5.msn', "$tmp/v5.msn") == 0 or die "cp failed\n";
    $r = run_script($tmp, '--html=p.html', '--key=lineno,temporary', 'v5.msn');
    is($r->{status}, 0, '--html --key=lineno,temporary: a page');
    like(read_file("$tmp/p.html"), qr/"initial":\{"key":"lineno","cumulative":false,"measure":"temporary",/,
         '--html --key=lineno,temporary: the page opens on the temporary allocations');
    unlike($page, qr/<script[^>]*\bsrc\s*=|<link\b|<img\b|<iframe\b|\bhref\s*=|url\(|\@import/i,
           'the page links to nothing');
}


# The pages to check: [name, memsnap file, globs for the filter box,
# take screenshots].
sub page_cases {
    my @cases = map { [$_->[0], data_dir() . "/$_->[0].msn", $_->[1], 0] }
                (['features', ['*.c', 'list.c:20', '*[!c]']], ['timeline', ['grow.c', '*.c:9']],
                 ['example', ['*.c']], ['killed-timeline', ['*']]);
    if (my ($path) = memsnap_file('e2e', 'e2e_report', prog => 'e2e_report')) {
        push @cases, ['e2e_report', $path, ['*keys_util.c', '*.c:14'], 1];
    }
    if (my ($path, $text) = memsnap_file('churn', 'churn', prog => 'churn')) {
        push @cases, ['churn', $path, ['churn.c', '*.c:36'], 1];
        # The same run killed while it wrote its third snapshot.
        my ($head) = $text =~ /\A((?:.*\n)*?snapshot\t3\t.*\n(?:site|gone)\t.*\n)/
            or die "churn: no third snapshot with a change in its file\n";
        write_file("$tmp/churn-killed.msn", $head);
        push @cases, ['churn-killed', "$tmp/churn-killed.msn", ['*'], 0];
    }
    # Two snapshots with nothing allocated between them but a temporary
    # free: the later one is known by its temporary blocks alone.
    if (my ($path) = memsnap_file('churn_order', 'churn_order', prog => 'churn_order')) {
        push @cases, ['churn_order', $path, ['*'], 0];
    }
    my ($lua) = grep { -x "$_/lua5.4" } split /:/, $ENV{PATH} // '';
    if ($lua) {
        if (my ($path) = memsnap_file('lua', 'lua5.4', prog => "$lua/lua5.4",
                                      args => [srcdir() . '/tests/perf/binary-trees.lua', 8], timeout => 300)) {
            push @cases, ['lua-binary-trees', $path, ['*.c', 'l*.c:100'], 1];
        }
    } else {
        diag('lua5.4 is not installed: no page of a Lua run');
    }
    return @cases;
}

# Runs a program under memsnap (run_memsnap's %run) and writes its output
# file to $tmp/$base.msn: the path and the file's text, or nothing (with a
# diagnostic naming $what) when the run wrote no file.
sub memsnap_file {
    my ($base, $what, %run) = @_;
    my $run = run_memsnap(%run);
    unless (defined $run->{file}) {
        diag("no output file from $what under memsnap: $run->{stderr}");
        return;
    }
    my $path = "$tmp/$base.msn";
    write_file($path, $run->{file});
    return ($path, $run->{file});
}

# memsnap_print ARGS... in this process (the script is loaded): its
# stdout; or when it fails, its message without "memsnap_print: FILE: ",
# as the page gives it.
sub print_text {
    my (@args) = @_;
    my $out = '';
    open(my $fh, '>', \$out) or die;
    my $old = select($fh);
    local *STDERR;
    my $err = '';
    open(STDERR, '>', \$err) or die;    # (the notice of a run that did not finish)
    my $status = MemsnapPrint::main(@args);
    select($old);
    close $fh;
    return $out unless $status;
    $err =~ s/\Amemsnap_print: note: [^\n]*\n//;
    $err =~ s/\Amemsnap_print: \Q$args[-1]\E: (.*\n)\z/$1/s
        or die "memsnap_print @args: status $status: $err\n";
    return $err;
}

# The page's JavaScript helpers: set a control as a user does (its value,
# then the event it fires), and read the table's text.
my $HELPERS = <<'JS';
window.t = {
  set(id, value, ev) {
    const e = document.getElementById(id);
    if (e.type === "checkbox") e.checked = value; else e.value = value;
    e.dispatchEvent(new Event(ev || "change", { bubbles: true }));
  },
  measure(m) {
    document.querySelector('#measure input[value="' + m + '"]').click();
    return document.querySelector("#measure input:checked").value;
  },
  table(snap, base, key, cum, filter, measure) {
    if (measure) t.measure(measure);
    t.set("sel-base", "");
    t.set("sel-snapshot", String(snap));
    if (base !== null) t.set("sel-base", String(base));
    t.set("st-key", key);
    t.set("st-cumulative", cum);
    t.set("st-filter", filter, "input");
    t.set("st-limit", "0");
    return t.rows();
  },
  rows() {
    const lines = Array.from(document.querySelectorAll("#stats tbody td.text"), (td) => td.textContent + "\n");
    return document.getElementById("st-heading").textContent + "\n" + lines.join("");
  },
  snapshots() {
    return Array.from(document.getElementById("sel-snapshot").options,
                      (o) => [Number(o.value), !o.textContent.endsWith("[not embedded]")]);
  },
  root() {
    const r = document.getElementById("fg-root");
    return r ? [Number(r.dataset.bytes), Number(r.dataset.blocks)] : null;
  },
  marker(id) {
    const c = document.querySelector('#timeline g.mark[data-id="' + id + '"] circle');
    if (!c) return null;
    c.scrollIntoView({ block: "center" });
    const r = c.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  },
};
true;
JS

my @KEYS = (['lineno', 0], ['filename', 0], ['function', 0], ['traceback', 0],
            ['lineno', 1], ['filename', 1], ['function', 1]);

sub check_page {
    my ($br, $case, $shots) = @_;
    my ($name, $file, $globs, $screenshots) = @$case;
    my $html = "$tmp/$name.html";
    my $r = run_script($tmp, "--html=$html", $file);
    is($r->{status}, 0, "$name: --html wrote the page") or return diag($r->{err});
    $br->load($html);
    is($br->js('document.body.dataset.ready'), '1', "$name: the page is drawn");
    $br->js($HELPERS);
    my $profile = MemsnapPrint::read_profile($file, { last => 1 });
    my %snap = map { ($_->{id} => $_) } @{ $profile->{snapshots} };
    my @embedded = map { $_->[0] } grep { $_->[1] } @{ $br->js('t.snapshots()') };
    is(scalar @embedded, scalar keys %snap, "$name: every snapshot is embedded");
    my @measures = $profile->{version} >= 5 ? qw(live allocated temporary) : ('live');
    check_switch($br, $name, $profile->{version});
    for my $m (@measures) {
        check_statistics($br, $name, $file, \@embedded, \%snap, $m);
        check_diffs($br, $name, $file, \@embedded, $m);
    }
    check_clicks($br, $name, $file, \@embedded);
    if (@embedded) {
        check_filters($br, $name, $file, $embedded[-1], $globs, $_) for grep { $_ ne 'temporary' } @measures;
    }
    check_controls($br, $name, $embedded[-1]) if @embedded;
    take_screenshots($br, $name, $shots, \@embedded, \%snap, @measures > 1) if $screenshots && @embedded >= 2;
    is_deeply([$br->requests], [], "$name: the page requested nothing");
    is_deeply([$br->errors], [], "$name: no JavaScript error or warning");
}

# The snapshot's sums by measure $m: [bytes, blocks].
sub measure_sums {
    my ($s, $m) = @_;
    my $f = { live => '', allocated => 'alloc_', temporary => 'temp_' }->{$m};
    return [$s->{"${f}bytes"}, $s->{"${f}blocks"}];
}

# The tables and the flame graph's root of each snapshot by measure $m
# (chosen before the other controls).
sub check_statistics {
    my ($br, $name, $file, $ids, $snap, $m) = @_;
    my ($bad, $n) = (0, 0);
    for my $id (@$ids) {
        for my $k (@KEYS) {
            my ($key, $cum) = @$k;
            my $want = print_text("--stats=#$id", "--key=$key", $cum ? '--cumulative' : (), "--measure=$m",
                                  '--limit=0', $file);
            my $got = encode_utf8($br->js("t.table($id, null, '$key', " . ($cum ? 'true' : 'false') . ", '', '$m')"));
            $n++;
            next if $got eq $want;
            $bad++ or is($got, $want, "$name: #$id by $key" . ($cum ? ' (cumulative)' : '') . ", $m");
        }
        my $root = $br->js('t.root()');
        my $sums = measure_sums($snap->{$id}, $m);
        $n++;
        next if $root && "@$root" eq "@$sums";
        $bad++ or is("@{ $root // [] }", "@$sums", "$name: the flame root of #$id, $m");
    }
    ok(!$bad, "$name: $n tables and flame graph roots of " . @$ids . " snapshots, $m, equal memsnap_print's");
}

# The diffs of consecutive snapshots, and of the first and the last, by
# measure $m; for the allocations between two, also the first two in the
# wrong order.
sub check_diffs {
    my ($br, $name, $file, $ids, $m) = @_;
    my @pairs = map { [$ids->[$_ - 1], $ids->[$_]] } 1 .. $#$ids;
    push @pairs, [$ids->[0], $ids->[-1]] if @$ids > 2;
    push @pairs, [$ids->[1], $ids->[0]] if @$ids > 1 && $m ne 'live';
    my ($bad, $n, %why) = (0, 0);
    for my $p (@pairs) {
        my ($old, $new) = @$p;
        for my $k (@KEYS) {
            my ($key, $cum) = @$k;
            my $want = print_text("--compare=#$old,#$new", "--key=$key", $cum ? '--cumulative' : (),
                                  "--measure=$m", '--limit=0', $file);
            my $got = encode_utf8($br->js("t.table($new, $old, '$key', " . ($cum ? 'true' : 'false') . ", '', '$m')"));
            $n++;
            $why{$1}++ if $want =~ /(clear_traces was called|give the older snapshot first)/;
            next if $got eq $want;
            $bad++ or is($got, $want, "$name: #$old -> #$new by $key" . ($cum ? ' (cumulative)' : '') . ", $m");
        }
    }
    my $whys = join('', map { ", $why{$_} refused ($_)" } sort keys %why);
    ok(!$bad, "$name: $n diffs, $m, equal memsnap_print --compare's$whys") if @pairs;
}

# The measure switch: all three in a file with allocations, live only in
# an older one, whose page says why.
sub check_switch {
    my ($br, $name, $version) = @_;
    my $state = $br->js('Array.from(document.querySelectorAll("#measure input"), (i) => i.value + (i.disabled ? "-" : "+")).join(" ")');
    my $churn = $version >= 5;
    is($state, $churn ? 'live+ allocated+ temporary+' : 'live+ allocated- temporary-',
       "$name: format $version: the measures " . ($churn ? 'all offered' : 'but live disabled'));
    return if $churn;
    is($br->js('t.measure("allocated")'), 'live', "$name: a click on a disabled measure leaves live");
    like($br->js('document.getElementById("measure-help").textContent'),
         qr/\AThis file \(format version $version\) holds the live blocks only: .*format 5 or later/,
         "$name: the page says why only live blocks are counted");
}

# A diff chosen with the mouse on the timeline: click the last snapshot's
# marker, Shift+click the first one's (of the snapshots whose markers are
# apart from every other's: snapshots taken with nothing allocated between
# them share a place).
sub check_clicks {
    my ($br, $name, $file, $ids) = @_;
    return unless @$ids >= 2;
    $br->js('t.measure("live"); t.set("sel-base", ""); t.set("sel-snapshot", "' . $ids->[1] . '"); t.set("st-key", "lineno");'
           . 't.set("st-cumulative", false); t.set("st-filter", "", "input"); t.set("st-limit", "0")');
    my %place = map { my $at = $br->js("t.marker($_)"); ($_ => $at ? "@$at" : '') } @$ids;
    my %sharing;
    $sharing{$place{$_}}++ for @$ids;
    my @apart = grep { $place{$_} ne '' && $sharing{$place{$_}} == 1 } @$ids;
    unless (@apart >= 2) {
        diag("$name: fewer than two timeline markers apart from the others");
        return;
    }
    my ($old, $new) = @apart[0, -1];
    my $at_new = $br->js("t.marker($new)");
    click($br, @$at_new, 0);
    click($br, @{ $br->js("t.marker($old)") }, 8);    # 8: Shift
    my $want = print_text("--compare=#$old,#$new", '--limit=0', $file);
    is(encode_utf8($br->js('t.rows()')), $want, "$name: click #$new, Shift+click #$old: the diff of --compare");
}

sub click {
    my ($br, $x, $y, $modifiers) = @_;
    for my $type (qw(mousePressed mouseReleased)) {
        $br->call('Input.dispatchMouseEvent', { type => $type, x => $x, y => $y, button => 'left',
                                               clickCount => 1, modifiers => $modifiers });
    }
}

# The filter box against --include, by measure $m.
sub check_filters {
    my ($br, $name, $file, $id, $globs, $m) = @_;
    for my $glob (@$globs) {
        for my $k (['lineno', 0], ['function', 1]) {
            my ($key, $cum) = @$k;
            my $want = print_text("--stats=#$id", "--include=$glob", "--key=$key",
                                  $cum ? '--cumulative' : (), "--measure=$m", '--limit=0', $file);
            my $js_glob = JSON::PP->new->allow_nonref->encode($glob);
            my $got = $br->js("t.table($id, null, '$key', " . ($cum ? 'true' : 'false') . ", $js_glob, '$m')");
            is(encode_utf8($got), $want, "$name: filter '$glob' by $key" . ($cum ? ' (cumulative)' : '')
                                         . ", $m, is --include");
        }
    }
    # A line that is not a number: memsnap_print's usage error, in the page.
    $br->js("t.table($id, null, 'lineno', false, 'x.c:abc')");
    is($br->js('document.getElementById("st-heading").textContent + "|" + document.querySelectorAll("#stats tbody tr").length'),
       "x.c:abc: the line after ':' must be a number (write a ':' of a file name as [:])|0",
       "$name: filter 'x.c:abc': why it is refused, and no entries");
    $br->js("t.set('st-filter', '', 'input'); true");
}

# Sorting by a column, and the flame graph's search.
sub check_controls {
    my ($br, $name, $id) = @_;
    my $counts = $br->js(<<"JS");
(() => {
  t.table($id, null, "lineno", false, "");
  const th = Array.from(document.querySelectorAll("#stats thead th")).find((h) => h.textContent.startsWith("count"));
  th.click();
  const v = Array.from(document.querySelectorAll("#stats tbody tr"), (tr) => Number(tr.cells[1].textContent.replace(/,/g, "")));
  th.parentNode.lastChild.click();
  return v;
})()
JS
    is_deeply($counts, [sort { $b <=> $a } @$counts], "$name: sorted by count");
    my $term = $br->js('(document.querySelector("#flame .fg-node:not(#fg-root)") || {}).textContent || ""');
    return diag("$name: an empty flame graph") if $term eq '';
    my $found = $br->js('t.set("fg-search", ' . JSON::PP->new->allow_nonref->encode(quotemeta $term)
                        . ', "input"); document.querySelectorAll("#flame .match").length');
    $br->js('t.set("fg-search", "", "input")');
    ok($found > 0, "$name: the flame graph's search marks $found frame(s) matching '$term'");
}

# Screenshots of each view: the timeline, the flame graph and the table of
# the biggest snapshot, and of its diff from another one.
sub take_screenshots {
    my ($br, $name, $dir, $ids, $snap, $churn) = @_;
    my ($big) = sort { $snap->{$b}{bytes} <=> $snap->{$a}{bytes} || $a <=> $b } @$ids;
    my ($base) = grep { $_ != $big } @$ids;
    my @shots = (['page', undef], ['timeline', '#timeline-view'], ['flame', '#flame-view'],
                 ['tables', '#tables-view']);
    my $shoot = sub {
        for my $s (@_) {
            my $size = $br->screenshot($s->[1], "$dir/$name-$s->[0].png");
            ok($size, "$name: screenshot $dir/$name-$s->[0].png ($size bytes)");
        }
    };
    $br->js("t.table($big, null, 'lineno', false, '', 'live'); t.set('st-limit', '50'); true");
    $shoot->(@shots);
    $br->js("t.table($big, $base, 'lineno', false, ''); t.set('st-limit', '50'); true");
    $shoot->(['diff-flame', '#flame-view'], ['diff-tables', '#tables-view']);
    return unless $churn;
    # The most allocations, and the temporary ones between the first and
    # the last snapshot.
    my ($most) = sort { $snap->{$b}{alloc_blocks} <=> $snap->{$a}{alloc_blocks} || $a <=> $b } @$ids;
    $br->js("t.table($most, null, 'lineno', false, '', 'allocated'); t.set('st-limit', '50'); true");
    $shoot->(['allocated-page', undef], ['allocated-tables', '#tables-view']);
    my $first = $most == $ids->[0] ? $ids->[1] : $most;
    $br->js("t.table($first, $ids->[0], 'traceback', false, '', 'temporary'); t.set('st-limit', '50'); true");
    $shoot->(['temporary-between-tables', '#tables-view']);
}

# The page's format_size (window.memsnap.formatSize) against every value
# of tests/data/format-size.tsv: NUM, DEN, SIGN, the expected string.
sub check_format_size {
    my ($br) = @_;
    my @rows;
    for my $line (split /\n/, read_file(data_dir() . '/format-size.tsv')) {
        next if $line =~ /\A(?:#|\z)/;
        push @rows, [split /\t/, $line];
    }
    my $json = JSON::PP->new;
    my $got = $br->js('(' . $json->encode([map { [@$_[0 .. 2]] } @rows]) . ').map(([n, d, sign]) => '
                      . 'memsnap.formatSize(Number(d) === 1 ? Number(n) : Number(n) / Number(d), sign === "1"))');
    my @bad = grep { $got->[$_] ne $rows[$_][3] } 0 .. $#rows;
    ok(@rows > 1000 && !@bad, 'the page\'s format_size: ' . @rows . ' values of format-size.tsv')
        or diag(map { "$rows[$_][0]/$rows[$_][1] sign $rows[$_][2]: got '$got->[$_]', want '$rows[$_][3]'\n" }
                @bad[0 .. ($#bad < 9 ? $#bad : 9)]);
}

# A page of $file written with room for half its site lines.
sub check_thinned {
    my ($br, $file) = @_;
    my $writer = MemsnapPrint::html_dir() . '/MemsnapHtml.pm';
    require $writer;
    my $profile = MemsnapPrint::read_profile($file, { last => 1 });
    my @snaps = @{ $profile->{snapshots} };
    my $total = 0;
    $total += $_->{n_stacks} for @snaps;
    my $html = "$tmp/thin.html";
    my $err;
    {
        # (Room for half the site lines: a budget of lines of 3 numbers.)
        local $MemsnapHtml::SITE_BUDGET = int($total / 2 * MemsnapHtml::numbers_per_line($profile) / 3);
        open(my $fh, '>', \my $out) or die;
        local *STDERR;
        open(STDERR, '>', \$err) or die;
        MemsnapPrint::main("--html=$html", $file);
    }
    like($err, qr/^memsnap_print: note: the run has ${\ scalar @snaps} snapshots with .* the page embeds the sites of \d+ of them/m,
         'thinned: memsnap_print says so');
    $br->load($html);
    $br->js($HELPERS);
    like($br->js('document.getElementById("notes").textContent'), qr/the page embeds the sites of \d+ of them/,
         'thinned: the page says so');
    my %embedded = map { ($_->[0] => $_->[1]) } @{ $br->js('t.snapshots()') };
    my @kept = grep { $embedded{$_} } sort { $a <=> $b } keys %embedded;
    my @left = grep { !$embedded{$_} } sort { $a <=> $b } keys %embedded;
    ok(@kept && @left, 'thinned: ' . @kept . ' snapshots embedded, ' . @left . ' left out');
    my @must = grep { $_->{origin} eq 'peak' || $_->{origin} eq 'exit' } @snaps;
    is_deeply([map { $_->{id} } grep { !$embedded{ $_->{id} } } @must], [],
              'thinned: the peak and exit snapshots are embedded');
    my %snap = map { ($_->{id} => $_) } @snaps;
    check_statistics($br, 'thinned', $file, \@kept, \%snap, $_)
        for $profile->{version} >= 5 ? qw(live allocated temporary) : ('live');
    if (@left) {
        $br->js("t.set('sel-base', ''); t.set('sel-snapshot', '$left[0]'); true");
        like($br->js('document.getElementById("st-heading").textContent'),
             qr/not embedded in this page .*memsnap_print --stats=#$left[0] /, 'thinned: a snapshot left out says how to print it');
    }
    is_deeply([$br->errors], [], 'thinned: no JavaScript error or warning');
}

# The Growth table of a page of tests/progs/server.c run with
# --snapshot-every: for every key type, its entries (all of them) read as
# memsnap_print --growth prints them (but the sparkline, drawn here as an
# SVG); clicking an entry selects the diff of the first and last
# snapshot; a page of a run with one snapshot says why it has no table.
sub check_growth {
    my ($br, $shots) = @_;
    my $run = run_memsnap(prog => 'server', args => [ 800 ], opts => [ '--snapshot-every=32KiB' ]);
    my $file = "$tmp/server.msn";
    open(my $fh, '>:raw', $file) or die "$file: $!";
    print $fh $run->{file} // '';
    close $fh;
    my $r = run_script($tmp, "--html=$tmp/server.html", $file);
    is($r->{status}, 0, 'growth: --html wrote the page') or return diag($r->{err});
    $br->load("$tmp/server.html");
    is($br->js('document.body.dataset.ready'), '1', 'growth: the page is drawn');
    $br->js($HELPERS);
    for my $key (qw(lineno filename function traceback)) {
        local $ENV{LC_ALL} = 'C';
        my $want = print_text('--growth', "--key=$key", '--limit=0', $file);
        $want =~ s/\A.*?\n\n//s;                          # the header
        $want =~ s/^    [_.\-~=+*#]+\n//mg;                # the sparklines
        $want =~ s/\n\n/\n/g;
        my $got = $br->js("t.set('gr-key', '$key'); t.set('gr-limit', '0'); "
                          . 'Array.from(document.querySelectorAll("#growth tbody td.text"), '
                          . '(td) => td.textContent + "\n").join("")');
        is($got, $want, "growth by $key: the page's entries are memsnap_print --growth's");
    }
    like($br->js('document.querySelector("#growth tbody td.text").textContent'), qr/\A#1: server\.c:\d+: /,
         'growth: the leak first, by traceback too');
    my $n = $br->js('document.querySelectorAll("#growth tbody svg.spark polyline").length');
    my $rows = $br->js('document.querySelectorAll("#growth tbody tr").length');
    ok($n && $n == $rows, "growth: a sparkline per entry ($n)");
    $br->js("t.set('gr-key', 'lineno'); t.set('gr-limit', '50'); true");
    $br->js('document.querySelector("#growth tbody tr").click(); true');
    my ($first, $last) = @{ $br->js('[document.getElementById("sel-base").value, document.getElementById("sel-snapshot").value]') };
    my $g = $br->js('JSON.parse(document.getElementById("memsnap-data").textContent).growth.snaps');
    is_deeply([$first, $last], [$g->[0], $g->[-1]], 'growth: clicking an entry selects its first and last snapshot');
    if ($shots) {
        my $size = $br->screenshot('#growth-view', "$shots/server-growth.png");
        ok($size, "growth: screenshot $shots/server-growth.png ($size bytes)");
    }
    is_deeply([$br->errors], [], 'growth: no JavaScript error or warning');
    # A run with one snapshot: the table says why it is empty.
    my $one = "$tmp/one.msn";
    open($fh, '>:raw', $one) or die "$one: $!";
    print $fh "memsnap-format\t2\ncmd\t./p\nsnapshot\t1\ts\tclient\t1\t0\t0\t0\t0\t0\t0\nend\t1\n";
    close $fh;
    $r = run_script($tmp, "--html=$tmp/one.html", $one);
    $br->load("$tmp/one.html");
    like($br->js('document.getElementById("gr-count").textContent'), qr/--growth needs two snapshots or more; it has one/,
         'growth: a page of a run without growth says so');
    is_deeply([$br->errors], [], 'growth: no JavaScript error or warning there');
}

# --html --stats=mid --measure=allocated: the page opens on the
# allocations until 'mid', as --stats prints them.
sub check_initial_measure {
    my ($br, $file) = @_;
    my $r = run_script($tmp, "--html=$tmp/initial.html", '--stats=mid', '--measure=allocated', $file);
    is($r->{status}, 0, '--html --measure=allocated: a page') or return diag($r->{err});
    $br->load("$tmp/initial.html");
    $br->js($HELPERS);
    is($br->js('document.querySelector("#measure input:checked").value'), 'allocated',
       '--html --measure=allocated: the page opens on the allocations');
    is(encode_utf8($br->js('t.rows()')), print_text('--stats=mid', '--measure=allocated', '--limit=50', $file),
       '--html --stats=mid --measure=allocated: the first table is --stats=mid --measure=allocated');
    my $key = sub {
        $br->js("document.dispatchEvent(new KeyboardEvent('keydown', { key: '$_[0]' })); "
                . 'document.querySelector("#measure input:checked").value');
    };
    is(join(' ', map { $key->($_) } qw(t l a)), 'temporary live allocated', 'the keys t, l and a choose the measure');
    is_deeply([$br->errors], [], '--html --measure=allocated: no JavaScript error or warning');
}

# The view in the address: the page writes it to the fragment, a page
# opened with that fragment shows it again, a fragment naming nothing of
# the page is left aside, and the page of an older file stays on live
# blocks.
sub check_address {
    my ($br, $file, $old_page) = @_;
    my $profile = MemsnapPrint::read_profile($file, { last => 1 });
    my %id = map { ($_->{name} => $_->{id}) } @{ $profile->{snapshots} };
    my ($start, $mid, $peak) = @id{qw(start mid peak)};
    my $html = "$tmp/address.html";
    my $r = run_script($tmp, "--html=$html", $file);
    is($r->{status}, 0, 'address: a page') or return diag($r->{err});
    $br->load($html);
    $br->js($HELPERS);
    $br->js("t.table($mid, $start, 'function', true, '*.c', 'temporary'); true");
    my $later = 'new Promise((done) => setTimeout(() => done(location.hash), 500))';    # (written at most every 200 ms)
    my $hash = $br->js($later);
    is($hash, "#snapshot=$mid&base=$start&measure=temporary&key=function&cumulative=1&filter=*.c",
       'address: the view is in the fragment');
    system('cp', $html, "$tmp/address2.html") == 0 or die "cp failed\n";
    $br->load("$tmp/address2.html", substr($hash, 1));
    $br->js($HELPERS);
    is(encode_utf8($br->js('t.rows()')),
       print_text("--compare=#$start,#$mid", '--key=function', '--cumulative', '--measure=temporary', '--include=*.c',
                  '--limit=50', $file),
       'address: a page opened with it shows that view');
    is($br->js('[document.querySelector("#measure input:checked").value, document.getElementById("st-filter").value,'
               . ' document.getElementById("st-key").value, document.getElementById("st-cumulative").checked].join(" ")'),
       'temporary *.c function true', 'address: and its controls say so');
    $br->load($html, 'snapshot=999&measure=constructor&key=__proto__&cumulative=maybe');
    is($br->js($later), "#snapshot=$peak&measure=live&key=lineno",
       'address: a fragment naming nothing of the page is left aside');
    is_deeply([$br->errors], [], 'address: no JavaScript error or warning');
    $br->load($old_page, 'measure=allocated');
    is($br->js('document.querySelector("#measure input:checked").value'), 'live',
       'address: the page of a file without allocations stays on live blocks');
}

#----------------------------------------------------------------------
# The pages, in the browser (at the end: the subs above use file-scope
# values set before this runs)
#----------------------------------------------------------------------

my @pages = page_cases();
my $browser = HeadlessChromium->start(width => 1200, height => 900);
SKIP: {
    skip "the browser tests: $HeadlessChromium::WHY", 1 unless $browser;
    my $shots = builddir() . '/tests/report/html-screenshots';
    make_path($shots);
    for my $case (@pages) {
        check_page($browser, $case, $shots);
    }
    check_format_size($browser);
    my ($churn) = grep { $_->[0] eq 'churn' } @pages;
    check_initial_measure($browser, $churn->[1]) if $churn;
    check_address($browser, $churn->[1], "$tmp/features.html") if $churn;
    check_growth($browser, $shots);
    my ($e2e) = grep { $_->[0] eq 'e2e_report' } @pages;
    check_thinned($browser, $e2e->[1]) if $e2e;
    $browser->stop;
}
done_testing();

"""python3 -m memsnap: memsnap_print's --stats and --compare, computed by
tracemalloc; --dump writes a snapshot as a tracemalloc pickle.

    python3 -m memsnap FILE                       the snapshots and summary
    python3 -m memsnap FILE --stats=S [--key=K] [--cumulative] [--measure=M] [--limit=N] [filters]
    python3 -m memsnap FILE --compare=OLD,NEW [--key=K] [--cumulative] [--measure=M] [--limit=N] [filters]
    python3 -m memsnap FILE --dump=S:OUT [--measure=M]

--measure=allocated (or temporary) counts the allocations (or the
temporary ones) until the snapshot, or made between OLD and NEW, as
memsnap_print's --measure does.

Exit status 0, 1 for a bad or unreadable file or an unknown snapshot, 2 for
a usage error; every error is one line on standard error.
"""

import argparse
import re
import sys
import tracemalloc

from . import FormatError, UnknownSnapshot, load
from ._traces import object_base

PROG = 'python3 -m memsnap'
KEYS = ('lineno', 'filename', 'traceback')

# The measures: (heading, why a request without any has no entries);
# live is the default, the snapshot's live blocks.
MEASURES = {'live': None,
            'allocated': ('Allocations', 'nothing was allocated'),
            'temporary': ('Temporary allocations', 'nothing was freed while temporary')}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser():
    ap = _Parser(prog=PROG, allow_abbrev=False,
                 description="Statistics and differences of a memsnap output file, "
                             "computed by Python's tracemalloc.")
    ap.add_argument('file', help='a memsnap output file (memsnap.out.PID)')
    what = ap.add_mutually_exclusive_group()
    what.add_argument('--stats', metavar='SNAPSHOT',
                      help="statistics of one snapshot: a name, #ID, 'peak' or 'exit'")
    what.add_argument('--compare', metavar='OLD,NEW', help='NEW.compare_to(OLD)')
    what.add_argument('--dump', metavar='SNAPSHOT:OUT',
                      help='write the snapshot to OUT with tracemalloc.Snapshot.dump()')
    ap.add_argument('--key', default='lineno',
                    help='lineno (default), filename or traceback; KEY,cumulative is --cumulative')
    ap.add_argument('--cumulative', action='store_true', help="tracemalloc's cumulative=True")
    ap.add_argument('--measure', help='live (default), allocated or temporary: what is counted; '
                                      'KEY,allocated is --measure=allocated')
    ap.add_argument('--limit', default='10', help='the top N entries (default 10; 0: all)')
    for name, help_text in (('include', 'keep blocks whose site is in a file matching GLOB'),
                            ('exclude', 'leave out blocks whose site is in a file matching GLOB'),
                            ('include-all', 'the same, testing every frame'),
                            ('exclude-all', 'the same, testing every frame')):
        ap.add_argument('--' + name, metavar='GLOB[:LINE]', action='append', default=[],
                        dest=name.replace('-', '_'), help=help_text)
    return ap


def parse_key_modifiers(a):
    """Moves the modifiers of --key (KEY[,cumulative][,allocated|,temporary],
    each at most once, in either order: memsnap_print's) to a.cumulative
    and a.measure."""
    key, *modifiers = a.key.split(',')
    measure = None
    for m in modifiers:
        if m == 'cumulative':
            if modifiers.count(m) > 1:
                raise UsageError("',cumulative' is given twice in --key")
            a.cumulative = True
        elif m in ('allocated', 'temporary'):
            if measure is not None:
                raise UsageError("--key takes at most one of ',allocated' and ',temporary'")
            if a.measure is not None and a.measure != m:
                raise UsageError('--key=...,%s and --measure=%s disagree' % (m, a.measure))
            measure = a.measure = m
        else:
            return    # an unknown key type, said as such below
    a.key = key


def parse_filter(inclusive, all_frames, spec, option):
    """tracemalloc.Filter of an --include/--exclude value GLOB or GLOB:LINE,
    as memsnap_print reads it: the text after the last ':' outside brackets
    is the line, decimal digits (a UsageError otherwise)."""
    m = re.match(r'(.*):([^\]]*)\Z', spec, re.S)
    if not m:
        return tracemalloc.Filter(inclusive, spec, None, all_frames)
    if not re.match(r'[0-9]+\Z', m.group(2)):
        raise UsageError("%s=%s: the line after ':' must be a number "
                         "(write a ':' of a file name as [:])" % (option, spec))
    return tracemalloc.Filter(inclusive, m.group(1), int(m.group(2)), all_frames)


def parse_args(argv):
    a = build_parser().parse_args(argv)
    parse_key_modifiers(a)
    if a.measure is None:
        a.measure = 'live'
    if a.key == 'function':
        raise UsageError("tracemalloc has no key type 'function' (memsnap_print has)")
    if a.key not in KEYS:
        raise UsageError("unknown key type '%s' (lineno, filename or traceback)" % a.key)
    if a.cumulative and a.key == 'traceback':
        raise UsageError("cumulative mode cannot be used with key type 'traceback'")
    if a.measure not in MEASURES:
        raise UsageError("unknown measure '%s' (live, allocated or temporary)" % a.measure)
    if a.measure != 'live' and a.stats is None and a.compare is None and a.dump is None:
        raise UsageError('--measure=%s needs --stats, --compare or --dump' % a.measure)
    if not re.match(r'[0-9]+\Z', a.limit):
        raise UsageError("--limit must be 0 (all) or more, not '%s'" % a.limit)
    a.limit = int(a.limit)
    if a.compare is not None:
        sel = a.compare.split(',')
        if len(sel) != 2 or '' in sel:
            raise UsageError("--compare takes two snapshots, OLD,NEW, not '%s'" % a.compare)
        a.compare = sel
    if a.stats == '':
        raise UsageError('empty snapshot name')
    if a.dump is not None:
        name, sep, out = a.dump.partition(':')
        if not sep or name == '' or out == '':
            raise UsageError("--dump takes SNAPSHOT:OUT, not '%s'" % a.dump)
        a.dump = (name, out)
    a.filters = ([parse_filter(True, False, s, '--include') for s in a.include]
                 + [parse_filter(False, False, s, '--exclude') for s in a.exclude]
                 + [parse_filter(True, True, s, '--include-all') for s in a.include_all]
                 + [parse_filter(False, True, s, '--exclude-all') for s in a.exclude_all])
    return a


# --- rendering ---------------------------------------------------------------

def render_frame(frame, first):
    """One frame of a traceback entry, as memsnap_print prints it (with
    the code address, as Valgrind prints it, from format version 4 on)."""
    line, fn, file, _dir, obj, addr, _offset = frame
    s = ('    at ' if first else '    by ') + ('0x%X: ' % addr if addr else '') \
        + (fn if fn != '' else '???')
    if line > 0:
        s += ' (%s:%d)' % (file, line)
    elif obj != '':
        s += ' (in %s)' % obj
    return s + '\n'


def render_entries(mf, stats, key, limit, stack_ids):
    """The lines of tracemalloc statistics (Statistic or StatisticDiff): for
    the traceback key, labelled by the most recent frame and followed by the
    frames of the lowest stack id (among stack_ids) with that traceback."""
    if limit:
        stats = stats[:limit]
    out = []
    for stat in stats:
        if key != 'traceback':
            out.append(str(stat) + '\n')
            continue
        text = str(stat)
        label = str(stat.traceback)
        out.append(str(stat.traceback[-1]) + text[len(label):] + '\n')
        frames = tuple(reversed([(f.filename, f.lineno) for f in stat.traceback]))
        sid = mf.traceback_stack(frames, stack_ids)
        if sid is not None:
            attributed, fids = mf.stacks[sid]
            for i, fid in enumerate(fids[attributed:]):
                out.append(render_frame(mf.frames[fid], i == 0))
    return ''.join(out)


def snapshot_text(mf, which):
    """A snapshot as headings name it: "#3 'loop'"."""
    info = mf.info(which)
    return "#%d '%s'" % (info.id, info.name)


def render_request(mf, what, stats, a, stack_ids, empty):
    """The line that names the request (memsnap_print's: "WHAT by KEY, N of
    M entries:", or "WHAT by KEY: no entries (why)"), then the entries.
    stack_ids are the stacks counted, empty why there are none."""
    what += ' by %s%s' % (a.key, ',cumulative' if a.cumulative else '')
    if not stats:
        n = len(stack_ids)
        why = '%d site%s filtered out' % (n, '' if n == 1 else 's') if n else empty
        return '%s: no entries (%s)\n' % (what, why)
    shown = min(a.limit, len(stats)) if a.limit else len(stats)
    heading = '%s, %d of %d entr%s:\n' % (what, shown, len(stats),
                                          'y' if len(stats) == 1 else 'ies')
    return heading + render_entries(mf, stats, a.key, a.limit, stack_ids)


def commify(n):
    return '{:,}'.format(n)


def render_overview(mf):
    """The list of snapshots and the summary."""
    out = ['Command:    %s\n' % (mf.command or '(none)'),
           'Options:    %s\n' % (mf.options or '(none)')]
    rows = [('id', 'time(ms)', 'allocated(B)', 'bytes', 'blocks', 'origin', 'name')]
    rows += [(str(s.id), commify(s.time_ms), commify(s.time_b), commify(s.size),
              commify(s.count), s.origin, s.name) for s in mf.snapshots]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        out.append('  '.join(c.rjust(w) for c, w in zip(r, widths)) + '  %-8s %s\n' % r[5:])
    if mf.summary:
        sm = mf.summary
        for label, size, count in (('Total:', sm.total_size, sm.total_count),
                                   ('At peak:', sm.peak_size, sm.peak_count),
                                   ('At exit:', sm.exit_size, sm.exit_count)):
            out.append('%-11s%s bytes in %s blocks\n' % (label, commify(size), commify(count)))
    else:
        out.append('The run did not finish: no exit summary.\n')
    return ''.join(out)


def snapshot_of(mf, which, filters):
    snap = mf.snapshot(which)
    return snap.filter_traces(filters) if filters else snap


def stack_ids_of(mf, whiches):
    ids = set()
    for w in whiches:
        ids.update(sid for sid, _b, _n in mf.sites(w))
    return ids


def render_live(mf, a):
    """--stats or --compare of the live blocks."""
    if a.compare:
        old, new = (snapshot_of(mf, w, a.filters) for w in a.compare)
        stats = new.compare_to(old, a.key, a.cumulative)
        what = 'Changes from %s to %s' % tuple(snapshot_text(mf, w) for w in a.compare)
        whiches = a.compare
    else:
        snap = snapshot_of(mf, a.stats, a.filters)
        stats = snap.statistics(a.key, a.cumulative)
        what = 'Statistics of %s' % snapshot_text(mf, a.stats)
        whiches = [a.stats]
    empty = 'the snapshot%s empty' % (' is' if len(whiches) == 1 else 's are')
    return render_request(mf, what, stats, a, stack_ids_of(mf, whiches), empty)


def render_measured(mf, a):
    """--stats or --compare by --measure=allocated or temporary: the
    statistics of the allocations until the snapshot, or made between
    the two, after memsnap_print's heading: "Allocations until #2 'mid'
    (33,150 bytes in 1,016 blocks since the start)"."""
    title, nothing = MEASURES[a.measure]
    temporary = a.measure == 'temporary'
    since, which = a.compare if a.compare else (None, a.stats)
    rows = [(r.stack, r.temporary_size, r.temporary_count) if temporary else (r.stack, r.size, r.count)
            for r in mf.allocations(which, since)]
    rows = [r for r in rows if r[2]]
    n_blocks = sum(r[2] for r in rows)
    sums = '%s bytes in %s block%s' % (commify(sum(r[1] for r in rows)), commify(n_blocks),
                                       '' if n_blocks == 1 else 's')
    if since is None:
        what = '%s until %s (%s since the %s)' % (title, snapshot_text(mf, which), sums,
                                                  'last clear' if mf.clears(which) else 'start')
    else:
        what = '%s between %s and %s (%s)' % (title, snapshot_text(mf, since),
                                              snapshot_text(mf, which), sums)
    snap = mf.allocations_snapshot(which, since, temporary)
    if a.filters:
        snap = snap.filter_traces(a.filters)
    return render_request(mf, what, snap.statistics(a.key, a.cumulative), a,
                          {r[0] for r in rows}, nothing)


def run(argv, stdout, stderr):
    a = parse_args(argv)
    mf = load(a.file)
    if mf.cut_short:
        stderr.write('%s: note: %s\n' % (PROG, mf.cut_short))
    elif not mf.finished:
        n = len(mf.snapshots)
        stderr.write('%s: note: %s: the run did not finish (no summary); showing %d complete '
                     'snapshot%s\n' % (PROG, mf.path, n, '' if n == 1 else 's'))
    if a.dump:
        which, out = a.dump
        snap = (mf.snapshot(which) if a.measure == 'live' else
                mf.allocations_snapshot(which, temporary=a.measure == 'temporary'))
        snap.dump(out)
        return 0
    if a.compare or a.stats:
        text = render_live(mf, a) if a.measure == 'live' else render_measured(mf, a)
    else:
        text = render_overview(mf)
    stdout.write(text.encode('utf-8', 'surrogateescape'))
    return 0


def main(argv):
    stdout = sys.stdout.buffer
    try:
        status = run(argv, stdout, sys.stderr)
        stdout.flush()
        return status
    except UsageError as e:
        sys.stderr.write('%s: %s (see %s --help)\n' % (PROG, e, PROG))
        return 2
    except (FormatError, UnknownSnapshot, ValueError) as e:
        sys.stderr.write('%s: %s\n' % (PROG, e.args[0] if e.args else e))
        return 1
    except OSError as e:
        if isinstance(e, BrokenPipeError):
            return 1
        sys.stderr.write('%s: %s: %s\n' % (PROG, e.filename or '', e.strerror or e))
        return 1

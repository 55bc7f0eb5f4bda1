"""What CPython's tracemalloc computes for a memsnap file, for the oracle
tests (tests/python/oracle.t): loads FILE with the memsnap module and
prints, as JSON, a list of requests, each

    {"args": memsnap_print's options for the same request,
     "check": whether oracle.t runs memsnap_print on it,
     "lines": the entry lines, all of them (--limit=0)}

- for every snapshot, statistics by lineno, filename and traceback, and
  by lineno and filename with cumulative=True;
- for every pair of snapshots, the same five compare_to() (only the pairs
  of consecutive snapshots are checked against memsnap_print; the others
  are there to explain the tool's own COMPARE output in the log);
- filters (tracemalloc.Filter through filter_traces) made from the frames
  of the snapshot with the most sites: --include/--exclude on its top
  site's file and file:line, --include-all/--exclude-all on the file of an
  outer frame, and a pair of them, each with the statistics by lineno
  (and cumulative), and a compare of the first and that snapshot.

The lines are str(Statistic) / str(StatisticDiff); for the traceback key,
labelled by the most recent frame and followed by the frames, as memsnap
prints them (memsnap._cli.render_entries).

    python3 oracle.py FILE
"""

import json
import sys
import tracemalloc

import memsnap
from memsnap._cli import render_entries

VARIANTS = [('lineno', False), ('filename', False), ('traceback', False),
            ('lineno', True), ('filename', True)]
# Most snapshots for which every pair is compared (else consecutive only).
MAX_ALL_PAIRS = 16


def key_args(key, cumulative):
    return ['--key=%s' % key] + (['--cumulative'] if cumulative else [])


def lines_of(mf, stats, key, stack_ids):
    return render_entries(mf, stats, key, 0, stack_ids).splitlines()


def glob_quote(name):
    """A glob matching name exactly ([ * ? quoted as classes)."""
    return ''.join('[%s]' % c if c in '[*?' else c for c in name)


def sites_ids(mf, sid):
    return {s for s, _b, _n in mf.sites('#%d' % sid)}


def filter_sets(mf, biggest):
    """[(memsnap_print options, [tracemalloc.Filter...])...] for snapshot
    biggest (a SnapshotInfo)."""
    sites = mf.sites('#%d' % biggest.id)
    if not sites:
        return []
    sid = max(sites, key=lambda s: (s[1], -s[0]))[0]
    frames = mf._builder.traceback(sid)
    inner, outer = frames[0], frames[-1]
    f_in, f_out = glob_quote(inner[0]), glob_quote(outer[0])
    line_spec = '%s:%d' % (f_in, inner[1])
    F = tracemalloc.Filter
    return [
        (['--include=' + f_in], [F(True, f_in)]),
        (['--exclude=' + f_in], [F(False, f_in)]),
        (['--include=' + line_spec], [F(True, f_in, inner[1])]),
        (['--exclude=' + line_spec], [F(False, f_in, inner[1])]),
        (['--include-all=' + f_out], [F(True, f_out, None, True)]),
        (['--exclude-all=' + f_out], [F(False, f_out, None, True)]),
        (['--include=*', '--exclude-all=' + f_in],
         [F(True, '*'), F(False, f_in, None, True)]),
        (['--include=' + f_in, '--include=*.c*'], [F(True, f_in), F(True, '*.c*')]),
    ]


def requests(mf):
    out = []
    snaps = mf.snapshots
    tm = {s.id: mf.snapshot(s.id) for s in snaps}
    ids = {s.id: sites_ids(mf, s.id) for s in snaps}
    for s in snaps:
        for key, cum in VARIANTS:
            stats = tm[s.id].statistics(key, cum)
            out.append({'args': ['--stats=#%d' % s.id] + key_args(key, cum), 'check': True,
                        'lines': lines_of(mf, stats, key, ids[s.id])})
    for i, old in enumerate(snaps):
        for new in snaps[i + 1:]:
            consecutive = new is snaps[i + 1]
            if not consecutive and len(snaps) > MAX_ALL_PAIRS:
                break
            for key, cum in VARIANTS:
                stats = tm[new.id].compare_to(tm[old.id], key, cum)
                out.append({'args': ['--compare=#%d,#%d' % (old.id, new.id)] + key_args(key, cum),
                            'check': consecutive,
                            'lines': lines_of(mf, stats, key, ids[old.id] | ids[new.id])})
    if snaps:
        biggest = max(snaps, key=lambda s: (s.n_sites, s.id))
        first = snaps[0]
        for opts, filters in filter_sets(mf, biggest):
            snap = tm[biggest.id].filter_traces(filters)
            for cum in (False, True):
                out.append({'args': ['--stats=#%d' % biggest.id] + key_args('lineno', cum) + opts,
                            'check': True,
                            'lines': lines_of(mf, snap.statistics('lineno', cum), 'lineno', None)})
            old = tm[first.id].filter_traces(filters)
            out.append({'args': ['--compare=#%d,#%d' % (first.id, biggest.id), '--key=traceback']
                        + opts, 'check': True,
                        'lines': lines_of(mf, snap.compare_to(old, 'traceback'), 'traceback',
                                          ids[first.id] | ids[biggest.id])})
    return out


def main(argv):
    mf = memsnap.load(argv[0])
    data = {'snapshots': [s._asdict() for s in mf.snapshots], 'requests': requests(mf)}
    sys.stdout.write(json.dumps(data, indent=0))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

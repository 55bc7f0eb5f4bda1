"""Tests of the memsnap Python module (python/memsnap) on the hand-written
files of tests/data; prints TAP (tests/python/module.t runs it).

- loading: header, snapshots, selectors (#ID, the latest of a name, peak,
  exit), timeline, summary, a run that did not finish, a file cut short;
- traces: one per block, a site's bytes shared exactly, frames from the
  attributed frame, frames without line information, traceback_limit;
  the layout of Python 3.8 (four fields), faked;
- the pickle of --dump, loaded by a Python that has no memsnap;
- bad files: FormatError with the file, the line and the reason, never
  another exception, for every cut and for corrupted lines;
- python3 -m memsnap: its output, usage errors and exit statuses (its
  --measure output is checked against memsnap_print's by measure.t).

    python3 module_test.py DATA_DIR
"""

import io
import os
import pickle
import subprocess
import sys
import tempfile
import tracemalloc
import unittest

import memsnap
from memsnap import _cli

DATA = None


def data(name):
    return os.path.join(DATA, name)


def write(dir, name, text):
    path = os.path.join(dir, name)
    with open(path, 'wb') as f:
        f.write(text if isinstance(text, bytes) else text.encode())
    return path


def run_cli(*args):
    """(status, stdout, stderr) of python3 -m memsnap ARGS."""
    p = subprocess.run([sys.executable, '-m', 'memsnap'] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode('utf-8', 'surrogateescape'), p.stderr.decode()


class Loading(unittest.TestCase):
    def test_header_and_snapshots(self):
        f = memsnap.load(data('example.msn'))
        self.assertEqual((f.version, f.command, f.pid, f.ppid, f.depth), (1, './prog', 4242, 4200, 12))
        self.assertEqual([(s.id, s.name, s.origin, s.size, s.count) for s in f.snapshots],
                         [(1, 'before', 'client', 0, 0), (2, 'after', 'client', 2400, 101),
                          (3, 'exit', 'exit', 2400, 101)])
        self.assertTrue(f.finished)
        self.assertIsNone(f.cut_short)
        self.assertEqual(tuple(f.summary), (2400, 101, 2400, 101, 2400, 101))

    def test_version_2(self):
        """A file of version 2 (snapshots as changes) gives the same
        snapshots as the same run in version 1."""
        one, two = memsnap.load(data('example.msn')), memsnap.load(data('example-v2.msn'))
        self.assertEqual(two.version, 2)
        self.assertEqual(one.snapshots, two.snapshots)
        for s in one.snapshots:
            self.assertEqual(one.sites(s.id), two.sites(s.id))
            self.assertEqual(one.traces(s.id), two.traces(s.id))
        with tempfile.TemporaryDirectory() as d:
            path = write(d, 'gone.msn', V2 + 'snapshot\t1\ta\tclient\t0\t0\t12\t3\t12\t2\t0\n'
                         'site\t1\t4\t1\nsite\t2\t8\t2\nend\t1\n'
                         'snapshot\t2\tb\tclient\t0\t0\t10\t2\t12\t1\t1\ngone\t1\nsite\t2\t10\t2\nend\t2\n'
                         'snapshot\t3\tc\tclient\t0\t0\t10\t2\t12\t1\t2\nend\t3\n')
            f = memsnap.load(path)
            self.assertEqual([f.sites(i) for i in (1, 2, 3)],
                             [[(1, 4, 1), (2, 8, 2)], [(2, 10, 2)], [(2, 10, 2)]])

    def test_version_3(self):
        """Version 3: periodic snapshots (origin auto) and drop records:
        a dropped snapshot is left out, the tables after it still apply
        its changes; a drop of an unknown or not periodic snapshot is an
        error at its line."""
        v3 = V2.replace('format\t2', 'format\t3')
        snaps = ('snapshot\t1\tauto\tauto\t0\t0\t4\t1\t4\t1\t0\nsite\t1\t4\t1\nend\t1\n'
                 'snapshot\t2\tauto\tauto\t0\t0\t12\t3\t12\t2\t1\nsite\t2\t8\t2\nend\t2\n'
                 'snapshot\t3\tauto\tauto\t0\t0\t14\t3\t14\t2\t2\nsite\t2\t10\t2\nend\t3\n')
        with tempfile.TemporaryDirectory() as d:
            f = memsnap.load(write(d, 'v3.msn', v3 + snaps + 'drop\t2\n'))
            self.assertEqual(f.version, 3)
            self.assertEqual([(s.id, s.origin) for s in f.snapshots], [(1, 'auto'), (3, 'auto')])
            self.assertEqual(f.sites(3), [(1, 4, 1), (2, 10, 2)])
            self.assertEqual(f.sites('auto'), [(1, 4, 1), (2, 10, 2)])
            with self.assertRaises(memsnap.UnknownSnapshot):
                f.info(2)
            for bad, why in (('drop\t9\n', 'drop: no snapshot 9 before it'),
                             ('drop\t2\ndrop\t2\n', 'drop: no snapshot 2 before it')):
                with self.assertRaises(memsnap.FormatError) as e:
                    memsnap.load(write(d, 'bad.msn', v3 + snaps + bad))
                self.assertIn(why, str(e.exception))
            client = snaps.replace('1\tauto\tauto', '1\ttick\tclient')
            with self.assertRaises(memsnap.FormatError) as e:
                memsnap.load(write(d, 'bad.msn', v3 + client + 'drop\t1\n'))
            self.assertIn("drop: snapshot 1 is not a periodic snapshot (origin 'client', not auto)",
                          str(e.exception))

    def test_version_4(self):
        """A file of version 4 (frames with addresses, stacks with hidden
        frames) gives the same snapshots as the same run in version 2;
        hidden frames are never part of a traceback, and a frame without
        a function name or line is 'objbase+0xOFFSET'."""
        two, four = memsnap.load(data('example-v2.msn')), memsnap.load(data('example-v4.msn'))
        self.assertEqual(four.version, 4)
        self.assertEqual(four.header.get('exe'), '/home/u/prog')
        self.assertEqual(two.snapshots, four.snapshots)
        for s in two.snapshots:
            self.assertEqual(two.sites(s.id), four.sites(s.id))
            self.assertEqual(two.traces(s.id), four.traces(s.id))
        self.assertEqual(four.frames[1][5:], (1085844, 4500))
        self.assertEqual(two.frames[1][5:], (None, None))
        with tempfile.TemporaryDirectory() as d:
            path = write(d, 'v4.msn', 'memsnap-format\t4\ncmd\t./prog\npid\t1\nppid\t0\n'
                         'options\t\ndepth\t12\nexe\t/usr/bin/prog\n'
                         'frame\t1\t0\tmalloc\t\t\t/lib/libc.so.6\t4096\t4096\n'
                         'frame\t2\t0\t\t\t\t/usr/bin/prog\t94000\t21743\n'
                         'frame\t3\t0\tmain\t\t\t/usr/bin/prog\t94100\t21843\n'
                         'stack\t1\t1\t1\t1\t2\t3\n'
                         'snapshot\t1\ta\tclient\t0\t0\t12\t3\t12\t1\t0\n'
                         'site\t1\t12\t3\nend\t1\n')
            f = memsnap.load(path)
            self.assertEqual(f.stacks[1], (0, (2, 3)))
            self.assertEqual(f.traces(1, with_total_nframe=True),
                             [(0, 4, (('prog+0x54ef', 0), ('main (prog)', 0)), 2)] * 3)
            bad = write(d, 'bad.msn', 'memsnap-format\t4\n'
                        'frame\t1\t0\tmalloc\t\t\t/lib/libc.so.6\t4096\t4096\n'
                        'stack\t1\t1\t0\t1\n')
            with self.assertRaises(memsnap.FormatError) as e:
                memsnap.load(bad)
            self.assertIn('the attributed frame (0) is one of its 1 hidden frames', str(e.exception))

    def test_version_5_allocations(self):
        """A file of version 5 reads as the same run in version 4, and its
        allocations are a separate accessor: each stack's, or those made
        between two snapshots; older files have none."""
        four, five = memsnap.load(data('example-v4.msn')), memsnap.load(data('example-v5.msn'))
        self.assertEqual(five.version, 5)
        self.assertEqual(four.snapshots, five.snapshots)
        for s in four.snapshots:
            self.assertEqual(four.sites(s.id), five.sites(s.id))
        self.assertEqual(five.allocations('after'),
                         [memsnap.Allocations(1, 800, 1, 0, 0), memsnap.Allocations(2, 1600, 100, 0, 0)])
        self.assertEqual(five.allocations('before'), [])
        self.assertEqual(five.allocations('exit', since='after'), [])
        self.assertEqual(len(five.allocations('after', since='before')), 2)
        with self.assertRaises(ValueError):
            five.allocations('before', since='after')
        with self.assertRaises(ValueError):
            four.allocations('after')
        with tempfile.TemporaryDirectory() as d:
            path = write(d, 'v5.msn', 'memsnap-format\t5\ncmd\t./p\n'
                         'frame\t1\t5\tmain\tp.c\t/d\t/d/p\t4096\t16\nstack\t1\t0\t0\t1\n'
                         'snapshot\t1\ts\tclient\t1\t50\t20\t2\t30\t1\t0\t50\t5\t30\t3\t0\n'
                         'site\t1\t20\t2\t50\t5\t30\t3\nend\t1\n'
                         'snapshot\t2\tt\tclient\t2\t90\t0\t0\t30\t1\t1\t90\t9\t90\t9\t0\n'
                         'site\t1\t0\t0\t90\t9\t90\t9\nend\t2\n')
            f = memsnap.load(path)
            self.assertEqual(f.sites('t'), [])
            self.assertEqual(f.allocations('t'), [memsnap.Allocations(1, 90, 9, 90, 9)])
            self.assertEqual(f.allocations('t', since='s'), [memsnap.Allocations(1, 40, 4, 60, 6)])
            self.assertEqual([(t.size, t.count) for t in f.allocations_snapshot('t').statistics('lineno')],
                             [(90, 9)])
            self.assertEqual([(t.size, t.count) for t in
                              f.allocations_snapshot('t', since='s', temporary=True).statistics('lineno')],
                             [(60, 6)])
            self.assertEqual((f.clears('s'), f.clears('t')), (0, 0))
            with self.assertRaises(ValueError):
                f.allocations_snapshot('s', since='t')
            bad = write(d, 'bad.msn', 'memsnap-format\t5\ncmd\t./p\n'
                        'frame\t1\t5\tmain\tp.c\t/d\t/d/p\t4096\t16\nstack\t1\t0\t0\t1\n'
                        'snapshot\t1\ts\tclient\t1\t50\t20\t2\t30\t1\t0\t50\t1\t0\t0\t0\n'
                        'site\t1\t20\t2\t50\t1\t0\t0\nend\t1\n')
            with self.assertRaises(memsnap.FormatError) as e:
                memsnap.load(bad)
            self.assertIn('holds 2 blocks but allocated only 1', str(e.exception))

    def test_selectors(self):
        f = memsnap.load(data('features.msn'))
        self.assertEqual(f.info('mid').id, 4, 'a name: the latest snapshot of that name')
        self.assertEqual(f.info('#3').id, 3)
        self.assertEqual(f.info(3).id, 3)
        self.assertEqual(f.info('exit').origin, 'exit')
        with self.assertRaises(memsnap.UnknownSnapshot) as cm:
            f.info('nope')
        self.assertIn("no snapshot named 'nope'; the names are: start, monitor-2, mid", str(cm.exception))
        with self.assertRaises(memsnap.UnknownSnapshot) as cm:
            f.info('#99')
        self.assertIn('no snapshot #99; the ids are #1 to #5', str(cm.exception))
        with self.assertRaises(LookupError):
            f.snapshot('nope')

    def test_peak_and_timeline(self):
        f = memsnap.load(data('timeline.msn'))
        self.assertEqual(f.info('peak').origin, 'peak')
        self.assertEqual(f.timeline.unit, 'B')
        marks = [p[3] for p in f.timeline.points if p[3]]
        self.assertIn('peak', marks)
        self.assertTrue(all(m == 'peak' or f.info(m) for m in marks))
        peak = max(f.timeline.points, key=lambda p: p[1])
        self.assertEqual(peak[1], f.info('peak').size)

    def test_run_that_did_not_finish(self):
        f = memsnap.load(data('killed.msn'))
        self.assertFalse(f.finished)
        self.assertIsNone(f.summary)
        self.assertIsNone(f.cut_short)
        self.assertEqual([s.name for s in f.snapshots], ['before', 'after'])

    def test_cut_short(self):
        for name, n in (('truncated.msn', 1), ('no-newline.msn', None), ('timeline-truncated.msn', None)):
            f = memsnap.load(data(name))
            self.assertIsNotNone(f.cut_short, name)
            self.assertIn(os.path.basename(name), f.cut_short)
            self.assertNotIn('\n', f.cut_short)
            if n is not None:
                self.assertEqual(len(f.snapshots), n, name)
            for s in f.snapshots:       # every snapshot kept is whole
                self.assertEqual(sum(b for _s, b, _n in f.sites(s.id)), s.size)


class Traces(unittest.TestCase):
    def test_sizes_shared_exactly(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, 'split.msn', 'memsnap-format\t1\ndepth\t3\n'
                         'frame\t1\t5\tf\tf.c\t/s\t/p\nstack\t1\t0\t1\n'
                         'snapshot\t1\ts\tclient\t0\t0\t10\t3\t10\t1\nsite\t1\t10\t3\nend\t1\n')
            snap = memsnap.load(path).snapshot('s')
            self.assertEqual(sorted(t.size for t in snap.traces), [3, 3, 4])
            self.assertEqual(snap.traceback_limit, 3)
            self.assertEqual(str(snap.statistics('lineno')[0]), 'f.c:5: size=10 B, count=3, average=3 B')

    def test_frames(self):
        f = memsnap.load(data('features.msn'))
        snap = f.snapshot('exit')
        tbs = {tuple((fr.filename, fr.lineno) for fr in t.traceback) for t in snap.traces}
        # strdup (no line information) is passed over: list.c:20 first.
        self.assertIn((('main.c', 10), ('list.c', 20)), tbs)
        self.assertIn((('??? (libc.so.6)', 0),), tbs)
        self.assertIn((('jit_stub', 0),), tbs)
        self.assertIn((('<unknown>', 0),), tbs)
        self.assertNotIn('strdup (libc.so.6)', {fr.filename for t in snap.traces for fr in t.traceback})
        self.assertEqual(snap.traceback_limit, 4)
        self.assertEqual(sum(t.size for t in snap.traces), f.info('exit').size)
        self.assertEqual(len(snap.traces), f.info('exit').count)

    def test_python38_layout(self):
        f = memsnap.load(data('example.msn'))
        new = f.traces('after', with_total_nframe=True)
        old = f.traces('after', with_total_nframe=False)
        self.assertTrue(all(len(t) == 4 and t[3] == len(t[2]) for t in new))
        self.assertEqual([t[:3] for t in new], old)
        self.assertEqual(f.traces('after'), new if sys.version_info >= (3, 9) else old,
                         'the layout of the running Python')
        saved = sys.version_info
        try:
            sys.version_info = (3, 8, 18, 'final', 0)
            faked = memsnap.load(data('example.msn')).traces('after')
        finally:
            sys.version_info = saved
        self.assertEqual(faked, old, 'Python 3.8: (domain, size, frames)')

    def test_compare(self):
        f = memsnap.load(data('example.msn'))
        got = [str(d) for d in f.compare('before', 'after')]
        self.assertEqual(got, ['prog.c:10: size=1600 B (+1600 B), count=100 (+100), average=16 B',
                               'prog.c:6: size=800 B (+800 B), count=1 (+1), average=800 B'])

    def test_filters(self):
        f = memsnap.load(data('features.msn'))
        snap = f.snapshot('exit').filter_traces([tracemalloc.Filter(False, '*(libc.so*)')])
        self.assertNotIn('??? (libc.so.6):0', [str(s.traceback) for s in snap.statistics('lineno')])


class Pickle(unittest.TestCase):
    def test_round_trip_without_memsnap(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'after.pickle')
            status, _o, err = run_cli(data('example.msn'), '--dump=after:' + out)
            self.assertEqual((status, err), (0, ''))
            # -I: isolated, so neither PYTHONPATH nor the current directory
            # can give it the memsnap module; -S: no site directories, where
            # make install puts it.
            code = ('import sys, tracemalloc\n'
                    'try:\n import memsnap\nexcept ImportError: pass\n'
                    'else: sys.exit("memsnap is importable")\n'
                    's = tracemalloc.Snapshot.load(sys.argv[1])\n'
                    'print(s.traceback_limit, len(s.traces))\n'
                    'for x in s.statistics("traceback"): print(x, x.traceback.format())\n')
            p = subprocess.run([sys.executable, '-I', '-S', '-c', code, out], cwd=d,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.assertEqual(p.returncode, 0, p.stderr)
            want = memsnap.load(data('example.msn')).snapshot('after')
            lines = ['%d %d' % (want.traceback_limit, len(want.traces))]
            lines += ['%s %s' % (x, x.traceback.format()) for x in want.statistics('traceback')]
            self.assertEqual(p.stdout.decode().splitlines(), lines)
            with open(out, 'rb') as fh:
                self.assertEqual(pickle.load(fh).traces._traces, want.traces._traces)


# Bad files: (name, text, line, words in the reason)
HEADER = 'memsnap-format\t1\ndepth\t4\nframe\t1\t5\tf\tf.c\t/s\t/p\nstack\t1\t0\t1\n'
V2 = HEADER.replace('format\t1', 'format\t2') + 'stack\t2\t0\t1\n'
BAD = [
    ('version', 'memsnap-format\t9\n', 1, 'unsupported format version 9'),
    ('not memsnap', 'hello\n', 1, 'not a memsnap file'),
    ('no format', '# only a comment\n', None, "no 'memsnap-format' record"),
    ('empty', '', None, 'empty file'),
    ('bad number', HEADER + 'snapshot\t1\ts\tclient\t0\t0\tx\t0\t0\t0\n', 5, 'not a number'),
    ('fields', HEADER + 'frame\t2\t1\n', 5, 'wrong number of fields'),
    ('escape', HEADER + 'cmd\ta\\qb\n', 5, 'bad escape'),
    ('frame order', HEADER + 'frame\t3\t1\tf\tf.c\t/s\t/p\n', 5, 'out of sequence'),
    ('stack frame', HEADER + 'stack\t2\t0\t7\n', 5, 'undefined frame id 7'),
    ('attributed', HEADER + 'stack\t2\t3\t1\n', 5, 'attributed frame index 3'),
    ('site outside', HEADER + 'site\t1\t1\t1\n', 5, "'site' record outside a snapshot"),
    ('sums', HEADER + 'snapshot\t1\ts\tclient\t0\t0\t5\t1\t5\t1\nsite\t1\t4\t1\nend\t1\n', 7, 'adds up to 4 bytes'),
    ('n-stacks', HEADER + 'snapshot\t1\ts\tclient\t0\t0\t4\t1\t4\t2\nsite\t1\t4\t1\nend\t1\n', 7, 'N-STACKS is 2'),
    ('undefined stack', HEADER + 'snapshot\t1\ts\tclient\t0\t0\t4\t1\t4\t1\nsite\t9\t4\t1\nend\t1\n', 6, 'undefined stack id 9'),
    ('second site', HEADER + 'snapshot\t1\ts\tclient\t0\t0\t8\t2\t8\t2\nsite\t1\t4\t1\nsite\t1\t4\t1\nend\t1\n', 7, 'has a second line'),
    ('zero blocks', HEADER + 'snapshot\t1\ts\tclient\t0\t0\t0\t0\t0\t1\nsite\t1\t0\t0\nend\t1\n', 6, 'has no blocks'),
    ('end id', HEADER + 'snapshot\t1\ts\tclient\t0\t0\t0\t0\t0\t0\nend\t2\n', 6, "'end 2' does not close"),
    ('origin', HEADER + 'snapshot\t1\ts\tweird\t0\t0\t0\t0\t0\t0\nend\t1\n', 5, "unknown origin 'weird'"),
    ('ids', HEADER + 'snapshot\t2\ts\tclient\t0\t0\t0\t0\t0\t0\nend\t2\nsnapshot\t2\ts\tclient\t0\t0\t0\t0\t0\t0\nend\t2\n', 7, 'not greater'),
    ('point outside', HEADER + 'point\t1\t1\t1\t\n', 5, "'point' record outside"),
    ('mark', HEADER + 'timeline\tB\t1\npoint\t1\t1\t1\t#4\n', 6, 'names no snapshot'),
    ('after summary', HEADER + 'summary\t0\t0\t0\t0\t0\t0\ncmd\tx\n', 6, 'after the summary'),
    ('keyword', HEADER + 'Bad\tx\n', 5, 'bad keyword'),
    ('gone in 1', HEADER + 'snapshot\t1\ts\tclient\t0\t0\t0\t0\t0\t0\ngone\t1\nend\t1\n', 6,
     "'gone' record in format version 1"),
    ('base', V2 + 'snapshot\t1\ts\tclient\t0\t0\t0\t0\t0\t0\t0\nend\t1\n'
     'snapshot\t2\ts\tclient\t0\t0\t0\t0\t0\t0\t3\nend\t2\n', 8, 'base 3 is not the snapshot before it (#1)'),
    ('gone without row', V2 + 'snapshot\t1\ts\tclient\t0\t0\t4\t1\t4\t1\t0\nsite\t1\t4\t1\nend\t1\n'
     'snapshot\t2\ts\tclient\t0\t0\t0\t0\t0\t0\t1\ngone\t1\ngone\t2\nend\t2\n', 11, 'stack 2 has no site'),
    ('v2 fields', V2 + 'snapshot\t1\ts\tclient\t0\t0\t0\t0\t0\t0\nend\t1\n', 6, 'wrong number of fields'),
]


class BadFiles(unittest.TestCase):
    def test_each_fault(self):
        with tempfile.TemporaryDirectory() as d:
            for name, text, line, words in BAD:
                path = write(d, 'bad.msn', text)
                with self.assertRaises(memsnap.FormatError, msg=name) as cm:
                    memsnap.load(path)
                e = cm.exception
                self.assertEqual((e.path, e.line), (path, line), name)
                self.assertIn(words, e.reason, name)
                where = path if line is None else '%s:%d' % (path, line)
                self.assertEqual(str(e), '%s: %s' % (where, e.reason), name)
                self.assertNotIn('\n', str(e))

    def test_missing_and_directory(self):
        with tempfile.TemporaryDirectory() as d:
            for path, words in ((os.path.join(d, 'none.msn'), 'cannot open'), (d, 'directory')):
                with self.assertRaises(memsnap.FormatError) as cm:
                    memsnap.load(path)
                self.assertIn(words, str(cm.exception))

    def test_every_cut(self):
        """A file cut at any byte is loaded (its complete snapshots) or is
        a FormatError; never another exception."""
        with open(data('timeline.msn'), 'rb') as fh:
            whole = fh.read()
        n_loaded = 0
        with tempfile.TemporaryDirectory() as d:
            for cut in range(0, len(whole), 7):
                path = write(d, 'cut.msn', whole[:cut])
                try:
                    f = memsnap.load(path)
                except memsnap.FormatError:
                    continue
                n_loaded += 1
                for s in f.snapshots:
                    f.snapshot(s.id)
        self.assertGreater(n_loaded, 0)

    def test_corrupted_lines(self):
        """Each line of a file replaced by variants: loaded or FormatError."""
        with open(data('features.msn'), 'rb') as fh:
            lines = fh.read().split(b'\n')
        with tempfile.TemporaryDirectory() as d:
            for i in range(len(lines)):
                for variant in (b'', b'x', lines[i] + b'\t1', lines[i].replace(b'\t', b'\t\\', 1),
                                lines[i].replace(b'1', b'99999999999999999999'), b'\xff\xfe'):
                    path = write(d, 'c.msn', b'\n'.join(lines[:i] + [variant] + lines[i + 1:]))
                    try:
                        f = memsnap.load(path)
                        for s in f.snapshots:
                            f.snapshot(s.id).statistics('traceback')
                    except memsnap.FormatError:
                        pass


class CommandLine(unittest.TestCase):
    def test_stats(self):
        status, out, err = run_cli(data('example.msn'), '--stats=after', '--key=traceback', '--limit=1')
        self.assertEqual((status, err), (0, ''))
        self.assertEqual(out, "Statistics of #2 'after' by traceback, 1 of 2 entries:\n"
                              'prog.c:10: size=1600 B, count=100, average=16 B\n    at main (prog.c:10)\n')

    def test_empty(self):
        cases = [(('--stats=exit', '--include=nomatch*'),
                  "Statistics of #3 'exit' by lineno: no entries (2 sites filtered out)\n"),
                 (('--compare=before,before',),
                  "Changes from #1 'before' to #1 'before' by lineno: no entries (the snapshots are empty)\n")]
        for args, want in cases:
            self.assertEqual(run_cli(data('example.msn'), *args), (0, want, ''), args)

    def test_overview(self):
        status, out, err = run_cli(data('killed.msn'))
        self.assertEqual(status, 0)
        self.assertIn('the run did not finish', err)
        self.assertIn('after', out)

    def test_errors(self):
        cases = [((data('example.msn'), '--key=function'), 2, "no key type 'function'"),
                 ((data('example.msn'), '--key=x'), 2, "unknown key type 'x'"),
                 ((data('example.msn'), '--key=traceback', '--cumulative'), 2, 'cumulative mode'),
                 ((data('example.msn'), '--limit=-1'), 2, '--limit'),
                 ((data('example.msn'), '--compare=a'), 2, 'two snapshots'),
                 ((data('example.msn'), '--dump=after'), 2, 'SNAPSHOT:OUT'),
                 ((data('example.msn'), '--stats=a', '--compare=a,b'), 2, 'not allowed with'),
                 ((), 2, 'required'),
                 ((data('example.msn'), '--stats=exit', '--include=x.c:abc'), 2,
                  "--include=x.c:abc: the line after ':' must be a number"),
                 ((data('example.msn'), '--stats=nope'), 1, "no snapshot named 'nope'"),
                 ((data('example.msn'), '--stats=exit', '--measure=allocated'), 1,
                  'format version 1 holds the live blocks only'),
                 ((data('churn.msn'), '--compare=mid,exit', '--measure=temporary'), 1,
                  "clear_traces was called between #2 'mid' and #4 'exit'"),
                 ((data('churn.msn'), '--stats=mid', '--measure=bogus'), 2, "unknown measure 'bogus'"),
                 ((data('churn.msn'), '--measure=allocated'), 2, 'needs --stats, --compare or --dump'),
                 ((data('churn.msn'), '--stats=mid', '--key=lineno,allocated,temporary'), 2,
                  "at most one of ',allocated' and ',temporary'"),
                 ((data('churn.msn'), '--stats=mid', '--key=lineno,temporary', '--measure=allocated'), 2,
                  'disagree'),
                 ((data('future-version.msn'),), 1, 'unsupported format version 99'),
                 ((data('none.msn'),), 1, 'cannot open')]
        for args, status, words in cases:
            got, out, err = run_cli(*args)
            self.assertEqual(got, status, args)
            self.assertEqual(out, '')
            self.assertIn(words, err, args)
            self.assertEqual(err.count('\n'), 1, args)
            self.assertTrue(err.startswith('python3 -m memsnap: '), err)


class TapResult(unittest.TextTestResult):
    """unittest's results as TAP lines."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.n = 0

    def _line(self, ok, test, why=''):
        self.n += 1
        print('%sok %d - %s' % ('' if ok else 'not ', self.n, test.id().split('.', 1)[1]))
        for line in why.splitlines():
            print('# ' + line)
        sys.stdout.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test, self._exc_info_to_string(err, test))


def main(argv):
    global DATA
    DATA = argv[0]
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    print('1..%d' % suite.countTestCases())
    sys.stdout.flush()
    runner = unittest.TextTestRunner(stream=io.StringIO(), resultclass=TapResult)
    result = runner.run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

"""memsnap: read the files of ``valgrind --tool=memsnap`` as Python's
tracemalloc snapshots.

    >>> import memsnap
    >>> f = memsnap.load('memsnap.out.4242')
    >>> [s.name for s in f.snapshots]
    ['before', 'after', 'peak', 'exit']
    >>> after = f.snapshot('after')          # a tracemalloc.Snapshot
    >>> for stat in after.statistics('lineno')[:3]:
    ...     print(stat)
    prog.c:10: size=1600 B, count=100, average=16 B
    prog.c:6: size=800 B, count=1, average=800 B
    >>> for d in f.compare('before', 'after', 'filename'):
    ...     print(d)
    prog.c:0: size=2400 B (+2400 B), count=101 (+101), average=24 B

The file format is docs/file-format.md of the memsnap sources; how frames
become tracemalloc frames is in memsnap._traces (and the manual's section
"Python").  Standard library only; Python 3.8 and later.
"""

import collections
import tracemalloc

from ._reader import FormatError, read_file
from ._traces import TraceBuilder, frame_pair

__all__ = ['load', 'MemsnapFile', 'SnapshotInfo', 'Summary', 'Timeline', 'Allocations', 'FormatError',
           'UnknownSnapshot', 'frame_pair']

__version__ = '0.1.0'

SnapshotInfo = collections.namedtuple(
    'SnapshotInfo', 'id name origin time_ms time_b size count peak_size n_sites')
SnapshotInfo.__doc__ = """One snapshot of the file: its id, name, origin
('client', 'monitor', 'peak' or 'exit'), time in milliseconds and in bytes
allocated so far, traced bytes (size) and blocks (count), the peak of traced
bytes at that moment, and its number of allocation sites."""

Summary = collections.namedtuple(
    'Summary', 'total_size total_count peak_size peak_count exit_size exit_count')
Summary.__doc__ = """The exit summary: bytes and blocks allocated in the whole
run, at the peak (never reset) and still allocated at exit."""

Allocations = collections.namedtuple(
    'Allocations', 'stack size count temporary_size temporary_count')
Allocations.__doc__ = """What one stack allocated (MemsnapFile.allocations):
its stack id, the bytes and blocks allocated there (a realloc is one block
of its new size), and the bytes and blocks of those freed while temporary
(before any other allocation was made)."""

Timeline = collections.namedtuple('Timeline', 'unit points')
Timeline.__doc__ = """Traced bytes over the run: unit ('B', 'ms' or 'i') and
points, each (time, size, count, mark); mark is '' for an ordinary point,
'#ID' for the moment snapshot ID was taken and 'peak' for the peak."""


class UnknownSnapshot(LookupError):
    """No snapshot of that name or id in the file (the message lists the
    names or ids there are)."""


# Most snapshot names quoted in an UnknownSnapshot message.
_MAX_NAMES_LISTED = 20


def load(path):
    """Reads the memsnap output file at path and returns a MemsnapFile.
    A file cut short (the run was killed while writing it) keeps its
    complete snapshots; ``cut_short`` says where it ends.  Raises
    FormatError for anything else the format forbids."""
    return MemsnapFile(path)


class MemsnapFile:
    """A memsnap output file.

    path, version (of the format), command, pid, ppid, options (the tool
    options of the run, a string), depth (--depth: the traceback limit);
    snapshots: [SnapshotInfo...] in the order taken; timeline (Timeline or
    None); summary (Summary, or None when the run did not finish); finished
    (whether it did); cut_short (None, or one line saying where a file that
    was cut short ends)."""

    def __init__(self, path):
        p = read_file(path, SnapshotInfo)
        self.path = path
        self.version = p.version
        self.command = p.header.get('cmd')
        self.pid = p.header.get('pid')
        self.ppid = p.header.get('ppid')
        self.options = p.header.get('options')
        self.depth = p.header.get('depth')
        self.header = dict(p.header)
        self.snapshots = [s for s in p.snapshots if s.id not in p.dropped]
        self.timeline = Timeline(*p.timeline) if p.timeline else None
        self.summary = Summary(*p.summary) if p.summary else None
        self.cut_short = p.cut_short
        self.frames = p.frames
        self.stacks = p.stacks
        self._parsed = p
        self._index = {s.id: i for i, s in enumerate(p.snapshots)}
        self._by_id = {s.id: s for s in self.snapshots}
        self._builder = TraceBuilder(p.frames, p.stacks)

    @property
    def finished(self):
        return self.summary is not None

    def __repr__(self):
        return '<memsnap.MemsnapFile %r: %d snapshots>' % (self.path, len(self.snapshots))

    # --- choosing a snapshot --------------------------------------------

    def info(self, which):
        """The SnapshotInfo of which: a name (the most recent snapshot with
        that name; 'peak' and 'exit' are the snapshots written at exit),
        '#ID' or an int id, or a SnapshotInfo.  Raises UnknownSnapshot."""
        if isinstance(which, SnapshotInfo):
            which = which.id
        if isinstance(which, int) and not isinstance(which, bool):
            return self._info_by_id(which, '#%d' % which)
        if not isinstance(which, str):
            raise TypeError('a snapshot is a name, #ID or an int id, not %r' % (which,))
        if which[:1] == '#' and which[1:].isdigit() and which[1:].isascii():
            return self._info_by_id(int(which[1:]), which)
        for s in reversed(self.snapshots):
            if s.name == which:
                return s
        names = list(dict.fromkeys(s.name for s in self.snapshots))
        if not names:
            listed = 'it has no snapshots'
        else:
            listed = 'the names are: ' + ', '.join(names[:_MAX_NAMES_LISTED])
            if len(names) > _MAX_NAMES_LISTED:
                listed += ' (and %d more)' % (len(names) - _MAX_NAMES_LISTED)
        raise UnknownSnapshot("%s: no snapshot named '%s'; %s" % (self.path, which, listed))

    def _info_by_id(self, sid, text):
        s = self._by_id.get(sid)
        if s is not None:
            return s
        ids = ('the ids are #%d to #%d' % (self.snapshots[0].id, self.snapshots[-1].id)
               if self.snapshots else 'it has no snapshots')
        raise UnknownSnapshot('%s: no snapshot %s; %s' % (self.path, text, ids))

    def names(self):
        """The distinct snapshot names, in the order first taken."""
        return list(dict.fromkeys(s.name for s in self.snapshots))

    # --- tracemalloc -----------------------------------------------------

    def sites(self, which):
        """The sites of a snapshot: [(stack id, bytes, blocks)...]; the
        stack's frames are self.stacks[id] = (attributed, frame ids) and
        self.frames[frame id] = (line, fn, file, dir, obj, addr, offset)
        (addr and offset None in files of format 1 to 3)."""
        return self._parsed.table(self._index[self.info(which).id])

    def allocations(self, which, since=None):
        """The allocations of a snapshot (format version 5 and later):
        [Allocations(stack, size, count, temporary_size,
        temporary_count)...] by stack id, each stack's bytes and blocks
        allocated since the start of the run (or the last clear_traces)
        and those of them freed while temporary.  With since (another
        snapshot), the allocations made between since and which (a block
        allocated before since and freed while temporary after it counts
        in temporary_count alone).  Raises
        ValueError for a file of an older format, or when since was taken
        after which or a clear came between them."""
        if self.version < 5:
            raise ValueError('%s: format version %d holds the live blocks only; '
                             'allocations need version 5 or later' % (self.path, self.version))
        new = self._index[self.info(which).id]
        rows = {r[0]: r for r in self._parsed.churn_table(new)}
        if since is not None:
            first, second = self.info(since), self.info(which)
            old = self._index[first.id]
            a, b = self._parsed.churn[old], self._parsed.churn[new]
            both = "#%d '%s' and #%d '%s'" % (first.id, first.name, second.id, second.name)
            if a[4] != b[4]:
                raise ValueError('%s: clear_traces was called between %s: the allocations '
                                 'between them are not known' % (self.path, both))
            if a[1] > b[1] or a[3] > b[3] or first.time_b > second.time_b:
                raise ValueError("%s: #%d '%s' was taken after #%d '%s': give the older snapshot "
                                 "first" % (self.path, first.id, first.name, second.id, second.name))
            for r in self._parsed.churn_table(old):
                n = rows.get(r[0], (r[0], 0, 0, 0, 0))
                rows[r[0]] = (r[0],) + tuple(x - y for x, y in zip(n[1:], r[1:]))
        return [Allocations(*rows[sid]) for sid in sorted(rows) if rows[sid][2] or rows[sid][4]]

    def clears(self, which):
        """How many clear_traces came before snapshot which (0 in files
        of format versions before 5, which do not say)."""
        churn = self._parsed.churn[self._index[self.info(which).id]]
        return churn[4] if churn else 0

    def allocations_snapshot(self, which, since=None, temporary=False):
        """The allocations of which (see allocations(): since the start or
        the last clear_traces, or since the snapshot since) as a
        tracemalloc.Snapshot, one trace per allocated block (with
        temporary, per block freed while temporary), the bytes of a stack
        shared as in snapshot(): its statistics and filters are
        memsnap_print's by --measure=allocated (or temporary).  Raises
        ValueError as allocations() does."""
        sites = [(a.stack, a.temporary_size, a.temporary_count) if temporary
                 else (a.stack, a.size, a.count) for a in self.allocations(which, since)]
        return tracemalloc.Snapshot(self._builder.traces([s for s in sites if s[2]]),
                                    self._traceback_limit())

    def traces(self, which, with_total_nframe=None):
        """The raw tracemalloc traces of a snapshot, one per block, in the
        layout of the running Python (see memsnap._traces)."""
        b = self._builder
        if with_total_nframe is not None and with_total_nframe != b.with_total:
            b = TraceBuilder(self.frames, self.stacks, with_total_nframe)
        return b.traces(self.sites(which))

    def snapshot(self, which):
        """The snapshot which (see info()) as a tracemalloc.Snapshot: one
        trace per block, traceback_limit the run's --depth."""
        return tracemalloc.Snapshot(self.traces(which), self._traceback_limit())

    def _traceback_limit(self):
        """The run's --depth (the longest stack in files without one)."""
        return self.depth if self.depth else max(
            [len(fids) for _a, fids in self.stacks[1:]] or [1])

    def compare(self, old, new, key='lineno', cumulative=False):
        """snapshot(new).compare_to(snapshot(old), key, cumulative): a list
        of tracemalloc.StatisticDiff."""
        return self.snapshot(new).compare_to(self.snapshot(old), key, cumulative)

    def statistics(self, which, key='lineno', cumulative=False):
        """snapshot(which).statistics(key, cumulative)."""
        return self.snapshot(which).statistics(key, cumulative)

    def traceback_stack(self, frames, among=None):
        """The lowest stack id whose traceback (as in the traces) is frames,
        looked for among the stack ids given (default: all)."""
        ids = range(1, len(self.stacks)) if among is None else sorted(among)
        for sid in ids:
            if self._builder.traceback(sid) == frames:
                return sid
        return None

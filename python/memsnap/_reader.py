"""Reading a memsnap output file (docs/file-format.md).

One streaming pass over the file checks every record and keeps:

- the header records (``cmd``, ``pid``, ``depth``...);
- the frames and stacks, as the tuples the file defines;
- for each complete snapshot, its line of totals and its *changes*: the
  ``site`` and ``gone`` lines that turn the table of the snapshot before
  into its own (format version 2 writes a snapshot so, against BASE), or
  its whole table (version 1, and version 2 with BASE 0).  ``Parsed.table``
  rebuilds a snapshot's table from them, so memory grows with what changed
  from snapshot to snapshot, not with sites times snapshots;
- the last timeline block and the exit summary.

A file cut short (the run was killed while writing, or is still running)
keeps every snapshot completed before the cut; ``Parsed.cut_short`` says
where and why the file ends.  Anything the format forbids raises
``FormatError`` naming the file and the line.

Text fields are bytes in the file; they become ``str`` decoded as UTF-8
with ``surrogateescape``, so that any byte survives the round trip
(``s.encode('utf-8', 'surrogateescape')`` gives the bytes back).
"""

import re

# The format versions this reader knows: 1 (each snapshot its whole
# table), 2 (a snapshot may be its changes against the one before: a BASE
# field and `gone' lines), 3 (periodic snapshots: the origin `auto', and
# `drop' records), 4 (frames with their code address and offset, stacks
# with their hidden allocator frames, the `exe' record), 5 (each row adds its stack's allocations and
# temporary ones, which it may have without live blocks; the snapshot
# their sums and the number of clears).
SUPPORTED_VERSIONS = (1, 2, 3, 4, 5)

# The records of docs/file-format.md: keyword -> field types, 'N' an
# unsigned decimal, 'T' an escaped text field; a final '+' means one or
# more of the last field.  Records with other keywords are ignored.
RECORD_FIELDS = {
    b'memsnap-format': 'N',
    b'cmd': 'T',
    b'pid': 'N',
    b'ppid': 'N',
    b'options': 'T',
    b'depth': 'N',
    b'exe': 'T',
    b'frame': 'NNTTTTNN',        # versions 1 to 3: without the last two
    b'stack': 'NNNN+',           # versions 1 to 3: without the second (hidden)
    b'snapshot': 'NTTNNNNNNN',   # version 1: without the last (BASE)
    b'site': 'NNN',              # version 5: see RECORD_FIELDS_V5
    b'gone': 'N',
    b'end': 'N',
    b'timeline': 'TN',
    b'point': 'NNNT',
    b'summary': 'NNNNNN',
    b'drop': 'N',                # version 3
}
RECORD_FIELDS_V5 = {
    b'snapshot': 'NTTNNNNNNNNNNNN',
    b'site': 'NNNNNNN',
}
ORIGINS = ('client', 'monitor', 'peak', 'exit', 'auto')
TIME_UNITS = ('B', 'ms', 'i')

_KEYWORD = re.compile(rb'[a-z][a-z0-9-]*\Z')
_NUMBER = re.compile(rb'[0-9]+\Z')
_GOOD_ESCAPES = re.compile(rb'(?:[^\\]|\\[\\tn])*\Z', re.S)
_UNESCAPE = re.compile(rb'\\([\\tn])')
_UNESCAPED = {b'\\': b'\\', b't': b'\t', b'n': b'\n'}
# A well-formed site line with a block count that is not 0 (the fast path).
_SITE = re.compile(rb'site\t0*([1-9][0-9]*)\t([0-9]+)\t0*([1-9][0-9]*)\n\Z')
# Version 5: live bytes and blocks (maybe 0), then allocated bytes and
# blocks (not 0), then temporary bytes and blocks.
_SITE5 = re.compile(rb'site\t0*([1-9][0-9]*)\t([0-9]+)\t([0-9]+)\t([0-9]+)\t0*([1-9][0-9]*)'
                    rb'\t([0-9]+)\t([0-9]+)\n\Z')
_GONE = re.compile(rb'gone\t0*([1-9][0-9]*)\n\Z')
_POINT = re.compile(rb'point\t([0-9]+)\t([0-9]+)\t([0-9]+)\t(|peak|#[0-9]+)\n\Z')


class FormatError(Exception):
    """A file that is not a valid memsnap file: ``path``, ``line`` (1-based,
    or None when the fault is the whole file) and ``reason``.  ``str()`` is
    one line, ``PATH:LINE: REASON``."""

    def __init__(self, path, line, reason):
        self.path = path
        self.line = line
        self.reason = reason
        where = path if line is None else '%s:%d' % (path, line)
        super().__init__('%s: %s' % (where, reason))


def decode(raw):
    """The str of a text field's bytes (UTF-8, any other byte escaped)."""
    return raw.decode('utf-8', 'surrogateescape')


def printable(raw):
    """raw (bytes) for a one-line message: at most 40 characters, bytes
    outside printable ASCII as \\xHH."""
    if len(raw) > 40:
        raw = raw[:37] + b'...'
    return ''.join(chr(b) if 0x20 <= b < 0x7f else '\\x%02x' % b for b in raw)


class Parsed:
    """What one pass over a file found (see the module comment).

    frames[id]  = (line, fn, file, dir, obj, addr, offset), index 0 unused
                  (addr and offset None in versions 1 to 3);
    stacks[id]  = (attributed, (frame id, ...)), index 0 unused: the
                  frames shown, without the hidden allocator frames of
                  version 4, attributed an index into them;
    snapshots   = [SnapshotRecord...] in file order;
    changes[i]  = (whole, [(stack id, bytes, blocks)...]) of snapshots[i]:
                  its whole table if whole, else its changes against the
                  table of snapshots[i - 1] (blocks 0: the row is gone);
                  from version 5 each row goes on with allocated bytes and
                  blocks, temporary bytes and blocks (allocated blocks 0:
                  the row is gone);
    churn[i]    = (allocated bytes, blocks, temporary bytes, blocks, clears)
                  of snapshots[i] (version 5), or None;
    timeline    = (unit, [(time, bytes, blocks, mark)...]) or None;
    summary     = the six numbers of the summary record, or None;
    cut_short   = None, or one line saying where the cut file ends;
    dropped     = the ids of the snapshots a `drop' record names (they
                  stay in snapshots, as the tables after them need their
                  changes)."""

    def __init__(self, path):
        self.path = path
        self.version = None
        self.header = {}
        self.frames = [None]
        self.stacks = [None]
        self.snapshots = []
        self.changes = []
        self.churn = []
        self.timeline = None
        self.summary = None
        self.cut_short = None
        self.dropped = set()

    def rows(self, i):
        """The whole table of snapshots[i]: its rows as the file has them,
        (stack id, bytes, blocks[, allocated bytes, blocks, temporary
        bytes, blocks]), by stack id."""
        start = i
        while not self.changes[start][0]:
            start -= 1
        gone = 4 if self.version >= 5 else 2    # the count that ends a row
        rows = {}
        for j in range(start, i + 1):
            for row in self.changes[j][1]:
                if row[gone]:
                    rows[row[0]] = row
                else:
                    del rows[row[0]]
        return [rows[sid] for sid in sorted(rows)]

    def table(self, i):
        """The live table of snapshots[i]: [(stack id, bytes, blocks)...]
        by stack id, the stacks with live blocks."""
        return [row[:3] for row in self.rows(i) if row[2]]

    def churn_table(self, i):
        """The allocations of snapshots[i] (version 5): [(stack id,
        allocated bytes, blocks, temporary bytes, blocks)...] by stack id."""
        return [(row[0],) + tuple(row[3:7]) for row in self.rows(i)]


class _CutShort(Exception):
    """The file ends inside a record or a block (not an error: see
    Parsed.cut_short)."""


class _Reader:
    """The state of one pass: the file, the line number, what was read."""

    def __init__(self, path, fh, snapshot_type):
        self.path = path
        self.fh = fh
        self.lineno = 0
        self.offset = 0
        self.p = Parsed(path)
        self.snapshot_type = snapshot_type
        self.table = {}          # the running table: stack id -> (bytes, blocks, ...)
        self.sums = [0, 0]       # of the running table's columns

    def error(self, reason, line=None):
        raise FormatError(self.path, self.lineno if line is None else line, reason)

    def next_line(self):
        """The next line (bytes, with its newline), or None at the end."""
        line = self.fh.readline()
        if not line:
            return None
        self.lineno += 1
        self.offset += len(line)
        return line

    def parse(self, line):
        """[keyword, fields...] of a record line, numbers as int and text as
        str; None for a comment, an empty line or an unknown record."""
        if not line.endswith(b'\n'):
            raise _CutShort('the last line has no newline')
        body = line[:-1]
        if body == b'' or body[:1] == b'#':
            return None
        if self.p.version is None and not (body == b'memsnap-format'
                                           or body.startswith(b'memsnap-format\t')):
            self.error("not a memsnap file (the first record is not 'memsnap-format')")
        parts = body.split(b'\t')
        kw = parts[0]
        if not _KEYWORD.match(kw):
            self.error('not a record: bad keyword')
        spec = ((self.p.version or 0) >= 5 and RECORD_FIELDS_V5.get(kw)) or RECORD_FIELDS.get(kw)
        if spec is None:
            return None
        name = kw.decode('ascii')
        fields = parts[1:]
        if kw == b'snapshot' and self.p.version == 1:
            spec = spec[:-1]     # no BASE field
        elif kw == b'frame' and self.p.version < 4:
            spec = spec[:-2]     # no addr, offset
        elif kw == b'stack' and self.p.version < 4:
            spec = spec[1:]      # no hidden
        variadic = spec.endswith('+')
        types = spec.rstrip('+')
        if not (len(fields) == len(types) or (variadic and len(fields) > len(types))):
            self.error('%s: wrong number of fields (%d, expected %s%d)'
                       % (name, len(fields), 'at least ' if variadic else '', len(types)))
        out = [name]
        for i, raw in enumerate(fields):
            kind = types[min(i, len(types) - 1)]
            if kind == 'N':
                if not _NUMBER.match(raw):
                    self.error("%s: field %d is not a number: '%s'" % (name, i + 1, printable(raw)))
                out.append(int(raw))
            else:
                out.append(self.unescape(name, i, raw))
        return out

    def unescape(self, name, i, raw):
        if b'\\' not in raw:
            return decode(raw)
        if not _GOOD_ESCAPES.match(raw):
            self.error('%s: field %d has a bad escape (only \\\\, \\t and \\n exist)' % (name, i + 1))
        return decode(_UNESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], raw))

    # --- records outside snapshots -------------------------------------

    def run(self):
        p = self.p
        try:
            while True:
                line = self.next_line()
                if line is None:
                    break
                rec = self.parse(line)
                if rec is not None:
                    self.record(rec)
        except _CutShort as cut:
            p.cut_short = '%s: line %d: the file ends %s (the run was killed, or is still writing it); ' \
                          'the %d snapshots before it are complete' % (
                              self.path, self.lineno, cut, len(p.snapshots))
        if self.lineno == 0:
            raise FormatError(self.path, None, 'empty file')
        if p.version is None:
            if p.cut_short:
                raise FormatError(self.path, self.lineno, 'truncated file: the last line has no newline')
            raise FormatError(self.path, None, "not a memsnap file (no 'memsnap-format' record)")
        return p

    def record(self, rec):
        kw = rec[0]
        p = self.p
        if p.summary is not None:
            self.error("'%s' record after the summary (the summary is the last record)" % kw)
        if kw == 'memsnap-format':
            if p.version is not None:
                self.error("a second 'memsnap-format' record")
            if rec[1] not in SUPPORTED_VERSIONS:
                self.error('unsupported format version %d (this reader reads version %s)'
                           % (rec[1], ', '.join(map(str, SUPPORTED_VERSIONS))))
            p.version = rec[1]
        elif kw == 'frame':
            self.define_frame(*rec[1:])
        elif kw == 'stack':
            self.define_stack(*rec[1:])
        elif kw == 'snapshot':
            self.read_snapshot(rec[1:])
        elif kw == 'timeline':
            self.read_timeline(rec[1], rec[2])
        elif kw == 'summary':
            p.summary = tuple(rec[1:])
        elif kw == 'drop' and p.version >= 3:
            self.drop_snapshot(rec[1])
        elif kw in ('site', 'gone', 'end'):
            self.error("'%s' record outside a snapshot" % kw)
        elif kw == 'point':
            self.error("'point' record outside a timeline block")
        else:
            p.header[kw] = rec[1]

    def define_frame(self, fid, line, fn, file, dir, obj, addr=None, offset=None):
        frames = self.p.frames
        if fid != len(frames):
            self.error('frame id %d out of sequence (expected %d)' % (fid, len(frames)))
        frames.append((line, fn, file, dir, obj, addr, offset))

    def define_stack(self, sid, *fields):
        p = self.p
        if p.version < 4:
            hidden, attributed, fids = 0, fields[0], fields[1:]
        else:
            hidden, attributed, fids = fields[0], fields[1], fields[2:]
        if sid != len(p.stacks):
            self.error('stack id %d out of sequence (expected %d)' % (sid, len(p.stacks)))
        if attributed >= len(fids):
            self.error('stack %d: attributed frame index %d out of range (it has %d frames)'
                       % (sid, attributed, len(fids)))
        if attributed < hidden:
            self.error('stack %d: the attributed frame (%d) is one of its %d hidden frames'
                       % (sid, attributed, hidden))
        n_frames = len(p.frames) - 1
        for f in fids:
            if f == 0 or f > n_frames:
                self.error('stack %d: undefined frame id %d' % (sid, f))
        p.stacks.append((attributed - hidden, tuple(fids[hidden:])))

    # --- snapshots -------------------------------------------------------

    def drop_snapshot(self, sid):
        """Version 3: snapshot sid, a periodic one, was thinned away."""
        p = self.p
        found = [s for s in p.snapshots if s.id == sid]
        if not found or sid in p.dropped:
            self.error('drop: no snapshot %d before it (or dropped already)' % sid)
        if found[0].origin != 'auto':
            self.error("drop: snapshot %d is not a periodic snapshot (origin '%s', not auto)"
                       % (sid, found[0].origin))
        p.dropped.add(sid)

    def read_snapshot(self, f):
        p = self.p
        sid, name, origin, time_ms, time_b, nbytes, blocks, peak, n_stacks = f[:9]
        base = f[9] if len(f) > 9 else 0
        churn = tuple(f[10:15]) if len(f) > 10 else None
        start_line = self.lineno
        prev = p.snapshots[-1].id if p.snapshots else 0
        if sid <= prev:
            self.error('snapshot id %d is not greater than the previous one (%d)' % (sid, prev))
        if origin not in ORIGINS:
            self.error("snapshot %d: unknown origin '%s' (client, monitor, peak or exit)"
                       % (sid, printable(origin.encode('utf-8', 'surrogateescape'))))
        if base and base != prev:
            self.error('snapshot %d: base %d is not the snapshot before it (%s)'
                       % (sid, base, '#%d' % prev if prev else 'none'))
        if not base:
            self.table = {}
            self.sums = [0] * (6 if p.version >= 5 else 2)
        try:
            changes = self.read_changes(sid)
        except _CutShort:
            raise _CutShort('inside snapshot %d (line %d)' % (sid, start_line))
        if len(self.table) != n_stacks:
            self.error('snapshot %d: %d rows in its table, but N-STACKS is %d'
                       % (sid, len(self.table), n_stacks))
        if self.sums[:2] != [nbytes, blocks]:
            self.error('snapshot %d: the table adds up to %d bytes in %d blocks, '
                       'but the snapshot says %d bytes in %d blocks'
                       % (sid, self.sums[0], self.sums[1], nbytes, blocks))
        for what, i in (('allocated', 2), ('temporary', 4)):
            if churn is not None and self.sums[i:i + 2] != list(churn[i - 2:i]):
                self.error('snapshot %d: the table adds up to %d %s bytes in %d blocks, '
                           'but the snapshot says %d bytes in %d blocks'
                           % (sid, self.sums[i], what, self.sums[i + 1], churn[i - 2],
                              churn[i - 1]))
        p.snapshots.append(self.snapshot_type(sid, name, origin, time_ms, time_b, nbytes,
                                              blocks, peak, n_stacks))
        p.changes.append((not base, changes))
        p.churn.append(churn)

    def read_changes(self, sid):
        """Reads the site and gone lines of snapshot sid up to its end line
        into the running table (self.table: stack id -> (bytes, blocks) or
        from version 5 the six numbers of a row); returns them as [(stack
        id, numbers...)...], all numbers 0 for gone."""
        n_stacks = len(self.p.stacks) - 1
        v5 = self.p.version >= 5
        site_re = _SITE5 if v5 else _SITE
        n_numbers = 6 if v5 else 2
        table = self.table
        seen = set()
        changes = []
        while True:
            line = self.next_line()
            if line is None:
                raise _CutShort('')
            m = site_re.match(line)
            if m:
                kw, stack, numbers = 'site', int(m.group(1)), tuple(map(int, m.groups()[1:]))
            else:
                m = _GONE.match(line)
                if m:
                    kw, stack, numbers = 'gone', int(m.group(1)), (0,) * n_numbers
                else:
                    rec = self.parse(line)
                    if rec is None:
                        continue
                    kw = rec[0]
                    if kw == 'end':
                        if rec[1] != sid:
                            self.error("'end %d' does not close snapshot %d" % (rec[1], sid))
                        return changes
                    if kw not in ('site', 'gone'):
                        self.error("'%s' record inside snapshot %d (before its 'end' line)" % (kw, sid))
                    stack = rec[1]
                    numbers = tuple(rec[2:]) if kw == 'site' else (0,) * n_numbers
                    if kw == 'site' and v5 and numbers[3] == 0:
                        self.error('site: stack %d allocated no blocks (a row has at least one)'
                                   % stack)
                    if kw == 'site' and not v5 and numbers[1] == 0:
                        self.error('site: stack %d has no blocks (a site has at least one)' % stack)
            if kw == 'site' and v5:
                self.check_churn(stack, *numbers)
            if kw == 'gone' and self.p.version == 1:
                self.error("'gone' record in format version 1")
            if stack == 0 or stack > n_stacks:
                self.error('%s: undefined stack id %d' % (kw, stack))
            if stack in seen:
                self.error('snapshot %d: stack %d has a second line' % (sid, stack))
            seen.add(stack)
            old = table.pop(stack, None)
            if old is not None:
                self.sums = [a - b for a, b in zip(self.sums, old)]
            elif kw == 'gone':
                self.error('gone: stack %d has no site in the snapshot before' % stack)
            if kw == 'site':
                table[stack] = numbers
                self.sums = [a + b for a, b in zip(self.sums, numbers)]
            changes.append((stack,) + numbers)

    def check_churn(self, stack, nbytes, blocks, alloc_bytes, alloc_blocks, temp_bytes,
                    temp_blocks):
        """Version 5: a row allocated at least the blocks it holds and
        those freed while temporary."""
        if blocks > alloc_blocks:
            self.error('site: stack %d holds %d blocks but allocated only %d'
                       % (stack, blocks, alloc_blocks))
        if temp_blocks > alloc_blocks or temp_bytes > alloc_bytes:
            self.error('site: stack %d has more temporary blocks or bytes than it allocated'
                       % stack)

    # --- the timeline ----------------------------------------------------

    def read_timeline(self, unit, n):
        if unit not in TIME_UNITS:
            self.error("timeline: unknown unit '%s' (B, ms or i)"
                       % printable(unit.encode('utf-8', 'surrogateescape')))
        start = self.lineno
        ids = {s.id for s in self.p.snapshots}
        points = []
        prev = 0
        while len(points) < n:
            line = self.next_line()
            if line is None:
                raise _CutShort('inside the timeline of line %d, after %d of its %d points'
                                % (start, len(points), n))
            m = _POINT.match(line)
            if m:
                point = (int(m.group(1)), int(m.group(2)), int(m.group(3)), decode(m.group(4)))
            else:
                try:
                    rec = self.parse(line)
                except _CutShort:
                    raise _CutShort('inside the timeline of line %d, after %d of its %d points'
                                    % (start, len(points), n))
                if rec is None:
                    continue
                if rec[0] != 'point':
                    self.error("'%s' record inside the timeline of line %d, after %d of its %d "
                               "point lines" % (rec[0], start, len(points), n))
                point = tuple(rec[1:])
                if not re.match(r'(?:|peak|#[0-9]+)\Z', point[3]):
                    self.error("point: bad mark '%s' (empty, #ID or peak)"
                               % printable(point[3].encode('utf-8', 'surrogateescape')))
            mark = point[3]
            if mark.startswith('#'):
                mark = '#%d' % int(mark[1:])
                if int(mark[1:]) not in ids:
                    self.error('point: mark %s names no snapshot before it' % mark)
                point = point[:3] + (mark,)
            if point[0] < prev:
                self.error('point: time %d is before the time of the point before it (%d)'
                           % (point[0], prev))
            prev = point[0]
            points.append(point)
        self.p.timeline = (unit, points)


def read_file(path, snapshot_type):
    """Reads path in one pass; returns a Parsed.  snapshot_type is called
    with the nine fields of each snapshot line.  Raises FormatError."""
    try:
        fh = open(path, 'rb')
    except OSError as e:
        raise FormatError(path, None, 'cannot open: %s' % (e.strerror or e))
    with fh:
        try:
            return _Reader(path, fh, snapshot_type).run()
        except IsADirectoryError:
            raise FormatError(path, None, 'is a directory')
        except OSError as e:
            raise FormatError(path, None, 'cannot read: %s' % (e.strerror or e))

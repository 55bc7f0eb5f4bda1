"""From memsnap's sites to tracemalloc's traces.

A memsnap snapshot lists, for each allocation stack with live blocks, the
stack's bytes and blocks (a *site*).  tracemalloc keeps one *trace* per
block: ``(domain, size, frames, total_nframe)`` (Python 3.9 and later) or
``(domain, size, frames)`` (3.8), ``frames`` a tuple of ``(filename,
lineno)`` pairs, most recent call first.

Each block of a site becomes one trace in domain 0 with the site's frames
(see ``frame_pair``), from the frame the stack is attributed to outward:
tracemalloc charges a block to the most recent frame of its traceback,
memsnap to the attributed frame, so the frames inside it (in code without
line information, between the allocator and the attributed frame) are
left out, as memsnap's statistics leave them out.  The blocks of a site
share its bytes: each gets the average, and the remainder is spread one
byte each over the first blocks, so that every sum is exact.

Blocks of one site with the same size are the same tuple object, so a
snapshot costs one list slot (8 bytes) per block, plus two tuples per site.
"""

import sys


def trace_has_total_nframe():
    """Whether the running Python's raw traces have four fields (3.9 and
    later) or three (3.8)."""
    return sys.version_info >= (3, 9)


def object_base(obj):
    """The object's file name after its last '/'."""
    return obj.rsplit('/', 1)[-1]


def no_line_label(frame):
    """The label of a memsnap frame without line information, as
    docs/file-format.md gives it: 'fn (objbase)', 'fn' (unknown object),
    'objbase+0xOFFSET' (unknown function), '0xADDR' (neither known), or
    '<unknown>'; a file of version 1 to 3 has no address: '??? (objbase)'
    there for an unknown function."""
    _line, fn, _file, _dir, obj, addr, offset = frame
    if fn != '':
        return '%s (%s)' % (fn, object_base(obj)) if obj != '' else fn
    if obj != '':
        if addr is None:
            return '??? (%s)' % object_base(obj)
        return '%s+0x%x' % (object_base(obj), offset)
    return '0x%x' % addr if addr else '<unknown>'


def frame_pair(frame):
    """The (filename, lineno) of a memsnap frame (line, fn, file, dir, obj,
    addr, offset), as docs/file-format.md labels it: (file, line) with
    line information, else (its no-line label, 0)."""
    line, _fn, file = frame[:3]
    if line > 0:
        return (file, line)
    return (no_line_label(frame), 0)


class TraceBuilder:
    """Turns the sites of one file's snapshots into raw traces; keeps the
    frame pairs and stack tracebacks it made, so that every snapshot of a
    file shares them."""

    def __init__(self, frames, stacks, with_total_nframe=None):
        self.frames = frames
        self.stacks = stacks
        self.with_total = (trace_has_total_nframe() if with_total_nframe is None
                           else with_total_nframe)
        self._pairs = {}
        self._tracebacks = {}

    def pair(self, fid):
        p = self._pairs.get(fid)
        if p is None:
            p = self._pairs[fid] = frame_pair(self.frames[fid])
        return p

    def traceback(self, sid):
        """The frames tuple of stack sid, innermost (attributed) first."""
        tb = self._tracebacks.get(sid)
        if tb is None:
            attributed, fids = self.stacks[sid]
            tb = self._tracebacks[sid] = tuple(self.pair(f) for f in fids[attributed:])
        return tb

    def traces(self, sites):
        """The raw traces of sites [(stack id, bytes, blocks)...]."""
        out = []
        for sid, nbytes, blocks in sites:
            frames = self.traceback(sid)
            size, extra = divmod(nbytes, blocks)
            if extra:
                out.extend([self.trace(size + 1, frames)] * extra)
            out.extend([self.trace(size, frames)] * (blocks - extra))
        return out

    def trace(self, size, frames):
        if self.with_total:
            return (0, size, frames, len(frames))
        return (0, size, frames)

# dicts.py: the `python3' workload of tests/perf/run (run with
# PYTHONMALLOC=malloc, so that every object goes through malloc): builds a
# dict of N small dicts (default 150,000; first argument), groups them,
# builds strings, then drops half.
import sys
n = int(sys.argv[1]) if len(sys.argv) > 1 else 150000
d = {}
for i in range(n):
    d["key%d" % i] = {"id": i, "name": "name-%d" % i, "tags": [i % 7, i % 11, "t%d" % i]}
by = {}
for rec in d.values():
    by.setdefault(rec["id"] % 1000, []).append(rec["name"])
total = sum(len(v) for v in by.values())
for i in range(0, n, 2):
    del d["key%d" % i]
print(len(d), total)

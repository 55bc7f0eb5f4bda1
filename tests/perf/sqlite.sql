-- An in-memory database for the `sqlite3' workload of tests/perf/run
-- (sqlite3 :memory: < sqlite.sql): 100,000 rows inserted through a
-- recursive CTE, an index, grouping, a join and text building.
CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, name TEXT, v REAL);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000)
INSERT INTO t SELECT i, (i * 7919) % 1000, 'name-' || i || '-' || hex(randomblob(8)), i * 0.5 FROM c;
CREATE INDEX t_k ON t(k);
CREATE TABLE g AS SELECT k, count(*) AS n, sum(v) AS s, group_concat(substr(name, 1, 12), ',') AS names FROM t GROUP BY k;
SELECT count(*), sum(n), max(length(names)) FROM g;
SELECT count(*) FROM t JOIN g ON t.k = g.k WHERE t.v > g.s / g.n;
UPDATE t SET name = upper(name) WHERE k % 3 = 0;
DELETE FROM t WHERE k % 5 = 0;
SELECT k, count(*) FROM t GROUP BY k ORDER BY 2 DESC, 1 LIMIT 3;

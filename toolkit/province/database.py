"""The province's SQLite database (stdlib sqlite3; any SQL tool or datasette opens it).

Tables
  counties      one row per county: division_code, name, province, prefecture (as in its latest report)
  requirements  the standard's requirements: id, clause, chapter, level (应/宜/可), text, position
  rounds        one row per report: id, division_code, round (1 = first), generated, toolkit,
                standard, data_fingerprint, source (the file it was read from), passed, failed_shall
  results       one row per requirement per round: round_id, requirement, status, message
  findings      the located findings: round_id, requirement, status, message, file, line
Views
  latest_rounds          each county's latest round
  county_summary         per county (latest round): 应/宜 requirements met, failed and totals, passed
  requirement_failures   per requirement: how many counties fail it in their latest round (ranked)
  changes                per county: requirements whose status changed since the previous round
"""

from __future__ import annotations

import sqlite3

from .collect import Collection

DDL = """
CREATE TABLE counties (division_code TEXT PRIMARY KEY, name TEXT NOT NULL, province TEXT NOT NULL,
  prefecture TEXT);
CREATE TABLE requirements (id TEXT PRIMARY KEY, position INTEGER NOT NULL, clause TEXT NOT NULL,
  chapter TEXT NOT NULL, level TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE rounds (id INTEGER PRIMARY KEY, division_code TEXT NOT NULL REFERENCES counties,
  round INTEGER NOT NULL, generated TEXT NOT NULL, toolkit TEXT NOT NULL, standard TEXT NOT NULL,
  data_fingerprint TEXT NOT NULL, source TEXT NOT NULL, passed INTEGER NOT NULL,
  failed_shall INTEGER NOT NULL, UNIQUE (division_code, round));
CREATE TABLE results (round_id INTEGER NOT NULL REFERENCES rounds, requirement TEXT NOT NULL
  REFERENCES requirements, status TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY (round_id, requirement));
CREATE TABLE findings (round_id INTEGER NOT NULL REFERENCES rounds, requirement TEXT NOT NULL,
  status TEXT NOT NULL, message TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL);
CREATE INDEX findings_round ON findings (round_id, requirement);
CREATE VIEW latest_rounds AS
  SELECT r.* FROM rounds r WHERE r.round = (SELECT max(round) FROM rounds x
    WHERE x.division_code = r.division_code);
CREATE VIEW county_summary AS
  SELECT c.prefecture AS prefecture, c.name AS county, c.division_code AS division_code,
    lr.round AS round, lr.generated AS generated,
    sum(q.level = '应' AND s.status = '符合') AS shall_met, sum(q.level = '应') AS shall_total,
    sum(q.level = '宜' AND s.status = '符合') AS should_met, sum(q.level = '宜') AS should_total,
    sum(q.level = '宜' AND s.status = '不符合') AS should_failed,
    lr.failed_shall AS shall_failed, lr.passed AS passed
  FROM latest_rounds lr JOIN counties c USING (division_code)
    JOIN results s ON s.round_id = lr.id JOIN requirements q ON q.id = s.requirement
  GROUP BY lr.id ORDER BY c.prefecture, c.division_code;
CREATE VIEW requirement_failures AS
  SELECT q.id AS requirement, q.clause AS clause, q.level AS level, q.text AS text,
    count(CASE WHEN s.status = '不符合' THEN 1 END) AS counties_failing,
    count(s.round_id) AS counties_reporting
  FROM requirements q LEFT JOIN results s ON s.requirement = q.id
    AND s.round_id IN (SELECT id FROM latest_rounds)
  GROUP BY q.id ORDER BY counties_failing DESC, q.position;
CREATE VIEW changes AS
  SELECT c.prefecture AS prefecture, c.name AS county, c.division_code AS division_code,
    lr.round AS round, s.requirement AS requirement, p.status AS before, s.status AS after
  FROM latest_rounds lr JOIN counties c USING (division_code)
    JOIN rounds pr ON pr.division_code = lr.division_code AND pr.round = lr.round - 1
    JOIN results s ON s.round_id = lr.id JOIN results p ON p.round_id = pr.id AND p.requirement = s.requirement
    JOIN requirements q ON q.id = s.requirement
  WHERE p.status <> s.status ORDER BY c.prefecture, c.division_code, q.position;
"""
VIEWS = ("county_summary", "requirement_failures", "changes", "latest_rounds")


def fill(db: sqlite3.Connection, col: Collection) -> None:
    db.executescript(DDL)
    reqs: dict[str, tuple] = {}
    for rounds in col.rounds.values():
        for rnd in rounds:
            for res in rnd.doc.results:
                reqs.setdefault(
                    res.requirement,
                    (res.requirement, len(reqs), res.clause, res.chapter, res.level, res.text),
                )
    db.executemany("INSERT INTO requirements VALUES (?,?,?,?,?,?)", reqs.values())
    rid = 0
    for code, rounds in sorted(col.rounds.items()):
        c = rounds[-1].doc.county
        db.execute("INSERT INTO counties VALUES (?,?,?,?)", (code, c.name, c.province, c.prefecture))
        for rnd in rounds:
            rid += 1
            d = rnd.doc
            db.execute(
                "INSERT INTO rounds VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    rid,
                    code,
                    rnd.number,
                    d.generated,
                    d.toolkit,
                    col.standard,
                    d.data.value,
                    rnd.source,
                    int(d.summary.passed),
                    d.summary.failed_shall,
                ),
            )
            db.executemany(
                "INSERT INTO results VALUES (?,?,?,?)",
                [(rid, r.requirement, r.status, r.message) for r in d.results],
            )
            db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?,?)",
                [
                    (rid, r.requirement, f.status, f.message, loc.file, loc.line)
                    for r in d.results
                    for f in r.findings
                    for loc in f.locations
                ],
            )


def build(col: Collection) -> bytes:
    """The database file's bytes (built in memory: same collection, same bytes)."""
    db = sqlite3.connect(":memory:")
    try:
        with db:
            fill(db, col)
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()


def open_copy(data: bytes) -> sqlite3.Connection:
    """An in-memory connection on the database bytes (the workbook and dashboard read the views)."""
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    db.row_factory = sqlite3.Row
    return db

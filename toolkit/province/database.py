"""The province's SQLite database (stdlib sqlite3; any SQL tool or datasette opens it).

Tables
  prefectures   the province's 市（州） in official code order (from the GB/T 2260 list)
  counties      every county expected or reporting: division_code, name, province, prefecture (from the list)
  periods       the province's collection rounds: position, name, opens, closes
  editions      the editions of the standard accepted: fingerprint, label
  requirements  each edition's requirements, from the standard's own files: edition, id, clause, level, text
  rounds        one row per admitted report: county, round (1 = first), period, edition, generated, trust
                (已验证 / 未签名 / 公钥未登记), data_fingerprint, source, passed, failed_shall
  results       one row per requirement per round: status, basis (automatic / attested / manual), review
                (采纳 / 不采纳 / empty), scored (the status the score counts: an attestation only when accepted)
  findings      the located findings: round_id, requirement, status, message, file, line
  round_scores  per round: 应 met / 应 applicable (score, %), 宜 likewise, attestations pending (computed
                once from results when the database is built; every view below reads it)
  requirement_tally  per edition and requirement, over the latest rounds: counties failing, counties
                reporting (computed once likewise: a grouping of every result, read by requirement_failures)
Views
  county_summary        per county, latest round: the scores and the rank (in prefecture order)
  prefecture_summary    per 市（州）: counties expected and reporting, mean score
  requirement_failures  per requirement (latest rounds): counties failing, 应 before 宜 before 可
  requirement_counties  per requirement: the counties failing it (drill-down)
  not_reported_rounds   per collection round, every one: the expected counties with no report in it (the
                        table `missing`, from Collection.not_reported — the rule is there, not here)
  not_reported          the same for the latest round (the dashboard and the 通报 show it)
  trend                 per period: counties reporting, mean score, counties passing
  changes               per county: requirements whose scored status changed since the previous round, compared
                        within an edition, or across editions where the requirement's text is the same
"""

from __future__ import annotations

import sqlite3

from ..core import divisions
from .collect import Collection
from .reviews import ACCEPTED

SCORES = """
CREATE TABLE round_scores AS
  SELECT r.id AS round_id, r.division_code AS division_code, r.period AS period,
    sum(q.level = '应' AND s.scored = '符合') AS shall_met,
    sum(q.level = '应' AND s.scored <> '不适用') AS shall_applicable,
    round(100.0 * sum(q.level = '应' AND s.scored = '符合')
      / max(1, sum(q.level = '应' AND s.scored <> '不适用')), 1) AS score,
    sum(q.level = '宜' AND s.scored = '符合') AS should_met,
    sum(q.level = '宜' AND s.scored <> '不适用') AS should_applicable,
    sum(q.level = '宜' AND s.scored = '不符合') AS should_failed,
    sum(q.level = '应' AND s.scored = '不符合') AS shall_failed,
    sum(s.basis = 'attested' AND s.review = '') AS attested_pending,
    sum(s.basis = 'attested' AND s.review = '采纳') AS attested_accepted
  FROM rounds r JOIN results s ON s.round_id = r.id
    JOIN requirements q ON q.edition = r.edition AND q.id = s.requirement
  GROUP BY r.id;
CREATE UNIQUE INDEX round_scores_round ON round_scores (round_id);
CREATE TABLE requirement_tally AS
  SELECT lr.edition AS edition, s.requirement AS requirement,
    count(CASE WHEN s.scored = '不符合' THEN 1 END) AS failing, count(*) AS reporting
  FROM latest_rounds lr JOIN results s ON s.round_id = lr.id GROUP BY lr.edition, s.requirement;
CREATE UNIQUE INDEX requirement_tally_key ON requirement_tally (edition, requirement);
"""
DDL = """
CREATE TABLE prefectures (code TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE counties (division_code TEXT PRIMARY KEY, name TEXT NOT NULL, province TEXT NOT NULL,
  prefecture_code TEXT, prefecture TEXT, expected INTEGER NOT NULL);
CREATE TABLE periods (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, opens TEXT, closes TEXT);
CREATE TABLE editions (fingerprint TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE requirements (edition TEXT NOT NULL REFERENCES editions, id TEXT NOT NULL,
  position INTEGER NOT NULL, clause TEXT NOT NULL, chapter TEXT NOT NULL, level TEXT NOT NULL,
  text TEXT NOT NULL, PRIMARY KEY (edition, id));
CREATE TABLE rounds (id INTEGER PRIMARY KEY, division_code TEXT NOT NULL REFERENCES counties,
  round INTEGER NOT NULL, period TEXT NOT NULL, edition TEXT NOT NULL, generated TEXT NOT NULL,
  toolkit TEXT NOT NULL, trust TEXT NOT NULL, data_fingerprint TEXT NOT NULL, source TEXT NOT NULL,
  passed INTEGER NOT NULL, failed_shall INTEGER NOT NULL, UNIQUE (division_code, round));
CREATE TABLE results (round_id INTEGER NOT NULL REFERENCES rounds, requirement TEXT NOT NULL,
  status TEXT NOT NULL, basis TEXT NOT NULL, review TEXT NOT NULL, scored TEXT NOT NULL,
  message TEXT NOT NULL, PRIMARY KEY (round_id, requirement));
CREATE TABLE findings (round_id INTEGER NOT NULL REFERENCES rounds, requirement TEXT NOT NULL,
  status TEXT NOT NULL, message TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL);
CREATE INDEX findings_round ON findings (round_id, requirement);
CREATE VIEW latest_rounds AS
  SELECT r.* FROM rounds r JOIN (SELECT division_code, max(round) AS last FROM rounds GROUP BY division_code) x
    ON x.division_code = r.division_code AND x.last = r.round ORDER BY r.division_code;
CREATE VIEW county_summary AS
  SELECT c.prefecture AS prefecture, c.name AS county, c.division_code AS division_code,
    RANK() OVER (ORDER BY sc.score DESC) AS rank, sc.score AS score,
    sc.shall_met AS shall_met, sc.shall_applicable AS shall_total,
    sc.should_met AS should_met, sc.should_applicable AS should_total, sc.should_failed AS should_failed,
    sc.shall_failed AS shall_failed, sc.attested_accepted AS attested_accepted,
    sc.attested_pending AS attested_pending, lr.round AS round, lr.period AS period,
    lr.generated AS generated, lr.trust AS trust, lr.passed AS passed
  FROM latest_rounds lr JOIN counties c USING (division_code) JOIN round_scores sc ON sc.round_id = lr.id
    LEFT JOIN prefectures p ON p.code = c.prefecture_code
  ORDER BY p.position, c.division_code;
CREATE TABLE missing (period TEXT NOT NULL REFERENCES periods (name), division_code TEXT NOT NULL
  REFERENCES counties, PRIMARY KEY (period, division_code));
CREATE VIEW not_reported_rounds AS
  SELECT pe.name AS period, c.prefecture AS prefecture, c.name AS county, c.division_code AS division_code
  FROM missing m JOIN periods pe ON pe.name = m.period JOIN counties c USING (division_code)
    LEFT JOIN prefectures p ON p.code = c.prefecture_code
  ORDER BY pe.position, p.position, c.division_code;
CREATE VIEW not_reported AS
  SELECT c.prefecture AS prefecture, c.name AS county, c.division_code AS division_code
  FROM missing m JOIN counties c USING (division_code) LEFT JOIN prefectures p ON p.code = c.prefecture_code
  WHERE m.period = (SELECT name FROM periods ORDER BY position DESC LIMIT 1)
  ORDER BY p.position, c.division_code;
CREATE VIEW prefecture_summary AS
  SELECT p.name AS prefecture, p.code AS prefecture_code,
    sum(c.expected) AS counties_expected, count(sc.round_id) AS counties_reporting,
    round(avg(sc.score), 1) AS mean_score
  FROM prefectures p JOIN counties c ON c.prefecture_code = p.code
    LEFT JOIN latest_rounds lr ON lr.division_code = c.division_code
    LEFT JOIN round_scores sc ON sc.round_id = lr.id
  GROUP BY p.code ORDER BY p.position;
CREATE VIEW requirement_failures AS
  SELECT q.id AS requirement, q.clause AS clause, q.level AS level, q.text AS text,
    coalesce(f.failing, 0) AS counties_failing, coalesce(f.reporting, 0) AS counties_reporting
  FROM requirements q LEFT JOIN requirement_tally f ON f.edition = q.edition AND f.requirement = q.id
  ORDER BY CASE q.level WHEN '应' THEN 0 WHEN '宜' THEN 1 ELSE 2 END, counties_failing DESC, q.position;
CREATE VIEW requirement_counties AS
  SELECT s.requirement AS requirement, q.clause AS clause, c.prefecture AS prefecture, c.name AS county,
    c.division_code AS division_code, s.message AS message
  FROM latest_rounds lr JOIN results s ON s.round_id = lr.id
    JOIN requirements q ON q.edition = lr.edition AND q.id = s.requirement
    JOIN counties c USING (division_code) LEFT JOIN prefectures p ON p.code = c.prefecture_code
  WHERE s.scored = '不符合' ORDER BY q.position, p.position, c.division_code;
CREATE VIEW trend AS
  SELECT pe.name AS period, count(sc.round_id) AS counties_reporting, round(avg(sc.score), 1) AS mean_score,
    sum(sc.shall_failed = 0) AS counties_passing
  FROM periods pe LEFT JOIN round_scores sc ON sc.period = pe.name GROUP BY pe.position ORDER BY pe.position;
CREATE VIEW changes AS
  SELECT c.prefecture AS prefecture, c.name AS county, c.division_code AS division_code,
    lr.round AS round, q.clause AS clause, s.requirement AS requirement, q.text AS text,
    p.scored AS before, s.scored AS after,
    CASE WHEN s.scored = '符合' THEN 'improved' WHEN p.scored = '符合' THEN 'regressed'
      WHEN s.scored = '不符合' THEN 'regressed' ELSE 'improved' END AS direction
  FROM latest_rounds lr JOIN counties c USING (division_code)
    JOIN rounds pr ON pr.division_code = lr.division_code AND pr.round = lr.round - 1
    JOIN results s ON s.round_id = lr.id JOIN results p ON p.round_id = pr.id AND p.requirement = s.requirement
    JOIN requirements q ON q.edition = lr.edition AND q.id = s.requirement
    JOIN requirements pq ON pq.edition = pr.edition AND pq.id = p.requirement
  WHERE p.scored <> s.scored AND (pr.edition = lr.edition OR pq.text = q.text)
  ORDER BY c.prefecture_code, c.division_code, q.position;
"""
VIEWS = ("county_summary", "prefecture_summary", "requirement_failures", "requirement_counties",
         "not_reported", "not_reported_rounds", "trend", "changes", "latest_rounds")  # fmt: skip


def scored(status: str, basis: str, review: str) -> str:
    """What the score counts: an automatic result as it is; a county's own attestation only if accepted."""
    return status if basis != "attested" or review == ACCEPTED else "待人工核查"


def fill_reference(db: sqlite3.Connection, col: Collection) -> None:
    expected = {d.code for d in col.expected()}
    codes = sorted(expected | set(col.rounds))
    prefs: dict[str, divisions.Division] = {}
    for code in codes:
        p = divisions.prefecture_of(code)
        if p is not None:
            prefs.setdefault(p.code, p)
    db.executemany("INSERT INTO prefectures VALUES (?,?,?)",
                   [(p.code, p.name, i) for i, p in enumerate(sorted(prefs.values(), key=lambda d: d.code))])  # fmt: skip
    for code in codes:
        d, p, prov = divisions.county(code), divisions.prefecture_of(code), divisions.province_of(code)
        db.execute("INSERT INTO counties VALUES (?,?,?,?,?,?)",
                   (code, d.name if d else code, prov.name if prov else "", p.code if p else None,
                    p.name if p else None, int(code in expected)))  # fmt: skip
    db.executemany("INSERT INTO periods VALUES (?,?,?,?)",
                   [(i, p.name, str(p.opens), str(p.closes)) for i, p in enumerate(col.plan.periods)])  # fmt: skip
    db.executemany("INSERT INTO missing VALUES (?,?)",
                   [(period, d.code) for period, ds in col.not_reported().items() for d in ds])  # fmt: skip
    for fp, ed in col.editions.items():
        db.execute("INSERT INTO editions VALUES (?,?)", (fp, ed.label))
        db.executemany("INSERT INTO requirements VALUES (?,?,?,?,?,?,?)",
                       [(fp, q.id, q.position, q.clause, q.chapter, q.level, q.text) for q in ed.requirements.values()])  # fmt: skip


def fill(db: sqlite3.Connection, col: Collection) -> None:
    db.executescript(DDL)
    fill_reference(db, col)
    rid = 0
    for code, rounds in sorted(col.rounds.items()):
        for rnd in rounds:
            rid += 1
            d, a = rnd.doc, rnd.admitted
            db.execute(
                "INSERT INTO rounds VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (rid, code, rnd.number, a.period.name, a.edition.fingerprint, d.generated, d.toolkit, a.trust,
                 d.data.value, rnd.source, int(d.summary.passed), d.summary.failed_shall),
            )  # fmt: skip
            rows = []
            for r in d.results:
                review = col.reviews.get((code, r.requirement))
                rev = review.decision if review is not None and r.basis == "attested" else ""
                rows.append(
                    (rid, r.requirement, r.status, r.basis, rev, scored(r.status, r.basis, rev), r.message)
                )
            db.executemany("INSERT INTO results VALUES (?,?,?,?,?,?,?)", rows)
            db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?,?)",
                [(rid, r.requirement, f.status, f.message, loc.file, loc.line)
                 for r in d.results for f in r.findings for loc in f.locations],
            )  # fmt: skip
    db.executescript(SCORES)


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

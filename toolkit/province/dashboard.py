"""The province dashboard: static pages in the conformance reports' style, read from the database views.
Every value from a report passes through toolkit.core.escape.html; no scripts, no external requests.

  index.html          counties by 市（州）: 应/宜 requirements met, on a colour scale
  requirements.html   requirements ranked by how many counties fail them
  changes.html        what changed since each county's previous round
  county/CODE.html    one county: its rounds and its latest findings (file:line)
"""

from __future__ import annotations

import re
import sqlite3
from itertools import groupby

from ..conformance.reports import TEMPLATES
from ..core.escape import html as e
from .charts import bars, histogram, line

EXTRA_CSS = """
.scale { font-variant-numeric: tabular-nums; } nav a { margin-right: 1em; }
td.pref { font-weight: bold; background: #fafafa; } code { font-size: .9em; }
.wide { overflow-x: auto; max-width: 100%; } .charts svg { display: block; margin: 1em 0; }
"""


def style() -> str:
    """The <style> of the conformance reports (one source for the look), plus the dashboard's few rules."""
    base = (TEMPLATES / "_base.html.j2").read_text(encoding="utf-8")
    found = re.search(r"<style>(.*?)</style>", base, re.DOTALL)
    if not found:
        raise ValueError("the report template has no <style>")
    return found.group(1) + EXTRA_CSS


def page(title: str, body: str, depth: int = 0) -> bytes:
    up = "../" * depth
    nav = (
        f'<nav><a href="{up}index.html">各县汇总</a><a href="{up}requirements.html">要求不符合排名</a>'
        f'<a href="{up}changes.html">较上一轮变化</a></nav>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{style()}</style>\n</head>\n<body>\n{nav}\n{body}\n</body>\n</html>\n"
    ).encode()


def shade(met: int, failed: int) -> str:
    """Background on a red (all failed) → green (none failed) scale, over the requirements the automated
    checks decided (those left to the inspector do not count either way)."""
    hue = round(120 * met / (met + failed)) if met + failed else 120
    return f"background: hsl({hue}, 65%, 82%)"


def table(head: list[str], rows: list[str]) -> str:
    """A table that scrolls sideways inside its own box on a narrow phone, not the whole page."""
    ths = "".join(f"<th>{h}</th>" for h in head)
    return (f'<div class="wide"><table><thead><tr>{ths}</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody></table></div>")  # fmt: skip


def county_row(r) -> str:
    code = e(r["division_code"])
    return (
        f'<tr><td class="num">{r["rank"]}</td><td><a href="county/{code}.html">{e(r["county"])}</a></td><td>{code}</td>'
        f'<td class="num scale" style="{shade(r["shall_met"], r["shall_failed"])}">{r["score"]:g}%</td>'
        f'<td class="num">{r["shall_met"]} / {r["shall_total"]}</td>'
        f'<td class="num scale" style="{shade(r["should_met"], r["should_failed"])}">'
        f"{r['should_met']} / {r['should_total']}</td>"
        f'<td class="num{" s-不符合" if r["shall_failed"] else ""}">{r["shall_failed"]}</td>'
        f'<td class="num">{r["attested_accepted"]} / {r["attested_pending"]}</td>'
        f"<td>{e(r['trust'])}</td><td>{e(r['period'])}</td><td>{e(r['generated'][:10])}</td></tr>"
    )


def index_page(db: sqlite3.Connection, title: str) -> bytes:
    rows = []
    summary = db.execute("SELECT * FROM county_summary").fetchall()
    for pref, group in groupby(summary, key=lambda r: r["prefecture"] or "（未知市州）"):
        members = list(group)
        rows.append(f'<tr><td class="pref" colspan="11">{e(pref)}（{len(members)} 个）</td></tr>')
        rows += [county_row(r) for r in members]
    missing = db.execute("SELECT * FROM not_reported").fetchall()
    passed = sum(1 for r in summary if r["passed"])
    prefs = db.execute("SELECT * FROM prefecture_summary WHERE counties_reporting > 0").fetchall()
    trend = db.execute("SELECT * FROM trend").fetchall()
    charts = (
        '<div class="charts">'
        + histogram("各县得分分布（县数）", [r["score"] for r in summary])
        + bars("各市（州）平均得分（%）", [p["prefecture"] for p in prefs], [p["mean_score"] for p in prefs])
        + (line("各轮平均得分（%）", [t["period"] for t in trend], [t["mean_score"] or 0 for t in trend])
           if len(trend) > 1 else "")
        + "</div>"
    )  # fmt: skip
    body = (
        f'<h1>{e(title)}</h1>\n<p class="meta">共 {len(summary)} 个县（市、区）报告，{len(missing)} 个应报告而未报告；'
        f"{passed} 个全部“应”类要求未发现不符合。得分＝“应”类要求符合数 ÷ 适用数（自动检查的结果，及省里采纳的县自行核查）；"
        "县自行核查一栏为“已采纳 / 待审核”。市（州）按行政区划代码顺序。</p>\n" + charts
        + table(["名次", "县（市、区）", "区划代码", "得分", "“应”符合 / 适用", "“宜”符合 / 适用", "“应”不符合",
                 "自行核查", "签名", "轮次", "检查日期"], rows)
        + "\n<h2>应报告而未报告的县</h2>\n"
        + (table(["市（州）", "县（市、区）", "区划代码"],
                 [f"<tr><td>{e(m['prefecture'] or '')}</td><td>{e(m['county'])}</td><td>{e(m['division_code'])}</td></tr>"
                  for m in missing]) if missing else "<p>应报告的县都已报告。</p>")
    )  # fmt: skip
    return page(title, body)


def requirements_page(db: sqlite3.Connection, title: str) -> bytes:
    failing = by_county(db.execute("SELECT * FROM requirement_counties"), key="requirement")
    rows = []
    for n, r in enumerate(db.execute("SELECT * FROM requirement_failures"), start=1):
        who = failing.get(r["requirement"], [])
        drill = (
            "<details><summary>不符合的县</summary>"
            + "、".join(f'<a href="county/{e(c["division_code"])}.html">{e(c["county"])}</a>' for c in who)
            + "</details>"
            if who else ""
        )  # fmt: skip
        rows.append(
            f'<tr id="{e(r["requirement"])}"><td class="num">{n}</td><td>{e(r["clause"])}</td><td class="lvl">{e(r["level"])}</td>'
            f'<td>{e(r["text"])}<br><small class="meta">{e(r["requirement"])}</small>{drill}</td>'
            f'<td class="num{" s-不符合" if r["counties_failing"] else ""}">{r["counties_failing"]}</td>'
            f'<td class="num">{r["counties_reporting"]}</td></tr>'
        )
    body = (f'<h1>要求不符合排名</h1>\n<p class="meta">{e(title)}：先“应”、再“宜”、后“可”，各按最新一轮中不符合的县数排序；'
            "展开可见不符合的县（供起草组和督导参考）。</p>\n")  # fmt: skip
    return page(
        "要求不符合排名", body + table(["名次", "条款", "类型", "要求", "不符合的县数", "报告的县数"], rows)
    )


def change_rows(changes, up: str) -> list[str]:
    return [
        f'<tr><td>{e(r["prefecture"] or "")}</td><td><a href="{up}county/{e(r["division_code"])}.html">'
        f"{e(r['county'])}</a></td><td>{e(r['clause'])}</td><td>{e(r['text'])}</td>"
        f'<td class="s-{e(r["before"])}">{e(r["before"])}</td><td class="s-{e(r["after"])}">{e(r["after"])}</td></tr>'
        for r in changes
    ]


CHANGE_HEAD = ["市（州）", "县（市、区）", "条款", "要求", "上一轮", "本轮"]


def changes_page(db: sqlite3.Connection) -> bytes:
    changes = db.execute("SELECT * FROM changes").fetchall()
    up = sum(1 for r in changes if r["direction"] == "improved")
    counties = len({r["division_code"] for r in changes})
    body = "<h1>较上一轮变化</h1>\n" + (
        f'<p class="meta">{counties} 个县有变化：好转 {up} 条，退步 {len(changes) - up} 条（同一稿内比较；不同稿之间只比较条文未改的要求）。'
        "每县的明细见各县页面。</p>\n"
        + table(["市（州）", "县（市、区）", "好转", "退步"], [
            f'<tr><td>{e(g[0]["prefecture"] or "")}</td><td><a href="county/{e(code)}.html">{e(g[0]["county"])}</a></td>'
            f'<td class="num">{sum(1 for r in g if r["direction"] == "improved")}</td>'
            f'<td class="num">{sum(1 for r in g if r["direction"] != "improved")}</td></tr>'
            for code, g in by_county(changes).items()])
        if changes
        else "<p>各县最新一轮与上一轮相比没有变化（或只有一轮）。</p>"
    )  # fmt: skip
    return page("较上一轮变化", body)


def by_county(rows, key: str = "division_code") -> dict[str, list]:
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r)
    return out


def county_data(db: sqlite3.Connection) -> dict[str, dict]:
    """Everything the county pages show, read in a few queries (not a few per county)."""
    rounds = by_county(db.execute("SELECT * FROM rounds ORDER BY division_code, round"))
    failing = by_county(
        db.execute(
            "SELECT lr.division_code, s.requirement, q.clause, q.level, q.text, s.message FROM latest_rounds lr "
            "JOIN results s ON s.round_id = lr.id "
            "JOIN requirements q ON q.edition = lr.edition AND q.id = s.requirement "
            "WHERE s.scored = '不符合' ORDER BY lr.division_code, q.position"
        )
    )
    where: dict[tuple[str, str], list[str]] = {}
    for f in db.execute(
        "SELECT lr.division_code, f.requirement, f.file, f.line FROM latest_rounds lr "
        "JOIN findings f ON f.round_id = lr.id WHERE f.status = '不符合' ORDER BY f.rowid"
    ):
        where.setdefault((f["division_code"], f["requirement"]), []).append(f"{f['file']}:{f['line']}")
    changes = by_county(db.execute("SELECT * FROM changes"))
    return {
        c["division_code"]: {
            "county": c,
            "rounds": rounds[c["division_code"]],
            "failing": failing.get(c["division_code"], []),
            "where": where,
            "changes": changes.get(c["division_code"], []),
        }
        for c in db.execute("SELECT * FROM counties ORDER BY division_code")
        if c["division_code"] in rounds
    }


def county_page(data: dict) -> bytes:
    c, rounds, latest = data["county"], data["rounds"], data["rounds"][-1]
    code = c["division_code"]
    history = [
        f'<tr><td class="num">{r["round"]}</td><td>{e(r["generated"])}</td><td>{e(r["toolkit"])}</td>'
        f'<td><code>{e(r["data_fingerprint"][:16])}</code></td><td class="num">{r["failed_shall"]}</td>'
        f"<td>{e(r['period'])}</td><td>{e(r['trust'])}</td><td>{e(r['source'])}</td></tr>"
        for r in rounds
    ]
    rows = [
        f'<tr id="{e(r["requirement"])}"><td>{e(r["clause"])}</td><td class="lvl">{e(r["level"])}</td>'
        f"<td>{e(r['text'])}</td><td>{e(r['message'])}</td><td>"
        + "<br>".join(
            f'<span class="loc">{e(loc)}</span>' for loc in data["where"].get((code, r["requirement"]), [])
        )
        + "</td></tr>"
        for r in data["failing"]
    ]
    changes = change_rows(data["changes"], "../")
    name = f"{c['name']}（{code}）"
    body = (
        f'<h1>{e(name)}</h1>\n<p class="meta">{e(c["province"])} {e(c["prefecture"] or "")}；'
        f"第 {latest['round']} 轮，检查时间 {e(latest['generated'])}。</p>\n<h2>各轮报告</h2>\n"
        + table(
            ["轮次", "检查时间", "工具包", "数据指纹", "“应”不符合", "收集轮次", "签名", "报告文件"], history
        )
        + f"\n<h2>不符合项（第 {latest['round']} 轮）</h2>\n"
        + (
            table(["条款", "类型", "要求", "说明", "位置（文件:行）"], rows)
            if rows
            else "<p>未发现不符合项。</p>"
        )
        + "\n<h2>较上一轮变化</h2>\n"
        + (table(CHANGE_HEAD, changes) if changes else "<p>没有变化（或只有一轮）。</p>")
    )
    return page(name, body, depth=1)


def build_dashboard(db: sqlite3.Connection, title: str) -> dict[str, bytes]:
    files = {
        "index.html": index_page(db, title),
        "requirements.html": requirements_page(db, title),
        "changes.html": changes_page(db),
    }
    for code, data in county_data(db).items():
        files[f"county/{code}.html"] = county_page(data)
    return files

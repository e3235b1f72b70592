"""The handbook as an offline web section for window staff (docs/staff/, kept out of the citizens' menu and
search): by department, bundles, a thematic (keyword) index over every item, a pinyin index and the drafters'
to-do list, with links to the Word and
PDF paperwork. Every value from the data is escaped for Markdown."""

from __future__ import annotations

from ..core import guide
from ..core.escape import md as esc
from ..core.guide import PENDING
from ..core.project import Project
from ..site.pages import front_matter
from . import facts, window_files
from .order import by_pinyin, index_labels, index_words, initial

INDEX = "staff/index.md"


def _dep_md(code: str) -> str:
    return f"staff/{code}.md"


def _files(item_id: str, code: str, has_form: bool, pdf: bool) -> str:
    links = [f"[告知单（Word）](../paperwork/notices/items/{item_id}.docx)"]
    if pdf:
        links.append(f"[本部门告知单（PDF）](../paperwork/notices/by-department/{code}.pdf)")
    if has_form:
        links.append(f"[申请表（Word）](../paperwork/forms/items/{item_id}.docx)")
    return "　".join(links)


def _item(project: Project, item, pdf: bool) -> list[str]:
    where = facts.place(project, item)
    out = [
        f"### {esc(item.name)} {{#i-{item.id}}}",
        "",
        f"{esc(item.type)}　{esc(guide.item_code(project, item))}　{esc(facts.limits_and_fees(item))}",
        "",
        f"受理：{esc(where['place'])} → 后台：{esc('、'.join(facts.back_office(project, item)))}",
        "",
    ]
    if item.conditions:
        out += (
            ["**受理条件**", ""]
            + [f"{n}\\. {esc(c)}" + "  " for n, c in enumerate(item.conditions, 1)]
            + [""]
        )
    if item.materials:
        out += ["| 申请材料 | 形式和份数 | 受理要点 |", "|---|---|---|"]
        for m in facts.item_materials(item):
            name = m.name + (f"（{m.condition}）" if m.condition else "")
            out.append(f"| {esc(name)} | {esc(m.how)} | {esc(m.accept or PENDING)} |")
        out.append("")
    if item.refusals:
        out += ["**常见补正和不予受理**", ""] + [f"- {esc(r)}" for r in item.refusals] + [""]
    lack = facts.missing(item)
    if lack:
        out += [f'!!! warning "{PENDING}"\n    {esc("、".join(lack))}', ""]
    out += [_files(item.id, item.department, bool(item.form_fields), pdf), ""]
    return out


def _department(project: Project, code: str, pdf: bool) -> str:
    dep = project.departments[code]
    items = sorted(
        (i for i in project.items.values() if i.department == code),
        key=lambda i: (not guide.complete(project, i), i.id),
    )
    lines = [f"# {esc(dep.name)}（{len(items)}项）", "", "[返回全科受理手册](index.md)", ""]
    for item in items:
        lines += _item(project, item, pdf)
    return front_matter(title=f"{dep.name}：全科受理要点", search=False) + "\n".join(lines) + "\n"


def _index(project: Project, pdf: bool) -> str:
    items = list(project.items.values())
    detailed = sum(1 for i in items if guide.complete(project, i))
    lines = [
        "# 全科受理手册（窗口工作人员用）",
        "",
        (
            f"综合窗口无差别受理{len(project.departments)}个部门的{len(items)}个事项，其中{detailed}个事项要素完整，"
            f"{len(items) - detailed}个待补充（见[待补充清单](todo.md)）。本栏目不在群众办事指南的菜单中，可离线使用。"
        ),
        "",
        "下载：[全科受理手册（Word）](../paperwork/handbook.docx)"
        + ("　[全科受理手册（PDF）](../paperwork/handbook.pdf)" if pdf else ""),
        "",
        "- [一事联办：联办申请表和一次性告知单](bundles.md)",
        "- [窗口文书：补正告知、不予受理、受理通知、收件凭证、办结出件、告知承诺等](window.md)",
        "- [主题索引（按关键词和办理对象）](keywords.md)",
        "- [拼音索引](pinyin.md)",
        "- [待补充清单（起草人员用）](todo.md)",
        "- [办事指南进度（按部门）](progress.md)",
        "",
        "## 按部门",
        "",
    ]
    for code, dep in project.departments.items():
        n = sum(1 for i in items if i.department == code)
        if n:
            lines.append(f"- [{esc(dep.name)}]({code}.md)（{n}项）")
    return front_matter(title="全科受理手册", search=False) + "\n".join(lines) + "\n"


def _bundles(project: Project, pdf: bool) -> str:
    lines = ["# 一事联办", "", "[返回全科受理手册](index.md)", ""]
    for b in project.bundles.values():
        files = [f"[联办申请表（Word）](../paperwork/forms/{b.id}.docx)"]
        files += [f"[一次性告知单（Word）](../paperwork/notices/bundles/{b.id}.docx)"]
        if pdf:
            files += [
                f"[联办申请表（PDF）](../paperwork/forms/{b.id}.pdf)",
                f"[一次性告知单（PDF）](../paperwork/notices/bundles/{b.id}.pdf)",
            ]
        lines += [f"## {esc(b.name)} {{#b-{b.id}}}", "", esc(b.summary), "", "　".join(files), ""]
        for kind, ids in (("必办", b.required), ("选办", b.optional)):
            for item_id in ids:
                if item_id in project.items:
                    item = project.items[item_id]
                    lines.append(f"- {kind}：[{esc(item.name)}]({item.department}.md#i-{item_id})")
        lines += ["", "| 合并材料 | 形式和份数 | 受理要点 |", "|---|---|---|"]
        for m in facts.bundle_materials(project, b):
            lines.append(f"| {esc(m.name)} | {esc(m.how)} | {esc(m.accept or PENDING)} |")
        lines.append("")
        if b.refusals:
            lines += ["**常见补正和不予受理**", ""] + [f"- {esc(r)}" for r in b.refusals] + [""]
    return front_matter(title="一事联办：全科受理要点", search=False) + "\n".join(lines) + "\n"


def _keywords(project: Project) -> str:
    """The handbook's thematic index as a page: every item under its keywords, or the subject its name
    names (toolkit/paperwork/order.py, the same words as the printed handbook)."""
    lines = ["# 主题索引", "", "[返回全科受理手册](index.md)", ""]
    lines += ["有检索关键词的事项列在其关键词下，其余事项列在其名称所指的办理对象下。", ""]
    labels = index_labels(project)
    for word, ids in index_words(project):
        lines += ["", f"## {esc(word)}", ""]
        lines += [f"- [{esc(labels[i])}]({project.items[i].department}.md#i-{i})" for i in ids]
    return front_matter(title="主题索引", search=False) + "\n".join(lines) + "\n"


def _pinyin(project: Project) -> str:
    lines = ["# 拼音索引", "", "[返回全科受理手册](index.md)", ""]
    letter = None
    labels = index_labels(project)
    for item in by_pinyin(project.items.values()):
        first = initial(item.name)
        if first != letter:
            letter = first
            lines += ["", f"## {first}", ""]
        lines.append(f"- [{esc(labels[item.id])}]({item.department}.md#i-{item.id})")
    return front_matter(title="拼音索引", search=False) + "\n".join(lines) + "\n"


def _todo(project: Project) -> str:
    lines = [
        "# 待补充清单（起草人员用）",
        "",
        "[返回全科受理手册](index.md)",
        "",
        "| 部门 | 事项数 | 待补充事项数 | 缺得最多的要素 |",
        "|---|---|---|---|",
    ]
    for code, name, n, lacking, top in facts.todo(project):
        lines.append(f"| [{esc(name)}]({code}.md) | {n} | {lacking} | {esc(top)} |")
    return front_matter(title="待补充清单", search=False) + "\n".join(lines) + "\n"


def _progress(project: Project) -> str:
    """办事指南进度 per department by core/guide.py's rule (the same table as stdkit check's report)."""
    rows = guide.progress(project)
    done, total = sum(p.complete for p in rows), sum(p.total for p in rows)
    lines = [
        "# 办事指南进度（按部门）",
        "",
        "[返回全科受理手册](index.md)",
        "",
        (
            f"完整 {done} 项，不完整 {total - done} 项，共 {total} 项。不完整的事项在群众办事指南上显示“{PENDING}”，"
            "不印二维码；各部门可用 `stdkit workbook export` 写出的工作簿补全。"
        ),
        "",
        "| 部门 | 完整 | 不完整 | 缺少的要素（事项数） |",
        "|---|---|---|---|",
    ]
    for p in rows:
        lacking = "、".join(f"{esc(e)} {n}" for e, n in p.missing)
        lines.append(f"| [{esc(p.name)}]({p.code}.md) | {p.complete} | {p.incomplete} | {lacking} |")
    return front_matter(title="办事指南进度", search=False) + "\n".join(lines) + "\n"


def _window(project: Project, site_url: str, pdf: bool) -> str:
    """staff/window.md: every window document, Word and (when made) PDF, grouped as the files are."""
    files = [(p.title, p.rel) for p in window_files.products(project, site_url)]
    lines = [
        "# 窗口文书",
        "",
        "[返回全科受理手册](index.md)",
        "",
        (
            "从收件到出件的窗口文书：补正告知书、不予受理通知书、受理通知书（回执）、收件凭证、办结通知书及出件签收单、"
            "告知承诺书、容缺受理承诺书和一事联办流转单，每个部门一个文件（只含指南完整的事项，各文书另起一页，"
            "PDF 中每个事项一个书签），每个一事联办一个文件；授权委托书、邮寄送达地址确认书、帮办代办登记表和好差评评价单"
            "每个服务中心一份（县政务服务中心和各乡镇便民服务中心，PDF 中每个中心一个书签）。"
        ),
        "",
    ]
    for title, rel in files:
        links = [f"[Word](../paperwork/{rel}.docx)"] + ([f"[PDF](../paperwork/{rel}.pdf)"] if pdf else [])
        lines.append(f"- {esc(title)}：{'　'.join(links)}")
    lines.append("")
    return front_matter(title="窗口文书", search=False) + "\n".join(lines)


def pages(project: Project, site_url: str, *, pdf: bool):
    """(docs path, Markdown) of every staff page."""
    yield INDEX, _index(project, pdf)
    yield "staff/window.md", _window(project, site_url, pdf)
    yield "staff/bundles.md", _bundles(project, pdf)
    yield "staff/keywords.md", _keywords(project)
    yield "staff/pinyin.md", _pinyin(project)
    yield "staff/todo.md", _todo(project)
    yield "staff/progress.md", _progress(project)
    for code in project.departments:
        if any(i.department == code for i in project.items.values()):
            yield _dep_md(code), _department(project, code, pdf)

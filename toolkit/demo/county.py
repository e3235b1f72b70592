"""The generated county apart from its items: site settings, the county and its departments, the form-field
dictionary, the flow templates, and the service network (county centre, townships and villages, teams)."""

from __future__ import annotations

from pathlib import Path

from ..core import datafile
from .tables import FORM_FIELDS, STATIONS, TOWNS, VILLAGE_NAMES, Department, load


def write_county(out: Path, items: int, deps: list[Department]) -> None:
    """The site settings, the county, its departments, the form-field dictionary and the flow templates."""
    (out / "mkdocs.yml").write_text(
        "# 网站设置（生成数据：建始县）。site_url 是二维码里印的网址。\nsite_url: https://zw.jianshi.gov.cn/\n",
        encoding="utf-8",
    )
    datafile.write(
        out / "items/county.yaml",
        "county",
        "示例县基本信息（生成数据）",
        {
            "name": "建始县",
            "province": "湖北省",
            "prefecture": "恩施土家族苗族自治州",
            "division_code": "422822",
            "agency": "建始县政务服务和大数据管理局",
            "hotline": "12345",
            "clearing": {"departments": 34, "items_before": max(items, 1808), "items_reduced": 267},
            "evaluation": {"satisfaction_percent": 99.99, "period": "2021年以来"},
        },
    )
    datafile.write(
        out / "items/departments.yaml",
        "departments",
        "部门（生成数据）",
        {
            "departments": [
                {
                    "code": d.code,
                    "name": d.name if d.code in ("gdgs", "dxgs") else f"建始县{d.name}",
                    "short_name": d.short_name,
                    "in_hall": i < 32,
                }
                for i, d in enumerate(deps)
            ]
        },
    )
    datafile.write(
        out / "items/form-fields.yaml",
        "form-fields",
        "申请表字段字典（生成数据）",
        {"fields": FORM_FIELDS},
    )
    for flow in load("flowcharts.yaml"):
        datafile.write(out / f"flowcharts/{flow['id']}.yaml", "flow", flow["title"], flow)


def write_centre(out: Path) -> None:
    """The county centre as data/county-centre.yaml gives it."""
    datafile.write(
        out / "items/network/county-centre.yaml",
        "county-centre",
        "县级政务服务中心（生成数据）",
        load("county-centre.yaml"),
    )


def write_townships(out: Path, villages: int) -> None:
    """The townships and their villages, villages spread over the townships in turn."""
    datafile.write(
        out / "items/network/townships.yaml",
        "townships",
        "乡镇便民服务中心（生成数据）",
        {
            "townships": [
                {
                    "id": tid,
                    "name": f"{town}便民服务中心",
                    "town": town,
                    "address": f"建始县{town}",
                    "phone": f"0718-34{i:05d}",
                    "hours": "工作日 8:30—12:00，14:30—17:30",
                    "police_windows": 1,
                    "comprehensive_windows": 2 + i % 4,
                    "stations": STATIONS[i % 3 :: 3] + STATIONS[:2],
                }
                for i, (tid, town) in enumerate(TOWNS)
            ]
        },
    )
    vlist = []
    for n in range(villages):
        tid, town = TOWNS[n % len(TOWNS)]
        name = VILLAGE_NAMES[n % len(VILLAGE_NAMES)] + ("社区" if n % 9 == 0 else "村")
        vlist.append(
            {
                "id": f"{tid}-{n // len(TOWNS) + 1:03d}",
                "name": f"{town}{name}便民服务站",
                "township": tid,
                "community": n % 9 == 0,
                "windows": 1,
            }
        )
    datafile.write(
        out / "items/network/villages.yaml",
        "villages",
        "村（社区）便民服务站（生成数据）",
        {"villages": vlist},
    )


def write_teams(out: Path) -> None:
    """The service teams as data/teams.yaml gives them."""
    datafile.write(out / "items/network/teams.yaml", "teams", "服务队伍（生成数据）", load("teams.yaml"))

"""A catalogue is untrusted input: a name holding a line break (Alt+Enter), a Unicode line or paragraph
separator, or YAML syntax cannot add keys to an imported item file; every imported file reads back to
exactly the values that were imported (issue #13, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from toolkit.core.datafile import render as dump
from toolkit.core.load import load_project
from toolkit.onboarding.importer import import_catalogue
from toolkit.onboarding.scaffold import init_county

CODE = "511A0000100001-511602000000-000-11511301008778183N-1-00"
HOSTILE = [
    "临时救助\ntype: 行政处罚",
    "临时救助\u2028department: evil",
    "临时救助\u2029fees: []",
    "临时救助\r\nid: hacked",
    "临时救助\x85online: {depth: 全程网办}",
    "临时救助 # comment: 1",
    "临时救助: {id: x}",
    "- 临时救助",
    "&a 临时救助",
    "!!python/object:os.system 临时救助",
    "'临时救助\"",
]


def _sheet(path: Path, name: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["部门", "事项名称", "事项编码", "事项类型"])
    ws.append(["区民政局", name, CODE, "5"])
    wb.save(path)
    return path


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_cannot_create_yaml_keys(tmp_path, name):
    root = tmp_path / "c"
    init_county(root, "广安区", "511602", "广安市", "四川省")
    result = import_catalogue(_sheet(tmp_path / "s.xlsx", name), root)
    (item_id,) = result.created
    item = load_project(root, use_cache=False).items[item_id]
    assert item.type == "行政给付" and item.department == "mzj" and item.fees is None
    assert not item.online.depth
    path = next((root / "items/services").rglob(f"{item_id}.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == {"id", "code", "name", "type", "department"}
    for ch in "\n\r\u2028\u2029\x85":
        assert ch not in data["name"]
    if any(ch in name for ch in "\n\r\u2028\u2029\x85"):
        assert any("换行" in why for _, why in result.changed)
    else:
        assert data["name"] == name.strip()


@pytest.mark.parametrize("name", HOSTILE)
def test_the_emitter_round_trips_and_comments_stay_comments(name):
    body = dump("item", f"{name}。说明", {"id": "abc", "name": name})
    text = body.decode("utf-8")
    assert yaml.safe_load(text) == {"id": "abc", "name": name}
    comment = text.splitlines()[1]
    assert comment.startswith("# ") and not any(ch in comment for ch in "\r\u2028\u2029\x85")


def _county(tmp_path: Path) -> Path:
    root = tmp_path / "某县"
    init_county(root, "某县", "429998")  # a code newer than the list: accepted with the county's name
    return root


def test_import_never_follows_a_link_out_of_the_folder_or_opens_a_fifo(tmp_path):
    """Issue #13, point 8: the import validates a staged copy of the county folder; the copy keeps links
    as links and FIFOs as FIFOs, so a 2 GB sparse file outside, a FIFO or a link loop costs nothing and
    the import is refused with the same located errors as validation."""
    import os

    root = _county(tmp_path)
    big = tmp_path / "big.bin"
    with open(big, "wb") as fh:
        fh.truncate(2 * 1024**3)
    services = root / "items" / "services"
    services.mkdir(parents=True, exist_ok=True)
    os.symlink(big, services / "big.yaml")
    os.mkfifo(services / "fifo.yaml")
    os.symlink(services / "loop.yaml", services / "loop.yaml")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    with pytest.raises(Exception) as err:
        import_catalogue(_sheet(tmp_path / "清单.xlsx", "临时救助"), root)
    text = str(getattr(err.value, "problems", err.value))
    assert "big.yaml" in text and "fifo.yaml" in text and "loop.yaml" in text
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before, "nothing may be written"


def test_a_link_inside_the_folder_still_works_in_the_staged_copy(tmp_path):
    import os

    from toolkit.core.safefs import stage_copy

    root = _county(tmp_path)
    county = root / "items" / "county.yaml"
    moved = root / "items" / "county-real.yaml"
    county.rename(moved)
    os.symlink(moved.resolve(), county)  # an absolute link to a file inside the folder
    stage = tmp_path / "stage"
    stage_copy(root, stage)
    link = stage / "items" / "county.yaml"
    assert link.is_symlink() and link.resolve() == (stage / "items" / "county-real.yaml").resolve()
    load_project(stage, use_cache=False)  # loads exactly as the original does
    load_project(root, use_cache=False)

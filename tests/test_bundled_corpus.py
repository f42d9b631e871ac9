"""The bundled sample in corpora/ (issue 20): every file is listed in corpora/README.md with
where it came from, each copy is byte for byte its source in ../shared/corpora, and the
README's headline, a panel of comparable figures, comes out of it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import SHARED, needs_shared
from govreport_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
# bundled file -> its source in the shared corpus (MANIFEST.tsv names where that came from)
SOURCES = {
    "2012_benxi.txt": "../seed/2012_benxi.txt",
    "info_disclosure/2023_hongzequ.pdf": "info_disclosure/raw_formats/2023_hongzequ.pdf",
    "info_disclosure/2024_hongzequ.pdf": "info_disclosure/raw_formats/2024_hongzequ.pdf",
    "info_disclosure/2024_huaianshi.pdf": "info_disclosure/raw_formats/2024_huaianshi.pdf",
    "work_reports/1954_guowuyuan.txt": "work_reports/1954_guowuyuan.txt",
    "work_reports/1985_guowuyuan.txt": "work_reports/1985_guowuyuan.txt",
    "work_reports/2005_guowuyuan.txt": "work_reports/2005_guowuyuan.txt",
    "work_reports/2024_guowuyuan.txt": "work_reports/2024_guowuyuan.txt",
    "work_reports/2015_hailaerqu.gbk.txt": "work_reports/raw_formats/2015_hailaerqu.gbk.txt",
    "work_reports/2025_jiangsusheng.docx": "work_reports/raw_formats/2025_jiangsusheng.docx",
    "work_reports/2026_jiangsusheng.txt": "work_reports/2026_jiangsusheng.txt",
}
WRITTEN_HERE = {"qinghe_2013_traditional.txt"}
MAX_BYTES = 3 * 1024 * 1024  # "a few MB at most"


def _bundled() -> list[str]:
    return sorted(str(p.relative_to(CORPORA)) for p in CORPORA.rglob("*")
                  if p.is_file() and p.name != "README.md")


def test_every_bundled_file_is_listed_with_its_origin() -> None:
    listed = set(re.findall(r"^\| `([^`]+)` \|", (CORPORA / "README.md").read_text("utf-8"),
                            flags=re.MULTILINE))
    assert set(_bundled()) == listed == set(SOURCES) | WRITTEN_HERE


def test_the_sample_is_small() -> None:
    assert sum((CORPORA / name).stat().st_size for name in _bundled()) < MAX_BYTES


@needs_shared
@pytest.mark.parametrize("name", sorted(SOURCES), ids=sorted(SOURCES))
def test_each_copy_is_its_source_byte_for_byte(name: str) -> None:
    source = (SHARED / "corpora" / SOURCES[name]).resolve()
    assert (CORPORA / name).read_bytes() == source.read_bytes()


@needs_shared
def test_each_source_is_in_the_manifest() -> None:
    with open(SHARED / "corpora" / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        files = {row["file"] for row in csv.DictReader(handle, delimiter="\t")}
    assert {s for s in SOURCES.values() if not s.startswith("..")} <= files


def test_the_panel_of_the_sample_joins_years(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pypdfium2")
    pytest.importorskip("docx")
    out = tmp_path / "out" / "panel.csv"
    assert main(["panel", str(CORPORA), "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"govreport panel: {len(_bundled())} documents, ")
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years = {(r["issuer_canonical"], r["report_year"]) for r in rows
             if r["key"] == "requests_received"}
    assert {("淮安市洪泽区人民政府", "2023"), ("淮安市洪泽区人民政府", "2024")} <= years
    jiangsu = {(r["report_year"], r["role"], r["period"]): r["value_exact"] for r in rows
               if r["issuer_canonical"] == "江苏省人民政府" and r["key"] == "gdp_growth"}
    # the 2025 target, and the 2026 report's outcome for that same year
    assert jiangsu[("2025", "target", "2025")] == "5"
    assert jiangsu[("2026", "outcome", "2025")] == "5.3"

"""The hand-checked names sample (issue 17): every figure of two reports named by hand.

``tests/cases/names_sample.tsv`` holds, for the seed (Traditional; names compared after
simplification, as the parser names in Simplified) and the 2015 海拉尔区 work report, every
figure the parser found with the name a reader writes from the text under the gold README's
conventions (``—``: not a figure).  ``scripts/names_sample.py`` scores it (character F1 >= 0.5,
as ``evaluate`` does) and prints the misses; here each file's share may not fall below its
floor, raised as naming improves.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import needs_shared

ROOT = Path(__file__).resolve().parents[1]

# agreeing names / scored figures, per file (raise when naming improves)
FLOORS = {
    "2012_benxi.txt": (58, 59),
    "work_reports/2015_hailaerqu.txt": (127, 135),
}


def _sample_module():  # a module loaded from its path
    spec = importlib.util.spec_from_file_location(
        "names_sample", ROOT / "scripts" / "names_sample.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_rows_are_well_formed() -> None:
    module = _sample_module()
    rows = module.sample_rows()
    assert {r["file"] for r in rows} == set(FLOORS)
    for r in rows:
        assert int(r["start"]) < int(r["end"]), r
        assert r["name"] and r["text"], r
        path = module.report_path(r["file"], module.DEFAULT_CORPORA)
        if path.is_file():
            text = open(path, encoding="utf-8-sig", newline="").read()
            assert text[int(r["start"]) : int(r["end"])] == r["text"], r


@needs_shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_names_sample_score_holds_its_floor(name: str) -> None:
    module = _sample_module()
    scored = module.score()[name]
    agree = sum(f1 >= 0.5 for _, _, f1 in scored)
    floor_agree, floor_total = FLOORS[name]
    assert len(scored) == floor_total
    misses = [(r["text"], got, r["name"]) for r, got, f1 in scored if f1 < 0.5]
    assert agree >= floor_agree, f"{agree}/{len(scored)}: {misses}"

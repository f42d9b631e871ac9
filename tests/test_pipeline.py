"""The pipeline end to end: offsets into the original text, sections, template warnings."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp import parse
from govreport_nlp.models import Genre, Script

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "corpora" / "qinghe_2013_traditional.txt"
SIMPLIFIED_TWIN = ROOT / "tests" / "fixtures" / "qinghe_2013_simplified.txt"


def test_traditional_report_spans_index_the_traditional_text() -> None:
    report = parse(BUNDLED)
    assert report.meta.script is Script.TRADITIONAL
    assert report.meta.genre is Genre.INFO_DISCLOSURE
    text = BUNDLED.read_text(encoding="utf-8")
    assert report.indicators
    for indicator in report.indicators:
        assert text[indicator.start:indicator.end] == indicator.text
        assert indicator.name and indicator.unit
    assert "3,516條" in [i.text for i in report.indicators]


def test_traditional_and_simplified_twins_agree() -> None:
    traditional = parse(BUNDLED)
    simplified = parse(SIMPLIFIED_TWIN)
    assert [(s.level, s.title) for s in traditional.all_sections()] == [
        (s.level, s.title) for s in simplified.all_sections()
    ]
    assert [(i.value, i.unit, i.kind) for i in traditional.indicators] == [
        (i.value, i.unit, i.kind) for i in simplified.indicators
    ]


def test_pre_template_report_is_not_warned_about_missing_tables() -> None:
    report = parse(BUNDLED)  # a 2013 report: the template tables began with 2019
    assert not any("table not found" in w for w in report.warnings)


def test_template_era_report_without_tables_is_warned() -> None:
    report = parse("2024年政府信息公开工作年度报告\n一、总体情况\n全年受理申请95件。")
    assert report.meta.year == 2024
    assert any("T3" in w for w in report.warnings)


@pytest.mark.parametrize(
    "text",
    ["", " \n\t", "一、", "（一）总体情况。全年受理申请95件。", "95件" * 50,
     "2024年1月1日至12月31日"],
    ids=["empty", "blank", "bare-number", "run-in", "only-figures", "dates-only"],
)
def test_edge_texts_give_consistent_reports(text: str) -> None:
    report = parse(text)
    for indicator in report.indicators:
        assert text[indicator.start:indicator.end] == indicator.text
    sections = report.all_sections()
    assert all(0 <= s.start <= s.end <= len(text) for s in sections)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(
    ["一、总体情况\n", "（一）主动公开。", "全年受理申请", "95件", "近500条", "，", "。", "\n",
     "增长6.5%", "政府資訊", "民眾", "2024 年", "- 2 -\n", "3.1万份", "其中"]),
    max_size=40).map("".join))
def test_random_reports_keep_offsets_and_tile_sections(text: str) -> None:
    report = parse(text)
    for indicator in report.indicators:
        assert text[indicator.start:indicator.end] == indicator.text
        if indicator.value_max is not None:
            assert indicator.value_max >= indicator.value
    top = report.sections
    for before, after in itertools.pairwise(top):
        assert before.end <= after.start

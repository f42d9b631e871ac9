"""The spaCy adapter: entry point, spans, extensions, DocBin round trip on both scripts."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, DocBin, Span

from govreport_nlp.deliver.spacy_component import (
    EXTENSION,
    GovReportIndicators,
    register_extensions,
)
from govreport_nlp.models import Indicator, Section
from govreport_nlp.pipeline import parse_text

ROOT = Path(__file__).resolve().parents[1]
TRADITIONAL = ROOT / "corpora" / "qinghe_2013_traditional.txt"
SIMPLIFIED = ROOT / "tests" / "fixtures" / "qinghe_2013_simplified.txt"
JIEBA = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
REPORTS = pytest.mark.parametrize("path", [TRADITIONAL, SIMPLIFIED],
                                  ids=["traditional", "simplified"])


def blank_zh() -> spacy.Language:
    return spacy.blank("zh", config=JIEBA)


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    pipeline = blank_zh()
    pipeline.add_pipe("govreport_indicators")
    return pipeline


@pytest.fixture(scope="module")
def docs(nlp: spacy.Language) -> dict[Path, Doc]:
    return {path: nlp(path.read_text(encoding="utf-8")) for path in (TRADITIONAL, SIMPLIFIED)}


def round_trip(doc: Doc) -> Doc:
    """``doc`` through ``DocBin(store_user_data=True)`` bytes into a fresh pipeline's vocab."""
    stored = DocBin(store_user_data=True)
    stored.add(doc)
    (restored,) = DocBin().from_bytes(stored.to_bytes()).get_docs(blank_zh().vocab)
    return restored


# --- entry point ---------------------------------------------------------------------------

def test_factory_is_declared_as_spacy_entry_point() -> None:
    declared = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert declared["govreport_indicators"] == (
        "govreport_nlp.deliver.spacy_component:make_govreport_indicators")


def test_add_pipe_works_in_fresh_interpreter_without_import() -> None:
    script = (
        "import sys, spacy\n"
        f"nlp = spacy.blank('zh', config={JIEBA!r})\n"
        "nlp.add_pipe('govreport_indicators')\n"
        "doc = nlp('全年受理政府信息公开申请95件。')\n"
        "print([s.text for s in doc.spans['govreport']])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, cwd=ROOT.parent, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['95件']"


def test_pipeline_config_rebuilds_component() -> None:
    nlp = blank_zh()
    nlp.add_pipe("govreport_indicators", config={"alignment_mode": "contract"})
    rebuilt = spacy.util.load_model_from_config(nlp.config)
    assert rebuilt.pipe_names == ["govreport_indicators"]
    assert rebuilt.get_pipe("govreport_indicators").alignment_mode == "contract"


# --- spans and extensions on both scripts ---------------------------------------------------

@REPORTS
def test_every_figure_gets_a_span_covering_it(docs: dict[Path, Doc], path: Path) -> None:
    doc = docs[path]
    records = doc._.govreport["indicators"]
    spans = doc.spans["govreport"]
    assert len(spans) == len(records) == len(parse_text(doc.text).indicators) > 20
    for span, record in zip(spans, records, strict=True):
        assert doc.text[record["start"]:record["end"]] == record["text"]
        assert span.start_char <= record["start"] < record["end"] <= span.end_char
        assert record["span"] == (span.start_char, span.end_char)
        assert span.label_ == record["kind"]


@REPORTS
def test_span_extension_is_the_core_indicator(docs: dict[Path, Doc], path: Path) -> None:
    doc = docs[path]
    expected = parse_text(doc.text).indicators
    assert tuple(span._.govreport for span in doc.spans["govreport"]) == expected


@REPORTS
def test_section_spans_are_the_core_sections(docs: dict[Path, Doc], path: Path) -> None:
    doc = docs[path]
    sections = parse_text(doc.text).all_sections()
    spans = doc.spans["govreport_sections"]
    assert [s._.govreport.title for s in spans] == [s.title for s in sections]
    assert [(s.start_char, s.end_char) for s in spans] == [(s.start, s.end) for s in sections]
    assert all(isinstance(s._.govreport, Section) for s in spans)
    assert {s.label_ for s in spans} == {"section"}


def test_traditional_spans_index_traditional_text_with_simplified_names(
        docs: dict[Path, Doc]) -> None:
    doc = docs[TRADITIONAL]
    by_text = {s.text: s._.govreport for s in doc.spans["govreport"]}
    assert by_text["23個"].unit == "个"
    assert by_text["3,516條"].value == 3516
    assert by_text["3,516條"].name == "主动公开政府信息"
    titles = [s._.govreport.title for s in doc.spans["govreport_sections"]]
    assert "主动公开政府信息情况" in titles
    assert doc._.govreport["meta"]["script"] == "traditional"


def test_values_stay_exact(docs: dict[Path, Doc]) -> None:
    figure = next(s._.govreport for s in docs[TRADITIONAL].spans["govreport"]
                  if s.text == "12.5%")
    assert figure.value == Decimal("12.5")
    assert isinstance(figure.value, Decimal)
    record = next(r for r in docs[TRADITIONAL]._.govreport["indicators"] if r["text"] == "12.5%")
    assert record["value"] == "12.5"


def test_span_outside_the_groups_has_no_record(docs: dict[Path, Doc]) -> None:
    doc = docs[SIMPLIFIED]
    assert doc[0:2]._.govreport is None
    assert Span(doc, 0, 1, label="x", span_id="other:indicator:0")._.govreport is None


def test_empty_and_figureless_docs(nlp: spacy.Language) -> None:
    for text in ("", "没有数字的句子。"):
        doc = nlp(text)
        assert len(doc.spans["govreport"]) == 0
        assert doc._.govreport["indicators"] == ()


# --- DocBin round trip ------------------------------------------------------------------------

@REPORTS
def test_docbin_round_trip_keeps_everything(docs: dict[Path, Doc], path: Path) -> None:
    doc = docs[path]
    restored = round_trip(doc)
    assert restored.text == doc.text
    assert restored._.govreport == doc._.govreport
    for key in ("govreport", "govreport_sections"):
        before, after = doc.spans[key], restored.spans[key]
        assert [(s.start_char, s.end_char, s.label_, s.id_) for s in after] == \
               [(s.start_char, s.end_char, s.label_, s.id_) for s in before]
        assert [s._.govreport for s in after] == [s._.govreport for s in before]


def test_docbin_round_trip_keeps_entities() -> None:
    nlp = blank_zh()
    nlp.add_pipe("govreport_indicators", config={"set_ents": True})
    doc = nlp("全年受理申请1,362件，同比增长7.5%左右。")
    restored = round_trip(doc)
    assert [(e.text, e.label_) for e in restored.ents] == [
        ("1,362件", "count"), ("7.5%左右", "change")]


# --- snapping figures to jieba tokens ---------------------------------------------------------

# jieba reads "86名學員" as "86" + "名學員": the figure "86名" ends inside a token.  In the
# Simplified twin "名" is a token of its own and every mode gives the figure itself.
SNAPPING = [
    ("組織縣級培訓2批86名學員。", "expand", "86名學員"),
    ("組織縣級培訓2批86名學員。", "contract", "86"),
    ("組織縣級培訓2批86名學員。", "strict", None),
    ("组织县级培训2批86名学员。", "expand", "86名"),
    ("组织县级培训2批86名学员。", "contract", "86名"),
    ("组织县级培训2批86名学员。", "strict", "86名"),
]


@pytest.mark.parametrize(("text", "mode", "span_text"), SNAPPING,
                         ids=[f"{text}-{mode}" for text, mode, _ in SNAPPING])
def test_alignment_policy(text: str, mode: str, span_text: str | None) -> None:
    nlp = blank_zh()
    nlp.add_pipe("govreport_indicators", config={"alignment_mode": mode})
    doc = nlp(text)
    (_, record) = doc._.govreport["indicators"]
    assert record["text"] == "86名"
    spans = {s._.govreport.text: s.text for s in doc.spans["govreport"]}
    assert spans.get("86名") == span_text
    assert (record["span"] is None) == (span_text is None)


def test_contract_falls_back_to_expand_inside_one_token() -> None:
    nlp = blank_zh()
    nlp.add_pipe("govreport_indicators", config={"alignment_mode": "contract"})
    doc = nlp("组织学员约3.5万人次。")
    assert [t.text for t in doc if "万" in t.text] == ["万人次"]
    (span,) = doc.spans["govreport"]
    assert span._.govreport.text == "约3.5万人次"
    assert span.text == "约3.5万人次"


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(
    ["受理申请", "95件", "，", "增长", "7.5%", "约3.5万人次", "1,362件", "個", "學員", "\n", " ",
     "二、主动公开情况", "百分之十", "8%左右", "。"]), max_size=12).map("".join))
def test_spans_cover_their_figures(nlp: spacy.Language, text: str) -> None:
    doc = nlp(text)
    records = doc._.govreport["indicators"]
    assert len(doc.spans["govreport"]) == len(records)
    for span, record in zip(doc.spans["govreport"], records, strict=True):
        assert span.start_char <= record["start"] < record["end"] <= span.end_char
        assert doc.text[record["start"]:record["end"]] == record["text"]


# --- entities -----------------------------------------------------------------------------

def test_set_ents_labels_figures_by_kind() -> None:
    nlp = blank_zh()
    nlp.add_pipe("govreport_indicators", config={"set_ents": True})
    doc = nlp("全年受理申请1,362件，同比增长7.5%左右。")
    assert [(e.text, e.label_) for e in doc.ents] == [("1,362件", "count"), ("7.5%左右", "change")]


@pytest.mark.parametrize(("overwrite", "expected"), [
    (False, [("全年受理申请1", "EVENT"), ("7.5%左右", "change")]),
    (True, [("1,362件", "count"), ("7.5%左右", "change")]),
], ids=["existing-entities-win", "overwrite_ents"])
def test_existing_entities(overwrite: bool, expected: list[tuple[str, str]]) -> None:
    nlp = blank_zh()
    doc = nlp.make_doc("全年受理申请1,362件，同比增长7.5%左右。")
    doc.ents = [doc.char_span(0, 7, label="EVENT")]
    component = GovReportIndicators(nlp, set_ents=True, overwrite_ents=overwrite)
    doc = component(doc)
    assert [(e.text, e.label_) for e in doc.ents] == expected


def test_ents_untouched_by_default(nlp: spacy.Language) -> None:
    assert nlp("全年受理申请95件。").ents == ()


# --- configuration and errors ---------------------------------------------------------------

@pytest.mark.parametrize(("config", "code"), [
    ({"alignment_mode": "nearest"}, "GRS001"),
    ({"spans_key": "same", "sections_key": "same"}, "GRS002"),
], ids=["alignment_mode=nearest", "same-keys"])
def test_bad_config_raises_coded_error(config: dict[str, str], code: str) -> None:
    nlp = blank_zh()
    with pytest.raises(ValueError, match=rf"^\[{code}\].*config"):
        nlp.add_pipe("govreport_indicators", config=config)


def test_foreign_span_group_is_not_overwritten() -> None:
    nlp = blank_zh()
    nlp.add_pipe("govreport_indicators")
    doc = nlp.make_doc("全年受理申请95件。")
    doc.spans["govreport"] = [doc[0:1]]
    with pytest.raises(ValueError, match=r"^\[GRS004\]"):
        nlp.get_pipe("govreport_indicators")(doc)


def test_custom_keys() -> None:
    nlp = blank_zh()
    nlp.add_pipe("govreport_indicators",
                 config={"spans_key": "figures", "sections_key": "headings"})
    doc = nlp("二、主动公开情况\n全年主动公开政府信息2847条。")
    assert [s.text for s in doc.spans["figures"]] == ["2847条"]
    assert [s._.govreport.title for s in doc.spans["headings"]] == ["主动公开情况"]
    assert "govreport" not in doc.spans


def test_extensions_are_guarded_and_namespaced() -> None:
    register_extensions()
    register_extensions()  # a second registration is a no-op, not an error
    assert EXTENSION == "govreport"
    assert Doc.has_extension("govreport")
    assert Span.has_extension("govreport")


def test_reprocessing_a_doc_replaces_its_own_spans(nlp: spacy.Language) -> None:
    doc = nlp("全年受理申请95件。")
    again = nlp.get_pipe("govreport_indicators")(doc)
    assert [s.text for s in again.spans["govreport"]] == ["95件"]
    assert isinstance(again.spans["govreport"][0]._.govreport, Indicator)


def test_span_objects_carry_key_and_period(nlp: spacy.Language) -> None:
    doc = nlp("二、2026年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。")
    figure = next(span._.govreport for span in doc.spans["govreport"] if span.text == "5%左右")
    assert (figure.key, figure.period) == ("gdp_growth", "2026")
    restored = round_trip(doc)
    back = next(span._.govreport for span in restored.spans["govreport"]
                if span.text == "5%左右")
    assert (back.key, back.period) == ("gdp_growth", "2026")

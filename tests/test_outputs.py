"""Writers and tidy tables: what other systems read back agrees with the records."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp.deliver.batch import parse_records
from govreport_nlp.deliver.frames import (
    CHECK_COLUMNS,
    INDICATOR_COLUMNS,
    REPORT_COLUMNS,
    SECTION_COLUMNS,
    exact,
    to_dataframe,
)
from govreport_nlp.deliver.outputs import companion_paths, format_for, open_writer

TEXTS = {
    "hongze.txt": "一、总体情况\n（一）主动公开\n全年主动公开政府信息2847条，同比增长12.5%。\n"
                  "二、收到和处理政府信息公开申请情况\n全年受理政府信息公开申请95件。",
    "plain.txt": "本年度共办结申请120件。",
    "empty.txt": "",
}


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    inputs: list[Any] = [(name, text.encode()) for name, text in TEXTS.items()]
    inputs.append(("broken.pdf", b"%PDF-1.4 not really"))
    return list(parse_records(inputs))


def counts(records: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "reports": len(records),
        "indicators": sum(len(r.get("indicators", ())) for r in records),
        "sections": sum(len(r.get("sections", ())) for r in records),
        "checks": sum(len(r.get("checks", ())) for r in records),
        "errors": sum("error" in r for r in records),
    }


def test_fixture_has_what_the_tests_need(records: list[dict[str, Any]]) -> None:
    assert counts(records)["errors"] == 1
    assert counts(records)["indicators"] >= 3
    assert counts(records)["sections"] >= 2


def test_jsonl_round_trip(records: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with open_writer("jsonl", path) as writer:
        for record in records:
            writer.write(record)
    back = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert back == records


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet="一二三年件%万元增长。\n0123456789.", max_size=40), max_size=4))
def test_jsonl_round_trip_any_text(texts: list[str]) -> None:
    records = list(parse_records([(f"{i}.txt", t.encode()) for i, t in enumerate(texts)]))
    out = io.StringIO()
    with open_writer("jsonl", stream=out) as writer:
        for record in records:
            writer.write(record)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == records


def test_dataframe_columns_and_rows(records: list[dict[str, Any]]) -> None:
    frames = to_dataframe(records, relational=True)
    assert list(frames.indicators.columns) == [name for name, _ in INDICATOR_COLUMNS]
    assert list(frames.sections.columns) == [name for name, _ in SECTION_COLUMNS]
    assert list(frames.reports.columns) == [name for name, _ in REPORT_COLUMNS]
    assert list(frames.checks.columns) == [name for name, _ in CHECK_COLUMNS]
    expected = counts(records)
    assert len(frames.indicators) == expected["indicators"]
    assert len(frames.sections) == expected["sections"]
    assert len(frames.reports) == expected["reports"]
    assert frames.reports["error_type"].notna().sum() == 1


def test_dataframe_values_are_exact_and_sections_linked(records: list[dict[str, Any]]) -> None:
    frames = to_dataframe(records, relational=True)
    hongze = frames.indicators[frames.indicators["source"] == "hongze.txt"]
    by_text = dict(zip(hongze["text"], hongze["value_exact"], strict=True))
    assert by_text["2847条"] == "2847"
    assert Decimal(by_text["12.5%"]) == Decimal("12.5")
    assert str(hongze["value"].dtype) == "float64"
    assert dict(zip(hongze["text"], hongze["value"], strict=True))["12.5%"] == 12.5
    figure = hongze[hongze["text"] == "2847条"].iloc[0]
    sections = frames.sections[frames.sections["source"] == "hongze.txt"]
    innermost = sections[sections["seq"] == figure["section_seq"]].iloc[0]
    assert innermost["title"] == figure["section"]
    assert figure["section_path"].endswith(figure["section"])


def test_dataframe_accepts_report_objects() -> None:
    from govreport_nlp.deliver.batch import parse_many

    reports = list(parse_many([("x.txt", TEXTS["plain.txt"].encode())]))
    assert to_dataframe(reports)["text"].tolist() == ["120件"]


@pytest.mark.parametrize("value, expected", [
    (12.5, Decimal("12.5")), (0.1, Decimal("0.1")), (31000, 31000), (None, None),
], ids=["12.5", "0.1", "31000", "null"])
def test_exact_recovers_printed_digits(value: Any, expected: Any) -> None:
    assert exact(value) == expected and type(exact(value)) is type(expected)


def test_csv_header_matches_dataframe(records: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with open_writer("csv", path) as writer:
        for record in records:
            writer.write(record)
    frames = to_dataframe(records, relational=True)
    tables = {"indicators": frames.indicators, "reports": frames.reports,
              "sections": frames.sections, "checks": frames.checks}
    for name, file in companion_paths(path).items():
        with file.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == list(tables[name].columns), name
        assert len(rows) - 1 == len(tables[name]), name


def test_csv_to_stream_is_the_indicators_table(records: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    with open_writer("csv", stream=out) as writer:
        for record in records:
            writer.write(record)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == counts(records)["indicators"]
    assert {"2847条", "12.5%", "95件", "120件"} <= {r["text"] for r in rows}
    assert {r["value"] for r in rows if r["text"] == "12.5%"} == {"12.5"}


def test_parquet_read_back(records: list[dict[str, Any]], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    with open_writer("parquet", path) as writer:
        for record in records:
            writer.write(record)
    paths = companion_paths(path)
    expected = counts(records)
    for name in ("indicators", "reports", "sections", "checks"):
        assert pq.read_table(paths[name]).num_rows == expected[name], name
    indicators = pq.read_table(path).to_pandas()
    assert list(indicators.columns) == [name for name, _ in INDICATOR_COLUMNS]
    assert Decimal("12.5") in set(indicators["value"])
    reports = pq.read_table(paths["reports"]).to_pandas()
    assert reports["error_type"].notna().sum() == expected["errors"]


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            "reports": db.execute("SELECT count(*) FROM reports").fetchone()[0],
            "indicators": db.execute("SELECT count(*) FROM indicators").fetchone()[0],
            "sections": db.execute("SELECT count(*) FROM sections").fetchone()[0],
            "checks": db.execute("SELECT count(*) FROM checks").fetchone()[0],
            "errors": db.execute(
                "SELECT count(*) FROM reports WHERE error_type IS NOT NULL").fetchone()[0],
        }


def write_sqlite(path: Path, records: list[dict[str, Any]]) -> None:
    with open_writer("sqlite", path) as writer:
        for record in records:
            writer.write_group(record["source"], record.get("sha256"), [record])


def test_sqlite_read_back_with_keys(records: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "out.sqlite"
    write_sqlite(path, records)
    assert sqlite_counts(path) == counts(records)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        title, value = db.execute(
            "SELECT s.title, i.value FROM indicators i JOIN sections s ON s.id = i.section_id "
            "WHERE i.text = '2847条'").fetchone()
        assert value == 2847 and title
        assert db.execute("SELECT value FROM indicators WHERE text = '12.5%'").fetchone() == (
            12.5,)
        tidy = db.execute("SELECT count(*) FROM indicators_tidy").fetchone()[0]
        assert tidy == counts(records)["indicators"]


def test_sqlite_rerun_replaces_failures_and_keeps_successes(
        records: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "out.sqlite"
    write_sqlite(path, records)
    with open_writer("sqlite", path) as writer:
        ok = next(r for r in records if "error" not in r)
        failed = next(r for r in records if "error" in r)
        assert writer.stored(ok["source"], ok["sha256"])
        assert not writer.stored(failed["source"], failed["sha256"])
        writer.write_group(failed["source"], failed["sha256"], [failed])
    assert sqlite_counts(path) == counts(records)


@pytest.mark.parametrize("path, fmt", [
    ("x.jsonl", "jsonl"), ("x.csv", "csv"), ("x.parquet", "parquet"), ("x.sqlite", "sqlite"),
    ("x.db", "sqlite"), ("x.txt", "jsonl"),
], ids=lambda v: str(v))
def test_format_for_suffix(path: str, fmt: str) -> None:
    assert format_for(path) == fmt


def test_parquet_and_sqlite_need_a_path() -> None:
    for fmt in ("parquet", "sqlite"):
        with pytest.raises(ValueError, match="needs an output path"):
            open_writer(fmt)


def test_figures_past_64_bits_are_stored(tmp_path: Path) -> None:
    """10.36百亿亿次/秒 (Henan 2026) is 1.036e19, past SQLite's 64-bit integers."""
    record = {"source": "henan.txt", "sha256": "0" * 64, "meta": {}, "sections": [],
              "checks": [], "warnings": [], "indicators": [{
                  "start": 0, "end": 11, "text": "10.36百亿亿次/秒", "value": 10360000000000000000,
                  "value_max": None, "unit": "次/秒", "qualifier": None, "name": "算力",
                  "verb": None, "kind": "count", "section": [], "table": None}]}
    with open_writer("sqlite", tmp_path / "big.sqlite") as writer:
        writer.write(record)
    with sqlite3.connect(tmp_path / "big.sqlite") as db:
        assert db.execute("SELECT value FROM indicators").fetchone() == (1.036e19,)
    pq = pytest.importorskip("pyarrow.parquet")
    with open_writer("parquet", tmp_path / "big.parquet") as writer:
        writer.write(record)
    assert pq.read_table(tmp_path / "big.parquet").column("value").to_pylist() == [
        Decimal("10360000000000000000")]

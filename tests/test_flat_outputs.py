"""The flat outputs keep what the JSON has (issue 20): CSV, Parquet, SQLite and the pandas
tables carry each figure's restated template cell and whether it agrees, the canonical key of
its section path, its key and period and the report's issuer fields; DataFrames give numbers
for analysis (float64) with the exact digits beside them; a folder and the same files in a zip
give rows in the same order."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govreport_nlp.cli import main
from govreport_nlp.deliver.frames import INDICATOR_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "corpora"
# A bundled template-era report whose prose restates template cells (some agree)
HUAIAN = BUNDLED / "info_disclosure" / "2024_huaianshi.pdf"
# Plain-text reports that need no extra: the seed, the national report of 1985, a GBK county one
TEXTS = [BUNDLED / "2012_benxi.txt", BUNDLED / "work_reports" / "1985_guowuyuan.txt",
         BUNDLED / "work_reports" / "2015_hailaerqu.gbk.txt"]
ADDED = ("value_exact", "value_max_exact", "section_key", "section_key_path", "restates_table",
         "restates_row", "restates_column", "agrees", "issuer_level", "date")


def _records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _expected(record: dict[str, Any]) -> list[dict[str, Any]]:
    """What each figure's flat row must say, read from the JSON record itself."""
    sections = record["sections"]
    meta = record["meta"]
    rows = []
    for figure in record["indicators"]:
        chain = [s for s in sections if s["start"] <= figure["start"] < s["end"]]
        restates = figure.get("restates") or {}
        rows.append({
            "text": figure["text"], "value_exact": str(Decimal(str(figure["value"]))),
            "key": figure.get("key"), "period": figure.get("period"),
            "section_key": chain[-1].get("key") if chain else None,
            "restates_table": restates.get("id"), "restates_row": restates.get("row"),
            "restates_column": restates.get("column"), "agrees": figure.get("agrees"),
            "issuer_canonical": meta["issuer_canonical"], "issuer_level": meta["issuer_level"],
            "region_code": meta["region_code"],
        })
    return rows


def _normal(value: Any) -> Any:
    """CSV gives text, SQLite 0/1 for booleans: compare as the JSON has them."""
    if value in ("", None):
        return None
    if (value in ("True", "true", 1, True) and not isinstance(value, int | float)) or value is True:
        return True
    if value in ("False", "false", False) or value is False:
        return False
    return value


def _compare(rows: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        got = {name: _normal(row[name]) for name in want}
        if isinstance(row["agrees"], int) and not isinstance(row["agrees"], bool):
            got["agrees"] = None if row["agrees"] is None else bool(row["agrees"])
        got["value_exact"] = str(Decimal(str(row["value_exact"])))
        assert got == {k: _normal(v) for k, v in want.items()}, row["text"]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pypdfium2")
    pytest.importorskip("pyarrow")
    out = tmp_path_factory.mktemp("flat")
    assert main(["parse", str(HUAIAN), "-q", "-o", str(out / "all.jsonl"),
                 "-o", str(out / "all.csv"), "-o", str(out / "all.parquet"),
                 "-o", str(out / "all.sqlite")]) == 0
    return out


def test_the_sample_restates_cells_and_has_keyed_sections(written: Path) -> None:
    (record,) = _records(written / "all.jsonl")
    expected = _expected(record)
    assert sum(1 for row in expected if row["restates_table"]) >= 3
    assert {row["agrees"] for row in expected if row["restates_table"]} >= {True}
    assert sum(1 for row in expected if row["section_key"]) > 10
    assert record["meta"]["issuer_level"] == "prefecture"


def test_csv_keeps_what_the_json_has(written: Path) -> None:
    (record,) = _records(written / "all.jsonl")
    with open(written / "all.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [name for name, _ in INDICATOR_COLUMNS]
    _compare(rows, _expected(record))


def test_parquet_keeps_what_the_json_has(written: Path) -> None:
    import pyarrow.parquet as pq

    (record,) = _records(written / "all.jsonl")
    _compare(pq.read_table(written / "all.parquet").to_pylist(), _expected(record))


def test_sqlite_keeps_what_the_json_has(written: Path) -> None:
    (record,) = _records(written / "all.jsonl")
    with sqlite3.connect(written / "all.sqlite") as db:
        db.row_factory = sqlite3.Row
        rows = [dict(row) for row in db.execute("SELECT * FROM indicators_tidy")]
    assert list(rows[0]) == [name for name, _ in INDICATOR_COLUMNS]
    _compare(rows, _expected(record))


def test_dataframe_keeps_what_the_json_has_with_numbers_for_analysis(written: Path) -> None:
    pytest.importorskip("pandas")
    from govreport_nlp import to_dataframe

    (record,) = _records(written / "all.jsonl")
    table = to_dataframe([record])
    assert str(table["value"].dtype) == "float64"
    assert str(table["value_max"].dtype) == "float64"
    assert table["value"].describe()["count"] == len(record["indicators"])
    rows = [{k: (None if v is not None and v != v else v) for k, v in row.items()}
            for row in table.astype(object).where(table.notna(), None).to_dict("records")]
    _compare(rows, _expected(record))
    relational = to_dataframe([record], relational=True)
    assert relational.indicators.equals(table)
    assert len(relational.sections) == len(record["sections"])


def test_dataframe_value_is_float_and_exact_beside_it() -> None:
    pytest.importorskip("pandas")
    from govreport_nlp import parse_text, to_dataframe

    table = to_dataframe([parse_text("二、主动公开情况\n全年主动公开政府信息3.1万条，增长12.5%。")])
    assert table["value"].tolist() == [31000.0, 12.5]
    assert table["value_exact"].tolist() == ["31000", "12.5"]
    assert table.columns[-len(ADDED):].tolist() == list(ADDED)


# --- deterministic order -----------------------------------------------------------------

def _order(out: Path) -> list[tuple[str, str, str]]:
    with open(out, encoding="utf-8", newline="") as handle:
        return [(Path(row["source"].replace("!", "/")).name, row["seq"], row["text"])
                for row in csv.DictReader(handle)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_and_the_same_files_zipped_give_rows_in_the_same_order(
        jobs: str, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "b").mkdir(parents=True)
    # written in an order that is neither sorted nor the zip's
    for path, name in ((TEXTS[2], "b/hailaer.txt"), (TEXTS[0], "z_benxi.txt"),
                       (TEXTS[1], "a_1985.txt")):
        (folder / name).write_bytes(path.read_bytes())
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as z:  # members in a different order from the folder
        for name in ("z_benxi.txt", "b/hailaer.txt", "a_1985.txt"):
            z.write(folder / name, name)
    assert main(["parse", str(folder), "-q", "-j", jobs, "-o", str(tmp_path / "f.csv")]) == 0
    assert main(["parse", str(archive), "-q", "-j", jobs, "-o", str(tmp_path / "z.csv")]) == 0
    from_folder, from_zip = _order(tmp_path / "f.csv"), _order(tmp_path / "z.csv")
    assert from_folder == from_zip
    assert [name for name, _, _ in from_folder][::200][0] == "a_1985.txt"
    assert len({name for name, _, _ in from_folder}) == 3

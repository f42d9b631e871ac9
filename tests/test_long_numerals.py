"""Values stay exact and bounded: a numeral printing more than ``MAX_DIGITS`` digits is refused
(``NumeralTooLongError``), never rounded, and a report holding one still writes in every format.

Before the bound, ``1…1.5`` with 5 000 digits in a template cell became ``Infinity`` in JSON
Lines and an ``OverflowError`` that lost the report in SQLite (issue 19).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp import cli
from govreport_nlp.figures.numbers import find_quantities
from govreport_nlp.figures.numerals import MAX_DIGITS, NumeralTooLongError, parse_numeral
from govreport_nlp.pipeline import parse_text
from govreport_nlp.tables.grid import parse_value
from readback import outcomes

FORMATS = ["jsonl", "csv", "parquet", "sqlite"]


@pytest.mark.parametrize(
    "printed",
    ["1" * (MAX_DIGITS + 1), "1" * 5000 + ".5", "1" * 20 + "." + "5" * 9, "一二三四五六七八九" * 4,
     "１" * (MAX_DIGITS + 1), "1,234,567,890,123,456,789,012,345,678,901"],
    ids=lambda p: f"{p[:12]}…({len(p)})",
)
def test_a_numeral_over_max_digits_is_refused_with_its_type(printed: str) -> None:
    with pytest.raises(NumeralTooLongError, match="MAX_DIGITS"):
        parse_numeral(printed)


@pytest.mark.parametrize(
    ("printed", "value"),
    [("9" * MAX_DIGITS, int("9" * MAX_DIGITS)),
     ("1" * 14 + "." + "1" * 14, Decimal("1" * 14 + "." + "1" * 14)),
     ("1.26万亿", 1260000000000)],
    ids=lambda p: str(p)[:16],
)
def test_a_numeral_at_max_digits_is_read_exactly(printed: str, value: object) -> None:
    assert parse_numeral(printed) == value


@settings(deadline=None)  # the first example loads the vocabularies
@given(st.integers(min_value=1, max_value=10**MAX_DIGITS - 1), st.integers(0, 8))
def test_every_readable_figure_keeps_every_digit(whole: int, point: int) -> None:
    digits = str(whole)
    cut = len(digits) - point
    printed = digits if not point or cut <= 0 else f"{digits[:cut]}.{digits[cut:]}"
    (found,) = find_quantities(f"收入{printed}亿元")
    assert Decimal(found.value) == Decimal(printed) * 100_000_000


@pytest.mark.parametrize(
    "text",
    ["收入" + "1" * 5000 + ".5元", "收入" + "1" * 5000 + "元", "增长" + "9" * 40 + "%",
     "收入" + "1" * 30 + ".5亿元"],
    ids=lambda t: f"{t[:6]}…({len(t)})",
)
def test_the_scanner_skips_a_too_long_figure(text: str) -> None:
    assert find_quantities(text) == []


def test_a_table_cell_over_max_digits_is_refused() -> None:
    with pytest.raises(NumeralTooLongError):
        parse_value("1" * 5000 + ".5")
    assert parse_value("1" * MAX_DIGITS) == int("1" * MAX_DIGITS)


def _disclosure_with(cell: str) -> str:
    """The template tables of 2024_huaianshi, with one cell replaced."""
    return (
        "淮安市2024年政府信息公开工作年度报告\n"
        "二、主动公开政府信息情况\n"
        "第二十条 第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n"
        "规章 1 0 11\n行政规范性文件 8 26 66\n"
        f"第二十条 第（五）项\n信息内容 本年处理决定数量\n行政许可 {cell}\n"
        "第二十条 第（六）项\n信息内容 本年处理决定数量\n行政处罚 3985758\n行政强制 88283\n"
        "第二十条 第（八）项\n信息内容 本年收费金额（单位：万元）\n行政事业性收费 96171.6\n"
        "三、收到和处理政府信息公开申请情况\n"
    )


def test_the_huge_cell_is_not_read_and_the_rest_is() -> None:
    plain = {i.name: i.value for i in parse_text(_disclosure_with("447228")).indicators}
    huge = {i.name: i.value for i in parse_text(_disclosure_with("1" * 5000 + ".5")).indicators}
    assert plain.pop("行政许可（本年处理决定数量）") == 447228
    assert huge == plain


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_with_a_huge_cell_writes_in_every_format(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_huge.txt").write_text(_disclosure_with("1" * 5000 + ".5"), "utf-8")
    (folder / "b_plain.txt").write_text(_disclosure_with("7"), "utf-8")
    out = tmp_path / f"out.{fmt}"
    assert cli.main(["parse", "--no-progress", "-q", str(folder), "-o", str(out)]) == 0
    assert sorted((Path(s).name, e) for s, e in outcomes(out)) == [
        ("a_huge.txt", None), ("b_plain.txt", None)
    ]
    if fmt in ("jsonl", "csv"):
        written = "".join(p.read_text("utf-8") for p in tmp_path.glob("out*"))
        assert "Infinity" not in written and "1" * (MAX_DIGITS + 1) not in written.replace(
            "1" * 5000 + ".5", ""
        )

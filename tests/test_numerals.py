"""One numeral vocabulary (issue 18): data/numerals.tsv read by text/numerals.py, and the one
reader of whole numbers (years, congress terms, plan and heading numbers) built on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from govreport_nlp.text.numerals import (
    CN_DIGITS,
    CN_SMALL_UNITS,
    COUNTING_NUMERALS,
    PLAIN_DIGITS,
    parse_numeral,
    read_whole,
    to_chinese,
)

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "govreport_nlp"

# (as printed, value): the forms structure/meta.py, sections.py and figures/roles.py,
# periods.py read — a delivery year, a term and session, a heading, a plan number
WHOLE = [
    ("一九五八", 1958), ("二〇二六", 2026), ("二○○○", 2000), ("1998", 1998), ("１９９８", 1998),
    ("十四", 14), ("二十", 20), ("二十七", 27), ("十", 10), ("十三", 13), ("六", 6), ("7", 7),
]


@pytest.mark.parametrize(("printed", "value"), WHOLE, ids=[p for p, _ in WHOLE])
def test_read_whole(printed: str, value: int) -> None:
    assert read_whole(printed) == value


@pytest.mark.parametrize("printed", ["三点五", "3.5", "进一步", ""])
def test_read_whole_refuses_what_is_not_a_whole_number(printed: str) -> None:
    with pytest.raises(ValueError):
        read_whole(printed)


@pytest.mark.parametrize("char", sorted(CN_DIGITS), ids=sorted(CN_DIGITS))
def test_each_digit_reads_as_its_value(char: str) -> None:
    assert parse_numeral(char) == CN_DIGITS[char]


def test_plain_digits_write_every_value_and_read_back() -> None:
    assert sorted({CN_DIGITS[c] for c in PLAIN_DIGITS}) == list(range(10))
    assert all(c in CN_DIGITS for c in COUNTING_NUMERALS if c not in CN_SMALL_UNITS)
    for n in (0, 7, 10, 21, 305, 1958, 10005):
        assert parse_numeral(to_chinese(n)) == n


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


# read/ may not import text/: its page numerals come from data/numerals.tsv directly.
def test_no_module_spells_out_the_digits() -> None:
    """A string holding 一二三 or 〇○零 spells a digit table: the digits come from numerals."""
    offenders = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "numerals.py" or path.parent.name != "text"
        if any("一二三" in s or "〇一二" in s or "零〇" in s or "〇○" in s
               for s in _string_literals(path))
    )
    assert offenders == []

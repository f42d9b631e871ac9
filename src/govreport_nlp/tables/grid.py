"""Template tables read from the source format's table model: a rectangular grid of cells.

HTML and DOCX tables (merged cells expanded into copies), ruled PDF tables (blank cells kept in
their grid column) and Markdown pipe tables all reach this module as a
:class:`~govreport_nlp.models.Table`.  Each data column gets its *header path* (the header
cells above it, top to bottom: 行政诉讼 › 复议后起诉 › 总计) and each data row its *label path*
(the label cells left of the numbers: 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密); the
paths are matched against the template's wordings (:func:`template.match_column`,
:func:`template.match_row`).  Because every value is read where the grid puts it, a blank cell
is a blank cell: it is 0 with ``blank=True``, never a reason to shift the numbers after it.
Text without a grid (PDF text already flattened) is read by :mod:`.cells` instead.

>>> from govreport_nlp.models import Cell, Table
>>> pieces = ["（一）予以公开", "3", "", "—", "", "", "", "3"]
>>> text = " ".join(pieces)
>>> heads = ("", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
>>> row, at = [], 0
>>> for piece in pieces:
...     row.append(Cell(piece, at, at + len(piece)))
...     at += len(piece) + 1
>>> reading = read_grid(text, Table((tuple(Cell(h) for h in heads), tuple(row))))
>>> reading.table, [(v.column, v.value, v.blank) for v in reading.values][:3]
('T3', [('natural_person', 3, False), ('commercial', 0, True), ('research', 0, True)])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from .._data import load_table
from ..models import Cell, Number, Table
from ..text.numerals import MAX_DIGITS, check_digits
from . import template

__all__ = [
    "CELL_NUMBER",
    "MONEY_UNIT",
    "MONEY_UNITS",
    "NUMBER",
    "SIGNED_NUMBER",
    "GridReading",
    "GridValue",
    "HeaderMap",
    "is_blank",
    "parse_value",
    "read_grid",
]

_DIGIT = r"[0-9０-９]"
_THOUSANDS = rf"(?:[,，]{_DIGIT}{{3}})"
_FRACTION = rf"(?:[.．]{_DIGIT}+)"
# a number printing more than MAX_DIGITS digits is no cell value (numerals.py): the look-ahead
# (digits, each after at most one separator) fails it at once, so such a cell reads as text
_NOT_TOO_LONG = rf"(?!(?:[,，.．]?{_DIGIT}){{{MAX_DIGITS + 1}}})"
NUMBER = rf"{_NOT_TOO_LONG}{_DIGIT}+{_THOUSANDS}*{_FRACTION}?"
# The 2019 template's 本年增/减 column may print a sign: -3, +2, －1.
_SIGN = r"[-+－＋−]"
SIGNED_NUMBER = rf"{_SIGN}?{NUMBER}"
# Money units a cell may print after its amount (2019 采购总金额 cells: 251000元), with the factor
# that expands them to 元.
MONEY_UNITS = {"万元": 10000, "元": 1}
MONEY_UNIT = rf"(?P<unit>{'|'.join(sorted(MONEY_UNITS, key=len, reverse=True))})"
# A cell may carry a note after its number: 22（其中修订16件）.
CELL_NUMBER = regex.compile(
    rf"^\s*(?P<number>{SIGNED_NUMBER})\s*{MONEY_UNIT}?\s*(?:[（(][^）)]*[）)])?\s*$"
)
# A header's unit for its money column: 本年收费金额（单位：万元） -> 单位万元 once normalised.
_HEADER_MONEY_UNIT = regex.compile(rf"金额(?:单位)?{MONEY_UNIT}")
# Distinct column keys a header must place before its table is taken for that template table:
# one T2 column (a block prints one to three), most of T3's seven and T4's fifteen.
_MIN_COLUMNS = {"T2": 1, "T3": 4, "T4": 8}


def parse_value(printed: str) -> Number:
    """Exact value of a printed table number (full-width digits, thousands separators).

    >>> parse_value("7,545"), parse_value("７７３０．２８"), parse_value("－3")
    (7545, Decimal('7730.28'), -3)
    """
    plain = unicodedata.normalize("NFKC", printed).replace(",", "").replace("−", "-")
    check_digits(plain)  # NumeralTooLongError: never a value that arithmetic would round
    return Decimal(plain) if "." in plain else int(plain)


@cache
def _blank_marks() -> frozenset[str]:
    return frozenset(row["mark"] for row in load_table("blank_cells.tsv"))


def is_blank(text: str) -> bool:
    """Whether a cell prints no count: empty, spaces/&nbsp;, or a mark of
    ``data/blank_cells.tsv`` (—, -, /, 无).

    >>> [is_blank(t) for t in ("", "\\xa0", " — ", "／", "无", "0", "无法提供")]
    [True, True, True, True, True, False, False]
    """
    stripped = text.strip().replace("\u3000", "")
    return not stripped or stripped in _blank_marks()


@dataclass(frozen=True, slots=True)
class GridValue:
    """One template cell read from a grid; ``start``/``end`` index the document text at the
    printed number (start == end for a blank cell, where it sits).  ``factor`` is 元 per
    printed unit for an amount (1 for counts)."""

    table: str
    row: str
    column: str
    value: Number
    start: int
    end: int
    unit: str = ""
    factor: int = 1
    blank: bool = False


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Which template table a header block announces, and the column key of every grid
    column (None for label columns)."""

    table: str
    keys: tuple[str | None, ...]
    editions: frozenset[str]
    paths: tuple[str, ...]  # each column's header path, normalised and joined


@dataclass(frozen=True, slots=True)
class GridReading:
    """What :func:`read_grid` found in one table: the values, the rows read (header rows
    included; the others are left to the text reader), the header in force at the end (the
    next table continues with it when a page break split the table)."""

    table: str | None
    values: tuple[GridValue, ...]
    consumed: frozenset[int]
    header: HeaderMap | None
    warnings: tuple[str, ...] = ()


def _header_texts(rows: Sequence[Sequence[Cell]], block: Sequence[int],
                  width: int) -> list[list[str]]:
    """The header block's cell texts.  A grid that says nothing of merged cells (a Markdown
    pipe table: a merged cell printed once, the positions it covers left empty) has its group
    headers spread back over their columns: an empty header cell takes the text on its left
    when the header row below has a cell under it (行政复议 over 结果纠正 … 总计).  Filled from
    the bottom row up, so a group over groups spreads too; the bottom row is never filled."""
    texts = [[rows[i][j].text if j < len(rows[i]) else "" for j in range(width)] for i in block]
    if any(c.merged for i in block for c in rows[i]):
        return texts
    for r in range(len(texts) - 2, -1, -1):
        for j in range(1, width):
            if is_blank(texts[r][j]) and not is_blank(texts[r][j - 1]) and not is_blank(
                texts[r + 1][j]
            ):
                texts[r][j] = texts[r][j - 1]
    return texts


def _header_path(texts: Sequence[Sequence[str]], column: int) -> list[str]:
    path: list[str] = []
    for row in texts:
        text = row[column]
        if not is_blank(text) and (not path or path[-1] != text):
            path.append(text)
    return path


def _header_map(rows: Sequence[Sequence[Cell]], block: Sequence[int]) -> HeaderMap | None:
    """The template table whose column wordings the header block prints most of."""
    width = max(len(r) for r in rows)
    texts = _header_texts(rows, block, width)
    paths = [_header_path(texts, j) for j in range(width)]
    best: HeaderMap | None = None
    best_count = 0
    for table in template.TABLES:
        matches = [template.match_column(table, p) if p else None for p in paths]
        keys = tuple(m[0] if m else None for m in matches)
        count = len({k for k in keys if k})
        if count >= _MIN_COLUMNS[table] and count > best_count:
            editions = frozenset(m[1] for m in matches if m and m[1] in template.VARIANTS)
            joined = tuple(template.normalise_label("".join(p)) for p in paths)
            best, best_count = HeaderMap(table, keys, editions, joined), count
    return best


def _kind(cell: Cell) -> str:
    """number / blank / text; a merged copy of a number or blank is neither (``copy``)."""
    if is_blank(cell.text):
        return "copy" if cell.merged else "blank"
    if CELL_NUMBER.match(cell.text):
        return "copy" if cell.merged else "number"
    return "text"


def _label_path(row: Sequence[Cell], header: HeaderMap) -> list[str]:
    path: list[str] = []
    for j, cell in enumerate(row):
        key = header.keys[j] if j < len(header.keys) else None
        if key is None and not is_blank(cell.text) and (not path or path[-1] != cell.text):
            path.append(cell.text)
    return path


def _row_key(table: str, path: Sequence[str]) -> str | None:
    """The template row a label path names: its last cell alone (1.属于国家秘密), else the
    whole path (a label split over two cells)."""
    if table == "T4":
        return "cases"
    if not path:
        return None
    match = template.match_row(table, path[-1]) or template.match_row(table, " ".join(path))
    return match.key if match else None


@dataclass
class _Reader:
    text: str
    rows: Sequence[Sequence[Cell]]
    header: HeaderMap | None
    values: list[GridValue]
    warnings: list[str]
    fallback: int  # an offset for blank cells the document text does not hold

    def located(self, cell: Cell) -> int:
        if cell.start >= 0 and self.text[cell.start : cell.start + len(cell.text)] == cell.text:
            return cell.start
        return -1

    def is_data(self, row: Sequence[Cell]) -> bool:
        """A row of the table's body: no text under a mapped header, and either a number or
        (all blank) a label naming a template row (T4: its one data row)."""
        assert self.header is not None
        kinds = [_kind(c) for j, c in enumerate(row)
                 if j < len(self.header.keys) and self.header.keys[j]]
        if not kinds or "text" in kinds:
            return False
        if "number" in kinds:
            return True
        return "blank" in kinds and (
            self.header.table == "T4" or _row_key(self.header.table, _label_path(row, self.header))
            is not None
        )

    def read(self, row: Sequence[Cell]) -> bool:
        """Read one body row; False when its label names no template row."""
        assert self.header is not None
        table = self.header.table
        path = _label_path(row, self.header)
        key = _row_key(table, path)
        if key is None:
            return False
        valid = ({c for cols in template.layouts("T2", key).values() for c in cols}
                 if table == "T2" else set(template.columns(table)))
        by_column: dict[str, list[int]] = {}
        for j, column in enumerate(self.header.keys[: len(row)]):
            if column in valid:
                by_column.setdefault(column, []).append(j)
        for column, positions in by_column.items():
            value = self._value(table, key, column, [row[j] for j in positions],
                                [self.header.paths[j] for j in positions])
            if value is not None:
                self.values.append(value)
        return True

    def _value(self, table: str, key: str, column: str, cells: Sequence[Cell],
               paths: Sequence[str]) -> GridValue | None:
        """The value of one template column of a row, from the grid cells its header covers
        (a header merged over three columns covers three; the row prints one number there)."""
        numbers = [c for c in cells if _kind(c) == "number"]
        blanks = [c for c in cells if _kind(c) == "blank"]
        if len({c.text.strip() for c in numbers}) > 1:
            self.warnings.append(
                f"{table}: {key}.{column}: {len(numbers)} different numbers under one header; "
                "not read"
            )
            return None
        if not numbers:
            if not blanks:
                return None
            at = self.located(blanks[0])
            at = at if at >= 0 else self.fallback
            return GridValue(table, key, column, 0, at, at, blank=True)
        cell = numbers[0]
        at = self.located(cell)
        if at < 0:
            return None
        number = CELL_NUMBER.match(cell.text)
        assert number is not None
        start, unit = at + number.start("number"), number.group("unit") or ""
        factor = _factor(table, column, unit, paths[0]) if table == "T2" else 1
        if factor is None:
            self.warnings.append(
                f"T2: {key}.{column} {number.group('number')} printed without a unit; not read"
            )
            return None
        return GridValue(table, key, column, parse_value(number.group("number")), start,
                         start + len(number.group("number")), unit, factor)


def _factor(table: str, column: str, unit: str, header_path: str) -> int | None:
    """元 per printed unit of a T2 amount: the cell's own unit, else its header's, else the
    template's (本年收费金额 is printed in 万元; 采购总金额 has no template unit); 1 for counts."""
    template_unit = template.column_unit(table, column)
    if template_unit and template_unit not in MONEY_UNITS:
        return 1
    if unit:
        return MONEY_UNITS[unit]
    printed = _HEADER_MONEY_UNIT.search(header_path)
    if printed:
        return MONEY_UNITS[printed.group("unit")]
    return MONEY_UNITS.get(template_unit)


def read_grid(text: str, table: Table, previous: HeaderMap | None = None) -> GridReading:
    """Read the template cells of one grid ``table`` of the document ``text``.

    Rows without a number before the body form the header block; whenever the block names
    template columns (:func:`template.match_column` on each column's header path) it is the
    header in force, until the next block (T2 stacks one small table per 第二十条 item).  A
    table without a header of its own continues ``previous`` (the same table after a page
    break) when it is as wide.  Body rows are read where the grid puts them; rows whose label
    names no template row are left for the text reader (``consumed`` does not hold them).
    """
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    header = previous if previous is not None and len(previous.keys) == width else None
    located = [c.start for r in rows for c in r if c.start >= 0]
    reader = _Reader(text, rows, header, [], [], min(located, default=0))
    consumed: set[int] = set()
    block: list[int] = []
    kind: str | None = None
    for i, row in enumerate(rows):
        if reader.header is not None and reader.is_data(row):
            block = []
            if reader.read(row):
                consumed.add(i)
                kind = reader.header.table
            continue
        if any(_kind(c) == "number" for c in row):
            block = []
            continue
        block.append(i)
        found = _header_map(rows, block)
        if found is not None:
            reader.header = found
            consumed.update(block)
    if kind is None:
        return GridReading(None, (), frozenset(), reader.header, tuple(reader.warnings))
    return GridReading(kind, tuple(reader.values), frozenset(consumed), reader.header,
                       tuple(reader.warnings))

"""The three statistical tables of a disclosure report as keyed cells, and their arithmetic.

Every 政府信息公开工作年度报告 since the 2019 reports prints the same three tables (T2 主动公开,
T3 依申请公开, T4 复议诉讼; keys in ``data/disclosure_template.tsv``).  They reach us mangled:
PDF text with labels broken across lines and whole rows of numbers on one line, Markdown pipe
tables whose cells drifted, HTML/DOCX/PDF tables (``Document.tables``).  All of them are read
the same way: the text is cut into *rows* (a label and the numbers printed after it), the title
lines say which table a row belongs to, the label finds the template row (wording match,
whitespace and numbering ignored), and a row that lost its label takes the next template row
in order.  Offsets index the text given (``Document.text``), at the printed number.

>>> text = ("四、政府信息公开行政复议、行政诉讼情况\\n"
...         "1 1 0 0 2 1 0 0 0 1 2 0 1 0 3\\n")
>>> cells = extract_template_cells(text)
>>> [(c.column, c.value) for c in cells][:3]
[('review_upheld', 1), ('review_corrected', 1), ('review_other', 0)]
>>> [c.ok for c in check_template(cells)]
[True, True, True]
>>> extract_template_cells("没有表格的文字。")
[]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import ClassVar

import regex

from . import template
from ._data import load_table
from .errors import GovReportError
from .models import Check, Indicator, Kind, Number, Table, TableRef

__all__ = [
    "Restatement",
    "TemplateCell",
    "TemplateResult",
    "cell_kind",
    "cell_name",
    "check_template",
    "extract_template",
    "extract_template_cells",
    "link_restatements",
    "match_restatement",
    "register_cli",
]


@dataclass(frozen=True, slots=True)
class TemplateCell:
    """One data cell of a template table.  ``text == document_text[start:end]`` is the number
    as printed; ``value`` is exact and expanded (T2 fees printed in 万元 are given in 元)."""

    table: str
    row: str
    column: str
    value: Number
    unit: str
    start: int
    end: int
    text: str

    @property
    def ref(self) -> TableRef:
        return TableRef(self.table, self.row, self.column)


@dataclass(frozen=True, slots=True)
class TemplateResult:
    """What :func:`extract_template` found: the cells in document order, and warnings for
    tables or cells that were not found."""

    cells: tuple[TemplateCell, ...]
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Reading numbers

_DIGIT = r"[0-9０-９]"
_THOUSANDS = rf"(?:[,，]{_DIGIT}{{3}})"
_FRACTION = rf"(?:[.．]{_DIGIT}+)"
NUMBER = rf"{_DIGIT}+{_THOUSANDS}*{_FRACTION}?"
# A cell may carry a note after its number: 22（其中修订16件）.
_CELL_NUMBER = regex.compile(rf"^\s*(?P<number>{NUMBER})\s*(?:[（(][^）)]*[）)])?\s*$")
_TOKEN = regex.compile(r"\S+")
_WHOLE_NUMBER = regex.compile(rf"^{NUMBER}$")
# A number glued to the end of a label (行政许可9487): the label must end in Han or a bracket.
_GLUED_NUMBER = regex.compile(rf"(?<=[\p{{Han}}）)”])(?P<number>{NUMBER})$")
_PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{3,}")
_HEADING = regex.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
# Fees are printed in 万元; the template header says so.
_WAN = 10000


def _parse_value(printed: str) -> Number:
    """Exact value of a printed table number (full-width digits, thousands separators).

    >>> _parse_value("7,545"), _parse_value("７７３０．２８")
    (7545, Decimal('7730.28'))
    """
    plain = unicodedata.normalize("NFKC", printed).replace(",", "")
    return Decimal(plain) if "." in plain else int(plain)


def _expand(value: Number, factor: int) -> Number:
    if factor == 1:
        return value
    scaled = Decimal(value) * factor
    return int(scaled) if scaled == scaled.to_integral_value() else scaled


# ---------------------------------------------------------------------------------------------
# Rows: a label and the numbers printed after it, whatever the source format


@dataclass(frozen=True, slots=True)
class _Number:
    value: Number
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str  # "line" (plain text line) | "pipe" (Markdown) | "cell" (models.Table) | "marker"
    parts: tuple[str, ...]  # label fragments in reading order
    slots: tuple[_Number | None, ...]  # numbers; None = an empty cell (pipe/cell rows only)
    start: int
    table: str | None = None  # for "marker" rows: the table a structured table holds

    @property
    def label(self) -> str:
        return " ".join(self.parts)

    @property
    def numbers(self) -> list[_Number]:
        return [n for n in self.slots if n is not None]


def _line_row(line: str, offset: int) -> _Row:
    """Split a plain text line into a label and its trailing run of numbers."""
    tokens = list(_TOKEN.finditer(line))
    numbers: list[_Number] = []
    while tokens and _WHOLE_NUMBER.match(tokens[-1].group()):
        tok = tokens.pop()
        numbers.append(_Number(_parse_value(tok.group()), offset + tok.start(), offset + tok.end()))
    label_end = tokens[-1].end() if tokens else 0
    if tokens:
        glued = _GLUED_NUMBER.search(tokens[-1].group())
        if glued:
            s = offset + tokens[-1].start() + glued.start()
            numbers.append(_Number(_parse_value(glued.group()), s, s + len(glued.group())))
            label_end = tokens[-1].start() + glued.start()
    label = line[:label_end].strip()
    return _Row("line", (label,) if label else (), tuple(reversed(numbers)), offset)


def _cell_parts(
    cells: Iterable[tuple[str, int]],
) -> tuple[tuple[str, ...], tuple[_Number | None, ...]]:
    """Label fragments and number slots of a row of (cell text, offset of the text) pairs;
    offset -1 = the cell could not be located in the document text."""
    parts: list[str] = []
    slots: list[_Number | None] = []
    for cell_text, offset in cells:
        stripped = cell_text.strip().replace("\u3000", "")
        if not stripped:
            if slots or parts:
                slots.append(None)
            continue
        number = _CELL_NUMBER.match(cell_text)
        if number:
            if offset < 0:
                slots.append(None)
                continue
            s = offset + number.start("number")
            printed = number.group("number")
            slots.append(_Number(_parse_value(printed), s, s + len(printed)))
        elif not parts or parts[-1] != stripped:  # merged cells repeat their text
            parts.append(stripped)
    while slots and slots[-1] is None:
        slots.pop()
    return tuple(parts), tuple(slots)


def _pipe_row(line: str, offset: int) -> _Row | None:
    if _PIPE_SEPARATOR.match(line):
        return None
    bars = [m.start() for m in regex.finditer(r"\|", line)]
    cells = []
    for left, right in itertools.pairwise(bars):
        cells.append((line[left + 1 : right], offset + left + 1))
    parts, slots = _cell_parts(cells)
    return _Row("pipe", parts, slots, offset)


def _text_rows(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[_Row]:
    rows: list[_Row] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        body = line.rstrip("\r\n")
        if not body.strip() or any(s < end and start < e for s, e in skip):
            continue
        if body.lstrip().startswith("|"):
            row = _pipe_row(body, start)
            if row is not None:
                rows.append(row)
        elif "\t" in body:
            # A loader's table row: tab-separated cells, empty cells kept in place.
            cells, at = [], start
            for piece in body.split("\t"):
                cells.append((piece, at))
                at += len(piece) + 1
            parts, slots = _cell_parts(cells)
            rows.append(_Row("cell", parts, slots, start))
        else:
            rows.append(_line_row(body, start))
    return rows


def _locate(text: str, cell_text: str, start: int, hint: int) -> int:
    """Offset of a cell's text in the document, trusting the loader's offset when it fits."""
    if start >= 0 and text[start : start + len(cell_text)] == cell_text:
        return start
    found = text.find(cell_text, max(hint, 0)) if cell_text.strip() else -1
    return found


def _table_rows(text: str, table: Table) -> tuple[list[_Row], tuple[int, int] | None]:
    rows: list[_Row] = []
    hint = 0
    span: list[int] = []
    for table_row in table.rows:
        located = []
        for cell in table_row:
            at = _locate(text, cell.text, cell.start, hint)
            if at >= 0:
                hint = at
                span.extend((at, at + len(cell.text)))
            located.append((cell.text, at))
        parts, slots = _cell_parts(located)
        row_start = min((at for _, at in located if at >= 0), default=-1)
        rows.append(_Row("cell", parts, slots, row_start))
    return rows, ((min(span), max(span)) if span else None)


def _table_kind(rows: Sequence[_Row]) -> str | None:
    """Which template table a structured table holds, judged by its rows."""
    for row in rows:
        title = template.match_title(row.label) if not row.slots else None
        if title:
            return title
        numbers = row.numbers
        if len(numbers) == 15:
            return "T4"
        if len(numbers) >= 6 and template.match_row("T3", row.label):
            return "T3"
        if numbers and template.match_row("T2", row.label):
            return "T2"
    return None


def _row_stream(text: str, tables: Sequence[Table]) -> tuple[list[_Row], list[str]]:
    warnings: list[str] = []
    spans: list[tuple[int, int]] = []
    placed: list[_Row] = []
    for i, table in enumerate(tables):
        rows, span = _table_rows(text, table)
        if span is None:
            warnings.append(f"table {i + 1}: its cells are not in the document text; skipped")
            continue
        spans.append(span)
        # Rows whose first cell could not be placed keep the table's position.
        rows = [r if r.start >= 0 else replace(r, start=span[0]) for r in rows]
        kind = _table_kind(rows)
        if kind:
            placed.append(_Row("marker", (), (), span[0], table=kind))
        placed.extend(rows)
    stream = _text_rows(text, spans) + placed
    # Stable sort: a table's marker stays before its rows.
    stream.sort(key=lambda r: (r.start, r.kind != "marker"))
    return stream, warnings


# ---------------------------------------------------------------------------------------------
# Interpreting rows table by table


@dataclass
class _Collector:
    text: str
    cells: dict[tuple[str, str, str], TemplateCell] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def put(self, table: str, row: str, column: str, number: _Number, factor: int = 1) -> None:
        key = (table, row, column)
        if key in self.cells:  # first printing wins (merged DOCX cells repeat themselves)
            return
        unit = "元" if factor == _WAN else template.unit_of(table, row)
        if unit == "万元":
            unit = "元"
        self.cells[key] = TemplateCell(
            table, row, column, _expand(number.value, factor), unit,
            number.start, number.end, self.text[number.start : number.end],
        )


class _Reader:
    """Reads the rows of one template table; ``done`` once its last row was read."""

    done = False

    def feed(self, row: _Row) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after the last row of the document."""


class _T2(_Reader):
    THREE = ("issued", "repealed", "in_force")
    SINGLE: ClassVar[dict[str, str]] = {
        "licensing": "decisions", "punishment": "decisions", "enforcement": "decisions",
        "fees": "amount",
    }

    def __init__(self, out: _Collector) -> None:
        self.out = out
        self.header: tuple[str, ...] = ()
        self.fee_factor = _WAN
        self.orphans: list[_Number] = []
        self.gaps: list[str] = []  # rows printed with their middle column empty

    def feed(self, row: _Row) -> None:
        numbers = row.numbers
        if not numbers:
            self._header(row.label)
            return
        if not row.parts:
            if len(numbers) == 1:
                self.orphans.append(numbers[0])
            return
        match = template.match_row("T2", row.label)
        if match is None:
            return
        key = match.key
        if key in self.SINGLE:
            self._single(key, row)
        else:
            self._three(key, row)

    def _header(self, label: str) -> None:
        flat = template.normalise_label(label)
        if not flat:
            return
        found: list[tuple[int, str]] = []
        taken = [False] * len(flat)
        for wording, key in template.column_variants("T2"):
            at = flat.find(wording)
            while at >= 0:
                if not any(taken[at : at + len(wording)]):
                    found.append((at, key))
                    for i in range(at, at + len(wording)):
                        taken[i] = True
                at = flat.find(wording, at + 1)
        if found:
            self.header = tuple(k for _, k in sorted(found))
            if "万元" in flat:
                self.fee_factor = _WAN
            elif "单位元" in flat:
                self.fee_factor = 1

    def _single(self, key: str, row: _Row) -> None:
        column = self.SINGLE[key]
        numbers = row.numbers
        pick: _Number | None = None
        if column in self.header and len(row.slots) == len(self.header):
            pick = row.slots[self.header.index(column)]
        elif len({n.value for n in numbers}) == 1 or len(numbers) == 1:
            pick = numbers[0]  # one value, or one value repeated by merged cells
        elif self.header and column not in self.header:
            return  # a 2019 header without this column
        else:
            pick = numbers[-1]  # 2019 template: the decisions column comes last
        if pick is not None:
            self.out.put("T2", key, column, pick, self.fee_factor if key == "fees" else 1)

    def _three(self, key: str, row: _Row) -> None:
        slots = row.slots
        header = [k for k in self.header if k in self.THREE or k == "-"]
        if len(header) == len(slots) == 3 and any(k == "-" for k in header):
            layout = header  # 2019 wording: 本年新制作数量 本年新公开数量 对外公开总数量
        elif len(slots) >= 3:
            layout = list(self.THREE)
            slots = slots[-3:]
        elif len(slots) == 2:
            # The middle (repealed) cell was lost: seen in PDF-to-Markdown conversions.
            layout = ["issued", "in_force"]
            self.gaps.append(key)
        else:
            self.out.warnings.append(
                f"T2: row {row.label!r} has {len(slots)} number(s), 3 expected"
            )
            return
        for column, number in zip(layout, slots, strict=False):
            if number is not None and column != "-":
                self.out.put("T2", key, column, number)

    def finish(self) -> None:
        """Numbers printed apart from their row (a multi-line cell a converter pulled out of the
        table) fill rows whose middle cell is missing, in row order; an orphan equal to a
        value already in the row is that value printed twice."""
        rows = [k for k in ("rules", "normative_documents")
                if any(c[:2] == ("T2", k) for c in self.out.cells)]
        position = 0
        for orphan in self.orphans:
            while position < len(rows):
                key = rows[position]
                position += 1
                values = {c.value for k, c in self.out.cells.items() if k[:2] == ("T2", key)}
                if orphan.value in values:
                    break
                if key in self.gaps and ("T2", key, "repealed") not in self.out.cells:
                    self.out.put("T2", key, "repealed", orphan)
                    break


class _T3(_Reader):
    def __init__(self, out: _Collector) -> None:
        self.out = out
        self.columns = template.columns("T3")
        self.rows = template.rows("T3")
        self.cursor = -1
        self.pending: list[str] = []
        self.buffer: list[_Number] = []
        self.done = False

    def _sequential(self) -> template.TemplateRow | None:
        for row in self.rows:
            if row.index > self.cursor and "2019" not in row.wordings:
                return row
        return None

    def feed(self, row: _Row) -> None:
        numbers = row.numbers
        if row.kind == "line" and not row.parts and 0 < len(numbers) < 7:
            # One cell per line: gather a row's numbers.
            self.buffer.extend(numbers)
            if len(self.buffer) < 7:
                return
            numbers, self.buffer = self.buffer[:7], []
            row = _Row("line", (), tuple(numbers), row.start)
        elif self.buffer:
            self.buffer = []
        if len(numbers) < 6:
            if not numbers and row.kind == "line":
                self.pending.append(row.label)
            elif row.kind != "line":
                self.pending = []
            return
        match = None
        if row.parts:
            match = template.match_row("T3", row.label, after=self.cursor)
        if match is None and row.kind == "line" and self.pending:
            match = template.match_row(
                "T3", " ".join([*self.pending, row.label]), after=self.cursor
            )
        if match is None:
            match = self._sequential()
        self.pending = []
        if match is None:
            self.out.warnings.append(
                f"T3: a row of numbers after the last template row: {row.label!r}"
            )
            return
        if len(numbers) > 7:
            numbers = numbers[-7:]
        for column, number in zip(self.columns, numbers, strict=False):
            self.out.put("T3", match.key, column, number)
        self.cursor = match.index
        if match.key == "carried_forward":
            self.done = True

    def finish(self) -> None:
        pass


class _T4(_Reader):
    def __init__(self, out: _Collector) -> None:
        self.out = out
        self.numbers: list[_Number] = []
        self.done = False

    def feed(self, row: _Row) -> None:
        numbers = row.numbers
        if not numbers:
            return
        if len(numbers) == 15:
            self.numbers = list(numbers)
        else:
            self.numbers.extend(numbers)
        if len(self.numbers) >= 15:
            for column, number in zip(template.columns("T4"), self.numbers[:15], strict=True):
                self.out.put("T4", "cases", column, number)
            self.done = True

    def finish(self) -> None:
        if self.numbers and not self.done:
            self.out.warnings.append(
                f"T4: {len(self.numbers)} numbers found where the template has 15; not read"
            )


def extract_template(text: str, tables: Sequence[Table] = ()) -> TemplateResult:
    """Find the template tables' cells in ``text`` (and in ``tables`` when the source format
    carried them), with warnings for what is missing.

    >>> result = extract_template("二、主动公开政府信息情况\\n规章 0 0 3\\n")
    >>> [(c.row, c.column, c.value, c.text) for c in result.cells]
    [('rules', 'issued', 0, '0'), ('rules', 'repealed', 0, '0'), ('rules', 'in_force', 3, '3')]
    >>> result.warnings[0][:61]
    'T2: 7 cells not found: normative_documents (whole row), licen'
    """
    stream, warnings = _row_stream(text, tables)
    out = _Collector(text, warnings=warnings)
    readers: dict[str, _Reader] = {"T2": _T2(out), "T3": _T3(out), "T4": _T4(out)}
    region: str | None = None
    new_requests = template.rows("T3")[0].key
    for row in stream:
        if row.kind == "marker":
            region = row.table
            continue
        if not row.slots:
            title = template.match_title(row.label)
            if title:
                region = title
                continue
        if region in (None, "T2") and len(row.numbers) >= 6:
            # A T3 whose title was lost: its first row announces it.
            first = template.match_row("T3", row.label)
            if first is not None and first.key == new_requests and not readers["T3"].done:
                region = "T3"
        if region is None:
            continue
        reader = readers[region]
        if region == "T4" and not row.slots and _HEADING.match(row.label):
            region = None  # the next section of the report
            continue
        if reader.done:
            region = None
            continue
        reader.feed(row)
    for reader in readers.values():
        reader.finish()
    cells = sorted(out.cells.values(), key=lambda c: (c.start, c.end))
    out.warnings.extend(_missing(out.cells))
    return TemplateResult(tuple(cells), tuple(out.warnings))


def _expected(found: dict[tuple[str, str, str], TemplateCell]) -> dict[str, list[tuple[str, str]]]:
    t2 = [(r, c) for r in ("rules", "normative_documents") for c in _T2.THREE]
    t2 += [(r, c) for r, c in _T2.SINGLE.items()]
    variant = "2019" if any(k[:2] == ("T3", "other_processing") for k in found) else "2021"
    t3 = [
        (row.key, column)
        for row in template.rows("T3")
        if ("2019" not in row.wordings and "2021" not in row.wordings) or variant in row.wordings
        for column in template.columns("T3")
    ]
    t4 = [("cases", c) for c in template.columns("T4")]
    return {"T2": t2, "T3": t3, "T4": t4}


def _missing(found: dict[tuple[str, str, str], TemplateCell]) -> list[str]:
    warnings = []
    for table, keys in _expected(found).items():
        if not any(k[0] == table for k in found):
            warnings.append(f"{table}: table not found")
            continue
        by_row: dict[str, list[str]] = {}
        for r, c in keys:
            by_row.setdefault(r, [])
            if (table, r, c) not in found:
                by_row[r].append(c)
        n_columns = {r: sum(1 for rr, _ in keys if rr == r) for r in by_row}
        missing = [
            (f"{r} (whole row)" if len(cols) == n_columns[r] and len(cols) > 1 else
             ", ".join(f"{r}.{c}" for c in cols))
            for r, cols in by_row.items()
            if cols
        ]
        if missing:
            count = sum(len(cols) for cols in by_row.values())
            warnings.append(f"{table}: {count} cells not found: {', '.join(missing)}")
    return warnings


def extract_template_cells(text: str, tables: Sequence[Table] = ()) -> list[TemplateCell]:
    """The cells of :func:`extract_template`, without its warnings.

    >>> [c.value for c in extract_template_cells("二、主动公开政府信息情况\\n行政事业性收费 7545")]
    [75450000]
    """
    return list(extract_template(text, tables).cells)


# ---------------------------------------------------------------------------------------------
# Checks


def _row_column(term: str) -> tuple[str, str]:
    row, column = term.split(".", 1)
    return row, column


def _render(terms: Sequence[str], noun: str) -> str:
    return " + ".join(terms) if len(terms) <= 4 else f"sum of {len(terms)} {noun}"


def check_template(cells: Sequence[TemplateCell]) -> list[Check]:
    """Every template identity whose cells were all found, checked.

    >>> cells = extract_template_cells('''三、收到和处理政府信息公开申请情况
    ... 一、本年新收政府信息公开申请数量 120 0 0 0 0 0 120
    ... 二、上年结转政府信息公开申请数量 6 0 0 0 0 0 6
    ... （七）总计 118 0 0 0 0 0 118
    ... 四、结转下年度继续办理 9 0 0 0 0 0 9''')
    >>> failing = [c for c in check_template(cells) if not c.ok]
    >>> failing[0].rule
    'T3.natural_person: new_requests + carried_over == handled_total + carried_forward'
    >>> failing[0].detail
    '120 + 6 != 118 + 9'
    """
    by_key = {(c.table, c.row, c.column): c.value for c in cells}
    present_rows = {(c.table, c.row): None for c in cells}
    checks: list[Check] = []
    for rule in template.identity_rules():
        table = rule.table
        if rule.over == "columns":
            groups = [
                (column, [(r, column) for r in rule.left], [(r, column) for r in rule.right])
                for column in template.columns(table)
            ]
            noun = "rows"
        elif rule.over == "rows":
            groups = [
                (row, [(row, c) for c in rule.left], [(row, c) for c in rule.right])
                for t, row in present_rows
                if t == table
            ]
            noun = "columns"
        else:
            groups = [
                (rule.name,
                 [_row_column(t) for t in rule.left],
                 [_row_column(t) for t in rule.right])
            ]
            noun = "cells"
        for where, left, right in groups:
            keys = [(table, r, c) for r, c in (*left, *right)]
            if not all(k in by_key for k in keys):
                continue
            lv = [by_key[(table, r, c)] for r, c in left]
            rv = [by_key[(table, r, c)] for r, c in right]
            ok = sum(lv) == sum(rv)
            if rule.over == "cells":
                lt = [c for _, c in left]
                rt = [c for _, c in right]
                name = f"{table}: {_render(lt, noun)} == {_render(rt, noun)}"
            else:
                lt = [r if rule.over == "columns" else c for r, c in left]
                rt = [r if rule.over == "columns" else c for r, c in right]
                name = f"{table}.{where}: {_render(lt, noun)} == {_render(rt, noun)}"
            detail = f"{' + '.join(map(str, lv))} {'==' if ok else '!='} {' + '.join(map(str, rv))}"
            checks.append(Check(name, ok, detail))
    return checks


# ---------------------------------------------------------------------------------------------
# Cells as indicators, and prose that restates them


def cell_name(cell: TemplateCell) -> str:
    """A short simplified name for a cell, from the template's wording.

    >>> cell_name(TemplateCell("T3", "new_requests", "total", 95, "件", 0, 2, "95"))
    '本年新收政府信息公开申请数量（总计）'
    """
    row = template.canonical_label(cell.table, "row", cell.row)
    if cell.table == "T4":
        return template.canonical_label("T4", "column", cell.column).replace(" ", "")
    column = template.canonical_label(cell.table, "column", cell.column)
    column = regex.sub(r"（单位[^）]*）", "", column)
    return f"{row}（{column}）"


def cell_kind(cell: TemplateCell) -> Kind:
    """MONEY for the T2 fee amount, COUNT for every other cell."""
    return Kind.MONEY if cell.column == "amount" else Kind.COUNT


@dataclass(frozen=True, slots=True)
class Restatement:
    """The template cell(s) a prose figure restates; several columns = their sum."""

    table: str
    row: str
    columns: tuple[str, ...]

    @property
    def ref(self) -> TableRef:
        """The first (usually only) cell, as the TableRef an Indicator carries."""
        return TableRef(self.table, self.row, self.columns[0])

    def value(self, cells: Sequence[TemplateCell]) -> Number | None:
        """The value the cells hold (summed), or None when one was not found."""
        by_key = {(c.table, c.row, c.column): c.value for c in cells}
        keys = [(self.table, self.row, c) for c in self.columns]
        if not all(k in by_key for k in keys):
            return None
        return sum(by_key[k] for k in keys)


@cache
def _restatement_patterns() -> tuple[tuple[regex.Pattern[str], Restatement], ...]:
    return tuple(
        (
            regex.compile(r["pattern"]),
            Restatement(r["table"], r["row"], tuple(c.strip() for c in r["columns"].split("+"))),
        )
        for r in load_table("template_restatements.tsv")
    )


_CLAUSE_BREAK = regex.compile(r"[，。；、：,;:（(]")


def match_restatement(context: str) -> Restatement | None:
    """The template cell a prose figure restates, judged by the words just before it.

    >>> match_restatement("全年共受理政府信息公开申请").ref
    TableRef(id='T3', row='new_requests', column='total')
    >>> match_restatement("办结 1191 件（含上年结转").row
    'carried_over'
    >>> match_restatement("被提起行政诉讼").columns
    ('direct_suit_total', 'suit_after_review_total')
    >>> match_restatement("其中，予以公开及部分公开") is None
    True
    """
    # Hard-wrapped PDF lines break phrases: drop whitespace before finding the last clause.
    clause = _CLAUSE_BREAK.split(regex.sub(r"\s+", "", context))[-1]
    if not clause:
        return None
    for pattern, restatement in _restatement_patterns():
        if pattern.search(clause):
            return restatement
    return None


def link_restatements(
    indicators: Sequence[Indicator], cells: Sequence[TemplateCell], *, text: str | None = None,
    window: int = 40,
) -> list[Indicator]:
    """Mark prose indicators that restate a template cell: ``restates`` and ``agrees``.

    The context is the ``window`` characters of ``text`` before the figure when ``text`` is
    given, else the indicator's name.  Table cells themselves are left alone.
    """
    out: list[Indicator] = []
    for indicator in indicators:
        if indicator.table is not None or not cells:
            out.append(indicator)
            continue
        context = (
            text[max(0, indicator.start - window) : indicator.start] if text else indicator.name
        )
        found = match_restatement(context)
        if found is None and text is not None:
            found = match_restatement(regex.sub(r"[件数]+$", "", indicator.name or ""))
        if found is None:
            out.append(indicator)
            continue
        value = found.value(cells)
        if value is None:
            out.append(indicator)
            continue
        out.append(replace(indicator, restates=found.ref, agrees=value == indicator.value))
    return out


# ---------------------------------------------------------------------------------------------
# `govreport check PATH...`

_CHECK_SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}


def _inputs(paths: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in _CHECK_SUFFIXES))
        else:
            found.append(path)
    return found


def _checks_of(path: Path) -> tuple[list[Check], list[str]]:
    """Checks and warnings of one input.

    The loader and this module only: the pipeline would give the same checks, but it skips
    the tables when genre detection misses, and an auditor wants the tables checked anyway.
    """
    try:
        from .load import load
    except ImportError:  # the loader is optional for plain text
        text = path.read_text(encoding="utf-8-sig")
        result = extract_template(text)
    else:
        doc = load(str(path))
        result = extract_template(doc.text, doc.tables)
    return check_template(result.cells), list(result.warnings)


def _run_check(args: argparse.Namespace) -> int:
    failed = 0
    errors = 0
    paths = _inputs(args.paths)
    for path in paths:
        try:
            checks, warnings = _checks_of(path)
        except (OSError, UnicodeDecodeError, ValueError, GovReportError) as exc:
            print(f"{path}: error: {exc}", file=sys.stderr)
            errors += 1
            continue
        bad = [c for c in checks if not c.ok]
        if bad:
            failed += 1
            print(f"{path}: {len(bad)} of {len(checks)} checks fail")
            for check in bad:
                print(f"  {check.rule}: {check.detail}")
        elif args.verbose:
            print(f"{path}: {len(checks)} checks pass")
        if args.verbose:
            for warning in warnings:
                print(f"  warning: {warning}")
    if args.verbose or failed:
        print(f"{failed} of {len(paths)} report(s) with a failing check", file=sys.stderr)
    if failed:
        return 1
    return 2 if errors else 0


def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``govreport check PATH...``: list reports whose template tables fail an identity.

    Exit status: 1 when any report fails a check, 2 when none fails but an input could not be
    read, 0 otherwise.
    """
    parser = subparsers.add_parser(
        "check",
        help="check the arithmetic of disclosure-report template tables",
        description="List reports whose template tables fail a check, with the numbers.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list passing reports and extraction warnings")
    parser.set_defaults(func=_run_check)

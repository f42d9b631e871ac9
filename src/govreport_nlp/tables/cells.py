"""The three statistical tables of a disclosure report as keyed cells, and their arithmetic.

Every 政府信息公开工作年度报告 since the 2019 reports prints the same three tables (T2 主动公开,
T3 依申请公开, T4 复议诉讼; keys in ``data/disclosure_template.tsv``).  They reach us mangled:
PDF text with labels broken across lines and whole rows of numbers on one line, Markdown pipe
tables whose cells drifted, HTML/DOCX/PDF tables (``Document.tables``).  All of them are read
the same way: the text is cut into *rows* (a label and the numbers printed after it), the title
lines say which table a row belongs to, the label finds the template row (wording match,
whitespace and numbering ignored), and a row that lost its label takes the template row its
neighbours leave for it, only when the template order leaves no doubt.  Both editions of the
template are read: 2021 (国办公开办函〔2021〕30号) and 2019 (〔2019〕60号, reports on 2019 and
2020: other T2 columns, keyed as extensions in ``data/disclosure_template.tsv``).  Nothing is
guessed: a blank cell, a total the report did not print, an unlabelled row that fits two places
stay unread, with a warning.  Offsets index the text given (``Document.text``), at the printed
number.

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

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex

from ..models import Cell, Check, Kind, Number, Table, TableRef
from ..text.numerals import COUNTING_NUMERALS
from . import template
from .grid import (
    CELL_NUMBER,
    MONEY_UNIT,
    MONEY_UNITS,
    NUMBER,
    SIGNED_NUMBER,
    GridReading,
    HeaderMap,
    is_blank,
    parse_value,
    read_grid,
)

__all__ = [
    "TemplateCell",
    "TemplateResult",
    "cell_kind",
    "cell_name",
    "check_template",
    "extract_template",
    "extract_template_cells",
    "has_template_title",
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
    # The cell was printed blank (empty, &nbsp;) in a table whose columns are known; its
    # value is 0 and ``text`` is "" (start == end: where the blank cell sits).
    blank: bool = False

    @property
    def ref(self) -> TableRef:
        return TableRef(self.table, self.row, self.column, blank=self.blank)


@dataclass(frozen=True, slots=True)
class TemplateResult:
    """What :func:`extract_template` found: the cells in document order, and warnings for
    tables or cells that were not found."""

    cells: tuple[TemplateCell, ...]
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Reading numbers

_CELL_NUMBER = CELL_NUMBER
_SIGNED_NUMBER = SIGNED_NUMBER
_MONEY_UNIT = MONEY_UNIT
_TOKEN_FROM_END = regex.compile(r"(?r)\S+")  # a line's tokens, last first
_DIGITS = frozenset("0123456789０１２３４５６７８９")  # the number pattern's digits
_WHOLE_NUMBER = regex.compile(rf"^(?P<number>{_SIGNED_NUMBER}){_MONEY_UNIT}?$")
# A header's unit for its money column: 本年收费金额（单位：万元） -> 单位万元 once normalised.
_HEADER_MONEY_UNIT = regex.compile(rf"金额(?:单位)?{_MONEY_UNIT}")
# A number glued to the end of a label (行政许可9487): the label must end in Han or a bracket.
_GLUED_NUMBER = regex.compile(rf"(?<=[\p{{Han}}）)”])(?P<number>{NUMBER})$")
_PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{3,}")
_PIPE = regex.compile(r"\|")
_UNIT_NOTE = regex.compile(r"（单位[^）]*）")  # （单位：件） in a column label
_HEADING = regex.compile(rf"^\s*(?:[{COUNTING_NUMERALS}]+、|[（(][{COUNTING_NUMERALS}]+[）)])")
# An unlabelled text line reads blank marks as cells only with this many cells (T3 prints 7).
_ROW_CELLS = 6
# Fees are printed in 万元; the template header says so.
_WAN = 10000


_parse_value = parse_value


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
    unit: str = ""  # a money unit printed right after the number (251000元)
    blank: bool = False  # a blank cell read as 0 (only where its column is certain)


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str  # "line" (plain text line) | "pipe" (Markdown) | "cell" (models.Table) | "marker"
    parts: tuple[str, ...]  # label fragments in reading order
    slots: tuple[_Number | None, ...]  # numbers; None = an empty cell (pipe/cell rows only)
    start: int
    table: str | None = None  # for "marker" rows: the table a structured table holds
    # Cell positions after the label, trailing empty cells included (a structured row with 7 says
    # where every T3 number stands even when cells are blank); the count of numbers for lines.
    width: int = 0
    # Structured rows without a label: every grid cell in column order, a blank one as a
    # blank 0 at its offset (None when the cell holds something else), so that a row whose
    # columns are certain (T4's 15) can be read blanks included.
    positions: tuple[_Number | None, ...] = ()

    @property
    def label(self) -> str:
        return " ".join(self.parts)

    @property
    def numbers(self) -> list[_Number]:
        return [n for n in self.slots if n is not None]


def _line_row(line: str, offset: int, *, marks: bool = True) -> _Row:
    """Split a plain text line into a label and its trailing run of numbers.

    A blank mark in the run (—, -, /, 无: ``data/blank_cells.tsv``) holds its cell's place: it
    is a blank 0 where it stands, so the numbers after it keep their columns (规章 1 — 9).  A
    line without a label reads marks only when it has a table row's cells (six or more), so a
    page number printed ``- 3 -`` stays a page number.
    """
    numbers: list[_Number] = []
    last: regex.Match[str] | None = None  # the last token that is not a number or a mark
    # Tokens from the end of the line: only the trailing run of numbers is read, so a long
    # label line is not cut into tokens at all.
    for tok in _TOKEN_FROM_END.finditer(line):
        if marks and is_blank(tok.group()):
            s = offset + tok.start()
            numbers.append(_Number(0, s, s, blank=True))
            continue
        whole = _WHOLE_NUMBER.match(tok.group())
        if whole is None:
            last = tok
            break
        s, e = offset + tok.start(), offset + tok.start() + whole.end("number")
        value = _parse_value(whole.group("number"))
        numbers.append(_Number(value, s, e, whole.group("unit") or ""))
    label_end = last.end() if last is not None else 0
    # a glued number ends its token with a digit: only such a token is searched
    if last is not None and last.group()[-1] in _DIGITS:
        glued = _GLUED_NUMBER.search(last.group())
        if glued:
            s = offset + last.start() + glued.start()
            numbers.append(_Number(_parse_value(glued.group()), s, s + len(glued.group())))
            label_end = last.start() + glued.start()
    label = line[:label_end].strip()
    if marks and not label and len(numbers) < _ROW_CELLS and any(n.blank for n in numbers):
        return _line_row(line, offset, marks=False)
    return _Row(
        "line", (label,) if label else (), tuple(reversed(numbers)), offset, width=len(numbers)
    )


def _cell_parts(
    cells: Iterable[tuple[str, int]],
) -> tuple[tuple[str, ...], tuple[_Number | None, ...], int]:
    """Label fragments, number slots and width (slots before trailing blanks were dropped) of a
    row of (cell text, offset of the text) pairs; offset -1 = the cell could not be located in
    the document text."""
    parts: list[str] = []
    slots: list[_Number | None] = []
    for cell_text, offset in cells:
        stripped = cell_text.strip().replace("\u3000", "")
        if is_blank(stripped):  # empty, &nbsp;, —, /, 无: a blank cell, not a label
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
            slots.append(_Number(_parse_value(printed), s, s + len(printed),
                                 number.group("unit") or ""))
        elif not parts or parts[-1] != stripped:  # merged cells repeat their text
            parts.append(stripped)
    width = len(slots)
    while slots and slots[-1] is None:
        slots.pop()
    return tuple(parts), tuple(slots), width


def _pipe_row(line: str, offset: int) -> _Row | None:
    if _PIPE_SEPARATOR.match(line):
        return None
    bars = [m.start() for m in _PIPE.finditer(line)]
    cells = []
    for left, right in itertools.pairwise(bars):
        cells.append((line[left + 1 : right], offset + left + 1))
    parts, slots, width = _cell_parts(cells)
    return _Row("pipe", parts, slots, offset, width=width)


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
            parts, slots, width = _cell_parts(cells)
            rows.append(_Row("cell", parts, slots, start, width=width))
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
            if cell.merged:  # printed once at the merged cell's origin; read there
                continue
            at = _locate(text, cell.text, cell.start, hint)
            if at >= 0:
                hint = at
                span.extend((at, at + len(cell.text)))
            located.append((cell.text, at))
        parts, slots, width = _cell_parts(located)
        row_start = min((at for _, at in located if at >= 0), default=-1)
        positions = _positions(located) if not parts and slots else ()
        rows.append(_Row("cell", parts, slots, row_start, width=width, positions=positions))
    return rows, ((min(span), max(span)) if span else None)


def _positions(located: Sequence[tuple[str, int]]) -> tuple[_Number | None, ...]:
    """Every cell of an unlabelled grid row in column order: its number, a blank 0 for an
    empty cell, None for anything else (text, or a cell not found in the document)."""
    out: list[_Number | None] = []
    for cell_text, offset in located:
        if is_blank(cell_text):
            at = max(offset, 0)
            out.append(_Number(0, at, at, blank=True) if offset >= 0 else None)
            continue
        number = _CELL_NUMBER.match(cell_text)
        if number is None or offset < 0:
            out.append(None)
            continue
        s = offset + number.start("number")
        printed = number.group("number")
        out.append(_Number(_parse_value(printed), s, s + len(printed)))
    return tuple(out)


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


@dataclass
class _Stream:
    """The rows left for the text readers, and what the grid reader already read."""

    rows: list[_Row]
    warnings: list[str]
    readings: list[GridReading]


def _pipe_tables(text: str) -> list[Table]:
    """Markdown pipe tables as grids: one cell per pair of bars, separator lines dropped,
    rows padded to the widest (a pipe table keeps a blank cell's position)."""
    tables: list[list[tuple[Cell, ...]]] = []
    current: list[tuple[Cell, ...]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        body = line.rstrip("\r\n")
        if not body.lstrip().startswith("|"):
            if current:
                tables.append(current)
                current = []
            continue
        if _PIPE_SEPARATOR.match(body):
            continue
        bars = [m.start() for m in _PIPE.finditer(body)]
        cells = []
        for left, right in itertools.pairwise(bars):
            piece = body[left + 1 : right]
            lead = len(piece) - len(piece.lstrip())
            cell = piece.strip()
            at = start + left + 1 + lead
            cells.append(Cell(cell, at, at + len(cell)))
        current.append(tuple(cells))
    if current:
        tables.append(current)
    out = []
    for rows in tables:
        width = max(len(r) for r in rows)
        out.append(Table(tuple(r + (Cell(""),) * (width - len(r)) for r in rows)))
    return out


def _line_spans(text: str, table: Table, rows: Iterable[int]) -> list[tuple[int, int]]:
    """The text lines holding the given rows of a pipe table."""
    spans = []
    for i in rows:
        located = [c.start for c in table.rows[i] if c.start >= 0]
        if located:
            first = min(located)
            line_start = text.rfind("\n", 0, first) + 1
            line_end = text.find("\n", first)
            spans.append((line_start, len(text) if line_end < 0 else line_end))
    return spans


def _row_stream(text: str, tables: Sequence[Table]) -> _Stream:
    warnings: list[str] = []
    spans: list[tuple[int, int]] = []
    placed: list[_Row] = []
    readings: list[GridReading] = []
    header: HeaderMap | None = None
    for i, table in enumerate(tables):
        rows, span = _table_rows(text, table)
        if span is None:
            warnings.append(f"table {i + 1}: its cells are not in the document text; skipped")
            continue
        spans.append(span)
        reading = read_grid(text, table, header)
        header = reading.header
        if reading.table is not None:
            readings.append(reading)
            rows = [r for j, r in enumerate(rows) if j not in reading.consumed]
        # Rows whose first cell could not be placed keep the table's position.
        rows = [r if r.start >= 0 else replace(r, start=span[0]) for r in rows]
        kind = reading.table or _table_kind(rows)
        if kind and rows:
            placed.append(_Row("marker", (), (), span[0], table=kind))
        placed.extend(rows)
    header = None
    if "|" in text:
        for table in _pipe_tables(text):
            reading = read_grid(text, table, header)
            header = reading.header
            if reading.table is not None:
                readings.append(reading)
                spans.extend(_line_spans(text, table, reading.consumed))
    stream = _text_rows(text, spans) + placed
    # Stable sort: a table's marker stays before its rows.
    stream.sort(key=lambda r: (r.start, r.kind != "marker"))
    return _Stream(stream, warnings, readings)


# ---------------------------------------------------------------------------------------------
# Interpreting rows table by table


@dataclass
class _Collector:
    text: str
    cells: dict[tuple[str, str, str], TemplateCell] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # the (table, row) pairs of ``cells``, kept with them: ``filled`` is asked once per row
    rows_filled: set[tuple[str, str]] = field(default_factory=set)

    def put(self, table: str, row: str, column: str, number: _Number, factor: int = 1) -> None:
        """Record a cell; ``factor`` != 1 or a money column = an amount, reported in 元."""
        key = (table, row, column)
        if key in self.cells:  # first printing wins (merged DOCX cells repeat themselves)
            return
        # T2 rows mix counts and amounts (the 2019 fee row), so there a cell takes its
        # column's unit; the other tables print one unit per row.
        unit = (template.column_unit(table, column) if table == "T2"
                else template.unit_of(table, row))
        if factor != 1 or unit in MONEY_UNITS or not unit:
            unit = "元"
        self.cells[key] = TemplateCell(
            table, row, column, _expand(number.value, factor), unit,
            number.start, number.end, self.text[number.start : number.end],
            blank=number.blank,
        )
        self.rows_filled.add((table, row))

    def filled(self, table: str, row: str) -> bool:
        return (table, row) in self.rows_filled


class _Reader:
    """Reads the rows of one template table; ``done`` once its last row was read."""

    done = False

    def feed(self, row: _Row) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after the last row of the document."""


def _is_money(column: str) -> bool:
    return not template.column_unit("T2", column) or template.column_unit("T2", column) in (
        MONEY_UNITS
    )


class _T2(_Reader):
    """T2 is a stack of small tables (one per 第二十条 item), each under its own header row; a
    row's numbers are read against that header when it names the row's columns, else against
    the row's layout in the template edition this report follows (``template_layouts.tsv``)."""

    def __init__(self, out: _Collector) -> None:
        self.out = out
        self.header: tuple[str, ...] = ()
        self.header_text = ""  # label-only lines since the last row of numbers, normalised
        self.money_factor: int | None = None  # the unit the header gives its amount column
        self.evidence: set[str] = set()  # template editions the wordings seen belong to
        self.orphans: list[_Number] = []
        self.gaps: list[str] = []  # rows printed with their middle column empty

    @property
    def variant(self) -> str | None:
        """The template edition judged by the wordings seen; a 2019-only wording decides
        (the 2021 wordings 本年收费金额 etc. also appear in 2019 reports that extended it)."""
        if "2019" in self.evidence:
            return "2019"
        return "2021" if "2021" in self.evidence else None

    def feed(self, row: _Row) -> None:
        numbers = row.numbers
        if not numbers:
            self._header(row.label)
            return
        self.header_text = ""
        if not row.parts:
            if len(numbers) == 1:
                self.orphans.append(numbers[0])
            return
        match = template.match_row("T2", row.label)
        if match is None:
            return
        if all(w == "2019" for w in match.wordings):  # 其他对外管理服务事项, 政府集中采购
            self.evidence.add("2019")
        self._place(match.key, row)

    def _header(self, label: str) -> None:
        flat = template.normalise_label(label)
        if not flat:
            return
        # A header broken over several lines is read as one; a complete header followed by
        # another header line (a block with no rows) starts afresh.
        if self.header_text and self._complete(self._scan(self.header_text)):
            self.header_text = ""
        self.header_text += flat
        found = self._scan(self.header_text)
        if not found:
            return
        self.header = tuple(key for key, _ in found)
        self.evidence.update(w for _, w in found if w in template.VARIANTS)
        unit = _HEADER_MONEY_UNIT.search(self.header_text)
        self.money_factor = MONEY_UNITS[unit.group("unit")] if unit else None

    @staticmethod
    def _scan(flat: str) -> list[tuple[str, str]]:
        """(key, wording) of the column wordings in ``flat``, left to right, longest first."""
        found: list[tuple[int, str, str]] = []
        taken = [False] * len(flat)
        for wording, key, edition in template.column_labels("T2"):
            at = flat.find(wording)
            while at >= 0:
                if not any(taken[at : at + len(wording)]):
                    found.append((at, key, edition))
                    for i in range(at, at + len(wording)):
                        taken[i] = True
                at = flat.find(wording, at + 1)
        return [(key, edition) for _, key, edition in sorted(found)]

    @staticmethod
    def _complete(found: list[tuple[str, str]]) -> bool:
        keys = tuple(k for k, _ in found)
        return any(
            keys == columns
            for row in template.rows("T2")
            for columns in template.layouts("T2", row.key).values()
        )

    def _place(self, key: str, row: _Row) -> None:
        by_edition = template.layouts("T2", key)
        valid = {c for columns in by_edition.values() for c in columns}
        numbers = row.numbers
        slots: Sequence[_Number | None] = row.slots
        header = self.header if self.header and set(self.header) <= valid else ()
        editions = ([self.variant] if self.variant in by_edition
                    else [e for e in template.VARIANTS if e in by_edition])
        layout: Sequence[str] | None = None
        if header and len(slots) == len(header):
            layout = header
        elif header and len(header) == 1 and len({n.value for n in numbers}) == 1:
            layout, slots = header, numbers[:1]  # one value repeated by merged cells
        elif not header:
            # Without a header the 2021 template (in force) is read first; the 2019 one shows
            # itself by its wordings, or by a row count only it prints (行政许可 0 5 7).
            fits = [by_edition[e] for e in editions if len(by_edition[e]) == len(slots)]
            if fits:
                layout = fits[0]
            elif len({n.value for n in numbers}) == 1 and any(
                len(by_edition[e]) == 1 for e in editions
            ):
                layout = next(by_edition[e] for e in editions if len(by_edition[e]) == 1)
                slots = numbers[:1]
        if layout is None:
            layout, slots = self._damaged(key, row, header, editions)
        if layout is None:
            return
        for column, number in zip(layout, slots, strict=False):
            if number is None:
                continue
            if _is_money(column):
                factor = self._factor(column, number, header)
                if factor is None:
                    self.out.warnings.append(
                        f"T2: {key}.{column} {number.value} printed without a unit; not read"
                    )
                    continue
                self.out.put("T2", key, column, number, factor)
            else:
                self.out.put("T2", key, column, number)

    def _factor(self, column: str, number: _Number, header: Sequence[str]) -> int | None:
        """元 per printed unit of an amount: the cell's own unit, else its header's, else the
        template's (本年收费金额 is printed in 万元; 采购总金额 has no template unit)."""
        if number.unit:
            return MONEY_UNITS[number.unit]
        if header and self.money_factor is not None:
            return self.money_factor
        return MONEY_UNITS.get(template.column_unit("T2", column))

    def _damaged(
        self, key: str, row: _Row, header: Sequence[str], editions: list[str]
    ) -> tuple[Sequence[str] | None, Sequence[_Number | None]]:
        """Layouts for rows whose cell count fits no header or layout (2021 template)."""
        slots, numbers = row.slots, row.numbers
        three = template.layouts("T2", key).get("2021", ())
        if len(three) == 3 and "2019" not in editions[:1]:
            if len(slots) > 3:
                return three, slots[-3:]
            if len(slots) == 2:
                # The middle (repealed) cell was lost: seen in PDF-to-Markdown conversions.
                self.gaps.append(key)
                return (three[0], three[2]), slots
        if len(three) == 1 and "2019" not in editions[:1] and not header:
            # A 2021 row carrying extra numbers: its one column is printed last.
            return three, numbers[-1:]
        self.out.warnings.append(
            f"T2: row {row.label!r} has {len(slots)} number(s); its columns "
            f"({' / '.join(' '.join(c) for c in template.layouts('T2', key).values())}) "
            "cannot be told apart; not read"
        )
        return None, ()

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
    """T3 rows are found by label; a row that lost its label waits (``deferred``) until the
    next labelled row shows which template rows lie between, and is read only when the template
    order leaves no doubt: as many unlabelled rows as template rows in the gap, in an edition
    the report can be following."""

    def __init__(self, out: _Collector, t2: _T2) -> None:
        self.out = out
        self.t2 = t2
        self.columns = template.columns("T3")
        self.rows = template.rows("T3")
        self.cursor = -1
        self.pending: list[str] = []
        self.buffer: list[_Number] = []
        self.deferred: list[_Row] = []
        self.own_variant: str | None = None
        self.done = False

    @property
    def variant(self) -> str | None:
        return self.own_variant or self.t2.variant

    def _editions(self) -> list[str]:
        return [self.variant] if self.variant else list(template.VARIANTS)

    def feed(self, row: _Row) -> None:
        numbers = row.numbers
        if row.kind == "line" and not row.parts and 0 < len(numbers) < 7:
            # One cell per line: gather a row's numbers.
            self.buffer.extend(numbers)
            if len(self.buffer) < 7:
                return
            numbers, self.buffer = self.buffer[:7], []
            row = _Row("line", (), tuple(numbers), row.start, width=7)
        elif self.buffer:
            self.buffer = []
        # A structured row with every cell position kept says where its numbers stand even
        # when cells are blank (2019 reports often leave zeros blank).
        positioned = row.kind != "line" and row.width >= len(self.columns)
        # A labelled text line with fewer numbers than columns: blank cells were dropped.
        short = row.kind == "line" and bool(row.parts) and 0 < len(numbers) < 6
        if len(numbers) < 6 and not (positioned and numbers and row.parts) and not short:
            if not numbers and row.kind == "line":
                self.pending.append(row.label)
            elif row.kind != "line":
                self.pending = []
            return
        match = self._by_label(row.label) if row.parts else None
        if match is None and row.kind == "line" and self.pending:
            match = self._by_label(" ".join([*self.pending, row.label]))
        self.pending = []
        if match is None:
            if len(numbers) < 6 or short:
                return
            self.deferred.append(row)
            self._settle_tail(final=False)
        else:
            self._accept(match, row)

    def _by_label(self, label: str) -> template.TemplateRow | None:
        match = template.match_row("T3", label, after=self.cursor)
        # A row printed out of template order still has its label.
        return match or template.match_row("T3", label)

    def _accept(self, match: template.TemplateRow, row: _Row) -> None:
        if self.out.filled("T3", match.key):
            self.out.warnings.append(
                f"T3: row {row.label!r} repeats {match.key}, already read; not read"
            )
            return
        editions = {w for w in match.wordings if w in template.VARIANTS}
        if len(editions) == 1 and "both" not in match.wordings:
            self.own_variant = editions.pop()
        if self.deferred:
            self._settle_gap(match)
        self._put_row(match.key, row)
        self.cursor = max(self.cursor, match.index)
        if match.key == self.rows[-1].key:
            self.done = True

    def _settle_gap(self, match: template.TemplateRow) -> None:
        """Place the unlabelled rows printed before the labelled row ``match``."""
        count = len(self.deferred)
        fits: dict[tuple[str, ...], str] = {}
        for edition in self._editions():
            gap = tuple(r.key for r in self.rows
                        if self.cursor < r.index < match.index and template.row_applies(r, edition))
            if len(gap) == count:
                fits.setdefault(gap, edition)
        deferred, self.deferred = self.deferred, []
        if len(fits) == 1:
            ((keys, edition),) = fits.items()
            if len(self._editions()) > 1 and self._differ(keys):
                self.own_variant = edition
            for key, row in zip(keys, deferred, strict=True):
                self._put_row(key, row)
            return
        self.out.warnings.append(
            f"T3: {count} row(s) without a label before {match.key} do not fit the template "
            f"order there; not read: {', '.join(self._numbers(r) for r in deferred)}"
        )

    def _differ(self, keys: Sequence[str]) -> bool:
        return any(
            not template.row_applies(r, e)
            for r in self.rows if r.key in keys for e in template.VARIANTS
        )

    def _settle_tail(self, *, final: bool) -> None:
        """Place unlabelled rows after the last labelled one: at once when exactly the rows
        left in the template remain, else at the end of the document in template order, when
        the editions agree on what that order is."""
        count = len(self.deferred)
        rests = {
            tuple(r.key for r in self.rows
                  if r.index > self.cursor and template.row_applies(r, e))
            for e in self._editions()
        }
        if not final:
            if len(rests) != 1 or len(next(iter(rests))) != count:
                return
        heads = {rest[:count] for rest in rests if len(rest) >= count}
        deferred, self.deferred = self.deferred, []
        if len(heads) == 1 and all(len(rest) >= count for rest in rests):
            (keys,) = heads
            for key, row in zip(keys, deferred, strict=True):
                self._put_row(key, row)
            if keys and keys[-1] == self.rows[-1].key:
                self.done = True
            return
        reason = ("more than the template rows left" if not heads else
                  "the 2019 and 2021 templates order these rows differently")
        self.out.warnings.append(
            f"T3: {count} row(s) without a label after "
            f"{self.rows[self.cursor].key if self.cursor >= 0 else 'the title'} ({reason}); "
            f"not read: {', '.join(self._numbers(r) for r in deferred)}"
        )

    @staticmethod
    def _numbers(row: _Row) -> str:
        return " ".join(str(n.value) for n in row.numbers)

    def _put_row(self, key: str, row: _Row) -> None:
        numbers = row.numbers
        columns = self.columns
        slots: Sequence[_Number | None] = row.slots
        width = row.width
        # A label cell merged over two columns leaves a blank before the numbers (（六）其他处理).
        while len(slots) > len(columns) and slots[0] is None:
            slots, width = slots[1:], width - 1
        if len(numbers) > len(columns):
            slots = numbers[-len(columns):]
        elif row.kind != "line" and width >= len(columns):
            slots = slots[: len(columns)]
            blank = [c for i, c in enumerate(columns) if i >= len(slots) or slots[i] is None]
            if blank == [columns[-1]]:
                self._warn_no_total(key)
            elif len(blank) == 1:
                self.out.warnings.append(
                    f"T3: row {key}: the {blank[0]} cell is blank; not taken as 0 or as the "
                    "total less the other cells"
                )
        elif len(numbers) < len(columns):
            slots = self._short(key, numbers)
        else:
            slots = numbers
        for column, number in zip(columns, slots, strict=False):
            if number is not None:
                self.out.put("T3", key, column, number)

    def _warn_no_total(self, key: str) -> None:
        self.out.warnings.append(
            f"T3: row {key}: six applicant numbers and no printed total; the total is not "
            "computed"
        )

    def _short(self, key: str, numbers: Sequence[_Number]) -> list[_Number | None]:
        """Fewer numbers than the template's seven columns, their positions lost (a flattened
        text row whose blank cells were dropped).  Six numbers whose last is not the sum of the
        others are the six applicant columns with no total printed.  Otherwise, when the last
        is the sum of the others, it is the total (counts are not negative: the missing cells
        are 0, but which columns they are cannot be known): only the total is read.  Anything
        else is not read.  Never shifted: a number is read only where its column is certain.
        """
        *applicants, last = numbers
        if applicants and last.value and sum(n.value for n in applicants) == last.value:
            missing = len(self.columns) - len(numbers)
            what = ("one applicant cell is missing and which one is" if missing == 1 else
                    f"{missing} applicant cells are missing and which ones are")
            self.out.warnings.append(
                f"T3: row {key}: {len(numbers)} numbers, the last the sum of the others: "
                f"{what} unknown; only the total is read"
            )
            return [None] * (len(self.columns) - 1) + [last]
        if len(numbers) == len(self.columns) - 1:
            self._warn_no_total(key)
            return list(numbers)
        self.out.warnings.append(
            f"T3: row {key}: {len(numbers)} number(s) where the template prints "
            f"{len(self.columns)}, their columns lost; not read"
        )
        return []

    def finish(self) -> None:
        if self.deferred:
            self._settle_tail(final=True)


class _T4(_Reader):
    def __init__(self, out: _Collector) -> None:
        self.out = out
        self.numbers: list[_Number] = []
        self.done = False

    def feed(self, row: _Row) -> None:
        numbers = row.numbers
        if not numbers or self.done:
            return
        if len(row.positions) == 15 and None not in row.positions:
            self._place(row.positions)
            return
        if len(numbers) == 15:
            self.numbers = list(numbers)
        else:
            self.numbers.extend(numbers)
        if len(self.numbers) >= 15:
            for column, number in zip(template.columns("T4"), self.numbers[:15], strict=True):
                self.out.put("T4", "cases", column, number)
            self.done = True

    def _place(self, positions: Sequence[_Number | None]) -> None:
        """A grid row whose 15 columns are certain: blanks are 0, except a blank total over
        parts that are not all zero, which is left absent (the report did not print it)."""
        by_column = dict(zip(template.columns("T4"), positions, strict=True))
        for column, number in by_column.items():
            if number is None:  # the caller passes only rows with every column readable
                continue
            if number.blank and column.endswith("_total"):
                group = column.removesuffix("total")
                parts = [n for c, n in by_column.items() if c.startswith(group) and c != column]
                if any(n is not None and n.value for n in parts):
                    self.out.warnings.append(
                        f"T4: cases {column} is blank while its parts are not all 0; "
                        "not read (left absent)"
                    )
                    continue
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
    stream = _row_stream(text, tables)
    out = _Collector(text, warnings=stream.warnings)
    t2 = _T2(out)
    for reading in stream.readings:
        out.warnings.extend(reading.warnings)
        if reading.header is not None and reading.table == "T2":
            t2.evidence.update(reading.header.editions)
        for value in reading.values:
            out.put(value.table, value.row, value.column,
                    _Number(value.value, value.start, value.end, value.unit, value.blank),
                    value.factor)
    t3 = _T3(out, t2)
    readers: dict[str, _Reader] = {"T2": t2, "T3": t3, "T4": _T4(out)}
    region: str | None = None
    new_requests = template.rows("T3")[0].key
    for row in stream.rows:
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
    if all(c.blank for c in out.cells.values()):
        # Tables whose every cell is blank are the empty form (the template itself), not a
        # report's zeros: a report prints some number somewhere in its tables.
        out.cells.clear()
        out.rows_filled.clear()
    _drop_blank_totals(out)
    cells = sorted(out.cells.values(), key=lambda c: (c.start, c.end))
    t3_variant = t3.variant or (
        "2019" if out.filled("T3", "other_processing") else "2021"
    )
    out.warnings.extend(_missing(out.cells, t2.variant or "2021", t3_variant))
    return TemplateResult(tuple(cells), tuple(out.warnings))


def _totals() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(table, over, total term, part terms) of every identity with one term on a side."""
    out = []
    for rule in template.identity_rules():
        for total, parts in ((rule.left, rule.right), (rule.right, rule.left)):
            if len(total) == 1 and len(parts) > 1:
                out.append((rule.table, rule.over, total[0], parts))
    return out


def _drop_blank_totals(out: _Collector) -> None:
    """A total printed blank over parts that are not all 0 is not 0: the report did not print
    it, so it is left absent (with a warning) and its identity is not checked."""
    for table, over, total, parts in _totals():
        for key, cell in list(out.cells.items()):
            if key[0] != table or not cell.blank:
                continue
            if over == "rows" and key[2] == total:
                part_keys = [(table, key[1], p) for p in parts]
            elif over == "columns" and key[1] == total:
                part_keys = [(table, p, key[2]) for p in parts]
            elif over == "cells" and f"{key[1]}.{key[2]}" == total:
                part_keys = [(table, *p.split(".", 1)) for p in parts]
            else:
                continue
            if any(k in out.cells and out.cells[k].value for k in part_keys):
                del out.cells[key]
                out.warnings.append(
                    f"{table}: {key[1]}.{key[2]} is blank while its parts are not all 0; "
                    "not read (left absent)"
                )


def _expected(t2_variant: str, t3_variant: str) -> dict[str, list[tuple[str, str]]]:
    """The (row, column) cells each table prints in the given template editions."""
    t2 = [
        (row.key, column)
        for row in template.rows("T2")
        for column in template.layouts("T2", row.key).get(t2_variant, ())
    ]
    t3 = [
        (row.key, column)
        for row in template.rows("T3")
        if template.row_applies(row, t3_variant)
        for column in template.columns("T3")
    ]
    t4 = [("cases", c) for c in template.columns("T4")]
    return {"T2": t2, "T3": t3, "T4": t4}


def _missing(
    found: dict[tuple[str, str, str], TemplateCell], t2_variant: str, t3_variant: str
) -> list[str]:
    warnings = []
    for table, keys in _expected(t2_variant, t3_variant).items():
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
    column = _UNIT_NOTE.sub("", column)
    return f"{row}（{column}）"


def cell_kind(cell: TemplateCell) -> Kind:
    """MONEY for amounts (T2 fees, 2019 procurement), COUNT for every other cell."""
    return Kind.MONEY if cell.unit.endswith("元") else Kind.COUNT


def has_template_title(text: str) -> bool:
    """Whether ``text`` has a line that is a template table title: the tables are read
    whenever it does, whatever genre the report was judged to be.

    >>> has_template_title("四、政府信息公开行政复议、行政诉讼情况\\n1 0 0 0 1")
    True
    """
    return template.has_title(text)

"""Assemble extracted text line by line while recording table cells with exact offsets.

Structured formats (HTML, DOCX, PDF) are written out as lines: one paragraph or heading per
line, one table row per line with its cells separated by a tab.  Because the builder writes
every character itself, each :class:`~govreport_nlp.models.Cell` knows exactly where its text
sits in the final string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ...models import Cell, Table

__all__ = ["Extracted", "GridCell", "TextBuilder", "expand_grid", "join_fragments"]

# A cell or table line must not contain the separators the builder writes.
_SEPARATORS = regex.compile(r"[\t\r\n\v\f\u2028\u2029\x1c-\x1e\x85]+")
# Characters written without spaces between them (a wrapped Chinese line joins with "").
_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef]"
_BREAK_BETWEEN_CJK = regex.compile(rf"(?<={_CJK})[ \t]*[\r\n\v\f]+[ \t]*(?={_CJK})")


def join_fragments(text: str) -> str:
    """Fold a multi-line fragment (a table cell) into one line.

    A break between two CJK characters is a wrap and disappears; any other run of separators
    becomes one space.

    >>> join_fragments("结果\\n维持")
    '结果维持'
    >>> join_fragments("Total\\ncount\\t12")
    'Total count 12'
    >>> join_fragments("")
    ''
    """
    if _SEPARATORS.search(text) is None:
        return text.strip(" ")  # one line already (most cells): nothing to fold
    text = _BREAK_BETWEEN_CJK.sub("", text)
    return _SEPARATORS.sub(" ", text).strip(" ")


# A merged cell may not claim more rows/columns than this (a broken rowspan="9999").
_MAX_SPAN = 1000


@dataclass(frozen=True, slots=True)
class GridCell:
    """One physical table cell as a format reader found it, before grid expansion.

    ``continues`` marks a DOCX ``w:vMerge`` continuation: the position belongs to the merged
    cell above it in the same grid column.
    """

    text: str
    rowspan: int = 1
    colspan: int = 1
    continues: bool = False


def expand_grid(rows: Sequence[Sequence[GridCell]]) -> list[list[tuple[str, bool]]]:
    """Lay physical cells out on a grid: each row becomes (text, merged) per grid column,
    ``merged`` true where a cell started in an earlier row or column covers the position.

    Rows left short by the source stay short here; :meth:`TextBuilder.end_table` pads them.

    >>> g = expand_grid([
    ...     [GridCell("申请人", rowspan=2), GridCell("自然人"), GridCell("法人", colspan=2)],
    ...     [GridCell("95"), GridCell("3"), GridCell("1")],
    ... ])
    >>> g[0]
    [('申请人', False), ('自然人', False), ('法人', False), ('法人', True)]
    >>> g[1]
    [('申请人', True), ('95', False), ('3', False), ('1', False)]
    >>> expand_grid([[GridCell("a")], [GridCell("", continues=True), GridCell("1")]])[1]
    [('a', True), ('1', False)]
    """
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers)
    grid: list[list[tuple[str, bool]]] = []
    previous: list[tuple[str, bool]] = []
    for physical in rows:
        out: list[tuple[str, bool]] = []
        cells = list(physical)[::-1]  # popped from the end, in reading order
        column = 0
        while cells or any(c >= column for c in pending):
            if column in pending or not cells:
                text, left = pending.pop(column, ("", 0))
                out.append((text, left > 0))
                if left > 1:
                    pending[column] = (text, left - 1)
                column += 1
                continue
            cell = cells.pop()
            colspan = min(max(cell.colspan, 1), _MAX_SPAN)
            rowspan = min(max(cell.rowspan, 1), _MAX_SPAN)
            above = previous[column][0] if cell.continues and column < len(previous) else None
            for k in range(colspan):
                text = above if above is not None else cell.text
                out.append((text, above is not None or k > 0))
                if rowspan > 1:
                    pending[column + k] = (text, rowspan - 1)
            column += colspan
        grid.append(out)
        previous = out
    return grid


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a format reader found: the text and what the format told us about it."""

    text: str
    encoding: str | None
    title: str | None = None
    tables: tuple[Table, ...] = ()
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()  # 1-based pages read by OCR (scans)
    ocr_spans: tuple[tuple[int, int, float], ...] = ()  # (start, end, OCR confidence)
    issuer: str | None = None  # printed under the title on a fixed-layout page 1
    parts: tuple[str, ...] = ()  # body lines heading the entries of a (dropped) contents list


@dataclass
class TextBuilder:
    """Collect lines and table rows; :meth:`build` joins the lines with ``"\\n"``.

    >>> b = TextBuilder()
    >>> b.line("二、主动公开政府信息情况")
    >>> row = b.row(["规章", "0"])
    >>> b.end_table()
    >>> text, tables = b.build()
    >>> text
    '二、主动公开政府信息情况\\n规章\\t0'
    >>> [(c.text, text[c.start:c.end]) for c in tables[0].rows[0]]
    [('规章', '规章'), ('0', '0')]
    """

    _lines: list[str] = field(default_factory=list)
    _pos: int = 0  # offset where the next line starts
    _rows: list[tuple[Cell, ...]] = field(default_factory=list)
    _tables: list[Table] = field(default_factory=list)
    _page: int | None = None

    def _append(self, text: str) -> int:
        start = self._pos
        self._lines.append(text)
        self._pos += len(text) + 1
        return start

    @property
    def position(self) -> int:
        """The offset the next line will start at."""
        return self._pos

    def line(self, text: str) -> None:
        """One paragraph/heading; line breaks inside it are kept as separate lines."""
        self.end_table()
        for part in text.split("\n"):
            self._append(part)

    def row(
        self,
        cells: list[str],
        *,
        page: int | None = None,
        merged: Sequence[bool] = (),
        columns: list[tuple[int, int]] | None = None,
        width: int = 0,
    ) -> tuple[Cell, ...]:
        """One table row; cell texts are folded to one line each and tab-joined.  Returns
        the row written.

        ``merged[i]`` true: position *i* is covered by a merged cell printed elsewhere; it
        joins the grid as a copy (``Cell.merged``) but is not written to the text again.

        With ``columns`` (each cell's first and last grid column, as fixed-layout readers
        place them) the row is a rectangular grid of ``width`` cells: a cell spanning several
        columns fills the first and leaves merged copies in the rest; a blank cell and a
        column no cell of this row starts in are ``Cell("")`` (start and end -1), so a blank
        never shifts the numbers after it.

        >>> b = TextBuilder()
        >>> _ = b.row(["行政复议", "行政复议", "行政诉讼"], merged=[False, True, False])
        >>> text, tables = b.build()
        >>> text
        '行政复议\\t行政诉讼'
        >>> [(c.text, c.start, c.merged) for c in tables[0].rows[0]]
        [('行政复议', 0, False), ('行政复议', -1, True), ('行政诉讼', 5, False)]
        """
        if self._rows and page != self._page:
            self.end_table()
        self._page = page
        texts = list(map(join_fragments, cells))
        out = self._written(texts, merged) if any(merged) else self._printed(texts)
        if columns is not None:
            grid = [Cell("")] * max(width, max((last for _f, last in columns), default=-1) + 1)
            for cell, (first, last) in zip(out, columns, strict=True):
                if not cell.text:  # a blank grid cell is Cell(""), like an uncovered column
                    continue
                grid[first] = cell
                grid[first + 1 : last + 1] = [Cell(cell.text, merged=True)] * (last - first)
            out = grid
        self._rows.append(tuple(out))
        return self._rows[-1]

    def _printed(self, texts: list[str]) -> list[Cell]:
        """A row without merged copies (every fixed-layout row): each cell where it is
        written."""
        start = self._append("\t".join(texts))
        out: list[Cell] = []
        for text in texts:
            end = start + len(text)
            out.append(Cell(text, start, end))
            start = end + 1
        return out

    def _written(self, texts: list[str], merged: Sequence[bool]) -> list[Cell]:
        """A row whose ``merged`` positions are copies, not written again."""
        copies = [i < len(merged) and merged[i] for i in range(len(texts))]
        printed = [t for t, copy in zip(texts, copies, strict=True) if not copy]
        start = self._append("\t".join(printed))
        out: list[Cell] = []
        for text, copy in zip(texts, copies, strict=True):
            if copy:
                out.append(Cell(text, merged=True))
                continue
            out.append(Cell(text, start, start + len(text)))
            start += len(text) + 1
        return out

    def end_table(self) -> None:
        """Close the current table (a following row starts a new one); rows shorter than the
        widest are padded with blank cells so the grid is rectangular."""
        if self._rows:
            width = max(len(r) for r in self._rows)
            rows = tuple(r + (Cell(""),) * (width - len(r)) for r in self._rows)
            self._tables.append(Table(rows, page=self._page))
            self._rows = []

    @property
    def empty(self) -> bool:
        return not self._lines

    def build(self) -> tuple[str, tuple[Table, ...]]:
        self.end_table()
        return "\n".join(self._lines), tuple(self._tables)

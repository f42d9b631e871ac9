"""Assemble extracted text line by line while recording table cells with exact offsets.

Structured formats (HTML, DOCX, PDF) are written out as lines: one paragraph or heading per
line, one table row per line with its cells separated by a tab.  Because the builder writes
every character itself, each :class:`~govreport_nlp.models.Cell` knows exactly where its text
sits in the final string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ...models import Cell, Table

__all__ = ["Extracted", "TextBuilder", "join_fragments"]

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
    text = _BREAK_BETWEEN_CJK.sub("", text)
    return _SEPARATORS.sub(" ", text).strip(" ")


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
        columns: list[tuple[int, int]] | None = None,
        width: int = 0,
    ) -> tuple[Cell, ...]:
        """One table row; cell texts are folded to one line each and tab-joined.

        With ``columns`` (each cell's first and last grid column) the table row is a
        rectangular grid of ``width`` cells: a merged cell fills every column it spans; a
        blank cell and a column no cell of this row starts in are ``Cell("")`` (start and
        end -1), so a blank never shifts the numbers after it.  Returns the row written.
        """
        if self._rows and page != self._page:
            self.end_table()
        self._page = page
        texts = [join_fragments(c) for c in cells]
        start = self._append("\t".join(texts))
        out: list[Cell] = []
        for text in texts:
            out.append(Cell(text, start, start + len(text)))
            start += len(text) + 1
        if columns is not None:
            grid = [Cell("")] * max(width, max((last for _f, last in columns), default=-1) + 1)
            for cell, (first, last) in zip(out, columns, strict=True):
                # a blank grid cell is Cell("") like an uncovered column: no text, no span
                grid[first : last + 1] = [cell if cell.text else Cell("")] * (last - first + 1)
            out = grid
        self._rows.append(tuple(out))
        return self._rows[-1]

    def end_table(self) -> None:
        """Close the current table (a following row starts a new one)."""
        if self._rows:
            self._tables.append(Table(tuple(self._rows), page=self._page))
            self._rows = []

    @property
    def empty(self) -> bool:
        return not self._lines

    def build(self) -> tuple[str, tuple[Table, ...]]:
        self.end_table()
        return "\n".join(self._lines), tuple(self._tables)

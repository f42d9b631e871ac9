"""PDF files via pdfplumber: page text in reading order with tables as tab-separated rows.

pdfplumber finds ruled tables; a row with at least two cells is written as one line (cells
tab-separated, a cell's wrapped lines joined), and the characters under those rows are removed
from the page before its remaining text is read line by line.  Rows with a single cell are
not table rows: WPS draws a frame round whole pages, which pdfplumber reports as a one-column
"table" of prose, so such rows stay ordinary text lines.  Lines and table rows are merged by
their position on the page; pages are joined with ``"\\n"``.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import regex

from ..._extras import require
from ...errors import CorruptFileError
from ._builder import Extracted, TextBuilder

__all__ = ["read_pdf"]

_HAN = regex.compile(r"\p{Han}")
_MIN_TABLE_CELLS = 2  # fewer cells in a row: the "table" is a frame round text


@dataclass
class _Block:
    top: float
    rows: list[list[str]] | None = None  # a table block
    text: str = ""  # a text line


def _table_blocks(page: Any) -> tuple[list[_Block], list[tuple[float, float, float, float]]]:
    """Runs of multi-cell rows of the page's tables, and the boxes they cover."""
    blocks: list[_Block] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in page.find_tables():
        run: list[list[str]] = []
        run_box: list[float] | None = None

        def close() -> None:
            nonlocal run, run_box
            if run and run_box is not None:
                blocks.append(_Block(top=run_box[1], rows=run))
                boxes.append((run_box[0], run_box[1], run_box[2], run_box[3]))
            run, run_box = [], None

        for row, texts in zip(table.rows, table.extract(), strict=True):
            cells = [t for t in texts if t is not None]
            if len(cells) < _MIN_TABLE_CELLS:
                close()
                continue
            x0, top, x1, bottom = row.bbox
            run.append(cells)
            if run_box is None:
                run_box = [x0, top, x1, bottom]
            else:
                run_box = [
                    min(run_box[0], x0),
                    min(run_box[1], top),
                    max(run_box[2], x1),
                    max(run_box[3], bottom),
                ]
        close()
    return blocks, boxes


def _outside(boxes: list[tuple[float, float, float, float]]) -> Any:
    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    return keep


def _page_blocks(page: Any) -> list[_Block]:
    tables, boxes = _table_blocks(page)
    text_page = page.filter(_outside(boxes)) if boxes else page
    lines = [_Block(top=line["top"], text=line["text"]) for line in text_page.extract_text_lines()]
    # Python's sort is stable: a line and a table starting at the same height keep lines first.
    return sorted([*lines, *tables], key=lambda b: b.top)


def _info_title(pdf: Any) -> str | None:
    """The document-info Title when it is real text (WPS writes UTF-16 with a BOM)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in pdf.doc.info or ():
        raw = resolve1(info.get("Title")) if isinstance(info, dict) else None
        if not isinstance(raw, bytes):
            continue
        if raw.startswith(b"\xff\xfe"):
            title = raw[2:].decode("utf-16-le", errors="strict")
        elif raw.startswith(b"\xfe\xff"):
            title = raw[2:].decode("utf-16-be", errors="strict")
        else:
            title = decode_text(raw)
        title = title.strip().strip("\x00")
        if _HAN.search(title):
            return title
    return None


def read_pdf(data: bytes, source: str) -> Extracted:
    """Extract a PDF given as bytes; a damaged file raises CorruptFileError."""
    pdfplumber = require("pdfplumber", extra="pdf", purpose="Reading PDF files")
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    expected = (
        PSException,
        PdfminerException,
        MalformedPDFException,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        struct.error,
        zlib.error,
        UnicodeDecodeError,
    )
    builder = TextBuilder()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            page_count = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                blocks = _page_blocks(page)
                if not blocks:
                    builder.line("")
                for block in blocks:
                    if block.rows is None:
                        builder.line(block.text)
                    else:
                        for cells in block.rows:
                            builder.row(cells, page=number)
                        builder.end_table()
            title = _info_title(pdf)
    except expected as exc:
        raise CorruptFileError(
            f"{source}: not a readable PDF ({type(exc).__name__}: {exc})"
        ) from exc
    if page_count == 0:
        raise CorruptFileError(f"{source}: PDF has no pages")
    text, tables = builder.build()
    warnings: tuple[str, ...] = ()
    if not text.strip():
        warnings = (f"{source}: PDF has no text layer (scanned pages need OCR)",)
    return Extracted(text, None, title=title, tables=tables, warnings=warnings)

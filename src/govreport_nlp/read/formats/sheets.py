"""Spreadsheets (``.xlsx``, ``.xls``: statistical annexes) via python-calamine: each sheet a table.

A sheet is written as its name on a line, then one tab-separated line per non-blank row, the
rows making one rectangular :class:`~govreport_nlp.models.Table` (blank cells ``Cell("")``).
Numbers are written as the spreadsheet shows them in full: whole numbers without ``.0``, other
values in their shortest exact decimal form, dates in ISO form.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ..._extras import require
from ...errors import CorruptFileError, EncryptedFileError
from ._builder import Extracted, TextBuilder

__all__ = ["cell_text", "read_sheets"]


def cell_text(value: Any) -> str:
    """How a cell value is written.

    >>> [cell_text(v) for v in (7545.0, 0.25, 12, "", None, True, dt.date(2024, 1, 1))]
    ['7545', '0.25', '12', '', '', 'TRUE', '2024-01-01']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def read_sheets(data: bytes, source: str) -> Extracted:
    """Extract every sheet of a workbook given as bytes."""
    calamine = require(
        "python_calamine", extra="sheets", purpose="Reading spreadsheets",
        package="python-calamine",
    )
    builder = TextBuilder()
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=True)
            texts = [[cell_text(v) for v in row] for row in rows]
            texts = [row for row in texts if any(t.strip() for t in row)]
            builder.line(name)
            width = max((len(r) for r in texts), default=0)
            for row in texts:
                padded = row + [""] * (width - len(row))
                builder.row(padded, columns=[(i, i) for i in range(width)], width=width)
            builder.end_table()
    except calamine.PasswordError as exc:
        raise EncryptedFileError(f"{source}: the workbook is password-protected") from exc
    except (calamine.CalamineError, ValueError, TypeError, OSError) as exc:
        raise CorruptFileError(f"{source}: not a readable spreadsheet ({exc})") from exc
    text, tables = builder.build()
    return Extracted(text, None, tables=tables)

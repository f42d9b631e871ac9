"""Containers holding several reports: CSV/TSV rows, Stata ``.dta`` rows, JSON Lines records.

Each reader returns :class:`Record` values (the report text plus a title and a name when the
container gives them); :mod:`govreport_nlp.read.load` turns them into documents named
``"<source>#<n>"`` (1-based).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..._extras import require
from ...errors import CorruptFileError, UnsupportedFormatError

__all__ = ["Record", "looks_like_jsonl", "read_csv", "read_dta", "read_jsonl"]

# Column/field names, in order of preference, that carry a title or the report text.
_TITLE_NAMES = ("title", "标题", "题目")
_JSONL_TEXT_FIELDS = ("text", "content", "full_text")
# CSV header names that say "this is the report"; without one, the column with most text wins.
_TEXT_NAMES = ("full_text", "report", "text", "content", "正文", "全文")
_DTA_TEXT_COLUMN = "report"
# Without a named text column, a table is a table of reports only if some cell is at least
# this long: the shortest real reports run to a few thousand characters, while catalogue
# tables (a MANIFEST.tsv, a list of links) have short cells.
MIN_REPORT_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Record:
    text: str
    title: str | None = None
    name: str | None = None  # a name the container gives the record (JSONL "source")


@contextmanager
def _large_fields() -> Iterator[None]:
    # A whole report in one field exceeds the csv module's 128 KiB default field limit.
    previous = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(text: str, source: str, *, delimiter: str | None = None) -> list[Record]:
    """Rows of a CSV/TSV with a header; the report is column ``full_text`` (or ``report``,
    ``text``, ``content``, 正文, 全文), else the column with the most text.

    >>> rows = read_csv('province,title,full_text\\n北京市,报告,"各位代表：\\n现在……"\\n', "x.csv")
    >>> rows[0].text, rows[0].title
    ('各位代表：\\n现在……', '报告')
    >>> read_csv("", "empty.csv")
    []
    >>> read_csv("file\\tgenre\\n2012.txt\\twork_report\\n", "MANIFEST.tsv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govreport_nlp.errors.UnsupportedFormatError: MANIFEST.tsv: a table with no column of ...
    """
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
    with _large_fields():
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise CorruptFileError(f"{source}: not a readable CSV file ({exc})") from exc
    rows = [r for r in rows if any(field.strip() for field in r)]
    if len(rows) < 2:
        return []
    header, body = rows[0], rows[1:]
    width = len(header)
    body = [r + [""] * (width - len(r)) for r in body]
    names = [h.strip().lower() for h in header]
    named = [names.index(n) for n in _TEXT_NAMES if n in names]
    lengths = [sum(len(r[i]) for r in body) for i in range(width)]
    text_col = named[0] if named else max(range(width), key=lambda i: (lengths[i], -i))
    if not named:
        longest = max(len(r[text_col]) for r in body)
        if longest < MIN_REPORT_CHARS:
            raise UnsupportedFormatError(
                f"{source}: a table with no column of report text (no {'/'.join(_TEXT_NAMES)} "
                f"column, longest cell {longest} characters)"
            )
    title_col = next((names.index(n) for n in _TITLE_NAMES if n in names), None)
    return [
        Record(r[text_col], title=(r[title_col].strip() or None) if title_col is not None else None)
        for r in body
    ]


def read_dta(data: bytes, source: str) -> list[Record]:
    """Rows of a Stata file; the report is column ``report`` (else the longest text column)."""
    pandas = require("pandas", extra="pandas", purpose="Reading Stata .dta files")
    try:
        frame = pandas.read_stata(io.BytesIO(data))
    except (ValueError, KeyError, UnicodeDecodeError, EOFError, OSError) as exc:
        raise CorruptFileError(f"{source}: not a readable Stata file ({exc})") from exc
    text_columns = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, str)).any()]
    if not text_columns:
        raise CorruptFileError(f"{source}: Stata file has no text column")
    if _DTA_TEXT_COLUMN in frame.columns:
        text_col = _DTA_TEXT_COLUMN
    else:
        text_col = max(text_columns, key=lambda c: frame[c].map(lambda v: len(str(v))).sum())
    names = {str(c).lower(): c for c in frame.columns}
    title_col = next((names[n] for n in _TITLE_NAMES if n in names), None)
    out = []
    for _, row in frame.iterrows():
        value = row[text_col]
        title = row[title_col] if title_col is not None else None
        out.append(
            Record(
                value if isinstance(value, str) else "",
                title=title if isinstance(title, str) and title else None,
            )
        )
    return out


def looks_like_jsonl(text: str) -> bool:
    """Whether the first non-blank line is a JSON object and more lines follow it.

    >>> looks_like_jsonl('{"text": "一"}\\n{"text": "二"}\\n')
    True
    >>> looks_like_jsonl("各位代表：")
    False
    """
    lines = [line for line in text[:1_000_000].split("\n", 3)[:3] if line.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except json.JSONDecodeError:
        return False


def read_jsonl(text: str, source: str) -> list[Record]:
    """One record per non-blank line; the text is field ``text``, ``content`` or ``full_text``.

    >>> line = '{"content": "政府工作报告", "source": "a.txt"}'
    >>> [(r.text, r.name) for r in read_jsonl(line, "x")]
    [('政府工作报告', 'a.txt')]
    """
    out: list[Record] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorruptFileError(f"{source}:{lineno}: not a JSON object ({exc})") from exc
        if not isinstance(obj, dict):
            raise CorruptFileError(f"{source}:{lineno}: not a JSON object")
        field = next((f for f in _JSONL_TEXT_FIELDS if isinstance(obj.get(f), str)), None)
        if field is None:
            raise CorruptFileError(
                f"{source}:{lineno}: no text field (one of {', '.join(_JSONL_TEXT_FIELDS)})"
            )
        title = next((obj[n] for n in _TITLE_NAMES if isinstance(obj.get(n), str)), None)
        name = obj.get("source") if isinstance(obj.get("source"), str) else None
        out.append(Record(obj[field], title=title or None, name=name or None))
    return out

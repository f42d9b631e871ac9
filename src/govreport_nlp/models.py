"""The frozen value types every stage returns.

Offsets in these objects are Python ``str`` indices into ``Document.text`` (the text the loader
produced, exactly as the user sees it), never into the normalised analysis view; the pipeline
maps them back through :class:`~govreport_nlp.text.normalise.OffsetMap` before building these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "Genre",
    "Script",
    "Kind",
    "Role",
    "Cell",
    "Table",
    "Document",
    "Meta",
    "Section",
    "TableRef",
    "Indicator",
    "Check",
    "Report",
    "ErrorRecord",
    "Number",
    "json_number",
]

Number = int | Decimal


class Genre(StrEnum):
    INFO_DISCLOSURE = "info_disclosure"
    WORK_REPORT = "work_report"
    OTHER = "other"


class Script(StrEnum):
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    MIXED = "mixed"
    NONE = "none"  # no Chinese text at all (an English page, numbers only): nothing read


class Kind(StrEnum):
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    CHANGE = "change"
    DURATION = "duration"
    OTHER = "other"


class Role(StrEnum):
    """For work reports: a figure achieved (outcome) or aimed at (target)."""

    OUTCOME = "outcome"
    TARGET = "target"


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell as the loader found it; ``start``/``end`` index ``Document.text``
    (both -1 when the cell text does not appear in the extracted text).

    ``merged`` marks a grid position covered by a merged cell (HTML rowspan/colspan, DOCX
    ``w:gridSpan``/``w:vMerge``) that starts elsewhere: it repeats that cell's text, with
    start=end=-1, because the text was printed once, at the merged cell's origin.  A blank
    cell is ``Cell("")`` (start=end=-1) and is not merged.
    """

    text: str
    start: int = -1
    end: int = -1
    merged: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table carried by the source format (HTML/DOCX/PDF), rows of cells in reading order.

    ``rows`` is a rectangular grid: merged cells are expanded into every position they cover
    (the copies have ``merged=True``), so column *j* of every row is the same column.
    """

    rows: tuple[tuple[Cell, ...], ...]
    page: int | None = None

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded report: its text plus what the source format told us."""

    text: str
    source: str
    sha256: str
    encoding: str | None
    format: str
    title: str | None = None
    tables: tuple[Table, ...] = ()
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text came from OCR (scans)
    # (start, end, confidence) of each OCR'd line or cell of ``text``, in text order
    ocr_spans: tuple[tuple[int, int, float], ...] = ()
    issuer: str | None = None  # printed under the title on a fixed-layout page 1
    # lines of ``text`` that head the entries of the table of contents the reader left out
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None
    issuer: str | None
    year: int | None
    genre: Genre
    script: Script
    encoding: str | None
    format: str
    date: str | None = None  # work reports: delivery date, ISO "2024-03-05"
    occasion: str | None = None  # work reports: "——2024年3月5日在第十四届…会议上"
    ocr_pages: tuple[int, ...] = ()  # 1-based pages read by OCR (scanned PDF pages)
    # The issuer as one body across years (structure/issuer.py): full official name, level
    # (national/province/prefecture/county/township, or department_of_<level>) and the
    # 6-digit administrative-division code of its region (a department keeps its parent's).
    issuer_canonical: str | None = None
    issuer_level: str | None = None
    region_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "title": self.title,
            "issuer": self.issuer,
            "year": self.year,
            "genre": str(self.genre),
            "script": str(self.script),
            "encoding": self.encoding,
            "format": self.format,
        }
        out["issuer_canonical"] = self.issuer_canonical
        out["issuer_level"] = self.issuer_level
        out["region_code"] = self.region_code
        if self.date is not None:
            out["date"] = self.date
        if self.occasion is not None:
            out["occasion"] = self.occasion
        if self.ocr_pages:
            out["ocr_pages"] = list(self.ocr_pages)
        return out


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its body.  ``start``/``end`` cover both; ``title_start`` is where the
    title text (after the numbering) begins."""

    level: int
    number: str | None
    title: str
    start: int
    end: int
    title_start: int
    key: str | None = None
    children: tuple[Section, ...] = ()

    def walk(self) -> list[Section]:
        """This section and its descendants in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "number": self.number,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "key": self.key,
        }


@dataclass(frozen=True, slots=True)
class TableRef:
    id: str  # "T2" | "T3" | "T4"
    row: str
    column: str
    # The cell was printed blank and is read as 0; not part of the cell's identity.
    blank: bool = field(default=False, repr=False, compare=False)

    def to_dict(self) -> dict[str, str | bool]:
        out: dict[str, str | bool] = {"id": self.id, "row": self.row, "column": self.column}
        if self.blank:
            out["blank"] = True
        return out


def json_number(value: Number | None) -> int | float | None:
    """Render an exact value for JSON: integral values as int, others as float.

    The Decimal stays exact in Python objects; JSON has only one number type.
    """
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class Indicator:
    start: int
    end: int
    text: str
    value: Number
    value_max: Number | None
    unit: str | None
    qualifier: str | None
    name: str
    verb: str | None
    kind: Kind
    section: tuple[str, ...] = ()
    table: TableRef | None = None
    role: Role | None = None
    implicit: bool = False
    restates: TableRef | None = None  # prose figure that repeats a template cell
    agrees: bool | None = None  # with the cell it restates
    ocr_confidence: float | None = None  # lowest OCR score of the text it was read from
    # Canonical indicator key (data/indicator_keys.tsv) when the figure measures exactly that
    # quantity for the whole jurisdiction, and the period it refers to ("2025", "2021-2025").
    key: str | None = None
    period: str | None = None
    # Which rule gave the name (figures/indicators.py NameRule ids, "+"-joined repairs after
    # it: "left+previous_clause"); "implicit" for a figure stated in words, "template" for a
    # template table cell.
    name_rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": json_number(self.value),
            "value_max": json_number(self.value_max),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "name": self.name,
            "verb": self.verb,
            "name_rule": self.name_rule,
            "kind": str(self.kind),
            "section": list(self.section),
            "table": self.table.to_dict() if self.table else None,
            "key": self.key,
            "period": self.period,
        }
        if self.role is not None:
            out["role"] = str(self.role)
        if self.implicit:
            out["implicit"] = True
        if self.restates is not None:
            out["restates"] = self.restates.to_dict()
            out["agrees"] = self.agrees
        if self.ocr_confidence is not None:
            out["ocr_confidence"] = self.ocr_confidence
        return out


@dataclass(frozen=True, slots=True)
class Check:
    rule: str
    ok: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Report:
    """One parsed report.  ``to_dict()`` is the output contract."""

    source: str
    sha256: str
    meta: Meta
    text: str
    sections: tuple[Section, ...] = ()  # top-level sections (tree)
    indicators: tuple[Indicator, ...] = ()
    checks: tuple[Check, ...] = ()
    warnings: tuple[str, ...] = ()
    tables: tuple[Table, ...] = field(default=(), repr=False)

    def all_sections(self) -> list[Section]:
        """Every section in preorder (document order)."""
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return out

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "sha256": self.sha256,
            "meta": self.meta.to_dict(),
            "sections": [s.to_dict() for s in self.all_sections()],
            "indicators": [i.to_dict() for i in self.indicators],
            "checks": [c.to_dict() for c in self.checks],
            "warnings": list(self.warnings),
        }
        if include_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """What a batch yields for an input that could not be parsed."""

    source: str
    sha256: str | None
    type: str
    message: str

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "error": {"type": self.type, "message": self.message},
        }

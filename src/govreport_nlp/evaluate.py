"""Score parse output against hand-checked gold files (``../shared/gold/README.md``).

Each gold file names one report by path and sha256 and lists, for an annotated ``region`` of
it, every figure (span, value, unit, name), the template table cells, the figures stated only
in words (``implicit``), the section headings, the meta data and strings that must never be
reported as figures (``not_indicators``).  :func:`evaluate` parses each report and measures:

- indicators: precision/recall/F1.  A predicted figure matches a gold one when the spans
  overlap, the values are numerically equal and the units are equal; matching is one-to-one
  and greedy (largest overlap first).  Gold figures marked ``optional`` count neither as a
  miss when absent nor as a false positive when found.  Predicted figures carrying a ``table``
  are template cells and are scored as such; predicted implicit figures are scored against
  ``implicit``.
- names: the share of matched figures whose predicted name has character F1 >= 0.5 with the
  gold name (:func:`char_f1`).
- template cells: gold cells found with an equal value, plus predicted cells gold lacks.
- implicit figures, sections (same level, same title, start within two characters), meta
  (title, issuer, year, genre), and ``not_indicators`` violations: predicted figures whose
  span overlaps an occurrence of such a string.

Evaluation measures; it does not judge.  ``govreport evaluate`` exits 0 unless ``--min-f1``
asks for a gate.

>>> char_f1("受理政策咨询件", "受理咨询件")
0.8333333333333334
>>> Tally(tp=9, fp=1, fn=0).f1
0.9473684210526315
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

import regex

from .errors import GovReportError
from .models import ErrorRecord, Report

__all__ = [
    "NAME_AGREEMENT",
    "SECTION_TOLERANCE",
    "CellScore",
    "Evaluation",
    "FileScore",
    "Finding",
    "FindingKind",
    "MetaCheck",
    "Share",
    "Tally",
    "Totals",
    "char_f1",
    "evaluate",
    "format_ratio",
    "same_issuer",
    "score_report",
]

# A predicted name "agrees" with the gold name from this character F1 on (issue 5).
NAME_AGREEMENT = 0.5
# Headings match when their title starts this many characters or fewer apart: gold marks
# where the title text begins, a parser may include a stray space or bracket.
SECTION_TOLERANCE = 2
# Characters of context shown each side of a figure in the details listing.
CONTEXT_CHARS = 16
# gold/README.md: "本溪市 and 本溪市人民政府 count as the same" — the body is named with or
# without the word for "(people's) government"; longest first.
ISSUER_SUFFIXES = ("人民政府", "政府")
META_FIELDS = ("title", "issuer", "year", "genre")

_TRAILING_PUNCT = regex.compile(r"[\p{P}\s]+$")
_SPACE = regex.compile(r"\s+")

Parser = Callable[[Path], Any]


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


@dataclass(frozen=True, slots=True)
class Tally:
    """True positives, false positives and misses, with the usual ratios (``None`` when a
    ratio has nothing to divide by, e.g. recall of a file without gold figures)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Share:
    """``hits`` out of ``total``."""

    hits: int = 0
    total: int = 0

    @property
    def ratio(self) -> float | None:
        return _ratio(self.hits, self.total)

    def __add__(self, other: Share) -> Share:
        return Share(self.hits + other.hits, self.total + other.total)

    def to_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "ratio": self.ratio}


@dataclass(frozen=True, slots=True)
class CellScore:
    """Template cells: ``correct`` of ``gold`` found with an equal value; ``wrong`` found
    with another value; ``extra`` predicted cells (in the region) that gold does not have."""

    gold: int = 0
    correct: int = 0
    wrong: int = 0
    extra: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.gold)

    def __add__(self, other: CellScore) -> CellScore:
        return CellScore(
            self.gold + other.gold,
            self.correct + other.correct,
            self.wrong + other.wrong,
            self.extra + other.extra,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "correct": self.correct,
            "wrong": self.wrong,
            "extra": self.extra,
            "accuracy": self.accuracy,
        }


@dataclass(frozen=True, slots=True)
class MetaCheck:
    field: str
    gold: Any
    predicted: Any
    ok: bool

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "ok": self.ok}


class FindingKind(StrEnum):
    MISS = "miss"
    FALSE_POSITIVE = "false_positive"
    VIOLATION = "violation"
    NAME = "name"
    CELL_MISSING = "cell_missing"
    CELL_WRONG = "cell_wrong"
    CELL_EXTRA = "cell_extra"
    IMPLICIT_MISS = "implicit_miss"
    IMPLICIT_EXTRA = "implicit_extra"
    SECTION_MISS = "section_miss"
    SECTION_EXTRA = "section_extra"
    META = "meta"
    GOLD = "gold"  # a problem in the gold file itself (span text differs, string absent)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to look at: a miss, a false positive, a violation, a disagreement.

    ``start``/``end`` index the report text (-1 when the finding has no place, e.g. a
    missing table cell); ``context`` shows the figure in its sentence as ``…前【95件】后…``.
    """

    kind: FindingKind
    file: str
    start: int
    end: int
    text: str
    detail: str
    context: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "file": self.file,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "detail": self.detail,
            "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class FileScore:
    """Scores of one gold file.  ``skipped`` gives the reason when it could not be scored
    (report missing, sha256 differs, parse failed); the scores are then empty."""

    gold: str
    file: str
    skipped: str | None = None
    indicators: Tally = Tally()
    names: Share = Share()
    cells: CellScore = CellScore()
    implicit: Tally = Tally()
    sections: Tally = Tally()
    meta: tuple[MetaCheck, ...] = ()
    violations: int = 0
    findings: tuple[Finding, ...] = ()

    @property
    def meta_share(self) -> Share:
        return Share(sum(m.ok for m in self.meta), len(self.meta))

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "file": self.file,
            "skipped": self.skipped,
            "indicators": self.indicators.to_dict(),
            "names": self.names.to_dict(),
            "cells": self.cells.to_dict(),
            "implicit": self.implicit.to_dict(),
            "sections": self.sections.to_dict(),
            "meta": {m.field: m.to_dict() for m in self.meta},
            "violations": self.violations,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Totals:
    """Micro-averaged over the scored files: counts are summed, then ratios taken."""

    files: int = 0
    skipped: int = 0
    indicators: Tally = Tally()
    names: Share = Share()
    cells: CellScore = CellScore()
    implicit: Tally = Tally()
    sections: Tally = Tally()
    meta: Mapping[str, Share] = field(default_factory=dict)
    violations: int = 0

    @property
    def meta_share(self) -> Share:
        return sum(self.meta.values(), Share())

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "skipped": self.skipped,
            "indicators": self.indicators.to_dict(),
            "names": self.names.to_dict(),
            "cells": self.cells.to_dict(),
            "implicit": self.implicit.to_dict(),
            "sections": self.sections.to_dict(),
            "meta": {k: v.to_dict() for k, v in self.meta.items()},
            "violations": self.violations,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The result of :func:`evaluate`: one :class:`FileScore` per gold file, in name order."""

    files: tuple[FileScore, ...]

    @property
    def totals(self) -> Totals:
        scored = [f for f in self.files if f.skipped is None]
        meta: dict[str, Share] = {}
        for f in scored:
            for m in f.meta:
                meta[m.field] = meta.get(m.field, Share()) + Share(int(m.ok), 1)
        return Totals(
            files=len(scored),
            skipped=len(self.files) - len(scored),
            indicators=sum((f.indicators for f in scored), Tally()),
            names=sum((f.names for f in scored), Share()),
            cells=sum((f.cells for f in scored), CellScore()),
            implicit=sum((f.implicit for f in scored), Tally()),
            sections=sum((f.sections for f in scored), Tally()),
            meta=meta,
            violations=sum(f.violations for f in scored),
        )

    def _of_kind(self, kind: FindingKind) -> tuple[Finding, ...]:
        return tuple(x for f in self.files for x in f.findings if x.kind is kind)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(x for f in self.files for x in f.findings)

    @property
    def misses(self) -> tuple[Finding, ...]:
        return self._of_kind(FindingKind.MISS)

    @property
    def false_positives(self) -> tuple[Finding, ...]:
        return self._of_kind(FindingKind.FALSE_POSITIVE)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return self._of_kind(FindingKind.VIOLATION)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [f.to_dict() for f in self.files],
            "totals": self.totals.to_dict(),
        }

    def format_table(self) -> str:
        """A per-file table and a micro-averaged total line, for a terminal."""
        return _format_table(self)

    def format_details(self) -> str:
        """Every miss, false positive, violation and disagreement with its context."""
        return _format_details(self)


# ---------------------------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------------------------


def char_f1(predicted: str, gold: str) -> float:
    """F1 of the two strings' character multisets (0.0 when either is empty).

    >>> char_f1("主动公开政府信息", "主动公开政府信息数")
    0.9411764705882353
    >>> char_f1("", "受理")
    0.0
    """
    if not predicted or not gold:
        return 0.0
    common = sum((Counter(predicted) & Counter(gold)).values())
    return 2 * common / (len(predicted) + len(gold))


def same_issuer(predicted: str | None, gold: str | None) -> bool:
    """Issuers agree up to whitespace and a trailing 人民政府/政府.

    >>> same_issuer("本溪市", "本溪市人民政府")
    True
    >>> same_issuer("上海市人民政府办公厅", "上海市人民政府")
    False
    """
    return _issuer_key(predicted) == _issuer_key(gold)


def _issuer_key(issuer: str | None) -> str | None:
    if issuer is None:
        return None
    key = _SPACE.sub("", issuer)
    for suffix in ISSUER_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _title_key(title: str | None) -> str | None:
    """Titles compare without whitespace (PDF extraction scatters it) and trailing
    punctuation (gold strips it; a heading may keep its colon)."""
    if title is None:
        return None
    return _TRAILING_PUNCT.sub("", _SPACE.sub("", title))


def _number(value: Any) -> Decimal | None:
    """A value as an exact Decimal, whatever numeric type carried it (int, float, Decimal,
    numeric string); comparing via ``str`` keeps 5.5 == Decimal("5.5")."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _show_number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _context(text: str, start: int, end: int) -> str:
    if not 0 <= start <= end <= len(text):
        return ""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    shown = f"{before}【{text[start:end]}】{after}"
    return shown.replace("\r", "").replace("\n", "⏎")


# ---------------------------------------------------------------------------------------------
# Inputs: gold files and predictions brought to one shape
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figure:
    start: int
    end: int
    text: str
    value: Decimal | None
    unit: str
    name: str
    optional: bool = False
    table: tuple[str, str, str] | None = None
    implicit: bool = False

    def describe(self) -> str:
        return f"{_show_number(self.value)} {self.unit or '(no unit)'}  name={self.name or '—'}"


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    title: str
    start: int


@dataclass(frozen=True, slots=True)
class _Parsed:
    figures: tuple[_Figure, ...]
    headings: tuple[_Heading, ...]
    meta: Mapping[str, Any]


def _unit(unit: Any) -> str:
    return "" if unit is None else str(unit)


def _gold_figure(row: Mapping[str, Any]) -> _Figure:
    return _Figure(
        start=int(row["start"]),
        end=int(row["end"]),
        text=str(row.get("text", "")),
        value=_number(row.get("value")),
        unit=_unit(row.get("unit")),
        name=str(row.get("name") or ""),
        optional=bool(row.get("optional", False)),
    )


def _table_key(table: Any) -> tuple[str, str, str] | None:
    if table is None:
        return None
    if isinstance(table, Mapping):
        return (str(table["id"]), str(table["row"]), str(table["column"]))
    return (str(table.id), str(table.row), str(table.column))


def _from_report(report: Report) -> _Parsed:
    figures = tuple(
        _Figure(
            start=i.start,
            end=i.end,
            text=i.text,
            value=_number(i.value),
            unit=_unit(i.unit),
            name=i.name or "",
            table=_table_key(i.table),
            implicit=i.implicit,
        )
        for i in report.indicators
    )
    headings = tuple(_Heading(s.level, s.title, s.title_start) for s in report.all_sections())
    m = report.meta
    meta = {"title": m.title, "issuer": m.issuer, "year": m.year, "genre": str(m.genre)}
    return _Parsed(figures, headings, meta)


def _from_contract(record: Mapping[str, Any], text: str) -> _Parsed:
    figures = tuple(
        _Figure(
            start=int(i["start"]),
            end=int(i["end"]),
            text=str(i.get("text", "")),
            value=_number(i.get("value")),
            unit=_unit(i.get("unit")),
            name=str(i.get("name") or ""),
            table=_table_key(i.get("table")),
            implicit=bool(i.get("implicit", False)),
        )
        for i in record.get("indicators", ())
    )
    headings = []
    for s in record.get("sections", ()):
        # The contract's start covers the numbering ("一、"); gold marks where the title
        # begins, so look for the title just after the heading's start.
        start, title = int(s["start"]), str(s.get("title") or "")
        found = text.find(title, start, start + len(title) + 12) if title else -1
        headings.append(_Heading(int(s["level"]), title, found if found >= 0 else start))
    return _Parsed(figures, tuple(headings), dict(record.get("meta") or {}))


def _decode(data: bytes) -> str | None:
    """The report text as gold offsets index it: UTF-8 (BOM dropped), newlines untouched;
    ``None`` for other encodings, whose text only the loader knows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _project_corpora() -> list[Path]:
    """Where the seed report lives: the project's own ``corpora/`` (source checkout) or
    ``./corpora`` when run from the project root."""
    here = Path(__file__).resolve().parents[2] / "corpora"
    cwd = Path.cwd() / "corpora"
    return [p for p in dict.fromkeys([here, cwd]) if p.is_dir()]


def _resolve(name: str, corpora: Path) -> Path | None:
    for base in [corpora, *_project_corpora()]:
        path = base / name
        if path.is_file():
            return path
    return None


# ---------------------------------------------------------------------------------------------
# Scoring one report
# ---------------------------------------------------------------------------------------------


def _overlap(a: _Figure, b: _Figure) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _match_figures(gold: Sequence[_Figure], predicted: Sequence[_Figure]) -> dict[int, int]:
    """One-to-one greedy matching, gold index -> predicted index.  Required gold figures
    are served before optional ones, larger overlaps before smaller."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = _overlap(g, p)
            if overlap > 0 and g.value == p.value and g.unit == p.unit:
                candidates.append((g.optional, -overlap, g.start, p.start, gi, pi))
    candidates.sort()
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for *_, gi, pi in candidates:
        if gi not in pairs and pi not in taken:
            pairs[gi] = pi
            taken.add(pi)
    return pairs


def score_report(
    gold: Mapping[str, Any], prediction: Report | Mapping[str, Any], text: str, *, label: str = ""
) -> FileScore:
    """Score one prediction (a :class:`Report` or an output-contract dict) against one gold
    record (already read from JSON) for the report ``text``.

    >>> gold = {"file": "a.txt", "region": [0, 11], "indicators": [
    ...     {"start": 7, "end": 10, "value": 95, "unit": "件", "name": "受理申请"}]}
    >>> predicted = {"meta": {}, "sections": [], "indicators": [
    ...     {"start": 7, "end": 10, "value": 95.0, "unit": "件", "name": "受理申请数"}]}
    >>> score = score_report(gold, predicted, "全年共受理申请95件。")
    >>> score.indicators, score.names
    (Tally(tp=1, fp=0, fn=0), Share(hits=1, total=1))
    """
    label = label or str(gold.get("file", ""))
    parsed = (
        _from_report(prediction)
        if isinstance(prediction, Report)
        else _from_contract(prediction, text)
    )
    region_start, region_end = gold.get("region") or (0, len(text))
    region_start, region_end = int(region_start), int(region_end)

    def in_region(position: int) -> bool:
        return region_start <= position < region_end

    findings: list[Finding] = []

    def note(kind: FindingKind, start: int, end: int, shown: str, detail: str) -> None:
        findings.append(Finding(kind, label, start, end, shown, detail, _context(text, start, end)))

    # -- gold sanity: a span that does not show its text means the gold is for another text
    gold_figures = [_gold_figure(r) for r in gold.get("indicators", ())]
    for g in gold_figures:
        if text[g.start : g.end] != g.text:
            note(FindingKind.GOLD, g.start, g.end, g.text, "gold span text differs from report")
    gold_figures = [g for g in gold_figures if in_region(g.start)]

    # -- indicators
    judged = [
        p for p in parsed.figures if p.table is None and not p.implicit and in_region(p.start)
    ]
    pairs = _match_figures(gold_figures, judged)
    matched_predicted = set(pairs.values())
    tp = fn = 0
    names = Share()
    for gi, g in enumerate(gold_figures):
        pi = pairs.get(gi)
        if pi is None:
            if g.optional:
                continue
            fn += 1
            near = [p for p in judged if _overlap(g, p) > 0]
            seen = f"; predicted here: {near[0].text} = {near[0].describe()}" if near else ""
            note(FindingKind.MISS, g.start, g.end, g.text, f"gold {g.describe()}{seen}")
            continue
        if g.optional:
            continue
        tp += 1
        p = judged[pi]
        agree = char_f1(p.name, g.name) >= NAME_AGREEMENT
        names += Share(int(agree), 1)
        if not agree:
            detail = (
                f"name {p.name or '—'!r} vs gold {g.name!r} (char F1 {char_f1(p.name, g.name):.2f})"
            )
            note(FindingKind.NAME, p.start, p.end, p.text, detail)
    fp = 0
    for pi, p in enumerate(judged):
        if pi in matched_predicted:
            continue
        fp += 1
        near_gold = [g for g in gold_figures if _overlap(g, p) > 0]
        seen = f"; gold here: {near_gold[0].text} = {near_gold[0].describe()}" if near_gold else ""
        note(FindingKind.FALSE_POSITIVE, p.start, p.end, p.text, f"predicted {p.describe()}{seen}")
    indicators = Tally(tp=tp, fp=fp, fn=fn)

    # -- template cells
    cells = _score_cells(gold.get("table_cells", ()), parsed.figures, in_region, note)

    # -- implicit figures
    implicit = _score_implicit(gold.get("implicit", ()), parsed.figures, in_region, note)

    # -- sections
    sections = _score_sections(gold.get("sections", ()), parsed.headings, in_region, note)

    # -- meta
    meta = _score_meta(gold.get("meta") or {}, parsed.meta, note)

    # -- not_indicators
    violations = _find_violations(
        gold.get("not_indicators", ()), parsed.figures, text, region_start, region_end, note
    )

    return FileScore(
        gold=label,
        file=str(gold.get("file", "")),
        indicators=indicators,
        names=names,
        cells=cells,
        implicit=implicit,
        sections=sections,
        meta=meta,
        violations=violations,
        findings=tuple(findings),
    )


_Note = Callable[[FindingKind, int, int, str, str], None]


def _score_cells(
    gold_cells: Iterable[Mapping[str, Any]],
    figures: Sequence[_Figure],
    in_region: Callable[[int], bool],
    note: _Note,
) -> CellScore:
    predicted: dict[tuple[str, str, str], list[_Figure]] = {}
    for p in figures:
        if p.table is not None:
            predicted.setdefault(p.table, []).append(p)
    gold_keys: set[tuple[str, str, str]] = set()
    total = correct = wrong = 0
    for cell in gold_cells:
        key = (str(cell["table"]), str(cell["row"]), str(cell["column"]))
        gold_keys.add(key)
        total += 1
        value = _number(cell.get("value"))
        found = predicted.get(key, [])
        shown = f"{key[0]} {key[1]}/{key[2]}"
        if any(p.value == value for p in found):
            correct += 1
        elif found:
            wrong += 1
            p = found[0]
            detail = f"{shown}: predicted {_show_number(p.value)}, gold {_show_number(value)}"
            note(FindingKind.CELL_WRONG, p.start, p.end, p.text, detail)
        else:
            note(FindingKind.CELL_MISSING, -1, -1, shown, f"{shown}: gold {_show_number(value)}")
    extra = 0
    for key, found in predicted.items():
        if key in gold_keys:
            continue
        for p in found:
            if in_region(p.start):
                extra += 1
                shown = f"{key[0]} {key[1]}/{key[2]}"
                note(
                    FindingKind.CELL_EXTRA,
                    p.start,
                    p.end,
                    p.text,
                    f"{shown} = {_show_number(p.value)} not in gold",
                )
    return CellScore(gold=total, correct=correct, wrong=wrong, extra=extra)


def _score_implicit(
    gold_rows: Iterable[Mapping[str, Any]],
    figures: Sequence[_Figure],
    in_region: Callable[[int], bool],
    note: _Note,
) -> Tally:
    gold = [
        _Figure(-1, -1, "", _number(r.get("value")), _unit(r.get("unit")), str(r.get("name") or ""))
        for r in gold_rows
    ]
    predicted = [p for p in figures if p.implicit and in_region(p.start)]
    candidates = sorted(
        (-char_f1(p.name, g.name), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if g.value == p.value and g.unit == p.unit and char_f1(p.name, g.name) >= NAME_AGREEMENT
    )
    pairs: dict[int, int] = {}
    for _, gi, pi in candidates:
        if gi not in pairs and pi not in pairs.values():
            pairs[gi] = pi
    for gi, g in enumerate(gold):
        if gi not in pairs:
            note(FindingKind.IMPLICIT_MISS, -1, -1, g.name, f"implicit {g.describe()} not found")
    for pi, p in enumerate(predicted):
        if pi not in pairs.values():
            note(
                FindingKind.IMPLICIT_EXTRA,
                p.start,
                p.end,
                p.text,
                f"implicit {p.describe()} not in gold",
            )
    return Tally(tp=len(pairs), fp=len(predicted) - len(pairs), fn=len(gold) - len(pairs))


def _score_sections(
    gold_rows: Iterable[Mapping[str, Any]],
    headings: Sequence[_Heading],
    in_region: Callable[[int], bool],
    note: _Note,
) -> Tally:
    gold = [
        _Heading(int(r["level"]), str(r["title"]), int(r["start"]))
        for r in gold_rows
        if in_region(int(r["start"]))
    ]
    predicted = [h for h in headings if in_region(h.start)]
    candidates = sorted(
        (abs(g.start - p.start), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if g.level == p.level
        and _title_key(g.title) == _title_key(p.title)
        and abs(g.start - p.start) <= SECTION_TOLERANCE
    )
    pairs: dict[int, int] = {}
    for _, gi, pi in candidates:
        if gi not in pairs and pi not in pairs.values():
            pairs[gi] = pi
    for gi, g in enumerate(gold):
        if gi not in pairs:
            end = g.start + len(g.title)
            note(FindingKind.SECTION_MISS, g.start, end, g.title, f"level {g.level} heading missed")
    for pi, p in enumerate(predicted):
        if pi not in pairs.values():
            end = p.start + len(p.title)
            note(
                FindingKind.SECTION_EXTRA,
                p.start,
                end,
                p.title,
                f"level {p.level} heading not in gold",
            )
    return Tally(tp=len(pairs), fp=len(predicted) - len(pairs), fn=len(gold) - len(pairs))


def _score_meta(
    gold: Mapping[str, Any], predicted: Mapping[str, Any], note: _Note
) -> tuple[MetaCheck, ...]:
    checks = []
    for name in META_FIELDS:
        if name not in gold:
            continue
        want, got = gold[name], predicted.get(name)
        if name == "issuer":
            ok = same_issuer(got, want)
        elif name == "title":
            ok = _title_key(got) == _title_key(want)
        elif name == "year":
            ok = want is not None and got is not None and int(got) == int(want)
            ok = ok or (want is None and got is None)
        else:
            ok = (None if got is None else str(got)) == (None if want is None else str(want))
        checks.append(MetaCheck(name, want, got, ok))
        if not ok:
            note(FindingKind.META, -1, -1, name, f"{name}: predicted {got!r}, gold {want!r}")
    return tuple(checks)


def _find_violations(
    strings: Iterable[str],
    figures: Sequence[_Figure],
    text: str,
    region_start: int,
    region_end: int,
    note: _Note,
) -> int:
    """Predicted figures overlapping any occurrence (inside the region) of a string gold
    says is not a figure; each figure counts once however many strings it touches."""
    hits: dict[int, list[str]] = {}
    for string in strings:
        if not string:
            continue
        occurrences = []
        at = text.find(string)
        while at >= 0:
            if at < region_end and at + len(string) > region_start:
                occurrences.append((at, at + len(string)))
            at = text.find(string, at + 1)
        if not occurrences:
            note(FindingKind.GOLD, -1, -1, string, "not_indicators string absent from the region")
        for start, end in occurrences:
            for pi, p in enumerate(figures):
                if min(p.end, end) - max(p.start, start) > 0:
                    hits.setdefault(pi, [])
                    if string not in hits[pi]:
                        hits[pi].append(string)
    for pi in sorted(hits, key=lambda i: figures[i].start):
        p = figures[pi]
        inside = "、".join(repr(s) for s in hits[pi])
        note(
            FindingKind.VIOLATION,
            p.start,
            p.end,
            p.text,
            f"reported inside {inside}: {p.describe()}",
        )
    return len(hits)


# ---------------------------------------------------------------------------------------------
# Evaluating a gold directory
# ---------------------------------------------------------------------------------------------


def _default_parse(path: Path) -> Any:
    from .pipeline import parse  # the pipeline imports every stage: load it only when used

    return parse(path)


def _score_gold_file(gold_path: Path, corpora: Path, parse: Parser) -> FileScore:
    label = gold_path.stem
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        return FileScore(gold=label, file="", skipped=f"gold file unreadable: {exc}")
    name = str(gold.get("file", ""))
    if not name:
        return FileScore(gold=label, file="", skipped="gold names no file")
    path = _resolve(name, corpora)
    if path is None:
        return FileScore(gold=label, file=name, skipped=f"report not found under {corpora}")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != str(gold.get("sha256", "")).lower():
        return FileScore(
            gold=label,
            file=name,
            skipped=f"sha256 differs (report {digest[:12]}…, gold {str(gold.get('sha256'))[:12]}…):"
            " gold applies only to the exact text it was made on",
        )
    try:
        prediction = parse(path)
    except GovReportError as exc:
        return FileScore(
            gold=label, file=name, skipped=f"parse failed: {type(exc).__name__}: {exc}"
        )
    if isinstance(prediction, ErrorRecord):
        return FileScore(
            gold=label, file=name, skipped=f"parse failed: {prediction.type}: {prediction.message}"
        )
    if isinstance(prediction, Mapping) and "error" in prediction:
        error = prediction["error"]
        return FileScore(
            gold=label,
            file=name,
            skipped=f"parse failed: {error.get('type')}: {error.get('message')}",
        )
    text = _decode(data)
    if text is None:
        # Not UTF-8: offsets then index the text the loader produced.
        if isinstance(prediction, Report):
            text = prediction.text
        elif isinstance(prediction, Mapping) and isinstance(prediction.get("text"), str):
            text = prediction["text"]
        else:
            text = data.decode("gb18030", errors="replace")
    return score_report(gold, prediction, text, label=label)


def evaluate(
    gold_dir: str | Path, *, corpora: str | Path | None = None, parse: Parser | None = None
) -> Evaluation:
    """Score every ``*.json`` gold file in ``gold_dir`` (sorted by name).

    ``corpora`` is where gold ``file`` paths are looked up (default
    ``<gold_dir>/../../corpora``; the project's own ``corpora/`` is searched as well, for the
    seed report).  ``parse`` turns a report path into a :class:`Report` or an output-contract
    dict; it defaults to :func:`govreport_nlp.pipeline.parse`.

    >>> evaluate(Path("no-such-gold-dir")).files
    ()
    """
    gold_dir = Path(gold_dir)
    corpora_dir = Path(corpora) if corpora is not None else gold_dir.parent.parent / "corpora"
    parser = parse if parse is not None else _default_parse
    scores = tuple(
        _score_gold_file(path, corpora_dir, parser) for path in sorted(gold_dir.glob("*.json"))
    )
    return Evaluation(scores)


# ---------------------------------------------------------------------------------------------
# Text output
# ---------------------------------------------------------------------------------------------


def format_ratio(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.3f}"


def _frac(share: Share) -> str:
    return "—" if share.total == 0 else f"{share.hits}/{share.total}"


_COLUMNS = (
    ("file", "<"),
    ("gold", ">"),
    ("pred", ">"),
    ("tp", ">"),
    ("P", ">"),
    ("R", ">"),
    ("F1", ">"),
    ("names", ">"),
    ("cells", ">"),
    ("extra", ">"),
    ("implicit", ">"),
    ("sect F1", ">"),
    ("meta", ">"),
    ("viol", ">"),
)


def _row(
    label: str,
    ind: Tally,
    names: Share,
    cells: CellScore,
    implicit: Tally,
    sections: Tally,
    meta: Share,
    violations: int,
) -> list[str]:
    return [
        label,
        str(ind.tp + ind.fn),
        str(ind.tp + ind.fp),
        str(ind.tp),
        format_ratio(ind.precision),
        format_ratio(ind.recall),
        format_ratio(ind.f1),
        format_ratio(names.ratio),
        format_ratio(cells.accuracy),
        str(cells.extra),
        _frac(Share(implicit.tp, implicit.tp + implicit.fn))
        + (f" +{implicit.fp}" if implicit.fp else ""),
        format_ratio(sections.f1),
        _frac(meta),
        str(violations),
    ]


def _format_table(evaluation: Evaluation) -> str:
    from .deliver.render import pad  # display-width padding shared with ``govreport show``

    rows: list[list[str]] = [[name for name, _ in _COLUMNS]]
    for f in evaluation.files:
        if f.skipped is None:
            rows.append(
                _row(
                    f.gold,
                    f.indicators,
                    f.names,
                    f.cells,
                    f.implicit,
                    f.sections,
                    f.meta_share,
                    f.violations,
                )
            )
    totals = evaluation.totals
    rows.append(
        _row(
            "total (micro)",
            totals.indicators,
            totals.names,
            totals.cells,
            totals.implicit,
            totals.sections,
            totals.meta_share,
            totals.violations,
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(_COLUMNS))]
    lines = []
    for n, row in enumerate(rows):
        if n == len(rows) - 1:
            lines.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
        cells = [pad(v, w, align) for v, w, (_, align) in zip(row, widths, _COLUMNS, strict=True)]
        lines.append("  ".join(cells).rstrip())
    for f in evaluation.files:
        if f.skipped is not None:
            lines.append(f"skipped {f.gold}: {f.skipped}")
    lines.append(
        "gold/pred/tp: indicators outside template tables; names: share of matches whose name "
        f"has char F1 ≥ {NAME_AGREEMENT}; cells: template cells right / gold, extra: cells gold "
        "lacks; implicit: found/gold (+extra); viol: figures inside not_indicators strings"
    )
    return "\n".join(lines)


_DETAIL_ORDER = list(FindingKind)


def _format_details(evaluation: Evaluation) -> str:
    lines: list[str] = []
    width = max(len(str(k)) for k in FindingKind)
    for f in evaluation.files:
        if f.skipped is not None or not f.findings:
            continue
        lines.append(f"== {f.gold} ({f.file})")
        for finding in sorted(f.findings, key=lambda x: (_DETAIL_ORDER.index(x.kind), x.start)):
            place = f"[{finding.start}:{finding.end}]" if finding.start >= 0 else ""
            line = f"  {finding.kind!s:<{width}}  {place:>11}  {finding.text}  {finding.detail}"
            if finding.context:
                line += f"\n  {'':<{width}}  {'':>11}  {finding.context}"
            lines.append(line)
    return "\n".join(lines) if lines else "no misses, false positives or violations"

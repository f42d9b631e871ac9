"""Reports as tidy tables: one row per figure, per section, per check, per document.

The same rows feed pandas (:func:`to_dataframe`), CSV, Parquet and SQLite
(:mod:`govreport_nlp.deliver.outputs`), so every output has the same columns in the same order.
Rows are built from output-contract records (``Report.to_dict()``), which is also what a batch
worker sends back; values stay exact (``int`` or ``Decimal``).

>>> from govreport_nlp import parse
>>> report = parse("二、主动公开情况\\n全年主动公开政府信息2847条。", name="洪泽.txt")
>>> table = to_dataframe([report])
>>> table[["text", "value", "value_exact", "section"]].to_dict("records")
[{'text': '2847条', 'value': 2847.0, 'value_exact': '2847', 'section': '主动公开情况'}]
>>> str(table["value"].dtype), len(to_dataframe([]))
('float64', 0)
>>> sorted(vars(type(to_dataframe([report], relational=True)))["__slots__"])
['checks', 'indicators', 'reports', 'sections']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from .._data import load_table
from .._extras import require
from ..figures.keys import key_specs

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CHECK_COLUMNS",
    "INDICATOR_COLUMNS",
    "REPORT_COLUMNS",
    "SECTION_COLUMNS",
    "Frames",
    "PANEL_COLUMNS",
    "Panel",
    "panel",
    "panel_rows",
    "as_record",
    "check_rows",
    "indicator_rows",
    "report_row",
    "section_rows",
    "to_dataframe",
]

ColumnType = Literal["string", "int", "decimal", "bool", "strings"]
Column = tuple[str, ColumnType]
Row = dict[str, Any]

SECTION_PATH_SEPARATOR = " > "

# Columns that identify a document; they lead every table.
KEY_COLUMNS: tuple[Column, ...] = (("source", "string"), ("sha256", "string"))
# Report metadata repeated on each figure row, so the indicators table stands alone.
META_COLUMNS: tuple[Column, ...] = (
    ("title", "string"), ("issuer", "string"), ("year", "int"), ("genre", "string"),
    ("script", "string"), ("format", "string"),
    ("issuer_canonical", "string"), ("region_code", "string"),
)
# A figure's own fields, as stored in SQLite's indicators table.
INDICATOR_FIELDS: tuple[Column, ...] = (
    ("seq", "int"),  # position of the figure in its report, from 0
    ("start", "int"), ("end", "int"), ("text", "string"),
    ("value", "decimal"), ("value_max", "decimal"), ("unit", "string"),
    ("qualifier", "string"), ("name", "string"), ("verb", "string"), ("kind", "string"),
    ("role", "string"), ("implicit", "bool"),
    ("section_seq", "int"),  # innermost enclosing section (sections.seq), or empty
    ("section_top", "string"), ("section", "string"), ("section_path", "string"),
    ("table_id", "string"), ("table_row", "string"), ("table_column", "string"),
    ("key", "string"), ("period", "string"), ("name_rule", "string"),
    # added (issue 20), after every earlier column: what the JSON has beside the figure
    ("value_exact", "string"), ("value_max_exact", "string"),  # the exact digits, as text
    ("section_key", "string"),  # canonical key of the innermost section (sections.key)
    ("section_key_path", "string"),  # keys of the enclosing sections, outermost first
    ("restates_table", "string"), ("restates_row", "string"), ("restates_column", "string"),
    ("agrees", "bool"),  # a prose figure restating that template cell: same value?
    ("issuer_level", "string"), ("date", "string"),
)
INDICATOR_COLUMNS: tuple[Column, ...] = KEY_COLUMNS + META_COLUMNS + INDICATOR_FIELDS

SECTION_FIELDS: tuple[Column, ...] = (
    ("seq", "int"), ("parent_seq", "int"), ("level", "int"), ("number", "string"),
    ("title", "string"), ("key", "string"), ("start", "int"), ("end", "int"),
)
SECTION_COLUMNS: tuple[Column, ...] = KEY_COLUMNS + SECTION_FIELDS

CHECK_FIELDS: tuple[Column, ...] = (
    ("seq", "int"), ("rule", "string"), ("ok", "bool"), ("detail", "string"),
)
CHECK_COLUMNS: tuple[Column, ...] = KEY_COLUMNS + CHECK_FIELDS

REPORT_FIELDS: tuple[Column, ...] = (
    ("title", "string"), ("issuer", "string"), ("year", "int"), ("genre", "string"),
    ("script", "string"), ("encoding", "string"), ("format", "string"), ("date", "string"),
    ("occasion", "string"), ("issuer_canonical", "string"), ("issuer_level", "string"),
    ("region_code", "string"), ("sections", "int"), ("indicators", "int"), ("checks", "int"),
    ("checks_failed", "int"), ("warnings", "strings"),
    ("error_type", "string"), ("error_message", "string"),
)
REPORT_COLUMNS: tuple[Column, ...] = KEY_COLUMNS + REPORT_FIELDS


def as_record(report: Any, *, include_text: bool = False) -> Mapping[str, Any]:
    """An output-contract dict from a ``Report``/``ErrorRecord`` or an existing dict."""
    if isinstance(report, Mapping):
        return report
    return report.to_dict(include_text=include_text)


def exact(value: Any) -> int | Decimal | None:
    """A JSON number back to an exact value: ``12.5`` (float) → ``Decimal('12.5')``.

    JSON floats from the contract are shortest round-trip reprs of the Decimal, so ``str``
    recovers the digits the report printed.

    >>> exact(12.5), exact(31000), exact(None)
    (Decimal('12.5'), 31000, None)
    """
    if value is None or isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


def _key(record: Mapping[str, Any]) -> Row:
    return {"source": record["source"], "sha256": record.get("sha256")}


def report_row(record: Mapping[str, Any]) -> Row:
    """One row of the reports table; error records have ``error_type``/``error_message``."""
    row = _key(record)
    meta = record.get("meta") or {}
    for name, _ in REPORT_FIELDS:
        row[name] = meta.get(name)
    error = record.get("error")
    if error is not None:
        row.update(sections=0, indicators=0, checks=0, checks_failed=0, warnings=[],
                   error_type=error.get("type"), error_message=error.get("message"))
        return row
    checks = record.get("checks", ())
    row.update(
        sections=len(record.get("sections", ())),
        indicators=len(record.get("indicators", ())),
        checks=len(checks),
        checks_failed=sum(1 for c in checks if not c.get("ok")),
        warnings=list(record.get("warnings", ())),
        error_type=None, error_message=None,
    )
    return row


def _parents(sections: list[Mapping[str, Any]]) -> list[int | None]:
    """Parent of each preorder section: the nearest earlier section of a lower level."""
    parents: list[int | None] = []
    stack: list[int] = []
    for seq, section in enumerate(sections):
        while stack and sections[stack[-1]]["level"] >= section["level"]:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(seq)
    return parents


def section_rows(record: Mapping[str, Any]) -> Iterator[Row]:
    sections = list(record.get("sections", ()))
    key = _key(record)
    for seq, (section, parent) in enumerate(zip(sections, _parents(sections), strict=True)):
        yield {**key, "seq": seq, "parent_seq": parent, "level": section["level"],
               "number": section.get("number"), "title": section["title"],
               "key": section.get("key"), "start": section["start"], "end": section["end"]}


def _innermost(sections: list[Mapping[str, Any]], offset: int) -> int | None:
    """Preorder index of the deepest section whose span holds ``offset``."""
    found = None
    for seq, section in enumerate(sections):
        if section["start"] <= offset < section["end"]:
            found = seq  # later in preorder and still enclosing means deeper
        elif section["start"] > offset:
            break
    return found


def indicator_rows(record: Mapping[str, Any]) -> Iterator[Row]:
    """One row per figure with the report's metadata and the enclosing section columns."""
    if "error" in record:
        return
    meta = record.get("meta") or {}
    lead = _key(record)
    for name, _ in META_COLUMNS:
        lead[name] = meta.get(name)
    sections = list(record.get("sections", ()))
    chains = _section_chains(sections)
    for seq, figure in enumerate(record.get("indicators", ())):
        path = list(figure.get("section") or ())
        table = figure.get("table") or {}
        restates = figure.get("restates") or {}
        section_seq = _innermost(sections, figure["start"])
        keys = [sections[i].get("key") or "" for i in chains[section_seq]] \
            if section_seq is not None else []
        yield {
            **lead,
            "seq": seq, "start": figure["start"], "end": figure["end"],
            "text": figure["text"], "value": exact(figure["value"]),
            "value_max": exact(figure.get("value_max")), "unit": figure.get("unit"),
            "qualifier": figure.get("qualifier"), "name": figure.get("name"),
            "verb": figure.get("verb"), "kind": figure.get("kind"),
            "role": figure.get("role"), "implicit": bool(figure.get("implicit", False)),
            "section_seq": section_seq,
            "section_top": path[0] if path else None,
            "section": path[-1] if path else None,
            "section_path": SECTION_PATH_SEPARATOR.join(path) if path else None,
            "table_id": table.get("id"), "table_row": table.get("row"),
            "table_column": table.get("column"),
            "key": figure.get("key"), "period": figure.get("period"),
            "name_rule": figure.get("name_rule"),
            "value_exact": _exact_text(figure["value"]),
            "value_max_exact": _exact_text(figure.get("value_max")),
            "section_key": keys[-1] or None if keys else None,
            "section_key_path": SECTION_PATH_SEPARATOR.join(keys) if any(keys) else None,
            "restates_table": restates.get("id"), "restates_row": restates.get("row"),
            "restates_column": restates.get("column"), "agrees": figure.get("agrees"),
            "issuer_level": meta.get("issuer_level"), "date": meta.get("date"),
        }


def _exact_text(value: Any) -> str | None:
    """The exact value as text: ``Decimal('12.5')`` → ``'12.5'``, ``31000`` → ``'31000'``."""
    number = exact(value)
    return None if number is None else str(number)


def _section_chains(sections: list[Mapping[str, Any]]) -> list[list[int]]:
    """For each preorder section, the preorder indices of it and its ancestors, outermost
    first."""
    chains: list[list[int]] = []
    for seq, parent in enumerate(_parents(sections)):
        chains.append([*(chains[parent] if parent is not None else []), seq])
    return chains


def check_rows(record: Mapping[str, Any]) -> Iterator[Row]:
    key = _key(record)
    for seq, check in enumerate(record.get("checks", ())):
        yield {**key, "seq": seq, "rule": check["rule"], "ok": bool(check["ok"]),
               "detail": check.get("detail")}


def flat(value: Any, column_type: ColumnType) -> Any:
    """A cell for a text-only format (CSV, SQLite): lists as JSON, exact numbers kept."""
    if column_type == "strings":
        return json.dumps(list(value or ()), ensure_ascii=False)
    return value


@dataclass(frozen=True, slots=True)
class Frames:
    """The tidy tables of a set of reports (pandas DataFrames)."""

    indicators: pd.DataFrame
    sections: pd.DataFrame
    reports: pd.DataFrame
    checks: pd.DataFrame


# Numbers for analysis: values as float64 (``.plot()``, ``.describe()``), the exact digits
# kept beside them in ``value_exact``; nullable ints and booleans (a missing one is <NA>).
_PANDAS_DTYPES: dict[ColumnType, str] = {
    "string": "object", "int": "Int64", "decimal": "float64", "bool": "boolean",
    "strings": "object",
}


def _cell(value: Any, kind: ColumnType) -> Any:
    if kind == "decimal":
        return float("nan") if value is None else float(value)
    return value


def frame(columns: tuple[Column, ...], rows: list[Row]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` in order and stable dtypes (nullable ints and
    booleans, values as float64 with their exact text in the ``*_exact`` columns)."""
    pd = require("pandas", extra="pandas", purpose="Building DataFrames")
    data = {name: pd.Series([_cell(row[name], kind) for row in rows],
                            dtype=_PANDAS_DTYPES[kind])
            for name, kind in columns}
    return pd.DataFrame(data, columns=[name for name, _ in columns])


def to_dataframe(reports: Iterable[Any], *, relational: bool = False) -> pd.DataFrame | Frames:
    """The tidy indicators table of ``reports`` (``Report`` objects, error records, or their
    dicts): one row per figure, with report metadata and section columns, ``value`` as
    float64 and its exact digits in ``value_exact``.

    ``relational=True`` gives the four tables as :class:`Frames`: ``indicators`` (as above),
    ``sections`` one row per section (preorder, ``parent_seq`` giving the tree), ``reports``
    one row per document (errors included), ``checks`` one row per arithmetic check; they
    join on ``(source, sha256)`` and ``section_seq``.
    """
    indicators: list[Row] = []
    sections: list[Row] = []
    reports_rows: list[Row] = []
    checks: list[Row] = []
    for item in reports:
        record = as_record(item)
        indicators.extend(indicator_rows(record))
        if relational:
            reports_rows.append(report_row(record))
            sections.extend(section_rows(record))
            checks.extend(check_rows(record))
    table = frame(INDICATOR_COLUMNS, indicators)
    if not relational:
        return table
    return Frames(
        indicators=table,
        sections=frame(SECTION_COLUMNS, sections),
        reports=frame(REPORT_COLUMNS, reports_rows),
        checks=frame(CHECK_COLUMNS, checks),
    )


# The panel: one row per (report, key, role, period), for joining figures across issuers and years.
PANEL_COLUMNS: tuple[Column, ...] = (
    ("source", "string"), ("issuer", "string"), ("issuer_canonical", "string"),
    ("region_code", "string"), ("report_year", "int"), ("genre", "string"), ("key", "string"),
    ("role", "string"), ("period", "string"), ("value", "decimal"), ("value_max", "decimal"),
    ("unit", "string"), ("qualifier", "string"), ("text", "string"), ("start", "int"),
    ("end", "int"), ("warning", "string"),
    # added (issue 20): the exact digits (value and value_max are float64 in pandas)
    ("value_exact", "string"), ("value_max_exact", "string"),
)


def _panel_candidates(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Keyed figures in the order the duplicate rule reads them: template cells first (the
    form's total is the report's own count), then prose in document order; then each summed
    template key (不予公开 over its grounds) as one figure when all its cells are present."""
    figures = [f for f in record.get("indicators", ()) if f.get("key")]
    cells = [f for f in figures if f.get("table")]
    prose = [f for f in figures if not f.get("table")]
    by_cell = {(t["id"], t["row"], t["column"]): f for f in record.get("indicators", ())
               if (t := f.get("table"))}
    year = (record.get("meta") or {}).get("year")
    summed = []
    for spec in key_specs():
        parts = [by_cell.get(ref) for ref in spec.template]
        if len(spec.template) > 1 and parts and all(parts):
            total = sum((exact(p["value"]) or 0) for p in parts)  # type: ignore[index]
            summed.append({"key": spec.key, "role": None, "period": str(year) if year else None,
                           "value": total, "value_max": None, "unit": parts[0]["unit"],  # type: ignore[index]
                           "qualifier": None, "text": "+".join(".".join(r) for r in spec.template),
                           "start": parts[0]["start"], "end": parts[-1]["end"],  # type: ignore[index]
                           "summed": True})
    return cells + summed + prose


def panel_rows(record: Mapping[str, Any]) -> Iterator[Row]:
    """The panel rows of one report.  Duplicate rule: when a report states the same (key, role,
    period) more than once, one statement is kept — the first candidate (see
    :func:`_panel_candidates`), except that a prose figure with a hedge (突破2万亿元, 1300亿斤
    以上) gives way to the first exact one (23562亿元) — and every other statement whose value
    differs is named in ``warning``, unless it is a bound the kept value satisfies (突破2万亿元
    beside 23562亿元 says the same); there is never a second row."""
    if "error" in record:
        return
    meta = record.get("meta") or {}
    lead = {"source": record["source"], "issuer": meta.get("issuer"),
            "issuer_canonical": meta.get("issuer_canonical"),
            "region_code": meta.get("region_code"), "report_year": meta.get("year"),
            "genre": meta.get("genre")}
    statements: dict[tuple[Any, Any, Any], list[Mapping[str, Any]]] = {}
    for figure in _panel_candidates(record):
        statements.setdefault((figure["key"], figure.get("role"), figure.get("period")),
                              []).append(figure)
    for cell, figures in statements.items():
        kept = _kept_statement(figures)
        value, value_max = exact(kept["value"]), exact(kept.get("value_max"))
        notes = [f"also stated as {f['text']!r} at {f['start']}" for f in figures
                 if f is not kept and (exact(f["value"]), exact(f.get("value_max")))
                 != (value, value_max) and not _bound_met(f, kept)]
        yield {**lead, "key": cell[0], "role": cell[1], "period": cell[2],
               "value": value, "value_max": value_max, "unit": kept.get("unit"),
               "qualifier": kept.get("qualifier"), "text": kept["text"],
               "start": kept["start"], "end": kept["end"],
               "warning": "; ".join(notes) if notes else None,
               "value_exact": _exact_text(value), "value_max_exact": _exact_text(value_max)}


def _kept_statement(figures: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    first = figures[0]
    # a template cell (or a sum of cells) is the report's own count, whatever prose says
    if first.get("table") or first.get("summed") or first.get("qualifier") is None:
        return first
    return next((f for f in figures if f.get("qualifier") is None), first)


@cache
def _hedge_meanings() -> dict[str, str]:
    return {row["word"]: row["meaning"] for row in load_table("hedges.tsv")}


def _bound_met(figure: Mapping[str, Any], kept: Mapping[str, Any]) -> bool:
    """Whether ``figure`` is a bound (超过/以上: at least; 近/不到: at most) that the exact value
    kept satisfies, in the same unit."""
    if kept.get("qualifier") is not None or figure.get("unit") != kept.get("unit"):
        return False
    meaning = _hedge_meanings().get(figure.get("qualifier") or "")
    bound, value = exact(figure["value"]), exact(kept["value"])
    if bound is None or value is None:
        return False
    if meaning == "lower_bound":
        return value >= bound
    if meaning == "upper_bound":
        return value <= bound
    return False


@dataclass(frozen=True, slots=True)
class Panel:
    """``long``: one row per (report, key, role, period); ``wide``: index (issuer, report_year),
    columns (key, role, period), one value per cell."""

    long: pd.DataFrame
    wide: pd.DataFrame


def panel(reports: Iterable[Any]) -> Panel:
    """The panel of ``reports`` (``Report`` objects or contract dicts) as DataFrames.

    The wide form's issuer is the canonical issuer (the printed one when none is known); when
    two reports give the same issuer, year and cell, the first report's value is kept.
    """
    rows = [row for item in reports for row in panel_rows(as_record(item))]
    long = frame(PANEL_COLUMNS, rows)
    wide_source = long.assign(
        issuer=long["issuer_canonical"].fillna(long["issuer"]),
        role=long["role"].fillna(""), period=long["period"].fillna(""))
    wide = wide_source.pivot_table(
        index=["issuer", "report_year"], columns=["key", "role", "period"], values="value",
        aggfunc="first") if len(long) else wide_source.iloc[:0]
    return Panel(long=long, wide=wide)

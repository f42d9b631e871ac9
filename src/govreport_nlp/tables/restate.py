"""Prose that restates a template cell: ``受理政府信息公开申请95件`` in the text and T3's
``new_requests.total`` in the table are one fact printed twice.

A figure is linked to a cell only when the words just before it name that cell's meaning
(``template_restatements.tsv``: a pattern per row and column) and it is printed in a section
about that table (``restatement_sections.tsv``: a gazette's or a platform's counts are other
things said in the same words); the link says whether the two numbers agree, and a
disagreement is reported as a warning with both numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

import regex

from .._data import load_table
from ..models import Indicator, Number, TableRef
from .cells import TemplateCell

__all__ = ["Restatement", "link_restatements", "match_restatement", "section_allows"]


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
        return self.value_in(_values_by_key(cells))

    def value_in(self, by_key: Mapping[tuple[str, str, str], Number]) -> Number | None:
        """:meth:`value` from the cells' values by (table, row, column), built once."""
        keys = [(self.table, self.row, c) for c in self.columns]
        if not all(k in by_key for k in keys):
            return None
        return sum(by_key[k] for k in keys)


def _values_by_key(cells: Sequence[TemplateCell]) -> dict[tuple[str, str, str], Number]:
    return {(c.table, c.row, c.column): c.value for c in cells}


@cache
def _restatement_patterns() -> tuple[tuple[regex.Pattern[str], Restatement], ...]:
    return tuple(
        (
            regex.compile(r["pattern"]),
            Restatement(r["table"], r["row"], tuple(c.strip() for c in r["columns"].split("+"))),
        )
        for r in load_table("template_restatements.tsv")
    )


@cache
def _section_topics() -> tuple[tuple[regex.Pattern[str], frozenset[str]], ...]:
    return tuple(
        (regex.compile(r["pattern"]), frozenset(r["tables"].split()))
        for r in load_table("restatement_sections.tsv")
    )


def section_allows(section: Sequence[str], table: str) -> bool:
    """Whether a figure printed under the section path ``section`` may restate ``table``:
    its innermost section whose title names a topic decides; no such section, no objection.

    >>> section_allows(("总体情况", "主动公开"), "T2")
    True
    >>> section_allows(("总体情况", "政府信息公开平台建设"), "T2")
    False
    >>> section_allows(("总体情况",), "T4")
    True
    """
    for title in reversed(section):
        for pattern, tables in _section_topics():
            if pattern.search(title):
                return table in tables
    return True


_CLAUSE_BREAK = regex.compile(r"[，。；、：,;:（(]")
_WHITESPACE = regex.compile(r"\s+")
_COUNT_SUFFIX = regex.compile(r"[件数]+$")  # 申请数, 案件: the name without its counter


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
    clause = _CLAUSE_BREAK.split(_WHITESPACE.sub("", context))[-1]
    if not clause:
        return None
    for pattern, restatement in _restatement_patterns():
        if pattern.search(clause):
            return restatement
    return None


def link_restatements(
    indicators: Sequence[Indicator], cells: Sequence[TemplateCell], *, text: str | None = None,
    window: int = 40, warnings: list[str] | None = None,
) -> list[Indicator]:
    """Mark prose indicators that restate a template cell: ``restates`` and ``agrees``.

    The context is the ``window`` characters of ``text`` before the figure when ``text`` is
    given, else the indicator's name; the figure's section must be about the cell's table
    (:func:`section_allows`).  Table cells themselves are left alone.  A figure that
    disagrees with its cell is also reported in ``warnings`` (when given) with both numbers.
    """
    out: list[Indicator] = []
    by_key = _values_by_key(cells)  # once per document, not per restating figure
    for indicator in indicators:
        if indicator.table is not None or not cells:
            out.append(indicator)
            continue
        context = (
            text[max(0, indicator.start - window) : indicator.start] if text else indicator.name
        )
        found = match_restatement(context)
        if found is None and text is not None:
            found = match_restatement(_COUNT_SUFFIX.sub("", indicator.name or ""))
        if found is None or not section_allows(indicator.section, found.table):
            out.append(indicator)
            continue
        value = found.value_in(by_key)
        if value is None:
            out.append(indicator)
            continue
        agrees = value == indicator.value
        out.append(replace(indicator, restates=found.ref, agrees=agrees))
        if not agrees and warnings is not None:
            warnings.append(_disagreement(indicator, found, value))
    return out


def _disagreement(indicator: Indicator, found: Restatement, value: Number) -> str:
    """The warning for a prose figure that restates a cell with another number.

    >>> from govreport_nlp.models import Indicator, Kind
    >>> figure = Indicator(12, 15, "96件", 96, None, "件", None, "受理申请", None, Kind.COUNT)
    >>> _disagreement(figure, Restatement("T3", "new_requests", ("total",)), 95)
    "prose 96 ('96件' at 12) restates T3 new_requests.total = 95: they disagree"
    """
    cells = " + ".join(f"{found.row}.{c}" for c in found.columns)
    return (f"prose {indicator.value} ({indicator.text!r} at {indicator.start}) restates "
            f"{found.table} {cells} = {value}: they disagree")

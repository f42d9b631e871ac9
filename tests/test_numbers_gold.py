"""find_quantities against the hand-made gold (../shared/gold/dev).

A found figure matches a gold indicator when the spans overlap and value and unit are equal.
Recall is over the non-optional gold indicators; precision over the figures found in the
annotated region, where a figure overlapping an optional indicator is neither right nor wrong
and figures inside the disclosure template tables are left to the tables module
(``table_cells``: the gold gives no offsets for them, so the stretch from the first
``第二十条第（一）项`` to the next "存在…问题" heading counts as table).  No figure may fall inside
an occurrence of a ``not_indicators`` string.

The gold offsets index the original text.  Each measure runs twice: on the original text
directly (the scanner must cope with ``2024 年``, ``7\\n期`` and full-width digits on its own)
and on the normaliser's analysis view mapped back with ``to_original``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import pytest
import regex

from conftest import SHARED, needs_shared
from govreport_nlp.figures.numbers import find_quantities

GOLD_DIR = SHARED / "gold" / "dev"
TABLE_START = regex.compile(r"第二十条第（一）项")
TABLE_END = regex.compile(r"^.*存在(?:的主要)?问题", regex.MULTILINE)
MIN_RECALL = 0.97
MIN_PRECISION = 0.95

Span = tuple[int, int]
Figure = tuple[int, int, object, str | None]  # start, end, value, unit (original offsets)


@dataclass
class Score:
    true_positive: int = 0
    false_positive: list[str] = field(default_factory=list)
    false_negative: list[str] = field(default_factory=list)
    not_indicator_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + len(self.false_positive)
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + len(self.false_negative)
        return self.true_positive / wanted if wanted else 1.0


def _gold_files() -> list:
    return sorted(GOLD_DIR.glob("*.json")) if GOLD_DIR.is_dir() else []


def _table_zones(text: str) -> list[Span]:
    start = TABLE_START.search(text)
    if start is None:
        return []
    end = TABLE_END.search(text, start.end())
    return [(start.start(), end.start() if end else len(text))]


def _original_view(text: str) -> list[Figure]:
    return [(q.start, q.end, q.value, q.unit) for q in find_quantities(text)]


def _normalised_view(text: str) -> list[Figure]:
    normalise = pytest.importorskip("govreport_nlp.text.normalise").normalise
    norm = normalise(text)
    figures = []
    for q in find_quantities(norm.text):
        start, end = norm.to_original(q.start, q.end)
        figures.append((start, end, q.value, q.unit))
    return figures


VIEWS: dict[str, Callable[[str], list[Figure]]] = {
    "original": _original_view,
    "normalised": _normalised_view,
}


@cache
def score(view: str) -> Score:
    total = Score()
    for path in _gold_files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = SHARED / "corpora" / gold["file"]
        if not source.is_file():
            continue
        with open(source, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
        low, high = gold["region"]
        figures = [f for f in VIEWS[view](text) if low <= f[0] and f[1] <= high]
        indicators = gold["indicators"]
        zones = _table_zones(text)
        matched: set[int] = set()
        for start, end, value, unit in figures:
            shown = f"{path.stem}:{text[start:end]!r}={value} {unit}"
            overlapping = [
                i for i, g in enumerate(indicators) if start < g["end"] and g["start"] < end
            ]
            hit = next(
                (
                    i for i in overlapping
                    if Decimal(str(indicators[i]["value"])) == Decimal(value)
                    and indicators[i]["unit"] == unit
                ),
                None,
            )
            if hit is not None:
                matched.add(hit)
                total.true_positive += 1
            elif any(indicators[i]["optional"] for i in overlapping):
                continue
            elif not overlapping and any(a <= start and end <= b for a, b in zones):
                continue  # a template-table cell: the tables module's business
            else:
                total.false_positive.append(shown)
        total.false_negative.extend(
            f"{path.stem}:{g['text']!r}"
            for i, g in enumerate(indicators)
            if i not in matched and not g["optional"]
        )
        for word in gold["not_indicators"]:
            for occurrence in regex.finditer(regex.escape(word), text):
                if not low <= occurrence.start() < high:
                    continue
                total.not_indicator_hits.extend(
                    f"{path.stem}:{word!r} <- {text[s:e]!r}"
                    for s, e, _, _ in figures
                    if occurrence.start() <= s and e <= occurrence.end()
                )
    return total


pytestmark = [
    needs_shared,
    pytest.mark.corpus,
    pytest.mark.skipif(not _gold_files(), reason="no gold files in ../shared/gold/dev"),
]


@pytest.mark.parametrize("view", list(VIEWS))
def test_recall(view: str) -> None:
    result = score(view)
    assert result.recall >= MIN_RECALL, result.false_negative


@pytest.mark.parametrize("view", list(VIEWS))
def test_precision(view: str) -> None:
    result = score(view)
    assert result.precision >= MIN_PRECISION, result.false_positive


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_figure_inside_a_not_indicator(view: str) -> None:
    assert score(view).not_indicator_hits == []

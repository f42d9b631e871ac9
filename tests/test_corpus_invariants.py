"""Invariants of the parse output over the whole corpus (issue 5, "done when").

Every report in ``../shared/corpora`` (all formats: txt, pdf, docx, html, csv, dta, archives)
and in the project's own ``corpora/`` is parsed once (``parse_many``, two workers) and every
indicator and section is checked:

- an indicator's ``text`` is exactly ``report.text[start:end]``, its ``name`` and ``unit`` are
  non-empty, ``value_max`` (a range's upper end) is not below ``value``, ``kind`` is a Kind;
- sections lie inside the text, a heading's title starts inside its own span, children lie
  inside their parent, and sections of one level do not overlap.

Each test lists every offending figure (file, offsets, surface text) so a failure says where to
look.  The parse takes about 30 s on two cores; the tests share it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED, needs_shared
from govreport_nlp.deliver.batch import parse_many
from govreport_nlp.figures.indicators import NameRepair, NameRule
from govreport_nlp.models import Kind, Report, Section
from govreport_nlp.pipeline import IMPLICIT_NAME_RULE, TEMPLATE_NAME_RULE

PROJECT_CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SHOWN = 15  # offenders printed per failing test

pytestmark = needs_shared


@pytest.fixture(scope="module")
def parsed() -> list[object]:
    return list(parse_many([SHARED / "corpora", PROJECT_CORPORA], jobs=2))


@pytest.fixture(scope="module")
def reports(parsed: list[object]) -> list[Report]:
    return [item for item in parsed if isinstance(item, Report)]


def _where(report: Report, start: int, end: int) -> str:
    return f"{Path(report.source).name}[{start}:{end}] {report.text[start:end]!r}"


def _shown(offenders: list[str]) -> str:
    more = f"\n… and {len(offenders) - SHOWN} more" if len(offenders) > SHOWN else ""
    return f"{len(offenders)} offenders:\n" + "\n".join(offenders[:SHOWN]) + more


def test_every_document_parses(parsed: list[object]) -> None:
    failures = [repr(item) for item in parsed if not isinstance(item, Report)]
    assert len(parsed) >= 150  # the shared corpus holds ~190 documents
    assert not failures, _shown(failures)


def test_indicator_text_is_its_span(reports: list[Report]) -> None:
    offenders = [
        f"{_where(r, i.start, i.end)} != {i.text!r}"
        for r in reports
        for i in r.indicators
        if not (0 <= i.start <= i.end <= len(r.text)) or r.text[i.start : i.end] != i.text
    ]
    assert not offenders, _shown(offenders)


def test_indicator_has_a_name(reports: list[Report]) -> None:
    offenders = [
        _where(r, i.start, i.end) for r in reports for i in r.indicators if not i.name.strip()
    ]
    assert not offenders, _shown(offenders)


def test_indicator_says_which_rule_named_it(reports: list[Report]) -> None:
    """``name_rule`` (issue 18): a naming rule's id and its repairs', or how a figure not read
    from prose was named; and every rule of the table fires somewhere on the corpus."""
    rules = {r.value for r in NameRule}
    repairs = {r.value for r in NameRepair}
    fired: set[str] = set()
    offenders = []
    for r in reports:
        for i in r.indicators:
            rule, *then = (i.name_rule or "").split("+")
            fired.add(rule)
            if i.implicit or i.table is not None:
                ok = not then and rule == (IMPLICIT_NAME_RULE if i.implicit else TEMPLATE_NAME_RULE)
            else:
                ok = rule in rules and all(x in repairs for x in then)
            if not ok:
                offenders.append(f"{_where(r, i.start, i.end)} {i.name_rule!r}")
    assert not offenders, _shown(offenders)
    # preset reports the rule that fixed the name ahead; none names nothing by itself; dense
    # bounds the work on runs of figures no report prints, so it must never fire here
    assert NameRule.DENSE.value not in fired
    assert rules - {NameRule.PRESET.value, NameRule.DENSE.value} <= fired, sorted(rules - fired)


def test_indicator_has_a_unit(reports: list[Report]) -> None:
    """3200多万职工 -> 人 (gold README): a figure with no measure word takes its counted noun."""
    offenders = [
        f"{_where(r, i.start, i.end)} name={i.name!r}"
        for r in reports
        for i in r.indicators
        if not (i.unit or "").strip()
    ]
    assert not offenders, _shown(offenders)


def test_range_upper_end_is_not_below_value(reports: list[Report]) -> None:
    offenders = [
        f"{_where(r, i.start, i.end)} {i.value}..{i.value_max}"
        for r in reports
        for i in r.indicators
        if i.value_max is not None and i.value_max < i.value
    ]
    assert not offenders, _shown(offenders)


def test_indicator_kind_is_a_kind(reports: list[Report]) -> None:
    offenders = [
        f"{_where(r, i.start, i.end)} kind={i.kind!r}"
        for r in reports
        for i in r.indicators
        if not isinstance(i.kind, Kind)
    ]
    assert not offenders, _shown(offenders)


def _section_faults(
    report: Report, siblings: tuple[Section, ...], lower: int, upper: int
) -> list[str]:
    faults = []
    previous_end = lower
    for section in siblings:
        where = (
            f"{Path(report.source).name} section {section.title!r} [{section.start}:{section.end}]"
        )
        if not (lower <= section.start <= section.title_start <= section.end <= upper):
            faults.append(f"{where} outside [{lower}:{upper}] or title_start {section.title_start}")
        if section.start < previous_end:
            faults.append(f"{where} overlaps the section before it (ends {previous_end})")
        previous_end = max(previous_end, section.end)
        faults.extend(_section_faults(report, section.children, section.start, section.end))
    return faults


def test_sections_in_bounds_and_not_overlapping(reports: list[Report]) -> None:
    assert sum(len(r.all_sections()) for r in reports) > 1000  # the check has something to see
    offenders = [fault for r in reports for fault in _section_faults(r, r.sections, 0, len(r.text))]
    assert not offenders, _shown(offenders)

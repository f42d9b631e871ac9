"""The pipeline: load → normalise → sections/meta → numbers → tables → indicators → Report.

Each stage lives in its own module and works on plain text; this module only wires them
together and maps every span from the analysis view back to the original document text.

>>> report = parse("二、主动公开政府信息情况\\n全年主动公开政府信息2847条。")
>>> [(s.title, s.level) for s in report.all_sections()]
[('主动公开政府信息情况', 1)]
>>> [(i.text, i.value, i.unit, i.section) for i in report.indicators]
[('2847条', 2847, '条', ('主动公开政府信息情况',))]
"""

from __future__ import annotations

import bisect
import dataclasses
import os
from collections.abc import Callable, Sequence

from .figures import indicators as indicators_stage
from .figures import keys as keys_stage
from .figures import numbers as numbers_stage
from .figures import periods as periods_stage
from .figures import roles as roles_stage
from .models import (
    Check,
    Document,
    Genre,
    Indicator,
    Kind,
    Meta,
    Report,
    Script,
    Section,
)
from .read.load import load, load_text
from .structure import issuer as issuer_stage
from .structure import meta as meta_stage
from .structure import sections as sections_stage
from .tables import cells as tables_stage
from .tables import restate as restate_stage
from .text.normalise import Normalised, normalise

__all__ = ["NOTICE_EMPTY", "NOTICE_NO_CHINESE", "parse", "parse_document", "parse_text"]

# Warnings that say a document gave nothing to read; the command line prints them (they start
# the warning, the rest names what was found).
NOTICE_EMPTY = "empty document"
NOTICE_NO_CHINESE = "no Chinese text"
_HAN_FIRST, _HAN_LAST = "\u3400", "\u9fff"  # CJK Unified Ideographs and Extension A

# formats whose reader takes the title from the type size on page 1 (not a web page <title>)
_PRINTED_TITLE_FORMATS = frozenset({"pdf", "ofd"})

Source = str | bytes | os.PathLike[str]

# The first report year of the national disclosure template (国办公开办函〔2019〕60号).
TEMPLATE_FIRST_YEAR = 2019
# ``Indicator.name_rule`` of the figures not named by figures/indicators.py's rules
IMPLICIT_NAME_RULE = "implicit"
TEMPLATE_NAME_RULE = "template"


def parse(src: Source, *, name: str | None = None) -> Report:
    """Load one report (a path, its bytes, or its text) and parse it.

    A ``str`` that looks like a path (one line, ending in a suffix we read or with a path
    separator) is one: when it does not exist this raises
    :class:`~govreport_nlp.errors.InputNotFoundError`.  Give text to :func:`parse_text`.
    """
    return parse_document(load(src, name=name))


def parse_text(text: str, *, source: str = "<text>") -> Report:
    """Parse report text directly (never read as a path, whatever it looks like)."""
    return parse_document(load_text(text, name=source))


def _no_chinese(doc: Document) -> Report | None:
    """The report of a document with no Chinese in it (empty, or English, or numbers only):
    no figures, sections or title read from it (their rules are for Chinese text), script
    ``none`` and a warning saying so; None for a document with Chinese text."""
    text = doc.text
    if any(_HAN_FIRST <= c <= _HAN_LAST for c in text):
        return None
    if not text.strip():
        notice = f"{NOTICE_EMPTY}: the input holds no text"
    else:
        notice = (f"{NOTICE_NO_CHINESE}: {len(text)} characters and none of them Chinese; "
                  "no figures read")
    meta = Meta(title=None, issuer=None, year=None, genre=Genre.OTHER, script=Script.NONE,
                encoding=doc.encoding, format=doc.format, ocr_pages=doc.ocr_pages)
    return Report(source=doc.source, sha256=doc.sha256, meta=meta, text=text, sections=(),
                  indicators=(), checks=(), warnings=(*doc.warnings, notice), tables=doc.tables)


def parse_document(doc: Document) -> Report:
    """Run every analysis stage on a loaded document."""
    empty = _no_chinese(doc)
    if empty is not None:
        return empty
    norm = normalise(doc.text)
    analysis = norm.text
    info = meta_stage.read_meta(analysis, filename=doc.source, html_title=doc.title)
    parts = [normalise(part).text for part in doc.parts]
    analysis_sections = sections_stage.split_sections(
        analysis, info.genre, parts, _table_rows(doc, norm) if doc.tables else None
    )
    sections = tuple(_to_original_section(s, norm) for s in analysis_sections)
    warnings: list[str] = list(doc.warnings)

    cells: Sequence[tables_stage.TemplateCell] = ()
    checks: tuple[Check, ...] = ()
    # A table title is enough: a disclosure report whose genre detection missed still has its
    # tables read (and checked).
    if info.genre is Genre.INFO_DISCLOSURE or tables_stage.has_template_title(doc.text):
        template = tables_stage.extract_template(doc.text, doc.tables)
        cells = template.cells
        # The national template tables exist in reports on 2019 and later; an older report
        # without them is complete, not damaged.
        if cells or info.year is None or info.year >= TEMPLATE_FIRST_YEAR:
            warnings.extend(template.warnings)
        checks = tuple(tables_stage.check_template(cells))

    cell_spans = _cell_spans(cells)
    quantities = [
        q for q in numbers_stage.find_quantities(analysis)
        if not cell_spans or not _inside_any(norm.to_original(q.start, q.end), cell_spans)
    ]
    attributions = indicators_stage.attribute(
        analysis, quantities, genre=info.genre, year=info.year,
        # work reports: a review section's figures default to outcomes, a plan's to targets
        section_roles=roles_stage.section_roles(analysis_sections, year=info.year, text=analysis)
        if info.genre is Genre.WORK_REPORT else (),
    )
    section_index = _SectionIndex(sections)

    found: list[Indicator] = []
    analysis_spans: dict[tuple[int, int], tuple[int, int]] = {}  # original -> analysis span
    for quantity, attribution in zip(quantities, attributions, strict=True):
        start, end = norm.to_original(quantity.start, quantity.end)
        found.append(Indicator(
            start=start, end=end, text=doc.text[start:end],
            value=quantity.value, value_max=quantity.value_max,
            unit=quantity.unit, qualifier=quantity.qualifier,
            name=attribution.name, verb=attribution.verb, kind=quantity.kind,
            section=section_index.path(start), role=attribution.role,
            name_rule=attribution.name_rule,
        ))
        analysis_spans[(start, end)] = (quantity.start, quantity.end)
    for figure in indicators_stage.find_implicit(analysis, genre=info.genre):
        start, end = norm.to_original(figure.start, figure.end)
        found.append(Indicator(
            start=start, end=end, text=doc.text[start:end], value=figure.value,
            value_max=None, unit=figure.unit, qualifier=None, name=figure.name,
            verb=None, kind=_unit_kind(figure.unit), section=section_index.path(start),
            implicit=True, name_rule=IMPLICIT_NAME_RULE,
        ))
        analysis_spans[(start, end)] = (figure.start, figure.end)
    for cell in cells:
        found.append(Indicator(
            start=cell.start, end=cell.end, text=cell.text, value=cell.value, value_max=None,
            unit=cell.unit, qualifier=None, name=tables_stage.cell_name(cell), verb=None,
            kind=tables_stage.cell_kind(cell), section=section_index.path(cell.start),
            table=cell.ref, name_rule=TEMPLATE_NAME_RULE,
        ))
    found = restate_stage.link_restatements(found, cells, text=doc.text, warnings=warnings)
    found.sort(key=lambda i: (i.start, i.end))
    if doc.ocr_spans:
        found = _with_ocr_confidence(found, doc.ocr_spans)

    # A report of neither genre keeps the title its fixed-layout page 1 prints in large type.
    title = info.title
    issuer = info.issuer
    if info.genre is Genre.OTHER and doc.format in _PRINTED_TITLE_FORMATS:
        title = doc.title if title is None else title
        issuer = doc.issuer if issuer is None else issuer
    found = _with_keys(found, analysis, analysis_spans, genre=info.genre, year=info.year)

    canonical = issuer_stage.canonical_issuer(issuer)
    meta = Meta(
        title=title, issuer=issuer, year=info.year, genre=info.genre,
        script=norm.script, encoding=doc.encoding, format=doc.format,
        date=info.date, occasion=info.occasion, ocr_pages=doc.ocr_pages,
        issuer_canonical=canonical.name, issuer_level=canonical.level,
        region_code=canonical.region_code,
    )
    return Report(
        source=doc.source, sha256=doc.sha256, meta=meta, text=doc.text,
        sections=sections, indicators=tuple(found), checks=tuple(checks),
        warnings=tuple(warnings), tables=doc.tables,
    )


def _with_keys(found: list[Indicator], analysis: str,
               analysis_spans: dict[tuple[int, int], tuple[int, int]], *,
               genre: Genre, year: int | None) -> list[Indicator]:
    """Each figure with its canonical key and, when keyed, its period (figures/keys.py and
    figures/periods.py decide; a template cell is keyed by its template column)."""
    out: list[Indicator] = []
    for figure in found:
        if figure.table is not None:
            key = keys_stage.template_key(figure.table).key
        else:
            key = keys_stage.decide_key(figure.name, figure.unit, genre=str(genre)).key
        if key is None:
            out.append(figure)
            continue
        start, end = analysis_spans.get((figure.start, figure.end), (0, 0))
        period = periods_stage.decide_period(
            analysis, start, end, name=figure.name, year=year, genre=str(genre),
            role=None if figure.role is None else str(figure.role), key=key,
            section=figure.section)
        if not period.comparable:  # a change over several years: no key's column
            out.append(figure)
            continue
        out.append(dataclasses.replace(figure, key=key, period=period.period))
    return out


def _unit_kind(unit: str) -> Kind:
    """Kind of a figure stated in words, from its unit (0 元 is money, 0 件 a count)."""
    return Kind.MONEY if unit.endswith("元") else Kind.COUNT


def _cell_spans(cells: Sequence[tables_stage.TemplateCell]) -> list[tuple[int, int]]:
    return sorted((c.start, c.end) for c in cells)


def _inside_any(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps any of the sorted, disjoint ``spans``."""
    if not spans:
        return False
    start, end = span
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    for j in (i, i + 1):
        if 0 <= j < len(spans) and spans[j][0] < end and start < spans[j][1]:
            return True
    return False


def _with_ocr_confidence(
    found: list[Indicator], spans: Sequence[tuple[int, int, float]]
) -> list[Indicator]:
    """Each figure read from OCR'd text takes the lowest score of the lines/cells it spans."""
    starts = [start for start, _end, _score in spans]
    out: list[Indicator] = []
    for indicator in found:
        # spans are disjoint and in text order: those overlapping [start, end) are a run
        i = max(bisect.bisect_right(starts, indicator.start) - 1, 0)
        scores = []
        while i < len(spans) and spans[i][0] < indicator.end:
            if spans[i][1] > indicator.start:
                scores.append(spans[i][2])
            i += 1
        out.append(
            dataclasses.replace(indicator, ocr_confidence=min(scores)) if scores else indicator
        )
    return out


def _table_rows(doc: Document, norm: Normalised) -> Callable[[int], bool]:
    """Whether an analysis offset lies on a row of one of the document's tables (the rows'
    spans of the original text, from their cells)."""
    spans = sorted(
        (min(c.start for c in cells), max(c.end for c in cells))
        for table in doc.tables
        for row in table.rows
        if (cells := [c for c in row if c.start >= 0])
    )
    starts = [start for start, _end in spans]

    def in_table(pos: int) -> bool:
        original = norm.to_original(pos, pos + 1)[0] if pos < len(norm.text) else len(doc.text)
        i = bisect.bisect_right(starts, original) - 1
        return i >= 0 and original < spans[i][1]

    return in_table


def _to_original_section(section: Section, norm: Normalised) -> Section:
    start, end = norm.to_original(section.start, section.end)
    title_start, _ = norm.to_original(section.title_start, section.title_start + 1) \
        if section.title_start < len(norm.text) else (end, end)
    return dataclasses.replace(
        section, start=start, end=end, title_start=title_start,
        children=tuple(_to_original_section(c, norm) for c in section.children),
    )


class _SectionIndex:
    """Finds the chain of section titles enclosing an original-text offset.

    The chain only changes where a section starts or ends, so it is worked out once per
    stretch between two such boundaries; a figure's chain is then one bisect (a template
    table's hundred cells share one stretch)."""

    def __init__(self, top: Sequence[Section]) -> None:
        self._top = tuple(top)
        bounds: set[int] = set()
        stack = list(self._top)
        while stack:
            section = stack.pop()
            bounds.update((section.start, section.end))
            stack.extend(section.children)
        self._bounds = sorted(bounds)
        # the chain of each stretch [bounds[i], bounds[i + 1]) and of the one after the last
        self._chains = [self._walk(b) for b in self._bounds]

    def _walk(self, offset: int) -> tuple[str, ...]:
        titles: list[str] = []
        level: Sequence[Section] = self._top
        while level:
            i = bisect.bisect_right([s.start for s in level], offset) - 1
            if i < 0 or not level[i].start <= offset < level[i].end:
                break
            titles.append(level[i].title)
            level = level[i].children
        return tuple(titles)

    def path(self, offset: int) -> tuple[str, ...]:
        i = bisect.bisect_right(self._bounds, offset) - 1
        return self._chains[i] if i >= 0 else ()

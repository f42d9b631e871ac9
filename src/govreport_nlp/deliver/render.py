"""A parsed report as a tree a person can read: each heading, and under it the figures its
body reports (``govreport show FILE``).

>>> from govreport_nlp.models import Genre, Indicator, Kind, Meta, Report, Script
>>> meta = Meta("本溪市2012年度政府信息公开工作报告", "本溪市", 2012, Genre.INFO_DISCLOSURE,
...             Script.SIMPLIFIED, "utf-8", "txt")
>>> figure = Indicator(8, 11, "95件", 95, None, "件", None, "受理申请", "受理", Kind.COUNT)
>>> print(render_tree(Report("a.txt", "", meta, "全年共受理申请95件。", indicators=(figure,))))
本溪市2012年度政府信息公开工作报告
info_disclosure · 2012 · 本溪市 · 1 figure · 0 sections
(front matter)
    95件  value=95 件  name=受理申请
>>> pad("件数", 6) + "|"
'件数  |'
"""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models import Indicator, Number, Report, Section

__all__ = ["display_width", "pad", "print_to_pipe", "render_tree"]

INDENT = "  "
# Figures sit this much deeper than their heading, so they never read as sub-headings.
FIGURE_INDENT = "    "
# A printed heading prefix ("一、", "（三）", "1.") longer than this is not a number.
MAX_NUMBER_CHARS = 8
# Figure texts wider than this are cut with "…" (an implicit figure spans a whole clause,
# and one long span should not push every other column to the right).
MAX_TEXT_COLUMN = 14

_BOLD, _CYAN, _DIM, _RESET = "\x1b[1m", "\x1b[36m", "\x1b[2m", "\x1b[0m"


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: two for wide (CJK) characters.

    >>> display_width("95件"), display_width("value")
    (4, 5)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` display columns (``align`` ``<`` or ``>``)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if align == ">" else text + fill


def _number(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


def _one_line(text: str) -> str:
    return text.replace("\r", "").replace("\n", "⏎")


def _shown_text(text: str) -> str:
    """The figure's text on one line, cut with "…" when wider than the text column (an
    implicit figure spans a whole clause)."""
    shown = _one_line(text)
    if display_width(shown) <= MAX_TEXT_COLUMN:
        return shown
    while display_width(shown) > MAX_TEXT_COLUMN - 1:
        shown = shown[:-1]
    return shown + "…"


def _value(figure: Indicator) -> str:
    shown = _number(figure.value)
    if figure.value_max is not None and figure.value_max != figure.value:
        shown += f"..{_number(figure.value_max)}"
    if figure.unit:
        shown += f" {figure.unit}"
    if figure.qualifier:
        shown += f" ({figure.qualifier})"
    return f"value={shown}"


def _flags(figure: Indicator) -> str:
    flags = []
    if figure.table is not None:
        flags.append(f"{figure.table.id} {figure.table.row}/{figure.table.column}")
    if figure.restates is not None:
        mark = {True: " ok", False: " DIFFERS", None: ""}[figure.agrees]
        flags.append(
            f"restates {figure.restates.id} {figure.restates.row}/{figure.restates.column}{mark}"
        )
    if figure.implicit:
        flags.append("implicit")
    if figure.role is not None:
        flags.append(str(figure.role))
    return f"[{'; '.join(flags)}]" if flags else ""


def _heading(section: Section, text: str) -> str:
    """The heading as printed: its numbering from the text ("一、") and its title."""
    prefix = (
        text[section.start : section.title_start] if section.title_start > section.start else ""
    )
    prefix = prefix.strip()
    if prefix and "\n" not in prefix and len(prefix) <= MAX_NUMBER_CHARS:
        return prefix + section.title
    if section.number:
        return f"{section.number} {section.title}"
    return section.title


@dataclass
class _Node:
    section: Section | None
    label: str = ""  # for the nodes that are not sections
    figures: list[Indicator] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def _build(sections: tuple[Section, ...]) -> list[_Node]:
    return [_Node(s, children=_build(s.children)) for s in sections]


def _place(nodes: list[_Node], figure: Indicator) -> bool:
    """Put ``figure`` under the deepest node whose span holds its start."""
    for node in nodes:
        assert node.section is not None
        if node.section.start <= figure.start < node.section.end:
            if not _place(node.children, figure):
                node.figures.append(figure)
            return True
    return False


@dataclass(frozen=True)
class _Style:
    color: bool
    text_width: int
    value_width: int
    explain: bool = False  # each figure's name_rule after its name

    def paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def _figure_line(figure: Indicator, depth: int, style: _Style) -> str:
    indent = INDENT * depth + FIGURE_INDENT
    text = pad(_shown_text(figure.text), style.text_width)
    value = pad(_value(figure), style.value_width)
    parts = [style.paint(_CYAN, text), value, f"name={figure.name or '—'}"]
    if style.explain:
        parts.append(f"name_rule={figure.name_rule or '—'}")
    flags = _flags(figure)
    if flags:
        parts.append(style.paint(_DIM, flags))
    return (indent + "  ".join(parts)).rstrip()


def _emit(node: _Node, depth: int, text: str, style: _Style, out: list[str]) -> None:
    label = _heading(node.section, text) if node.section is not None else node.label
    out.append(INDENT * depth + style.paint(_BOLD, label))
    # Figures and sub-headings in document order, as the reader meets them.
    items: list[tuple[int, int, Any]] = [(f.start, 0, f) for f in node.figures]
    items += [(c.section.start if c.section else 0, 1, c) for c in node.children]
    for _, is_child, item in sorted(items, key=lambda x: (x[0], x[1])):
        if is_child:
            _emit(item, depth + 1, text, style, out)
        else:
            out.append(_figure_line(item, depth, style))


def render_tree(report: Report, *, color: bool = False, explain: bool = False) -> str:
    """The section tree of ``report`` with each figure under the section whose body holds
    it; figures before the first heading go under "(front matter)", figures outside every
    section under "(outside sections)".  ``color`` adds ANSI bold/cyan/dim; ``explain`` the
    rule that named each figure (``name_rule=left+previous_clause``)."""
    roots = _build(report.sections)
    front = _Node(None, "(front matter)")
    outside: list[Indicator] = []
    first = min((s.start for s in report.sections), default=None)
    for figure in sorted(report.indicators, key=lambda f: (f.start, f.end)):
        if _place(roots, figure):
            continue
        if first is None or figure.start < first:
            front.figures.append(figure)
        else:
            outside.append(figure)
    style = _Style(
        color=color,
        explain=explain,
        text_width=max((display_width(_shown_text(f.text)) for f in report.indicators), default=0),
        value_width=max((display_width(_value(f)) for f in report.indicators), default=0),
    )
    meta = report.meta
    n_figures = len(report.indicators)
    n_cells = sum(1 for f in report.indicators if f.table is not None)
    n_sections = len(report.all_sections())
    summary = [str(meta.genre)]
    summary += [str(x) for x in (meta.year, meta.issuer) if x is not None]
    summary.append(f"{n_figures} figure{'s' if n_figures != 1 else ''}")
    if n_cells:
        summary.append(f"{n_cells} table cell{'s' if n_cells != 1 else ''}")
    summary.append(f"{n_sections} section{'s' if n_sections != 1 else ''}")
    out = [style.paint(_BOLD, meta.title or report.source), " · ".join(summary)]
    if front.figures:
        _emit(front, 0, report.text, style, out)
    for root in roots:
        _emit(root, 0, report.text, style, out)
    if outside:
        _emit(_Node(None, "(outside sections)", outside), 0, report.text, style, out)
    for warning in report.warnings:
        out.append(f"warning: {warning}")
    return "\n".join(out)


def print_to_pipe(text: str) -> None:
    """Print ``text``; a reader that stops early (``| head``) is not an error."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the pipe again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())

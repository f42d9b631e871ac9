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

from ..figures.keys import decide_key, template_key
from ..models import Indicator, Number, Report, Section

__all__ = ["display_width", "html_escape", "pad", "print_to_pipe", "render_html", "render_tree"]

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


# ---------------------------------------------------------------------------------------------
# govreport show --html FILE: the report's text with every figure highlighted

_HTML_STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 0; display: flex; }
nav { width: 18em; flex: none; height: 100vh; overflow: auto; position: sticky; top: 0;
      border-right: 1px solid #ccc; padding: 0.5em 1em; font-size: 0.9em; box-sizing: border-box; }
nav ul { padding-left: 1em; margin: 0.2em 0; }
main { flex: 1; padding: 0 1.5em 3em; min-width: 0; }
.text { white-space: pre-wrap; line-height: 1.7; }
mark.figure { background: #ffe58a; border-radius: 2px; cursor: help; }
mark.figure.keyed { background: #9fe3b8; }
mark.figure.cell { background: #bcd7ff; }
mark.figure.fails, td.fails { background: #ff9c9c; outline: 2px solid #c00; }
table.template { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
table.template th, table.template td { border: 1px solid #999; padding: 2px 6px; }
table.template td { text-align: right; }
.checks li.fails { color: #a00; }
.meta { color: #555; }
"""


def html_escape(text: str) -> str:
    """``text`` safe inside HTML elements and attribute values.

    >>> html_escape('<a href="x">&</a>')
    '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _check_cells(report: Report) -> dict[tuple[str, str, str], list[str]]:
    """Template cells (id, row, column) named by a failing check, with the checks' texts.

    A check reads ``"T3.natural_person: new_requests + … == …"`` (the qualifier is the column
    or row held fixed) or ``"T4: review_total == …"``: a cell takes part when its table
    matches, its row or column is the qualifier (or there is none), and the other is named."""
    cells: dict[tuple[str, str, str], list[str]] = {}
    refs = {f.table for f in report.indicators if f.table is not None}
    for check in report.checks:
        if check.ok:
            continue
        head, _, expression = check.rule.partition(":")
        table_id, _, qualifier = head.strip().partition(".")
        names = set(expression.replace("+", " ").replace("=", " ").replace("-", " ").split())
        for ref in refs:
            if ref.id != table_id:
                continue
            fixed = {ref.row, ref.column} if not qualifier else {qualifier}
            if not fixed & {ref.row, ref.column}:
                continue
            if ref.row in names or ref.column in names:
                cells.setdefault((ref.id, ref.row, ref.column), []).append(
                    f"{check.rule} — {check.detail}")
    return cells


def _key_rule(figure: Indicator, genre: str) -> str:
    """The id of the rule that gave (or refused) the figure its key (figures/keys.py)."""
    if figure.table is not None:
        return template_key(figure.table).rule
    return decide_key(figure.name, figure.unit, genre=genre).rule


def _figure_title(figure: Indicator, genre: str = "other") -> str:
    """What hovering a figure shows: value, unit, key (and the rule that keyed it), period,
    role, name (and the rule that named it) and how it was read."""
    parts = [_value(figure).removeprefix("value=").strip()]
    parts.append(f"unit: {figure.unit or '—'}")
    parts.append(f"key: {figure.key or '—'} (rule {_key_rule(figure, genre)})")
    parts.append(f"period: {figure.period or '—'}")
    parts.append(f"role: {figure.role or '—'}")
    parts.append(f"name: {figure.name or '—'} (naming rule {figure.name_rule or '—'})")
    parts.append(f"kind: {figure.kind}")
    flags = _flags(figure)
    if flags:
        parts.append(flags.strip("[]"))
    return " · ".join(parts)


def _marked_text(report: Report, failing: dict[tuple[str, str, str], list[str]]) -> str:
    """The report text, escaped, each figure a ``<mark>`` (overlapping ones: the first) and
    each section start an anchor the outline links to."""
    anchors = {s.start: i for i, s in enumerate(report.all_sections())}
    events: list[tuple[int, int, Any]] = [(start, 0, i) for start, i in anchors.items()]
    last = -1
    for n, figure in enumerate(sorted(report.indicators, key=lambda f: (f.start, f.end))):
        if figure.start < last or figure.end <= figure.start:
            continue  # overlapping or empty span (a blank cell): shown in the tables only
        events.append((figure.start, 1, (n, figure)))
        last = figure.end
    out: list[str] = []
    pos = 0
    text = report.text
    for start, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 0:
            out.append(html_escape(text[pos:start]))
            out.append(f'<a id="s{item}"></a>')
            pos = start
            continue
        n, figure = item
        out.append(html_escape(text[pos:figure.start]))
        classes = ["figure"]
        if figure.key:
            classes.append("keyed")
        if figure.table is not None:
            classes.append("cell")
            if (figure.table.id, figure.table.row, figure.table.column) in failing:
                classes.append("fails")
        out.append(f'<mark class="{" ".join(classes)}" id="f{n}" '
                   f'title="{html_escape(_figure_title(figure, str(report.meta.genre)))}" '
                   f'data-value="{html_escape(_number(figure.value))}" '
                   f'data-key="{html_escape(figure.key or "")}">'
                   f"{html_escape(text[figure.start:figure.end])}</mark>")
        pos = figure.end
    out.append(html_escape(text[pos:]))
    return "".join(out)


def _outline(sections: tuple[Section, ...], numbers: dict[int, int], text: str) -> str:
    if not sections:
        return ""
    items = []
    for section in sections:
        anchor = numbers[id(section)]
        label = html_escape(_heading(section, text))
        key = f' <small>({html_escape(section.key)})</small>' if section.key else ""
        items.append(f'<li><a href="#s{anchor}">{label}</a>{key}'
                     f"{_outline(section.children, numbers, text)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _template_tables(report: Report, failing: dict[tuple[str, str, str], list[str]]) -> str:
    """Each template table (T2, T3, T4) as a grid of its read cells: rows and columns in the
    order the report gives them; a cell in a failing check marked, the check on hover."""
    grids: dict[str, dict[tuple[str, str], Indicator]] = {}
    for figure in report.indicators:
        if figure.table is not None:
            grids.setdefault(figure.table.id, {})[(figure.table.row, figure.table.column)] = figure
    out = []
    for table_id in sorted(grids):
        cells = grids[table_id]
        rows = list(dict.fromkeys(row for row, _ in cells))
        columns = list(dict.fromkeys(column for _, column in cells))
        head = "".join(f"<th>{html_escape(c)}</th>" for c in columns)
        body = []
        for row in rows:
            tds = []
            for column in columns:
                figure = cells.get((row, column))
                if figure is None:
                    tds.append("<td></td>")
                    continue
                checks = failing.get((table_id, row, column))
                mark = ' class="fails"' if checks else ""
                title = _figure_title(figure, str(report.meta.genre)) + "".join(
                    f"\n✗ {c}" for c in checks or ())
                tds.append(f'<td{mark} title="{html_escape(title)}">'
                           f"{html_escape(_number(figure.value))}</td>")
            body.append(f"<tr><th>{html_escape(row)}</th>{''.join(tds)}</tr>")
        out.append(f'<h3>{html_escape(table_id)}</h3><table class="template" '
                   f'data-table="{html_escape(table_id)}"><thead><tr><th></th>{head}</tr>'
                   f"</thead><tbody>{''.join(body)}</tbody></table>")
    return "".join(out)


def render_html(report: Report) -> str:
    """One self-contained HTML page: the report's text with every figure highlighted (hover:
    value, unit, key, period, role, name, how it was read), its sections as an outline
    linking into the text, the template tables as tables with the cells of failing checks
    marked, and the checks and warnings listed."""
    failing = _check_cells(report)
    numbers = {id(s): i for i, s in enumerate(report.all_sections())}
    meta = report.meta
    title = meta.title or report.source
    summary = " · ".join(str(x) for x in (meta.genre, meta.year, meta.issuer_canonical
                                          or meta.issuer, meta.script, meta.format) if x)
    failed = [c for c in report.checks if not c.ok]
    checks = "".join(
        f'<li class="{"ok" if c.ok else "fails"}">{"✓" if c.ok else "✗"} '
        f"{html_escape(c.rule)} — {html_escape(c.detail)}</li>"
        for c in sorted(report.checks, key=lambda c: c.ok))
    warnings = "".join(f"<li>{html_escape(w)}</li>" for w in report.warnings)
    tables = _template_tables(report, failing)
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html_escape(title)}</title><style>{_HTML_STYLE}</style></head><body>"
        f'<nav><h2>Sections</h2>{_outline(report.sections, numbers, report.text)}</nav>'
        f'<main><h1>{html_escape(title)}</h1><p class="meta">{html_escape(summary)} · '
        f"{len(report.indicators)} figures · {len(failed)} of {len(report.checks)} checks "
        f"fail · source {html_escape(report.source)}</p>"
        + (f"<h2>Template tables</h2>{tables}" if tables else "")
        + (f'<h2>Checks</h2><ul class="checks">{checks}</ul>' if checks else "")
        + (f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else "")
        + f'<h2>Text</h2><div class="text">{_marked_text(report, failing)}</div>'
        "</main></body></html>\n")

"""HTML pages (and gov.cn ``str(ResultSet)`` fragments) to lines of text.

Blocks (paragraphs, headings, list items, divs) become one line each, ``<br>`` breaks a line,
data tables become one line per row with cells tab-separated; page furniture listed in
``data/html_debris.tsv`` (scripts, navigation, share bars ...) is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import regex

from ..._data import load_table
from ..._extras import require
from ._builder import Extracted, GridCell, TextBuilder, expand_grid, join_fragments
from .encoding import declared_html_charset, decode_text

__all__ = ["html_to_extracted", "looks_like_html", "read_html"]

_BLOCK_TAGS = frozenset(
    "address article blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 hgroup hr html li main menu ol p pre section "
    "summary ul caption tr td th tbody thead tfoot".split()
)
_TITLE_HEADINGS = ("h1", "h2", "h3")
# A data table has short cells; a page laid out with tables has whole articles in one cell.
_MAX_DATA_CELL = 400
_ASCII_SPACE_RUN = regex.compile(r"[ \t\r\n\f]+")
_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef]"
_CLASS_WORD_SPLIT = regex.compile(r"[\s_\-]+")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
# ``str()`` of a BeautifulSoup ResultSet: "[<div ...>...</div>, <div ...>...</div>]".
_RESULTSET = regex.compile(r"^\s*\[\s*(?=<)(?P<body>.*)(?<=>)\s*\]\s*$", regex.DOTALL)
_RESULTSET_COMMA = regex.compile(r"^\s*,\s*$")
_HTML_START = regex.compile(
    r"^\s*(?:\[\s*)?(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table|span|section|article)[\s>/]",
    regex.IGNORECASE | regex.DOTALL,
)


@cache
def _debris() -> tuple[frozenset[str], frozenset[str]]:
    rows = load_table("html_debris.tsv")
    tags = frozenset(r["value"] for r in rows if r["kind"] == "tag")
    words = frozenset(r["value"] for r in rows if r["kind"] == "class_or_id")
    return tags, words


def looks_like_html(text: str) -> bool:
    """Whether decoded text is HTML markup (judged from its start, not a file name).

    >>> looks_like_html('[<div class="conlun2_box_text">\\n<p>各位代表：</p>')
    True
    >>> looks_like_html("<!DOCTYPE html><html><head>")
    True
    >>> looks_like_html("一、总体情况 <p> 不是网页")
    False
    """
    return bool(_HTML_START.match(text[:2048]))


def read_html(data: bytes, source: str) -> Extracted:
    """Decode an HTML file (BOM, then ``<meta charset>``, then detection) and extract it."""
    text, encoding = decode_text(data, source, declared=declared_html_charset(data))
    return html_to_extracted(text, encoding)


def _collapse(raw: str) -> str:
    """Collapse HTML whitespace; a line break between CJK characters is no space at all."""

    def repl(m: regex.Match[str]) -> str:
        run, before, after = (
            m.group(),
            m.string[m.start() - 1 : m.start()],
            m.string[m.end() : m.end() + 1],
        )
        if ("\n" in run or "\r" in run) and regex.match(_CJK, before) and regex.match(_CJK, after):
            return ""
        return " "

    return _ASCII_SPACE_RUN.sub(repl, raw).strip()


class _Walker:
    def __init__(self, bs4: Any) -> None:
        self.bs4 = bs4
        self.builder = TextBuilder()
        self.buffer: list[str] = []
        self.tags, self.words = _debris()

    def flush(self) -> None:
        if self.buffer:
            line = _collapse("".join(self.buffer))
            self.buffer = []
            if line:
                self.builder.line(line)

    def is_debris(self, el: Any) -> bool:
        if el.name in self.tags:
            return True
        attrs = el.attrs or {}
        if _HIDDEN_STYLE.search(str(attrs.get("style", ""))) or "hidden" in attrs:
            return True
        classes = attrs.get("class") or []
        if isinstance(classes, str):
            classes = [classes]
        names = [*classes, str(attrs.get("id", ""))]
        return any(
            word in self.words
            for name in names
            for word in _CLASS_WORD_SPLIT.split(name.lower())
            if word
        )

    def walk(self, node: Any, *, top_level_fragment: bool = False) -> None:
        # Depth-first with an explicit stack, not recursion: pages nest thousands deep
        # (a broken generator repeating an unclosed <div>), past Python's recursion limit.
        # Each frame: the children still to visit, whether they are a fragment's top level,
        # and whether the element owning them is a block (a line ends after it).
        stack: list[tuple[Iterator[Any], bool, bool]] = [
            (iter(node.children), top_level_fragment, False)]
        while stack:
            children, fragment_level, block = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if block:
                    self.flush()
                continue
            descend = self.visit(child, fragment_level)
            if descend is not None:
                stack.append((iter(child.children), *descend))

    def visit(self, child: Any, top_level_fragment: bool) -> tuple[bool, bool] | None:
        """Take in one child; ``(top_level_fragment, block)`` for its children when the walk
        goes into it, None when it was a string, skipped, or handled whole (a table)."""
        bs4 = self.bs4
        if isinstance(child, bs4.element.NavigableString):
            if isinstance(
                child,
                (
                    bs4.element.Comment,
                    bs4.element.Declaration,
                    bs4.element.Doctype,
                    bs4.element.ProcessingInstruction,
                ),
            ):
                return None
            if top_level_fragment and _RESULTSET_COMMA.match(child):
                return None  # the ", " between the elements of a printed ResultSet
            self.buffer.append(str(child))
            return None
        if not isinstance(child, bs4.element.Tag) or self.is_debris(child):
            return None
        name = child.name
        if name == "br":
            self.flush()
            return None
        if name == "table" and self.is_data_table(child):
            self.flush()
            self.table(child)
            return None
        # The parser wraps a fragment in html/body; its top level is their content.
        inherit = top_level_fragment and name in ("html", "body")
        block = name in _BLOCK_TAGS
        if block:
            self.flush()
        return inherit, block

    def cell_text(self, cell: Any) -> str:
        inner = _Walker(self.bs4)
        inner.walk(cell)
        inner.flush()
        text, _tables = inner.builder.build()
        return join_fragments(text)

    def is_data_table(self, table: Any) -> bool:
        if table.find("table") is not None:
            return False
        widest = 0
        for tr in table.find_all("tr"):
            cells = tr.find_all(["td", "th"], recursive=False)
            widest = max(widest, len(cells))
            if any(len(c.get_text()) > _MAX_DATA_CELL for c in cells):
                return False
        return widest >= 2

    def table(self, table: Any) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.walk(caption)
            self.flush()
        physical = [
            [
                GridCell(self.cell_text(c), _span(c, "rowspan"), _span(c, "colspan"))
                for c in tr.find_all(["td", "th"], recursive=False)
                if not self.is_debris(c)
            ]
            for tr in table.find_all("tr")
        ]
        # Spans are laid out over every row (an empty row may still carry a rowspan), then
        # rows with nothing printed in them are dropped.
        for grid_row in expand_grid(physical):
            if any(text for text, merged in grid_row if not merged):
                self.builder.row([t for t, _ in grid_row], merged=[m for _, m in grid_row])
        self.builder.end_table()


def _span(cell: Any, attribute: str) -> int:
    """A cell's rowspan/colspan; anything but a positive integer counts as 1."""
    value = str(cell.get(attribute) or "1").strip()
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 1


def _title(soup: Any) -> str | None:
    if soup.title is not None:
        title = _collapse(soup.title.get_text())
        if title:
            return title
    for heading in soup.find_all(_TITLE_HEADINGS):
        title = _collapse(heading.get_text())
        if title:
            return title
    return None


def html_to_extracted(html: str, encoding: str | None) -> Extracted:
    """Extract decoded HTML.

    >>> page = ('<html><head><title>本溪市2012年度报告</title><script>x()</script></head><body>'
    ...         '<nav>首页</nav><h2>一、概述</h2><p>全年受理\\n申请95件。</p>'
    ...         '<table><tr><td>自然人</td><td>95</td></tr></table></body></html>')
    >>> got = html_to_extracted(page, "utf-8")
    >>> got.text.split("\\n")
    ['一、概述', '全年受理申请95件。', '自然人\\t95']
    >>> got.title, got.tables[0].texts()
    ('本溪市2012年度报告', [['自然人', '95']])
    >>> html_to_extracted("", None).text
    ''
    """
    bs4 = require("bs4", extra="html", purpose="Reading HTML", package="beautifulsoup4")
    require("lxml", extra="html", purpose="Reading HTML")
    fragment = _RESULTSET.match(html)
    markup = fragment.group("body") if fragment else html
    soup = bs4.BeautifulSoup(markup, "lxml")
    walker = _Walker(bs4)
    walker.walk(soup, top_level_fragment=fragment is not None)
    walker.flush()
    text, tables = walker.builder.build()
    warnings: tuple[str, ...] = ()
    if not text.strip():
        warnings = ("HTML page has no text outside scripts and page furniture",)
    return Extracted(text, encoding, title=_title(soup), tables=tables, warnings=warnings)

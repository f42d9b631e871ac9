"""A fixed-layout document's pages (PDF, OFD, OCR'd scans) written out as text and tables.

The pages come as :class:`~.layout.PageBlock` runs (lines and table runs, top to bottom).
Two kinds of line are navigation, not content, and are left out of the text:

* running headers and footers (page numbers ``- 3 -``, ``第3页 共8页``): lines in the top or
  bottom margin that recur, digits aside, on at least half the pages (two at least);
* a table of contents: the 目录 line and its entries (see :func:`contents_lines`); listed, the
  entries would become the document's section tree.

The title is the run of largest type at the top of page 1 when it stands out from the body.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from ...models import Table
from ._builder import TextBuilder
from .layout import Glyph, PageBlock, line_glyphs

__all__ = [
    "TITLE_PAGES",
    "contents_lines",
    "entry_title",
    "page_title",
    "pages_text",
    "running_lines",
    "write_pages",
]

_HAN = regex.compile(r"\p{Han}")
_DIGITS = regex.compile(r"\d+|[〇一二三四五六七八九十百]+")
_MARGIN = 0.09  # top and bottom share of the page where running headers/footers sit
TITLE_PAGES = 2  # the body type is measured on the first pages (their glyphs need sizes)
_TITLE_RATIO = 1.25  # title type is at least this much larger than the body's
# A table of contents: its heading, then entries (numbering, title, dotted leader, page number)
# up to the end of its page, continued on the next pages while every line has a leader.
_CONTENTS_HEAD = regex.compile(r"^(?:目\s*录|目\s*次)$")
_CONTENTS_PAGES = 3  # a contents list starts on one of the first pages
# (a leader starts only at the head of its run and is taken whole: one try per run, linear
# on a page-wide rule of dashes)
_LEADER_CHARS = r"[.．…·•_\-—]"
_LEADER = rf"(?<!{_LEADER_CHARS}){_LEADER_CHARS}{{3,}}+"
_PAGE_NUMBER = r"(?:\d{1,3}|[—\-]\s*\d{1,3}\s*[—\-])"
_ENTRY_NUMERAL = r"[一二三四五六七八九十百〇\d]"
_ENTRY_NUMBERING = (
    rf"(?:[（(]?{_ENTRY_NUMERAL}{{1,4}}[）)]?[、.．]?|第{_ENTRY_NUMERAL}+(?:章|节|部分|篇))"
)
_CONTENTS_ENTRY_TAIL = regex.compile(
    rf"(?:(?<!\s)\s*+{_LEADER}\s*+|(?<!\s)\s++){_PAGE_NUMBER}$"
)
_LEADER_ENTRY = regex.compile(rf"{_LEADER}\s*+{_PAGE_NUMBER}$")
_ENTRY_HEAD = regex.compile(rf"^\s*{_ENTRY_NUMBERING}\s*")
_SENTENCE_PUNCT = regex.compile(r"[。；！？]")
_MAX_ENTRY = 60  # a longer line is prose: the body has started


def running_lines(pages: list[list[PageBlock]], heights: list[float]) -> set[tuple[int, int]]:
    """(page index, block index) of running headers/footers: margin lines that recur with
    their digits aside on at least half the pages (and on two at least)."""
    seen: Counter[str] = Counter()
    where: list[tuple[int, int, str]] = []
    for p, (blocks, height) in enumerate(zip(pages, heights, strict=True)):
        for b, block in enumerate(blocks):
            if block.rows is None and (
                block.top < height * _MARGIN or block.top > height * (1 - _MARGIN)
            ):
                shape = _DIGITS.sub("#", block.text.replace(" ", ""))
                where.append((p, b, shape))
    for shape in {(p, s) for p, _b, s in where}:
        seen[shape[1]] += 1
    needed = max(2, (len(pages) + 1) // 2)
    return {(p, b) for p, b, s in where if seen[s] >= needed}


def entry_title(text: str) -> str:
    """An entry's (or a heading's) title: numbering, leader and page number taken off."""
    text = _CONTENTS_ENTRY_TAIL.sub("", text.strip())
    return _ENTRY_HEAD.sub("", text).replace(" ", "")


def contents_lines(pages: list[list[PageBlock]]) -> set[tuple[int, int]]:
    """(page index, block index) of a table of contents: the 目录 line and its entries.

    On the contents page every following line is an entry until one is prose (sentence
    punctuation, or longer than an entry) or repeats an entry's title (the body's first
    heading); on the next pages the list goes on only through lines with a dotted leader
    and a page number.  Listed, the entries would become the document's section tree.
    """
    for p, blocks in enumerate(pages[:_CONTENTS_PAGES]):
        for b, block in enumerate(blocks):
            if block.rows is None and _CONTENTS_HEAD.match(block.text.strip()):
                return _entries_from(pages, p, b)
    return set()


def _entries_from(pages: list[list[PageBlock]], p: int, b: int) -> set[tuple[int, int]]:
    taken = {(p, b)}
    titles: set[str] = set()
    for i, block in enumerate(pages[p][b + 1 :], start=b + 1):
        text = block.text.strip()
        title = entry_title(text)
        if block.rows is not None or len(text) > _MAX_ENTRY or _SENTENCE_PUNCT.search(text):
            return taken
        if title in titles:
            return taken
        titles.add(title)
        taken.add((p, i))
    for q in range(p + 1, len(pages)):
        for i, block in enumerate(pages[q]):
            if block.rows is not None or not _LEADER_ENTRY.search(block.text.strip()):
                return taken
            taken.add((q, i))
    return taken


def page_title(glyphs: Sequence[Glyph], following: Sequence[Glyph] = ()) -> str | None:
    """The lines of largest type at the top of page 1 when clearly larger than the body
    (the commonest type of pages 1 and 2: a cover page may hold little but its title)."""
    sized = [g for g in glyphs if g.size > 0]
    if not sized:
        return None
    body = Counter(
        round(g.size) for g in (*sized, *following) if g.size > 0
    ).most_common(1)[0][0]
    big = max(g.size for g in sized)
    if big < body * _TITLE_RATIO:
        return None
    parts: list[str] = []
    for line in line_glyphs(sized):
        if max(g.size for g in line) >= big * 0.9:
            parts.append("".join(g.char for g in sorted(line, key=lambda g: g.x0)))
        elif parts:
            break  # the title is one run of large lines
    text = "".join(parts).replace(" ", "")
    return text if _HAN.search(text) else None


def write_pages(
    builder: TextBuilder, pages: list[list[PageBlock]], drop: set[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """Write the pages' blocks but those in ``drop``: a line per text line, a grid row per
    table row (page number kept), an empty line for a page left with nothing.  Returns the
    (start, end, confidence) of every OCR'd line and cell written."""
    spans: list[tuple[int, int, float]] = []
    for p, blocks in enumerate(pages):
        kept = [b for i, b in enumerate(blocks) if (p, i) not in drop]
        if not kept:
            builder.line("")
        for block in kept:
            if block.rows is None:
                start = builder.position
                builder.line(block.text)
                if block.confidence is not None:
                    spans.append((start, start + len(block.text), block.confidence))
                continue
            for r, cells in enumerate(block.rows):
                written = builder.row(
                    [text for text, _f, _l in cells],
                    page=p + 1,
                    columns=[(first, last) for _t, first, last in cells],
                    width=block.width,
                )
                if block.cell_confidence is not None:
                    for (_t, first, _l), score in zip(cells, block.cell_confidence[r],
                                                      strict=True):
                        cell = written[first]
                        if score is not None and cell.start >= 0:
                            spans.append((cell.start, cell.end, score))
            builder.end_table()
    return spans


def pages_text(
    pages: list[list[PageBlock]], heights: list[float]
) -> tuple[str, tuple[Table, ...], tuple[tuple[int, int, float], ...]]:
    """The pages' text, tables and OCR spans; running headers/footers and the contents
    left out."""
    builder = TextBuilder()
    spans = write_pages(builder, pages, running_lines(pages, heights) | contents_lines(pages))
    text, tables = builder.build()
    return text, tables, tuple(spans)

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
from dataclasses import dataclass
from functools import cache

import regex

from ..._data import load_table
from ...models import Table
from ._builder import TextBuilder
from .layout import Glyph, PageBlock, line_glyphs

__all__ = [
    "TITLE_PAGES",
    "PagesText",
    "body_parts",
    "contents_lines",
    "contents_parts",
    "entry_title",
    "page_issuer",
    "page_title",
    "pages_text",
    "running_lines",
    "write_pages",
]

_HAN = regex.compile(r"\p{Han}")
# the numerals of page and entry numbers: the plain digits (〇 一 … 九) with 十 and 百, read
# from the one numeral vocabulary (read/ sits beside text/, so it reads the data file itself)
_PAGE_NUMERALS = "".join(
    row["char"] for row in load_table("numerals.tsv")
    if row["form"] == "plain" and (row["kind"] == "digit" or row["value"] in ("10", "100"))
)
_DIGITS = regex.compile(rf"\d+|[{_PAGE_NUMERALS}]+")
_MARGIN = 0.09  # top and bottom share of the page where running headers/footers sit
TITLE_PAGES = 2  # the body type is measured on the first pages (their glyphs need sizes)
_TITLE_RATIO = 1.25  # title type is at least this much larger than the body's
# A table of contents: its heading, then entries (numbering, title, dotted leader, page number)
# up to the end of its page, continued on the next pages while every line has a leader.
_CONTENTS_HEAD = regex.compile(r"^(?:目\s*录|目\s*次)$")
_CONTENTS_PAGES = 3  # a contents list starts on one of the first pages
# A leader is a run of dots (two at least: ……, ⋯⋯, ··, .., or dots one space apart, ". . .")
# or of dashes (three at least: —— alone is the Chinese dash, 2021--2025 a range).  It starts
# only at the head of its run and is taken whole: one try per run, linear on a page-wide rule.
_DOT_CHARS = r"[.．…⋯·•・]"
_DASH_CHARS = r"[_\-—]"
_DOT_LEADER = rf"(?<!{_DOT_CHARS}\s?){_DOT_CHARS}(?:\s?{_DOT_CHARS})++"
_DASH_LEADER = rf"(?<!{_DASH_CHARS}){_DASH_CHARS}{{3,}}+"
_LEADER = rf"(?:{_DOT_LEADER}|{_DASH_LEADER})"
_PAGE_NUMBER = r"(?:\d{1,3}|[—\-]\s*\d{1,3}\s*[—\-])"
_ENTRY_NUMERAL = rf"[{_PAGE_NUMERALS}\d]"
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
_CENTRED = 0.05  # a centred line's middle is within this share of the page width of its middle
_MAX_LABEL = 8  # a cover's field label (预算主管部门) is at most this long
_MAX_ISSUER = 40
_DIGIT = regex.compile(r"\d")
_MIN_HELD_TITLE = 4  # an entry's words after its holder word: fewer (预算表) end table titles too
_CHINESE_NUMERAL = regex.compile(rf"[{_PAGE_NUMERALS}]+")
_ARABIC = regex.compile(r"\d+")


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


def _numbering_shape(text: str) -> str:
    """An entry's numbering with its numerals generalised: 一、 and 九、 alike, 1. apart."""
    m = _ENTRY_HEAD.match(text.strip())
    return _ARABIC.sub("9", _CHINESE_NUMERAL.sub("九", m.group(0).strip())) if m else ""


def contents_parts(pages: list[list[PageBlock]], contents: set[tuple[int, int]]) -> list[str]:
    """The titles of the contents list's outermost entries: those numbered like its first
    entry (一、 二、 …, not the 1. 2. of the tables listed under 五、), numbering, leader and
    page number taken off."""
    entries = [pages[p][b].text for p, b in sorted(contents)][1:]  # the 目录 line first
    if not entries:
        return []
    shape = _numbering_shape(entries[0])
    return [title for text in entries
            if _numbering_shape(text) == shape and len(title := entry_title(text)) >= 2]


@cache
def _holders() -> tuple[str, ...]:
    return tuple(row["word"] for row in load_table("contents_holders.tsv"))


def _names_part(line: str, title: str) -> bool:
    """Whether a body line is the heading of the contents entry ``title``: the same words,
    or (the entry starting with a holder word, 单位主要职能) the holder named in full
    (上海市普陀区社会福利院主要职能)."""
    if line == title:
        return True
    for word in _holders():
        rest = title[len(word):]
        if title.startswith(word) and len(rest) >= _MIN_HELD_TITLE and line.endswith(rest):
            return len(line) > len(rest)
    return False


def body_parts(
    pages: list[list[PageBlock]], drop: set[tuple[int, int]], parts: list[str]
) -> tuple[str, ...]:
    """The body lines that head the contents list's outermost entries, in page order: a
    short line of its own (no sentence punctuation, not a table row) naming an entry.
    The section splitter takes them as the document's parts; each entry heads once."""
    left = list(parts)
    found: list[str] = []
    for p, blocks in enumerate(pages):
        for b, block in enumerate(blocks):
            if block.rows is not None or (p, b) in drop:
                continue
            line = block.text.strip().replace(" ", "")
            if len(line) > _MAX_ENTRY or _SENTENCE_PUNCT.search(line):
                continue
            named = next((title for title in left if _names_part(line, title)), None)
            if named is not None:
                found.append(block.text.strip())
                left.remove(named)
                if not left:
                    return tuple(found)
    return tuple(found)


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


def _title_run(
    glyphs: Sequence[Glyph], following: Sequence[Glyph]
) -> tuple[list[list[Glyph]], int, int, int] | None:
    """Page 1's lines (visible, sized glyphs), the first and past-last index of its run of
    largest type, when that type is clearly larger than the body (the commonest type of
    pages 1 and 2: a cover page may hold little but its title), and the body's type."""
    sized = [g for g in glyphs if g.size > 0]
    if not sized:
        return None
    body = Counter(
        round(g.size) for g in (*sized, *following) if g.size > 0
    ).most_common(1)[0][0]
    big = max(g.size for g in sized)
    if big < body * _TITLE_RATIO:
        return None
    lines = line_glyphs(sized)
    first = last = None
    for i, line in enumerate(lines):
        if max(g.size for g in line) >= big * 0.9:
            if first is None:
                first = i
            last = i + 1
        elif first is not None:
            break  # the title is one run of large lines
    assert first is not None and last is not None  # the largest glyph is on some line
    return lines, first, last, body


def _line_string(line: Sequence[Glyph]) -> str:
    return "".join(g.char for g in sorted(line, key=lambda g: g.x0)).replace(" ", "")


def page_title(glyphs: Sequence[Glyph], following: Sequence[Glyph] = ()) -> str | None:
    """The lines of largest type at the top of page 1 when clearly larger than the body
    (the commonest type of pages 1 and 2: a cover page may hold little but its title)."""
    run = _title_run(glyphs, following)
    if run is None:
        return None
    lines, first, last, _body = run
    text = "".join(_line_string(line) for line in lines[first:last])
    return text if _HAN.search(text) else None


def page_issuer(
    glyphs: Sequence[Glyph], following: Sequence[Glyph] = (), *, width: float
) -> str | None:
    """The issuer a cover prints under its title: the line right below the title run,
    centred on the page, short and no sentence, labelled (预算主管部门：…, 预算单位：…, the
    label left out) or in type larger than the body's.  None when page 1 has no title run."""
    run = _title_run(glyphs, following)
    if run is None:
        return None
    lines, _first, last, body = run
    if last >= len(lines):
        return None
    line = lines[last]
    middle = (min(g.x0 for g in line) + max(g.x1 for g in line)) / 2
    if abs(middle - width / 2) > width * _CENTRED:
        return None
    text = _line_string(line)
    label, colon, value = text.partition("：") if "：" in text else text.partition(":")
    if colon:
        if len(label) > _MAX_LABEL or _DIGIT.search(label):
            return None
        text = value
    elif max(g.size for g in line) <= body:
        return None  # a body line (本报告由…) after the title
    if len(text) > _MAX_ISSUER or _SENTENCE_PUNCT.search(text) or len(_HAN.findall(text)) < 2:
        return None
    return text


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


@dataclass(frozen=True, slots=True)
class PagesText:
    """What a fixed-layout document's pages give: text, tables, OCR spans (start, end,
    confidence) and the body lines heading the contents list's entries (``parts``)."""

    text: str
    tables: tuple[Table, ...]
    spans: tuple[tuple[int, int, float], ...]
    parts: tuple[str, ...]


def pages_text(pages: list[list[PageBlock]], heights: list[float]) -> PagesText:
    """The pages' text, tables, OCR spans and contents parts; running headers/footers and
    the contents left out."""
    builder = TextBuilder()
    contents = contents_lines(pages)
    drop = running_lines(pages, heights) | contents
    spans = write_pages(builder, pages, drop)
    text, tables = builder.build()
    parts = body_parts(pages, drop, contents_parts(pages, contents))
    return PagesText(text, tables, tuple(spans), parts)

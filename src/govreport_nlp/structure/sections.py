"""The heading tree of a report, with each part mapped to the standard parts of its genre.

``split_sections(text, genre)`` scans the text paragraph by paragraph (a paragraph starts after
a newline, or after two or more spaces following a sentence end, which is how one-line texts
from data sets mark paragraphs) and tries one compiled alternation of numbering styles at each
paragraph start.  The numbering styles, the template-table row labels that are never headings
and the words that end an unnumbered heading live in ``data/heading_patterns.tsv``; the
canonical part keys in ``data/section_keys.tsv``.

Unnumbered headings are found two ways.  Anywhere, a short standalone line naming a standard
part (基本情况, 过去五年的回顾).  In a *blank-line layout* — a text where most paragraphs are
followed by a blank line, as in the Wikisource national work reports 1955-2024 — also any
unindented line of at most ``MAX_STANDALONE_TITLE`` characters without sentence punctuation
(。！？；：), after a blank line and before a blank line or an indented paragraph, between the
first sentence end (the salutation 各位代表：) and the last one (so no title block, byline or
date line), and not a salutation, date or byline (``not_standalone`` rows): 关于国内建设,
结束语, 五年来，外交工作开创新局面.  On such a line ``第一，`` and a bare ``一`` count as
numbering.  Bold lead sentences that open a paragraph (必须坚持两手抓的战略方针。 followed by
the rest of the paragraph on the next line) are not headings.  The disclosure reports and the
docx/PDF extractions are no blank-line layouts, so this rule never applies to them.  Where
these headings sit in the tree is decided by position (see :func:`_levels`): 结束语 is level 1;
one inside a numbered run (二、 … 关于教育改革问题 … 三、) or with a comma is one level below
the heading before it; others are parts at level 1, and two or more parts hold the numbered
headings between them one level down (1984: 关于国内建设 › 一、…八、, 关于外交工作, 结束语).

Conventions of the returned :class:`~govreport_nlp.models.Section` objects:

* ``level``: 1 is outermost.  Levels come from the order numbering styles first appear in the
  document (the first style seen is level 1, a new style below it is level 2, …), so a report
  that nests ``1.`` above ``（一）`` gets that nesting.  ``一是…`` paragraphs of work reports are
  always one level below their enclosing heading.
* ``number``: the bare numeral as printed, without brackets or separator: ``一`` for ``一、``,
  ``（一）`` and ``一是``; ``1`` for ``1.`` and ``（1）``; ``①``; ``一`` for ``第一部分``;
  ``None`` for an unnumbered heading.
* ``title``: as printed, without numbering and trailing punctuation; for a run-in heading
  (``（二）依申请公开情况。全年共受理…``) the text up to the first full stop; a heading broken
  over two lines by PDF extraction is joined without the line break.
* ``start``: where the heading (its numbering) starts; ``title_start``: where the title text
  starts; ``end``: the start of the next heading of the same or a higher level, or the end of
  the text.  Sections of one level tile their parent from the first child on; the text before
  the first heading (title block, salutation) is not a section.
* ``key``: the canonical part (``overview``, ``requests``, …, ``review``, ``tasks``) when the
  title names one.  In disclosure reports only level-1 sections get keys, because their
  subsections reuse the same words (总体情况 › 主动公开情况).

>>> text = "一、总体情况\\n全年公开120条。\\n（一）主动公开情况。共100条。\\n二、其他需要报告的事项"
>>> for s in split_sections(text):
...     print([(c.level, c.number, c.title, c.key) for c in s.walk()])
[(1, '一', '总体情况', 'overview'), (2, '一', '主动公开情况', None)]
[(1, '二', '其他需要报告的事项', 'other')]
>>> split_sections("全年没有收到申请。")
()
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from .._data import load_table
from ..models import Genre, Section
from ..text.normalise import to_simplified
from ..text.numerals import COUNTING_NUMERALS, read_whole
from .meta import detect_genre

__all__ = ["numeral_value", "section_key", "split_sections"]

# A run-in title (heading followed by body text on the same line) longer than this is a list
# item whose first sentence happens to be long, not a heading.
MAX_RUNIN_TITLE = 60
# A heading on its own line is at most this long (longer lines are body paragraphs).
MAX_OWNLINE_TITLE = 80
# Unnumbered headings are short standalone lines naming a standard part.
MAX_PLAIN_TITLE = 24
# A PDF-wrapped line is "full" when it is at least this share of the document's wrap width.
WRAP_FULL_SHARE = 0.9
# A heading broken over two lines continues on a next line at most this long (stripped).
CONTINUATION_LIMIT = 30
# Blank-line layouts (Wikisource work reports): a text is one when at least this share of its
# non-blank lines is followed by a blank line (1955-2024 national reports: 0.64-1.00; docx and
# PDF extractions, disclosure reports: at most 0.42) and it has this many non-blank lines.
BLANK_LAYOUT_SHARE = 0.6
BLANK_LAYOUT_MIN_LINES = 4
# A standalone heading line of such a layout is at most this long: the corpus's standalone
# lines without sentence punctuation run to 46 characters (1988: 五年来，在经济体制改革带动下，
# …日益显示出重大作用); longer ones are paragraph fragments left by link markup.
MAX_STANDALONE_TITLE = 50

# Flattened text (crawled pages whose paragraphs were joined into one line): a line at least
# this long holding two parts in sequence (see FLAT_PART_RANK) is read for headings inside
# it.  Paragraphs of the corpus reach 1 760 characters and some enumerate 1.… 2.…, but none
# holds two consecutive parts.
FLAT_LINE_MIN = 300
# A heading run into its flattened line ends at a space, a sentence stop or the next marker
# within this many characters, or at the end of a standard part's title.
MAX_FLAT_TITLE = MAX_RUNIN_TITLE
# Styles of this rank or shallower (第一部分, 一、, （一）) mark the parts of a flattened report.
FLAT_PART_RANK = 3
# A standard part's title run into its body is extended to a longer reading of it (工作 ->
# 工作回顾, 问题 -> 问题及改进情况) over at most this many more characters.
MAX_TITLE_EXTENSION = 6
# The numbering styles that open run-in headings in flattened text (一是 opens list items
# inside paragraphs, ① enumerations inside sentences).
RUNIN_STYLES = frozenset(
    {"part", "chapter", "cn_dun", "cn_paren", "digit_dun", "digit_dot", "digit_paren"}
)

# Styles of this conventional rank or shallower (第一部分, 一、) are never nested under a deeper
# style that happened to appear first.
OUTERMOST_RANK = 2

_SPACE = " \t\u3000\u00a0\u200b\ufeff"
_TERMINATORS = "。！？：:"
_TRAILING_PUNCT = "。！？：:；;，,、.． \t\u3000"

# Paragraph starts: text start, after a newline, after 2+ spaces that follow a sentence end, or
# after two ideographic spaces (one-line texts from data sets separate paragraphs with "　　").
# (spaces before the ideographic ones are taken from the head of their run only: the same
# leftmost match, in linear time on a long run of spaces)
_PARAGRAPH_OPENINGS = r"\n|(?<=[。！？：；”」])[ \u3000]{2,}|(?<![ ])[ ]*\u3000{2,}"
_PARAGRAPH_INDENT = r"[ \t\u3000\u00a0\u200b\ufeff]*(?:\#{1,6}[ \t]+)?"
_PARAGRAPH_START = regex.compile(rf"(?:\A|{_PARAGRAPH_OPENINGS}){_PARAGRAPH_INDENT}")
# the same without the text start, and the characters any of its matches starts with
_PARAGRAPH_START_INSIDE = regex.compile(rf"(?:{_PARAGRAPH_OPENINGS}){_PARAGRAPH_INDENT}")
_PARAGRAPH_OPENING_CHAR = regex.compile(r"[\n \u3000]")
# A table row or trailing run of numeric cells: such a line is a template-table row, not a
# heading ("（一）予以公开 50 0 0 0 0 0 50", "| 2.重复申请 | 16 | 0 |").
# (the look-behind starts a match only at the head of a separator run: the same leftmost
# match, in linear time on long runs of spaces)
_NUMERIC_CELLS_TAIL = regex.compile(r"(?<![\s　|])(?:[\s　|]+[-\d.,，%]+){2,}[\s|]*$")
_ROW_NUMBER = r"\d.,%"  # characters of a number in a table row (the class's contents)
_ROW_SEPARATOR = r"\s　|:\-"  # characters between a row's numbers
_NUMERIC_ROW = regex.compile(
    rf"^[{_ROW_SEPARATOR}]*(?:[{_ROW_NUMBER}]+[{_ROW_SEPARATOR}]+){{1,}}[{_ROW_NUMBER}]*[\s|]*$")
# _NUMERIC_ROW matches a line exactly when the line holds nothing but number and separator
# characters and a number character is followed by a separator somewhere (see _Ahead)
_NOT_ROW_CHAR = regex.compile(rf"[^{_ROW_NUMBER}{_ROW_SEPARATOR}]")
_ROW_NUMBER_THEN_SEPARATOR = regex.compile(rf"[{_ROW_NUMBER}](?=[{_ROW_SEPARATOR}])")
# the characters a match of _NUMERIC_CELLS_TAIL is made of
_CELLS_TAIL_CHARS = regex.compile(r"[\s　|\-\d.,，%]*+")
_INNER_PUNCT = regex.compile(r"[，。；：:！？,;]")
_NOT_PLAIN_TITLE = regex.compile(r"[\s\d|#]")  # spaces, digits, table or Markdown marks
_PLAIN_TITLE = regex.compile(r"[\p{Han}、“”\"（）()]+")
# A standalone heading has no sentence punctuation at all (bold lead sentences "必须坚持两手抓
# 的战略方针。" open their paragraph and end with a full stop).
_SENTENCE_PUNCT = regex.compile(r"[。！？；：:;!?]")
_SENTENCE_END_AT_EOL = regex.compile(r"[。！？：:!?][ \t\u3000\r]*(?:\n|\Z)")
_HAN = regex.compile(r"\p{Han}")
_ANY_SPACE = regex.compile(r"\s")
# Only these count as blank: a line holding a zero-width space is a link-markup fragment joint.
_BLANK_CHARS = " \t\r\u3000"
# A standalone unnumbered heading with a comma reads as a sentence: a subhead, not a part.
_SUBHEAD_COMMA = regex.compile(r"[，,]")


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    rank: int


@dataclass(slots=True)
class _Heading:
    start: int
    title_start: int
    title: str
    number: str | None
    style: str
    value: int
    level: int = 0


@dataclass(frozen=True, slots=True)
class _Patterns:
    marker: regex.Pattern[str]
    styles: dict[str, _Style]
    reject: regex.Pattern[str]
    plain_end: regex.Pattern[str]
    standalone: regex.Pattern[str]
    not_standalone: regex.Pattern[str]


@cache
def _patterns() -> _Patterns:
    rows = load_table("heading_patterns.tsv")
    numerals = {r["name"]: r["fragment"] for r in rows if r["kind"] == "numeral"}
    alternatives: list[str] = []
    styles: dict[str, _Style] = {}
    rejects: list[str] = []
    plain_ends: list[str] = []
    standalone: list[str] = []
    not_standalone: list[str] = []
    for row in rows:
        fragment = row["fragment"]
        for name, numeral in numerals.items():
            fragment = fragment.replace("{" + name + "}", numeral)
        if row["kind"] in ("style", "standalone"):
            fragment = fragment.replace("(?P<num>", f"(?P<num_{row['name']}>")
            target = alternatives if row["kind"] == "style" else standalone
            target.append(f"(?P<{row['name']}>{fragment})")
            styles[row["name"]] = _Style(row["name"], int(row["rank"]))
        elif row["kind"] == "not_standalone":
            not_standalone.append(f"(?:{fragment})")
        elif row["kind"] == "reject":
            rejects.append(f"(?:{fragment})")
        elif row["kind"] == "plain_end":
            plain_ends.append(f"(?:{fragment})")
    return _Patterns(
        marker=regex.compile("|".join(alternatives)),
        styles=styles,
        reject=regex.compile("|".join(rejects)),
        plain_end=regex.compile("(?:" + "|".join(plain_ends) + r")$"),
        standalone=regex.compile("|".join(standalone)),
        not_standalone=regex.compile("|".join(not_standalone)),
    )


@cache
def _key_rules() -> tuple[tuple[str, Genre, regex.Pattern[str]], ...]:
    return tuple(
        (row["key"], Genre(row["genre"]), regex.compile(row["pattern"]))
        for row in load_table("section_keys.tsv")
    )


_SPACES = regex.compile(r"\s+")


def section_key(title: str, genre: Genre | None) -> str | None:
    """The canonical part a heading names, or None.

    >>> section_key("依申请公开政府信息情况", Genre.INFO_DISCLOSURE)
    'requests'
    >>> section_key("2024年工作回顾", Genre.WORK_REPORT)
    'review'
    >>> section_key("加快建设现代化产业体系", Genre.WORK_REPORT) is None
    True
    """
    return _section_key(title, genre)


def _section_key(title: str, genre: Genre | None) -> str | None:
    compact = to_simplified(_SPACES.sub("", title))
    for key, key_genre, pattern in _key_rules():
        if genre not in (None, Genre.OTHER) and key_genre is not genre:
            continue
        if pattern.search(compact):
            return key
    return None


def numeral_value(numeral: str) -> int:
    """The integer a heading numeral stands for.

    >>> [numeral_value(n) for n in ("三", "十", "十二", "二十一", "7", "③")]
    [3, 10, 12, 21, 7, 3]
    """
    if len(numeral) == 1 and "①" <= numeral <= "⑳":
        return ord(numeral) - ord("①") + 1
    try:
        return read_whole(numeral)
    except ValueError:
        return 0


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The width PDF extraction wrapped the text at, when most long lines share one width."""
    lengths = [len(line.strip(_SPACE)) for line in lines]
    long = [n for n in lengths if n >= 15]
    if len(long) < 8:
        return None
    counts: dict[int, int] = {}
    for n in long:
        counts[n] = counts.get(n, 0) + 1
    best = max(counts, key=lambda n: counts.get(n - 1, 0) + counts[n] + counts.get(n + 1, 0))
    share = (counts.get(best - 1, 0) + counts[best] + counts.get(best + 1, 0)) / len(long)
    return best if share >= 0.3 else None


def _inside_quote(text: str, pos: int) -> bool:
    """True when ``pos`` is inside an unclosed 《…》 (a quoted document title spanning lines)."""
    window = text[max(0, pos - 120) : pos]
    return window.rfind("《") > window.rfind("》")


def _balanced(title: str) -> bool:
    return title.count("（") + title.count("(") == title.count("）") + title.count(")") and (
        title.count("《") == title.count("》")
    )


# Lines up to this long are sliced and matched as they are; longer ones are read in place.
SHORT_LINE = 256


class _Forward:
    """The first match of a pattern at or after a position, remembered: the answer for one
    position holds for every position up to it, so candidates asking in text order scan
    the text once in all (``reach``: how far past its start a match may look ahead)."""

    __slots__ = ("_asked", "_found", "_pattern", "_reach", "_text")

    def __init__(self, pattern: regex.Pattern[str], text: str, reach: int = 0) -> None:
        self._pattern, self._text, self._reach = pattern, text, reach
        self._asked, self._found = len(text) + 1, len(text)  # nothing known yet

    def first(self, pos: int) -> int:
        """Where the first match at or after ``pos`` starts (the text's length if none)."""
        if self._asked <= pos <= self._found:
            return self._found
        if pos < self._asked <= len(self._text):  # scan only up to what is known
            m = self._pattern.search(self._text, pos, self._asked + self._reach)
            if m is not None and m.start() < self._asked:
                self._found = m.start()
            self._asked = pos
            return self._found
        m = self._pattern.search(self._text, pos)
        self._asked, self._found = pos, (m.start() if m is not None else len(self._text))
        return self._found


class _Ahead:
    """What follows a heading candidate, read without copying the rest of the text.

    A text without newlines (one-line texts of data sets, paragraphs separated by "　　") is
    one long line: finding its end, slicing it and matching it again for every candidate
    would cost the square of its length.  The newlines are found once; a long line is
    matched in place, through scans that each pass over the text once (:class:`_Forward`).
    Every answer equals what slicing the line and matching the slice gives.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.content_end = len(text.rstrip())
        self._newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self._not_row = _Forward(_NOT_ROW_CHAR, text)
        self._row_boundary = _Forward(_ROW_NUMBER_THEN_SEPARATOR, text, reach=1)
        self._full_stop = _Forward(_FULL_STOP, text)
        self._content_ends: dict[tuple[int, str], int] = {}

    def line_end(self, pos: int) -> int:
        """The first newline at or after ``pos`` (the text's length when none)."""
        k = bisect.bisect_left(self._newlines, pos)
        return self._newlines[k] if k < len(self._newlines) else len(self.text)

    def next_line(self, end: int) -> tuple[int, int]:
        """Bounds of the line after the line ending at ``end``."""
        if end >= len(self.text):
            return len(self.text), len(self.text)
        return end + 1, self.line_end(end + 1)

    def stripped(self, lo: int, hi: int, chars: str) -> tuple[int, int]:
        """Bounds of ``text[lo:hi].strip(chars)``."""
        lead, _ = _STRIPS[chars]
        start = lead.match(self.text, lo, hi).end()  # type: ignore[union-attr]
        key = (hi, chars)
        end = self._content_ends.get(key)
        if end is None:
            _, last = _STRIPS[chars]
            m = last.search(self.text, 0, hi)
            end = self._content_ends[key] = m.end() if m is not None else 0
        return start, max(start, end)

    def short_line(self, lo: int, hi: int, limit: int) -> str:
        """``text[lo:hi].strip(_SPACE)`` when at most ``limit`` long, else ""."""
        start, end = self.stripped(lo, hi, _SPACE)
        return self.text[start:end] if end - start <= limit else ""

    def numeric_row(self, lo: int, hi: int) -> bool:
        """``bool(_NUMERIC_ROW.match(text[lo:hi]))`` for a span without newlines."""
        if hi - lo <= SHORT_LINE:
            return _NUMERIC_ROW.match(self.text[lo:hi]) is not None
        if self._not_row.first(lo) < hi:
            return False
        return self._row_boundary.first(lo) + 1 < hi

    def cells_tail(self, lo: int, hi: int) -> bool:
        """``bool(_NUMERIC_CELLS_TAIL.search(text[lo:hi]))`` for a span without newlines.

        A match found in the last SHORT_LINE characters is a match of the whole span (its
        first separator run may go on to the left); none found there is none at all unless
        those characters are all of the kinds a match is made of."""
        if hi - lo <= SHORT_LINE:
            return _NUMERIC_CELLS_TAIL.search(self.text[lo:hi]) is not None
        window = hi - SHORT_LINE
        if _NUMERIC_CELLS_TAIL.search(self.text[window:hi]) is not None:
            return True
        if _CELLS_TAIL_CHARS.match(self.text, window, hi).end() < hi:  # type: ignore[union-attr]
            return False
        return _NUMERIC_CELLS_TAIL.search(self.text[lo:hi]) is not None

    def has_full_stop(self, lo: int, hi: int) -> bool:
        return self._full_stop.first(lo) < hi


_NEWLINE = regex.compile(r"\n")
_FULL_STOP = regex.compile(r"。")
# strip(chars) in place: the run of chars at a line's start, the last other character
_STRIPS = {
    chars: (regex.compile(f"[{regex.escape(chars)}]*+"),
            regex.compile(f"[^{regex.escape(chars)}]", flags=regex.REVERSE))
    for chars in (_SPACE, _SPACE + "\r")
}


def _line_end(ahead: _Ahead, pos: int, para_starts: Sequence[int], index: int) -> int:
    end = ahead.line_end(pos)
    if index + 1 < len(para_starts):
        end = min(end, para_starts[index + 1])
    return end


def _paragraph_start_ends(text: str) -> list[int]:
    """The ends of the matches of ``_PARAGRAPH_START.finditer(text)``, in order.

    That scan tries the pattern at every position, and no position can be skipped by a
    literal: slow on long texts.  But after the text start a match can only begin at a
    newline or a space, so the pattern is tried there alone, each time from the end of the
    match before, as ``finditer`` does.  At the start, an empty match (``\\A`` alone) is
    followed by a non-empty one at the same place when there is one (``finditer``'s rule
    for empty matches).
    """
    ends: list[int] = []
    first = _PARAGRAPH_START.match(text)
    assert first is not None  # \A always matches
    ends.append(first.end())
    cursor = first.end()
    if cursor == 0:
        inside = _PARAGRAPH_START_INSIDE.match(text)
        if inside is not None:
            ends.append(inside.end())
        cursor = inside.end() if inside is not None else 1
    match = _PARAGRAPH_START_INSIDE.match
    for c in _PARAGRAPH_OPENING_CHAR.finditer(text, cursor):
        pos = c.start()
        if pos < cursor:
            continue
        m = match(text, pos)
        if m is not None:
            ends.append(m.end())
            cursor = m.end()
    return ends


def _part_heading(pos: int, line: str, parts: frozenset[str]) -> _Heading | None:
    """A line a fixed-layout reader found heading an entry of the document's table of
    contents (部门主要职能): a part of the document, placed like a blank-line layout's
    standalone heading."""
    title = line.rstrip(_SPACE + "\r")
    if _SPACES.sub("", title) not in parts:
        return None
    return _Heading(start=pos, title_start=pos, title=title, number=None, style="blank", value=0)


def _candidates(
    text: str,
    genre: Genre | None,
    parts: frozenset[str] = frozenset(),
    in_table: Callable[[int], bool] | None = None,
) -> list[_Heading]:
    pats = _patterns()
    starts: list[int] = []
    for end in _paragraph_start_ends(text):
        if end < len(text) and text[end] not in "\n\r":
            if not starts or starts[-1] != end:
                starts.append(end)
    lines = text.split("\n")
    wrap = _wrap_width(lines)
    layout = _blank_layout(text, lines)
    is_disclosure = genre is Genre.INFO_DISCLOSURE
    ahead = _Ahead(text)
    out, flat_lines = _runin_headings(text, genre, ahead)
    for i, pos in enumerate(starts):
        if flat_lines and _within(flat_lines, pos):
            continue  # read by _runin_headings
        end = _line_end(ahead, pos, starts, i)
        line = text[pos:end].rstrip("\r" + _SPACE)
        if not line or "|" in line or (in_table is not None and in_table(pos)):
            continue
        m = pats.marker.match(text, pos, end)
        if m is None:
            heading = _part_heading(pos, line, parts) if parts else None
            if heading is None and layout is not None:
                heading = _standalone_heading(text, pos, line, layout)
            if heading is None:
                heading = _plain_heading(ahead, pos, line, end, genre)
            if heading is not None:
                out.append(heading)
            continue
        style = m.lastgroup
        assert style is not None
        numeral = m.group(f"num_{style}")
        rest = text[m.end() : pos + len(line)]
        if not rest.strip(_SPACE) or _inside_quote(text, pos):
            continue
        if _NUMERIC_CELLS_TAIL.search(rest) or ahead.numeric_row(*ahead.next_line(end)):
            continue
        title, runin = _title_of(rest, ahead, end, wrap, len(line))
        if title is None:
            continue
        if style == "shi":
            if genre is not Genre.WORK_REPORT:
                continue
            # own-line form ("一是聚焦扩大内需，着力提消费促投资") has no closing punctuation;
            # "一是加强监管；" on its own line is a list item
            if not runin and rest.rstrip(_SPACE + "\r").endswith(("；", ";", "。", "，")):
                continue
            # a one-sentence list item ("一是加强监管；") is not a section
            if runin and not _has_more_text(text, m.end() + len(title), end):
                continue
        if len(title) < 2 or ((is_disclosure or genre is None) and pats.reject.match(title)):
            continue
        if not _balanced(title) or title.endswith(("，", ",", "、", "——")):
            continue
        sentence_body = runin and "。" in rest
        if not sentence_body and section_key(title, genre) is None and _table_follows(ahead, end):
            continue
        out.append(
            _Heading(
                start=pos,
                title_start=m.end(),
                title=title,
                number=numeral,
                style=style,
                value=numeral_value(numeral),
            )
        )
    if flat_lines:
        out.sort(key=lambda h: h.start)
    return out


def _within(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, disjoint ``spans`` (ends included)."""
    k = bisect.bisect_right([lo for lo, _ in spans], pos) - 1
    return k >= 0 and pos <= spans[k][1]


def _table_follows(ahead: _Ahead, end: int, lines_ahead: int = 4) -> bool:
    """True when a table row (pipe row or a run of numeric cells) follows within a few lines,
    before any sentence: the candidate is then a row label or a column header of a table."""
    text = ahead.text
    pos = end
    seen = 0
    while seen < lines_ahead and pos < len(text):
        newline = ahead.line_end(pos + 1)
        start, stop = ahead.stripped(pos + 1, newline, _SPACE + "\r")
        pos = newline
        if start == stop:
            continue
        seen += 1
        if ahead.has_full_stop(start, stop):
            return False
        if (text[start] == "|" or ahead.numeric_row(start, stop)
                or ahead.cells_tail(start, stop)):
            return True
    return False


def _has_more_text(text: str, title_end: int, line_end: int) -> bool:
    tail = text[title_end + 1 : line_end].strip(_SPACE + _TRAILING_PUNCT)
    return bool(tail)


def _title_of(
    rest: str, ahead: _Ahead, line_end: int, wrap: int | None, line_len: int
) -> tuple[str | None, bool]:
    """(title, run_in) of a numbered line, or (None, False) when it is not a heading."""
    stripped = rest.lstrip(_SPACE)
    lead = len(rest) - len(stripped)
    cut = next((k for k, ch in enumerate(stripped) if ch in _TERMINATORS), -1)
    if cut >= 0:
        title = stripped[:cut].rstrip(_SPACE + _TRAILING_PUNCT)
        body = stripped[cut + 1 :].strip(_SPACE)
        if cut > MAX_RUNIN_TITLE:
            return None, False
        if "；" in title:
            return None, False
        return title, bool(body)
    title = stripped.rstrip(_SPACE + _TRAILING_PUNCT)
    if len(title) > MAX_OWNLINE_TITLE or "；" in title:
        return None, False
    # Heading broken over two lines by PDF extraction: a full-width line (or one with an open
    # bracket) continued by a short line that ends the title.
    nxt = ahead.short_line(*ahead.next_line(line_end), CONTINUATION_LIMIT)
    full = wrap is not None and line_len >= WRAP_FULL_SHARE * wrap
    if nxt and (full or not _balanced(title)):
        cut2 = next((k for k, ch in enumerate(nxt) if ch in _TERMINATORS), -1)
        piece = nxt if cut2 < 0 else nxt[:cut2]
        if not _INNER_PUNCT.search(piece.rstrip(_TRAILING_PUNCT)) or not _balanced(title):
            joined = (title + piece).rstrip(_SPACE + _TRAILING_PUNCT)
            if _balanced(joined) or not _balanced(title):
                title = joined
    del lead
    return title, False


def _plain_heading(
    ahead: _Ahead, pos: int, line: str, end: int, genre: Genre | None
) -> _Heading | None:
    """A short standalone line naming a standard part (基本情况, 过去五年的回顾)."""
    title = line.rstrip(_SPACE)
    if not (2 <= len(title) <= MAX_PLAIN_TITLE) or _INNER_PUNCT.search(title):
        return None
    # a year may open the title (2024年工作回顾, 2026年重点工作); no other digit may stand in it
    words = title[m.end():] if (m := _YEAR_OPENING.match(title)) else title
    if _NOT_PLAIN_TITLE.search(words) or not _PLAIN_TITLE.fullmatch(words):
        return None
    if end >= ahead.content_end or _inside_quote(ahead.text, pos):
        return None
    if section_key(title, genre) is None or not _patterns().plain_end.search(title):
        return None
    if _table_follows(ahead, end):
        return None
    return _Heading(start=pos, title_start=pos, title=title, number=None, style="plain", value=0)


# --------------------------------------------------------------------------- run-in headings
# Where a heading may open inside a flattened line: after a sentence stop (spaces allowed) or
# after a run of spaces (the joint of two paragraphs), before a numeral or bracket.  A run of
# spaces is taken from its start only, so a long run costs one pass, not one per space.
# A table flattened before the heading leaves its last number right against the marker
# (…性收费7730.28三、收到和处理…).
_GAP = r"[ \t\u3000\u00a0]"
_AFTER_STOP_OR_GAP = rf"(?:[。！？；：:!?]{_GAP}*+|(?<!{_GAP}){_GAP}++)"
# A sub-heading may follow its part's title directly (二、主动公开政府信息情况（一）…), but
# not inside a citation (第二十条第（一）项).
_PAGE_NUMBER = r"[-—－][ \t]*[0-9]{1,3}[ \t]*[-—－]"
# Every alternative below is followed by a stop, a gap, a numeral or a bracket, so a position
# whose character is none of them is passed over before any look-behind is tried (the
# look-behinds at every character of a report cost more than the rest of the section split).
_RUNIN_FIRST = rf"(?=[。！？；：:!?|｜\-—－ \t\u3000\u00a0{COUNTING_NUMERALS}第（(0-9])"
_RUNIN_OPENING = regex.compile(
    rf"{_RUNIN_FIRST}(?:"
    rf"{_AFTER_STOP_OR_GAP}(?=[{COUNTING_NUMERALS}第（(0-9])"
    rf"|(?<=[0-9%])(?=[{COUNTING_NUMERALS}第])"
    rf"|(?<=\p{{Han}})(?<!第)(?=[（(][{COUNTING_NUMERALS}]{{1,3}}[）)])"
    # a numbered point right after its heading's title, the space between them normalised
    # away (（二）改进措施1、继续加大…), not a cited item (表1、, 第1、2项, 附件1、)
    rf"|(?<=\p{{Han}})(?<![第表图件款项条号])(?=[0-9]{{1,2}}、)"
    # after a flattened table's last border or a page number (…| 0 |三、…, - 2 -（三）…)
    rf"|(?:(?<=[|｜])|(?<={_PAGE_NUMBER})){_GAP}*+(?=[{COUNTING_NUMERALS}第（(])"
    r")"
)
_RUNIN_TITLE_STOP = regex.compile(rf"(?:{_GAP}|[。！？：:；;（(0-9|｜])")
_LIST_STOP = "；;"
_SENTENCE_STOPS = "。！？：:；;"
_COMMA = regex.compile(r"[，,]")
# a count inside a span (…公开属性审查166件): a sentence, not a title
_COUNT_INSIDE = regex.compile(r"(?<=.)(?<![0-9.])[0-9]+(?:\.[0-9]+)?[\p{Han}%]")
_YEAR_OPENING = regex.compile(r"(?<![0-9])[12][0-9]{3}[ \t]*年")
_PLAIN_OPENING = regex.compile(rf"{_AFTER_STOP_OR_GAP}(?=\p{{Han}})")
# an unnumbered title's characters, up to the marker of a numbered heading after it
_PLAIN_SPAN = regex.compile(
    rf"(?:(?![{COUNTING_NUMERALS}]{{1,3}}、|[（(][ \t]*+[{COUNTING_NUMERALS}0-9])"
    r"[\p{Han}、“”\"（）()])++"
)
_CONJUNCTION = "及和与、并"


def _runin_markers(text: str, lo: int, hi: int) -> list[regex.Match[str]]:
    """Heading markers of a run-in style opening inside ``text[lo:hi]`` (one line)."""
    pats = _patterns()
    found: list[regex.Match[str]] = []
    for opening in _RUNIN_OPENING.finditer(text, lo, hi):
        m = pats.marker.match(text, opening.end(), hi)
        if m is not None and m.lastgroup in RUNIN_STYLES:
            found.append(m)
    return found


def _runin_title(text: str, lo: int, hi: int, genre: Genre | None) -> tuple[str, int] | None:
    """(title, end) of a heading run into its flattened line at ``lo``, or None.

    The title stops at a space, a sentence stop or a following marker (二、主动公开政府信息情况
    （一）…); one stopped by a semicolon is a list item, unless it starts with a standard
    part's title (一、总体情况2023年，… -> 总体情况)."""
    lo, stop = _title_stop(text, lo, hi)
    span = text[lo : stop.start() if stop is not None else min(hi, lo + MAX_FLAT_TITLE)]
    cut = _cut_title(span, genre)
    if cut:
        return span[:cut], lo + cut
    if stop is not None and stop.group() not in _SENTENCE_STOPS and _standard_title(span, genre):
        # a title ending at a space, a marker or the year opening its body, whole
        # (2025年工作思路和重点任务, not its prefix 2025年工作)
        return span, stop.start()
    # normalisation joins a title to its body where the page had only a line break between
    # them (2008年工作回顾2008年是极不平凡的一年): a standard part's title ends it there
    comma = _COMMA.search(span)
    cut = _standard_title_end(span[: comma.start()] if comma else span, genre)
    if cut:
        return span[:cut], lo + cut
    if stop is None or stop.group() in _LIST_STOP or len(span) < 2:
        return None  # a list item, or no end in sight
    if _COUNT_INSIDE.search(span):
        return None  # a sentence (…公开属性审查166件), not a title
    return span, lo + len(span)


@cache
def _title_cuts() -> dict[str, tuple[str, ...]]:
    by_kind: dict[str, list[str]] = {}
    for row in load_table("runin_title_cuts.tsv"):
        by_kind.setdefault(row["kind"], []).append(row["word"])
    return {k: tuple(v) for k, v in by_kind.items()}


def _cut_title(span: str, genre: Genre | None) -> int:
    """Length of the title ``span`` starts with where a cut word delimits it, 0 when none:
    a standard title before a body opening (其他需要报告的事项|本年度…), or, outside work
    reports, a sub-heading's title ending word with the body after it (主动公开方面|全年…)."""
    cuts = _title_cuts()
    for word in cuts.get("body_opening", ()):
        at = span.find(word, 2)
        if at > 0 and _standard_title(span[:at], genre):
            return at
    if genre is Genre.WORK_REPORT:
        return 0  # a work report's headings go on after 方面 (在国有企业改革方面迈出更大的步伐)
    for word in cuts.get("title_end", ()):
        at = span.find(word, 2)
        end = at + len(word)
        if at > 0 and end < len(span) and end <= MAX_PLAIN_TITLE and not span.startswith(
            cuts.get("continues", ()), end
        ):
            return end
    return 0


def _standard_title(title: str, genre: Genre | None) -> bool:
    """Whether ``title`` reads as a standard part's title: it names a part and ends like one."""
    return bool(_patterns().plain_end.search(title)) and _section_key(title, genre) is not None


def _title_stop(text: str, lo: int, hi: int) -> tuple[int, regex.Match[str] | None]:
    """Where a run-in title after a marker at ``lo`` starts, and what ends it (None: nothing
    within MAX_FLAT_TITLE)."""
    while lo < hi and text[lo] in _SPACE:
        lo += 1
    limit = min(hi, lo + MAX_FLAT_TITLE)
    stop = _RUNIN_TITLE_STOP.search(text, lo, limit)
    while stop is not None and _inner_stop(text, stop, hi, lo):
        stop = _RUNIN_TITLE_STOP.search(text, stop.end(), limit)
    return lo, stop


def _inner_stop(text: str, stop: regex.Match[str], hi: int, lo: int) -> bool:
    """A bracket or digit that opens no heading marker does not end a run-in title, except a
    year opening the body after a title's last word (政府信息公开平台建设2024年，…; a title
    may start with a year, or hold one: “十二五”时期和2015年工作回顾)."""
    at = stop.start()
    pats = _patterns()
    if stop.group() not in "（(0123456789" or pats.marker.match(text, at, hi):
        return False
    if at == lo or _YEAR_OPENING.match(text, at, hi) is None:
        return True
    return not pats.plain_end.search(text, lo, at)  # “十二五”时期和2015年工作回顾 goes on


def _standard_title_end(span: str, genre: Genre | None) -> int:
    """Length of the standard part's title ``span`` starts with, 0 when none.

    The shortest prefix that names a part and ends like a title (情况, 概述, 回顾…), extended
    to a longer such prefix while each step adds at most MAX_TITLE_EXTENSION characters:
    2008年工作 -> 2008年工作回顾, 存在的主要问题 -> 存在的主要问题及改进情况, 主动公开工作 ->
    主动公开工作情况; but 概述 stays itself before 本年度我县政府信息公开工作…, and
    其他需要报告的事项 before 本年度信息公开处理费收费情况."""
    best = 0
    for k in range(2, len(span) + 1):
        if best and k - best > MAX_TITLE_EXTENSION:
            break
        if _standard_title(span[:k], genre):
            best = k
    return best


def _runin_headings(
    text: str, genre: Genre | None, ahead: _Ahead
) -> tuple[list[_Heading], list[tuple[int, int]]]:
    """Numbered headings inside flattened lines, kept where their numbering runs in sequence.

    A marker counts only when the one before it of the same style (inside the same flattened
    line) has the number before its own, or when it is a 1 followed by a 2: "…。一、概述 …
    二、主动公开 …" is a heading sequence, a lone "。三、" is not."""
    is_disclosure = genre is Genre.INFO_DISCLOSURE
    reject = _patterns().reject
    out: list[_Heading] = []
    flat_lines: list[tuple[int, int]] = []
    lo = 0
    while lo < len(text):
        hi = ahead.line_end(lo)
        if hi - lo >= FLAT_LINE_MIN:
            found, outer = _line_runins(text, lo, hi, genre, reject, is_disclosure)
            if outer >= 2:
                out.extend(found)
                flat_lines.append((lo, hi))
        lo = hi + 1
    return out, flat_lines


def _line_runins(
    text: str, lo: int, hi: int, genre: Genre | None, reject: regex.Pattern[str],
    is_disclosure: bool,
) -> tuple[list[_Heading], int]:
    """The run-in headings of one line, and how many outer parts its numbering shows."""
    lead = _STRIPS[_SPACE][0].match(text, lo, hi)
    assert lead is not None  # a possessive star always matches
    first = _patterns().marker.match(text, lead.end(), hi)
    markers = [first] if first is not None and first.lastgroup in RUNIN_STYLES else []
    markers += _runin_markers(text, lo, hi)
    found: list[_Heading] = []
    sequenced = _in_sequence(markers)
    # a part whose predecessor was lost (五、 inside a flattened table before 六、其他需要报告
    # 的事项) is kept only with a standard part's title
    gapped = {m.start() for m in _after_a_gap(markers, sequenced)}
    listed: set[str] = set()  # styles whose last marker opened a list item (一、…；)
    for m in sorted([*sequenced, *_after_a_gap(markers, sequenced)], key=lambda m: m.start()):
        style = m.lastgroup
        assert style is not None
        if _list_item(text, m.end(), hi):
            listed.add(style)
            continue
        if style in listed:  # the last item of a list: 一、…；二、…；三、…。
            listed.discard(style)
            continue
        got = _runin_title(text, m.end(), hi, genre)
        if got is None:
            continue
        title, _ = got
        if m.start() in gapped and not _standard_title(title, genre):
            continue
        if (is_disclosure or genre is None) and reject.match(title):
            continue
        if not _balanced(title) or _inside_quote(text, m.start()):
            continue
        numeral = m.group(f"num_{style}")
        found.append(_Heading(start=m.start(), title_start=m.end(), title=title,
                              number=numeral, style=style, value=numeral_value(numeral)))
    plain = _runin_plain(text, lo, hi, genre)
    # a line holding two parts in sequence (一、… 二、…, （一）…（二）…, unnumbered standard
    # parts) is a flattened report; a paragraph enumerating 1.…2.… is not
    styles = _patterns().styles
    outer = len(plain) + sum(styles[str(m.lastgroup)].rank <= FLAT_PART_RANK for m in sequenced)
    return _merge_plain(found, plain), outer


def _list_item(text: str, lo: int, hi: int) -> bool:
    """Whether what follows a marker ends with a semicolon: a list item, not a heading."""
    start, stop = _title_stop(text, lo, hi)
    if stop is None or stop.group() not in _LIST_STOP:
        return False
    # a standard part's title before a list of its points is a heading
    # (（一）存在的主要问题一是…；二是…)
    return not _standard_title_end(text[start : stop.start()], None)


def _merge_plain(numbered: list[_Heading], plain: list[_Heading]) -> list[_Heading]:
    """Numbered and unnumbered run-in headings in text order, without an unnumbered one that
    repeats the title of the heading before it (a table's caption under its heading)."""
    out: list[_Heading] = []
    for h in sorted(numbered + plain, key=lambda h: h.start):
        if h.style == "plain" and out and _title_key(out[-1].title) == _title_key(h.title):
            continue
        out.append(h)
    return out


def _title_key(title: str) -> str:
    return _SPACES.sub("", title)


def _runin_plain(text: str, lo: int, hi: int, genre: Genre | None) -> list[_Heading]:
    """Unnumbered standard parts run into a flattened line: …下载。 基本情况 一、组织领导…
    (a part's title between a sentence stop and a numbered heading or a space)."""
    pats = _patterns()
    found: list[_Heading] = []
    for opening in _PLAIN_OPENING.finditer(text, lo, hi):
        start = opening.end()
        span = _PLAIN_SPAN.match(text, start, min(hi, start + MAX_PLAIN_TITLE + 1))
        if span is None:
            continue
        after = span.end()
        followed = after < hi and (
            text[after] in _SPACE or text[after].isdigit() or pats.marker.match(text, after, hi)
        )
        title = span.group()
        if followed and len(title) <= MAX_PLAIN_TITLE and _standard_title(title, genre):
            found.append(_Heading(start=start, title_start=start, title=title, number=None,
                                  style="plain", value=0))
    return found


def _in_sequence(markers: list[regex.Match[str]]) -> list[regex.Match[str]]:
    """The markers whose numbering runs on: a 1 followed by a 2 of its style, or a number
    whose predecessor came before it since the last 1 of its style.  A table's row labels
    between (四、结转… before the heading 三、) do not break the run.  Numbering is judged
    before titles are read, so a heading whose title cannot be delimited still carries it."""
    values = [numeral_value(m.group(f"num_{m.lastgroup}")) for m in markers]
    keep: list[regex.Match[str]] = []
    seen: dict[str | None, set[int]] = {}  # per style: numbers since its last 1
    for i, m in enumerate(markers):
        style, value = m.lastgroup, values[i]
        if value == 1:
            seen[style] = set()
            later = (values[k] for k in range(i + 1, len(markers)) if markers[k].lastgroup == style)
            if next(later, None) == 2:
                keep.append(m)
        elif value - 1 in seen.get(style, ()):
            keep.append(m)
        seen.setdefault(style, set()).add(value)
    return keep


def _after_a_gap(
    markers: list[regex.Match[str]], kept: list[regex.Match[str]]
) -> list[regex.Match[str]]:
    """The markers not in ``kept`` whose number's predecessor is missing but the one before
    it came earlier since the last 1 of their style (一、二、三、四、… 六、)."""
    taken = {m.start() for m in kept}
    out: list[regex.Match[str]] = []
    seen: dict[str | None, set[int]] = {}
    for m in markers:
        style, value = m.lastgroup, numeral_value(m.group(f"num_{m.lastgroup}"))
        if value == 1:
            seen[style] = set()
        numbers = seen.setdefault(style, set())
        if m.start() not in taken and value - 2 in numbers and value - 1 not in numbers:
            out.append(m)
        numbers.add(value)
    return out


@dataclass(frozen=True, slots=True)
class _Layout:
    """The body of a blank-line layout, where standalone headings may stand."""

    body_start: int  # after the first line that ends a sentence (the salutation 各位代表：)
    body_end: int  # the last sentence end: a heading has body text after it


def _blank_layout(text: str, lines: Sequence[str]) -> _Layout | None:
    """The body of ``text`` when its paragraphs are separated by blank lines, else None."""
    content = followed = 0
    for i, line in enumerate(lines):
        if line.strip(_BLANK_CHARS):
            content += 1
            if i + 1 < len(lines) and not lines[i + 1].strip(_BLANK_CHARS):
                followed += 1
    if content < BLANK_LAYOUT_MIN_LINES or followed < BLANK_LAYOUT_SHARE * content:
        return None
    first = _SENTENCE_END_AT_EOL.search(text)
    if first is None:
        return None
    return _Layout(first.end(), max(text.rfind(mark) for mark in "。！？!?"))


def _standalone_heading(text: str, pos: int, line: str, layout: _Layout) -> _Heading | None:
    """A heading line of a blank-line layout: a short unindented line without sentence
    punctuation, after a blank line and before a blank line or an indented paragraph, inside the
    body (关于国内建设, 结束语, 第一，全国动员，大办农业, a bare 一)."""
    line_start = text.rfind("\n", 0, pos) + 1
    if pos != line_start or not layout.body_start <= pos < layout.body_end:
        return None
    title = line.rstrip(_SPACE + "\r")
    if not 1 <= len(title) <= MAX_STANDALONE_TITLE or _SENTENCE_PUNCT.search(title):
        return None
    if title.endswith(("，", ",", "、", "—")) or title.startswith(("—", "（", "(", "-")):
        return None
    if _ANY_SPACE.search(title) or "|" in title or not _balanced(title):
        return None
    pats = _patterns()
    if pats.not_standalone.search(title):
        return None
    newline = text.find("\n", pos)
    if line_start < 2 or newline < 0:
        return None
    previous = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    after = newline + 1
    following = text[after : len(text) if (nl := text.find("\n", after)) < 0 else nl]
    indented_body = following[:1] in ("\u3000", " ") and bool(following.strip(_SPACE + "\r"))
    if previous.strip(_BLANK_CHARS) or (following.strip(_BLANK_CHARS) and not indented_body):
        return None
    m = pats.standalone.match(title)
    if m is not None:
        style = m.lastgroup
        assert style is not None
        numeral = m.group(f"num_{style}")
        rest = title[m.end() :]
        if rest and len(_HAN.findall(rest)) < 2:
            return None
        return _Heading(pos, pos + m.end(), rest, numeral, style, numeral_value(numeral))
    if len(_HAN.findall(title)) < 2:
        return None
    return _Heading(start=pos, title_start=pos, title=title, number=None, style="blank", value=0)


def _levels(candidates: list[_Heading], genre: Genre | None) -> list[_Heading]:
    """Levels of all headings, standalone unnumbered ones ("blank") placed by position.

    Policy for a standalone unnumbered heading (blank-line layouts only):

    * a closing part (结束语, key ``closing``) is level 1;
    * a sentence-like one (with a comma: 五年来，外交工作开创新局面, 2003; 下面，着重讲一下…,
      1982) is a subhead one level below the part or outermost numbered heading before it;
    * one that sits inside a run of the outermost numbered style (the numbering continues across
      it: 二、 … 关于教育改革问题 … 三、, 1957) is one level below the numbered heading before
      it;
    * any other is a part of the report at level 1.  When a report has two or more such parts
      (1984: 关于国内建设 / 一、…八、 / 关于外交工作 / 结束语), they divide it and the numbered
      headings after each part nest one level below it (their numbering restarts per part,
      1988); with a single part (2002: 首先报告2001年的工作 / 一、…八、 / 结束语) the part is a
      sibling of the numbered headings.

    Numbered levels are inferred separately between parts, by order of appearance as usual
    (under a part, a 一、 after a deeper style is nested, not promoted: the part is its outer
    heading).
    """
    if not any(h.style == "blank" for h in candidates):
        return _assign_levels(candidates, genre)
    styles = _patterns().styles
    numbered = [h for h in candidates if h.style in styles and h.style != "shi"]
    top_style = min(numbered, key=lambda h: styles[h.style].rank).style if numbered else None
    tops = [i for i, h in enumerate(candidates) if h.style == top_style]
    kind: dict[int, str] = {}
    outer_seen = False  # a part or an outermost numbered heading came before
    for i, h in enumerate(candidates):
        if h.style != "blank":
            outer_seen = outer_seen or h.style == top_style
            continue
        if section_key(h.title, genre) == "closing":
            kind[i] = "closing"
            continue
        if outer_seen and _SUBHEAD_COMMA.search(h.title):
            kind[i] = "inside"
            continue
        before = [candidates[j] for j in tops if j < i]
        after = [candidates[j] for j in tops if j > i]
        inside = before and after and after[0].value == before[-1].value + 1
        kind[i] = "inside" if inside else "part"
        outer_seen = outer_seen or not inside
    nest = sum(k == "part" for k in kind.values()) >= 2
    out: list[_Heading] = []
    segment: list[int] = []
    shift = part_level = 0

    def flush() -> None:
        numbered_here = [candidates[j] for j in segment if j not in kind]
        levelled = _assign_levels(numbered_here, genre, nested=shift > 0)
        kept = {id(h) for h in levelled}
        outermost = min((h.level for h in levelled if h.style != "shi"), default=0) + shift
        last_outer = part_level
        for j in segment:
            h = candidates[j]
            if j in kind:  # inside: one below the part or outermost heading before it
                h.level = last_outer + 1
            elif id(h) in kept:
                h.level += shift
                if h.level == outermost:
                    last_outer = h.level
            else:
                continue
            out.append(h)
        segment.clear()

    for i, h in enumerate(candidates):
        if kind.get(i) in ("part", "closing"):
            flush()
            h.level = 1
            out.append(h)
            part_level = 1 if kind[i] == "part" else 0
            shift = part_level if nest else 0
        else:
            segment.append(i)
    flush()
    # 一是 paragraphs are one level below whatever heading encloses them
    enclosing = 0
    for h in out:
        if h.style == "shi":
            h.level = enclosing + 1
        else:
            enclosing = h.level
    return out


def _assign_levels(
    candidates: list[_Heading], genre: Genre | None, *, nested: bool = False
) -> list[_Heading]:
    """Give each heading a level from the order styles appear; drop out-of-sequence ones."""
    styles = _patterns().styles
    stack: list[list] = []  # [style, last value]
    kept: list[_Heading] = []
    shi_last = 0  # last 一是 number in the current enclosing section
    for h in candidates:
        if h.style == "shi":
            expected = shi_last + 1
            if h.value != expected:
                continue
            shi_last = h.value
            h.level = len(stack) + 1
            kept.append(h)
            continue
        names = [entry[0] for entry in stack]
        if h.style in names:
            idx = names.index(h.style)
            restart = h.value == 1 and section_key(h.title, genre) is not None
            if h.style != "plain" and h.value <= stack[idx][1] and not restart:
                continue  # a row label or a repeated number inside a table, not a heading
            del stack[idx + 1 :]
            stack[idx][1] = h.value
            h.level = idx + 1
        else:
            rank = styles[h.style].rank if h.style in styles else 2
            outer = [styles[n].rank if n in styles else 2 for n in names]
            # 一、/第一部分 after only deeper styles: the outer headings before were lost (PDF
            # extraction), so this one is outermost rather than nested under a （一）.
            if (
                outer
                and not nested
                and h.style != "plain"
                and rank <= OUTERMOST_RANK
                and rank < min(outer)
            ):
                stack.clear()
            stack.append([h.style, h.value])
            h.level = len(stack)
        shi_last = 0
        kept.append(h)
    return kept


def _build(
    headings: list[_Heading], lo: int, hi: int, end: int, genre: Genre | None
) -> tuple[Section, ...]:
    out: list[Section] = []
    i = lo
    while i < hi:
        h = headings[i]
        j = i + 1
        while j < hi and headings[j].level > h.level:
            j += 1
        section_end = headings[j].start if j < hi else end
        children = _build(headings, i + 1, j, section_end, genre)
        key = None
        if genre is not Genre.INFO_DISCLOSURE or h.level == 1:
            key = section_key(h.title, genre)
        out.append(
            Section(
                level=h.level,
                number=h.number,
                title=h.title,
                start=h.start,
                end=section_end,
                title_start=h.title_start,
                key=key,
                children=children,
            )
        )
        i = j
    return tuple(out)


def split_sections(
    text: str,
    genre: Genre | None = None,
    parts: Sequence[str] = (),
    in_table: Callable[[int], bool] | None = None,
) -> tuple[Section, ...]:
    """Split ``text`` into its heading tree (top-level sections, children nested).

    ``genre`` decides which headings count (``一是…`` paragraphs only in work reports; template
    row labels are rejected in disclosure reports) and which keys apply; when None it is read
    from the text with :func:`govreport_nlp.structure.meta.detect_genre`.  ``parts``: lines
    a fixed-layout reader found heading the entries of the table of contents it left out
    (部门主要职能, 名词解释); each is a part at level 1 and, two or more, they hold the
    numbered headings between them one level down (a list 一、…九、 under 部门主要职能 ends
    at the next part).  ``in_table(pos)``: whether the line starting at ``pos`` is a row of
    a table the reader found (一、财政拨款收入⇥164,978,640⇥一、一般公共服务支出): never a heading.

    >>> text = "二、主要任务\\n一是扩大内需。把消费摆在优先位置。\\n二是稳定就业。落实稳岗政策。"
    >>> [(s.level, s.title) for s in split_sections(text, Genre.WORK_REPORT)[0].walk()]
    [(1, '主要任务'), (2, '扩大内需'), (2, '稳定就业')]
    """
    if genre is None:
        genre = detect_genre(text)
    wanted = frozenset(_SPACES.sub("", part) for part in parts)
    headings = _levels(_candidates(text, genre, wanted, in_table), genre)
    # levels must step by at most one from parent to child: a deeper style under a heading
    # of the same level as itself cannot happen, but a leaf after a popped stack can skip.
    for prev, h in itertools.pairwise(headings):
        if h.level > prev.level + 1:
            h.level = prev.level + 1
    return _build(headings, 0, len(headings), len(text), genre)

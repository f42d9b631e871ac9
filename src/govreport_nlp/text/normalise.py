"""Normalisation: the Simplified, cleaned *analysis view* of a report, with an offset map.

Every later stage reads :attr:`Normalised.text` and reports spans in it;
:meth:`Normalised.to_original` turns such a span into the exact span of the original text, so
``original[start:end]`` is what the user sees in their document.

Steps, in order (each can be switched off in :class:`NormaliseConfig`):

``width``
    Full-width digits, Latin letters and ``％ ． ＋`` become half-width; a full-width comma
    between digit groups (``１２，３４５，６７８``) becomes ``,``.  One character for one, so
    offsets do not move.
``script``
    Traditional or mixed text is converted to Simplified with OpenCC (``t2s``).  Text that
    reads as machine-converted Taiwan phrasing (資訊, 數位, 民眾 ...) first has those phrases
    reversed from our curated table ``data/tw_phrase_reversal.tsv`` (檔案 -> 文件, but
    檔案館 -> 档案馆).  Mixed text (a Traditional report quoting Simplified names) is
    converted as a whole: OpenCC leaves Simplified characters as they are, except the few that
    are also Traditional forms of another word (e.g. 乾 in 乾净 stays, 後 -> 后).  Simplified
    text is not touched.
``debris``
    Whole lines that are not content — PDF page numbers (``- 2 -``, ``— 3 —``), web chrome
    (下载 打印 全屏 收藏, 【字号：大 中 小】, 来源：… 时间：…, 相关词条 联络我们), converter
    labels (``## 表二``, ``正文``) — are dropped (``data/debris.tsv``).
``spaces``
    Spaces that PDF extraction puts between digits and Chinese (``1362 件``, ``2024 年``) are
    dropped, and so are the spaces of numbers typeset digit by digit (``1 9 9 3 年``,
    ``8 ．8 ％``) — but not the spaces between the cells of a table row (``规章 0 0 0``).
``rewrap``
    In hard-wrapped text (PDF extraction: lines of similar width that break mid-sentence), a
    line break after a full-width line that does not end a sentence is dropped, so a sentence
    reads as one.  Table-like lines (mostly digits) and breaks before a numbered heading are
    kept.

>>> n = normalise("全年受理公開申請１２３ 件。")
>>> n.text
'全年受理公开申请123件。'
>>> n.to_original(8, 12)
(8, 13)
>>> normalise("").text
''
"""

from __future__ import annotations

import bisect
import logging
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex

from .._data import load_table
from ..models import Script
from .numerals import COUNTING_NUMERALS

__all__ = [
    "Normalised",
    "NormaliseConfig",
    "OffsetMap",
    "detect_script",
    "normalise",
    "to_simplified",
]

log = logging.getLogger(__name__)

# An edit replaces original[start:end] with ``new`` (deletion: new == "").
Edit = tuple[int, int, str]


class OffsetMap:
    """Maps spans of an edited text back to the text it was made from.

    The edited text is a sequence of segments: runs copied unchanged (or replaced by the same
    number of characters, mapped one to one) and replacements of another length (mapped as a
    whole: any character inside maps to the entire original run).  Deleted runs are never hit.
    """

    __slots__ = ("_new_starts", "_old_starts", "_new_lens", "_old_lens", "_new_len", "_old_len")

    def __init__(self, old_len: int, edits: Iterable[Edit] = ()) -> None:
        new_starts: list[int] = []
        old_starts: list[int] = []
        new_lens: list[int] = []
        old_lens: list[int] = []
        pos_old = 0
        pos_new = 0

        def add(old_start: int, old_n: int, new_n: int) -> None:
            if new_n == 0:
                return
            if old_n == new_n and new_lens and new_lens[-1] == old_lens[-1]:
                # merge consecutive one-to-one runs: fewer segments, faster lookups
                if old_starts[-1] + old_lens[-1] == old_start:
                    new_lens[-1] += new_n
                    old_lens[-1] += old_n
                    return
            new_starts.append(pos_new)
            old_starts.append(old_start)
            new_lens.append(new_n)
            old_lens.append(old_n)

        for start, end, new in edits:
            if start < pos_old or end < start or end > old_len:
                raise ValueError(f"edits must be sorted and disjoint: {(start, end)} at {pos_old}")
            add(pos_old, start - pos_old, start - pos_old)
            pos_new += start - pos_old
            add(start, end - start, len(new))
            pos_new += len(new)
            pos_old = end
        add(pos_old, old_len - pos_old, old_len - pos_old)
        pos_new += old_len - pos_old
        self._new_starts = new_starts
        self._old_starts = old_starts
        self._new_lens = new_lens
        self._old_lens = old_lens
        self._new_len = pos_new
        self._old_len = old_len

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(length)

    def _segment(self, pos: int) -> int:
        return bisect.bisect_right(self._new_starts, pos) - 1

    def map_start(self, pos: int) -> int:
        """Original index of the character at edited index ``pos`` (or of the end, at len)."""
        if pos >= self._new_len:
            return self._old_len
        i = self._segment(pos)
        if self._new_lens[i] == self._old_lens[i]:
            return self._old_starts[i] + (pos - self._new_starts[i])
        return self._old_starts[i]

    def map_end(self, pos: int) -> int:
        """Original index just after the character at edited index ``pos - 1``."""
        if pos <= 0:
            return 0
        i = self._segment(pos - 1)
        if self._new_lens[i] == self._old_lens[i]:
            return self._old_starts[i] + (pos - self._new_starts[i])
        return self._old_starts[i] + self._old_lens[i]

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        if not 0 <= start <= end <= self._new_len:
            raise IndexError(f"span {(start, end)} outside 0..{self._new_len}")
        if start == end:
            point = self.map_start(start)
            return point, point
        return self.map_start(start), self.map_end(end)

    def __len__(self) -> int:
        return self._new_len


def apply_edits(text: str, edits: Sequence[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, disjoint edits to ``text``; return the new text and its offset map."""
    if not edits:
        return text, OffsetMap.identity(len(text))
    parts: list[str] = []
    pos = 0
    for start, end, new in edits:
        parts.append(text[pos:start])
        parts.append(new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), OffsetMap(len(text), edits)


@dataclass(frozen=True, slots=True)
class NormaliseConfig:
    """Which normalisation steps run.  All on by default."""

    width: bool = True
    script: bool = True
    debris: bool = True
    spaces: bool = True
    rewrap: bool = True


DEFAULT_CONFIG = NormaliseConfig()


@dataclass(frozen=True, slots=True)
class Normalised:
    """The analysis view of ``original``; see the module docstring."""

    original: str
    text: str
    script: Script
    steps: tuple[str, ...] = ()
    taiwan_phrasing: bool = False
    _maps: tuple[OffsetMap, ...] = field(default=(), repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to the span of ``original`` it was made from."""
        for offset_map in reversed(self._maps):
            start, end = offset_map.map_span(start, end)
        return start, end

    def original_span(self, start: int, end: int) -> str:
        """The original text behind ``text[start:end]``."""
        a, b = self.to_original(start, end)
        return self.original[a:b]


# --- script detection ---------------------------------------------------------------------


@cache
def _script_chars() -> tuple[frozenset[str], frozenset[str]]:
    rows = {row["script"]: row["chars"] for row in load_table("script_chars.tsv")}
    return frozenset(rows["traditional"]), frozenset(rows["simplified"])


# Below this share of script-specific characters of the other script, a text is pure.
_MIXED_SHARE = 0.1


def detect_script(text: str) -> Script:
    """Classify ``text`` by the characters only one script has.

    >>> detect_script("政府信息公开工作报告"), detect_script("政府資訊公開工作報告")
    (<Script.SIMPLIFIED: 'simplified'>, <Script.TRADITIONAL: 'traditional'>)
    >>> detect_script("")
    <Script.SIMPLIFIED: 'simplified'>
    """
    return _script_of(text, set(text))


def _script_of(text: str, distinct: set[str]) -> Script:
    """:func:`detect_script`, given the set of characters of ``text``."""
    traditional, simplified = _script_chars()
    # Count over the distinct characters only: a Simplified report (the common case) is
    # settled by one set intersection, without a per-character Python loop.
    trad_present = traditional.intersection(distinct)
    if not trad_present:
        return Script.SIMPLIFIED
    # one counting pass (in C), not one str.count pass per character present
    counts = Counter(text)
    n_trad = sum(map(counts.__getitem__, trad_present))
    n_simp = sum(map(counts.__getitem__, simplified.intersection(distinct)))
    share_simp = n_simp / (n_trad + n_simp)
    if share_simp < _MIXED_SHARE:
        return Script.TRADITIONAL
    if share_simp > 1 - _MIXED_SHARE:
        return Script.SIMPLIFIED
    return Script.MIXED


# --- conversion ---------------------------------------------------------------------------


@cache
def _converter() -> Callable[[str], str]:
    """OpenCC Traditional->Simplified, from whichever ``opencc`` module is installed.

    The pure-Python ``opencc-python-reimplemented`` takes ``"t2s"``; the official C++
    binding (``pip install opencc``, same module name, much faster) takes ``"t2s.json"``.
    """
    import opencc

    for config in ("t2s", "t2s.json"):
        try:
            converter = opencc.OpenCC(config)
            converter.convert("後")
        except Exception as exc:  # the two packages fail differently on the other's name
            log.debug("opencc config %s not usable: %s", config, exc)
            continue
        return converter.convert
    raise RuntimeError("the installed opencc module offers no t2s conversion")


def _pure_dictionaries() -> tuple[Path, Path] | None:
    """The pure-Python converter's ``t2s`` dictionary files (phrases, characters), or None
    when the installed ``opencc`` is another package (the C++ binding)."""
    converter = getattr(_converter(), "__self__", None)
    if getattr(converter, "conversion", None) != "t2s" or not hasattr(converter, "split_chars_re"):
        return None  # not opencc-python-reimplemented
    module = sys.modules.get(type(converter).__module__)
    folder = Path(getattr(module, "__file__", None) or ".").parent / "dictionary"
    phrases, characters = folder / "TSPhrases.txt", folder / "TSCharacters.txt"
    if not (phrases.is_file() and characters.is_file()):
        return None
    return phrases, characters


def _dictionary_rows(path: Path) -> Iterator[tuple[str, str]]:
    """(key, values) as the pure-Python converter reads them: one tab per line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.strip().partition("\t")
        yield key, values


@cache
def _t2s_changing_chars() -> frozenset[str] | None:
    """Characters the pure-Python converter's ``t2s`` dictionaries can change, or None.

    A dictionary key can only change the text where its value differs from it; every such
    key holds one of these characters at a differing position.  So text holding none of them
    converts to itself, and :func:`to_simplified` returns it without converting -- the
    common case for the Simplified titles and openings that sections and meta check.  The
    C++ binding ships compiled dictionaries: no shortcut there (it is fast).
    """
    files = _pure_dictionaries()
    if files is None:
        return None
    changing: set[str] = set()
    for dictionary in files:
        for key, values in _dictionary_rows(dictionary):
            for value in values.split(" "):
                if len(value) != len(key):
                    changing.update(key)
                else:
                    changing.update(a for a, b in zip(key, value, strict=True) if a != b)
    return frozenset(changing)


@cache
def _pure_t2s() -> Callable[[str], str] | None:
    """The pure-Python converter's ``t2s``, the same output several times faster, or None.

    That converter splits the text at its separators and converts each run on its own: it
    replaces the longest phrase of ``TSPhrases`` found anywhere in the run (the leftmost of
    that length), does the same left and right of it, and maps each character of what no
    phrase covers through ``TSCharacters`` (one character to the first of its values).  No
    phrase holds a separator, so a run without any phrase is converted character by
    character -- one ``str.translate`` -- and only the runs holding a phrase (a few in a
    report) go through the converter itself.  ``tests/test_normalise.py`` checks the output
    against the converter's.
    """
    files = _pure_dictionaries()
    if files is None:
        return None
    phrases_file, characters_file = files
    is_separator = _pure_separator()
    table = {}
    for key, values in _dictionary_rows(characters_file):
        first = values.split(" ")[0]
        if len(key) != 1:
            return None  # not the dictionary this shortcut was written for
        if first != key and not is_separator(key):
            table[ord(key)] = first
    phrase_keys = [key for key, _ in _dictionary_rows(phrases_file)]
    if any(is_separator(ch) for key in phrase_keys for ch in key):
        return None
    phrases = regex.compile(r"\L<phrases>", phrases=phrase_keys)
    convert = _converter()

    def pure_t2s(text: str) -> str:
        parts: list[str] = []
        done = 0  # text[:done] is handled
        for m in phrases.finditer(text, overlapped=True):
            i = m.start()
            if i < done:
                continue
            start, end = _run_bounds(text, done, i, m.end(), is_separator)
            parts.append(text[done:start].translate(table))
            parts.append(convert(text[start:end]))
            done = end
        parts.append(text[done:].translate(table))
        return "".join(parts)

    return pure_t2s


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified with OpenCC.

    >>> to_simplified("政府資訊公開")
    '政府资讯公开'
    >>> to_simplified("政府信息公开")
    '政府信息公开'
    """
    if not text or text.isascii():
        return text
    changing = _t2s_changing_chars()
    if changing is None:
        return _converter()(text)
    # set operations, not a regex: a class of 4,000 characters makes ``regex`` scan slowly
    present = changing.intersection(text)
    if not present:
        return text
    fast = _pure_t2s()
    if fast is None:
        return _converter()(text)
    if len(present) <= _FEW_CHANGING and len(text) > _SHORT_TEXT:
        return _convert_runs_around(text, present, fast)
    return fast(text)


# Simplified text with a few characters t2s would change (乾, 著 ...): convert only the runs
# holding them.  Short texts (titles) are converted whole.
_FEW_CHANGING = 16
_SHORT_TEXT = 64


def _convert_runs_around(
    text: str, present: frozenset[str] | set[str], convert: Callable[[str], str]
) -> str:
    """``convert(text)``, converting only the separator-bounded runs that hold ``present``.

    The pure-Python converter converts each run between its separators on its own, so the
    text may be cut at any separator; and a run holding none of the characters the
    dictionaries can change converts to itself (see :func:`_t2s_changing_chars`).
    """
    is_separator = _pure_separator()
    positions = sorted(i for ch in present for i in _find_all(text, ch))
    parts: list[str] = []
    done = 0  # text[:done] is handled
    for i in positions:
        if i < done:
            continue
        start, end = _run_bounds(text, done, i, i + 1, is_separator)
        parts.append(text[done:start])  # holds no changing character
        parts.append(convert(text[start:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _run_bounds(
    text: str, floor: int, start: int, end: int, is_separator: Callable[[str], bool]
) -> tuple[int, int]:
    """``text[start:end]`` widened to the converter's run: out to the separators on either
    side (or the text's end), but not below ``floor``."""
    while start > floor and not is_separator(text[start - 1]):
        start -= 1
    while end < len(text) and not is_separator(text[end]):
        end += 1
    return start, end


def _find_all(text: str, ch: str) -> Iterator[int]:
    i = text.find(ch)
    while i >= 0:
        yield i
        i = text.find(ch, i + 1)


@cache
def _pure_separator() -> Callable[[str], bool]:
    """Whether one character splits runs for the pure-Python converter (its own pattern)."""
    split_pattern = _converter().__self__.split_chars_re  # type: ignore[attr-defined]
    return cache(lambda ch: split_pattern.match(ch) is not None)


@cache
def _taiwan_table() -> tuple[Any, dict[str, str], frozenset[str]]:
    rows = load_table("tw_phrase_reversal.tsv")
    mapping = {row["taiwan"]: row["mainland"] for row in rows}
    markers = frozenset(row["taiwan"] for row in rows if row["marker"] == "yes")
    pattern = regex.compile(r"\L<phrases>", phrases=sorted(mapping, key=len, reverse=True))
    return pattern, mapping, markers


# Taiwan-phrase markers needed before a text counts as machine-converted.
_MIN_TAIWAN_MARKERS = 2


def _taiwan_edits(text: str) -> list[Edit]:
    pattern, mapping, markers = _taiwan_table()
    matches = list(pattern.finditer(text))
    if sum(m.group() in markers for m in matches) < _MIN_TAIWAN_MARKERS:
        return []
    return [(m.start(), m.end(), mapping[m.group()]) for m in matches]


def _conversion_edits(text: str) -> list[Edit]:
    """Edits turning Traditional ``text`` into Simplified, line by line where lengths move.

    Where the lengths agree the edit covers the whole text (or line): it maps one character
    to one, which is the same offset map as one edit per changed run (consecutive one-to-one
    segments merge), without a Python loop over every character.
    """
    converted = to_simplified(text)
    if len(converted) == len(text):
        return [(0, len(text), converted)] if converted != text else []
    edits: list[Edit] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        new_line = to_simplified(line)
        if new_line != line:
            edits.append((pos, pos + len(line), new_line))
        pos += len(line)
    return edits


# --- width ----------------------------------------------------------------------------------

_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULL_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULL_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULL_WIDTH.update({"％": "%", "．": ".", "＋": "+"})
_WIDTH_TABLE = str.maketrans(_FULL_WIDTH)
# ``str.translate`` with a dict walks every character in Python-level lookups; translating
# only the runs of full-width characters keeps the common (all half-width) text at C speed.
_FULL_WIDTH_RUN = regex.compile("[" + "".join(map(regex.escape, _FULL_WIDTH)) + "]+")
# A full-width comma is a thousands separator only between a 1-3 digit group and exact
# groups of three: １２，３４５，６７８ yes; 167份，263份 no.
_GROUPED_NUMBER = regex.compile(r"(?<![\d.,，])\d{1,3}(?:，\d{3})+(?![\d])")


_FULL_WIDTH_CHARS = frozenset(_FULL_WIDTH)


def _fold_width(text: str, distinct: set[str] | None = None) -> str:
    """Fold full-width digits, letters and signs; ``distinct``: the characters of ``text``.

    The set (which script detection builds anyway) answers "any full-width character?"
    without scanning the text again; most texts have none.
    """
    if distinct is None or not _FULL_WIDTH_CHARS.isdisjoint(distinct):
        folded = _FULL_WIDTH_RUN.sub(lambda m: m.group().translate(_WIDTH_TABLE), text)
    else:
        folded = text
    if "，" in folded:
        folded = _GROUPED_NUMBER.sub(lambda m: m.group().replace("，", ","), folded)
    return folded


# --- debris, spaces, rewrap -----------------------------------------------------------------

# Lines longer than this are never debris: chrome is short.
_MAX_DEBRIS_LINE = 120


@cache
def _debris_pattern(scope: str = "line") -> Any:
    alternatives = [
        f"(?P<{row['name']}>{row['pattern']})"
        for row in load_table("debris.tsv")
        if row["scope"] == scope
    ]
    return regex.compile(r"[ \t\u3000]*(?:" + "|".join(alternatives) + r")[ \t\u3000]*")


# A footer ("tail" debris) is only believed in the last part of a text: the same words
# earlier on would be content.
_TAIL_SHARE = 0.8


_LINE = regex.compile(r"[^\n]*\n|[^\n]+")


def _debris_edits(text: str) -> list[Edit]:
    pattern = _debris_pattern("line")
    tail = _debris_pattern("tail")
    tail_from = int(len(text) * _TAIL_SHARE)
    edits: list[Edit] = []
    for m in _LINE.finditer(text):
        line = m.group().rstrip("\r\n")
        if not line.strip() or len(line) > _MAX_DEBRIS_LINE:
            continue
        if m.start() >= tail_from and tail.fullmatch(line):
            edits.append((m.start(), len(text), ""))
            break
        if pattern.fullmatch(line):
            edits.append((m.start(), m.end(), ""))
    return edits


# A gap between Chinese and a number (or a number and %) that a typesetter left is removed; a
# gap holding a tab is not: a tab is a cell boundary (规章\t0 from a flattened table row).
_PDF_SPACES = regex.compile(
    r"(?<=[\d%])[ \u3000]+(?=\p{Han})|(?<=\p{Han})[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=%)"
)


# Some typeset texts space out every digit of a number ("1 9 9 3 年", "8 ．8 ％"): a run of
# single digits (and a decimal point) separated by single spaces and followed by a unit, %
# or Chinese is one number.  Table rows ("规章 0 0 0" at the end of a line) are not touched.
# Linear by construction: one way to read each step (the old `` \.\d`` alternative repeated
# `` \.? ?\d``: exponential backtracking on a failed run), read possessively (giving a digit
# back leaves a space and a digit next, which fails the look-ahead), and a run is tried only
# from its head (not right after "d ", "d .", "d . ", "d  "): every later start reads the rest
# of the same run to the same end.
# The unit may follow after any gap _PDF_SPACES removes in the same pass ("0 0　政"), so that
# normalising twice equals once.
_SPACED_DIGITS = regex.compile(
    r"(?<![\d.])(?<!\d \.? ?)\d(?: \.? ?\d)++(?=[ \u3000]*+[\p{Han}%])"
)
_ONE_SPACE = regex.compile(r" ")


def _space_edits(text: str) -> list[Edit]:
    edits = [(m.start(), m.end(), "") for m in _PDF_SPACES.finditer(text)]
    for run in _SPACED_DIGITS.finditer(text):
        edits.extend(
            (run.start() + m.start(), run.start() + m.end(), "")
            for m in _ONE_SPACE.finditer(run.group())
        )
    edits.sort()
    return edits


# A sentence or clause ends here: no rewrap after such a line.
_CLOSING = frozenset("。！？；：…!?;:")
# A line starting like this begins something new (a heading or list item): keep the break.
_NEW_BLOCK = regex.compile(
    rf"[ \t\u3000]*(?:(?<![{COUNTING_NUMERALS}])[{COUNTING_NUMERALS}]+[、.．]"
    rf"|[（(][{COUNTING_NUMERALS}\d]+[）)]|(?<!\d)\d+[、.．](?!\d)"
    rf"|[①-⑳]|第[{COUNTING_NUMERALS}]+[部章节]|[-—]{{1,2}}\s*\d)"
)
_HAN_RUN = regex.compile(r"\p{Han}+")
_SPACED_NUMBER = regex.compile(r"(?:^|(?<=\s))\d+(?:\.\d+)?(?=\s|$)")


def _han_count(line: str) -> int:
    # removing whole runs is several times faster than listing every Han character
    return len(line) - len(_HAN_RUN.sub("", line))


def _visual_width(line: str) -> int:
    return len(line) + _han_count(line)


def _han_counts(text: str, bodies: list[str]) -> list[int]:
    """:func:`_han_count` of each line of ``bodies`` (``text`` split at its newlines).

    No Han character is a newline: removing every Han run from the whole text at once leaves
    the same lines, each shorter by its Han count (one scan of the text, not one per line).
    """
    hanless = _HAN_RUN.sub("", text).split("\n", len(bodies))[: len(bodies)]
    return [len(body) - len(rest) for body, rest in zip(bodies, hanless, strict=True)]


# A line ending in an opening bracket or quote continues on the next line, and a line
# starting with closing punctuation continues the one before: web pages whose links were
# flattened to lines ("提出了《\n公司法\n》、《\n传染病防治法") read as one sentence again.
_OPENS = frozenset("《“（(「『〈")
_CONTINUES = frozenset("》”）)」』〉、，。；：！？,;:")
# Paragraph indentation: a text that indents its paragraphs starts each one with it, so an
# unindented line right after an unfinished one is a fragment of the same paragraph.
_INDENT = ("\u3000", "  ", "\t")
_SENTENCE_END = frozenset("。！？!?…")


def _rewrap_edits(text: str) -> list[Edit]:
    """Drop line breaks inside sentences: hard wraps (PDF), flattened links (web) and breaks
    around an invisible line (web)."""
    # Every rule only deletes, so where two rules' deletions meet or overlap their union is
    # deleted once.
    merged: list[Edit] = []
    for start, end, _ in sorted(
        (*_hard_wrap_edits(text), *_link_break_edits(text), *_invisible_line_edits(text))
    ):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), "")
        else:
            merged.append((start, end, ""))
    return merged


# A line holding only format characters (U+200B and its kin, category Cf), between two lines
# of text: crawled pages of the national reports (1957, 2017, 2021) break sentences there, at a
# page or column boundary of the source ("国内生产总值达到74.4⏎\u200b⏎万亿元").
_INVISIBLE_LINE = regex.compile(r"(?<=[^\s])[ \t]*\n[ \t]*\p{Cf}++[ \t]*\n(?=[^\n])")


def _invisible_line_edits(text: str) -> list[Edit]:
    """Join the two lines around an invisible line when the first leaves its sentence open and
    the second starts no heading or list item (a finished sentence keeps its paragraph break)."""
    if "\n" not in text or not _INVISIBLE_LINE.search(text):
        return []
    edits: list[Edit] = []
    for m in _INVISIBLE_LINE.finditer(text):
        if text[m.start() - 1] in _SENTENCE_END or _NEW_BLOCK.match(text, m.end()):
            continue
        edits.append((m.start(), m.end(), ""))
    return edits


def _link_break_edits(text: str) -> list[Edit]:
    lines = list(_LINE.finditer(text))
    bodies = [m.group().rstrip("\r\n") for m in lines]
    long_lines = [b for b in bodies if len(b) >= 20]
    indented = bool(long_lines) and (
        sum(b.startswith(_INDENT) for b in long_lines) >= len(long_lines) / 2
    )
    edits: list[Edit] = []
    for i in range(len(lines) - 1):
        previous, following = bodies[i].rstrip(), bodies[i + 1]
        if not previous or not following.strip():
            continue
        if previous[-1] in _OPENS or (
            following[0] in _CONTINUES and len(previous.strip()) >= 2
        ):
            edits.append((lines[i].start() + len(previous), lines[i].end(), ""))
        elif (
            indented
            and previous[-1] not in _SENTENCE_END
            and not following.startswith(_INDENT)
            and not _NEW_BLOCK.match(following)
            # the line before is a paragraph's start or a fragment itself; a heading stands
            # alone between blank lines and is never continued
            and (previous.startswith(_INDENT) or (i > 0 and bodies[i - 1].strip() != ""))
        ):
            edits.append((lines[i].start() + len(previous), lines[i].end(), ""))
    return edits


# The page width of a hard-wrapped text is at most this (visual width, Han counting 2).
_MAX_PAGE_WIDTH = 110
# Lines at least this wide count when the page width is measured.
_MIN_MEASURED_WIDTH = 20


def _page_width(widths: list[int]) -> float:
    """The 90th percentile of the widths of the lines that are not short."""
    return statistics.quantiles([w for w in widths if w >= _MIN_MEASURED_WIDTH], n=10)[-1]


def _hard_wrap_edits(text: str) -> list[Edit]:
    # as many lines as _LINE finds: one per newline, and a last one without
    count = text.count("\n") + (bool(text) and not text.endswith("\n"))
    if count < 8:
        return []
    bodies = text.split("\n", count)[:count]
    han = _han_counts(text, bodies)
    # the visual width of each line without its trailing spaces (no Han character is a space)
    widths = [len(body.rstrip()) + n for body, n in zip(bodies, han, strict=True)]
    if sum(w >= _MIN_MEASURED_WIDTH for w in widths) < 5:
        return []
    full = _page_width(widths)  # the page width
    if full > _MAX_PAGE_WIDTH:  # one paragraph per line: not hard-wrapped
        return []
    threshold = 0.8 * full
    lines = list(_LINE.finditer(text))
    edits: list[Edit] = []
    for i, m in enumerate(lines[:-1]):
        line = m.group()
        body = line.rstrip("\r\n")
        stripped = body.rstrip()
        if not stripped or widths[i] < threshold or stripped[-1] in _CLOSING:
            continue
        han_share = han[i] / len(stripped)
        if han_share < 0.5:  # a row of table numbers, a URL ...
            continue
        following = lines[i + 1].group().strip()
        if not following or _NEW_BLOCK.match(following):
            continue
        if len(_SPACED_NUMBER.findall(following)) >= 2:  # next line is a row of table numbers
            continue
        if len(following) < 3 and following[-1] not in _CLOSING:  # a vertical table label
            continue
        edits.append((m.start() + len(stripped), m.end(), ""))
    return edits


# --- the pipeline -----------------------------------------------------------------------


def normalise(text: str, config: NormaliseConfig = DEFAULT_CONFIG) -> Normalised:
    """Build the analysis view of ``text``; see the module docstring for the steps."""
    distinct = set(text)  # shared by script detection and width folding
    script = _script_of(text, distinct)
    maps: list[OffsetMap] = []
    steps: list[str] = []
    current = text

    def run(name: str, edits: list[Edit]) -> None:
        nonlocal current
        if edits:
            current, offset_map = apply_edits(current, edits)
            maps.append(offset_map)
            steps.append(name)

    if config.width:
        folded = _fold_width(current, distinct)
        if folded != current:
            current = folded  # one for one: the identity map
            steps.append("width")
    taiwan = False
    if config.script and script is not Script.SIMPLIFIED:
        tw_edits = _taiwan_edits(current)
        taiwan = bool(tw_edits)
        run("taiwan_phrases", tw_edits)
        run("script", _conversion_edits(current))
    if config.debris:
        run("debris", _debris_edits(current))
    if config.spaces:
        run("spaces", _space_edits(current))
    if config.rewrap:
        run("rewrap", _rewrap_edits(current))
    return Normalised(
        original=text,
        text=current,
        script=script,
        steps=tuple(steps),
        taiwan_phrasing=taiwan,
        _maps=tuple(maps),
    )

"""What each figure counts: name, governing verb and (for work reports) outcome or target.

Chinese puts what is counted on either side of a number: before it (受理政策咨询件546份,
答复率100%) or after it (组织230家单位, 近1亿农村贫困人口实现脱贫).  :func:`attribute`
looks only at the clause around each figure (a window of a few dozen characters, segmented by
:func:`govreport_nlp.text.segment.segment`) and applies rules over punctuation, part of speech and
the vocabularies in ``data/attribution_words.tsv``:

- a name is the clause to the left of the number, without linking words (为, 达到, 增加到) and
  leading adverbs (共, 全年, 其中);
- a classifier followed by a noun (5个国家公园) names the noun, with the verb before it or
  the verb phrase after it (实现脱贫的农村贫困人口);
- a clause of change verbs only (增长12.3%, 较上年增加312条) names the measure of the clause
  before it (主动公开政府信息增长); 从A提高到B names A and B after the measure;
- enumerations (主动公开规章22件、规范性文件34件) share the verb of their first item; 分别
  pairs figures with the items listed before it; a percentage in brackets after a figure is
  that figure's share (占比).

>>> from types import SimpleNamespace as Q
>>> text = "全年主动公开政府信息2847条，较上年增加312条，增长12.3%。"
>>> spans = [(10, 15), (21, 25), (28, 33)]
>>> qs = [Q(start=s, end=e, text=text[s:e], unit=None) for s, e in spans]
>>> for a in attribute(text, qs):
...     print(a.name, a.verb)
主动公开政府信息 主动公开
主动公开政府信息增加 增加
主动公开政府信息增长 增长
>>> attribute(text, [])
[]
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import Protocol

import regex

from .._data import load_table
from ..models import Genre, Role
from ..text.numerals import COUNTING_NUMERALS, NUMERAL_CHARS, PLAIN_DIGITS
from ..text.segment import Token, segment
from .roles import RoleSpan, section_default
from .roles import decide as decide_role

__all__ = [
    "WORDS_FILE",
    "Attribution",
    "ImplicitFigure",
    "NameRepair",
    "NameRule",
    "QuantityLike",
    "attribute",
    "find_implicit",
]

WORDS_FILE = "attribution_words.tsv"
ZERO_WORDS_FILE = "zero_words.tsv"

#: how far a name may reach from its figure, in characters
MAX_LEFT = 40
MAX_RIGHT = 30
#: a name shorter than this borrows the clause before it (受益 -> 发放价格补贴受益)
MIN_NAME = 3


class QuantityLike(Protocol):
    """What :func:`attribute` reads of a figure (``numbers.Quantity`` has all of it).

    Read-only, so that a frozen dataclass such as ``numbers.Quantity`` matches it.
    """

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def unit(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Attribution:
    """What a figure counts: ``name`` (short, Simplified), the ``verb`` that governs it, and
    for work reports whether it is an outcome or a target (``None`` for other genres)."""

    name: str
    verb: str | None
    role: Role | None
    #: the naming rule that fired and the repairs after it (:class:`NameRule`, ``+``-joined)
    name_rule: str = ""


@dataclass(frozen=True, slots=True)
class ImplicitFigure:
    """A figure stated in words (未收取任何费用 -> 0 元); ``start``/``end`` span the wording."""

    start: int
    end: int
    name: str
    value: int
    unit: str


# --------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True, slots=True)
class _Words:
    boundary: frozenset[str]
    stop: tuple[str, ...]
    lead: tuple[str, ...]
    link: tuple[str, ...]
    link_to: frozenset[str]
    from_: tuple[str, ...]
    compare: tuple[str, ...]
    change: tuple[str, ...]
    adverb: frozenset[str]
    respective: tuple[str, ...]
    share: tuple[str, ...]
    share_lead: tuple[str, ...]
    share_measure: tuple[str, ...]
    purpose_verb: frozenset[str]
    verb: frozenset[str]
    right_stop: frozenset[str]
    vp_lead: tuple[str, ...]
    zero_neg_bare: tuple[str, ...]
    zero_neg_verb: tuple[str, ...]
    zero_verb: tuple[str, ...]
    zero_verb_dropped: tuple[str, ...]
    zero_verb_kept: tuple[str, ...]
    zero_topic: dict[str, str]
    zero_lead: tuple[str, ...]
    zero_noun: dict[str, str]
    zero_tail: tuple[str, ...]
    zero_strip: tuple[str, ...]
    tail: tuple[str, ...]
    time_tail: tuple[str, ...]
    cutoff: tuple[str, ...]
    list_end: tuple[str, ...]
    item_sep: frozenset[str]
    person: dict[str, str]
    share_name: str
    # a compound that 分别 splits into its parts (城乡 -> 城镇, 农村)
    compound: dict[str, tuple[str, ...]]
    aggregate: frozenset[str]
    scope: tuple[str, ...]
    measure: tuple[str, ...]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


@cache
def _words() -> _Words:
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for row in load_table(WORDS_FILE):
        by_kind.setdefault(row["kind"], []).append((row["word"], row["note"]))

    def words(kind: str, note: str | None = None) -> list[str]:
        return [w for w, n in by_kind.get(kind, []) if note is None or n == note]

    return _Words(
        boundary=frozenset(words("boundary")),
        stop=_longest_first(words("stop")),
        lead=_longest_first(words("lead")),
        link=_longest_first(words("link")),
        link_to=frozenset(words("link", "to")),
        from_=_longest_first(words("from")),
        compare=_longest_first(words("compare")),
        change=_longest_first(words("change")),
        adverb=frozenset(words("adverb")) | frozenset(words("compare")),
        respective=_longest_first(words("respective")),
        share=_longest_first(words("share")),
        share_lead=_longest_first(words("share_lead")),
        share_measure=_longest_first(words("share_measure")),
        purpose_verb=frozenset(words("purpose_verb")),
        verb=frozenset(words("verb")),
        right_stop=frozenset(words("right_stop")),
        vp_lead=_longest_first(words("right_stop", "adverb")),
        zero_neg_bare=_longest_first(words("zero_neg", "")),
        zero_neg_verb=_longest_first(words("zero_neg", "verb")),
        zero_verb=_longest_first(words("zero_verb")),
        zero_verb_dropped=_longest_first(words("zero_verb", "")),
        zero_verb_kept=_longest_first(words("zero_verb", "keep")),
        zero_topic={w: n for w, n in by_kind.get("zero_topic", [])},
        zero_lead=_longest_first(words("zero_lead")),
        zero_noun={w: n for w, n in by_kind.get("zero_noun", [])},
        zero_tail=_longest_first(words("zero_tail")),
        zero_strip=_longest_first(words("zero_strip")),
        tail=_longest_first(words("tail")),
        time_tail=_longest_first(words("time_tail")),
        cutoff=_longest_first(words("cutoff")),
        list_end=_longest_first(words("list_end")),
        item_sep=frozenset(words("item_sep")),
        person={w: n for w, n in by_kind.get("person", [])},
        compound={w: tuple(n.split("|")) for w, n in by_kind.get("compound", [])},
        share_name="".join(words("share_name")[:1]),
        aggregate=frozenset(words("aggregate")),
        scope=_longest_first(words("scope")),
        measure=_longest_first(words("measure")),
    )


def _alternation(words: Sequence[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _zero_topic_pattern() -> regex.Pattern[str]:
    return regex.compile(_alternation(sorted(_words().zero_topic, key=len, reverse=True)))


@cache
def _zero_pattern() -> regex.Pattern[str]:
    """未/没有 (+ 发生/收取…) + up to 30 characters of one clause + a zero topic."""
    w = _words()
    clause_char = r"[^。；;，,！？!?\n]"
    # 未/无 need a verb, a lead word (因/向/被) or a topic right after them: 未收取, 未因…被申请,
    # 无政府信息公开申请; 没有 states a zero on its own
    after_neg = _alternation([*w.zero_verb, *w.zero_lead, *w.zero_topic])
    neg = rf"(?:(?:{_alternation(w.zero_neg_verb)})(?={after_neg})" + (
        rf"|{_alternation(w.zero_neg_bare)})"
    )
    return regex.compile(
        rf"(?P<neg>{neg})(?P<body>{clause_char}{{0,30}}?(?:{_alternation(list(w.zero_topic))})"
        rf"{clause_char}{{0,30}}?)(?=[。；;，,！？!?\n]|$)"
    )


# --------------------------------------------------------------------------- helpers

_SPACE = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")
_NUMBER_CHARS = regex.compile(rf"[0-9０-９.,，．{NUMERAL_CHARS}]+")
_NOUN_TAIL_NOISE = regex.compile(r"^[多余万亿千百十几]+")
_NOUNISH = ("n", "vn", "j", "nz", "an", "l", "i", "eng", "g", "b", "s")
_VERBISH = ("v",)
# what a line opens with when it is a heading or list item, not a wrapped sentence
# (look-behinds: a numeral run is tried from its head only, so a search stays linear)
_HEADING_START = regex.compile(
    rf"[（(【#—-]|(?<![{COUNTING_NUMERALS}])[{COUNTING_NUMERALS}]+[、.．]|(?<![0-9])[0-9]+[、.．]|第"
)
# a numbered heading line: （四）…, 四、…, 第一… (its newline is never a wrap)
_HEADING_LINE = regex.compile(
    rf"[（(][{COUNTING_NUMERALS}0-9]{{1,3}}[）)]|[{COUNTING_NUMERALS}]{{1,3}}[、.．]"
)
# 因依申请公开被行政复议纠错或行政诉讼败诉: the second conjunct takes the cause without 被
_ZERO_STEM_TAIL = ("被", "提起", "申请")
_TAIL_HEDGES = ("以上", "左右", "以内", "以下", "多", "余")
_CONTINUATIONS = ("并", "且", "而且")
_CONJUNCTIONS = ("和", "及", "与", "、")
_QUOTES = "“”‘’《》「」〈〉\"'"
_OPEN_QUOTES = frozenset("“‘「")
_CLOSE_QUOTES = frozenset("”’」")


# Unicode's White_Space characters all lie below U+3001 (the last is U+3000)
_WHITESPACE_ABOVE = 0x3000


@cache
def _whitespace() -> frozenset[str]:
    """The characters ``\\s`` matches (checked over every code point in the tests)."""
    # one scan over all those characters, not one match call per character
    below = "".join(map(chr, range(_WHITESPACE_ABOVE + 1)))
    return frozenset("".join(_SPACE.findall(below)))


def _strip_space(s: str) -> str:
    # Most clauses hold no space.  Every White_Space character but U+0020 is a control or
    # separator, which str.isprintable refuses (tests/test_indicators.py checks it): two
    # scans in C without a string per character, then the exact set test for the rest.
    if s.isprintable() and " " not in s:
        return s
    return s if _whitespace().isdisjoint(s) else _SPACE.sub("", s)


@cache
def _by_first_char(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        index.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _by_last_char(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        index.setdefault(w[-1], []).append(w)
    return {k: tuple(v) for k, v in index.items()}


def _lstrip_words(s: str, words: tuple[str, ...]) -> str:
    """Drop any of ``words`` from the start of ``s``, repeatedly, longest first."""
    index = _by_first_char(words)
    while s:
        for w in index.get(s[0], ()):
            if s.startswith(w):
                s = s[len(w) :]
                break
        else:
            return s
    return s


def _rstrip_words(s: str, words: tuple[str, ...]) -> tuple[str, list[str]]:
    """Drop any of ``words`` from the end of ``s``, repeatedly; also say which went."""
    index = _by_last_char(words)
    removed: list[str] = []
    while s:
        for w in index.get(s[-1], ()):
            if s.endswith(w):
                s = s[: -len(w)]
                removed.append(w)
                break
        else:
            return s, removed
    return s, removed


def _remove_all(s: str, words: Iterable[str]) -> str:
    for w in words:
        s = s.replace(w, "")
    return s


def _is_nounish(tok: Token) -> bool:
    return tok.pos.startswith(_NOUNISH) or tok.word[0] in _QUOTES


def _has_subject(s: str) -> bool:
    """Does the clause text name something (a noun), beyond verbs, adverbs and time words?"""
    w = _words()
    for tok in _segmented(s):
        if tok.word in w.adverb or tok.word in w.change or tok.word in w.link:
            continue
        if tok.pos in ("t", "m", "mq", "f", "d", "p", "c", "u", "ul", "uj", "x", "r"):
            continue
        if _is_nounish(tok):
            return True
    return False


def _first_verb(s: str) -> str | None:
    w = _words()
    toks = _segmented(s)  # once for both passes
    for tok in toks:
        if tok.word in w.verb:
            return tok.word
    for tok in toks:
        if tok.pos.startswith(_VERBISH) and tok.pos != "vn":
            return tok.word
    return None


def _has_verb(s: str) -> bool:
    w = _words()
    return any(
        tok.word in w.verb or (tok.pos in ("v", "vd", "vi") and tok.word not in w.link)
        for tok in _segmented(s)
    )


def _segmented(s: str) -> tuple[Token, ...]:
    return tuple(segment(s, hmm=False))


def _counted_noun_inside(q: QuantityLike) -> str:
    """The noun a figure's own text ends with (近1亿农村贫困人口 -> 农村贫困人口)."""
    number_end = getattr(q, "number_end", None)
    if isinstance(number_end, int) and q.start <= number_end <= q.end:
        tail = q.text[number_end - q.start :]
    else:
        last = None
        for m in _NUMBER_CHARS.finditer(q.text):
            last = m
        tail = q.text[last.end() :] if last else ""
    return _counted_noun(tail, q.unit or "")


def _counted_noun(tail: str, unit: str) -> str:
    tail = _strip_space(_NOUN_TAIL_NOISE.sub("", _strip_space(tail)))
    tail, _ = _rstrip_words(tail, _TAIL_HEDGES)
    if tail == unit or (unit and unit.endswith(tail)):
        return ""  # 2.5万公里: the tail is the unit itself, not a counted noun
    return tail if len(tail) >= 2 and _HAN.search(tail) else ""


def _is_percent(q: QuantityLike) -> bool:
    return (q.unit or "") in ("%", "‰", "个百分点") or q.text.rstrip().endswith(("%", "％"))


# --------------------------------------------------------------------------- clause scanning


class _State:
    """What the figures of one sentence pass on to the next ones."""

    __slots__ = (
        "_named",
        "_topic",
        "assigned",
        "from_pending",
        "list_verb",
        "prev_end",
        "prev_name",
        "prev_verb",
        "sentence_start",
    )

    def __init__(self, sentence_start: int = -1) -> None:
        self.sentence_start = sentence_start
        self._topic = ""
        # names that may set the topic, oldest first, not read yet (see ``topic``)
        self._named: list[str] = []
        self.prev_name = ""
        self.prev_verb: str | None = None
        # the verb a list of 、-joined figures shares: its first item's (see _shared_list_verb)
        self.list_verb: str | None = None
        self.prev_end = -1
        self.from_pending: str | None = None  # subject of an open 从A…到B
        # names fixed ahead for later figures of the sentence (the values 分别 pairs with items)
        self.assigned: dict[int, tuple[str, str | None, NameRule]] = {}

    @property
    def topic(self) -> str:
        """The measure the sentence is about (主动公开政府信息).

        A figure's name becomes the topic when it names something (:func:`_has_subject`,
        which segments it).  That test waits until the topic is read: the last figure of a
        sentence is never followed by a reader, and the state is dropped at the next
        sentence.  The latest name that names something wins, as if each had been tested
        in turn (both functions are pure).
        """
        if self._named:
            for name in reversed(self._named):
                if _has_subject(name):
                    self._topic = _topic_of(name)
                    break
            self._named.clear()
        return self._topic

    @topic.setter
    def topic(self, value: str) -> None:
        self._topic = value
        self._named.clear()

    def offer_topic(self, name: str) -> None:
        """``name`` becomes the topic if it names something (tested when read)."""
        self._named.append(name)


# A line ending in one of these ends its sentence or clause: its newline is a real break.
_LINE_END_STOPS = "。；;：:！？!?"


def _soft_newline(text: str, i: int) -> bool:
    """Is the newline at ``i`` a hard wrap inside a sentence (PDF extraction), not a break?"""
    line_start = text.rfind("\n", 0, i) + 1
    line = text[line_start:i].strip()
    if len(line) < 15 or line[-1:] in _LINE_END_STOPS or _HEADING_LINE.match(line):
        return False  # （四）民生保障和社会服务水平显著提高: a heading ends at its newline
    nxt = text[i + 1 : i + 3]
    return bool(nxt) and not _HEADING_START.match(nxt)


@cache
def _boundary_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(the nearest boundary character or newline after a position, the nearest before one):
    one scan in C instead of a Python loop over the characters.  Only one-character
    boundary words can equal a character."""
    chars = regex.escape("".join(sorted(b for b in _words().boundary if len(b) == 1)))
    return regex.compile(f"[{chars}\n]"), regex.compile(f"(?r)[{chars}\n]")


def _clause_start(text: str, pos: int, floor: int) -> tuple[int, str]:
    """Where the clause ending at ``pos`` starts, and the boundary character before it
    (``floor`` >= 0: a position in ``text``)."""
    lo = max(floor, pos - MAX_LEFT)
    before = _boundary_patterns()[1].search
    hi = pos
    while (m := before(text, lo, hi)) is not None:
        i = m.start()
        ch = text[i]
        if ch != "\n" or not _soft_newline(text, i):
            return i + 1, ch
        hi = i  # a hard wrap inside the sentence: look on before it
    return max(lo, 0), ""


def _clause_end(text: str, pos: int, ceiling: int) -> int:
    hi = min(ceiling, pos + MAX_RIGHT, len(text))
    after = _boundary_patterns()[0].search
    i = pos
    while (m := after(text, i, hi)) is not None:
        i = m.start()
        if text[i] != "\n" or not _soft_newline(text, i):
            return i
        i += 1  # a hard wrap inside the sentence: look on after it
    return hi


_FULL_STOPS = "。！？!?"
# What ends a naming sentence: a sentence's end or a semicolon, full-width or not (the 2025
# Xinjiang and Guangxi reports print ASCII ! and ? after Chinese sentences); and how far a
# sentence is looked for on either side.
_SENTENCE_STOPS = "。；;！？!?"
_SENTENCE_REACH = 400


def _sentence_start(text: str, pos: int, stops: str = _SENTENCE_STOPS) -> int:
    lo = max(0, pos - _SENTENCE_REACH)
    last = _last_stop(stops).search(text, lo, pos)  # one reverse scan, not one per stop
    k = last.start() if last is not None else -1
    nl = text.rfind("\n", max(lo, k + 1), pos)
    while nl >= 0 and _soft_newline(text, nl):
        nl = text.rfind("\n", max(lo, k + 1), nl)
    k = max(k, nl)
    return k + 1 if k >= 0 else lo


def _clean_left(raw: str) -> tuple[str, tuple[str, ...], bool, bool]:
    """Trim a left clause to a name: (name, link words removed, had 从/由, had 分别)."""
    w = _words()
    s = _strip_space(raw)
    # one scan: with none of the stop, compare and respective words in it (most clauses),
    # the steps for them do nothing (the rest of the steps only shorten the clause)
    listed = _clean_left_words().search(s) is not None
    for stop in w.stop if listed else ():
        k = s.rfind(stop)
        if k >= 0:
            s = s[k + len(stop) :]
    respective = listed and any(r in s for r in w.respective)
    s, links = _rstrip_words(s, w.link)
    had_from = False
    for f in w.from_:
        if s.endswith(f):
            s = s[: -len(f)]
            had_from = True
            break
    s, more = _rstrip_words(s, w.link)
    links += more
    s = _lstrip_words(s, w.lead)
    if listed:
        s = _remove_all(s, w.compare)
        s = _remove_all(s, w.respective)
    s = s.strip(_QUOTES[:0] + "、，,")
    return s, tuple(links), had_from, respective


@cache
def _clean_left_words() -> regex.Pattern[str]:
    """Any stop, compare or respective word (what :func:`_clean_left` cuts at or removes)."""
    w = _words()
    return regex.compile(_alternation((*w.stop, *w.compare, *w.respective)))


def _right_phrase(text: str, q: QuantityLike, ceiling: int) -> tuple[str, str]:
    """(noun phrase right after the figure, verb phrase after that) within the clause."""
    w = _words()
    end = _clause_end(text, q.end, ceiling)
    raw = _strip_space(text[q.end : end])
    if not raw:
        return "", ""
    toks = _segmented(raw)
    noun_parts: list[str] = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        if tok.word in w.right_stop or tok.word in w.link:
            break
        if tok.word in _OPEN_QUOTES:
            if noun_parts:
                break  # 12所高水平大学“一校一策”建设方案: the label opens another phrase
            close = next((j for j in range(k + 1, len(toks)) if toks[j].word in _CLOSE_QUOTES), -1)
            if 0 < close < len(toks) - 1 and _is_nounish(toks[close + 1]):
                # 17支“4+1”专项基金: a quoted label before the counted noun only qualifies it
                k = close + 1
                continue
            if close > 0:
                # 35项“高效办成一件事”上线运行: the label is what is counted
                noun_parts.append("".join(t.word for t in toks[k : close + 1]))
                k = close + 1
                break
        if _is_nounish(tok) or (noun_parts and tok.pos in ("a", "f")):
            noun_parts.append(tok.word)
            k += 1
            continue
        break
    rest = "".join(t.word for t in toks[k:])
    return "".join(noun_parts), rest


def _modified_noun(text: str, q: QuantityLike) -> tuple[str, str] | None:
    """(modifier + 的 + noun, the rest) right after a count whose next word is no noun: 4个过
    五百亿的县市 -> 过五百亿的县市; None when the modifier holds a verb (实施的) or is long."""
    if getattr(q, "kind", "count") != "count":
        return None  # 只经过四年多的时间, 受益几十亩到几百亩的工程: no count of a noun
    raw = _strip_space(text[q.end : _clause_end(text, q.end, len(text))])
    k = raw.find("的")
    if not 0 < k <= _MAX_MODIFIER or _has_verb(raw[:k]):
        return None
    toks = _segmented(raw[k + 1 :])
    j = 0
    while j < len(toks) and toks[j].word not in _words().right_stop and (
        _is_nounish(toks[j]) or (j and toks[j].pos in ("a", "f", "q", "m"))
    ):
        j += 1
    if j == 0:
        return None
    return raw[: k + 1] + "".join(t.word for t in toks[:j]), "".join(t.word for t in toks[j:])


#: the longest modifier between a count and 的 + its noun (4个过五百亿的县市)
_MAX_MODIFIER = 10


def _verb_phrase(rest: str) -> str:
    w = _words()
    s = _lstrip_words(rest, w.vp_lead)
    s = _remove_all(s, ("了",))
    return s


def _next_quantity_skip(text: str, q: QuantityLike, nxt: QuantityLike | None) -> int:
    """In 32个政府部门和9个乡镇均明确…, the verb phrase of the first figure lies past the second."""
    if nxt is None:
        return -1
    between = _strip_space(text[q.end : nxt.start])
    if len(between) > 12 or not between.endswith(("和", "及", "与", "、")):
        return -1
    return nxt.end


# --------------------------------------------------------------------------- roles


class _FullSentences:
    """The 。-sentence of each figure of one text, figures visited in text order.

    A figure inside the sentence of the one before takes its bounds without a scan.  The
    sentence end of the figure before, ``e``, was found (not the 400-character cap): no
    boundary (stop or hard newline) lies in ``[q0.end, e)``.  A figure with ``q0.end <= end
    <= e`` then ends at ``e`` too (``e`` lies within its own cap).  Its start is the one after
    the last boundary before it: with ``q0.start <= start <= e`` and no stop or newline in the
    figure before's own text ``[q0.start, q0.end)``, that is the last boundary before
    ``q0.start`` (one before the sentence start ``s`` of the figure before), provided it lies
    within the 400 characters looked back — which also rules out an ``s`` that was only the
    cap, 400 characters before ``q0.start`` (tests/test_indicators.py compares every answer
    with the plain scans).
    """

    __slots__ = ("_last", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._last: tuple[int, int, int, int] | None = None  # q.start, q.end, start, end

    def bounds(self, q: QuantityLike) -> tuple[int, int]:
        text = self._text
        if self._last is not None:
            q_start, q_end, start, end = self._last
            if (
                q_start <= q.start <= end
                and q_end <= q.end <= end
                and start - 1 >= q.start - _SENTENCE_REACH
            ):
                return start, end
        start = _sentence_start(text, q.start, _FULL_STOPS)
        end = _sentence_end(text, q.end, _FULL_STOPS)
        found_end = end < min(len(text), q.end + _SENTENCE_REACH)
        found_start = start >= 1
        plain = _stop_or_newline(_FULL_STOPS).search(text, q.start, q.end) is None
        self._last = (q.start, q.end, start, end) if found_end and found_start and plain else None
        return start, end


def _role(
    text: str,
    q: QuantityLike,
    genre: Genre | None,
    year: int | None,
    section_roles: Sequence[RoleSpan],
    sentences: _FullSentences | None = None,
) -> Role | None:
    if genre != Genre.WORK_REPORT:
        return None
    # A target list runs over ；-separated items (预期目标是：增长5%左右；新增就业1200万人左右),
    # so the role looks at the whole 。-sentence, wider than the naming clause; the rules
    # (figure, clause, sentence, section) are in govreport_nlp.figures.roles.
    start, end = (sentences or _FullSentences(text)).bounds(q)
    default = section_default(section_roles, q.start)
    return decide_role(
        text, q.start, q.end, year=year, default=default, sentence=(start, end)
    ).role


def _sentence_end(text: str, pos: int, stops: str = _SENTENCE_STOPS) -> int:
    hi = min(len(text), pos + _SENTENCE_REACH)
    # jump from one stop or newline to the next (a scan in C), not one character at a time
    candidates = _stop_or_newline(stops)
    i = pos
    while (m := candidates.search(text, i, hi)) is not None:
        i = m.start()
        if text[i] != "\n" or not _soft_newline(text, i):
            return i
        i += 1
    return hi


@cache
def _last_stop(stops: str) -> regex.Pattern[str]:
    return regex.compile("(?r)[" + regex.escape(stops) + "]")


@cache
def _stop_or_newline(stops: str) -> regex.Pattern[str]:
    return regex.compile("[" + regex.escape(stops) + "\n]")


# --------------------------------------------------------------------------- attribution
#
# Naming is an ordered table of rules over what one figure's clause holds (:class:`_Clause`,
# read once by :func:`_read_clause`): the first rule that fires gives the name and verb, with
# its id (:class:`NameRule`).  Then the repairs run in order, each that applies appending its
# id (``left+previous_clause``), and the name is tidied; the whole chain is the figure's
# ``name_rule``.


class NameRule(StrEnum):
    """Which rule named a figure (the table :data:`_NAMING_RULES`, in this order)."""

    PRESET = "preset"
    RESPECTIVE = "respective"
    RESPECTIVE_SHARED = "respective_shared"
    FROM_MEASURE = "from_measure"
    LIST_VERB = "list_verb"
    MEASURED_WORK = "measured_work"
    NOUN_LEFT_VERB = "noun_left_verb"
    NOUN_VERB_PHRASE = "noun_verb_phrase"
    NOUN_LEFT = "noun_left"
    SHARED_VERB = "shared_verb"
    BARE_NOUN = "bare_noun"
    BRACKET_SHARE = "bracket_share"
    SHARE_OF_PREVIOUS = "share_of_previous"
    NEW_LEVEL = "new_level"
    TOPIC_RATIO = "topic_ratio"
    TOPIC_YEAR = "topic_year"
    PURPOSE = "purpose"
    TOPIC_CHANGE = "topic_change"
    ENUMERATION_VERB = "enumeration_verb"
    GAPPED_VERB = "gapped_verb"
    LEFT = "left"
    TOPIC = "topic"
    CONTINUATION = "continuation"
    VERB_PHRASE = "verb_phrase"
    ENUMERATION_REPEAT = "enumeration_repeat"
    DENSE = "dense"
    NONE = "none"


class NameRepair(StrEnum):
    """What was done to a name after its rule (appended to ``name_rule`` with ``+``)."""

    SHORT_VERB_PHRASE = "short_verb_phrase"
    PREVIOUS_CLAUSE = "previous_clause"
    FALLBACK = "fallback"
    DATED = "dated"


@dataclass(frozen=True, slots=True)
class _Naming:
    """A rule's decision: the name, its verb, the rule's id, and names it fixes ahead for the
    next figures of the sentence (the values 分别 pairs with listed items)."""

    name: str
    verb: str | None
    rule: NameRule
    later: tuple[tuple[str, str | None], ...] = ()
    repairs: tuple[NameRepair, ...] = ()

    @property
    def chain(self) -> str:
        """The rule's id and the repairs', joined by ``+`` (``left+previous_clause``)."""
        return "+".join((self.rule, *self.repairs))


@dataclass(slots=True)
class _Clause:
    """What the rules read of one figure's clause (see :func:`_read_clause`)."""

    text: str
    quantities: Sequence[QuantityLike]
    idx: int
    q: QuantityLike
    names_before: list[str]
    sent: int
    cstart: int
    boundary: str
    after_prev: bool
    enumerated: bool
    gapped: bool
    bracketed: bool
    raw_left: str
    listed_left: str  # the left clause before a list's second member loses it
    left: str
    links: tuple[str, ...]
    had_from: bool
    from_time: str | None
    to_time: str | None
    is_new_level: bool
    respective: bool
    list_verb: str | None
    list_item: str
    inside: str
    noun: str
    vp: str
    frame: str
    preset: tuple[str, str | None, NameRule] | None
    reader: _Reader  # what the figures of the text share (the clause before this one)


def _read_clause(
    text: str,
    quantities: Sequence[QuantityLike],
    idx: int,
    st: _State,
    names_before: list[str],
    reader: _Reader,
) -> _Clause:
    """The left clause of figure ``idx`` as a name candidate, its links and lists (the right
    side and the topic-comment frame: :func:`_read_right`, :func:`_read_frame`)."""
    w = _words()
    q = quantities[idx]
    sent = st.sentence_start
    floor = max(sent, st.prev_end) if st.prev_end >= 0 else sent
    cstart, boundary = _clause_start(text, q.start, floor)
    cstart, boundary, aside = _past_aside(text, cstart, boundary, floor)
    cstart, boundary = _past_open_quote(text, cstart, boundary, floor, q.start)
    adjoining = st.prev_end >= 0 and not _strip_space(text[st.prev_end : cstart - 1])
    raw_left = _strip_space(text[cstart : q.start])
    if aside:
        raw_left = _BRACKETED.sub("", raw_left)  # 市(地)级服务中心 -> 市级服务中心
    from_time = to_time = None
    is_new_level = False
    from_match = _from_patterns()[0].search(raw_left)
    if from_match is not None:
        # 在调整初期由1978年的36.5%: the old level, dated; the measure is before 由
        left, links, _, respective = _clean_left(raw_left[: from_match.start()])
        had_from, from_time = True, from_match.group("time") or ""
        if _TIME_ADVERBIAL.match(left):
            left = ""
    else:
        left, links, had_from, respective = _clean_left(raw_left)
        to_match = _from_patterns()[1].match(raw_left)
        if to_match is not None:
            is_new_level, to_time = True, to_match.group("time")
    left = _tidy(left)
    list_verb: str | None = None
    list_item = ""
    if any(e in left for e in w.list_end):
        left, list_item, list_verb = _after_list(text, left, floor, q.start)
    clause = _Clause(
        text=text, quantities=quantities, idx=idx, q=q, names_before=names_before,
        sent=sent, cstart=cstart, boundary=boundary,
        after_prev=st.prev_end >= 0 and cstart == st.prev_end,
        enumerated=boundary == "、" and adjoining,
        gapped=boundary in ("，", ",") and adjoining,
        bracketed=boundary in ("（", "(") and adjoining,
        raw_left=raw_left, listed_left=left, left=left, links=links, had_from=had_from,
        from_time=from_time, to_time=to_time, is_new_level=is_new_level,
        respective=respective, list_verb=list_verb, list_item=list_item,
        inside="", noun="", vp="", frame="", preset=st.assigned.pop(idx, None),
        reader=reader,
    )
    _read_right(clause)
    _read_frame(clause, st)
    if clause.noun and _is_conjunction_end(clause.left):
        clause.left = ""  # 32个政府部门和9个乡镇: the second list member has no left context
    return clause


def _past_aside(text: str, cstart: int, boundary: str, floor: int) -> tuple[int, str, bool]:
    """A clause that starts after a short bracketed aside inside a name (市(地)级服务中心1个,
    《纲要（草案）》提出了15个方面) starts before it: (start, boundary, whether it moved)."""
    if boundary not in _CLOSE_BRACKETS:
        return cstart, boundary, False
    opening = max(text.rfind("（", floor, cstart - 1), text.rfind("(", floor, cstart - 1))
    if opening < 0 or cstart - 1 - opening > _MAX_ASIDE or opening < floor:
        return cstart, boundary, False
    inner = text[opening + 1 : cstart - 1]
    if _boundary_patterns()[0].search(inner) or _DIGIT.search(inner):
        return cstart, boundary, False  # （17.46%）, （一、二）: a figure or a list, no aside
    start, before = _clause_start(text, opening, floor)
    if before in _CLOSE_BRACKETS or start == opening:
        return cstart, boundary, False  # the bracket opens the clause: (一)…, a heading number
    if not before and start == floor:
        return cstart, boundary, False  # 16个区（或国企）与云南16个州: the figure before's noun
    return start, before, True


def _past_open_quote(
    text: str, cstart: int, boundary: str, floor: int, end: int
) -> tuple[int, str]:
    """A clause whose boundary lies inside quotes (“走出去、请进来”招商推介33场次) starts
    before the opening quote: (start, boundary)."""
    if _CLOSING_QUOTE.search(text, cstart, end) is None:
        return cstart, boundary  # most clauses: no closing quote, one scan in C
    raw = text[cstart:end]
    for opening, closing in _QUOTE_PAIRS:
        if raw.count(closing) > raw.count(opening):
            j = text.rfind(opening, floor, cstart)
            if j >= 0 and cstart - j <= _MAX_QUOTE_BACK:
                return _clause_start(text, j, floor)
    return cstart, boundary


_QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("‘", "’"), ("「", "」"))
_CLOSING_QUOTE = regex.compile("[" + "".join(closing for _, closing in _QUOTE_PAIRS) + "]")
#: how far back a clause start inside quotes looks for the opening quote
_MAX_QUOTE_BACK = 24
_CLOSE_BRACKETS = frozenset("）)")
#: the longest bracketed aside inside a name, brackets included (（地）, （草案）, （街道）)
_MAX_ASIDE = 8


def _read_right(c: _Clause) -> None:
    """The noun the figure counts (in its own text or right after it) and the verb phrase
    after that."""
    w = _words()
    text, q, quantities = c.text, c.q, c.quantities
    nxt = quantities[c.idx + 1] if c.idx + 1 < len(quantities) else None
    ceiling = nxt.start if nxt is not None else len(text)
    inside = _counted_noun_inside(q)
    noun, rest = ("", "")
    if inside:
        noun = inside
        rest = _strip_space(text[q.end : _clause_end(text, q.end, ceiling)])
    elif not _is_percent(q):
        noun, rest = _right_phrase(text, q, ceiling)
        if not noun:
            # 4个过五百亿的县市: a modifier (holding the next figure) before 的 and the noun
            noun, rest = _modified_noun(text, q) or (noun, rest)
    else:
        rest = _strip_space(text[q.end : _clause_end(text, q.end, ceiling)])
    if noun and not rest.strip("和及与、"):
        skip = _next_quantity_skip(text, q, nxt)
        if skip >= 0:
            after = _strip_space(text[skip : _clause_end(text, skip, len(text))])
            toks = _segmented(after) if after else ()
            k = 0
            while k < len(toks) and _is_nounish(toks[k]) and toks[k].word not in w.right_stop:
                k += 1
            rest = "".join(t.word for t in toks[k:])
    list_end = _clause_end(text, q.end, ceiling) if noun else -1
    if text[list_end : list_end + 1] == "、" and getattr(q, "kind", "count") == "count":
        # 60家单位、两县四区及高新区在政府广场、…、97个社区开展了宣传活动: the list's predicate
        if not _has_verb(rest):
            rest = _list_predicate(text, list_end) or rest
    if rest and not noun:
        rest += _object_list_tail(text, _clause_end(text, q.end, ceiling), ceiling)
    vp = _verb_phrase(rest) if rest else ""
    if c.had_from:
        vp = ""  # 由175元提高到288元: what follows the old level is the change, not a name
    if noun and vp[:1] in _OPEN_QUOTES:
        vp = ""  # 高水平大学“一校一策”建设方案加快实施: the label's phrase, not the noun's verb
    c.inside, c.noun, c.vp = inside, noun, vp


def _list_predicate(text: str, end: int) -> str:
    """The predicate closing a 、-list whose items have none (…、全市72个街道、97个社区开展了宣传
    活动 -> 开展了宣传活动): the verb phrase of the first later item that has one, when that item
    is a figure and its noun like the list's; "" otherwise."""
    w = _words()
    for _ in range(_MAX_LIST_ITEMS):
        if text[end : end + 1] != "、":
            return ""
        nxt = _clause_end(text, end + 1, len(text))
        toks = _segmented(_strip_space(text[end + 1 : nxt]))
        k = next(
            (
                i
                for i, t in enumerate(toks)
                if t.word in w.verb or (t.pos in ("v", "vd", "vi") and t.word not in w.link)
            ),
            -1,
        )
        if k >= 0:
            # only a parallel item (a figure and its noun, then the verb) closes the list
            before = "".join(t.word for t in toks[:k])
            if k and _is_nounish(toks[k - 1]) and _DIGIT_OR_NUMERAL.search(before):
                return "".join(t.word for t in toks[k:])
            return ""
        end = nxt
    return ""


_DIGIT_OR_NUMERAL = regex.compile(rf"[0-9０-９{NUMERAL_CHARS}]")
#: how many 、-items a list's closing predicate is looked for across
_MAX_LIST_ITEMS = 4


def _object_list_tail(text: str, end: int, ceiling: int) -> str:
    """The rest of a verb's object list that 、 cut off (为5万多人次进行了法律、法规及相关政策的
    宣讲: 、法规及相关政策的宣讲), when no figure lies in it; "" otherwise."""
    out = ""
    while end < ceiling and text[end : end + 1] == "、" and len(out) < _MAX_OBJECT_TAIL:
        nxt = _clause_end(text, end + 1, ceiling)
        item = _strip_space(text[end + 1 : nxt])
        if nxt >= ceiling or not item or len(out) + len(item) > _MAX_OBJECT_TAIL:
            break  # the next figure's own clause, or a long run
        first = _segmented(item)[0]
        if first.pos.startswith(("v", "d", "p")):
            break  # 13个创新药获批上市、居全国第一: another predicate, not an object
        out += "、" + item
        end = nxt
    return out


#: how much of an object list cut by 、 a verb phrase takes back (法规及相关政策的宣讲)
_MAX_OBJECT_TAIL = 20


def _read_frame(c: _Clause, st: _State) -> None:
    """Topic-comment: 农民的纯收入，全国平均每人达到三百五十五元，比上年增长14.7% — the bare
    noun phrase before takes the place of a left clause of only scope words, adverbs and
    change verbs (全国平均每人, 比上年增长)."""
    w = _words()
    if c.boundary not in ("，", ","):
        return
    frame = c.reader.topic(c.cstart, c.sent, st.prev_end)
    if not frame or c.noun or c.had_from or frame in c.left:
        c.frame = frame
        return
    left = _TIME_ADVERBIAL_LEAD.sub("", c.left)  # 在过去四年中共增加: when, not what
    own = _remove_all(left, (*w.scope, *w.compare, *w.change, *w.adverb, *w.link))
    if (left and not _TIME_ONLY.sub("", own)) or (not left and not c.vp):
        c.left = c.listed_left = frame + left
        c.frame = frame
    else:
        c.left = c.listed_left = left
        c.frame = ""


# ----------------------------------------------------------------- the naming rules, in order

_Rule = Callable[[_Clause, _State], "_Naming | None"]


def _rule_preset(c: _Clause, st: _State) -> _Naming | None:
    """A name fixed ahead by an earlier figure's 分别."""
    if c.preset is None:
        return None
    name, verb, rule = c.preset
    return _Naming(name, verb, rule)


def _rule_respective(c: _Clause, st: _State) -> _Naming | None:
    """基础设施、制造业投资分别增长9.4%、9.1%: pair figures with the listed items."""
    if not c.respective:
        return None
    names, verb = _respective_names(c.text, c.quantities, c.idx, c.sent, c.names_before)
    if not names:
        return None
    later = tuple((name, verb) for name in names[1:])
    return _Naming(names[0], verb, NameRule.RESPECTIVE, later)


def _rule_from_measure(c: _Clause, st: _State) -> _Naming | None:
    """城乡居民的平均消费水平，由一百七十五元提高到二百八十八元: the measure, not 提高到."""
    if not c.had_from or c.listed_left:
        return None
    measure = c.frame or _previous_clause(c.text, c.cstart, c.sent, st.prev_end) or st.topic
    return _Naming(measure, None, NameRule.FROM_MEASURE) if measure else None


def _rule_list_verb(c: _Clause, st: _State) -> _Naming | None:
    """南开路中学等14个项目, “…”“…”等新闻发布会12场: the list's verb and what it counts."""
    if c.list_verb is None or not (c.list_verb or not c.vp):
        return None
    if not (c.noun or c.listed_left or c.list_item):
        return None
    name = c.list_verb + (c.listed_left or c.noun or c.list_item)
    example = _single_example(c.list_item) if c.boundary != "、" else ""
    if c.noun and not c.listed_left and example:
        # 实施的向阳幼儿园等6个项目: one example names the kind (实施向阳幼儿园等项目)
        name = c.list_verb + example + _words().list_end[-1] + c.noun
    return _Naming(name, c.list_verb or None, NameRule.LIST_VERB)


def _single_example(item: str) -> str:
    """The one item before 等 (实施的向阳幼儿园 -> 向阳幼儿园), or "" for a list of several
    (、 inside, or before it: the caller checks the clause boundary), quotes or a long one."""
    item = item[item.rfind("的") + 1 :]
    if not 2 <= len(item) <= _MAX_EXAMPLE or _LIST_MARK.search(item) or _has_verb(item):
        return ""
    return "" if any(ch in _QUOTES for ch in item) else item


#: the longest single example before 等 kept in a list's name (向阳幼儿园)
_MAX_EXAMPLE = 8


def _rule_measured_work(c: _Clause, st: _State) -> _Naming | None:
    """A physical measure before a noun and its verb (完成15万平方米老旧小区既有建筑节能改造,
    做好22.8公里道路的扩建和绿化) measures the work, read in order: 完成老旧小区既有建筑节能改造."""
    if getattr(c.q, "kind", "count") != "other" or not c.vp:
        return None
    if not c.noun:
        # 5个行政村17.2公里的村巷硬化: the work right after 的, when the clause ends with it
        work = c.vp.removeprefix("的")
        if c.text[c.q.end : c.q.end + 1] != "的" or not _is_noun_or_work(work):
            return None
        return _Naming(c.left + work, _first_verb(c.left), NameRule.MEASURED_WORK)
    name = c.left + c.noun + c.vp
    return _Naming(name, _first_verb(c.left) or _first_verb(c.vp), NameRule.MEASURED_WORK)


def _rule_noun_left_verb(c: _Clause, st: _State) -> _Naming | None:
    """Number before the noun, a verb before it: 设立首批5个国家公园."""
    if not (c.noun and c.left and _has_verb(c.left)):
        return None
    return _Naming(c.left + c.noun, _first_verb(c.left), NameRule.NOUN_LEFT_VERB)


def _rule_noun_verb_phrase(c: _Clause, st: _State) -> _Naming | None:
    """Number before the noun, the verb phrase after it: 近1亿农村贫困人口实现脱贫."""
    if not (c.noun and c.vp):
        return None
    # 红星美凯龙5.7万平方米主力店正式运营: a short noun before the figure is the noun's owner
    owner = _lstrip_words(c.left, _words().scope) if _is_plain_noun(c.left) else ""
    if _heads_the_noun(c.noun, c.vp):
        return _Naming(owner + c.noun + c.vp, _first_verb(c.vp), NameRule.NOUN_VERB_PHRASE)
    name = c.vp + "的" + owner + c.noun
    return _Naming(name, _first_verb(c.vp), NameRule.NOUN_VERB_PHRASE)


def _is_plain_noun(s: str) -> bool:
    """Is ``s``, after scope words (全县), a short run of nouns only (红星美凯龙, 主城区,
    川渝), no verb, adverb or preposition (培育, 免费, 为中西部地区)?"""
    s = _lstrip_words(s, _words().scope)  # 全县32个政府部门: a scope, not an owner
    if not 2 <= len(s) <= _MAX_OWNER:
        return False
    return all(t.pos.startswith(_PLAIN_NOUN) for t in _segmented(s))


def _is_noun_or_work(s: str) -> bool:
    """Nouns only, or nouns closed by one verbal noun (铁路, 村巷硬化), at most 12 characters."""
    toks = _segmented(s)
    if not toks or len(s) > 12:
        return False
    body = toks[:-1] if len(toks) > 1 and toks[-1].pos in ("v", "vn") else toks
    return all(t.pos.startswith(_PLAIN_NOUN) for t in body)


#: the longest noun before a figure taken as its noun's owner (红星美凯龙)
_MAX_OWNER = 8
_PLAIN_NOUN = ("n", "j", "b", "eng", "s")


def _heads_the_noun(noun: str, vp: str) -> bool:
    """Is the word after the noun the head of one phrase with it, kept in order: 23个老旧小区
    的三级供热管网改造 (a possessive 的), 119期政策简明问答 and 45个老旧小区基础设施综合改造
    (a noun phrase closed by an adjective, then one verbal noun)?"""
    if vp.startswith("的"):
        return True
    noun_toks = _segmented(noun)
    closed_by_adjective = bool(noun_toks) and noun_toks[-1].pos in ("a", "ad", "an", "vn")
    return closed_by_adjective and len(_segmented(vp)) == 1


def _rule_noun_left(c: _Clause, st: _State) -> _Naming | None:
    """Number before the noun, with a verbless left clause or a counted noun of its own."""
    if not (c.noun and (c.left or c.inside)):
        return None
    name = c.left + c.noun
    return _Naming(name, _first_verb(name), NameRule.NOUN_LEFT)


def _rule_shared_verb(c: _Clause, st: _State) -> _Naming | None:
    """组织县级培训2批86名学员: the second figure shares the verb of the first."""
    if not (c.noun and c.after_prev and st.prev_verb):
        return None
    return _Naming(st.prev_verb + c.noun, st.prev_verb, NameRule.SHARED_VERB)


def _rule_bare_noun(c: _Clause, st: _State) -> _Naming | None:
    """A noun and nothing else."""
    if not (c.noun and not c.left and not c.vp):
        return None
    return _Naming(c.noun, None, NameRule.BARE_NOUN)


def _rule_bracket_share(c: _Clause, st: _State) -> _Naming | None:
    """A figure in brackets after another: that figure's share (占比) or a restatement."""
    if not c.bracketed or c.left:
        return None
    name = st.prev_name + (_words().share_name if _is_percent(c.q) else "")
    return _Naming(name, st.prev_verb, NameRule.BRACKET_SHARE)


def _rule_share_of_previous(c: _Clause, st: _State) -> _Naming | None:
    """予以公开及部分公开42件，占51.85%: a percentage whose clause is only 占 (约占, 占比达)
    right after a figure is that figure's share (予以公开及部分公开占比)."""
    if not (_is_percent(c.q) and (c.gapped or c.enumerated) and st.prev_name):
        return None
    if not _is_share_word(c.left):
        return None
    return _Naming(_topic_of(st.prev_name) + _words().share_name, None, NameRule.SHARE_OF_PREVIOUS)


def _is_share_word(left: str) -> bool:
    """Is the clause only a share word (占, 占比), after adverbs (约占, 仅占)?"""
    w = _words()
    return _lstrip_words(left, w.share_lead) in (*w.share, w.share_name)


def _share_named(name: str) -> str:
    """A percentage named by the clause before 占 is that subject's share: 社会文教支出占 ->
    社会文教支出占比, 私营工业则只占 -> 私营工业占比, 在批发总额中的比重已占 -> …的比重."""
    w = _words()
    stem, removed = _rstrip_words(name, w.share)
    if not removed or not stem:
        return name
    stem, _ = _rstrip_words(stem, w.share_lead)
    if not stem:
        return name
    return stem if stem.endswith(w.share_measure) else stem + w.share_name


def _rule_new_level(c: _Clause, st: _State) -> _Naming | None:
    """从2.1%提高到2.5%: the new level of the same measure (降低到1981年的28.5%: dated)."""
    if not (c.after_prev or c.gapped) or st.from_pending is None:
        return None
    left = c.left
    if left and not (set(c.links) & _words().link_to or left in _words().change or c.is_new_level):
        return None
    return _Naming((c.to_time or "") + st.from_pending, None, NameRule.NEW_LEVEL)


def _rule_topic_ratio(c: _Clause, st: _State) -> _Naming | None:
    """占总数的91.9%, 总数达到8个: a ratio or total of the measure before."""
    w = _words()
    if not c.left or not st.topic:
        return None
    if not (any(c.left.startswith(s) for s in w.share) or c.left in w.aggregate):
        return None
    return _Naming(st.topic + c.left, None, NameRule.TOPIC_RATIO)


def _rule_topic_year(c: _Clause, st: _State) -> _Naming | None:
    """1984年达到三百二十元: the measure before, in that year."""
    if not c.left or not st.topic or not _TIME_ONLY.fullmatch(c.left):
        return None
    return _Naming(c.left + st.topic, None, NameRule.TOPIC_YEAR)


def _rule_purpose(c: _Clause, st: _State) -> _Naming | None:
    """投资4360万元，对城区雨水管网进行全面改造: a sum named only by 投资/投入, opening its
    sentence, is what the next clause spends it on (对城区雨水管网进行全面改造投资)."""
    if c.left not in _words().purpose_verb or c.noun or not (c.q.unit or "").endswith("元"):
        return None
    if _previous_clause(c.text, c.cstart, c.sent, st.prev_end):
        return None  # 继续推进拆炉并网改造，年内投资1.6亿元: the clause before names it
    purpose = _next_clause(c)
    if len(purpose) < MIN_NAME or not _has_verb(purpose):
        return None
    return _Naming(purpose + c.left, c.left, NameRule.PURPOSE)


def _next_clause(c: _Clause) -> str:
    """The clause after the figure's own (after ，), without its figures and 了."""
    text, end = c.text, c.q.end
    if text[end : end + 1] not in ("，", ","):
        return ""
    stop = _clause_end(text, end + 1, len(text))
    pieces, pos = [], end + 1
    for other in c.quantities[c.idx + 1 :]:
        if other.start >= stop:
            break
        pieces.append(text[pos : other.start])
        pos = max(pos, other.end)
    pieces.append(text[pos:stop])
    return _remove_all(_strip_space("".join(pieces)), ("了",))


def _rule_topic_change(c: _Clause, st: _State) -> _Naming | None:
    """较上年增加312条, 增长12.3%, 覆盖10.5亿人: the measure named before (the cheap tests
    first: _has_subject segments the clause)."""
    if not c.left or not st.topic or not _refers_back(c.left) or _has_subject(c.left):
        return None
    if c.vp and not c.noun and (c.q.unit or "") in _words().person:
        return None  # 全年接待5187人次查询各类信息: the people doing what follows
    return _Naming(st.topic + c.left, _first_verb(c.left), NameRule.TOPIC_CHANGE)


def _rule_enumeration_verb(c: _Clause, st: _State) -> _Naming | None:
    """主动公开规章22件、规范性文件34件: the list shares its verb."""
    if not (c.left and c.enumerated and st.list_verb) or _has_verb(c.left):
        return None
    return _Naming(st.list_verb + c.left, st.list_verb, NameRule.ENUMERATION_VERB)


def _shared_list_verb(name: str, verb: str | None, *, later_item: bool = False) -> str | None:
    """The verb a list's later items share: the first item's when it governs an object of two
    characters or more (新增专精特新企业; not 城市建设类, 主营业务收入预计, and no
    one-character verb outside the vocabulary: 各类托育机构).  A later item hands on a verb
    of its own only when it opens the item and is a governing verb of the vocabulary
    (…、新建文化活动室17所、卫生室8所), never one inside its noun
    (部级领导干部用车0辆、…、执法执勤用车0辆、特种专业技术用车0辆)."""
    if not verb or (len(verb) < 2 and verb not in _words().verb):
        return None
    if later_item and not (verb in _words().verb and name.startswith(verb)):
        return None
    k = name.find(verb)
    return verb if k >= 0 and len(name) - k - len(verb) >= 2 else None


def _rule_gapped_verb(c: _Clause, st: _State) -> _Naming | None:
    """每人占有粮食近八百斤，棉花十多斤: a bare noun takes the verb before it."""
    prev_verb = st.prev_verb
    if not (c.left and c.gapped and c.left == c.raw_left and prev_verb):
        return None
    if prev_verb not in st.prev_name or not _is_single_noun(c.left):
        return None
    if not _is_single_noun(st.prev_name.split(prev_verb)[-1]):
        return None
    cut = st.prev_name.index(prev_verb) + len(prev_verb)
    return _Naming(st.prev_name[:cut] + c.left, prev_verb, NameRule.GAPPED_VERB)


def _rule_left(c: _Clause, st: _State) -> _Naming | None:
    """The clause to the left of the figure (a percentage after 占: the subject's 占比)."""
    if not c.left:
        return None
    name = _share_named(c.left) if _is_percent(c.q) else c.left
    return _Naming(name, _first_verb(name), NameRule.LEFT)


def _rule_topic(c: _Clause, st: _State) -> _Naming | None:
    """Nothing around the figure: the measure of the sentence."""
    if c.left or c.vp or not st.topic:
        return None
    return _Naming(st.topic, None, NameRule.TOPIC)


def _rule_continuation(c: _Clause, st: _State) -> _Naming | None:
    """突破40万亿元并连续多年居世界首位: the figure continues the measure before it."""
    if c.left or c.noun or not st.topic or not c.vp.startswith(_CONTINUATIONS):
        return None
    if _is_percent(c.q):
        return None
    return _Naming(st.topic, None, NameRule.CONTINUATION)


def _rule_verb_phrase(c: _Clause, st: _State) -> _Naming | None:
    """The verb phrase after the figure; a share of the measure before (其中47%来自海外), or
    the people doing it (641万人领取养老金 -> 领取养老金人数)."""
    w = _words()
    vp = c.vp
    if not vp:
        return None
    share = _is_percent(c.q) and st.topic
    name = (st.topic if share else "") + vp
    if share:
        name += w.share_name
    elif (c.q.unit or "") in w.person and len(vp) >= MIN_NAME:
        name += w.person[c.q.unit or ""]
    return _Naming(name, _first_verb(vp), NameRule.VERB_PHRASE)


def _rule_enumeration_repeat(c: _Clause, st: _State) -> _Naming | None:
    """An enumerated figure with nothing of its own: the name of the one before."""
    if not c.enumerated or not st.prev_name:
        return None
    return _Naming(st.prev_name, st.prev_verb, NameRule.ENUMERATION_REPEAT)


_NAMING_RULES: tuple[_Rule, ...] = (
    _rule_preset,
    _rule_respective,
    _rule_from_measure,
    _rule_list_verb,
    _rule_measured_work,
    _rule_noun_left_verb,
    _rule_noun_verb_phrase,
    _rule_noun_left,
    _rule_shared_verb,
    _rule_bare_noun,
    _rule_bracket_share,
    _rule_share_of_previous,
    _rule_new_level,
    _rule_topic_ratio,
    _rule_topic_year,
    _rule_purpose,
    _rule_topic_change,
    _rule_enumeration_verb,
    _rule_gapped_verb,
    _rule_left,
    _rule_topic,
    _rule_continuation,
    _rule_verb_phrase,
    _rule_enumeration_repeat,
)


def _decide_name(c: _Clause, st: _State) -> _Naming:
    """The first naming rule that fires (:class:`NameRule`), or no name (``none``)."""
    for rule in _NAMING_RULES:
        if (naming := rule(c, st)) is not None:
            return naming
    return _Naming("", None, NameRule.NONE)


def _repair(c: _Clause, st: _State, naming: _Naming) -> _Naming:
    """A short name completed from the verb phrase or the clause before, then tidied (cut
    time words, a neighbour's figure), and never empty."""
    name, verb, repairs = naming.name, naming.verb, list(naming.repairs)
    if len(name) < MIN_NAME and c.vp and not c.noun and name != c.vp:
        name = name + c.vp  # 分两期投放政策性开发性金融工具
        verb = _first_verb(name)
        repairs.append(NameRepair.SHORT_VERB_PHRASE)
    if (
        len(name) < MIN_NAME
        and c.boundary
        and not ((c.links or c.had_from) and _has_subject(name))
    ):
        # 受益 -> 发放价格补贴受益; but a bare subject before 达到/为 stands (原油达到…)
        held = c.reader.before(c.cstart, c.sent, st.prev_end)
        if held is not None and held.name:
            name = held.name + name
            verb = verb or held.verb
            repairs.append(NameRepair.PREVIOUS_CLAUSE)
    if c.preset is None:
        name = _tidy(c.reader.without_figures(c.idx, name))
    name = name.strip("、，,的")
    if not name:
        # Every figure gets a name: the measure of the sentence, the clause before, or at
        # worst what the unit counts (由33%上升到34%: 所占的比重 lies two clauses back).
        name = st.topic or st.prev_name or c.reader.previous(c.cstart, c.sent, st.prev_end)
        name = name or _strip_space(c.text[c.cstart : c.q.start]) or (c.q.unit or c.q.text)
        repairs.append(NameRepair.FALLBACK)
    return _Naming(name, verb, naming.rule, naming.later, tuple(repairs))


def _pass_on(c: _Clause, st: _State, naming: _Naming) -> _Naming:
    """What the figure leaves to the next figures of its sentence; its name dated when it is
    the old level of a change (由1978年的36.5%)."""
    name, verb, repairs = naming.name, naming.verb, naming.repairs
    if naming.rule is NameRule.NEW_LEVEL:
        st.from_pending = None
    for k, (later, later_verb) in enumerate(naming.later, start=1):
        st.assigned[c.idx + k] = (later, later_verb, NameRule.RESPECTIVE)
    if c.had_from:
        st.from_pending = name
        if c.from_time and not name.startswith(c.from_time):
            name = c.from_time + name
            repairs = (*repairs, NameRepair.DATED)
    if c.preset is None and c.respective and naming.rule is not NameRule.RESPECTIVE:
        # 分别 with items not found: the values share the first one's name, never drift
        for k in range(1, _respective_run(c.text, c.quantities, c.idx)):
            st.assigned[c.idx + k] = (name, verb, NameRule.RESPECTIVE_SHARED)
    if c.frame:
        st.topic = c.frame
    elif name and not c.bracketed:
        st.offer_topic(name)
    if not c.enumerated:
        st.list_verb = _shared_list_verb(name, verb)
    elif naming.rule is not NameRule.ENUMERATION_VERB:
        st.list_verb = _shared_list_verb(name, verb, later_item=True) or st.list_verb
    st.prev_name, st.prev_verb, st.prev_end = name, verb, c.q.end
    return _Naming(name, verb, naming.rule, (), repairs)


# A sentence (reaching at most _SENTENCE_REACH characters back) is read as prose while at most
# this many figures come before the one being named in it: one figure per 6 characters.  Past
# that — a run of numbers no report prints (the corpus's densest sentence holds
# 14 before its last figure), a machine dump or a hostile input — each further figure is named
# by the words between it and the figure before it alone (rule dense), so the work per figure
# stays bounded however long the run (issue 19: 1 MB of 1件2条3.5%4万元，…).
MAX_FIGURES_READ = 64


def _dense_naming(
    text: str, quantities: Sequence[QuantityLike], idx: int, sent: int
) -> _Naming:
    q = quantities[idx]
    lo = max(sent, quantities[idx - 1].end) if idx else sent
    name = _tidy(_strip_space(text[lo : q.start]).strip("，,、；;：:"))
    return _Naming(name, None, NameRule.DENSE)


def attribute(
    text: str,
    quantities: Sequence[QuantityLike],
    *,
    genre: Genre | None = None,
    year: int | None = None,
    section_roles: Sequence[RoleSpan] = (),
) -> list[Attribution]:
    """Name, verb and role of each figure in ``quantities`` (same order; spans index ``text``).

    For work reports, ``year`` is the year the report was delivered and ``section_roles`` the
    default role of each stretch of ``text`` from its section
    (:func:`govreport_nlp.figures.roles.section_roles`); both sharpen the role (outcome or target).
    Each attribution says which naming rule (and repairs) gave its name, ``name_rule``.

    >>> from types import SimpleNamespace as Q
    >>> t = "组织230家单位参加培训"
    >>> a = attribute(t, [Q(start=2, end=6, text="230家", unit="家")])[0]
    >>> a.name, a.name_rule
    ('组织单位', 'noun_left_verb')
    """
    out: list[Attribution] = []
    names: list[str] = []
    st = _State()
    full_sentences = _FullSentences(text)
    reader = _Reader(text, quantities)
    starts = [q.start for q in quantities]
    for idx, q in enumerate(quantities):
        sent = reader.sentence_start(q.start)
        if sent != st.sentence_start:
            st = _State(sentence_start=sent)
        if idx - bisect.bisect_left(starts, sent, 0, idx) > MAX_FIGURES_READ:
            naming = _dense_naming(text, quantities, idx, sent)
        else:
            clause = _read_clause(text, quantities, idx, st, names, reader)
            naming = _repair(clause, st, _decide_name(clause, st))
            naming = _pass_on(clause, st, naming)
        role = _role(text, q, genre, year, section_roles, full_sentences)
        names.append(naming.name)
        out.append(Attribution(naming.name, naming.verb, role, naming.chain))
    return out


# --------------------------------------------------------------------------- name tidying

_YEAR_WORD = rf"(?:\d{{4}}|[{PLAIN_DIGITS}]{{4}})年"
_MONTH_WORD = rf"(?:\d{{1,2}}|[{COUNTING_NUMERALS}]{{1,3}})月"
_TIME_PHRASE = rf"(?:{_YEAR_WORD}(?:{_MONTH_WORD}(?:\d{{1,2}}日)?)?|{_MONTH_WORD})(?:底|末|初)?"
# 在调整初期, 在此期间: a prepositional time adverbial, not a measure
_TIME_ADVERBIAL = regex.compile(
    r"^在\p{Han}{0,8}?(?:初期|期间|时期|以来|之后|之前|中|时|后|前|内)$"
)
_TIME_ONLY = regex.compile(_TIME_PHRASE)
_TIME_ADVERBIAL_LEAD = regex.compile(
    r"^在\p{Han}{0,8}?(?:初期|期间|时期|以来|之后|之前|中|时)(?=\p{Han})"
)
# a list of items: 、 or one quoted name right after another (“A”“B”)
_LIST_MARK = regex.compile(r"、|[”’」][“‘「]")
_DIGIT = regex.compile(r"\d")
_QUOTED = regex.compile(r"“[^“”]*”|‘[^‘’]*’|「[^「」]*」")
_BRACKETED = regex.compile(r"[（(][^（）()]*[）)]")


@cache
def _time_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(cut-off phrase opening a name, cut-off phrase or time word ending it)."""
    w = _words()
    cutoff = rf"(?:{_alternation(w.cutoff)}){_TIME_PHRASE}(?:前|以来)?"
    return (
        regex.compile(rf"^{cutoff}[，,]?"),
        regex.compile(rf"(?:{cutoff}|{_alternation(w.time_tail)})$"),
    )


def _tidy(name: str) -> str:
    """Cut adverbs and time phrases from the ends of a name (合格率均 -> 合格率,
    到1984年已 -> '').

    >>> _tidy("合格率均"), _tidy("到1984年已"), _tidy("截至2024年底政务新媒体"), _tidy("月人均")
    ('合格率', '', '政务新媒体', '月人均')
    """
    if not name:
        return name
    w = _words()
    lead, tail = _time_patterns()
    while True:
        before = name
        name = lead.sub("", name)
        # the last word can only be a tail word when the name ends with one: segment then
        toks = _segmented(name) if name.endswith(w.tail) else ()
        if toks and toks[-1].word in w.tail:
            name = name[: -len(toks[-1].word)]  # a word, not a character: 月人均 keeps 均
        name = tail.sub("", name)
        name = name.strip("、，,")
        if name == before:
            return name


@cache
def _from_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(由/从 + optional date at the end of a clause: the old level of a change;
    change verb + 到/至 + optional date: the new level)."""
    w = _words()
    to_words = [x for x in w.link if x in w.link_to]
    return (
        regex.compile(rf"(?:{_alternation(w.from_)})(?P<time>{_TIME_PHRASE})?的?$"),
        regex.compile(
            rf"^(?:{_alternation(w.change)})?了?(?:{_alternation(to_words)})了?"
            rf"(?P<time>{_TIME_PHRASE})?的?$"
        ),
    )


def _after_list(text: str, left: str, lo: int, qstart: int) -> tuple[str, str, str | None]:
    """A clause ending in a list closed by 等: (what follows 等, the item before it, the
    list's verb), or (left, "", None) when 等 is part of a word (高等, 一等奖) or a verb
    follows it."""
    w = _words()
    toks = _segmented(left)
    k = max((i for i, t in enumerate(toks) if t.word in w.list_end), default=-1)
    if k < 0:
        return left, "", None
    after = toks[k + 1 :]
    if any(t.pos in ("v", "vd", "vi") or t.word in w.verb for t in after):
        return left, "", None
    end = text.rfind(toks[k].word, lo, qstart)
    item = "".join(t.word for t in toks[:k])
    verb = _list_verb(text, lo, end if end >= 0 else qstart)
    if not verb and not _LIST_MARK.search(text[lo:end]):
        return left, "", None  # 更新改造复康路等道路: one item and no verb found, keep it all
    return "".join(t.word for t in after), item, verb


def _is_single_noun(s: str) -> bool:
    toks = _segmented(s)
    return len(toks) == 1 and toks[0].pos.startswith("n")


def _is_conjunction_end(left: str) -> bool:
    """Does the clause end in a conjunction (32个政府部门和9个乡镇), not a word ending
    in one (惠及310万户家庭)?"""
    if not left or left[-1] not in "和及与、":
        return False
    toks = _segmented(left)
    return bool(toks) and toks[-1].word in _words().item_sep


_NOT_NP_START = ("p", "c", "d", "t", "m", "r", "f", "u", "uj", "x")


def _is_bare_np(s: str) -> bool:
    """A clause that is only a noun phrase (农民的纯收入, 积累在国民收入中所占的比重): the
    topic the figures of the next clause comment on."""
    toks = _segmented(s)
    if not toks or not _is_nounish(toks[-1]) or toks[-1].word[0] in _QUOTES:
        return False
    if toks[0].pos in _NOT_NP_START or toks[0].word[0] in _QUOTES:
        return False
    if toks[0].pos == "v" and not any(t.word == "所" for t in toks):
        return False  # 推进…的新型城镇化建设 is a verb phrase; 积累在…中所占的比重 is not
    last_verb = max((i for i, t in enumerate(toks) if t.pos in ("v", "vd", "vi")), default=-1)
    if last_verb < 0:
        return True
    # a relative clause before 的 still makes a noun phrase: 所占的比重
    last_de = max((i for i, t in enumerate(toks) if t.word == "的"), default=-1)
    return last_de > last_verb and last_de < len(toks) - 1


def _topic_clause(text: str, cstart: int, sent: int, prev_end: int) -> str:
    """The clause before ``cstart`` when it is a bare noun phrase with no figure in it
    (农民的纯收入，全国平均每人达到三百五十五元 -> 农民的纯收入)."""
    return _Reader(text).topic(cstart, sent, prev_end)


#: what may come before a topic clause (the start of the text, a comma, a colon, a stop)
_TOPIC_OPENERS = frozenset(("", "，", ",", "：", ":", "。", "；", ";", "\n"))


def _topic_name(raw: str) -> str:
    """A clause (with no boundary before it that rules it out) as a topic, or ""."""
    raw = _strip_space(raw)
    if not 2 <= len(raw) <= 24 or _DIGIT.search(raw):
        return ""
    return raw if _is_bare_np(raw) else ""


def _without_figures(name: str, others: Iterable[str]) -> str:
    """A name never holds another figure (原煤产量达到七亿七千多万吨原油 -> 原油)."""
    for other in others:
        k = name.rfind(other) if other else -1
        if k >= 0:
            after = name[k + len(other) :]
            name = after if len(after) >= 2 else name[:k]
    return name


def _split_items(s: str, *, drop_predicate: bool = False) -> list[str]:
    """Items of a list joined by 、/和/及 (木材和水泥的产量 -> [木材, 水泥的产量]); with
    ``drop_predicate`` the last item loses the verb phrase that follows it (…和环卫工人工资再次
    提高 -> 环卫工人工资)."""
    w = _words()
    items: list[list[Token]] = [[]]
    for tok in _segmented(s):
        if tok.word in w.item_sep:
            items.append([])
        else:
            items[-1].append(tok)
    if drop_predicate and items[-1]:
        last = items[-1]
        cut = next(
            (
                i
                for i, t in enumerate(last)
                if i > 0 and (t.pos in ("d", "v", "vd", "vi", "p", "ad") or t.word in w.change)
            ),
            len(last),
        )
        items[-1] = last[:cut]
    return ["".join(t.word for t in item) for item in items]


def _distribute(items: list[str]) -> list[str]:
    """Share a list's common head and tail among its items: 科技、教育、卫生和文化事业的支出 ->
    …教育的支出; 基础设施、制造业投资 -> 基础设施投资, 制造业投资."""
    if len(items) < 2:
        return items
    share = next((m for m in _words().share_measure if items[-1].endswith(m)), "")
    if share and len(items[-1]) > len(share) and not any(i.endswith(share) for i in items[:-1]):
        # 民营规上工业增加值、…、外贸进出口总额占比: every item's share
        return [*(i + share for i in items[:-1]), items[-1]]
    segs = [_segmented(i) for i in items]
    if not all(len(t) == 1 for t in segs[1:-1]):
        return items
    n = len(items)
    first, last = items[0], items[-1]
    suffix = ""
    k = last.rfind("的")
    if 0 < k < len(last) - 1:
        suffix, last = last[k:], last[:k]
    elif (
        len(segs[-1]) > 1
        and segs[-1][-1].word.endswith(_words().measure)
        and not any(i.endswith(_words().measure) for i in items[:-1])
    ):
        # 新能源汽车、集成电路、工业机器人产量: the measure noun closing the list
        suffix, last = segs[-1][-1].word, last[: -len(segs[-1][-1].word)]
    prefix = ""
    if n > 2 and len(segs[0]) > 1 and any(t.pos in ("v", "p") for t in segs[0][:-1]):
        # 中央财政用于科技、教育…: the verb phrase opening the list
        prefix, first = first[: -len(segs[0][-1].word)], segs[0][-1].word
    cores = [first, *items[1:-1], last]
    return [prefix + c + suffix for c in cores]


def _respective_run(text: str, quantities: Sequence[QuantityLike], idx: int) -> int:
    """How many figures 分别 pairs, from ``idx``: 221元、90元、350元和300元 -> 4."""
    w = _words()
    j = idx
    while j + 1 < len(quantities):
        between = _strip_space(text[quantities[j].end : quantities[j + 1].start])
        if (
            between in w.item_sep
            or between == "、和"
            or (between in ("，", ",") and quantities[j + 1].unit == quantities[idx].unit)
        ):
            j += 1
        else:
            break
    return j - idx + 1


def _respective_names(
    text: str,
    quantities: Sequence[QuantityLike],
    idx: int,
    sent: int,
    names_before: Sequence[str],
) -> tuple[list[str], str | None]:
    """Names for the figures 分别 pairs with listed items (or [] when the items are not
    found), and the verb after 分别.

    The items are the list before 分别 (基础设施、制造业投资分别增长), else the list of the clause
    before it (企业退休人员基本养老金、…和环卫工人工资再次提高，月人均分别提高221元、…), else the
    figures just before (氮肥九十万六千吨，磷肥十九万六千吨，分别比上一年增长…).
    """
    w = _words()
    n = _respective_run(text, quantities, idx)
    q0 = quantities[idx]
    lo = sent
    if idx > 0 and quantities[idx - 1].end > sent:
        lo = quantities[idx - 1].end
    seg = text[lo : q0.start]
    k = max(seg.rfind(r) for r in w.respective)
    if k < 0 or n < 2:
        return [], None
    word = next(r for r in w.respective if seg.startswith(r, k))
    cs = max(seg.rfind(c, 0, k) for c in "，,；;：:") + 1
    head = _tidy(_lstrip_words(_BRACKETED.sub("", _strip_space(seg[cs:k])), w.lead))
    verb = _strip_space(seg[k + len(word) :])
    verb, _ = _rstrip_words(verb, w.link)
    verb = _remove_all(_lstrip_words(verb, w.link), (*w.compare, "了"))
    verb_word = _first_verb(verb) if verb else None
    qualifier = ""
    collective = ""
    listed_head, _, after_list = head.rpartition("等")
    if listed_head and after_list and not _has_verb(after_list):
        # 电动载人汽车、锂电池、太阳能电池等“新三样”出口: the items, then what they share
        head, collective = listed_head, _QUOTED.sub("", after_list)
    items = _split_items(head) if head else []
    if len(items) != n and len(head.split("、")) == n:
        # 新型研发机构、研发与转化功能型平台分别达到17家、15家: 与 inside an item
        items = head.split("、")
    if len(items) != n and not verb.startswith(w.from_):
        # 城乡居民人均可支配收入分别增长4.4%、5.8%: the compound's parts, in its order (not in a
        # change, 分别从2020年的645元/月、4318元/年提高到…: its two ends pair differently)
        items = _compound_parts(head, n) or items
    if len(items) != n:
        items, qualifier = [], head
        if cs > 0:
            pcs = max(seg.rfind(c, 0, cs - 1) for c in "，,；;：:") + 1
            previous = _BRACKETED.sub("", _strip_space(seg[pcs : cs - 1]))
            previous = _lstrip_words(previous, w.lead)
            listed = _split_items(previous, drop_predicate=True) if previous else []
            if len(listed) == n and all(listed):
                items = listed
        if not items and not _has_subject(head):
            before = [i for i in range(idx) if quantities[i].start >= sent]
            if len(before) >= n and q0.start - quantities[before[-1]].end <= 24:
                items = [_topic_of(names_before[i]) for i in before[-n:]]
                return [i + qualifier + verb for i in items], verb_word
    if not items or not all(items):
        return [], None
    return [_tidy(i) + collective + qualifier + verb for i in _distribute(items)], verb_word


# how far into a 分别 list's head its compound may stand (a scope word: 全省城乡居民…)
MAX_COMPOUND_LEAD = 4


def _compound_parts(head: str, n: int) -> list[str]:
    """``head`` once per part of the compound it opens with (城乡居民收入 -> 城镇居民收入,
    农村居民收入), when the compound has ``n`` parts; else []."""
    for compound, parts in _words().compound.items():
        k = head.find(compound)
        # after a scope word at most (全省城乡居民…), never inside a list
        if 0 <= k <= MAX_COMPOUND_LEAD and len(parts) == n and "、" not in head[:k]:
            lead, rest = head[:k], head[k + len(compound) :]
            if rest:
                return [lead + part + rest for part in parts]
    return []


def _list_verb(text: str, lo: int, list_end: int) -> str:
    """The verb governing a list closed by 等 (组织召开了“…”“…”等新闻发布会 -> 召开;
    实施了标准化幼儿园、呼伦小学新建、南开路中学等 -> 实施)."""
    w = _words()
    span = _QUOTED.sub("、", text[lo:list_end])
    span = span[span.rfind("，") + 1 :]
    first_item = span.find("、")
    head = _strip_space(span[:first_item] if first_item >= 0 else span)
    toks = _segmented(head) if head else ()
    found = ""
    for tok in toks:
        is_verb = tok.word in w.verb or (
            tok.pos in ("v", "vd") and tok.word not in w.link and len(tok.word) >= 2
        )
        if is_verb:
            found = tok.word
        elif found:
            break
    return found


def _refers_back(left: str) -> bool:
    """A subjectless clause that continues the measure before it: a change (增长12.3%) or a
    bare verb (办结1191件, 覆盖10.5亿人), not a category of its own (不予处理80件)."""
    w = _words()
    return len(left) <= 2 or any(c in left for c in w.change)


def _topic_of(name: str) -> str:
    """A name without its trailing change verbs: the measure later clauses refer back to."""
    w = _words()
    s, _ = _rstrip_words(name, w.change)
    s = _remove_all(s, w.compare)
    s, _ = _rstrip_words(s, _adverb_words())
    return s or name


@cache
def _adverb_words() -> tuple[str, ...]:
    return tuple(_words().adverb)


def _previous_clause(text: str, cstart: int, sent: int, prev_end: int = -1) -> str:
    """The clause before ``cstart`` as a name, or "" when it is long or holds a figure."""
    return _Reader(text).previous(cstart, sent, prev_end)


def _previous_name(raw: str) -> str:
    """A clause (with no figure in it) as the name of the clause after it, or ""."""
    left, _, _, _ = _clean_left(raw)
    if _TIME_ADVERBIAL.match(left):
        return ""  # 在过去四年中: when, not what
    return left if len(left) <= 20 else ""


class _Before:
    """The clause ``text[start:end]`` before another, as the figures of that one read it:
    a name (:func:`_previous_clause`), its verb, a topic (:func:`_topic_clause`); each read
    once, when first asked for, however many figures ask."""

    __slots__ = ("_name", "_topic", "_verb", "end", "raw", "start")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.start, self.end, self.raw = start, end, text[start:end]
        self._name: str | None = None
        self._topic: str | None = None
        self._verb: tuple[str | None] | None = None  # (the verb,) once read

    @property
    def name(self) -> str:
        if self._name is None:
            self._name = _previous_name(self.raw)
        return self._name

    @property
    def verb(self) -> str | None:
        """The first verb of :attr:`name` (asked for only when the name is not empty)."""
        if self._verb is None:
            self._verb = (_first_verb(self.name),)
        return self._verb[0]

    @property
    def topic(self) -> str:
        if self._topic is None:
            self._topic = _topic_name(self.raw)
        return self._topic


class _Reader:
    """What the figures of one text share, read once for all of them, figures visited in
    text order: where each figure's sentence starts, found by one forward scan over the text
    (each stop looked at once, not 400 characters back per figure), and the clause before a
    clause (:class:`_Before`), which every figure of that clause asks for, often twice.

    Each answer is what the plain function gives (:func:`_sentence_start`,
    :func:`_clause_start`, :func:`_previous_clause`, :func:`_topic_clause`;
    tests/test_indicators.py compares them): a boundary found looking back from a position
    to ``lo`` is the last one in ``[lo, pos)``, so it answers for any ``lo`` up to it, and its
    absence for any ``lo`` above it.
    """

    __slots__ = (
        "_before", "_boundary", "_firsts", "_last_stop", "_quantities", "_scanned", "_starts",
        "_text", "_texts",
    )

    def __init__(self, text: str, quantities: Sequence[QuantityLike] = ()) -> None:
        self._text = text
        self._quantities = quantities
        self._starts = [q.start for q in quantities]
        # each figure's text without spaces, once (a name never holds a neighbour's figure),
        # and the characters they start with
        self._texts = [_strip_space(q.text) for q in quantities]
        self._firsts = frozenset(t[0] for t in self._texts if t)
        self._scanned = 0  # every sentence stop before this position is known …
        self._last_stop = -1  # … and this is the last one (-1: none)
        # (pos, i, lo): the last clause boundary ``i`` in [lo, pos) (-1: none there)
        self._boundary: tuple[int, int, int] | None = None
        self._before: _Before | None = None

    def sentence_start(self, pos: int) -> int:
        """:func:`_sentence_start` of ``pos``."""
        text = self._text
        if pos < self._scanned:
            return _sentence_start(text, pos)  # a figure out of order: the plain scan
        lo = max(0, pos - _SENTENCE_REACH)
        find = _stop_or_newline(_SENTENCE_STOPS).search
        i = max(self._scanned, lo)  # a stop before ``lo`` no figure from here on reads
        while (m := find(text, i, pos)) is not None:
            i = m.start()
            if text[i] != "\n" or not _soft_newline(text, i):
                self._last_stop = i
            i += 1
        self._scanned = pos
        return self._last_stop + 1 if self._last_stop >= lo else lo

    def _clause_before(self, cstart: int, sent: int) -> tuple[int, str]:
        """:func:`_clause_start` of the clause that ends at the boundary before ``cstart``."""
        text, pos = self._text, cstart - 1
        lo = max(sent, pos - MAX_LEFT)
        if self._boundary is not None and self._boundary[0] == pos:
            _, i, scanned_lo = self._boundary
            if i >= lo:
                return i + 1, text[i]
            if i >= 0 or lo >= scanned_lo:
                return max(lo, 0), ""
        start, ch = _clause_start(text, pos, sent)
        self._boundary = (pos, start - 1 if ch else -1, lo)
        return start, ch

    def _held(self, start: int, end: int) -> _Before:
        held = self._before
        if held is None or held.start != start or held.end != end:
            held = self._before = _Before(self._text, start, end)
        return held

    def before(self, cstart: int, sent: int, prev_end: int) -> _Before | None:
        """The clause before the one at ``cstart``; None when that one opens the sentence
        or the figure before lies inside the clause before (it holds a figure)."""
        if cstart - 1 <= sent:
            return None
        start, _ = self._clause_before(cstart, sent)
        return None if prev_end > start else self._held(start, cstart - 1)

    def previous(self, cstart: int, sent: int, prev_end: int) -> str:
        """:func:`_previous_clause`."""
        held = self.before(cstart, sent, prev_end)
        return held.name if held is not None else ""

    def without_figures(self, idx: int, name: str) -> str:
        """:func:`_without_figures` of ``name`` and the figures near figure ``idx`` (up to
        four on either side, less than ``2 * MAX_LEFT`` characters away); a name with none
        of the characters a figure starts with holds no figure."""
        if self._firsts.isdisjoint(name):
            return name
        quantities, starts = self._quantities, self._starts
        q, start = quantities[idx], starts[idx]
        others = [
            self._texts[k]
            for k in range(max(0, idx - 4), min(len(quantities), idx + 5))
            if quantities[k] is not q and abs(starts[k] - start) < 2 * MAX_LEFT
        ]
        return _without_figures(name, others)

    def topic(self, cstart: int, sent: int, prev_end: int) -> str:
        """:func:`_topic_clause`."""
        if cstart - 1 <= sent or self._text[cstart - 1] not in "，,":
            return ""
        start, ch = self._clause_before(cstart, sent)
        if prev_end > start or ch not in _TOPIC_OPENERS:
            return ""
        return self._held(start, cstart - 1).topic


# --------------------------------------------------------------------------- implicit zeros


def find_implicit(text: str, *, genre: Genre | None) -> list[ImplicitFigure]:
    """Figures an info-disclosure report states in words: 未收取任何费用 -> 0 元.

    >>> [(f.name, f.value, f.unit) for f in find_implicit(
    ...     "全县未发生因政府信息公开申请提起行政复议和行政诉讼的案件。",
    ...     genre=Genre.INFO_DISCLOSURE)]
    [('因政府信息公开申请行政复议案件', 0, '件'), ('因政府信息公开行政诉讼案件', 0, '件')]
    >>> find_implicit("未收取任何费用。", genre=Genre.WORK_REPORT)
    []
    """
    if genre != Genre.INFO_DISCLOSURE:
        return []
    w = _words()
    topic_re = _zero_topic_pattern()
    out: list[ImplicitFigure] = []
    joined, index = _soft_joined(text)
    units = _report_count_units(joined)
    for m in _nil_pattern().finditer(joined):  # 政府信息公开申请为零
        name = _remove_all(m.group("topic"), w.zero_strip)
        topic = topic_re.findall(name)[-1]
        out.append(ImplicitFigure(index[m.start()], index[m.end() - 1] + 1, name, 0,
                                  units.get(topic, w.zero_topic[topic])))
    for m in _zero_pattern().finditer(joined):
        if _zero_guarded(joined, m.start()):
            continue  # 确保没有出现…: a goal, not a count
        body = m.group("body")
        body = _lstrip_words(body, w.zero_verb_dropped)
        body = _remove_all(body, w.zero_strip)
        body, _ = _rstrip_words(body, w.zero_tail)
        hits = list(topic_re.finditer(body))
        if not hits:
            continue
        # split the body into conjuncts at 和/或/、/及 that precede a later topic
        cut_points = [0]
        for h in hits[1:]:
            j = h.start()
            while j > 0 and body[j - 1] not in "和或、及与":
                j -= 1
            if j > cut_points[-1]:
                cut_points.append(j)
        cut_points.append(len(body) + 1)
        start = index[m.start()]
        end = index[m.end() - 1] + 1
        prefix = ""  # the first conjunct before what it counts: the cause the others share
        for n, (a, b) in enumerate(pairwise(cut_points)):
            part = body[a : b - 1] if b <= len(body) else body[a:]
            part = part.rstrip("和或、及与")
            part, _ = _rstrip_words(part, w.zero_tail)
            if n > 0:
                stem, _ = _rstrip_words(prefix, _ZERO_STEM_TAIL)
                part = stem + part
            topics = topic_re.findall(part)
            if not topics:
                continue
            if n == 0:
                prefix = part[: part.rfind(topics[-1])]
            # the last topic is what the conjunct counts (因政府信息公开申请被行政复议: 复议)
            topic = topics[-1]
            part = _aside_pattern().sub("", part)  # 针对我局…的, 检索、复制、邮寄等
            if part.endswith(topic) and topic in w.zero_noun:
                part += w.zero_noun[topic]  # 行政复议 -> 行政复议案件
            out.append(ImplicitFigure(start, end, part, 0, units.get(topic, w.zero_topic[topic])))
    return sorted(out, key=lambda f: f.start)


@cache
def _zero_words() -> dict[str, tuple[str, ...]]:
    by_kind: dict[str, list[str]] = {}
    for row in load_table(ZERO_WORDS_FILE):
        by_kind.setdefault(row["kind"], []).append(row["word"])
    return {k: _longest_first(v) for k, v in by_kind.items()}


@cache
def _aside_pattern() -> regex.Pattern[str]:
    """What an implicit figure's name leaves out: a party phrase through its 的 before a topic
    (针对我局政府信息公开工作的行政复议), and the enumeration a fee is for after a kept verb
    (收取检索、复制、邮寄等费用)."""
    w, z = _words(), _zero_words()
    topic = _alternation(list(w.zero_topic))
    kept = _alternation(w.zero_verb_kept)
    item = r"[^、，,。；;的]{1,8}"
    return regex.compile(
        rf"(?:{_alternation(z['party'])})[^，,。；;的]{{1,20}}的(?=[^，,。；;]*?(?:{topic}))"
        rf"|(?<=(?:{kept})){item}(?:、{item})+(?:{_alternation(z['list_end'])})(?=(?:{topic}))"
    )


@cache
def _guard_pattern() -> regex.Pattern[str]:
    """A goal or condition word anywhere in the clause before a negation (确保没有…)."""
    return regex.compile(rf"(?:{_alternation(_zero_words()['guard'])})[^。；;，,！？!?\n]*$")


@cache
def _nil_pattern() -> regex.Pattern[str]:
    """A zero topic closing its clause with a nil predicate: 全年政府信息公开申请为零。"""
    w = _words()
    return regex.compile(
        rf"(?P<topic>(?<![^。；;，,！？!?\n])[^。；;，,！？!?\n]{{0,20}}?"
        rf"(?:{_alternation(list(w.zero_topic))}))"
        rf"(?:{_alternation(_zero_words()['nil'])})(?=[。；;，,！？!?\n]|$)"
    )


@cache
def _count_unit_pattern() -> regex.Pattern[str]:
    """A zero topic counted with a number a little later in its clause: 申请813件次."""
    w = _words()
    counted = [t for t, unit in w.zero_topic.items() if unit == "件"]
    return regex.compile(
        rf"(?P<topic>{_alternation(counted)})[^。；;，,！？!?\n\d]{{0,12}}"
        rf"[0-9]+(?:[.,][0-9]+)*余?\s*(?P<unit>{_alternation(_zero_words()['count_unit'])})"
    )


def _report_count_units(text: str) -> dict[str, str]:
    """The unit a report counts each zero topic in, where it is not 件 (件次, 宗): its most
    common unit after that topic's figures."""
    seen: dict[str, dict[str, int]] = {}
    for m in _count_unit_pattern().finditer(text):
        tally = seen.setdefault(m.group("topic"), {})
        tally[m.group("unit")] = tally.get(m.group("unit"), 0) + 1
    return {t: max(tally, key=lambda u: tally[u]) for t, tally in seen.items()}


def _zero_guarded(text: str, at: int) -> bool:
    """Does a guard word (确保, 如) precede the negation at ``at`` within its clause?"""
    return _guard_pattern().search(text, max(0, at - 30), at) is not None


def _soft_joined(text: str) -> tuple[str, list[int]]:
    """``text`` with in-sentence hard wraps and spaces removed, and each char's old index."""
    pieces: list[str] = []
    index: list[int] = []
    kept = 0  # text[kept:] is not yet copied
    for gap in _JOIN_GAP.finditer(text):
        i = gap.start()
        if text[i] == "\n" and not _soft_newline(text, i):
            continue
        pieces.append(text[kept:i])
        index.extend(range(kept, i))
        kept = i + 1
    pieces.append(text[kept:])
    index.extend(range(kept, len(text)))
    return "".join(pieces), index


# The characters _soft_joined may drop: spaces always, a newline when it is a hard wrap.
_JOIN_GAP = regex.compile(r"[\n \t\u3000]")

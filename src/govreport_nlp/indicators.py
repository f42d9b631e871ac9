"""What each figure counts: name, governing verb and (for work reports) outcome or target.

Chinese puts what is counted on either side of a number: before it (受理政策咨询件546份,
答复率100%) or after it (组织230家单位, 近1亿农村贫困人口实现脱贫).  :func:`attribute`
looks only at the clause around each figure (a window of a few dozen characters, segmented by
:func:`govreport_nlp.segment.segment`) and applies rules over punctuation, part of speech and
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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Protocol

import regex

from ._data import load_table
from .models import Genre, Role
from .segment import Token, segment

__all__ = [
    "WORDS_FILE",
    "Attribution",
    "ImplicitFigure",
    "QuantityLike",
    "attribute",
    "find_implicit",
]

WORDS_FILE = "attribution_words.tsv"

#: how far a name may reach from its figure, in characters
MAX_LEFT = 40
MAX_RIGHT = 30
#: a name shorter than this borrows the clause before it (受益 -> 发放价格补贴受益)
MIN_NAME = 3


class QuantityLike(Protocol):
    """What :func:`attribute` reads of a figure (``numbers.Quantity`` has all of it)."""

    start: int
    end: int
    text: str
    unit: str | None


@dataclass(frozen=True, slots=True)
class Attribution:
    """What a figure counts: ``name`` (short, Simplified), the ``verb`` that governs it, and
    for work reports whether it is an outcome or a target (``None`` for other genres)."""

    name: str
    verb: str | None
    role: Role | None


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
    verb: frozenset[str]
    right_stop: frozenset[str]
    vp_lead: tuple[str, ...]
    target: tuple[str, ...]
    target_in_year: tuple[str, ...]
    target_year: tuple[str, ...]
    zero_neg_bare: tuple[str, ...]
    zero_neg_verb: tuple[str, ...]
    zero_verb: tuple[str, ...]
    zero_verb_dropped: tuple[str, ...]
    zero_topic: dict[str, str]
    zero_tail: tuple[str, ...]
    zero_strip: tuple[str, ...]


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
        verb=frozenset(words("verb")),
        right_stop=frozenset(words("right_stop")),
        vp_lead=_longest_first(words("right_stop", "adverb")),
        target=_longest_first(words("target", "")),
        target_in_year=_longest_first(words("target", "year")),
        target_year=_longest_first(words("target_year")),
        zero_neg_bare=_longest_first(words("zero_neg", "")),
        zero_neg_verb=_longest_first(words("zero_neg", "verb")),
        zero_verb=_longest_first(words("zero_verb")),
        zero_verb_dropped=_longest_first(words("zero_verb", "")),
        zero_topic={w: n for w, n in by_kind.get("zero_topic", [])},
        zero_tail=_longest_first(words("zero_tail")),
        zero_strip=_longest_first(words("zero_strip")),
    )


def _alternation(words: Sequence[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _zero_pattern() -> regex.Pattern[str]:
    """未/没有 (+ 发生/收取…) + up to 30 characters of one clause + a zero topic."""
    w = _words()
    clause_char = r"[^。；;，,！？\n]"
    neg = rf"(?:(?:{_alternation(w.zero_neg_verb)})(?={_alternation(w.zero_verb)})" + (
        rf"|{_alternation(w.zero_neg_bare)})"
    )
    return regex.compile(
        rf"(?P<neg>{neg})(?P<body>{clause_char}{{0,30}}?(?:{_alternation(list(w.zero_topic))})"
        rf"{clause_char}{{0,30}}?)(?=[。；;，,！？\n]|$)"
    )


# --------------------------------------------------------------------------- helpers

_SPACE = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")
_NUMBER_CHARS = regex.compile(
    r"[0-9０-９.,，．〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟]+"
)
_NOUN_TAIL_NOISE = regex.compile(r"^[多余万亿千百十几]+")
_NOUNISH = ("n", "vn", "j", "nz", "an", "l", "i", "eng", "g", "b", "s")
_VERBISH = ("v",)
# what a line opens with when it is a heading or list item, not a wrapped sentence
_HEADING_START = regex.compile(r"[（(【#—-]|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．]|第")
# 因依申请公开被行政复议纠错或行政诉讼败诉: the second conjunct takes the cause without 被
_ZERO_STEM_TAIL = ("被", "提起", "申请")
_TAIL_HEDGES = ("以上", "左右", "以内", "以下", "多", "余")
_CONTINUATIONS = ("并", "且", "而且")
_CONJUNCTIONS = ("和", "及", "与", "、")
_QUOTES = "“”‘’《》「」〈〉\"'"


def _strip_space(s: str) -> str:
    return _SPACE.sub("", s)


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


@lru_cache(maxsize=65536)
def _has_subject(s: str) -> bool:
    """Does the clause text name something (a noun), beyond verbs, adverbs and time words?"""
    w = _words()
    for tok in _segment_cached(s):
        if tok.word in w.adverb or tok.word in w.change or tok.word in w.link:
            continue
        if tok.pos in ("t", "m", "mq", "f", "d", "p", "c", "u", "ul", "uj", "x", "r"):
            continue
        if _is_nounish(tok):
            return True
    return False


@lru_cache(maxsize=65536)
def _first_verb(s: str) -> str | None:
    w = _words()
    for tok in _segment_cached(s):
        if tok.word in w.verb:
            return tok.word
    for tok in _segment_cached(s):
        if tok.pos.startswith(_VERBISH) and tok.pos != "vn":
            return tok.word
    return None


@lru_cache(maxsize=65536)
def _has_verb(s: str) -> bool:
    w = _words()
    return any(
        tok.word in w.verb or (tok.pos in ("v", "vd", "vi") and tok.word not in w.link)
        for tok in _segment_cached(s)
    )


@lru_cache(maxsize=65536)
def _segment_tuple(s: str) -> tuple[Token, ...]:
    return tuple(segment(s, hmm=False))


def _segment_cached(s: str) -> tuple[Token, ...]:
    # Clauses repeat a lot across reports (template wording); short ones are worth caching.
    if len(s) <= MAX_LEFT:
        return _segment_tuple(s)
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
    tail = _strip_space(_NOUN_TAIL_NOISE.sub("", _strip_space(tail)))
    tail, _ = _rstrip_words(tail, _TAIL_HEDGES)
    unit = q.unit or ""
    if tail == unit or (unit and unit.endswith(tail)):
        return ""  # 2.5万公里: the tail is the unit itself, not a counted noun
    return tail if len(tail) >= 2 and _HAN.search(tail) else ""


def _is_percent(q: QuantityLike) -> bool:
    return (q.unit or "") in ("%", "‰", "个百分点") or q.text.rstrip().endswith(("%", "％"))


# --------------------------------------------------------------------------- clause scanning


@dataclass(slots=True)
class _State:
    sentence_start: int = -1
    topic: str = ""  # the measure the sentence is about (主动公开政府信息)
    prev_name: str = ""
    prev_verb: str | None = None
    prev_end: int = -1
    from_pending: str | None = None  # subject of an open 从A…到B
    respective_items: tuple[str, ...] = ()
    respective_verb: str = ""
    respective_next: int = 0


def _soft_newline(text: str, i: int) -> bool:
    """Is the newline at ``i`` a hard wrap inside a sentence (PDF extraction), not a break?"""
    line_start = text.rfind("\n", 0, i) + 1
    line = text[line_start:i].strip()
    if len(line) < 15 or line[-1:] in "。；;：:！？":
        return False
    nxt = text[i + 1 : i + 3]
    return bool(nxt) and not _HEADING_START.match(nxt)


def _clause_start(text: str, pos: int, floor: int) -> tuple[int, str]:
    """Where the clause ending at ``pos`` starts, and the boundary character before it."""
    w = _words()
    i = pos - 1
    lo = max(floor, pos - MAX_LEFT)
    while i >= lo:
        ch = text[i]
        if ch in w.boundary or (ch == "\n" and not _soft_newline(text, i)):
            return i + 1, ch
        i -= 1
    return max(lo, 0), ""


def _clause_end(text: str, pos: int, ceiling: int) -> int:
    w = _words()
    hi = min(ceiling, pos + MAX_RIGHT, len(text))
    i = pos
    while i < hi:
        ch = text[i]
        if ch in w.boundary or (ch == "\n" and not _soft_newline(text, i)):
            return i
        i += 1
    return hi


_FULL_STOPS = "。！？!?"


def _sentence_start(text: str, pos: int, stops: str = "。；;！？") -> int:
    lo = max(0, pos - 400)
    k = max(text.rfind(c, lo, pos) for c in stops)
    nl = text.rfind("\n", max(lo, k + 1), pos)
    while nl >= 0 and _soft_newline(text, nl):
        nl = text.rfind("\n", max(lo, k + 1), nl)
    k = max(k, nl)
    return k + 1 if k >= 0 else lo


def _clean_left(raw: str) -> tuple[str, list[str], bool, bool]:
    """Trim a left clause to a name: (name, link words removed, had 从/由, had 分别)."""
    w = _words()
    s = _strip_space(raw)
    for stop in w.stop:
        k = s.rfind(stop)
        if k >= 0:
            s = s[k + len(stop) :]
    respective = any(r in s for r in w.respective)
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
    s = _remove_all(s, w.compare)
    s = _remove_all(s, w.respective)
    s = s.strip(_QUOTES[:0] + "、，,")
    return s, links, had_from, respective


def _right_phrase(text: str, q: QuantityLike, ceiling: int) -> tuple[str, str]:
    """(noun phrase right after the figure, verb phrase after that) within the clause."""
    w = _words()
    end = _clause_end(text, q.end, ceiling)
    raw = _strip_space(text[q.end : end])
    if not raw:
        return "", ""
    toks = _segment_cached(raw)
    noun_parts: list[str] = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        if tok.word in w.right_stop or tok.word in w.link:
            break
        if _is_nounish(tok) or (noun_parts and tok.pos in ("a", "f")):
            noun_parts.append(tok.word)
            k += 1
            continue
        break
    rest = "".join(t.word for t in toks[k:])
    return "".join(noun_parts), rest


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


def _role(text: str, q: QuantityLike, sentence_start: int, genre: Genre | None) -> Role | None:
    if genre != Genre.WORK_REPORT:
        return None
    w = _words()
    # A target list runs over ；-separated items (预期目标是：增长5%左右；新增就业1200万人左右),
    # so the role looks at the whole 。-sentence, wider than the naming clause.
    start = _sentence_start(text, q.start, _FULL_STOPS)
    end = _sentence_end(text, q.end, _FULL_STOPS)
    sentence = text[start:end]
    if any(m in sentence for m in w.target):
        return Role.TARGET
    if any(y in sentence for y in w.target_year) and any(m in sentence for m in w.target_in_year):
        return Role.TARGET
    return Role.OUTCOME


def _sentence_end(text: str, pos: int, stops: str = "。；;！？") -> int:
    hi = min(len(text), pos + 400)
    for i in range(pos, hi):
        if text[i] in stops or (text[i] == "\n" and not _soft_newline(text, i)):
            return i
    return hi


# --------------------------------------------------------------------------- attribution


def attribute(
    text: str, quantities: Sequence[QuantityLike], *, genre: Genre | None = None
) -> list[Attribution]:
    """Name, verb and role of each figure in ``quantities`` (same order; spans index ``text``).

    >>> from types import SimpleNamespace as Q
    >>> t = "组织230家单位参加培训"
    >>> attribute(t, [Q(start=2, end=6, text="230家", unit="家")])[0].name
    '组织单位'
    """
    w = _words()
    out: list[Attribution] = []
    st = _State()
    for idx, q in enumerate(quantities):
        nxt = quantities[idx + 1] if idx + 1 < len(quantities) else None
        sent = _sentence_start(text, q.start)
        if sent != st.sentence_start:
            st = _State(sentence_start=sent)
        floor = max(sent, st.prev_end) if st.prev_end >= 0 else sent
        cstart, boundary = _clause_start(text, q.start, floor)
        after_prev = st.prev_end >= 0 and cstart == st.prev_end
        enumerated = (
            boundary == "、"
            and st.prev_end >= 0
            and not _strip_space(text[st.prev_end : cstart - 1])
        )
        bracketed = (
            boundary in ("（", "(")
            and st.prev_end >= 0
            and not _strip_space(text[st.prev_end : cstart - 1])
        )
        left, links, had_from, respective = _clean_left(text[cstart : q.start])
        ceiling = nxt.start if nxt is not None else len(text)
        inside = _counted_noun_inside(q)
        noun, rest = ("", "")
        if inside:
            noun = inside
            _, rest = _right_phrase(text, q, ceiling)
            rest = _strip_space(text[q.end : _clause_end(text, q.end, ceiling)])
        elif not _is_percent(q):
            noun, rest = _right_phrase(text, q, ceiling)
        else:
            rest = _strip_space(text[q.end : _clause_end(text, q.end, ceiling)])
        if noun and not rest.strip("和及与、"):
            skip = _next_quantity_skip(text, q, nxt)
            if skip >= 0:
                after = _strip_space(text[skip : _clause_end(text, skip, len(text))])
                toks = _segment_cached(after) if after else ()
                k = 0
                while k < len(toks) and _is_nounish(toks[k]) and toks[k].word not in w.right_stop:
                    k += 1
                rest = "".join(t.word for t in toks[k:])
        vp = _verb_phrase(rest) if rest else ""

        name = ""
        verb: str | None = None
        if respective and (q.start - cstart) >= 0:
            # 基础设施、制造业投资分别增长9.4%、9.1%: pair figures with the listed items.
            items, rverb = _respective_items(text, cstart, q.start, sent)
            if items:
                st.respective_items, st.respective_verb, st.respective_next = items, rverb, 1
                name = items[0] + rverb
                verb = _first_verb(rverb) or rverb or None
        elif (
            enumerated
            and not left
            and st.respective_items
            and st.respective_next < len(st.respective_items)
        ):
            name = st.respective_items[st.respective_next] + st.respective_verb
            verb = _first_verb(st.respective_verb) or None
            st.respective_next += 1
        if noun and left.endswith(_CONJUNCTIONS):
            left = ""  # 32个政府部门和9个乡镇: the second list member has no left context
        if not name and noun and (left or vp or inside):
            # Number before the noun: 设立首批5个国家公园, 近1亿农村贫困人口实现脱贫.
            if left and _has_verb(left):
                name = left + noun
                verb = _first_verb(left)
            elif vp:
                name = vp + "的" + noun
                verb = _first_verb(vp)
            else:
                name = left + noun
                verb = _first_verb(name)
        if not name and noun and after_prev and st.prev_verb:
            # 组织县级培训2批86名学员: the second figure shares the verb of the first
            name, verb = st.prev_verb + noun, st.prev_verb
        if not name and noun and not left and not vp:
            name, verb = noun, None
        if not name and bracketed and not left:
            name = st.prev_name + ("占比" if _is_percent(q) else "")
            verb = st.prev_verb
        if (
            not name
            and after_prev
            and st.from_pending is not None
            and (not left or set(links) & w.link_to or left in w.change)
        ):
            # 从2.1%提高到2.5%: the new level of the same measure.
            name = st.from_pending
            verb = None
            st.from_pending = None
        if not name and left:
            if any(left.startswith(s) for s in w.share) and st.topic:
                name = st.topic + left
                verb = None
            elif not _has_subject(left) and st.topic and _refers_back(left):
                # 较上年增加312条, 增长12.3%, 覆盖10.5亿人: the measure named before.
                name = st.topic + left
                verb = _first_verb(left)
            else:
                name = left
                verb = _first_verb(left)
                if enumerated and st.prev_verb and not _has_verb(left):
                    # 主动公开规章22件、规范性文件34件: the list shares its verb.
                    name = st.prev_verb + left
                    verb = st.prev_verb
        if not name and not left and st.topic and not vp:
            name, verb = st.topic, None
        if (
            not name
            and not left
            and st.topic
            and vp.startswith(_CONTINUATIONS)
            and not _is_percent(q)
            and not noun
        ):
            # 突破40万亿元并连续多年居世界首位: the figure continues the measure before it
            name, verb = st.topic, None
        if not name and vp:
            name = (st.topic if _is_percent(q) and st.topic else "") + vp
            if _is_percent(q) and st.topic:
                name += "占比"
            elif q.unit == "人" and len(vp) >= MIN_NAME:
                name += "人数"  # 上亿人出棚进楼 -> 出棚进楼人数
            verb = _first_verb(vp)
        if not name and enumerated and st.prev_name:
            name, verb = st.prev_name, st.prev_verb
        if len(name) < MIN_NAME and vp and not noun and name != vp:
            name = name + vp  # 分两期投放政策性开发性金融工具
            verb = _first_verb(name)
        if len(name) < MIN_NAME and boundary:
            before = _previous_clause(text, cstart, sent)
            name = before + name
            verb = verb or _first_verb(before) if before else verb
        name = name.strip("、，,的")
        if not name:
            # Every figure gets a name: the measure of the sentence, the clause before, or at
            # worst what the unit counts (由33%上升到34%: 所占的比重 lies two clauses back).
            name = st.topic or st.prev_name or _previous_clause(text, cstart, sent)
            name = name or _strip_space(text[cstart : q.start]) or (q.unit or q.text)
        if had_from:
            st.from_pending = name
        if name and _has_subject(name) and not bracketed:
            st.topic = _topic_of(name)
        st.prev_name, st.prev_verb, st.prev_end = name, verb, q.end
        out.append(Attribution(name, verb, _role(text, q, sent, genre)))
    return out


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
    s, _ = _rstrip_words(s, tuple(w.adverb))
    return s or name


def _previous_clause(text: str, cstart: int, sent: int) -> str:
    if cstart - 1 <= sent:
        return ""
    pstart, _ = _clause_start(text, cstart - 1, sent)
    left, _, _, _ = _clean_left(text[pstart : cstart - 1])
    return left if len(left) <= 20 else ""


def _respective_items(
    text: str, cstart: int, qstart: int, sent: int
) -> tuple[tuple[str, ...], str]:
    """Items listed before 分别 and the verb after it (基础设施、制造业投资分别增长)."""
    w = _words()
    clause = _strip_space(text[cstart:qstart])
    k = -1
    word = ""
    for r in w.respective:
        k = clause.rfind(r)
        if k >= 0:
            word = r
            break
    if k < 0:
        return (), ""
    head, verb = clause[:k], clause[k + len(word) :]
    verb, _ = _rstrip_words(verb, w.link)
    items = [head]
    pos = cstart
    # walk back over 、-separated items of the same sentence
    while pos - 1 > sent and text[pos - 1] == "、":
        pstart, _ = _clause_start(text, pos - 1, sent)
        items.insert(0, _strip_space(text[pstart : pos - 1]))
        pos = pstart
    items = [_lstrip_words(i, w.lead) for i in items]
    items = [_remove_all(i, w.adverb) for i in items]
    return tuple(i for i in items if i), verb


# --------------------------------------------------------------------------- implicit zeros


def find_implicit(text: str, *, genre: Genre | None) -> list[ImplicitFigure]:
    """Figures an info-disclosure report states in words: 未收取任何费用 -> 0 元.

    >>> [(f.name, f.value, f.unit) for f in find_implicit(
    ...     "全县未发生因政府信息公开申请提起行政复议和行政诉讼的案件。",
    ...     genre=Genre.INFO_DISCLOSURE)]
    [('因政府信息公开申请提起行政复议', 0, '件'), ('因政府信息公开行政诉讼', 0, '件')]
    >>> find_implicit("未收取任何费用。", genre=Genre.WORK_REPORT)
    []
    """
    if genre != Genre.INFO_DISCLOSURE:
        return []
    w = _words()
    topics = sorted(w.zero_topic, key=len, reverse=True)
    topic_re = regex.compile(_alternation(topics))
    out: list[ImplicitFigure] = []
    joined, index = _soft_joined(text)
    for m in _zero_pattern().finditer(joined):
        body = m.group("body")
        body = _lstrip_words(body, w.zero_verb_dropped)
        body = _remove_all(body, w.zero_strip)
        body, _ = _rstrip_words(body, w.zero_tail)
        hits = list(topic_re.finditer(body))
        if not hits:
            continue
        # split the body into conjuncts at 和/或/、/及 that precede a later topic
        first = hits[0]
        prefix = body[: first.start()]
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
        for n, (a, b) in enumerate(pairwise(cut_points)):
            part = body[a : b - 1] if b <= len(body) else body[a:]
            part = part.rstrip("和或、及与")
            part, _ = _rstrip_words(part, w.zero_tail)
            if n > 0:
                stem, _ = _rstrip_words(prefix, _ZERO_STEM_TAIL)
                part = stem + part
            topic = topic_re.search(part)
            if topic is None:
                continue
            out.append(ImplicitFigure(start, end, part, 0, w.zero_topic[topic.group()]))
    return out


def _soft_joined(text: str) -> tuple[str, list[int]]:
    """``text`` with in-sentence hard wraps and spaces removed, and each char's old index."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch == "\n" and _soft_newline(text, i):
            continue
        if ch in " \t\u3000":
            continue
        chars.append(ch)
        index.append(i)
    return "".join(chars), index

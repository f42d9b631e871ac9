"""Outcome or target: whether a work report's figure was achieved or is aimed at.

A 政府工作报告 delivered in year *Y* reviews *Y−1* (or the five years before) and then sets the
goals of *Y*.  A figure's role comes from three sources of evidence, weighed in this order (the
first that decides wins, and :class:`RoleDecision` says which one did and on what word):

1. **named** — the figure is called a target (8%的预定目标, 7.5%的预期目标);
2. **clause** — strong cues of one kind only in the figure's clause (between ，；：):
   target cues (预期目标, 力争, 拟, 确保; 要/左右/以内/计划 with 今年/明年/*Y*年 in the sentence)
   or outcome cues (去年, 上年, 过去一年, *Y−1*年, 以来, 增长了, 超过预期目标);
3. **sentence** — the same over the 。-sentence (a list after a colon keeps its introduction:
   今年主要预期目标是：↵国内生产总值增长8%左右);
   then **paragraph** — the strong cues of the sentence before, in the same paragraph, unless
   the figure's clause has a cue of the other kind (过去一年，…取得了很大成绩。国内生产总值
   增长10.3%);
4. **section** — the default of the enclosing section, from its title and the report's year:
   a review (回顾, 过去一年, 2024年 in a 2025 report, 过去五年) gives outcome, a plan (目标,
   任务, 建议, 今年, 2025年) gives target; a title with both (1998年工作回顾和1999年工作的总体
   要求) gives none; a top-level section without either word after a marked one continues
   the plan, since reports put the review first;
5. **weak cues** of one kind in the clause, then the sentence: a comparison with the year
   before (比上年, 同比) or 达到/完成 (outcome), a gated word or 今年 alone (target);
6. **default** — outcome.

The words are in ``data/role_words.tsv``.

>>> text = "去年国内生产总值增长5.2%。今年发展主要预期目标是：国内生产总值增长5%左右。"
>>> [decide(text, s, e, year=2024).role.value for s, e in ((10, 14), (35, 39))]
['outcome', 'target']
>>> decide(text, 35, 39, year=2024).rule.value, decide(text, 35, 39, year=2024).cue
('clause', '左右')
>>> decide("", 0, 0).rule.value
'default'
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

import regex

from .._data import load_table
from ..models import Role, Section
from ..text.numerals import COUNTING_NUMERALS, ONE_TO_NINE, PLAIN_DIGITS, read_whole

__all__ = [
    "ROLE_WORDS_FILE",
    "RoleDecision",
    "RoleSpan",
    "Rule",
    "decide",
    "section_default",
    "section_roles",
    "title_role",
]

ROLE_WORDS_FILE = "role_words.tsv"

#: (start, end, role): the default role of a stretch of text, from its section
RoleSpan = tuple[int, int, Role | None]

#: characters that end a clause (the enumeration comma 、 does not: 分别下降23%、15%)
CLAUSE_STOPS = "，,；;：:"
#: a section whose title says nothing takes the role of at least this share of its strong
#: cues, when there are at least VOTE_MIN of that role
VOTE_SHARE = 0.75
VOTE_MIN = 5
#: characters that end a sentence
SENTENCE_STOPS = "。！？!?"
#: how far an achieved verb may stand from its goal word (超过全年预期目标, 低于8%的预定目标,
#: 实现高职院校扩招100万人目标)
ACHIEVED_GAP = 12


class Rule(StrEnum):
    """Which evidence decided a figure's role (see the module docstring)."""

    NAMED = "named"
    CLAUSE = "clause"
    LIST_HEAD = "list_head"
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    SECTION = "section"
    CLAUSE_WEAK = "clause_weak"
    SENTENCE_WEAK = "sentence_weak"
    DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class RoleDecision:
    """A figure's role, the rule that decided it and the word (or section title) it read."""

    role: Role
    rule: Rule
    cue: str


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    word: str
    role: Role
    strong: bool


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    kinds: dict[str, str]  # sentence cue word -> kind
    compared: frozenset[str]  # perfective verbs that only compare after 比/较
    titles: dict[str, Role]  # section-title word -> role
    keys: dict[str, Role]  # section key -> role
    cues: regex.Pattern[str]
    # ``cues`` without its year alternative, and the year alone (see _Scanner)
    cues_but_year: regex.Pattern[str]
    year: regex.Pattern[str]
    title_cues: regex.Pattern[str]
    named: regex.Pattern[str]
    met: regex.Pattern[str]
    # target cues that are nouns a review uses too (目标): no paragraph frame against a review
    noun_cues: frozenset[str]
    list_head: regex.Pattern[str]  # 主要预期目标是： opening a list of targets
    title_nouns: frozenset[str]  # title words that say nothing inside a review (目标)


_YEAR_DIGITS = "0123456789" + PLAIN_DIGITS
# 2024年, 一九五七年, 1958年度: a year; not the tail of a longer number
_YEAR = rf"(?<![{_YEAR_DIGITS}])(?P<year>[0-9]{{4}}|[{PLAIN_DIGITS}]{{4}})(?=年)"
# “十三五”, 第六个五年计划: a five-year plan, dated by its number
# the number of a plan written before 五 (“十三五”, “九五”; not “五五”)
_PLAN_ONES = ONE_TO_NINE.replace("五", "")
_PLAN = (
    rf"(?:[“\"](?P<plan>十[{ONE_TO_NINE}]?|[{_PLAN_ONES}])五[”\"]"
    rf"|第(?P<plan_n>[{COUNTING_NUMERALS}]{{1,3}})个五年(?:计划|规划))"
)
#: the first years of the first and third five-year plans (1953-1957, 1966-1970; the years
#: 1963-1965 of readjustment lay between the second plan and the third)
FIRST_PLAN_YEAR = 1953
THIRD_PLAN_YEAR = 1966
# 比2010年, 较1997年: a year that is only the base of a comparison
_COMPARED = regex.compile(r"[比较与同]$")
_COMPARING = regex.compile(r"[比较]")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _vocabulary() -> _Vocabulary:
    rows = load_table(ROLE_WORDS_FILE)

    def words(kind: str, note: str | None = None) -> list[str]:
        return [r["word"] for r in rows if r["kind"] == kind and note in (None, r["note"])]

    kinds = {
        r["word"]: r["kind"]
        for r in rows
        if r["kind"]
        in ("target", "target_gated", "target_year", "outcome", "outcome_weak", "neutral")
    }
    goal = _alternation(words("goal"))
    achieved = _alternation(words("achieved"))
    forward = _alternation(words("forward"))
    adverb = _alternation(words("achieved_adverb"))
    gap = f"[^{CLAUSE_STOPS}{SENTENCE_STOPS}]"
    # 超过预期目标, 全面实现年初确定的主要目标 — not 确保全面实现…目标 (an aim) — and the
    # reverse order 目标任务胜利完成
    # (?=[…]): the first characters of the achieved verbs, a cheap test before the
    # look-behind at every position (the verb must start there anyway)
    achieved_first = regex.escape("".join(sorted({w[0] for w in words("achieved")})))
    achieved_phrase = (
        rf"(?=[{achieved_first}])(?<!(?:{forward})(?:{adverb})?)(?:{achieved})"
        rf"{gap}{{0,{ACHIEVED_GAP}}}?(?:{goal})"
        rf"|(?:{goal}){gap}{{0,{ACHIEVED_GAP // 2}}}?(?:{adverb})(?:{achieved})"
    )
    cue_alternatives = (
        rf"(?P<achieved>{achieved_phrase})",
        _YEAR,
        _PLAN,
        r"(?P<word>\L<words>)",
    )
    cues = regex.compile("|".join(cue_alternatives), words=list(kinds))
    # the same alternatives without the year (see _Scanner)
    cues_but_year = regex.compile(
        "|".join(part for part in cue_alternatives if part != _YEAR), words=list(kinds)
    )
    met = regex.compile(
        rf"(?<!(?:{forward})(?:{adverb})?)(?:{_alternation(words('achieved', 'met'))})"
    )
    titles = {w: Role.OUTCOME for w in words("title_outcome")}
    titles |= {w: Role.TARGET for w in words("title_target")}
    title_cues = regex.compile(rf"{_YEAR}|{_PLAN}|(?P<word>\L<words>)", words=list(titles))
    # (?<!\s): tried only right after a figure, never from inside a run of spaces (linear)
    named = regex.compile(rf"(?<!\s)\s*的?(?:{_alternation(words('goal', 'named'))})")
    keys = {r["word"]: Role(r["note"]) for r in rows if r["kind"] == "section_key"}
    compared = frozenset(
        r["word"] for r in rows if r["kind"] == "outcome" and r["note"] == "compared"
    )
    return _Vocabulary(
        kinds, compared, titles, keys, cues, cues_but_year, regex.compile(_YEAR), title_cues,
        named, met, frozenset(words("target", "noun")),
        regex.compile(rf"(?:{_alternation(words('list_head'))})[ \t]*+[：:]"),
        frozenset(words("title_target", "noun")),
    )


def _clause_before(text: str, lo: int, pos: int) -> str:
    left = max((text.rfind(s, lo, pos) for s in CLAUSE_STOPS), default=-1)
    return text[max(lo, left + 1) : pos]


def _year_value(digits: str) -> int:
    return read_whole(digits)


def _plan_years(numeral: str) -> tuple[int, int]:
    """First and last year of the N-th five-year plan (十三五 -> 2016, 2020; 六 -> 1981, 1985).

    >>> _plan_years("十三"), _plan_years("六"), _plan_years("十"), _plan_years("一")
    ((2016, 2020), (1981, 1985), (2001, 2005), (1953, 1957))
    """
    n = read_whole(numeral)
    first = FIRST_PLAN_YEAR + 5 * (n - 1) if n < 3 else THIRD_PLAN_YEAR + 5 * (n - 3)
    return first, first + 4


class _Scanner:
    """The role cues of one text, window by window, each window read once.

    A window's cues are the matches of ``cues.finditer(text, lo, hi)``: from a cursor at
    ``lo``, the first position where the alternation matches, then on from that match's end.
    Run as such the alternation costs about 0.3 µs a character (every position tries all of
    it).  Here the window is read with two cheaper scans and the chain is rebuilt from them:

    - ``cues_but_year`` (the alternation without its year) with ``overlapped=True`` gives, at
      every position of the window in order, its match there (a search again from the next
      position after each match), with the same end bound ``hi``;
    - the year alternative can only match four characters before a 年, so it is tried there
      alone (a handful of positions).

    At a position, an alternation takes its first alternative that matches, in the order
    achieved, year, plan, word: so the cue there is the overlapped match when it is an
    achieved phrase, else the year when one matches, else the overlapped match.  Walking both
    position-ordered lists with the cursor gives exactly the plain ``finditer``'s chain
    (tests/test_roles.py compares them on random and corpus windows).  Only windows that are
    read are scanned (about a third of a work report's characters; a whole-text scan up front
    cost more than all the windows).  Windows are memoised by (lo, hi, year).
    """

    __slots__ = ("_frames", "_gated", "_memo", "_text", "_windows")

    def __init__(self, text: str) -> None:
        self._text = text
        self._memo: dict[tuple[int, int, int | None], list[_Cue]] = {}
        self._gated: dict[tuple[int, int, int | None], list[_Cue]] = {}
        self._frames: dict[tuple[int, int | None], _Cue | None] = {}
        self._windows: dict[tuple[int, int, int | None], _Window] = {}

    def cues(self, lo: int, hi: int, year: int | None) -> list[_Cue]:
        key = (lo, hi, year)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = _read_cues(self._text, self._matches(lo, hi), lo, year)
        return found

    def gated(self, lo: int, hi: int, year: int | None) -> list[_Cue]:
        key = (lo, hi, year)
        found = self._gated.get(key)
        if found is None:
            found = self._gated[key] = _gate(self.cues(lo, hi, year))
        return found

    def window(self, lo: int, hi: int, year: int | None) -> _Window:
        key = (lo, hi, year)
        found = self._windows.get(key)
        if found is None:
            cues = self.gated(lo, hi, year)
            # most sentences hold no cue at all (six in ten on the corpus): one shared reading
            found = self._windows[key] = _Window(cues) if cues else _NO_CUES
        return found

    def frame(self, lo: int, year: int | None) -> _Cue | None:
        key = (lo, year)
        if key not in self._frames:
            self._frames[key] = _read_frame(self._text, lo, year)
        return self._frames[key]

    def _matches(self, lo: int, hi: int) -> Iterator[regex.Match[str]]:
        """What ``cues.finditer(text, lo, hi)`` yields, read as the class docstring says."""
        text = self._text
        v = _vocabulary()
        years: list[regex.Match[str]] = []
        i = text.find("年", lo + 4, hi)
        while i >= 0:
            if (m := v.year.match(text, i - 4, hi)) is not None:
                years.append(m)
            i = text.find("年", i + 1, hi)
        years.reverse()  # popped from the end, first position first
        cursor = lo
        for m in v.cues_but_year.finditer(text, lo, hi, overlapped=True):
            pos = m.start()
            while years and years[-1].start() < pos:
                year = years.pop()
                if year.start() >= cursor:
                    yield year
                    cursor = year.end()
            if pos < cursor:
                continue
            if years and years[-1].start() == pos:
                year = years.pop()
                if m.lastgroup != "achieved":
                    m = year
            yield m
            cursor = m.end()
        for year in reversed(years):
            if year.start() >= cursor:
                yield year
                cursor = year.end()


class _Window:
    """A sentence's gated cues, with what every figure in it asks of them, worked out once.

    ``strong``/``weak``: the cues of that strength when they agree on a role (what
    :func:`_one_kind` would choose from), else ``None``; :func:`_nearest` then picks among
    them as ``_one_kind`` does.  ``in_clause``: each cue as a figure's own clause reads it (a
    time word promoted to strong), so a clause's cues are a slice found by bisection (cues
    come in text order, at distinct starts).
    """

    __slots__ = ("cues", "in_clause", "starts", "strong", "weak")

    def __init__(self, cues: list[_Cue]) -> None:
        self.cues = cues
        self.starts = [c.start for c in cues]
        self.in_clause = [_Cue(c.start, c.word, c.role, True) if _is_time(c) else c for c in cues]
        self.strong = _agreeing([c for c in cues if c.strong])
        self.weak = _agreeing([c for c in cues if not c.strong])

    def clause(self, lo: int, hi: int) -> list[_Cue]:
        """The cues starting in ``[lo, hi)``, as the clause reads them."""
        starts = self.starts
        return self.in_clause[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]


def _agreeing(cues: list[_Cue]) -> list[_Cue] | None:
    """``cues`` when they all say one role, else ``None`` (also when there are none)."""
    if not cues or any(c.role is not cues[0].role for c in cues):
        return None
    return cues


def _nearest(cues: list[_Cue], near: int) -> _Cue:
    """``min(cues, key=distance to near)`` over cues in text order at distinct starts: the
    first of the two around ``near`` on a tie, as ``min`` keeps the first minimum."""
    k = bisect.bisect_left(cues, near, key=lambda c: c.start)
    if k == 0:
        return cues[0]
    if k == len(cues):
        return cues[-1]
    before, after = cues[k - 1], cues[k]
    return before if near - before.start <= after.start - near else after


_NO_CUES = _Window([])


@lru_cache(maxsize=4)
def _scanner(text: str) -> _Scanner:
    return _Scanner(text)


def _scan(text: str, lo: int, hi: int, year: int | None) -> list[_Cue]:
    """Role cues in ``text[lo:hi]``; gated target words are weak until :func:`_gate`.

    The list is shared between calls with the same window: do not change it.
    """
    return _scanner(text).cues(lo, hi, year)


def _gated(text: str, lo: int, hi: int, year: int | None) -> list[_Cue]:
    """``_gate(_scan(text, lo, hi, year))``, memoised like :func:`_scan` (do not change it)."""
    return _scanner(text).gated(lo, hi, year)


def _read_cues(
    text: str, matches: Iterable[regex.Match[str]], lo: int, year: int | None
) -> list[_Cue]:
    v = _vocabulary()
    found: list[_Cue] = []
    for m in matches:
        # the alternative that matched is the last group it closed (its own, or the plan's)
        which = m.lastgroup
        if which == "achieved":
            found.append(_Cue(m.start(), m.group(), Role.OUTCOME, True))
        elif which == "word":
            word = m.group()
            kind = v.kinds[word]
            if kind == "neutral":
                continue
            role = Role.OUTCOME if kind.startswith("outcome") else Role.TARGET
            strong = kind in ("target", "outcome")
            if word in v.compared and _COMPARING.search(_clause_before(text, lo, m.start())):
                strong = False
            found.append(_Cue(m.start(), word, role, strong))
        elif year is None:
            continue  # a year or a plan says nothing without the report's year
        elif which == "year":
            said = _year_value(m.group("year"))
            if said >= year:
                found.append(_Cue(m.start(), m.group() + "年", Role.TARGET, False))
            else:
                # only the year just reviewed, not a comparison base (比2010年), is strong
                strong = said == year - 1 and not _COMPARED.search(
                    text, max(lo, m.start() - 1), m.start()
                )
                found.append(_Cue(m.start(), m.group() + "年", Role.OUTCOME, strong))
        else:  # plan, plan_n
            _, last = _plan_years(m.group(which))
            # a plan under way or ahead is the plan's time; one ended is the past (weak cues)
            role = Role.OUTCOME if last < year else Role.TARGET
            found.append(_Cue(m.start(), m.group(), role, False))
    return found


def _gate(cues: list[_Cue]) -> list[_Cue]:
    """要/左右/计划 … mark a target only in a sentence placed in the report's year or later."""
    if not cues:
        return cues
    v = _vocabulary()
    dated = any(
        c.role is Role.TARGET and not c.strong and v.kinds.get(c.word) != "target_gated"
        for c in cues
    )
    if not dated:
        return cues
    return [
        _Cue(c.start, c.word, c.role, True) if v.kinds.get(c.word) == "target_gated" else c
        for c in cues
    ]


def _is_time(cue: _Cue) -> bool:
    """A word or year placing a figure in the plan's time (今年, 明年, 2025年 in 2025)."""
    return cue.role is Role.TARGET and (
        _vocabulary().kinds.get(cue.word) == "target_year" or cue.word[:1].isdigit()
    )


def _one_kind(cues: Iterable[_Cue], *, strong: bool, near: int) -> _Cue | None:
    """The cue nearest ``near`` when all cues of this strength agree on a role, else None."""
    chosen = [c for c in cues if c.strong is strong]
    if not chosen or len({c.role for c in chosen}) > 1:
        return None
    return min(chosen, key=lambda c: abs(c.start - near))


# the nearest stop after a position, and (reverse search) the nearest before one: one scan
# in C, not one str.find per stop character
_CLAUSE_STOP = regex.compile(f"[{regex.escape(CLAUSE_STOPS)}]")
_CLAUSE_STOP_BEFORE = regex.compile(f"(?r)[{regex.escape(CLAUSE_STOPS)}]")
_SENTENCE_STOP = regex.compile(f"[{regex.escape(SENTENCE_STOPS)}]")
_SENTENCE_STOP_BEFORE = regex.compile(f"(?r)[{regex.escape(SENTENCE_STOPS)}]")
_LINE_OR_SENTENCE_STOP_BEFORE = regex.compile(f"(?r)[{regex.escape(SENTENCE_STOPS)}\n]")


def _last(pattern: regex.Pattern[str], text: str, lo: int, hi: int) -> int:
    """Where the last match of a one-character ``pattern`` in ``text[lo:hi]`` is, or -1."""
    m = pattern.search(text, lo, hi)
    return m.start() if m is not None else -1


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    left = _last(_CLAUSE_STOP_BEFORE, text, lo, start)
    right = _CLAUSE_STOP.search(text, end, hi)
    return (left + 1 if left >= lo else lo), (right.start() if right is not None else hi)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = _last(_SENTENCE_STOP_BEFORE, text, 0, start) + 1
    high = _SENTENCE_STOP.search(text, end)
    return lo, (high.start() if high is not None else len(text))


def _with_introduction(text: str, lo: int) -> int:
    """A list after a colon (预期目标是：↵增长8%左右；…) keeps the line that introduces it."""
    k = lo - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0 or text[k] not in "：:":
        return lo
    return _last(_LINE_OR_SENTENCE_STOP_BEFORE, text, 0, k) + 1


def _frame(text: str, lo: int, year: int | None) -> _Cue | None:
    """The time frame set by the sentence before, in the same paragraph (过去一年，我们的各项
    工作取得了很大成绩。国内生产总值增长10.3%): its strong cues, when they agree."""
    if lo == 0 or text[lo - 1] not in SENTENCE_STOPS:
        return None
    return _scanner(text).frame(lo, year)


def _read_frame(text: str, lo: int, year: int | None) -> _Cue | None:
    prev = _last(_LINE_OR_SENTENCE_STOP_BEFORE, text, 0, lo - 1) + 1
    strong = _scanner(text).window(prev, lo - 1, year).strong
    return _nearest(strong, lo) if strong is not None else None


def decide(
    text: str,
    start: int,
    end: int,
    *,
    year: int | None = None,
    default: Role | None = None,
    sentence: tuple[int, int] | None = None,
    section_title: str = "",
) -> RoleDecision:
    """Role of the figure at ``text[start:end]`` in a work report delivered in ``year``.

    ``default`` is the role of its section (:func:`section_default`), ``sentence`` the
    bounds of its sentence when the caller knows them better (hard line wraps of a PDF).

    >>> decide("2004年，国内生产总值达到13.65万亿元，比上年增长9.5%；", 36, 40, year=2005)
    RoleDecision(role=<Role.OUTCOME: 'outcome'>, rule=<Rule.SENTENCE: 'sentence'>, cue='2004年')
    >>> decide("国内生产总值增长7.8%，略低于8%的预定目标。", 8, 12, year=1999).cue
    '低于8%的预定目标'
    >>> decide("国内生产总值增长7.8%，略低于8%的预定目标。", 17, 19, year=1999).rule.value
    'named'
    """
    v = _vocabulary()
    lo, hi = sentence if sentence is not None else _sentence(text, start, end)
    c_lo, c_hi = _clause(text, start, end, lo, hi)
    named = v.named.match(text, end)
    # 8%的预定目标 is a target value; 实现扩招100万人目标 reports it reached
    if named is not None and not v.met.search(text, c_lo, start):
        return RoleDecision(Role.TARGET, Rule.NAMED, named.group().strip())
    lo = _with_introduction(text, lo)
    window = _scanner(text).window(lo, hi, year)
    # a time word in the figure's own clause dates it (今年中央财政预算赤字1503亿元，比去年增加了)
    in_clause = window.clause(c_lo, c_hi)
    strong = window.strong
    if default is Role.OUTCOME and any(c.word in v.noun_cues for c in window.cues):
        # a review uses 目标 as a noun (优于国家考核目标, 正加快迈向万亿目标): no sign of a plan
        in_clause = [c for c in in_clause if c.word not in v.noun_cues]
        strong = _agreeing([c for c in window.cues if c.strong and c.word not in v.noun_cues])
    if (cue := _one_kind(in_clause, strong=True, near=start)) is not None:
        return RoleDecision(cue.role, Rule.CLAUSE, cue.word)
    if (head := v.list_head.search(text, lo, start)) is not None:
        return RoleDecision(Role.TARGET, Rule.LIST_HEAD, head.group())
    if strong is not None:
        cue = _nearest(strong, start)
        return RoleDecision(cue.role, Rule.SENTENCE, cue.word)
    if (frame := _frame(text, lo, year)) is not None and not any(
        c.role is not frame.role for c in in_clause
    ) and not (default is Role.OUTCOME and frame.word in v.noun_cues):
        return RoleDecision(frame.role, Rule.PARAGRAPH, frame.word)
    if default is not None:
        return RoleDecision(default, Rule.SECTION, section_title)
    if (cue := _one_kind(in_clause, strong=False, near=start)) is not None:
        return RoleDecision(cue.role, Rule.CLAUSE_WEAK, cue.word)
    if window.weak is not None:
        cue = _nearest(window.weak, start)
        return RoleDecision(cue.role, Rule.SENTENCE_WEAK, cue.word)
    return RoleDecision(Role.OUTCOME, Rule.DEFAULT, "")


# --------------------------------------------------------------------------- sections


class _Mixed:
    """A title naming both the year reviewed and the year planned: no default."""


MIXED = _Mixed()


def title_role(title: str, key: str | None = None, *, year: int | None = None) -> Role | None:
    """The role a section title gives the figures under it (``None``: it says nothing or both).

    >>> title_role("2024年工作回顾", "review", year=2025)
    <Role.OUTCOME: 'outcome'>
    >>> title_role("2011年的工作", year=2011)
    <Role.TARGET: 'target'>
    >>> title_role("1998年工作回顾和1999年工作的总体要求", "targets", year=1999) is None
    True
    """
    said = _title_says(title, key, year)
    return said if isinstance(said, Role) else None


def _title_says(
    title: str, key: str | None, year: int | None, *, in_review: bool = False
) -> Role | _Mixed | None:
    """``in_review``: the title heads a part of a review, where the noun 目标 says nothing
    (锚定目标攻坚，经济发展实现逆势而上 under 2024年工作回顾)."""
    v = _vocabulary()
    roles: set[Role] = set()
    for m in v.title_cues.finditer(title):
        if in_review and m.group() in v.title_nouns:
            continue
        if m.group("plan") is not None or m.group("plan_n") is not None:
            if year is not None:
                _, last = _plan_years(m.group("plan") or m.group("plan_n"))
                roles.add(Role.OUTCOME if last < year else Role.TARGET)
        elif m.group("year") is not None:
            if year is not None:
                roles.add(Role.TARGET if _year_value(m.group("year")) >= year else Role.OUTCOME)
        else:
            roles.add(v.titles[m.group()])
    if not roles and key in v.keys:
        roles.add(v.keys[key])
    if len(roles) > 1:
        return MIXED
    return roles.pop() if roles else None


def section_roles(
    sections: Sequence[Section], *, year: int | None = None, text: str = ""
) -> list[RoleSpan]:
    """Default roles of the text under each section (spans index ``text``, the sections' text).

    Spans are sorted, disjoint, and only cover text with a default; an inner section's title
    overrides its parent's, and a top-level section whose title says nothing continues the
    plan once a marked section has come before it (else it takes the role most of its strong
    cues agree on, given ``text``).  A title naming both the year reviewed
    and the plan (1998年工作回顾和1999年工作的总体要求) reviews first: given ``text``, its
    default turns from outcome to target at the first paragraph that opens on the plan's time
    (1999年，我们将…, “十四五”时期是…).

    >>> from govreport_nlp.structure.sections import split_sections
    >>> from govreport_nlp.models import Genre
    >>> text = "一、2024年工作回顾\\n增长5%。\\n二、2025年主要任务\\n增长5%左右。\\n三、外交\\n……"
    >>> spans = section_roles(split_sections(text, Genre.WORK_REPORT), year=2025)
    >>> [section_default(spans, text.index(t)).value for t in ("增长5%。", "增长5%左右", "……")]
    ['outcome', 'target', 'target']
    >>> text = "一、1998年工作回顾和1999年工作的总体要求\\n去年增长7.8%。\\n1999年，我们将…\\n二、…"
    >>> spans = section_roles(split_sections(text, Genre.WORK_REPORT), year=1999, text=text)
    >>> [section_default(spans, text.index(t)).value for t in ("去年", "1999年，")]
    ['outcome', 'target']
    >>> section_roles([])
    []
    """
    spans: list[RoleSpan] = []
    carried: Role | None = None
    for top in sections:
        said = _title_says(top.title, top.key, year)
        if said is None:
            default: _Default = carried or _vote(text, top.start, top.end, year)
        else:
            carried = Role.TARGET  # the review comes first: what follows it is the plan
            default = _own_default(said, top, text, year)
        _flatten(top, default, text, year, spans)
    merged: list[RoleSpan] = []
    for span in spans:
        if merged and merged[-1][2] is span[2] and merged[-1][1] == span[0]:
            merged[-1] = (merged[-1][0], span[1], span[2])
        else:
            merged.append(span)
    return merged


@dataclass(frozen=True, slots=True)
class _Split:
    """A section that reviews and then plans: outcomes before ``at``, targets from it."""

    at: int


_Default = Role | _Split | None


def _own_default(said: Role | _Mixed, section: Section, text: str, year: int | None) -> _Default:
    if isinstance(said, Role):
        return said
    at = _plan_opens(section, text, year)
    return _Split(at) if at is not None else None


def _plan_opens(section: Section, text: str, year: int | None) -> int | None:
    """Where the first paragraph opening on the plan's time begins in a mixed section."""
    pos = text.find("\n", section.start, section.end)  # past the title line
    while 0 <= pos < section.end:
        para = pos + 1
        while para < section.end and text[para].isspace():
            para += 1
        nl = text.find("\n", para, section.end)
        line_end = nl if nl >= 0 else section.end
        stop = min(
            (i for c in SENTENCE_STOPS if (i := text.find(c, para, line_end)) >= 0),
            default=line_end,
        )
        cues = _gated(text, para, stop, year)
        strong = [c for c in cues if c.strong]
        if cues and all(c.role is Role.TARGET for c in (strong or cues)):
            return para
        pos = nl
    return None


def _vote(text: str, start: int, end: int, year: int | None) -> Role | None:
    """The role most strong cues of a section say, when they clearly agree (a section titled
    by its theme alone, 在接续奋斗中新福建建设取得新成效: its 2024年, 一年来, 实现了 …)."""
    if not text:
        return None
    said = [c.role for c in _scan(text, start, end, year) if c.strong]
    for role in Role:
        if said.count(role) >= VOTE_MIN and said.count(role) >= VOTE_SHARE * len(said):
            return role
    return None


def _emit(out: list[RoleSpan], a: int, b: int, default: _Default) -> None:
    if a >= b or default is None:
        return
    if isinstance(default, Role):
        out.append((a, b, default))
        return
    if a < default.at:
        out.append((a, min(b, default.at), Role.OUTCOME))
    if default.at < b:
        out.append((max(a, default.at), b, Role.TARGET))


def _flatten(
    section: Section, default: _Default, text: str, year: int | None, out: list[RoleSpan]
) -> None:
    pos = section.start
    for child in section.children:
        said = _title_says(child.title, child.key, year, in_review=default is Role.OUTCOME)
        inner = default if said is None else _own_default(said, child, text, year)
        _emit(out, pos, child.start, default)
        _flatten(child, inner, text, year, out)
        pos = max(pos, child.end)
    _emit(out, pos, section.end, default)


def section_default(spans: Sequence[RoleSpan], pos: int) -> Role | None:
    """The default role at ``pos`` from sorted, disjoint ``spans`` (``None`` outside them).

    >>> section_default([(0, 10, Role.OUTCOME), (10, 20, Role.TARGET)], 12)
    <Role.TARGET: 'target'>
    >>> section_default([(0, 10, Role.OUTCOME)], 15) is None
    True
    """
    # spans with start <= pos: (start, end, role) < (pos, inf) compares the start, then the
    # end (never the role: no end is infinite), with no key function called per step
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i][2]
    return None

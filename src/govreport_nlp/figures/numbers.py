"""Every figure in a report's analysis text: span, exact value, unit, qualifier and kind.

One compiled pattern (built once from the vocabularies in ``data/``: ``units.tsv``,
``hedges.tsv``, ``change_verbs.tsv``, ``duration_cues.tsv``, ``counted_nouns.tsv``,
``number_refusals.tsv``) finds the candidates — a numeral (Arabic, Chinese or mixed) with what
makes it a quantity: a unit or measure word, a magnitude (万/亿), a percent form (%, 百分之, 成,
分之); a little Python per candidate values it and refuses what is not a quantity (years and
dates, ordinals, document numbers, names and slogans, the 一 of 一批).  A figure printed with
no measure word (3.78万农牧民, 分别达1409万、1305万人次, 产值超500亿) takes its unit from the
noun it counts, the list it stands in or a money measure before it (``counted_nouns.tsv``
explains the rules and their order); one that still has none is not reported.

>>> found = find_quantities(
...     "全年主动公开政府信息3.1万条，较上年增加312条，增长12.3%；近1亿农村贫困人口实现脱贫。")
>>> [(q.text, q.value, q.unit, q.qualifier, str(q.kind)) for q in found]
... # doctest: +NORMALIZE_WHITESPACE
[('3.1万条', 31000, '条', None, 'count'), ('312条', 312, '条', None, 'change'),
 ('12.3%', Decimal('12.3'), '%', None, 'change'),
 ('近1亿农村贫困人口', 100000000, '人', '近', 'count')]
>>> find_quantities("2024年1月1日至12月31日，进一步落实“十四五”规划，党的二十大。")
[]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import NamedTuple

import regex

from .._data import load_table
from ..models import Kind, Number
from ..text.numerals import (
    BIG_UNITS,
    COLLOQUIAL_DIGITS,
    ONE_TO_NINE,
    PLAIN_DIGITS,
    PLAIN_SMALL_UNITS,
    WRITTEN_DIGITS,
    ZEROS,
)
from .numerals import (
    CN_DIGITS,
    check_digits,
    fold_width,
    integral,
    parse_folded,
    parse_numeral,
)

__all__ = ["Quantity", "find_quantities", "parse_numeral"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure.  ``start``/``end`` cover qualifier + number + unit (``text``);
    ``number_start``/``number_end`` the numeral alone.  Offsets index the text given."""

    start: int
    end: int
    text: str
    value: Number
    value_max: Number | None
    unit: str | None
    qualifier: str | None
    kind: Kind
    number_start: int
    number_end: int


# --- named pattern parts ----------------------------------------------------------------------

# The capital (financial) forms 壹贰叁肆伍陆柒捌玖拾 are left out of the scan on purpose: reports
# never write amounts that way, and 陆 伍 are everyday words (大陆 队伍); parse_numeral reads them.
_CN_DIGIT = PLAIN_DIGITS + COLLOQUIAL_DIGITS
# Linear by construction: each repeat is possessive (giving a digit or a group back never lets
# the rest match: what follows a number is never a digit or a comma) and a comma group starts
# a number only at the head of its run (_NOT_IN_GROUPS): without it every group of a long
# 1,234,567,… run rescanned the rest of the run (quadratic).  At most _MAX_GROUPS groups
# (10**21): a longer run is no figure, and bounding it keeps the work at one position bounded.
_MAX_GROUPS = 6
# a position right after a comma group (1,|234 or 12,345,|678) that is itself a group
_NOT_IN_GROUPS = r"(?<!(?<!\d)\d{1,3}[,，](?=\d{3}(?!\d)))"
_ARABIC = (
    rf"(?<![\d.]){_NOT_IN_GROUPS}"
    rf"(?:\d{{1,3}}(?:[,，]\d{{3}}){{1,{_MAX_GROUPS}}}+(?![\d,，]\d)|\d++)(?:\.\d++)?"
)
# 1 9 4 亿美元: digits a PDF extraction spaced apart, taken only right before what follows.
# Rare (one 1998 report), and the alternative slows the whole scan five-fold, so a second
# pattern holding it is used only for a text where _SPACED_PROBE finds such a run.
# Linear by construction: it starts only at the head of a run (not after "d "), reads at most
# _MAX_SPACED digits, possessively (giving one back leaves " d" next, which fails the look-ahead).
_MAX_SPACED = 20
_SPACED_DIGITS = (
    rf"(?<!\d )[1-9](?: \d){{1,{_MAX_SPACED}}}+(?: ?\. ?\d(?: \d){{0,{_MAX_SPACED}}}+)?+"
    r"(?= ?[^\s\d.])"
)
_SPACED_PROBE = regex.compile(_SPACED_DIGITS)
# The commonest refusals, failed inside the scan so that they cost no Python: a calendar year
# (2024年, 2025 年度), a year written digit by digit (一九五七年, 二〇二四年) and the bare 一 of
# 一批/一年/一个 (kept: 一成, 一万, 一至三年, 各一个).  find_quantities refuses them anyway.
_YEAR_AHEAD = r"(?!(?:1\d|20)\d\d(?![\d.,，])[ \t]*\n?[ \t]*年)"
# what may follow a 一 that starts a number (一千, 一成, 一至三年); another 一 is an article
_ONE_GOES_ON = (f"[{_CN_DIGIT}{PLAIN_SMALL_UNITS}{BIG_UNITS}点]"
                "|[ \\t]?(?:成|至|到|~|～|—|–|-|－)")
_CN_NOT_A_NUMBER = (
    f"(?![一二][九{ZEROS}][{PLAIN_DIGITS}]{{2}}年)"
    f"(?!(?<!各)一(?!{_ONE_GOES_ON}))"
)
_WS = r"[ \t]{0,2}(?:\n[ \t]{0,2})?"  # PDF text puts spaces/a wrap between number and unit
_RANGE_SEP = r"[ \t]?(?:至|到|~|～|——|—|–|-|－)[ \t]?"
_CLAUSE_STOP_SOURCE = r"[，。；：！？、,;:!?（）()“”]|\n\s*\n"
_CLAUSE_STOP = regex.compile(f"(?r){_CLAUSE_STOP_SOURCE}")
_LIST_LINKS = frozenset("、和及与")  # one of them alone between two figures: a list


def _wrapped(word: str) -> str:
    """A literal that PDF text may have hard-wrapped (粉丝\\n数): whitespace allowed inside."""
    return r"\s?".join(regex.escape(c) for c in word)


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


class _Groups(NamedTuple):
    """The scan pattern's groups, in the pattern's order (``_vocab`` checks it): a tuple read
    by name costs a fraction of ``Match.groupdict``, which is slow in the regex module."""

    pre: str | None  # a hedge before the number (近, 超过)
    pw: str | None  # 百分之 千分之 万分之 …
    pn: str | None  # … and its numeral
    pn2: str | None  # … and the upper end of its range
    fd: str | None  # the denominator of 三分之一 …
    fn: str | None  # … and its numerator
    half: str | None  # 一半 半数
    up: str | None  # 上 of 上亿人 …
    upmag: str | None  # … and its magnitude
    n: str | None  # a numeral with its magnitude
    m: str | None  # … the magnitude alone
    u1: str | None  # the percent sign of 3%-5%
    n2: str | None  # the upper end of a range …
    m2: str | None  # … and its magnitude
    unit: str | None  # the measure word
    per: str | None  # the denominator of a rate (元/月)
    gap: str | None  # words between a magnitude and its unit …
    gunit: str | None  # … and that unit
    post: str | None  # a hedge after the figure (以上, 左右)


# group numbers for Match.span/end: by name, the regex module's look-up costs several times more
_N, _N2, _PW, _PN, _PN2, _FD, _FN, _HALF, _UPMAG, _UNIT = (
    _Groups._fields.index(name) + 1
    for name in ("n", "n2", "pw", "pn", "pn2", "fd", "fn", "half", "upmag", "unit")
)


@dataclass(frozen=True, slots=True)
class _Unit:
    base: str
    multiplier: int
    kind: Kind
    role: str
    gap: str
    after_magnitude: bool  # units.tsv's magnitude column: never = False


@dataclass(frozen=True, slots=True)
class _Vocab:
    pattern: regex.Pattern[str]
    spaced_pattern: regex.Pattern[str]
    start_guard: str  # the look-ahead in front of both patterns (a test removes it)
    units: dict[str, _Unit]
    change_verb: regex.Pattern[str]
    verb_or_stop: regex.Pattern[str]
    change_roles: dict[str, str]
    change_filler: regex.Pattern[str]
    rate_filler: regex.Pattern[str]
    duration_cue: regex.Pattern[str]
    duration_roles: dict[str, str]
    counted_noun: regex.Pattern[str]
    counted_units: dict[str, str]
    before_rules: regex.Pattern[str]
    after_rules: regex.Pattern[str]
    any_after: regex.Pattern[str]
    paired_rules: tuple[tuple[regex.Pattern[str], regex.Pattern[str]], ...]
    numeral_rules: tuple[
        tuple[regex.Pattern[str], regex.Pattern[str] | None, regex.Pattern[str] | None], ...
    ]
    idioms: regex.Pattern[str]
    idiom_chars: frozenset[str]
    places: regex.Pattern[str]  # place names that start with a numeral, matched where it starts


def _guarded(words: list[str]) -> str:
    """:func:`_alternation` behind a look-ahead on the words' first characters.

    Inside a big pattern the regex module tries the words one after another; the look-ahead
    fails most positions at once.  It holds wherever one of the words matches, so it changes
    no match.
    """
    firsts = sorted({w[0] for w in words if w})
    if not firsts:
        return _alternation(words)
    return f"(?=[{''.join(regex.escape(c) for c in firsts)}])(?:{_clustered(words)})"


def _clustered(words: list[str]) -> str:
    """:func:`_alternation`'s words reordered so that the regex module finds one sooner.

    The words that start with one character make one branch (个(?:百分点|工作日|季度|月)?),
    longest first inside it; the characters that are whole words and start no longer one make
    the first branch, a character class.  Only words where one is a prefix of the other can
    match at the same place, and such words stay in one branch, longest first: the same word
    is taken as with the plain alternation, and the same ones are tried on backtracking.
    """
    clusters: dict[str, list[str]] = {}
    for word in dict.fromkeys(w for w in words if w):
        clusters.setdefault(word[0], []).append(word)
    lone = [c for c, group in clusters.items() if group == [c]]
    branches = [f"[{''.join(regex.escape(c) for c in lone)}]"] if lone else []
    for first, group in clusters.items():
        if group == [first]:
            continue
        tails = sorted({w[1:] for w in group if len(w) > 1}, key=len, reverse=True)
        optional = "?" if first in group else ""
        tail = "|".join(regex.escape(t) for t in tails)
        branches.append(f"{regex.escape(first)}(?:{tail}){optional}")
    return "|".join(branches)


def _scan_sources(units: dict[str, _Unit], *, fast: bool) -> tuple[str, str, str]:
    """(start guard, pattern, pattern that also reads spaced digits) as regex source.

    ``fast=False`` gives the plain form (no guards), against which the tests hold the fast one.
    """
    hedges = load_table("hedges.tsv")
    # the fast form guards each list of words with its first characters (see _guarded)
    words = _guarded if fast else _alternation
    before = words([h["word"] for h in hedges if h["position"] == "before"])
    # 约 of 签约/节约 ends another word: the hedge is not read there (hedges.tsv's not_after)
    blocked: dict[str, list[str]] = {}  # not_after characters -> the words they block
    for h in hedges:
        if h["position"] == "before" and h["not_after"]:
            blocked.setdefault(h["not_after"], []).append(h["word"])
    ends_another = "".join(
        f"(?!(?<=[{regex.escape(chars)}])(?:{_alternation(words)}))"
        for chars, words in blocked.items()
    )
    middle = words([h["word"] for h in hedges if h["position"] == "middle"])
    after = words([h["word"] for h in hedges if h["position"] == "after"])
    upward = words([h["word"] for h in hedges if h["position"] == "magnitude"])

    # A magnitude character that also starts a unit (千瓦, 千米, 百分点) is the unit.
    def not_unit_after(char: str) -> str:
        tails = [s[1:] for s in units if s.startswith(char) and len(s) > 1]
        return f"{char}(?!{_alternation(tails)})" if tails else char

    thousand, hundred = not_unit_after("千"), not_unit_after("百")
    cn_body = f"[{_CN_DIGIT}十百万亿]|{thousand}"
    # a numeral after 百分之/分之 may be a bare 一 (百分之一)
    chinese_plain = (
        f"(?<![{_CN_DIGIT}十百千])[{_CN_DIGIT}十](?:{cn_body})*(?:点[{_CN_DIGIT}]+[万亿]?)?"
    )
    chinese = f"{_CN_NOT_A_NUMBER}{chinese_plain}"
    magnitude = f"(?:[十百千](?=[万亿]))?(?:万亿|亿|万)|{thousand}|{hundred}"
    # 2万5千公里, 1亿3千多万: a second, smaller part after an Arabic magnitude
    continuation = f"(?:(?<=亿)\\d{{1,4}}(?:千|百)?(?:{middle})?万|(?<=万)\\d[千百])"
    # A first Arabic number is a figure only when a magnitude, unit, gap word, percent sign
    # or range follows it (the closing conditional), and each of those starts, after at most
    # the whitespace _WS takes, with Han or a unit's or separator's first character.  The fast
    # form fails the rest at once (table rows of bare numbers: 1 0 0 0, | 0 | 0 |).  Only the
    # first number: after a range's second one, a %/‰ before the separator may end the figure.
    goes_on = "".join(sorted(
        {"%", "‰", *"至到~～—–-－", *(u[0] for u in units if not regex.match(r"\p{Han}", u))}
    ))
    goes_on_guard = f"(?={_WS}(?:\\p{{Han}}|[{regex.escape(goes_on)}]))" if fast else ""
    number = (
        f"(?:{_YEAR_AHEAD}ARABIC GOES_ON|{chinese})(?:[ \\t]?(?:{middle}))?"
        f"(?:{_WS}(?P<MAGNAME>{magnitude})(?:{middle})?"
        f"(?:{continuation}(?:{middle})?)?)?"
    )
    plain_units = [u for u in units if u != "成"]
    unit_alt = f"{words(plain_units)}|成(?=以上|以下|左右|多|\\P{{Han}}|$)"
    gap_units = words([u for u, info in units.items() if info.gap])
    # a unit that counts too few things to follow 万/亿 (超50万县, 近8万市民: units.tsv's
    # magnitude column) is not read after one; the figure may still count a noun (市民)
    never = _alternation([u for u, info in units.items() if not info.after_magnitude])
    few_after_magnitude = (
        f"(?(m)(?!{never})|(?(m2)(?!{never})|(?(upmag)(?!{never})|)))" if never else ""
    )
    # 超百亿美元: 百亿 is one magnitude, but 超百亿元 is 百 and the unit 亿元
    yi_units = _alternation([u for u in units if u.startswith("亿")])
    # 645元/月, 28克/千克: a rate's denominator is any unit or a time word
    per_alt = words([*units, "月", "日", "年", "人", "户", "次", "份", "辆", "台"])
    gap_char = f"[^\\P{{Han}}{_CN_DIGIT}十百千万亿]"
    fraction_num = f"[{_CN_DIGIT}十百千万]+"
    pattern = (
        f"(?:(?P<pre>{ends_another}(?:{before})){_WS})?"
        "(?:"
        f"(?P<pw>百分之|千分之|万分之)(?P<pn>{_ARABIC}|{chinese_plain}|百)"
        f"(?:{_RANGE_SEP}(?:百分之|千分之|万分之)?(?P<pn2>{_ARABIC}|{chinese_plain}))?"
        # the look-behind starts a denominator only at the head of a numeral run: without
        # it every position of a long run (一一一…) rescans the rest of it (quadratic time)
        f"|(?<![{_CN_DIGIT}十百千万])(?P<fd>{fraction_num})分之(?P<fn>{fraction_num}|{_ARABIC})"
        "|(?P<half>一半|半数)"
        # a bare magnitude spelled out after 上 (上亿人) or after a hedge before (近千人次,
        # 超千亿元, 突破万亿元): the conditional holds only where pre matched
        f"|(?:(?P<up>{upward})|(?(pre)|(?!)))(?P<upmag>万亿|[千百](?!{yi_units})亿|亿|千万|百万|万|千|百)"
        f"(?={_WS}(?:{unit_alt}))"
        f"|(?P<n>{number.replace('MAGNAME', 'm').replace(' GOES_ON', goes_on_guard)})"
        f"(?:(?:{_WS}(?P<u1>%|‰))?{_RANGE_SEP}"
        f"(?P<n2>{number.replace('MAGNAME', 'm2').replace(' GOES_ON', '')}))?"
        ")"
        f"(?:{_WS}(?:{few_after_magnitude}(?P<unit>{unit_alt})(?:/(?P<per>{per_alt}))?"
        f"|(?P<gap>{gap_char}{{1,4}}?)(?P<gunit>{gap_units})))?"
        f"(?:{_WS}(?P<post>{after}))?"
        # a bare number (no magnitude, unit or percent sign) is never a figure: fail it here,
        # in C, rather than in Python (一 of 进一步, page numbers, table cells)
        "(?(n)(?(m)|(?(m2)|(?(u1)|(?(unit)|(?(gunit)|(?!)))))))"
    )

    # Where a match can start, read off the pattern branch by branch: a hedge (pre), 百千万 of
    # 百分之 (pw), a Chinese numeral or 一半/半数 (fd, half, n), 上 before a magnitude (up), an
    # Arabic numeral under its own look-behind (n; the spaced digits too).  Every match starts
    # where this look-ahead holds, so it takes no match away; it lets the regex module skip the
    # whole pattern at most positions of the candidate characters.
    # 一 is the commonest candidate and mostly the article (进一步, 一批): it passes only where
    # fd (一 then a numeral or 分), half (一半) or a numeral (_CN_NOT_A_NUMBER) may start.
    cn_but_one = _CN_DIGIT.replace("一", "")
    one = f"一(?:[{_CN_DIGIT}十百千万分半]|{_ONE_GOES_ON}|(?<=各一))"
    start_guard = (
        f"(?=(?:{before})|[{cn_but_one}十百千万半]|{one}|(?<![\\d.])\\d|(?:{upward})[万亿千百])"
        if fast
        else ""
    )
    return (
        start_guard,
        start_guard + pattern.replace("ARABIC", _ARABIC),
        start_guard + pattern.replace("ARABIC", f"(?:(?<![\\d.]){_SPACED_DIGITS}|{_ARABIC})"),
    )


# the suffixes a place name is also written without (株洲市 -> 株洲), longest first
_PLACE_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "矿区",
    "市", "省", "县", "区", "盟", "旗",
)


def _place_names() -> str:
    """``{place}`` of number_refusals.tsv: every division of regions.tsv, in full and without
    its suffix when two characters or more are left (株洲市, 株洲)."""
    names: set[str] = set()
    for row in load_table("regions.tsv"):
        name = row["name"]
        names.add(name)
        for suffix in _PLACE_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                names.add(name[: -len(suffix)])
                break
    return _alternation(sorted(names))


def _numbered_places() -> list[str]:
    """Place names that start with a numeral (三门峡, 七台河, 五家渠, 三台县): a number inside a
    name, refused where its numeral starts one.  A short name is taken only when three
    characters or more are left (三门峡市 -> 三门峡), so that 三台县 leaves 三台设备 alone."""
    places = []
    for row in load_table("regions.tsv"):
        name = row["name"]
        if name[0] not in _CN_DIGIT + "十百千万":
            continue
        places.append(name)
        for suffix in _PLACE_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 3:
                places.append(name[: -len(suffix)])
                break
    return places


@cache
def _vocab() -> _Vocab:
    units = {
        r["surface"]: _Unit(
            base=r["base"],
            multiplier=int(r["multiplier"] or 1),
            kind=Kind(r["kind"]),
            role=r["role"],
            gap=r["gap"],
            after_magnitude=r["magnitude"] != "never",
        )
        for r in load_table("units.tsv")
    }
    start_guard, pattern, spaced_pattern = _scan_sources(units, fast=True)
    verbs = load_table("change_verbs.tsv")
    cues = load_table("duration_cues.tsv")
    nouns = [n for n in load_table("counted_nouns.tsv") if n["rule"] == "before"]
    before_only, after_only, paired, idioms = [], [], [], []
    numeral_rules = []
    for row in load_table("number_refusals.tsv"):
        if row["kind"] == "word":
            idioms.append(row["before"])
        elif row["numeral"]:
            numeral_rules.append((
                regex.compile(row["numeral"]),
                regex.compile(row["before"]) if row["before"] else None,
                regex.compile(row["after"]) if row["after"] else None,
            ))
        elif row["before"] and row["after"]:
            before = row["before"].replace("{place}", _place_names())
            paired.append((regex.compile(row["after"]), regex.compile(before)))
        elif row["before"]:
            before_only.append(row["before"])
        else:
            after_only.append(row["after"])
    compiled = regex.compile(pattern)
    spaced = regex.compile(spaced_pattern)
    names = [""] * compiled.groups
    for name, index in compiled.groupindex.items():
        names[index - 1] = name
    if tuple(names) != _Groups._fields:  # _quantity reads the groups by position
        raise AssertionError(f"the scan pattern's groups changed: {names}")
    fillers = _alternation([v["word"] for v in verbs if v["role"] == "filler"])
    change_verbs = _alternation([v["word"] for v in verbs if v["role"] in ("verb", "rate")])
    rate_fillers = _alternation(
        [v["word"] for v in verbs if v["role"] in ("filler", "rate_filler")]
    )
    return _Vocab(
        pattern=compiled,
        spaced_pattern=spaced,
        start_guard=start_guard,
        units=units,
        change_verb=regex.compile(f"(?r)(?:{change_verbs})"),
        # group 1 a change verb, else a clause stop (_CLAUSE_STOP's alternatives)
        verb_or_stop=regex.compile(f"(?r)({change_verbs})|{_CLAUSE_STOP_SOURCE}"),
        change_roles={v["word"]: v["role"] for v in verbs},
        change_filler=regex.compile(f"(?:{fillers}|\\s)*"),
        rate_filler=regex.compile(f"(?:{rate_fillers}|\\s)*"),
        duration_cue=regex.compile(f"(?:{_alternation([c['word'] for c in cues])})[ \\t]*$"),
        duration_roles={c["word"]: c["role"] for c in cues},
        counted_noun=regex.compile(
            "(?r)"
            + "|".join(_wrapped(n["noun"]) for n in sorted(nouns, key=lambda n: -len(n["noun"])))
        ),
        counted_units={n["noun"]: n["unit"] for n in nouns},
        before_rules=regex.compile("|".join(f"(?:{r})" for r in before_only)),
        after_rules=regex.compile("|".join(f"(?:{r})" for r in after_only)),
        # every after-rule (alone, of a pair, of a numeral rule) in one alternation: its match
        # at the start succeeds where any of theirs does (each stands in its own group)
        any_after=regex.compile(
            "|".join(
                f"(?:{r})"
                for r in [
                    *after_only,
                    *(a.pattern for a, _ in paired),
                    *(a.pattern for _, _, a in numeral_rules if a is not None),
                ]
            )
        ),
        paired_rules=tuple(paired),
        numeral_rules=tuple(numeral_rules),
        idioms=regex.compile(_alternation(idioms)),
        idiom_chars=frozenset("".join(idioms)),
        places=regex.compile(_guarded(_numbered_places())),
    )


# --- valuing ----------------------------------------------------------------------------------

_MIDDLE_HEDGES = tuple(  # longest first: 几十 before 几 (一百几十种)
    sorted(
        (h["word"] for h in load_table("hedges.tsv") if h["position"] == "middle"),
        key=len, reverse=True,
    )
)
# most numerals hold no hedge: one set test spares them the loop over the hedges
_HEDGE_CHARS = frozenset("".join(_MIDDLE_HEDGES))
_ADJACENT = regex.compile(
    rf"(?P<a>[{ONE_TO_NINE}])(?P<b>[两{ONE_TO_NINE[1:]}])(?P<scale>[{PLAIN_SMALL_UNITS}{BIG_UNITS}]*)"
)
_HUNDRED = Decimal(100)


def _numeral_value(raw: str) -> tuple[Number, Number | None]:
    """Value (and upper end for 二三十-style approximations) of a numeral with its magnitude."""
    if raw.isdigit() and raw.isascii():
        check_digits(raw)  # a run of thousands of digits is refused, not read
        return int(raw), None
    return _numeral_value_read(raw)


def _numeral_value_read(raw: str) -> tuple[Number, Number | None]:
    core = raw.replace(" ", "").replace("\t", "").replace("\n", "").replace("．", ".")
    if not _HEDGE_CHARS.isdisjoint(core):
        for hedge in _MIDDLE_HEDGES:
            core = core.replace(hedge, "")
    try:
        return parse_folded(core), None
    except ValueError:
        pass
    head = core[:-1] if core[:-1] and core[-1] in "十百千万亿" and core[0] in "十" else core
    approx = _ADJACENT.fullmatch(core) or _ADJACENT.fullmatch(head)
    if approx is None:
        raise ValueError(raw)
    first = CN_DIGITS[approx["a"]]
    second = CN_DIGITS[approx["b"]]
    if second != first + 1 and not (first == 1 and approx["b"] == "两"):
        raise ValueError(raw)
    scale = approx["scale"]
    low = parse_numeral(_DIGIT_TEXT[first] + scale) if scale else first
    high = parse_numeral(_DIGIT_TEXT[second] + scale) if scale else second
    return low, high


_DIGIT_TEXT = WRITTEN_DIGITS


def _percent_fraction(numerator: Number, denominator: Number) -> Number:
    exact = Decimal(numerator) * _HUNDRED / Decimal(denominator)
    if exact != exact.quantize(Decimal("0.0001")):  # 三分之一: not a terminating decimal
        exact = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return integral(exact)


def _scale(value: Number, factor: int | Decimal) -> Number:
    if factor == 1:
        return value
    return integral(Decimal(value) * Decimal(factor))


# --- the finder -------------------------------------------------------------------------------


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` in order (see the module docstring).

    >>> [(q.text, q.value, q.value_max, q.unit) for q in find_quantities("设置公开栏二十至三十块")]
    [('二十至三十块', 20, 30, '块')]
    >>> find_quantities("")
    []
    """
    vocab = _vocab()
    scan = fold_width(text)
    found: list[Quantity] = []
    pattern = vocab.spaced_pattern if _SPACED_PROBE.search(scan) else vocab.pattern
    for match in pattern.finditer(scan):
        quantity = _quantity(match, scan, text, vocab, found[-1] if found else None)
        if quantity is not None:
            found.append(quantity)
    if any(q.unit is None for q in found):  # rare: one figure in ~170
        found = _resolve_units(scan, text, found)
    return found


def _quantity(
    m: regex.Match[str], scan: str, text: str, vocab: _Vocab, previous: Quantity | None
) -> Quantity | None:
    groups = _Groups._make(m.groups())
    unit_text = groups.unit or groups.gunit
    if unit_text == "年" and _looks_like_year(groups):
        return None  # the commonest refusal, taken before any valuing
    if groups.unit is not None and _lent_by_next_line(m, scan):
        return None
    unit = vocab.units[unit_text] if unit_text else None
    value_max: Number | None = None
    magnitude = None
    chinese_core = None

    if groups.n is not None:
        ranged = groups.n2 is not None
        first = groups.n
        magnitude = groups.m2 or groups.m
        if unit is not None and unit.gap == "mag" and groups.gunit and magnitude is None:
            return None
        number_start, number_end = m.span(_N)
        if ranged:
            number_end = m.end(_N2)
        try:
            value, value_max = _numeral_value(first)
            if groups.n2 is not None:
                high, high_max = _numeral_value(groups.n2)
                value_max = high_max if high_max is not None else high
                if groups.m is None and groups.m2 is not None:
                    # 3-5万元: the magnitude printed once applies to both ends
                    factor = parse_numeral("1" + groups.m2)
                    if value * factor <= value_max:
                        value = _scale(value, factor)
        except ValueError:
            return None
        chinese_core = first.strip() if not first.strip()[:1].isdigit() else None
        if ranged and groups.u1 and unit is None:
            unit = vocab.units[groups.u1]
    elif groups.pw is not None:
        number_start, number_end = m.start(_PW), m.end(_PN2) if groups.pn2 else m.end(_PN)
        try:
            numerator = groups.pn or ""  # pn always matches with pw
            value = 100 if numerator == "百" else parse_numeral(numerator)  # 百分之百
            value_max = parse_numeral(groups.pn2) if groups.pn2 else None
        except ValueError:
            return None
        divisor = {"百分之": 1, "千分之": 10, "万分之": 100}[groups.pw]
        value = integral(Decimal(value) / divisor)
        if value_max is not None:
            value_max = integral(Decimal(value_max) / divisor)
        if unit is not None and unit.base != "%":
            return None
        unit = vocab.units["%"]
    elif groups.fd is not None:
        number_start, number_end = m.start(_FD), m.end(_FN)
        try:
            # fn always matches with fd
            value = _percent_fraction(parse_numeral(groups.fn or ""), parse_numeral(groups.fd))
        except (ValueError, ArithmeticError):
            return None
        if unit is not None:
            return None
        unit = vocab.units["%"]
    elif groups.half is not None:
        number_start, number_end = m.span(_HALF)
        value = 50
        unit = vocab.units["%"]
    else:  # 上亿人
        number_start, number_end = m.span(_UPMAG)
        magnitude = groups.upmag or ""  # the only branch left: up and upmag matched
        value = parse_numeral("1" + magnitude)

    start = m.start()
    end = m.end()
    if value_max is not None and value_max < value:
        return None

    # --- refusals: what is not a quantity
    if _refused(
        scan, vocab, start, end, number_start, number_end, chinese_core, magnitude, unit_text
    ):
        return None
    if unit is not None and unit.role == "time" and unit_text == "年":
        if _is_year(groups, value, value_max):
            return None

    # --- unit, value scaling
    unit_base: str | None
    if unit is not None:
        unit_base = unit.base
        if groups.per:
            per = vocab.units.get(groups.per)
            unit_base += "/" + (per.base if per is not None else groups.per)
        if unit.multiplier != 1 and groups.pw is None:
            value = _scale(value, unit.multiplier)
            if value_max is not None:
                value_max = _scale(value_max, unit.multiplier)
    else:
        unit_base = _counted_noun(scan, start, previous, vocab)
        if unit_base is not None:
            unit = _Unit(unit_base, 1, Kind.COUNT, "inferred", "", True)

    # --- kind
    kind = _kind(scan, start, unit, unit_text, value, groups, previous, vocab)
    if kind is None:
        return None

    qualifier = groups.pre or groups.up or groups.post or _middle_hedge(groups.n)
    return Quantity(
        start, end, text[start:end], value, value_max, unit_base, qualifier, kind,
        number_start, number_end,
    )


def _lent_by_next_line(m: regex.Match[str], scan: str) -> bool:
    """Whether the measure word was read across a line break from a word of the next line.

    PDF text wraps a sentence between a number and its measure word (复议 351\\n件，其中), and
    a table row ends with a number right above the next row's label (1,252,300\\n项目): the
    measure word is the next line's only when it is a word by itself there, not the start of
    a longer one (项目, 名词解释, 省长; but 个 of 个政务新媒体 stays).
    """
    unit_start = m.start(_UNIT)
    if "\n" not in scan[m.start() : unit_start]:
        return False  # the common case: no line break before the unit
    from ..text.segment import segment  # loaded only for a wrapped figure

    tokens = segment(scan[unit_start : unit_start + _AFTER_WINDOW], hmm=False)
    return bool(tokens) and tokens[0].end > m.end(_UNIT) - unit_start


def _looks_like_year(groups: _Groups) -> bool:
    last = groups.n2 or groups.n
    return (
        last is not None
        and len(last) == 4
        and last.isdigit()
        and last.isascii()
        and groups.m is None
        and groups.m2 is None
    )


def _middle_hedge(number: str | None) -> str | None:
    if number is None or _HEDGE_CHARS.isdisjoint(number):
        return None
    for hedge in _MIDDLE_HEDGES:
        if hedge in number:
            return hedge
    return None


def _refused(
    scan: str,
    vocab: _Vocab,
    start: int,
    end: int,
    number_start: int,
    number_end: int,
    chinese_core: str | None,
    magnitude: str | None,
    unit_text: str | None,
) -> bool:
    # 一 alone before a measure word is the indefinite article (一批 一年 一次性), not a count
    if chinese_core is not None and chinese_core[0] in ZEROS and len(chinese_core) < 4:
        return True  # 一年零三个月: 零 continues a number, it never starts one
    if chinese_core is not None and magnitude is None and chinese_core in ("一", "壹"):
        if unit_text != "成" and scan[start - 1 : start] != "各":
            return True
    before = scan[max(0, number_start - 16) : number_start]
    after = scan[number_end : number_end + 12]
    if vocab.before_rules.search(before):
        return True
    # most figures are followed by no after-rule's text: one alternation tells, and spares the
    # loops over the pairs and the numeral rules
    after_possible = vocab.any_after.match(after) is not None
    if after_possible:
        if vocab.after_rules.match(after):
            return True
        for after_rule, before_rule in vocab.paired_rules:
            if after_rule.match(after) and before_rule.search(before):
                return True
    if chinese_core is not None:
        if vocab.places.match(scan, number_start):
            return True  # 三门峡: the numeral starts a place name
        for numeral_rule, before_rule, after_rule in vocab.numeral_rules:
            if after_rule is not None and not after_possible:
                continue
            if (
                numeral_rule.fullmatch(chinese_core)
                and (before_rule is None or before_rule.search(before))
                and (after_rule is None or after_rule.match(after))
            ):
                return True
    if chinese_core is None and scan[start:end].isascii():
        return False  # every idiom holds a Chinese numeral
    return _overlaps_idiom(scan, start, end, vocab)


def _overlaps_idiom(scan: str, start: int, end: int, vocab: _Vocab) -> bool:
    """Whether an idiom found in the 8 characters around ``scan[start:end]`` overlaps it: the
    plain form is ``any(i.start() < end and i.end() > start for i in idioms.finditer(scan,
    start - 8, end + 8))``, which this computes with less work."""
    if start < end and vocab.idiom_chars.isdisjoint(scan[start:end]):
        return False  # the idioms are literal words: one overlapping the figure shares a character
    # the idioms in the window, left to right without overlap (finditer as a loop of searches,
    # which stops at the first idiom starting past the figure: most windows hold none)
    window_end = min(len(scan), end + 8)
    idiom = vocab.idioms.search(scan, max(0, start - 8), window_end)
    while idiom is not None and idiom.start() < end:
        if idiom.end() > start:
            return True
        idiom = vocab.idioms.search(scan, idiom.end(), window_end)
    return False


def _is_year(groups: _Groups, value: Number, value_max: Number | None) -> bool:
    """2012年, 2024年度, 二〇二四年, 2012—2016年: calendar years, not spans."""
    raw = (groups.n2 or groups.n or "").strip()
    if groups.m or groups.m2:
        return False
    _, dot, fraction = raw.partition(".")
    if dot and len(fraction) == 4 and "1000" <= fraction <= "2100":
        return True  # 20.2026年: list number 20 then the year 2026
    if isinstance(value, int) and 1000 <= value <= 2100:
        return True
    if value_max is not None and isinstance(value_max, int) and 1000 <= value_max <= 2100:
        return True
    return len(raw) == 4 and all(c in CN_DIGITS for c in raw)


def _clause_window(scan: str, start: int, previous: Quantity | None, width: int = 16) -> int:
    """Where the clause holding the figure at ``start`` begins (at most ``width`` back)."""
    lower = max(0, start - width)
    if previous is not None and previous.end > lower:
        lower = previous.end
    stop = _CLAUSE_STOP.search(scan, lower, start)  # reverse pattern: the last stop
    return stop.end() if stop is not None else lower


def _counted_noun(scan: str, start: int, previous: Quantity | None, vocab: _Vocab) -> str | None:
    lower = _clause_window(scan, start, previous)
    noun = vocab.counted_noun.search(scan, lower, start)
    return vocab.counted_units[_WHITESPACE_CHAR.sub("", noun.group())] if noun else None


def _kind(
    scan: str,
    start: int,
    unit: _Unit | None,
    unit_text: str | None,
    value: Number,
    groups: _Groups,
    previous: Quantity | None,
    vocab: _Vocab,
) -> Kind | None:
    base_kind = unit.kind if unit is not None else Kind.OTHER
    if unit is not None and unit.role == "noun":
        return base_kind  # 两国, 960多万贫困人口: what is counted, never a change
    if unit is not None and unit.role == "time":
        lower = _clause_window(scan, start, previous, width=8)
        before = scan[lower:start]
        cue = vocab.duration_cue.search(before)
        role = vocab.duration_roles[cue.group().strip()] if cue else None
        if role == "level":
            return Kind.OTHER
        if unit_text == "年" and role is None:
            hedged = bool(_middle_hedge(groups.n)) or groups.pre or groups.post
            if not hedged and isinstance(value, int):
                return None  # 十年增加…, 过去五年, 三年行动: a period, not a figure
        base_kind = Kind.DURATION
    # a figure listed right after a change (增长9.4%、9.1%) is a change too
    if (
        previous is not None
        and previous.kind is Kind.CHANGE
        and scan[previous.end : start] in _LIST_LINKS
    ):
        return Kind.CHANGE
    verb = _last_change_verb(scan, start, previous, vocab)
    if verb is not None:
        role = vocab.change_roles[verb.group()]
        filler = vocab.rate_filler if role == "rate" else vocab.change_filler
        gap = filler.fullmatch(scan, verb.end(), start)
        if gap is not None:
            return Kind.CHANGE
    return base_kind


def _last_change_verb(
    scan: str, start: int, previous: Quantity | None, vocab: _Vocab
) -> regex.Match[str] | None:
    """The last change verb in the clause before ``start``: the plain form is
    ``vocab.change_verb.search(scan, _clause_window(scan, start, previous), start)``.

    One reverse search for a verb or a clause stop, whichever ends last, gives the same: a verb
    holds no stop character and no line break, so no verb overlaps a stop; the last verb after
    the last stop is then the match ending last, and a stop ending last means no verb follows.
    """
    lower = max(0, start - 16)
    if previous is not None and previous.end > lower:
        lower = previous.end
    found = vocab.verb_or_stop.search(scan, lower, start)
    if found is None or found.start(1) < 0:
        return None
    return found


# --- figures printed with no measure word -----------------------------------------------------

# The noun phrase after a figure may pass over an age (390万65岁以上老年人), 、/和/的 links and
# quotes (30万“老工伤”人员) until the counted word is seen; after it, they end the phrase.
_WHITESPACE_CHAR = regex.compile(r"\s")
# (possessive, from a run's head only: linear under search too, though it is matched in place)
_AGE = regex.compile(r"(?<!\d)\d++(?:\.\d++)?[ \t]?周?岁(?:及?以上|以下|以内)?")
_LINK_WORDS = frozenset(("、", "和", "及", "与", "以及", "的"))
_QUOTE_WORDS = frozenset("“”‘’\"'「」")
_NOT_A_NOUN = ("v", "c", "d", "p", "u", "r")  # jieba tags: 为民 或者 就医 are no counted word
_AFTER_WINDOW = 16  # characters of text read after a figure for its counted noun
_EXTEND_MAX = 8  # a counted noun this close and unbroken joins the span (近1亿农村贫困人口)
_SENTENCE_BACK = 60
_SENTENCE_STOP = regex.compile(r"(?r)[。；！？;!?]|\n\s*\n")
_NOTHING_AFTER = regex.compile(r"[ \t]*(?:[，。；：！？,.;:!?）)]|\d|$)")


@dataclass(frozen=True, slots=True)
class _Counting:
    """counted_nouns.tsv's after/suffix/money rows and the links between listed figures."""

    after_words: dict[str, str]
    suffixes: dict[str, str]
    money: regex.Pattern[str]
    sentence_noun: regex.Pattern[str]
    sentence_units: dict[str, str]
    base_kinds: dict[str, Kind]
    joined: regex.Pattern[str]
    changed_to: regex.Pattern[str]
    fillers: frozenset[str]
    finals: frozenset[str]  # last characters of the counted words: a cheap test before jieba


@cache
def _counting() -> _Counting:
    rows = load_table("counted_nouns.tsv")

    def rule(name: str) -> dict[str, str]:
        return {r["noun"]: r["unit"] for r in rows if r["rule"] == name}

    money, before = rule("money"), rule("before")
    base_kinds: dict[str, Kind] = {}
    for row in load_table("units.tsv"):
        base_kinds.setdefault(row["base"], Kind(row["kind"]))
    change_words = load_table("change_verbs.tsv")
    verbs = [v["word"] for v in change_words if v["role"] == "verb"]
    return _Counting(
        after_words=rule("after"),
        suffixes=rule("suffix"),
        money=regex.compile(f"(?r){_alternation(list(money))}"),
        sentence_noun=regex.compile(f"(?r){_alternation([*money, *before])}"),
        sentence_units={**money, **before},
        base_kinds=base_kinds,
        # 1409万、1305万人次; 1753万和2028万
        joined=regex.compile(r"[ \t]*(?:、|和|及|与|以及)[ \t]*"),
        # 由8300万增加到1亿3千多万, 从1024万增加到4416万
        changed_to=regex.compile(
            f"[ \\t]*(?:分别)?(?:{_alternation(verbs)}|增|降)?(?:到|至)[ \\t]*"
        ),
        fillers=frozenset(v["word"] for v in change_words if "filler" in v["role"]),
        finals=frozenset(w[-1] for w in (*rule("after"), *rule("suffix"))),
    )


def _counted_word(word: str, pos: str, counting: _Counting) -> str | None:
    """The unit a jieba word after a figure stands for, if it names who is counted."""
    unit = counting.after_words.get(word)
    if unit is not None:
        return unit
    for size in range(min(len(word) - 1, 4), 1, -1):  # 农村贫困人口 ends in the row 人口
        unit = counting.after_words.get(word[-size:])
        if unit is not None:
            return unit
    if pos.startswith(_NOT_A_NOUN):
        return None
    return counting.suffixes.get(word[-1])


def _noun_after(scan: str, end: int, counting: _Counting) -> tuple[str, int, bool] | None:
    """(unit, where the counted word ends, whether the phrase up to it is unbroken) for the
    noun phrase after a figure: 3.78万农牧民 -> ('人', …, True).

    >>> _noun_after("7100万江淮儿女倍感温暖", 5, _counting())
    ('人', 9, True)
    """
    window = scan[end : end + _AFTER_WINDOW]
    if _NOTHING_AFTER.match(window) or counting.finals.isdisjoint(window):
        return None  # 达到1.17亿。: no counted word can follow; spare the segmenter
    from ..text.segment import segment  # jieba: loaded only when a figure has no measure word

    found: tuple[str, int, bool] | None = None
    unbroken = True
    skip_to = 0
    for token in segment(window, hmm=False):
        word = token.word
        if token.start < skip_to:
            continue
        unit = _counted_word(word, token.pos, counting)
        if unit is not None:
            found = (unit, end + token.end, unbroken)
        elif word.isspace() or word in _QUOTE_WORDS:
            unbroken = False
        elif word in _LINK_WORDS:
            if found is not None:
                break
            unbroken = False
        elif word[0].isdigit():
            age = _AGE.match(window, token.start)
            if age is None or found is not None:
                break
            skip_to, unbroken = age.end(), False
        elif token.pos in ("x", "eng", "m") or (found is not None and token.pos[:1] != "n"):
            break  # a clause stop, Latin, a numeral; or past the counted word, a verb
    return found


def _noun_before(scan: str, lower: int, start: int, counting: _Counting) -> str | None:
    """The unit the word right before a figure stands for, if it names who is counted
    (培养认定农村致富带头人3.07万 -> 人); fillers such as 达 为 分别 are passed over."""
    if counting.finals.isdisjoint(scan[lower:start]):
        return None
    from ..text.segment import segment

    for token in reversed(segment(scan[lower:start], hmm=False)):
        if token.word.isspace() or token.word in counting.fillers:
            continue
        return _counted_word(token.word, token.pos, counting)
    return None


def _resolve_units(scan: str, text: str, found: list[Quantity]) -> list[Quantity]:
    """Give every figure printed with no measure word a unit (counted_nouns.tsv's rules, in
    its order), or drop it: a bare 5万 that counts nothing nameable is not a figure.

    >>> [(q.text, q.unit) for q in find_quantities("分别达1409万、1305万人次")]
    [('1409万', '人次'), ('1305万人次', '人次')]
    """
    counting = _counting()
    figures = list(found)
    unknown = {i for i, q in enumerate(figures) if q.unit is None}

    def settle(i: int, unit: str, end: int | None = None) -> None:
        q = figures[i]
        kind = q.kind if q.kind is not Kind.OTHER else counting.base_kinds.get(unit, Kind.COUNT)
        if end is None:
            figures[i] = replace(q, unit=unit, kind=kind)
        else:
            figures[i] = replace(q, unit=unit, kind=kind, end=end, text=text[q.start : end])
        unknown.discard(i)

    def share() -> None:
        changed = True
        while changed and unknown:
            changed = False
            for i in sorted(unknown, reverse=True):  # the last item of a list carries the unit
                after = figures[i + 1] if i + 1 < len(figures) else None
                if after is not None and after.unit and counting.joined.fullmatch(
                    scan, figures[i].end, after.start
                ):
                    settle(i, after.unit)
                    changed = True
            for i in sorted(unknown):
                before = figures[i - 1] if i else None
                if before is not None and before.unit and (
                    counting.joined.fullmatch(scan, before.end, figures[i].start)
                    or counting.changed_to.fullmatch(scan, before.end, figures[i].start)
                ):
                    settle(i, before.unit)
                    changed = True

    nouns_after: dict[int, tuple[str, int, bool]] = {}
    for i in sorted(unknown):
        q = figures[i]
        hit = _noun_after(scan, q.end, counting)
        if hit is None:
            continue
        nouns_after[i] = hit
        unit, noun_end, unbroken = hit
        # the noun is taken into the figure only up to the next figure (5百关二人: 人 is 二's)
        next_start = figures[i + 1].start if i + 1 < len(figures) else len(scan)
        if unbroken and noun_end - q.end <= _EXTEND_MAX and noun_end <= next_start:
            settle(i, unit, noun_end)
    share()
    for i in sorted(unknown):
        q = figures[i]
        lower = _clause_window(scan, q.start, figures[i - 1] if i else None)
        named = _noun_before(scan, lower, q.start, counting)
        if named is not None:
            settle(i, named)
        elif counting.money.search(scan, lower, q.start):
            settle(i, "元")
        elif i in nouns_after:
            settle(i, nouns_after[i][0])
    share()
    for i in sorted(unknown):
        q = figures[i]
        lower = max(0, q.start - _SENTENCE_BACK)
        stop = _SENTENCE_STOP.search(scan, lower, q.start)
        noun = counting.sentence_noun.search(scan, stop.end() if stop else lower, q.start)
        if noun is not None:
            settle(i, counting.sentence_units[noun.group()])
    share()
    return [q for i, q in enumerate(figures) if i not in unknown]

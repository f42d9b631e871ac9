"""The period a keyed figure refers to: a year ("2025"), a span ("2021-2025"), or ``None``.

An ordered rule table over the clause before the figure (in the Simplified analysis text); the
first rule that decides gives the period and its id.

>>> text = "“十五五”时期地区生产总值年均增长5%左右。今年地区生产总值增长5%左右。"
>>> decide_period(text, 18, 22, name="“十五五”时期地区生产总值年均增长", year=2026,
...               genre="work_report", role="target")
PeriodDecision(period='2026-2030', rule='plan_span', comparable=True)
>>> decide_period(text, 35, 39, name="地区生产总值增长", year=2026, genre="work_report",
...               role="target")
PeriodDecision(period='2026', rule='target_report_year', comparable=True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from .._data import load_table
from ..text.numerals import COUNTING_NUMERALS, ONE_TO_NINE, PLAIN_DIGITS, read_whole
from .keys import flow_keys, level_keys

__all__ = ["PeriodDecision", "decide_period", "plan_of_titles", "plan_years", "review_span"]

# How far back from a figure its clause may reach (a long target list shares one lead).
CONTEXT_CHARS = 80
_STOP_BEFORE = regex.compile(r"(?r)[。；;！？!?\n]")
_DIGIT = "0123456789" + PLAIN_DIGITS
_ARABIC_YEAR = r"(?:19|20)[0-9]{2}"
_CHINESE_YEAR = rf"[一二][{PLAIN_DIGITS}]{{3}}"
_YEAR = regex.compile(rf"(?<![{_DIGIT}])(?P<year>{_ARABIC_YEAR}|{_CHINESE_YEAR})年(?!度以来)")
# the number of a plan written before 五 (“十三五”, “九五”; not “五五”)
_PLAN_ONES = ONE_TO_NINE.replace("五", "")
_PLAN = regex.compile(
    rf"[“\"]?(?P<plan>十[{ONE_TO_NINE}]?|[{_PLAN_ONES}])五[”\"]?"
    r"(?:时期|期间|规划|计划)?"
    rf"|第(?P<plan_n>[{COUNTING_NUMERALS}]{{1,3}})个五年(?:计划|规划)")
_PERIOD_WORDS = load_table("period_words.tsv")


def _period_words(kind: str) -> str:
    """The alternation of ``data/period_words.tsv``'s words of ``kind``, longest first."""
    words = sorted((r["word"] for r in _PERIOD_WORDS if r["kind"] == kind), key=len, reverse=True)
    return "|".join(regex.escape(w) for w in words)


_AVERAGE = regex.compile(_period_words("average"))
_COMPARE = rf"(?:{_period_words('compare')})[ \t]*"
# the base year of a comparison: 与2000年相比, 比2002年, 同一九五七年相比
_BASE_YEAR = regex.compile(
    rf"{_COMPARE}(?P<base>{_ARABIC_YEAR}|{_CHINESE_YEAR})年(?:相比|比较)?")
# a plan's last year as the base: 较“十三五”末的9323.1亿元增加4374.4亿元，增长33.6%
_BASE_PLAN_END = regex.compile(rf"{_COMPARE}(?:{_PLAN.pattern})末")
_LAST_COMMA = regex.compile(r"[，,]")
_CUMULATIVE = regex.compile(_period_words("cumulative"))
_CUMULATIVE_FRAME = regex.compile(rf"[^，,]{{0,6}}(?:{_period_words('cumulative')})[ \t]*")
_FIVE_YEARS = regex.compile(r"过去五年|今后五年|未来五年|五年来")
# How far back a change's span may be named: the review's opening sentence or paragraph
# (the corpus pairs sit 7–840 characters after it).
REVIEW_CHARS = 1500
AFTER_CHARS = 8
_SPAN_WORDS = {row["marker"]: row["direction"] for row in load_table("review_spans.tsv")}
_REVIEW_WORDS = {word: d for word, d in _SPAN_WORDS.items() if d != "year"}

def _markers(words: dict[str, str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_REVIEW = regex.compile(_markers(_REVIEW_WORDS) + "|" + _PLAN.pattern)
# the five-year words, the one-year ones (过去一年, 今年) and a printed year: the nearest before
# a span total says whether the passage is about five years or one.  A plan's name is no
# marker here: a one-year review names the plan it closes ("十四五"圆满收官).
_ANY_SPAN = regex.compile(_markers(_SPAN_WORDS) + "|" + f"(?P<one_year>{_YEAR.pattern})")
_CHANGE_VERBS = "|".join(
    regex.escape(row["word"]) for row in load_table("change_verbs.tsv") if row["role"] == "verb")
_FROM = regex.compile(r"[从由](?!于)")
# the start of a change: 从/由 right before the figure, a change verb and 到/至 right after it
_FROM_BEFORE = regex.compile(r"[从由][ \t]*+$")
_TO_AFTER = regex.compile(rf"[ \t]{{0,2}}+(?:{_CHANGE_VERBS})(?:到|至)")
# the end of one: 从/由 … a change verb and 到/至 right before the figure
_TO_BEFORE = regex.compile(rf"[从由](?!于)[^从由]{{1,24}}?(?:{_CHANGE_VERBS})(?:到|至)[ \t]*+$")


def plan_years(number: int) -> tuple[int, int]:
    """First and last year of the N-th five-year plan: the first began in 1953, the second in
    1958, the third (after the 1963-1965 readjustment) in 1966.

    >>> plan_years(15), plan_years(14), plan_years(6), plan_years(1)
    ((2026, 2030), (2021, 2025), (1981, 1985), (1953, 1957))
    """
    first = {1: 1953, 2: 1958}.get(number, 1966 + 5 * (number - 3))
    return first, first + 4


@dataclass(frozen=True, slots=True)
class PeriodDecision:
    period: str | None
    rule: str
    # False: the figure is a change over several years (2005年与2000年相比…增长57.3%), which no
    # key's column holds (a growth key is one year's rate or a span's average), so it is unkeyed
    comparable: bool = True


@dataclass(frozen=True, slots=True)
class _Context:
    clause: str  # the text from the sentence start to the figure
    name: str
    year: int | None
    genre: str
    role: str | None
    after: str  # a few characters after the figure
    review: tuple[int, int] | None  # the five-year span named last before the figure
    flow: bool = False  # the key adds up over time (keys.flow_keys)
    span: tuple[int, int] | None = None  # the five-year span when the nearest marker names one
    level: bool = False  # a stock a plan sets for its last year (keys.level_keys)
    plan: tuple[int, int] | None = None  # the years of a plan the figure's section is about


def _span(first: int, last: int) -> str:
    return f"{first}-{last}"


def review_span(text: str, start: int, year: int | None) -> tuple[int, int] | None:
    """The five-year span the passage before ``start`` names last: the five years just past
    (五年来, a plan that ended the year before ``year``) or ahead (今后五年, a plan that begins
    in ``year``); None when no span is named or a named plan is neither.

    >>> text = "五年来，经济实力跃上新台阶。国内生产总值从54万亿元增加到82.7万亿元"
    >>> review_span(text, text.index("54"), 2018)
    (2013, 2017)
    """
    if year is None:
        return None
    last = None
    for match in _REVIEW.finditer(text, max(0, start - REVIEW_CHARS), start):
        last = match  # the span named nearest the figure
    if last is None:
        return None
    if last.group("plan") is None and last.group("plan_n") is None:
        past = _REVIEW_WORDS[last.group()] == "past"
        return (year - 5, year - 1) if past else (year, year + 4)
    first, final = plan_years(read_whole(last.group("plan") or last.group("plan_n")))
    return (first, final) if final == year - 1 or first == year else None


def _nearest_span(text: str, start: int, year: int | None) -> tuple[int, int] | None:
    """The five years just past when the marker nearest before ``start`` is a word for them
    (这五年, 五年来); None after a one-year marker (过去一年, 今年, a printed year), a span ahead
    (an annual target list follows 今后五年 often), or none."""
    if year is None:
        return None
    last = None
    for match in _ANY_SPAN.finditer(text, max(0, start - REVIEW_CHARS), start):
        last = match
    if last is None or last.group("one_year") is not None:
        return None
    return (year - 5, year - 1) if _SPAN_WORDS[last.group()] == "past" else None


def _rule_change_from(ctx: _Context) -> PeriodDecision | None:
    """The start of a change (国内生产总值从54万亿元增加到82.7万亿元) is the level of the year
    before the span the passage reviews or plans; with no span named, a target's start is
    the level now (the year before the report) and an outcome's start cannot be dated."""
    if not (_FROM_BEFORE.search(ctx.clause) and _TO_AFTER.match(ctx.after)):
        return None
    if ctx.review is not None:
        return PeriodDecision(str(ctx.review[0] - 1), "change_from_span")
    if ctx.role == "target" and ctx.year is not None:
        return PeriodDecision(str(ctx.year - 1), "change_from_now")
    return PeriodDecision(None, "change_from_unknown")


def _rule_change_to(ctx: _Context) -> PeriodDecision | None:
    """The end of a change is the last year of the span named (提高到82.7万亿元 after 五年来:
    the year before the report; after 今后五年: the plan's last year)."""
    if ctx.review is None or not _TO_BEFORE.search(ctx.clause):
        return None
    return PeriodDecision(str(ctx.review[1]), "change_to_span")


def _rule_flow_average(ctx: _Context) -> PeriodDecision | None:
    """A flow's yearly average over a span (城镇新增就业年均1270多万人, 平均每年城镇新增就业1000多万
    人) is neither one year's flow nor the span's total, which is what a flow's span period
    holds (span_total): no key's column."""
    own = _LAST_COMMA.split(ctx.clause)[-1]
    if not ctx.flow or not (_AVERAGE.search(ctx.name) or _AVERAGE.search(own)):
        return None
    return PeriodDecision(None, "flow_average", comparable=False)


def _rule_plan_span(ctx: _Context) -> PeriodDecision | None:
    # the plan named nearest the figure (给“十六五”预留…，建议“十五五”时期…年均增长5.5%—6%)
    plans = list(_PLAN.finditer(ctx.clause)) or list(_PLAN.finditer(ctx.name))
    match = plans[-1] if plans else None
    if match is None or not (_AVERAGE.search(ctx.clause) or _AVERAGE.search(ctx.name)):
        return None
    number = read_whole(match.group("plan") or match.group("plan_n"))
    return PeriodDecision(_span(*plan_years(number)), "plan_span")


def _rule_five_year_average(ctx: _Context) -> PeriodDecision | None:
    """年均 without a named plan: the five years ahead of a plan, or the five just past."""
    # 年均 in the name, or between the name and the figure when the name leaves it out
    # (一般公共预算收入、税收收入年均分别增长4.5%、3%): the clause's last comma-free stretch
    own = _LAST_COMMA.split(ctx.clause)[-1]
    if ctx.year is None or not (
        _AVERAGE.search(ctx.name) or _AVERAGE.search(own) or _FIVE_YEARS.search(ctx.clause)
    ):
        return None
    if ctx.role == "target":
        return PeriodDecision(_span(ctx.year, ctx.year + 4), "average_ahead")
    return PeriodDecision(_span(ctx.year - 5, ctx.year - 1), "average_past")


def _rule_multi_year_change(ctx: _Context) -> PeriodDecision | None:
    """A change measured against a year more than one year before the year it reaches
    (2005年与2000年相比，国内生产总值增长57.3%; 比2002年增长65.5%), or summed (累计), is a
    cumulative change (a flow's 累计 is its span total: span_total)."""
    stretches = _LAST_COMMA.split(ctx.clause)
    # 累计 in the figure's own stretch (收入累计超1.6万亿元), or a sentence's opening frame
    # (近三年累计，单位国内生产总值能耗下降10.08%); not another item's (就业累计106万人，…71.5%)
    # (a flow's 累计 in a passage about five years is their total: span_total)
    if (not ctx.flow or ctx.span is None) and (
            _CUMULATIVE.search(ctx.name) or _CUMULATIVE.search(stretches[-1]) or (
                len(stretches) > 1 and _CUMULATIVE_FRAME.fullmatch(stretches[0]))):
        return PeriodDecision(None, "multi_year_change", comparable=False)
    if _BASE_PLAN_END.search(ctx.clause):
        return PeriodDecision(None, "multi_year_change", comparable=False)
    base = _BASE_YEAR.search(_LAST_COMMA.split(ctx.clause)[-1]) or _BASE_YEAR.search(ctx.clause)
    if base is None or ctx.year is None or _AVERAGE.search(ctx.clause[base.end():]):
        return None
    bases = {m.start("base") for m in _BASE_YEAR.finditer(ctx.clause)}
    years = [read_whole(m.group("year")) for m in _YEAR.finditer(ctx.clause)
             if m.start() not in bases]
    reached = max(years) if years else ctx.year - 1
    if reached - read_whole(base.group("base")) <= 1:
        return None
    return PeriodDecision(None, "multi_year_change", comparable=False)


def _rule_named_year(ctx: _Context) -> PeriodDecision | None:
    """A year printed in the clause (2012年 quoted in 2026) is the year meant; the nearest wins,
    a comparison's base year aside (2024年比2023年增长5%: 2024)."""
    bases = {m.start("base") for m in _BASE_YEAR.finditer(ctx.clause)}
    years = [m.group("year") for m in _YEAR.finditer(ctx.clause) if m.start() not in bases]
    if not years:
        return None
    return PeriodDecision(str(read_whole(years[-1])), "named_year")


def _rule_plan_section(ctx: _Context) -> PeriodDecision | None:
    """A target in the part of a report about the five-year plan that begins in its year
    (“十五五”时期的主要目标: 城镇新增就业500万人以上, 常住人口城镇化率达63%左右) is the plan's:
    a flow its five years' total, a level its last year's."""
    if ctx.role != "target" or ctx.plan is None or ctx.plan[0] != ctx.year:
        return None
    if ctx.flow:
        return PeriodDecision(_span(*ctx.plan), "plan_section")
    if ctx.level:
        return PeriodDecision(str(ctx.plan[1]), "plan_section")
    return None


def plan_of_titles(titles: Sequence[str]) -> tuple[int, int] | None:
    """The years of the five-year plan that the innermost title about a plan's period is
    about (“十五五”时期…, “十四五”规划…); a title naming a year too, or the plan only in passing
    (全力推动“十五五”开好局: the year's work), is about a year.

    >>> plan_of_titles(("“十五五”时期的主要目标任务", "推动高质量发展"))
    (2026, 2030)
    >>> plan_of_titles(("“十三五”时期发展成就和“十四五”时期主要目标任务",))
    (2021, 2025)
    >>> plan_of_titles(("“十五五”时期目标任务和2026年工作安排",)) is None
    True
    >>> plan_of_titles(("一鼓作气勇争先，全力推动“十五五”开好局、起好步",)) is None
    True
    """
    for title in reversed(titles):
        if _YEAR.search(title):
            continue
        # the last plan a title names is the one it is about (“十三五”时期发展成就和“十四五”时期
        # 主要目标任务: the fourteenth)
        plans = [m for m in _PLAN.finditer(title) if m.group().endswith(_PLAN_PERIOD)]
        if plans:
            return plan_years(read_whole(plans[-1].group("plan") or plans[-1].group("plan_n")))
    return None


# how a title says it is about a plan's whole period
_PLAN_PERIOD = tuple(r["word"] for r in _PERIOD_WORDS if r["kind"] == "plan_period")


def _rule_span_total(ctx: _Context) -> PeriodDecision | None:
    """A quantity that adds up (new jobs) stated in a passage about five years is their total
    (这五年…城镇新增就业603.7万人: 2021-2025); after a one-year marker it is that year's."""
    if not ctx.flow or ctx.genre != "work_report" or ctx.role != "outcome" or ctx.span is None:
        return None
    return PeriodDecision(_span(*ctx.span), "span_total")


def _rule_disclosure_year(ctx: _Context) -> PeriodDecision | None:
    if ctx.genre != "info_disclosure" or ctx.year is None:
        return None
    return PeriodDecision(str(ctx.year), "disclosure_year")


def _rule_role_year(ctx: _Context) -> PeriodDecision | None:
    """A work report reviews the year before and sets targets for the year it is delivered."""
    if ctx.year is None or ctx.role is None:
        return None
    if ctx.role == "target":
        return PeriodDecision(str(ctx.year), "target_report_year")
    return PeriodDecision(str(ctx.year - 1), "outcome_year_before")


def _rule_none(ctx: _Context) -> PeriodDecision | None:
    return PeriodDecision(None, "no_period")


RULES: tuple[tuple[str, Callable[[_Context], PeriodDecision | None]], ...] = (
    ("disclosure_year", _rule_disclosure_year),
    ("change_from", _rule_change_from),
    ("change_to", _rule_change_to),
    ("flow_average", _rule_flow_average),
    ("plan_span", _rule_plan_span),
    ("five_year_average", _rule_five_year_average),
    ("multi_year_change", _rule_multi_year_change),
    ("named_year", _rule_named_year),
    ("plan_section", _rule_plan_section),
    ("span_total", _rule_span_total),
    ("role_year", _rule_role_year),
    ("no_period", _rule_none),
)


def clause_before(text: str, start: int) -> str:
    lo = max(0, start - CONTEXT_CHARS)
    stop = _STOP_BEFORE.search(text, lo, start)
    return text[stop.end() if stop else lo:start]


def decide_period(text: str, start: int, end: int, *, name: str, year: int | None,
                  genre: str, role: str | None, key: str | None = None,
                  section: Sequence[str] = ()) -> PeriodDecision:
    """The period of the figure at ``text[start:end]`` with the rule that fired; ``key`` is
    its canonical key (a flow's period may be a span total), ``section`` the titles of the
    sections it is in, outermost first (a plan's part dates its targets)."""
    clause = clause_before(text, start)
    after = text[end : end + AFTER_CHARS]
    review = review_span(text, start, year) if _FROM.search(clause) else None
    flow = key in flow_keys()
    span = _nearest_span(text, start, year) if flow else None
    level = key in level_keys()
    plan = plan_of_titles(section) if (flow or level) and role == "target" else None
    ctx = _Context(clause, name, year, genre, role, after, review, flow, span, level, plan)
    for _rule_id, rule in RULES:
        decision = rule(ctx)
        if decision is not None:
            return decision
    raise AssertionError("the last rule always decides")  # pragma: no cover

"""The number stage's fast paths against the plain computations they stand for.

Each shortcut in numbers.py/numerals.py is exact only under an argument written beside it;
here hypothesis checks each one against the plain form on random text and on text cut from the
case table (tests/cases/numbers.jsonl) and, when ../shared is beside the project, the corpus.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp.figures import numbers
from govreport_nlp.text.numerals import fold_table, fold_width

try:
    from conftest import SHARED
except ImportError:  # pragma: no cover - conftest is importable under pytest
    SHARED = Path(__file__).resolve().parents[1].parent / "shared"

CASES_FILE = Path(__file__).parent / "cases" / "numbers.jsonl"
SENTENCES = sorted({
    json.loads(line)["sentence"]
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines()
    if line
})


def _corpus_sample() -> list[str]:
    """A slice of every tenth corpus report (or nothing when ../shared is absent)."""
    paths = sorted((SHARED / "corpora").glob("*/*.txt"))[::10]
    return [p.read_text(encoding="utf-8", errors="replace")[:4000] for p in paths]


CORPUS = _corpus_sample()

# the characters the fast paths look at: fold sources, numerals, units, hedges, rule words
_FOLD_SOURCES = "".join(chr(c) for c in fold_table())
_ALPHABET = (
    _FOLD_SOURCES
    + "0123456789.,，%‰ \t\n\u3000"
    + "零〇○一二三四五六七八九十百千万亿两几多余点分之半上近约超不少低高到足将接大突破逾至合"
    + "个条件人次项年月日周天元吨亩户家名位所期轮成倍岁套"
    + "第届会议全周年代世纪级强方面名单季度过去今后前后“”「」\"各以上左右下内"
    + "带路位体揽子国制网通办规定原则AaZz-—~～–－/"
    + "的和在是有为了全省市县政府公开信息"
)

random_text = st.text(alphabet=_ALPHABET, max_size=120)
# a sentence from the case table or the corpus, cut anywhere
real_text = st.sampled_from(SENTENCES + CORPUS).flatmap(
    lambda s: st.tuples(
        st.integers(0, len(s)), st.integers(0, len(s))
    ).map(lambda ab: s[min(ab) : max(ab)])
)
_UNITS = [r["surface"] for r in numbers.load_table("units.tsv")]
_HEDGES = [r["word"] for r in numbers.load_table("hedges.tsv")]
# numerals next to units (and their prefixes: 个 of 个月, 千 of 千瓦时), hedges and a rate's /
figure_text = st.lists(
    st.one_of(
        st.sampled_from(["3", "12.5", "1,234", "二十", "一", "两", "3万", "五千", "百分之",
                         "-", "/", "至", "各", " ", "\n", "，", "的"]),
        st.sampled_from(_UNITS), st.sampled_from(_UNITS).map(lambda u: u[:-1] or u),
        st.sampled_from(_HEDGES),
    ),
    max_size=10,
).map("".join)
any_text = st.one_of(random_text, real_text, figure_text)


# --- numerals.fold_width: one str.replace per fold found == str.translate ---------------------


@settings(max_examples=400)
@given(st.one_of(any_text, st.text(alphabet=_ALPHABET, min_size=60, max_size=400)))
def test_fold_width_is_translate(text: str) -> None:
    assert fold_width(text) == text.translate(fold_table())


@pytest.mark.parametrize("text", ["１２３４５件" * 20, "兩萬\u3000" * 40, "无需折叠的文字" * 20],
                         ids=["full-width digits", "traditional and U+3000", "nothing to fold"])
def test_fold_width_long_text(text: str) -> None:
    assert fold_width(text) == text.translate(fold_table())


# --- numbers._refused: the gates in front of the rule loops -----------------------------------


@settings(max_examples=400)
@given(any_text)
def test_any_after_gate_lets_every_after_rule_through(after: str) -> None:
    vocab = numbers._vocab()
    if vocab.any_after.match(after) is None:
        assert vocab.after_rules.match(after) is None
        assert all(rule.match(after) is None for rule, _ in vocab.paired_rules)
        assert all(rule is None or rule.match(after) is None for _, _, rule in vocab.numeral_rules)


_IDIOMS = [r["before"] for r in numbers.load_table("number_refusals.tsv") if r["kind"] == "word"]
# idioms packed close together (overlapping and adjacent) with numerals around them
idiom_text = st.lists(
    st.one_of(st.sampled_from(_IDIOMS), st.sampled_from(_IDIOMS).map(lambda w: w[1:]),
              st.text(alphabet="一二三五十个年项3 ，", max_size=3)),
    max_size=8,
).map("".join)


@settings(max_examples=600)
@given(st.one_of(any_text, idiom_text), st.integers(0, 120), st.integers(0, 12))
def test_idiom_overlap_is_the_plain_finditer(text: str, start: int, width: int) -> None:
    vocab = numbers._vocab()
    start = min(start, len(text))
    end = min(len(text), start + width)
    window = vocab.idioms.finditer(text, max(0, start - 8), min(len(text), end + 8))
    plain = any(i.start() < end and i.end() > start for i in window)
    assert numbers._overlaps_idiom(text, start, end, vocab) == plain


@pytest.mark.parametrize("text", ["实施三区三州脱贫", "坚持一国两制", "推进一网通办改革"],
                         ids=["三区三州", "一国两制", "一网通办"])
def test_idioms_still_refused(text: str) -> None:
    assert numbers.find_quantities(text) == []


# --- the scan patterns: the guards take no match away -----------------------------------------


def _scan(pattern: regex.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@cache
def _plain_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The scan patterns without the guards (start guard, first characters of word lists)."""
    _, pattern, spaced = numbers._scan_sources(numbers._vocab().units, fast=False)
    return regex.compile(pattern), regex.compile(spaced)


def test_plain_patterns_hold_no_guard() -> None:
    vocab = numbers._vocab()
    plain, _ = _plain_patterns()
    assert vocab.start_guard and not plain.pattern.startswith(vocab.start_guard)
    assert len(plain.pattern) < len(vocab.pattern.pattern)


@settings(max_examples=500)
@given(any_text)
def test_guards_keep_every_match(text: str) -> None:
    vocab = numbers._vocab()
    plain, plain_spaced = _plain_patterns()
    assert _scan(vocab.pattern, text) == _scan(plain, text)
    assert _scan(vocab.spaced_pattern, text) == _scan(plain_spaced, text)


@pytest.mark.skipif(not CORPUS, reason="../shared (corpora) is not beside the project")
def test_guards_keep_every_match_on_the_corpus() -> None:
    vocab = numbers._vocab()
    plain, _ = _plain_patterns()
    for text in CORPUS:
        folded = fold_width(text)
        assert _scan(vocab.pattern, folded) == _scan(plain, folded)


# --- numbers._last_change_verb: one reverse search for a verb or a stop -----------------------

_VERBS = [r["word"] for r in numbers.load_table("change_verbs.tsv")]
# change words, clause stops and line breaks packed together
clause_text = st.lists(
    st.one_of(st.sampled_from(_VERBS), st.sampled_from(list("，。；：、（）“”\n ")),
              st.text(alphabet="较上年同比为达到3%个", max_size=3)),
    max_size=10,
).map("".join)


@settings(max_examples=600)
@given(
    st.one_of(clause_text, any_text), st.integers(0, 40), st.one_of(st.none(), st.integers(0, 40))
)
def test_last_change_verb_is_the_plain_two_searches(
    text: str, start: int, previous_end: int | None
) -> None:
    vocab = numbers._vocab()
    start = min(start, len(text))
    previous = None if previous_end is None else SimpleNamespace(end=min(previous_end, start))
    lower = numbers._clause_window(text, start, previous)  # type: ignore[arg-type]
    plain = vocab.change_verb.search(text, lower, start)
    fast = numbers._last_change_verb(text, start, previous, vocab)  # type: ignore[arg-type]
    if plain is None:
        assert fast is None
    else:
        assert fast is not None and (fast.span(), fast.group()) == (plain.span(), plain.group())


# --- numerals.parse_folded: an Arabic number times a magnitude without _big's regexes ---------


def _parse_by_big(text: str) -> object:
    """parse_folded's general path (what the shortcut for 3.1万 stands for)."""
    from govreport_nlp.text.numerals import _big, integral

    try:
        return integral(_big(text))
    except (KeyError, ArithmeticError, ValueError):
        return ValueError


@settings(max_examples=500)
@given(
    st.text(alphabet="0123456789.", min_size=0, max_size=8),
    st.sampled_from(["万", "亿", "万亿", "亿万", "万万"]),
)
def test_arabic_times_magnitude_is_big(head: str, mark: str) -> None:
    from govreport_nlp.text.numerals import parse_folded

    text = head + mark
    plain = _parse_by_big(text)
    try:
        fast: object = parse_folded(text)
    except ValueError:
        fast = ValueError
    assert fast == plain and type(fast) is type(plain)

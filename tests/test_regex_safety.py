"""Every regular expression of the package against pathological text: counted, not timed.

The patterns are collected, not listed: the module globals of every package module (walked
through tuples, dicts, sets and dataclass instances), the results of the ``functools.cache``
builders that take no argument, and — after the pipeline has run over a sample of hostile and
ordinary text — the ``regex`` module's own cache of compiled patterns, which holds the
patterns built on demand (per-argument builders, inline ``regex.search(...)`` calls).

What is checked is work, not seconds.  A scan (``search``, ``finditer``) tries the pattern at
every position that no earlier match covers.  On a long run of one unit (``1 1 1 …``,
``123,123,…``: :data:`PATHOLOGICAL`) those attempts repeat with the run's period, so the scan is
linear exactly when each attempt reads a bounded number of characters.  The test finds the
attempts a full ``finditer`` makes in the middle of the run (every phase of the period, at
positions no match covers) and asks the ``regex`` module, with ``partial=True`` and the text
cut :data:`WINDOW` characters after the attempt, whether the attempt is decided within that
window.  An attempt that is not reads on to the end of the run from every period: quadratic
work (the scan of ``1 1 1 …`` in ``numbers.py`` and ``normalise.py`` did, before it was made
linear).  The count of such attempts must be 0.  The full ``finditer`` runs under the
``regex`` module's ``timeout=`` only as a guard, so that an exponential pattern fails the test
instead of hanging it; nothing asserts a time.

Patterns whose attempts still read on are listed in :data:`KNOWN` with the reason their use is
bounded (``fullmatch`` at one position, a short window); the test fails if one of them stops
reading on (remove it then) and if any other pattern does.

A ``re`` pattern cannot take a timeout, so none may exist in the package.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator

import pytest
import regex

import govreport_nlp

#: characters after its position within which an attempt must be decided
WINDOW = 256
#: characters per pathological string: the attempts checked start in its middle, far enough
#: from either end that an attempt reading past WINDOW is not cut short by the end of the text
RUN = 8 * WINDOW
#: seconds the full finditer may take before the guard stops it (never an assertion on time:
#: a linear scan of RUN characters takes well under a millisecond; the guard stops a hang)
GUARD = 20.0

#: modules whose import needs an optional extra (skipped when it is missing)
_OPTIONAL = {
    "govreport_nlp.deliver.spacy_component",
    "govreport_nlp.deliver.dask",
    "govreport_nlp.deliver.frames",
}

#: label -> the unit repeated to make a run of RUN characters
UNITS = {
    "digits": "1",
    "grouped": "1,",
    "grouped-3": "123,",
    "grouped-cn": "1，",
    "decimals": "1.",
    "han": "政",
    "numerals": "一二三四五六七八九十百千万亿",
    "ten": "十",
    "one": "一",
    "spaces": " ",
    "tabs": "\t",
    "ideographic-spaces": "\u3000",
    "newlines": "\n",
    "blank-lines": " \n",
    "spaced-digits": "1 ",
    "spaced-decimal": "1 . ",
    "table-row": "0 1 ",
    "brackets-open": "（",
    "ascii-brackets-open": "(",
    "headings": "一、",
    "page-numbers": "- 1 -\n",
    "dashes": "—",
    "percent": "%",
    "hedges": "约近多余以上",
    "ranges": "1至",
    "fractions": "三分之",
    "quotes": "“",
    "punctuation": "，。、；：",
    "mixed": "全年共受理政府信息公开申请95件，较上年增长12.3%；一二三十百 （1） 一、\n",
}
PATHOLOGICAL = {label: (unit * (RUN // len(unit) + 1))[:RUN] for label, unit in UNITS.items()}


#: pattern (its first characters) -> why its quadratic case is bounded in use
KNOWN = {
    r"[ \t]*(?:、|和|及|与|以及)[ \t]*": (
        "numbers: the gap joining two listed figures, used with fullmatch (one position)"
    ),
    r"[ \t]*(?:分别)?(?:": "numbers: a change verb between two figures, fullmatch (one position)",
    r"[ \t\u3000]*(?:(?P<": "normalise: debris lines, fullmatch on lines of 120 chars at most",
    r"[ \t\u3000]*(?:(?<![一二三四五六七八九十])": (
        "normalise: a numbered block's start, matched once at the start of each line"
    ),
}


def _known(pattern: object) -> str | None:
    text = getattr(pattern, "pattern", "")
    return next((k for k in KNOWN if isinstance(text, str) and text.startswith(k)), None)


def _package_modules() -> list[object]:
    modules = []
    for info in pkgutil.walk_packages(govreport_nlp.__path__, "govreport_nlp."):
        try:
            modules.append(importlib.import_module(info.name))
        except ImportError:
            if info.name not in _OPTIONAL:
                raise
    return modules


def _walk(value: object, seen: set[int], depth: int = 0) -> Iterator[object]:
    """Pattern objects (``regex`` or ``re``) inside ``value``."""
    if id(value) in seen or depth > 6:
        return
    seen.add(id(value))
    if isinstance(value, regex.Pattern | re.Pattern):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, seen, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _walk(item, seen, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name, None), seen, depth + 1)


def _own_callables(module: object) -> Iterator[tuple[str, object]]:
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) == module.__name__:  # type: ignore[attr-defined]
            yield name, value


def _no_argument_builder(value: object) -> bool:
    if not hasattr(value, "cache_info") or not callable(value):
        return False
    try:
        signature = inspect.signature(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in signature.parameters.values())


def _exercise_pipeline() -> None:
    """Run every stage once, so that builders with arguments and inline patterns compile."""
    from conftest import SHARED
    from govreport_nlp.pipeline import parse_text

    samples = [
        "二、主动公开政府信息情况\n全年主动公开政府信息2847条，较上年增加312条，增长12.3%。",
        "政府資訊公開工作年度報告\n一、總體情況\n受理申請１２件，約佔三成。",
        "各位代表：现在，我代表国务院，向大会报告政府工作。国内生产总值增长5%左右。",
        "四、政府信息公开行政复议、行政诉讼情况\n1 1 0 0 2 1 0 0 0 1 2 0 1 0 3\n",
        "全县未发生因政府信息公开申请提起行政复议和行政诉讼的案件。",
    ]
    corpus = SHARED / "corpora"
    if corpus.is_dir():
        samples += [p.read_text("utf-8") for p in sorted(corpus.glob("*/*.txt"))[::20]]
    for text in samples:
        parse_text(text)


@functools.cache
def collected() -> dict[str, object]:
    """Every pattern of the package, keyed by where it was found."""
    found: dict[str, object] = {}
    seen: set[int] = set()
    modules = _package_modules()
    _exercise_pipeline()
    for module in modules:
        for pattern in _walk(list(vars(module).values()), seen):
            found.setdefault(f"{module.__name__}: {pattern.pattern[:60]!r}", pattern)
        for name, value in _own_callables(module):
            if _no_argument_builder(value):
                for pattern in _walk(value(), seen):  # type: ignore[operator]
                    found.setdefault(f"{module.__name__}.{name}(): {pattern.pattern[:60]!r}",
                                     pattern)
    from regex import _main as regex_main  # the module's cache of compiled patterns

    for pattern in list(regex_main._cache.values()):
        if isinstance(pattern, regex.Pattern) and id(pattern) not in seen:
            seen.add(id(pattern))
            found.setdefault(f"compiled on demand: {pattern.pattern[:60]!r}", pattern)
    return found


def test_patterns_are_collected() -> None:
    patterns = collected()
    assert len(patterns) >= 50, sorted(patterns)


def test_no_re_patterns_in_the_package() -> None:
    """``re`` cannot time out: the package compiles with ``regex`` only."""
    offenders = [key for key, p in collected().items() if isinstance(p, re.Pattern)]
    assert not offenders


def long_attempts(pattern: regex.Pattern[str], unit: str, run: int = RUN) -> list[int]:
    """Positions in the middle of a run of ``unit`` (one per phase of its period) where a scan
    of the run tries ``pattern`` and the attempt is not decided within :data:`WINDOW`
    characters: each such attempt repeats every period and reads on to the run's end."""
    text: str | bytes = (unit * (run // len(unit) + 1))[:run]
    if isinstance(pattern.pattern, bytes):
        text = text.encode("utf-8")  # type: ignore[union-attr]
        unit_len = len(unit.encode("utf-8"))
    else:
        unit_len = len(unit)
    spans = [m.span() for m in pattern.finditer(text, timeout=GUARD) if m.end() > m.start()]
    starts = [s for s, _ in spans]
    middle = len(text) // 2
    found = []
    for position in range(middle, middle + unit_len):
        i = bisect.bisect_right(starts, position) - 1
        if i >= 0 and spans[i][0] <= position < spans[i][1]:
            continue  # inside a match: the scan does not try here
        attempt = pattern.match(text, position, position + WINDOW, partial=True)
        if attempt is not None and attempt.partial:
            found.append(position)
    return found


#: the check itself: patterns that made a scan quadratic before they were rewritten (they
#: must be caught) and their linear forms (they must pass)
QUADRATIC_BEFORE = [
    pytest.param(r"(?<![\d.])\d(?: \.? ?\d| \.\d)+(?= ?[\p{Han}%])", "1 ", id="spaced-old"),
    pytest.param(r"[1-9](?: \d)+(?: ?\. ?\d(?: \d)*)?(?= ?[^\s\d.])", "1 ", id="numbers-old"),
    pytest.param(r"(?<![\d.])(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?(?=[件%])", "123,",
                 id="grouped-old"),
    pytest.param(r"(?:\d )+件", "1 ", id="unanchored-run"),
    pytest.param(r"\d+件", "1", id="unanchored-digits"),
    pytest.param(r"[^。]*。", "政", id="to-the-stop"),
]
LINEAR_NOW = [
    pytest.param(r"(?<![\d.])(?<!\d \.? ?)\d(?: \.? ?\d)++(?= ?[\p{Han}%])", "1 ",
                 id="spaced-new"),
    pytest.param(r"(?<!\d)\d+件", "1", id="digits-from-the-head-only"),
    pytest.param(r"\d+", "1", id="digits-consumed-by-the-head"),
    pytest.param(r"(?<!\d)\d{1,3}(?:,\d{3}){1,6}+(?![\d,]\d)", "123,", id="bounded-groups"),
]


@pytest.mark.parametrize(("source", "unit"), QUADRATIC_BEFORE)
def test_the_count_catches_a_quadratic_scan(source: str, unit: str) -> None:
    assert long_attempts(regex.compile(source), unit, run=1000)


@pytest.mark.parametrize(("source", "unit"), LINEAR_NOW)
def test_the_count_passes_a_linear_scan(source: str, unit: str) -> None:
    assert long_attempts(regex.compile(source), unit, run=1000) == []


@pytest.mark.slow
def test_every_pattern_reads_a_bounded_window_per_attempt() -> None:
    reading_on: list[str] = []
    known_hit: set[str] = set()
    for key, pattern in collected().items():
        if not isinstance(pattern, regex.Pattern):
            continue
        for label, unit in UNITS.items():
            try:
                positions = long_attempts(pattern, unit)
            except TimeoutError:
                positions = [-1]  # the guard: the scan did not end at all
            if not positions:
                continue
            known = _known(pattern)
            if known is not None:
                known_hit.add(known)
            else:
                reading_on.append(f"{key} on {label} at {positions[:3]}")
    assert not reading_on, reading_on
    present = {k for k in map(_known, collected().values()) if k is not None}
    fixed = present - known_hit
    assert not fixed, f"no longer reading on, remove from KNOWN: {sorted(fixed)}"

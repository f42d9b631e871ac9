"""Every regular expression of the package against pathological text, under a timeout.

The patterns are collected, not listed: the module globals of every package module (walked
through tuples, dicts, sets and dataclass instances), the results of the ``functools.cache``
builders that take no argument, and — after the pipeline has run over a sample of hostile and
ordinary text — the ``regex`` module's own cache of compiled patterns, which holds the
patterns built on demand (per-argument builders, inline ``regex.search(...)`` calls).  Each
runs with ``search``, ``match`` and a full ``finditer`` over long runs of the characters that
make patterns backtrack (digits, Han, Chinese numerals, spaces, brackets, separators) under the
``regex`` module's ``timeout=``.  Runs are long enough (:data:`RUN` characters) that any
pattern quadratic in its input blows the timeout: the scan of ``一一一…`` that rescanned the
rest of the run from every position (fixed in ``numbers.py``) took 0.75 s at this length.

Patterns still quadratic on some input are listed in :data:`KNOWN` with the reason they are
bounded where the package uses them; the test fails if one of them stops timing out (remove
it then) and if any other pattern times out: a new pattern that is quadratic under ``search``
is fixed, or listed there with the bound its use gives (``fullmatch`` at one position, a
short window).

A ``re`` pattern cannot take a timeout, so none may exist in the package.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest
import regex

import govreport_nlp

#: characters per pathological string
RUN = 20_000
#: seconds one pattern may take on one string (a linear scan of RUN characters takes < 0.05 s)
TIMEOUT = 0.5

#: modules whose import needs an optional extra (skipped when it is missing)
_OPTIONAL = {
    "govreport_nlp.deliver.spacy_component",
    "govreport_nlp.deliver.dask",
    "govreport_nlp.deliver.frames",
}

PATHOLOGICAL = {
    "digits": "1" * RUN,
    "digits+unit": "1" * (RUN - 1) + "件",
    "grouped": "1," * (RUN // 2),
    "grouped-cn": "1，" * (RUN // 2),
    "decimals": "1." * (RUN // 2),
    "han": "政" * RUN,
    "numerals": "一二三四五六七八九十百千万亿" * (RUN // 14),
    "ten": "十" * RUN,
    "one": "一" * RUN,
    "spaces": " " * RUN,
    "ideographic-spaces": "\u3000" * RUN,
    "newlines": "\n" * RUN,
    "spaced-digits": "1 " * (RUN // 2),
    "brackets": "（" * (RUN // 2) + "）" * (RUN // 2),
    "ascii-brackets": "(" * (RUN // 2) + ")" * (RUN // 2),
    "headings": "一、" * (RUN // 2),
    "page-numbers": "- 1 -\n" * (RUN // 6),
    "dashes": "—" * RUN,
    "percent": "%" * RUN,
    "hedges": "约近多余以上" * (RUN // 6),
    "ranges": "1至" * (RUN // 2),
    "fractions": "三分之" * (RUN // 3),
    "quotes": "“" * RUN,
    "punctuation": "，。、；：" * (RUN // 5),
    "mixed": ("全年共受理政府信息公开申请95件，较上年增长12.3%；一二三十百 （1） 一、\n")
    * (RUN // 40),
}


#: pattern (its first characters) -> why its quadratic case is bounded in use
KNOWN = {
    r"(?<![\d.])\d(?: \.? ?\d| \.\d)+(?= ?[\p{Han}%])": (
        "normalise: digits spaced out by PDF extraction; quadratic only on one line of single "
        "digits separated by spaces and followed by neither Han nor %"
    ),
    r"[1-9](?: \d)+(?: ?\. ?\d(?: \d)*)?(?= ?[^\s\d.])": (
        "numbers: spaced digits; the same single-digit runs as above, within one line"
    ),
    r"[ \t]*(?:、|和|及|与|以及)[ \t]*": (
        "numbers: the gap joining two listed figures, used with fullmatch (one position)"
    ),
    r"[ \t]*(?:分别)?(?:": "numbers: a change verb between two figures, fullmatch (one position)",
    r"[ \t\u3000]*(?:(?P<": "normalise: debris lines, fullmatch on lines of 120 chars at most",
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


@pytest.mark.slow
def test_every_pattern_finishes_on_pathological_text() -> None:
    timed_out: list[str] = []
    known_hit: set[str] = set()
    for key, pattern in collected().items():
        if not isinstance(pattern, regex.Pattern):
            continue
        for label, text in PATHOLOGICAL.items():
            subject: str | bytes = text.encode("utf-8") if isinstance(pattern.pattern, bytes) \
                else text
            start = time.process_time()
            try:
                pattern.search(subject, timeout=TIMEOUT)
                pattern.match(subject, timeout=TIMEOUT)
                for _ in pattern.finditer(subject, timeout=TIMEOUT):
                    pass
                slow = time.process_time() - start > 3 * TIMEOUT
            except TimeoutError:
                slow = True
            if not slow:
                continue
            known = _known(pattern)
            if known is not None:
                known_hit.add(known)
            else:
                timed_out.append(f"{key} on {label}")
    assert not timed_out, timed_out
    present = {k for k in map(_known, collected().values()) if k is not None}
    fixed = present - known_hit
    assert not fixed, f"no longer quadratic, remove from KNOWN: {sorted(fixed)}"

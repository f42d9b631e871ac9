"""The national disclosure-report template as data: table keys, label wordings, identities.

Everything here is read from ``data/disclosure_template.tsv``, ``data/template_titles.tsv``,
``data/template_layouts.tsv`` and ``data/template_checks.tsv``; this module only indexes those
tables and matches printed labels against them.  Matching ignores whitespace, line breaks,
punctuation and numbering (一、 （三） 1. 2、), so a label broken across PDF lines or glued to
its group header still finds its row:

>>> match_row("T3", "2.其他法律行政\\n法规禁止公开").key
'withheld_prohibited_by_law'
>>> match_row("T3", "（三）不 4.保护第三方合法权益").key
'withheld_third_party'
>>> match_row("T3", "申请人情况") is None
True
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from .._data import load_table
from .._extras import require
from ..errors import MissingExtraError
from ..text.numerals import COUNTING_NUMERALS

__all__ = [
    "MATCH_THRESHOLD",
    "TABLES",
    "IdentityRule",
    "TemplateRow",
    "canonical_label",
    "column_labels",
    "column_unit",
    "column_variants",
    "columns",
    "extension_keys",
    "has_title",
    "identity_rules",
    "layouts",
    "match_column",
    "match_row",
    "match_title",
    "normalise_label",
    "row_applies",
    "rows",
    "unit_of",
]

TABLES = ("T2", "T3", "T4")
TEMPLATE_FILE = "disclosure_template.tsv"
# The two editions of the template: 国办公开办函〔2021〕30号 and 〔2019〕60号.
VARIANTS = ("2021", "2019")

# A label fragment scores 0..1 against a template wording; below this it is not that row.
# 0.6 keeps 行政许可 apart from 行政处罚 (they share half their characters) while still
# accepting a wording that lost a few characters in PDF extraction (其他法律行政止公开).
MATCH_THRESHOLD = 0.6

# Numbering that prefixes template labels; it is removed wherever it occurs because a flattened
# label is often several labels glued together (（三）不予公开 1.属于国家秘密).
_NUMBERING = regex.compile(
    rf"[（(][{COUNTING_NUMERALS}]+[）)]"  # （三）
    rf"|(?<![\p{{Han}}])[{COUNTING_NUMERALS}]+[、．.]"  # 三、 at a label start, not 三安全
    r"|(?<![0-9])[0-9]{1,2}[、．.](?![0-9])"  # 1. 2、
)
_NOT_LABEL_CHAR = regex.compile(r"[^\p{Han}A-Za-z0-9]+")
_WHITESPACE = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """A row key of a template table with every wording it is printed in."""

    table: str
    key: str
    index: int  # position in template order within its table
    labels: tuple[str, ...]  # normalised wordings, canonical first
    wordings: tuple[str, ...]  # "both" / "2021" / "2019" / "alias" per label


@dataclass(frozen=True, slots=True)
class IdentityRule:
    name: str
    table: str
    over: str  # "columns" | "rows" | "cells"
    left: tuple[str, ...]
    right: tuple[str, ...]
    variant: str  # "both" | "2021" | "2019"


def normalise_label(text: str) -> str:
    """Reduce a printed label to the characters that identify it.

    >>> normalise_label("（二）部分公开（区分处理的，只计这一情 形，不\\n计其他情形）")
    '部分公开区分处理的只计这一情形不计其他情形'
    >>> normalise_label("3.危及“三安全一稳定”")
    '危及三安全一稳定'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _WHITESPACE.sub("", text)
    text = _NUMBERING.sub("", text)
    return _NOT_LABEL_CHAR.sub("", text)


@cache
def _entries() -> tuple[dict[str, str], ...]:
    return load_table(TEMPLATE_FILE)


@cache
def rows(table: str) -> tuple[TemplateRow, ...]:
    """Row keys of ``table`` in template order (both wordings' rows included).

    >>> [r.key for r in rows("T2")][:3]
    ['rules', 'normative_documents', 'licensing']
    """
    order: dict[str, list[tuple[str, str]]] = {}
    for entry in _entries():
        if entry["table"] == table and entry["axis"] == "row":
            order.setdefault(entry["key"], []).append(
                (normalise_label(entry["label"]), entry["wording"])
            )
    return tuple(
        TemplateRow(
            table,
            key,
            i,
            tuple(label for label, _ in wordings),
            tuple(w for _, w in wordings),
        )
        for i, (key, wordings) in enumerate(order.items())
    )


@cache
def columns(table: str) -> tuple[str, ...]:
    """Column keys of ``table`` in template order (keys only, "-" placeholders dropped).

    >>> columns("T3")[-1]
    'total'
    >>> len(columns("T4"))
    15
    """
    seen: dict[str, None] = {}
    for entry in _entries():
        if entry["table"] == table and entry["axis"] == "column" and entry["key"] != "-":
            seen.setdefault(entry["key"], None)
    return tuple(seen)


@cache
def column_labels(table: str) -> tuple[tuple[str, str, str], ...]:
    """(normalised label, key, wording) for every column wording of ``table``, longest label
    first, so a header can be read left to right (the longer 本年处理决定数量 before the 2019
    处理决定数量 it contains).

    >>> [(k, w) for label, k, w in column_labels("T2") if label == "本年增减"]
    [('items_change', '2019')]
    """
    triples = [
        (normalise_label(e["label"]), e["key"], e["wording"])
        for e in _entries()
        if e["table"] == table and e["axis"] == "column"
    ]
    return tuple(sorted(triples, key=lambda t: -len(t[0])))


@cache
def column_variants(table: str) -> tuple[tuple[str, str], ...]:
    """(normalised label, key) for every column wording of ``table``, longest label first."""
    return tuple((label, key) for label, key, _ in column_labels(table))


@cache
def column_unit(table: str, key: str) -> str:
    """The unit the template prints for a column ("" when it prints none).

    >>> column_unit("T2", "amount"), column_unit("T2", "items_change")
    ('万元', '项')
    """
    for entry in _entries():
        if entry["table"] == table and entry["axis"] == "column" and entry["key"] == key:
            return entry["unit"]
    raise KeyError((table, key))


@cache
def extension_keys() -> frozenset[tuple[str, str, str]]:
    """(table, axis, key) of the keys added beyond the spec (2019-template rows and columns).

    >>> ("T2", "column", "published") in extension_keys()
    True
    """
    return frozenset(
        (e["table"], e["axis"], e["key"]) for e in _entries() if e["origin"] == "extension"
    )


@cache
def layouts(table: str, row: str) -> dict[str, tuple[str, ...]]:
    """The columns ``row`` prints in each template variant (``data/template_layouts.tsv``).

    >>> layouts("T2", "fees")
    {'2021': ('amount',), '2019': ('items_last_year', 'items_change')}
    >>> layouts("T2", "other_services")
    {'2019': ('items_last_year', 'items_change', 'decisions')}
    """
    found: dict[str, tuple[str, ...]] = {}
    for entry in load_table("template_layouts.tsv"):
        if entry["table"] == table and row in entry["rows"].split():
            found[entry["variant"]] = tuple(entry["columns"].split())
    return found


def row_applies(row: TemplateRow, variant: str | None) -> bool:
    """Whether ``row`` is printed by the template ``variant`` (None = either may be).

    >>> other = next(r for r in rows("T3") if r.key == "other_processing")
    >>> row_applies(other, "2019"), row_applies(other, "2021"), row_applies(other, None)
    (True, False, True)
    """
    if variant is None:
        return True
    specific = [w for w in row.wordings if w in VARIANTS]
    return not specific or variant in specific or "both" in row.wordings


@cache
def unit_of(table: str, row: str) -> str:
    """The unit the template prints for a row (``万元`` for the T2 fee row, else ``件``)."""
    for entry in _entries():
        if entry["table"] == table and entry["axis"] == "row" and entry["key"] == row:
            return entry["unit"]
    raise KeyError((table, row))


@cache
def canonical_label(table: str, axis: str, key: str) -> str:
    """The first wording of a key, as printed in the template."""
    for entry in _entries():
        if entry["table"] == table and entry["axis"] == axis and entry["key"] == key:
            return entry["label"]
    raise KeyError((table, axis, key))


def _common_bound() -> object | None:
    """rapidfuzz's longest-common-subsequence length, or None without the ``[fast]`` extra."""
    try:
        return require("rapidfuzz.distance.LCSseq", extra="fast", purpose="label matching")
    except MissingExtraError:
        return None


# The characters two labels have in common, in order, bound the characters difflib finds in
# common from above (its matching blocks are one common subsequence; LCSseq gives the longest).
# rapidfuzz computes that bound in C, so most wordings are ruled out without running difflib;
# without rapidfuzz every wording is scored by difflib: the same scores, more slowly.
_LCS = _common_bound()


def _score(fragment: str, label: str, floor: float = 0.0) -> float:
    """How well a normalised fragment matches a normalised template wording (0..1).

    Containment either way is strong evidence (a label glued to its group header, or a label
    cut by a page break); otherwise the share of characters in common decides.  A score that
    cannot exceed ``floor`` may be returned as 0.0 (the caller would discard it anyway).
    """
    if not fragment or not label:
        return 0.0
    if fragment == label:
        return 1.0
    # A short wording (其他, 总计) inside a longer fragment is a coincidence, not a match.
    if label in fragment and (len(label) >= 4 or len(fragment) <= len(label) + 1):
        return 0.6 + 0.4 * len(label) / len(fragment)
    if fragment in label and len(fragment) >= 4:
        return 0.6 + 0.4 * len(fragment) / len(label)
    total = len(fragment) + len(label)
    if _LCS is not None and 2 * _LCS.similarity(fragment, label) / total <= floor:
        return 0.0
    matcher = difflib.SequenceMatcher(None, fragment, label, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return 2 * common / total


# Equal scores: the earlier row wins (template order is the order of printing); a later row
# must score more than this above the best so far to replace it.
_TIE = 1e-9


@cache
def _exact_rows(table: str) -> dict[str, tuple[TemplateRow, ...]]:
    """Normalised wording -> the rows printing it, in template order."""
    found: dict[str, list[TemplateRow]] = {}
    for row in rows(table):
        for wording in dict.fromkeys(row.labels):
            found.setdefault(wording, []).append(row)
    return {wording: tuple(matches) for wording, matches in found.items()}


def match_row(table: str, label: str, *, after: int = -1) -> TemplateRow | None:
    """The row of ``table`` whose wording best matches ``label``, among rows after index
    ``after`` (template order); None when nothing scores at least :data:`MATCH_THRESHOLD`.

    >>> match_row("T3", "（七）总计").key
    'handled_total'
    >>> match_row("T3", "3.其他").key
    'other'
    >>> match_row("T2", "规范性文件").key
    'normative_documents'
    """
    fragment = normalise_label(label)
    if not fragment:
        return None
    # A wording printed exactly scores 1.0, which no other wording can beat, and the earliest
    # such row wins the tie: look it up before scoring anything.
    for row in _exact_rows(table).get(fragment, ()):
        if row.index > after:
            return row
    best: tuple[float, TemplateRow] | None = None
    for row in rows(table):
        if row.index <= after:
            continue
        floor = MATCH_THRESHOLD - _TIE if best is None else best[0] + _TIE
        score = max(_score(fragment, wording, floor) for wording in row.labels)
        if score >= MATCH_THRESHOLD and (best is None or score > best[0] + _TIE):
            best = (score, row)
    return best[1] if best else None


def row_score(table: str, label: str, key: str) -> float:
    """Score of ``label`` against one row key (for callers choosing between candidates)."""
    fragment = normalise_label(label)
    for row in rows(table):
        if row.key == key:
            return max(_score(fragment, wording) for wording in row.labels)
    raise KeyError((table, key))


@cache
def _column_paths(table: str) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(normalised header components, key, wording) of every column wording of ``table``: a
    T4 wording such as ``行政诉讼 复议后起诉 总计`` is a header path of three cells."""
    return tuple(
        (tuple(normalise_label(part) for part in e["label"].split()), e["key"], e["wording"])
        for e in _entries()
        if e["table"] == table and e["axis"] == "column"
    )


def _path_score(path: Sequence[str], components: Sequence[str]) -> float:
    """How well a header path (top to bottom) ends in a wording's components: the last cell
    matches the last component, each earlier component an earlier cell, in order (cells above
    those, such as 申请人情况 over every T3 column, say nothing).  The top component may be
    missing when at least two matched (a PDF grid whose 行政诉讼 cell does not reach over every
    column it heads): it costs its share of the score.  0 when the path does not fit."""
    if not components:
        return 0.0
    leaf = _score(path[-1], components[-1])
    if leaf < MATCH_THRESHOLD:
        return 0.0
    scores, above = [leaf], len(path) - 1
    for depth, component in enumerate(reversed(components[:-1]), start=2):
        while above > 0:
            above -= 1
            score = _score(path[above], component)
            if score >= MATCH_THRESHOLD:
                scores.append(score)
                break
        else:
            if depth == len(components) and len(scores) >= 2:
                break
            return 0.0
    return sum(scores) / len(components)


def match_column(table: str, path: Sequence[str]) -> tuple[str, str] | None:
    """(key, wording) of the column of ``table`` whose wording the header path ``path`` (the
    header cells above a data column, top to bottom) prints; None when no wording matches or
    two columns match equally well.

    >>> match_column("T4", ["行政诉讼", "复议后起诉", "总计"])
    ('suit_after_review_total', 'both')
    >>> match_column("T3", ["申请人情况", "法人或其他组织", "其他"])
    ('other_org', 'both')
    >>> match_column("T2", ["本年收费金额（单位：万元）"])
    ('amount', '2021')
    >>> match_column("T4", ["未经复议直接起诉", "结果维持"])
    ('direct_suit_upheld', 'both')
    >>> match_column("T4", ["结果维持"]) is None
    True
    """
    parts = [p for p in (normalise_label(cell) for cell in path) if p]
    if not parts:
        return None
    exact = _exact_column(table, parts)
    if exact is not None:
        return exact or None
    best: tuple[float, str, str] | None = None
    tied = False
    for components, key, wording in _column_paths(table):
        score = _path_score(parts, components)
        if not score:
            continue
        if best is None or score > best[0] + _TIE:
            best, tied = (score, key, wording), False
        elif abs(score - best[0]) <= _TIE and key != best[1]:
            tied = True
    return None if best is None or tied else (best[1], best[2])


@cache
def _columns_by_leaf(table: str) -> dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]:
    """The column wordings of ``table`` by their last component, in template order."""
    found: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for column in _column_paths(table):
        if column[0]:
            found.setdefault(column[0][-1], []).append(column)
    return {leaf: tuple(columns) for leaf, columns in found.items()}


def _exact_column(table: str, parts: Sequence[str]) -> tuple[str, str] | tuple[()] | None:
    """:func:`match_column`'s answer when some wording fits the path exactly (score 1.0),
    ``()`` for "two columns fit exactly", None when none does (score them all then).

    Only a wording whose last component equals the path's last cell can score 1.0 (every
    component must score 1.0, and only equal labels do), and no score lies within the tie
    margin below 1.0: the first exact wording wins unless a later one has another key.
    """
    fits = [
        (key, wording)
        for components, key, wording in _columns_by_leaf(table).get(parts[-1], ())
        if _path_score(parts, components) == 1.0
    ]
    if not fits:
        return None
    return () if any(key != fits[0][0] for key, _ in fits[1:]) else fits[0]


@cache
def _titles() -> tuple[tuple[str, str], ...]:
    return tuple(
        (normalise_label(r["title"]), r["table"]) for r in load_table("template_titles.tsv")
    )


# A title line is at most this long as printed (numbering, a Markdown "## 表二：", spaces).
_TITLE_LINE_MAX = 80
_TITLE_PREFIX = regex.compile(rf"^\s*(?:#+\s*)?(?:表[{COUNTING_NUMERALS}0-9]+\s*[：:]\s*)?")


def match_title(line: str) -> str | None:
    """The table a title line announces ("T2"/"T3"/"T4"), or None.

    The whole line must be the title: the same words inside a sentence are not a title.

    >>> match_title("三、收到和处理政府信息公开申请情况")
    'T3'
    >>> match_title("## 表二：主动公开政府信息情况")
    'T2'
    >>> match_title("全文包括总体情况、主动公开政府信息情况、收到和处理政府信息") is None
    True
    """
    # Normalising only removes characters after NFKC: a line lacking a character every title
    # has cannot normalise to a title (most lines of a report fail this cheap test).
    if not _has_title_chars(unicodedata.normalize("NFKC", line)):
        return None
    stripped = normalise_label(_TITLE_PREFIX.sub("", line))
    if not stripped or len(stripped) > 40:
        return None
    return _title_tables().get(stripped)


@cache
def _title_tables() -> dict[str, str]:
    """Normalised title -> its table (the first title row wins, as the first match did)."""
    found: dict[str, str] = {}
    for title, table in _titles():
        found.setdefault(title, table)
    return found


def has_title(text: str) -> bool:
    """Whether some line of ``text`` is a template table title (see :func:`match_title`).

    >>> has_title("正文\\n三、收到和处理政府信息公开申请情况\\n")
    True
    >>> has_title("全年主动公开政府信息情况良好。")
    False
    """
    for line in text.splitlines():
        # Titles are short: skip prose lines before normalising them.  A line is a title only
        # if its NFKC form (the first step of normalise_label) holds the characters every
        # title has; that test costs far less than the full normalisation.
        if (
            len(line) <= _TITLE_LINE_MAX
            and _has_title_chars(unicodedata.normalize("NFKC", line))
            and match_title(line)
        ):
            return True
    return False


@cache
def _title_common_chars() -> tuple[str, ...]:
    """The characters every template title has (after normalise_label), rarest in prose first
    (况 before 政), so that most lines fail on the first test."""
    common = frozenset.intersection(*(frozenset(title) for title, _ in _titles()))
    return tuple(sorted(common, key=lambda char: (char not in _RARE_TITLE_CHARS, char)))


# Of the title characters, those rare in report prose (情况 ends every title).
_RARE_TITLE_CHARS = frozenset("况情")


def _has_title_chars(line: str) -> bool:
    # one substring test per character: no set of the line's characters is built
    return all(char in line for char in _title_common_chars())


@cache
def identity_rules() -> tuple[IdentityRule, ...]:
    """The identities of ``data/template_checks.tsv``.

    >>> [r.name for r in identity_rules()][:2]
    ['balance', 'row_total']
    """
    return tuple(
        IdentityRule(
            r["name"],
            r["table"],
            r["over"],
            tuple(t.strip() for t in r["left"].split("+")),
            tuple(t.strip() for t in r["right"].split("+")),
            r["variant"],
        )
        for r in load_table("template_checks.tsv")
    )

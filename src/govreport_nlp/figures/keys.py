"""Canonical indicator keys: which quantity a figure measures, so figures join across reports.

A figure gets a key (``data/indicator_keys.tsv``) only when it measures exactly that quantity
for the report's whole jurisdiction.  The decision is an ordered rule table; the first rule
that decides gives the key (or ``None``) and its rule id.

>>> decide_key("全省地区生产总值增长", "%", genre="work_report").key
'gdp_growth'
>>> decide_key("城市副中心和平原新城地区生产总值年均增长", "%", genre="work_report").rule
'part_or_other'
>>> decide_key("旅游及相关产业增加值占地区生产总值比重", "%", genre="work_report").rule
'share'
>>> decide_key("全市共受理政府信息公开申请", "件", genre="info_disclosure").key
'requests_received'
>>> decide_key("政府网站公开政府信息数", "件", genre="info_disclosure").rule
'channel_part'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from .._data import load_table
from ..models import TableRef
from ..text.numerals import PLAIN_DIGITS

__all__ = [
    "KeyDecision", "KeySpec", "decide_key", "flow_keys", "key_specs", "level_keys", "template_key",
]

KEYS_FILE = "indicator_keys.tsv"
SCOPE_FILE = "key_scope_words.tsv"
WORK_REPORT = "work_report"
INFO_DISCLOSURE = "info_disclosure"

# Units a figure may carry for a key whose base unit is the column's value: counts of requests
# are printed in 件, 份 or 条; grain in 斤, 公斤 (the 1980s-90s reports) or 吨.
UNIT_FAMILIES: dict[str, frozenset[str]] = {
    "%": frozenset({"%"}),
    "元": frozenset({"元"}),
    "人": frozenset({"人"}),
    "人次": frozenset({"人次", "次", "人"}),
    "斤": frozenset({"斤", "公斤", "吨"}),
    "件": frozenset({"件", "份", "条", "个", "件次", "宗"}),
    "条": frozenset({"条", "件", "份", "个"}),
}


@dataclass(frozen=True, slots=True)
class KeySpec:
    genre: str
    key: str
    unit: str
    wordings: tuple[str, ...]
    template: tuple[tuple[str, str, str], ...]  # (table, row, column) cells summed
    measure: str = ""  # "flow": adds up over time, so a five-year passage states its total


@cache
def flow_keys() -> frozenset[str]:
    """Keys of quantities that add up over time (``measure`` flow in the key table)."""
    return frozenset(spec.key for spec in key_specs() if spec.measure == "flow")


@cache
def level_keys() -> frozenset[str]:
    """Keys of stocks a five-year plan sets for its last year (``measure`` level)."""
    return frozenset(spec.key for spec in key_specs() if spec.measure == "level")


@dataclass(frozen=True, slots=True)
class KeyDecision:
    key: str | None
    rule: str


@cache
def key_specs() -> tuple[KeySpec, ...]:
    specs = []
    for row in load_table(KEYS_FILE):
        wordings = (row["label"], *(w for w in row["also_written"].split("|") if w))
        cells = tuple(tuple(part.split(".", 2)) for part in row["template"].split("+") if part)
        specs.append(KeySpec(row["genre"], row["key"], row["unit"], wordings, cells,  # type: ignore[arg-type]
                             row.get("measure", "")))
    return tuple(specs)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    by_wording: dict[tuple[str, str], KeySpec]  # (genre, wording) -> spec
    suffix: regex.Pattern[str]  # longest disclosure wording at the end of a name
    leading: regex.Pattern[str]  # whole-jurisdiction and lead words at the start
    filler: regex.Pattern[str]
    trailing: regex.Pattern[str]  # filler only at the end of a name
    share: regex.Pattern[str]
    channel: regex.Pattern[str]
    cells: dict[tuple[str, str, str], str]  # a single-cell template -> key


# A year that leads a name (1997年国内生产总值, 2015年地区生产总值年均增长, 一九五五年全国粮食
# 总产量, 一九三六年的粮食产量) says when, which periods.py reads from the sentence; it is no
# part of the quantity.
_YEAR = rf"(?:[0-9]{{4}}|[{PLAIN_DIGITS}]{{4}})年[度的]?"


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _vocabulary() -> _Vocabulary:
    scope = load_table(SCOPE_FILE)
    words = {kind: [r["word"] for r in scope if r["kind"] == kind]
             for kind in ("whole", "lead", "filler", "trailing", "share", "channel")}
    by_wording: dict[tuple[str, str], KeySpec] = {}
    for spec in key_specs():
        for wording in spec.wordings:
            by_wording.setdefault((spec.genre, wording), spec)
    disclosure = [w for (genre, w) in by_wording if genre == INFO_DISCLOSURE]
    cells = {spec.template[0]: spec.key for spec in key_specs() if len(spec.template) == 1}
    return _Vocabulary(
        by_wording=by_wording,
        suffix=regex.compile(f"(?:{_alternation(disclosure)})$"),
        leading=regex.compile(
            f"^(?:{_YEAR}|{_alternation(words['whole'] + words['lead'])})+"
        ),
        filler=regex.compile(_alternation(words["filler"])),
        trailing=regex.compile(f"(?:{_alternation(words['trailing'])})$"),
        share=regex.compile(_alternation(words["share"])),
        channel=regex.compile(_alternation(words["channel"])),
        cells=cells,
    )


def _unit_fits(spec: KeySpec, unit: str | None) -> bool:
    return unit is not None and unit in UNIT_FAMILIES.get(spec.unit, frozenset({spec.unit}))


def _core(name: str) -> str:
    """The name without whole-jurisdiction prefixes, lead verbs and filler words."""
    vocab = _vocabulary()
    return vocab.trailing.sub("", _kept_end(name))


def _kept_end(name: str) -> str:
    """:func:`_core` with the name's last word kept: a wording may end in one (城镇新增就业人数)."""
    vocab = _vocabulary()
    return vocab.filler.sub("", vocab.leading.sub("", name))


# Each rule: (id, test(name, unit, genre) -> decided?, key when decided or None).
def _rule_share(name: str, unit: str | None, genre: str) -> KeyDecision | None:
    return KeyDecision(None, "share") if _vocabulary().share.search(name) else None


def _rule_exact(name: str, unit: str | None, genre: str) -> KeyDecision | None:
    """The whole name, once scope words are dropped, is one of the key's wordings."""
    by_wording = _vocabulary().by_wording
    spec = by_wording.get((genre, _kept_end(name))) or by_wording.get((genre, _core(name)))
    if spec is None:
        return None
    return KeyDecision(spec.key if _unit_fits(spec, unit) else None,
                       "exact_wording" if _unit_fits(spec, unit) else "unit_mismatch")


def _rule_channel_part(name: str, unit: str | None, genre: str) -> KeyDecision | None:
    """A disclosure count through one publication channel (政府网站公开政府信息数) is a part of
    the total the key names, whatever wording it ends with."""
    if genre != INFO_DISCLOSURE or not _vocabulary().channel.search(_core(name)):
        return None
    return KeyDecision(None, "channel_part")


def _rule_disclosure_suffix(name: str, unit: str | None, genre: str) -> KeyDecision | None:
    """Disclosure names lead with the body or channel that acted (市政府共受理…, 涉及的行政诉讼):
    the quantity is the wording the name ends with.  A request count by channel (网上申请) ends
    with no wording, so it gets none."""
    if genre != INFO_DISCLOSURE:
        return None
    match = _vocabulary().suffix.search(_core(name))
    if match is None:
        return None
    spec = _vocabulary().by_wording[(genre, match.group())]
    if not _unit_fits(spec, unit):
        return KeyDecision(None, "unit_mismatch")
    return KeyDecision(spec.key, "disclosure_suffix")


def _rule_otherwise(name: str, unit: str | None, genre: str) -> KeyDecision | None:
    # a part (a district, the sea economy), a sector, or a quantity no key names
    return KeyDecision(None, "part_or_other")


RULES: tuple[tuple[str, Callable[[str, str | None, str], KeyDecision | None]], ...] = (
    ("share", _rule_share),
    ("exact_wording", _rule_exact),
    ("channel_part", _rule_channel_part),
    ("disclosure_suffix", _rule_disclosure_suffix),
    ("part_or_other", _rule_otherwise),
)


def decide_key(name: str, unit: str | None, *, genre: str) -> KeyDecision:
    """The key of a prose figure from its (simplified) name and unit, with the rule that fired."""
    for _rule_id, rule in RULES:
        decision = rule(name, unit, genre)
        if decision is not None:
            return decision
    raise AssertionError("the last rule always decides")  # pragma: no cover


def template_key(ref: TableRef) -> KeyDecision:
    """A template cell's key: the key whose template column is exactly that cell.  Cells that are
    one term of a summed key (one ground of withholding) get none; the panel sums them."""
    key = _vocabulary().cells.get((ref.id, ref.row, ref.column))
    return KeyDecision(key, "template_cell" if key else "template_other")

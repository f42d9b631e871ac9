"""The issuer as one body across years: full official name, level and division code.

The printed issuer (洪泽区人民政府 in 2023, 淮安市洪泽区人民政府 in 2024; 上海市科委) is read as
region names from the division code list (``data/regions.tsv``) followed by a body
(``data/issuer_bodies.tsv``).  Ordered rules; the decision carries the id of the rule that fired.

>>> canonical_issuer("洪泽区人民政府") == canonical_issuer("淮安市洪泽区人民政府")
True
>>> canonical_issuer("上海市科委")  # doctest: +NORMALIZE_WHITESPACE
IssuerDecision(name='上海市科学技术委员会', level='department_of_province',
               region_code='310000', rule='region_body')
>>> canonical_issuer("国务院").level
'national'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .._data import load_table

__all__ = ["IssuerDecision", "canonical_issuer"]

REGIONS_FILE = "regions.tsv"
BODIES_FILE = "issuer_bodies.tsv"
NATIONAL_CODE = "100000"  # 中华人民共和国 in the national code list
NATIONAL_BODIES = ("国务院", "中华人民共和国国务院", "中央人民政府")
# Suffixes a region's name may be printed without (上海 for 上海市) or with an older one
# (东阳县 before 1988, now 东阳市): matched by the stem.
REGION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区",
                   "省", "市", "区", "县", "州", "盟", "旗")


@dataclass(frozen=True, slots=True)
class IssuerDecision:
    name: str | None
    level: str | None
    region_code: str | None
    rule: str


@dataclass(frozen=True, slots=True)
class _Region:
    code: str
    name: str
    parent: str
    level: str


def _stem(name: str) -> str:
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@cache
def _regions() -> tuple[dict[str, _Region], dict[str, tuple[_Region, ...]]]:
    by_code: dict[str, _Region] = {}
    by_name: dict[str, list[_Region]] = {}
    for row in load_table(REGIONS_FILE):
        region = _Region(row["code"], row["name"], row["parent"], row["level"])
        by_code[region.code] = region
        for form in {region.name, _stem(region.name)}:
            by_name.setdefault(form, []).append(region)
    return by_code, {k: tuple(v) for k, v in by_name.items()}


@cache
def _bodies() -> dict[str, tuple[str, bool]]:
    return {r["printed"]: (r["full"], r["government"] == "yes") for r in load_table(BODIES_FILE)}


def _ancestors(region: _Region) -> list[str]:
    by_code, _ = _regions()
    out = []
    while region.parent:
        out.append(region.parent)
        region = by_code[region.parent]
    return out


def _read_regions(text: str) -> tuple[_Region | None, str]:
    """The innermost region named at the start of ``text`` and what follows it.  Each next name
    must lie inside the region before it; a name met in several places needs that context."""
    _, by_name = _regions()
    current: _Region | None = None
    rest = text
    while rest:
        found = None
        for size in range(min(len(rest), 12), 1, -1):
            candidates = by_name.get(rest[:size], ())
            inside = [c for c in candidates if current is None or current.code in _ancestors(c)]
            if len(inside) == 1:
                found = (inside[0], size)
                break
            if len(inside) > 1 and current is None:
                return None, text  # ambiguous without a parent (清河区 in two provinces)
        if found is None:
            break
        current, rest = found[0], rest[found[1]:]
        # an older suffix printed after the stem (东阳县 for 东阳市)
        for suffix in REGION_SUFFIXES:
            if rest.startswith(suffix) and not current.name.endswith(suffix) and \
                    rest[len(suffix):] in _bodies() | {"": ("", True)}:
                rest = rest[len(suffix):]
                break
    return current, rest


def _full_region_name(region: _Region) -> str:
    """The name a body of the region is printed with: a county with its prefecture (淮安市洪泽区),
    a municipality's district with the municipality (上海市普陀区)."""
    by_code, _ = _regions()
    if region.level == "county" and region.parent:
        return by_code[region.parent].name + region.name
    return region.name


def canonical_issuer(issuer: str | None) -> IssuerDecision:
    """The canonical issuer of a printed (simplified) issuer name."""
    if not issuer:
        return IssuerDecision(None, None, None, "no_issuer")
    if issuer in NATIONAL_BODIES:
        return IssuerDecision("国务院", "national", NATIONAL_CODE, "national")
    region, rest = _read_regions(issuer)
    if region is None:
        return IssuerDecision(None, None, None, "no_region")
    body = _bodies().get(rest or "人民政府")
    if body is None:
        # a body not in the list keeps its printed name after the region's full name
        return IssuerDecision(_full_region_name(region) + rest, f"department_of_{region.level}",
                              region.code, "region_unknown_body")
    full, government = body
    level = region.level if government else f"department_of_{region.level}"
    return IssuerDecision(_full_region_name(region) + full, level, region.code, "region_body")

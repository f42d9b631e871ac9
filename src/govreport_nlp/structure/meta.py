"""Title, issuer, year, genre, and (work reports) delivery date and occasion of a report.

Everything is read from the text first: the title block at the top, the occasion line of a
work report (——2024年3月5日在第十四届全国人民代表大会第二次会议上), the session of the
National People's Congress a report was delivered to (``data/npc_sessions.tsv``), the year
words of the opening ("2023年工作回顾" in a report delivered in 2024).  The file name is used
only when the text says nothing (``2023_guowuyuan.txt`` -> 2023).

Normal forms:

* ``title``: the printed title with line breaks and spaces removed
  (淮安市洪泽区人民政府\\n2024 年政府信息公开工作年度报告 ->
  淮安市洪泽区人民政府2024年政府信息公开工作年度报告).  When the printed title lacks the year
  or the issuer (a bare 政府工作报告), they are put in front: 2023年中华人民共和国国务院政府
  工作报告; with no printed title at all the title is composed from year, issuer and genre.
* ``issuer``: the body as the title or opening names it (本溪市, 淮安市洪泽区人民政府); for the
  national work report 国务院; for a provincial work report the province's 人民政府.
* ``year``: the year reported on (disclosure reports) or the year of delivery (work reports).

>>> m = read_meta("淮安市洪泽区人民政府\\n2024 年政府信息公开工作年度报告\\n一、总体情况")
>>> m.title
'淮安市洪泽区人民政府2024年政府信息公开工作年度报告'
>>> (m.issuer, m.year, str(m.genre))
('淮安市洪泽区人民政府', 2024, 'info_disclosure')
>>> read_meta("").genre
<Genre.OTHER: 'other'>
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from .._data import load_table
from ..models import Genre
from ..text.normalise import to_simplified
from ..text.numerals import COUNTING_NUMERALS, PLAIN_DIGITS, read_whole

__all__ = ["ReportMeta", "detect_genre", "read_meta"]

# Only the opening of a report carries its title block, occasion line and salutation.
HEAD_CHARS = 600
OPENING_CHARS = 2000
# Year words are counted over this much of a work report when nothing else names its year.
YEAR_WORDS_CHARS = 4000
# Title lines are at most this long (compact, without spaces).
MAX_TITLE_LINE = 40

META_FILE = "meta_patterns.tsv"
_SPACES = regex.compile(r"[\s\u3000\u00a0\u200b\ufeff\u200d]+")
_PAGE_NUMBER = regex.compile(r"^[\s\-—－–]*\d+[\s\-—－–]*$")
_FILENAME_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What the text says about the report itself."""

    title: str | None
    issuer: str | None
    year: int | None
    genre: Genre
    date: str | None = None  # work reports: delivery date, ISO "2024-03-05"
    occasion: str | None = None  # work reports: "——2024年3月5日在第十四届…会议上"


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    patterns: dict[str, regex.Pattern[str]]
    words: dict[str, str]


@cache
def _vocabulary() -> _Vocabulary:
    """data/meta_patterns.tsv: fragments expanded in order, patterns compiled once."""
    expanded = {"plain_digits": PLAIN_DIGITS, "counting": COUNTING_NUMERALS}
    patterns: dict[str, regex.Pattern[str]] = {}
    words: dict[str, str] = {}
    for row in load_table(META_FILE):
        value = row["value"]
        if row["kind"] == "word":
            words[row["name"]] = value
            continue
        for name, fragment in expanded.items():
            value = value.replace("{" + name + "}", fragment)
        expanded[row["name"]] = value
        if row["kind"] == "pattern":
            patterns[row["name"]] = regex.compile(value)
    return _Vocabulary(patterns, words)


def _pattern(name: str) -> regex.Pattern[str]:
    return _vocabulary().patterns[name]


def _word(name: str) -> str:
    return _vocabulary().words[name]


@cache
def _genre_markers() -> tuple[tuple[Genre, str, int, regex.Pattern[str]], ...]:
    return tuple(
        (Genre(r["genre"]), r["where"], int(r["weight"]), regex.compile(r["pattern"]))
        for r in load_table("genre_markers.tsv")
    )


@cache
def _npc_years() -> dict[tuple[int, int], int]:
    return {
        (int(r["term"]), int(r["session"])): int(r["year"]) for r in load_table("npc_sessions.tsv")
    }


def _simplified_opening(text: str) -> str:
    head = text[:YEAR_WORDS_CHARS]
    converted = to_simplified(head)
    # keep offsets meaningful: a conversion that changed the length is not used
    return converted if len(converted) == len(head) else head


def detect_genre(text: str) -> Genre:
    """The genre the opening of ``text`` announces.

    >>> detect_genre("各位代表：现在，我代表国务院，向大会报告政府工作。")
    <Genre.WORK_REPORT: 'work_report'>
    >>> detect_genre("本溪市2012年度政府信息公开工作报告")
    <Genre.INFO_DISCLOSURE: 'info_disclosure'>
    >>> detect_genre("今天天气很好。")
    <Genre.OTHER: 'other'>
    """
    head = _SPACES.sub("", _simplified_opening(text[:HEAD_CHARS]))
    body = text[:20000]
    scores: Counter[Genre] = Counter()
    for genre, where, weight, pattern in _genre_markers():
        if pattern.search(head if where == "head" else body):
            scores[genre] += weight
    if not scores:
        return Genre.OTHER
    (best, score), *rest = scores.most_common()
    if rest and rest[0][1] == score:
        return Genre.OTHER
    return best


@cache
def _header_field() -> regex.Pattern[str]:
    """One labelled field of a crawled page's header: label, colon, value up to the next label."""
    labels = sorted((r["label"] for r in load_table("header_fields.tsv")), key=len, reverse=True)
    label = "(?:" + "|".join(map(regex.escape, labels)) + ")"
    return regex.compile(rf"(?P<label>{label})[:：](?P<value>.*?)(?={label}[:：]|$)")


@cache
def _field_names() -> dict[str, str]:
    return {r["label"]: r["field"] for r in load_table("header_fields.tsv")}


def _unlabelled(compact: str) -> list[str]:
    """A header line's labelled fields as bare values: only the title's value is a title line."""
    fields = list(_header_field().finditer(compact))
    if not fields or fields[0].start() != 0:
        return [compact]
    names = _field_names()
    return [
        m.group("value")
        for m in fields
        if names[m.group("label")] == "title" and m.group("value")
    ]


def _head_lines(text: str) -> list[str]:
    lines = []
    for raw in text[:OPENING_CHARS].splitlines():
        compact = _SPACES.sub("", raw)
        if compact and not _PAGE_NUMBER.match(compact):
            for value in _unlabelled(compact):
                lines.extend(_split_run_in_title(value))
        if len(lines) >= 25:
            break
    return lines


def _split_run_in_title(line: str) -> list[str]:
    """A line longer than a title line split after the title it starts with, if any."""
    if len(line) <= MAX_TITLE_LINE:
        return [line]
    m = _pattern("run_in_title").match(line)
    return [m.group("title"), line[m.end() :]] if m is not None else [line]


def _printed_title(lines: list[str], genre: Genre) -> str | None:
    """The title as printed, lines joined, or None."""
    pattern = _pattern("work_title" if genre is Genre.WORK_REPORT else "disclosure_title")
    for i, line in enumerate(lines[:15]):
        if _pattern("not_title_line").search(line):
            continue
        candidate = line
        # "政府工作报" + "告": a title word broken by extraction
        if i + 1 < len(lines) and len(lines[i + 1]) <= 3 and not pattern.match(candidate):
            if pattern.match(candidate + lines[i + 1]):
                candidate += lines[i + 1]
        ends = candidate.endswith((_word("report"), *_CLOSING_BRACKETS))
        if not ends or len(candidate) > MAX_TITLE_LINE:
            continue
        j = i
        while j > 0:
            m = pattern.match(candidate)
            complete = m is not None and (
                genre is Genre.WORK_REPORT
                or (
                    _pattern("year_in_title").search(m.group("pre")) is not None
                    and bool(_pattern("year_in_title").sub("", m.group("pre")))
                )
            )
            if complete:
                break
            previous = lines[j - 1]
            if _pattern("not_title_head").search(previous) or len(previous) > MAX_TITLE_LINE:
                break
            if not _pattern("title_head_end").search(previous):
                break
            candidate = previous + candidate
            j -= 1
        if pattern.match(candidate):
            return candidate
    return None


_OPENING_BRACKETS = "（("
_CLOSING_BRACKETS = "）)"


def _strip_title_suffix(title: str) -> str:
    """Drop a bracketed tail: ``regex.sub(r"[（(][^）)]*[）)]$", "", title)`` in linear time.

    That pattern, tried at each opening bracket of a long run of them, reads to the end each
    time.  Its match starts at the first opening bracket after the last closing bracket that
    precedes the final one (``$``: at the end, or before a final newline).

    >>> _strip_title_suffix("2024年政府工作报告（摘要）"), _strip_title_suffix("报告(一)(二)")
    ('2024年政府工作报告', '报告(一)')
    """
    if title.endswith("\n") and title[-2:-1] in tuple(_CLOSING_BRACKETS):
        final = len(title) - 2
    elif title[-1:] in tuple(_CLOSING_BRACKETS):
        final = len(title) - 1
    else:
        return title
    last_closing = max(title.rfind(c, 0, final) for c in _CLOSING_BRACKETS)
    openings = [i for i in (title.find(c, last_closing + 1, final) for c in _OPENING_BRACKETS)
                if i >= 0]
    if not openings:
        return title
    return title[: min(openings)] + title[final + 1 :]


def _npc_year(opening: str) -> int | None:
    later = 0
    m = _pattern("npc").search(opening)
    if m is None:
        m = _pattern("npc_last").search(opening)
        later = 1
    if m is None:
        return None
    term = read_whole(m.group("term"))
    session = read_whole(m.group("session")) if m.group("session") else 1
    table = _npc_years()
    if (term, session) in table:
        return table[(term, session)] + later
    if (term, 1) in table:
        return table[(term, 1)] + session - 1 + later
    return None


def _first_group(m: regex.Match[str]) -> str:
    return next(g for g in m.groups() if g)


def _work_report_year(
    opening: str, long_opening: str, occasion_year: int | None, title: str | None
) -> int | None:
    if occasion_year is not None:
        return occasion_year
    if title:
        m = _pattern("year_word").search(title)
        if m:
            return read_whole(m.group(1))
    npc = _npc_year(opening)
    if npc is not None:
        return npc
    m = _pattern("reviewed_year").search(opening)
    if m:
        return read_whole(_first_group(m)) + 1
    m = _pattern("planned_year").search(opening)
    if m:
        return read_whole(_first_group(m))
    m = _pattern("term_since").search(opening)
    if m and _pattern("five_years").search(opening):
        first = _npc_years().get((read_whole(m.group("term")), 1))
        if first is not None:
            return first + 5
    m = _pattern("term_start_year").search(opening)
    if m:
        return read_whole(_SPACES.sub("", m.group("y"))) + 5
    past = Counter(read_whole(y) for y in _pattern("past_year").findall(long_opening))
    if not past:
        return None
    if _pattern("term_review").search(opening):
        # a term report compares the last year with the term's first: take the latest
        return max(past) + 1
    return max(past.items(), key=lambda item: (item[1], item[0]))[0] + 1


def _disclosure_year(opening: str, title: str | None) -> int | None:
    if title:
        m = _pattern("year_word").search(title)
        if m:
            return read_whole(m.group(1))
    m = _pattern("year_of_report").search(opening)
    if m:
        return read_whole(m.group(1))
    m = _pattern("year_from").search(opening)
    if m:
        return read_whole(m.group(1))
    years = [read_whole(y) for y in _pattern("year_word").findall(opening)]
    return Counter(years).most_common(1)[0][0] if years else None


def _work_report_issuer(opening: str, title: str | None, occasion: str | None) -> str | None:
    if title:
        m = _pattern("work_title").match(title)
        pre = _pattern("leading_year").sub("", m.group("pre")) if m else ""
        if pre in (_word("national_issuer"), _word("national_issuer_full")):
            return _word("national_issuer")
        place = _pattern("place").match(pre)
        if place:
            return _people_government(place.group("place"))
    if occasion:
        m = _pattern("occasion_place").search(occasion)
        if m and _word("nationwide") not in m.group("place"):
            place = _pattern("place").search(m.group("place"))
            if place:
                return _people_government(place.group("place"))
    m = _pattern("represented").search(opening)
    if m and not m.group("issuer").startswith(_word("central")):
        return m.group("issuer")
    if _is_national(opening):
        return _word("national_issuer")
    return None


def _is_national(opening: str) -> bool:
    """Is a work report with no printed issuer delivered to the National People's Congress?

    Local reports name their own government or party committee (省人民政府, 市委); a report
    that names none is national when it names the NPC or the State Council, or speaks for
    the whole country (全国, 我国) throughout its opening.

    >>> _is_national("各位代表：刚刚过去的1984年，是我国各族人民……全国政治、经济……我国")
    True
    >>> _is_national("各位代表：在党中央、国务院和省委的坚强领导下，全省……")
    False
    """
    if _pattern("local_body").search(opening):
        return False
    if _pattern("national_body").search(opening):
        return True
    salutation = opening.startswith(_word("salutation"))
    return salutation and len(_pattern("national_scale").findall(opening)) >= 3


def _people_government(place: str) -> str:
    return place if place.endswith(_word("government")) else place + _word("people_government")


def _disclosure_issuer(title: str | None, opening: str) -> str | None:
    if title:
        m = _pattern("disclosure_title").match(title)
        if m:
            issuer = _pattern("year_in_title").sub("", m.group("pre"))
            if issuer:
                return issuer
    m = _pattern("compiled_by").search(opening)
    if m:
        return m.group("issuer")
    return None


def _filename_year(filename: str | None) -> int | None:
    if not filename:
        return None
    m = _FILENAME_YEAR.search(os.path.basename(filename))
    return int(m.group(1)) if m else None


def read_meta(
    text: str, *, filename: str | None = None, html_title: str | None = None
) -> ReportMeta:
    """Read title, issuer, year, genre, date and occasion from a report's text.

    ``html_title`` (the page title a web page carried) is used when the text has no title
    line; ``filename`` only when the text names no year.

    >>> occasion = "——2024年3月5日在第十四届全国人民代表大会第二次会议上"
    >>> m = read_meta("政府工作报告\\n" + occasion + "\\n各位代表：")
    >>> (m.title, m.issuer, m.year, m.date)
    ('2024年中华人民共和国国务院政府工作报告', '国务院', 2024, '2024-03-05')
    >>> m.occasion
    '——2024年3月5日在第十四届全国人民代表大会第二次会议上'
    """
    # the vocabulary is Simplified: read a Traditional opening through its conversion
    text = _simplified_opening(text)
    genre = detect_genre(text)
    opening = text[:OPENING_CHARS]
    lines = _head_lines(text)
    if genre is Genre.OTHER:
        return ReportMeta(None, None, _filename_year(filename), genre)
    title = _printed_title(lines, genre)
    if title is None and html_title:
        title = _printed_title([_SPACES.sub("", html_title)], genre)
    date = occasion = None
    if genre is Genre.WORK_REPORT:
        m = _pattern("occasion").search(text[:HEAD_CHARS])
        occasion_year = None
        if m is not None:
            occasion = _SPACES.sub("", m.group(0)).replace(_word("dash_typed"), _word("dash"))
            occasion_year = read_whole(m.group("y"))
            month, day = read_whole(m.group("m")), read_whole(m.group("d"))
            date = f"{occasion_year:04d}-{month:02d}-{day:02d}"
        year = _work_report_year(opening, text[:YEAR_WORDS_CHARS], occasion_year, title)
        issuer = _work_report_issuer(opening, title, occasion)
    else:
        year = _disclosure_year(opening, title)
        issuer = _disclosure_issuer(title, opening)
    if year is None:
        year = _filename_year(filename)
    title = _normal_title(title, genre, year, issuer)
    return ReportMeta(title, issuer, year, genre, date, occasion)


def _normal_title(
    title: str | None, genre: Genre, year: int | None, issuer: str | None
) -> str | None:
    """Put a missing year or issuer in front of the printed title, or compose one."""
    if genre is Genre.WORK_REPORT:
        work_title = _word("work_title")
        printed = _strip_title_suffix(title) if title else work_title
        pre = printed[: -len(work_title)]
        if issuer and not _pattern("leading_year").sub("", pre):
            national = issuer == _word("national_issuer")
            pre += _word("national_issuer_full") if national else issuer.removesuffix(
                _word("people_government"))
        if year and not _pattern("year_word").search(pre):
            pre = f"{year}年" + pre
        return pre + work_title
    if title is not None:
        return title
    if issuer is None or year is None:
        return None
    return f"{issuer}{year}{_word('disclosure_title_tail')}"

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

__all__ = ["ReportMeta", "detect_genre", "read_meta"]

# Only the opening of a report carries its title block, occasion line and salutation.
HEAD_CHARS = 600
OPENING_CHARS = 2000
# Year words are counted over this much of a work report when nothing else names its year.
YEAR_WORDS_CHARS = 4000
# Title lines are at most this long (compact, without spaces).
MAX_TITLE_LINE = 40

_CN_DIGIT = "〇○零一二三四五六七八九"
_YEAR = rf"(?:[1１][9９]\d\d|[2２][0０]\d\d|[{_CN_DIGIT}]{{4}})"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE = regex.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_SMALL})\s*月\s*(?P<d>{_SMALL})\s*日")
_OCCASION = regex.compile(
    rf"(?:[—\-－─]{{2,}}\s*)?{_DATE.pattern}[^。]{{0,40}}?[会會][议議](?:上(?:的讲话)?)?"
)
_SPACES = regex.compile(r"[\s\u3000\u00a0\u200b\ufeff\u200d]+")
_WORK_TITLE = regex.compile(r"^(?P<pre>.*?)政府工作报告(?:[（(][^）)]*[）)])?$")
_DISCLOSURE_TITLE = regex.compile(
    r"^(?P<pre>.*?)(?P<kind>政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?报告"
    r"(?:[（(][^）)]*[）)])?$"
)
_YEAR_IN_TITLE = regex.compile(rf"(?P<year>{_YEAR})\s*年度?")
_PAGE_NUMBER = regex.compile(r"^[\s\-—－–]*\d+[\s\-—－–]*$")
_PLACE = regex.compile(r"(?P<place>(?:\p{Han}{2,10}?(?:自治区|省|市|自治州|州|盟|区|县|旗))+)")
_NPC_SESSION = (
    r"第(?P<term>[一二三四五六七八九十]{1,3})[届屆]全[国國]人民代表大[会會]"
    r"(?:第(?P<session>[一二三四五六七八九十]{1,2})次[会會][议議])?"
)
_NPC = regex.compile(r"(?:向|在|我们|我們|是)(?:大会)?" + _NPC_SESSION)
# A session the report looks back on (从去年…, 根据…的决议) met the year before: "从去年九月第五届
# …第三次会议到现在" (1979, 1981), "根据一九八三年六月第六届…第一次会议的决议" (1984).
_NPC_LAST = regex.compile(r"(?:从去年|根据)[^。，]{0,12}?" + _NPC_SESSION)
# Year words of a work report's opening: the year reviewed (delivery year - 1) or planned.
_REVIEWED_YEAR = regex.compile(
    rf"(?:(?P<y1>{_YEAR})\s*年[^。\n]{{0,12}}?工作(?:的)?回顾|回顾(?P<y2>{_YEAR})\s*年"
    rf"|首先报告(?P<y3>{_YEAR})\s*年|刚刚过去的(?P<y4>{_YEAR})\s*年|过去的(?P<y5>{_YEAR})\s*年)"
)
_PLANNED_YEAR = regex.compile(
    rf"关于(?P<y1>{_YEAR})\s*年度?(?:国民经济|国家预算|计划)|(?P<y2>{_YEAR})\s*年(?:工作的?)?"
    r"(?:总体要求|主要任务|工作任务|工作安排|政府工作任务)"
)
# A term report: it reviews the five years since the first session of the NPC's term
# ("…第一次会议以来的五年", "从第二届…第一次会议以来，…" with "五年来" in its opening).
_TERM_SINCE = regex.compile(
    r"第(?P<term>[一二三四五六七八九十]{1,3})[届屆]全[国國]人民代表大[会會]第一次[会會][议議]"
    r"(?:以来|，到这次大会的召开)"
)
_FIVE_YEARS = regex.compile(r"五年(?:来|中|间|里|了)|(?:过去|这|以来的)五年")
# The government's five-year term began in year y and is ending: "本届政府从1993年3月就职，到现在
# 已经五年了" (1998), "本届政府1998年3月就职，任期即将结束" (2003).
_TERM_START_YEAR = regex.compile(
    r"本届政府(?:从|自|于)?(?P<y>[1１2２]\s?[9９0０]\s?\d\s?\d)\s*年[^。，]{0,8}"
    r"(?:就职|组成|成立)[^。]{0,12}(?:五年|任期即将结束|任期届满)"
)
# Years of the opening that are not targets ("到2020年", "2025年前"): the one named most often
# (the latest, in a report on a five-year term) is the year reviewed, one before delivery.
# This is the last resort before the file name.
_PAST_YEAR = regex.compile(rf"(?<![到至—－~～])(?P<y>{_YEAR})\s*年(?![前以底后])")
_TERM_REVIEW = regex.compile(r"过去五年|以来的五年")
# Who a work report speaks for when no title or occasion line names it (see _is_national).
_LOCAL_BODY = regex.compile(
    r"(?:省|市|区|县|自治区|州|盟|旗)(?:人民政府|委|政协|人大)|全(?:省|市|区|县|州|盟|旗)"
)
_NATIONAL_BODY = regex.compile(r"全[国國]人民代表大[会會]|国务院|國務院|中央人民政府|国务院总理")
_NATIONAL_SCALE = regex.compile(r"全[国國]|我[国國]")
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


def _cn_int(s: str) -> int:
    """Digits or Chinese numerals (一九五八, 二〇二六, 二十七) as an int."""
    s = s.strip()
    if s.isdigit():
        return int(s)  # ASCII or full-width digits
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_CN_DIGIT.index(tens) - 2 if tens else 1) * 10 + (
            _CN_DIGIT.index(units) - 2 if units else 0
        )
    digits = [(_CN_DIGIT.index(ch) - 2 if ch not in "〇○零" else 0) for ch in s]
    value = 0
    for d in digits:
        value = value * 10 + d
    return value


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


# A title run into the text after it, as in flattened pages (…工作年度报告本报告根据…): the
# shortest opening span ending in 报告 (and its bracketed tail), before any sentence mark.
# A page number flattened in front of it (-1-) is not part of it.
_RUN_IN_TITLE = regex.compile(
    r"(?:[\-—－–]+\d+[\-—－–]+)?"
    rf"(?P<title>[^。，；：:！？]{{4,{MAX_TITLE_LINE}}}?报告(?:[（(][^）)。，]{{1,20}}[）)])?)"
)


def _split_run_in_title(line: str) -> list[str]:
    """A line longer than a title line split after the title it starts with, if any."""
    if len(line) <= MAX_TITLE_LINE:
        return [line]
    m = _RUN_IN_TITLE.match(line)
    return [m.group("title"), line[m.end() :]] if m is not None else [line]


def _printed_title(lines: list[str], genre: Genre) -> str | None:
    """The title as printed, lines joined, or None."""
    pattern = _WORK_TITLE if genre is Genre.WORK_REPORT else _DISCLOSURE_TITLE
    for i, line in enumerate(lines[:15]):
        if regex.search(r"[。，；：]|[会會][议議]|日在", line):
            continue
        candidate = line
        # "政府工作报" + "告": a title word broken by extraction
        if i + 1 < len(lines) and len(lines[i + 1]) <= 3 and not pattern.match(candidate):
            if pattern.match(candidate + lines[i + 1]):
                candidate += lines[i + 1]
        if not candidate.endswith(("报告", "）", ")")) or len(candidate) > MAX_TITLE_LINE:
            continue
        j = i
        while j > 0:
            m = pattern.match(candidate)
            complete = m is not None and (
                genre is Genre.WORK_REPORT
                or (
                    _YEAR_IN_TITLE.search(m.group("pre")) is not None
                    and bool(_YEAR_IN_TITLE.sub("", m.group("pre")))
                )
            )
            if complete:
                break
            previous = lines[j - 1]
            if regex.search(r"[。，；：:]", previous) or len(previous) > MAX_TITLE_LINE:
                break
            if not regex.search(
                r"(?:政府|办公厅|办公室|委员会|委|局|厅|院|部|中心|年度?|公开|工作)$", previous
            ):
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
    m = _NPC.search(opening)
    if m is None:
        m = _NPC_LAST.search(opening)
        later = 1
    if m is None:
        return None
    term = _cn_int(m.group("term"))
    session = _cn_int(m.group("session")) if m.group("session") else 1
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
        m = regex.search(rf"({_YEAR})\s*年", title)
        if m:
            return _cn_int(m.group(1))
    npc = _npc_year(opening)
    if npc is not None:
        return npc
    m = _REVIEWED_YEAR.search(opening)
    if m:
        return _cn_int(_first_group(m)) + 1
    m = _PLANNED_YEAR.search(opening)
    if m:
        return _cn_int(_first_group(m))
    m = _TERM_SINCE.search(opening)
    if m and _FIVE_YEARS.search(opening):
        first = _npc_years().get((_cn_int(m.group("term")), 1))
        if first is not None:
            return first + 5
    m = _TERM_START_YEAR.search(opening)
    if m:
        return _cn_int(_SPACES.sub("", m.group("y"))) + 5
    past = Counter(_cn_int(y) for y in _PAST_YEAR.findall(long_opening))
    if not past:
        return None
    if _TERM_REVIEW.search(opening):
        # a term report compares the last year with the term's first: take the latest
        return max(past) + 1
    return max(past.items(), key=lambda item: (item[1], item[0]))[0] + 1


def _disclosure_year(opening: str, title: str | None) -> int | None:
    if title:
        m = regex.search(rf"({_YEAR})\s*年", title)
        if m:
            return _cn_int(m.group(1))
    m = regex.search(rf"({_YEAR})\s*年度", opening)
    if m:
        return _cn_int(m.group(1))
    m = regex.search(rf"(?:自|从)\s*({_YEAR})\s*年\s*1\s*月\s*1\s*日", opening)
    if m:
        return _cn_int(m.group(1))
    years = [_cn_int(y) for y in regex.findall(rf"({_YEAR})\s*年", opening)]
    return Counter(years).most_common(1)[0][0] if years else None


def _work_report_issuer(opening: str, title: str | None, occasion: str | None) -> str | None:
    if title:
        m = _WORK_TITLE.match(title)
        pre = regex.sub(rf"^{_YEAR}年度?", "", m.group("pre")) if m else ""
        if pre in ("国务院", "中华人民共和国国务院"):
            return "国务院"
        place = _PLACE.match(pre)
        if place:
            return _people_government(place.group("place"))
    if occasion:
        m = regex.search(
            r"在(?P<place>\p{Han}{2,14}?)第?[一二三四五六七八九十]{1,3}[届屆]", occasion
        )
        if m and "全国" not in m.group("place"):
            place = _PLACE.search(m.group("place"))
            if place:
                return _people_government(place.group("place"))
    m = regex.search(r"我代表(?P<issuer>\p{Han}{2,12}?人民政府)", opening)
    if m and not m.group("issuer").startswith("中央"):
        return m.group("issuer")
    if _is_national(opening):
        return "国务院"
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
    if _LOCAL_BODY.search(opening):
        return False
    if _NATIONAL_BODY.search(opening):
        return True
    return opening.startswith("各位代表") and len(_NATIONAL_SCALE.findall(opening)) >= 3


def _people_government(place: str) -> str:
    return place if place.endswith("政府") else place + "人民政府"


def _disclosure_issuer(title: str | None, opening: str) -> str | None:
    if title:
        m = _DISCLOSURE_TITLE.match(title)
        if m:
            issuer = _YEAR_IN_TITLE.sub("", m.group("pre"))
            if issuer:
                return issuer
    m = regex.search(
        r"本报告由(?P<issuer>\p{Han}{2,20}?)(?:办公室|办公厅)?(?:根据|依据|编制)", opening
    )
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
        m = _OCCASION.search(text[:HEAD_CHARS])
        occasion_year = None
        if m is not None:
            occasion = _SPACES.sub("", m.group(0)).replace("----", "——")
            occasion_year = _cn_int(m.group("y"))
            date = f"{occasion_year:04d}-{_cn_int(m.group('m')):02d}-{_cn_int(m.group('d')):02d}"
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
        printed = _strip_title_suffix(title) if title else "政府工作报告"
        pre = printed[: -len("政府工作报告")]
        if issuer and not regex.sub(rf"^{_YEAR}年度?", "", pre):
            place = (
                "中华人民共和国国务院" if issuer == "国务院" else issuer.removesuffix("人民政府")
            )
            pre += place
        if year and not regex.search(rf"{_YEAR}年", pre):
            pre = f"{year}年" + pre
        return pre + "政府工作报告"
    if title is not None:
        return title
    if issuer is None or year is None:
        return None
    return f"{issuer}{year}年政府信息公开工作年度报告"

"""Report metadata: title, issuer, year, genre, date and occasion; agreement with MANIFEST.tsv."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp.models import Genre
from govreport_nlp.structure.meta import detect_genre, read_meta

try:
    from conftest import SHARED, needs_shared
except ImportError:  # pragma: no cover
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import SHARED, needs_shared

# (opening of a real report, expected title, issuer, year, genre)
OPENINGS = [
    (
        "东阳县人民政府2014年政府信息公开工作年度报告\n\n根据《条例》规定，现公布…",
        "东阳县人民政府2014年政府信息公开工作年度报告",
        "东阳县人民政府",
        2014,
        "info_disclosure",
    ),
    (
        "- 1 -\n淮安市洪泽区人民政府\n2024 年政府信息公开工作年度报告\n本报告由…",
        "淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
        "淮安市洪泽区人民政府",
        2024,
        "info_disclosure",
    ),
    (
        "正文\n2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告根据…",
        "2025年上海市人民政府办公厅政府信息公开工作年度报告",
        "上海市人民政府办公厅",
        2025,
        "info_disclosure",
    ),
    (
        "政府工作报告\n\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n\n各位代表：",
        "2023年中华人民共和国国务院政府工作报告",
        "国务院",
        2023,
        "work_report",
    ),
    (
        "政府工作报\n告\n——2017年3月5日在第十二届全国人民代表大会第五次会议上\n各位代表：",
        "2017年中华人民共和国国务院政府工作报告",
        "国务院",
        2017,
        "work_report",
    ),
    (
        "2025年安徽省政府工作报告\n来源：省政府政策研究室\n2025年1月20日在安徽省第十四届人民代表大会"
        "第三次会议上安徽省人民政府省长 王清宪作政府工作报告\n各位代表：",
        "2025年安徽省政府工作报告",
        "安徽省人民政府",
        2025,
        "work_report",
    ),
    (
        "政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n各位代表：",
        "2026年广东省政府工作报告",
        "广东省人民政府",
        2026,
        "work_report",
    ),
    (
        "各位代表：\n我們第一届全國人民代表大會第一次會議，在聽了…現在，我代表中央人民政府作工作報告。",
        "1954年中华人民共和国国务院政府工作报告",
        "国务院",
        1954,
        "work_report",
    ),
    (
        "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2024年工作回顾\n过去一年…",
        "2025年中华人民共和国国务院政府工作报告",
        "国务院",
        2025,
        "work_report",
    ),
    (
        "各位代表：\n从去年９月第五届全国人民代表大会第三次会议到现在，已经过去了一年零两个月。",
        "1981年中华人民共和国国务院政府工作报告",
        "国务院",
        1981,
        "work_report",
    ),
    # no title, no occasion, no body named: national by its scale (1985_guowuyuan)
    (
        "各位代表：\n\n　　刚刚过去的1984年，是我国各族人民在实现八十年代以至九十年代的三大任务"
        "方面取得伟大成就的一年，是全国政治、经济、文化等各条战线的形势越来越好的一年。\n\n"
        "　　在过去的一年中，我们继续坚持独立自主的外交政策，使我国的国际地位有了新的提高。",
        "1985年中华人民共和国国务院政府工作报告",
        "国务院",
        1985,
        "work_report",
    ),
    # the State Council named in the opening (1960_guowuyuan); the year from the file name
    (
        "各位代表：\n\n　　我受中共中央和国务院的委托，向大会作关于全国农业发展纲要的执行情况"
        "和争取提前实现这个纲要的报告。",
        "中华人民共和国国务院政府工作报告",
        "国务院",
        None,
        "work_report",
    ),
    # a local report that names the State Council keeps its own issuer (2013_hailaerqu)
    (
        "海拉尔区政府工作报告\n各位代表：\n现在，我代表区人民政府向大会报告工作。过去一年，"
        "在党中央、国务院和自治区党委的坚强领导下，全区经济平稳较快发展。",
        "海拉尔区政府工作报告",
        "海拉尔区人民政府",
        None,
        "work_report",
    ),
    # a term report: the government took office five years ago (2003_guowuyuan)
    (
        "各位代表：\n本届政府1998年3月就职，任期即将结束。现在，我代表国务院向大会报告工作。",
        "2003年中华人民共和国国务院政府工作报告",
        "国务院",
        2003,
        "work_report",
    ),
    # the five years since the term's first session (1964_guowuyuan)
    (
        "五年来，我国各族人民……报告中首先指出，从第二届全国人民代表大会第一次会议以来，"
        "我国各族人民取得了伟大胜利。",
        "1964年中华人民共和国国务院政府工作报告",
        "国务院",
        1964,
        "work_report",
    ),
]


@pytest.mark.parametrize(
    ("text", "title", "issuer", "year", "genre"), OPENINGS, ids=[o[0][:28] for o in OPENINGS]
)
def test_read_meta(text: str, title: str, issuer: str, year: int | None, genre: str) -> None:
    m = read_meta(text)
    assert (m.title, m.issuer, m.year, str(m.genre)) == (title, issuer, year, genre)


@pytest.mark.parametrize(
    ("text", "date", "occasion"),
    [
        (
            "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表：",
            "2024-03-05",
            "——2024年3月5日在第十四届全国人民代表大会第二次会议上",
        ),
        (
            "2026年甘肃省政府工作报告\n——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n各位代表：",
            "2026-01-27",
            "——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上",
        ),
        ("各位代表：\n现在，我代表国务院，向大会报告政府工作。", None, None),
    ],
    ids=["national 2024", "Chinese numerals", "no occasion"],
)
def test_date_and_occasion(text: str, date: str | None, occasion: str | None) -> None:
    m = read_meta(text)
    assert (m.date, m.occasion) == (date, occasion)


def test_filename_only_when_text_is_silent() -> None:
    assert (
        read_meta(
            "各位代表：\n现在，我代表国务院向大会作报告。", filename="1960_guowuyuan.txt"
        ).year
        == 1960
    )
    assert read_meta("各位代表：\n一、2024年工作回顾\n", filename="1999_x.txt").year == 2025


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        ("本溪市2012年度政府信息公开工作报告", Genre.INFO_DISCLOSURE),
        ("各位代表：现在，我代表国务院，向大会报告政府工作。", Genre.WORK_REPORT),
        ("今天天气很好。", Genre.OTHER),
        ("", Genre.OTHER),
    ],
    ids=["disclosure title", "work report salutation", "neither", "empty"],
)
def test_detect_genre(text: str, genre: Genre) -> None:
    assert detect_genre(text) is genre


def _same_issuer(a: str | None, b: str | None) -> bool:
    strip = lambda s: (s or "").removesuffix("人民政府")  # noqa: E731 - 本溪市 == 本溪市人民政府
    return strip(a) == strip(b)


@needs_shared
@pytest.mark.parametrize(
    "name", ["dongyang_2014", "gwy_2023", "hongze_2024", "shanghai_office_2025"]
)
def test_gold_meta(name: str) -> None:
    from govreport_nlp.text.normalise import normalise

    gold = json.loads((SHARED / "gold" / "dev" / f"{name}.json").read_text(encoding="utf-8"))
    with open(SHARED / "corpora" / gold["file"], encoding="utf-8-sig", newline="") as f:
        text = normalise(f.read()).text
    m = read_meta(text, filename=gold["file"])
    g = gold["meta"]
    assert (m.title, m.year, str(m.genre)) == (g["title"], g["year"], g["genre"])
    assert _same_issuer(m.issuer, g["issuer"])


# Files whose text names no usable year: the reason is given; they count against the 98 %.
MANIFEST_EXCEPTIONS = {
    "work_reports/1982_guowuyuan.txt": "the Sixth Five-Year Plan report: dates only the plan "
    "(一九八一年到一九八五年) and last year's session, so the year words point to 1981",
}


def _manifest_rows() -> list[dict[str, str]]:
    with open(SHARED / "corpora" / "MANIFEST.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["file"].endswith(".txt") and "/raw_formats/" not in row["file"]:
            seen.setdefault(row["file"], row)
    return list(seen.values())


@needs_shared
def test_manifest_agreement() -> None:
    """Genre and year read from the text (no file name) agree with MANIFEST.tsv for >= 98 %."""
    from govreport_nlp.text.normalise import normalise

    rows = _manifest_rows()
    disagree = []
    for row in rows:
        with open(SHARED / "corpora" / row["file"], encoding="utf-8-sig", newline="") as f:
            m = read_meta(normalise(f.read()).text)
        if (str(m.genre), str(m.year)) != (row["genre"], row["year"]):
            disagree.append(row["file"])
    assert set(disagree) <= set(MANIFEST_EXCEPTIONS), disagree
    assert 1 - len(disagree) / len(rows) >= 0.98


def _issuers_agree(found: str | None, listed: str) -> bool:
    """本溪市 == 本溪市人民政府; 海拉尔区人民政府 == 呼伦贝尔市海拉尔区人民政府 (the parent city
    is optional)."""
    a, b = (found or "").removesuffix("人民政府"), listed.removesuffix("人民政府")
    return bool(a) and (a == b or b.endswith(a) or a.endswith(b))


@needs_shared
def test_work_report_issuers_match_manifest() -> None:
    """Every national report is the State Council's; local ones keep their own government."""
    from govreport_nlp.text.normalise import normalise

    with open(SHARED / "corpora" / "MANIFEST.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["genre"] == "work_report"]
    listed: dict[str, list[str]] = {}
    for row in rows:
        if row["file"].endswith(".txt") and "/raw_formats/" not in row["file"]:
            # two provinces romanise alike (shanxisheng: 山西/陕西): either listed issuer counts
            listed.setdefault(row["file"], []).append(row["issuer"])
    assert listed
    wrong = []
    for name, issuers in sorted(listed.items()):
        with open(SHARED / "corpora" / name, encoding="utf-8-sig", newline="") as f:
            m = read_meta(normalise(f.read()).text)
        national = name.endswith("_guowuyuan.txt")
        if national and m.issuer != "国务院":
            wrong.append((name, m.issuer))
        elif not national and not any(_issuers_agree(m.issuer, i) for i in issuers):
            wrong.append((name, m.issuer))
    assert not wrong


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("（()）报告\n a"), max_size=14))
def test_title_suffix_strip_equals_the_pattern(title: str) -> None:
    import regex

    from govreport_nlp.structure.meta import _strip_title_suffix

    # kept out of the regex module's cache: test_regex_safety collects the package's
    # patterns from there, and this quadratic one is no longer the package's
    pattern = regex.compile(r"[（(][^）)]*[）)]$", cache_pattern=False)
    assert _strip_title_suffix(title) == pattern.sub("", title)

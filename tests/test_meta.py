"""Report metadata: title, issuer, year, genre, date and occasion; agreement with MANIFEST.tsv."""

from __future__ import annotations

import csv
import json

import pytest

from govreport_nlp.meta import detect_genre, read_meta
from govreport_nlp.models import Genre

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
]


@pytest.mark.parametrize(
    ("text", "title", "issuer", "year", "genre"), OPENINGS, ids=[o[0][:28] for o in OPENINGS]
)
def test_read_meta(text: str, title: str, issuer: str, year: int, genre: str) -> None:
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
    from govreport_nlp.normalise import normalise

    gold = json.loads((SHARED / "gold" / "dev" / f"{name}.json").read_text(encoding="utf-8"))
    with open(SHARED / "corpora" / gold["file"], encoding="utf-8-sig", newline="") as f:
        text = normalise(f.read()).text
    m = read_meta(text, filename=gold["file"])
    g = gold["meta"]
    assert (m.title, m.year, str(m.genre)) == (g["title"], g["year"], g["genre"])
    assert _same_issuer(m.issuer, g["issuer"])


# Files whose text names no usable year: the reason is given; they count against the 98 %.
MANIFEST_EXCEPTIONS = {
    "work_reports/1964_guowuyuan.txt": "a third-person summary of the report; names only the "
    "session of 1959 and the plan years 1965-66, never the year it was given",
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
    from govreport_nlp.normalise import normalise

    rows = _manifest_rows()
    disagree = []
    for row in rows:
        with open(SHARED / "corpora" / row["file"], encoding="utf-8-sig", newline="") as f:
            m = read_meta(normalise(f.read()).text)
        if (str(m.genre), str(m.year)) != (row["genre"], row["year"]):
            disagree.append(row["file"])
    assert set(disagree) <= set(MANIFEST_EXCEPTIONS), disagree
    assert 1 - len(disagree) / len(rows) >= 0.98

"""Heading recognition, level inference, tiling, gold F1 and the Traditional/Simplified pair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp.models import Genre, Section
from govreport_nlp.structure.sections import numeral_value, section_key, split_sections

try:
    from conftest import SHARED, needs_shared
except ImportError:  # pragma: no cover - run from another rootdir
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import SHARED, needs_shared

D = Genre.INFO_DISCLOSURE
W = Genre.WORK_REPORT


def flat(sections: tuple[Section, ...]) -> list[Section]:
    return [s for top in sections for s in top.walk()]


# (line as it appears in a report, genre, expected (number, title) or None). Lines are real.
HEADING_LINES = [
    ("一、概述", D, ("一", "概述")),
    ("二、主动公开政府信息情况", D, ("二", "主动公开政府信息情况")),
    (
        "（一）公开总体情况。全年主动公开政府信息2,847条，较上年增加312条。",
        D,
        ("一", "公开总体情况"),
    ),
    ("（二）依申请公开情况。全年共受理政府信息公开申请17件。", D, ("二", "依申请公开情况")),
    ("（三）政府信息管理情况。", D, ("三", "政府信息管理情况")),
    ("（一）2024 年工作中存在问题的改进情况", D, ("一", "2024 年工作中存在问题的改进情况")),
    ("一、2023年工作回顾", W, ("一", "2023年工作回顾")),
    ("一、 过去五年工作回顾", W, ("一", "过去五年工作回顾")),
    ("（一）着力扩大国内需求。把恢复和扩大消费摆在优先位置。", W, ("一", "着力扩大国内需求")),
    ("1.大力发展新质生产力。加快培育新兴产业。", W, ("1", "大力发展新质生产力")),
    ("（1）加强粮食生产。稳定播种面积。", W, ("1", "加强粮食生产")),
    ("①深化国企改革。推进混合所有制改革。", W, ("①", "深化国企改革")),
    ("第一部分 过去五年的回顾", W, ("一", "过去五年的回顾")),
    ("## 一、总体情况", D, ("一", "总体情况")),
    # negatives: template table rows, fragments, body lines
    ("（一）予以公开 50 0 0 0 0 0 50", D, None),
    ("1.属于国家秘密 0 0 0 0 0 0 0", D, None),
    ("| 1.属于国家秘密 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |  |", D, None),
    ("（三）不予公开", D, None),
    ("（四）无", D, None),
    ("四、结转下年度继续办理 0 0 0 0 0 0 0", D, None),
    ("三、", D, None),
    ("——经济发展再上新台阶。国内生产总值增加到121万亿元。", W, None),
    ("全年国内生产总值增长3%，城镇新增就业1206万人。", W, None),
]


@pytest.mark.parametrize(
    ("line", "genre", "expected"), HEADING_LINES, ids=[row[0] for row in HEADING_LINES]
)
def test_heading_line(line: str, genre: Genre, expected: tuple[str, str] | None) -> None:
    text = line + "\n正文第一句。正文第二句。\n"
    found = flat(split_sections(text, genre))
    if expected is None:
        assert found == []
    else:
        assert [(s.number, s.title) for s in found] == [expected]
        s = found[0]
        assert text[s.title_start :].startswith(s.title)


LEVEL_CASES = [
    (
        "一、总体情况\n正文。\n（一）主动公开。正文。\n（二）依申请公开。正文。\n二、其他需要报告的事项\n无。",
        D,
        [(1, "总体情况"), (2, "主动公开"), (2, "依申请公开"), (1, "其他需要报告的事项")],
    ),
    (  # a report that nests 1. above （一）: levels follow the order of appearance
        "1.工作回顾\n正文。\n（一）经济增长。正文。\n（二）民生改善。正文。\n2.今年任务\n正文。",
        W,
        [(1, "工作回顾"), (2, "经济增长"), (2, "民生改善"), (1, "今年任务")],
    ),
    (  # 一是 paragraphs: one level below the enclosing heading
        "二、主要任务\n一是扩大内需。把恢复消费摆在优先位置。\n二是稳定就业。落实援企稳岗政策。\n"
        "三、政府自身建设\n正文。",
        W,
        [(1, "主要任务"), (2, "扩大内需"), (2, "稳定就业"), (1, "政府自身建设")],
    ),
    (  # 一是 under a (一) heading is level 3
        "一、工作回顾\n正文。\n（一）稳增长。正文。\n一是扩大投资。投资增长5%。\n二是促进消费。消费增长6%。\n",
        W,
        [(1, "工作回顾"), (2, "稳增长"), (3, "扩大投资"), (3, "促进消费")],
    ),
    (  # one-line data-set text: paragraphs separated by "　　"
        "各位代表：　　现在，我代表市政府报告工作。　　一、2019年工作回顾　　过去一年，成绩显著。"
        "　　二、2020年主要任务　　今年任务繁重。",
        W,
        [(1, "2019年工作回顾"), (1, "2020年主要任务")],
    ),
]


@pytest.mark.parametrize(
    ("text", "genre", "expected"), LEVEL_CASES, ids=[c[0][:24] for c in LEVEL_CASES]
)
def test_levels(text: str, genre: Genre, expected: list[tuple[int, str]]) -> None:
    assert [(s.level, s.title) for s in flat(split_sections(text, genre))] == expected


NEGATIVE_CASES = [
    # 一是… 二是… running inside a paragraph
    ("一、存在问题\n主要是：一是政策解读质量仍需提升；二是队伍建设还需加强。\n", W, ["存在问题"]),
    # one-sentence list items are not sections
    ("一、任务\n一是加强监管；\n二是优化服务。\n", W, ["任务"]),
    # 一是 paragraphs are not sections in disclosure reports (gold: shanghai_office_2025)
    (
        "一、改进情况\n一是提升政策公开质效。加大集成发布力度。\n二是发挥网站作用。集成发布文件。\n",
        D,
        ["改进情况"],
    ),
    # a numbered line inside a quoted document title spanning lines
    ("一、背景\n印发了《\n一、关于推进政务公开的意见\n》等文件。\n", D, ["背景"]),
    # table rows after a table-title heading, and a repeated number inside the table
    (
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 95 0 0 0 0 0 95\n"
        "（三）不予公开\n1.属于国家秘密 0 0 0 0 0 0 0\n三、本法提供\n"
        "四、政府信息公开行政复议、行政诉讼情况\n全年无复议。\n",
        D,
        ["收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"],
    ),
]


@pytest.mark.parametrize(
    ("text", "genre", "titles"), NEGATIVE_CASES, ids=[c[0][:30] for c in NEGATIVE_CASES]
)
def test_not_headings(text: str, genre: Genre, titles: list[str]) -> None:
    assert [s.title for s in flat(split_sections(text, genre))] == titles


KEY_CASES = [
    ("概述", D, "overview"),
    ("总体情况", D, "overview"),
    ("主动公开政府信息情况", D, "active_disclosure"),
    ("收到和处理政府信息公开申请情况", D, "requests"),
    ("依申请公开政府信息情况", D, "requests"),
    ("政府信息公开的收费及减免情况", D, "fees"),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", D, "review_litigation"),
    ("存在的主要问题和改进措施", D, "problems"),
    ("其他需要报告的事项", D, "other"),
    ("2023年工作回顾", W, "review"),
    ("过去五年工作回顾", W, "term_review"),
    ("过去一年和五年工作回顾", W, "review"),
    ("2024年经济社会发展总体要求和政策取向", W, "targets"),
    ("2024年政府工作任务", W, "tasks"),
    ("加强政府自身建设", W, "self_improvement"),
    ("過去一年工作回顧", W, "review"),
    ("加快建设现代化产业体系", W, None),
]


@pytest.mark.parametrize(("title", "genre", "key"), KEY_CASES, ids=[c[0] for c in KEY_CASES])
def test_section_key(title: str, genre: Genre, key: str | None) -> None:
    assert section_key(title, genre) == key


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十三", 13), ("二十", 20), ("9", 9), ("12", 12), ("⑤", 5)],
)
def test_numeral_value(numeral: str, value: int) -> None:
    assert numeral_value(numeral) == value


def check_tiling(text: str, sections: tuple[Section, ...], lo: int, hi: int) -> None:
    previous_end = None
    for s in sections:
        assert lo <= s.start <= s.title_start <= s.end <= hi
        if previous_end is not None:
            assert s.start == previous_end  # siblings tile, in order
        previous_end = s.end
        for child in s.children:
            assert child.level == s.level + 1
        check_tiling(text, s.children, s.title_start, s.end)
    if sections:
        assert sections[-1].end == hi


PIECES = st.sampled_from(
    [
        "一、",
        "二、",
        "（一）",
        "（二）",
        "1.",
        "2、",
        "①",
        "一是",
        "二是",
        "\n",
        "\n\n",
        "　　",
        "总体情况",
        "主动公开情况",
        "全年受理申请17件。",
        "。",
        "，",
        "| 2 | 0 |",
        " 0 0 0",
        "《",
        "》",
        "工作回顾",
        "——",
        "各位代表：",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.sampled_from([D, W, None]))
def test_sections_tile_the_text(text: str, genre: Genre | None) -> None:
    sections = split_sections(text, genre)
    if sections:
        check_tiling(text, sections, sections[0].start, len(text))


def test_split_of_a_long_report_finds_every_heading() -> None:
    body = (
        "（一）主动公开情况。全年主动公开政府信息2428条，公开政府常务会议7期。\n"
        + "正文。" * 30
        + "\n"
    )
    text = "".join(f"{n}、第{n}部分情况\n" + body * 40 for n in "一二三四五六七八九十")
    assert len(text) > 50000
    sections = split_sections(text, D)
    assert [s.title for s in sections if s.level == 1] == [
        f"第{n}部分情况" for n in "一二三四五六七八九十"]


# ---------------------------------------------------------------- gold and corpora


def _compact(title: str) -> str:
    return "".join(title.split())


def _gold_scores() -> tuple[int, int, int]:
    from govreport_nlp.text.normalise import normalise

    tp = fp = fn = 0
    for path in sorted((SHARED / "gold" / "dev").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        with open(SHARED / "corpora" / gold["file"], encoding="utf-8-sig", newline="") as f:
            original = f.read()
        norm = normalise(original)
        from govreport_nlp.structure.meta import read_meta

        genre = read_meta(norm.text).genre
        lo, hi = gold["region"]
        got = []
        for s in flat(split_sections(norm.text, genre)):
            start = norm.to_original(s.title_start, s.title_start + 1)[0]
            if lo <= start < hi:
                got.append((s.level, _compact(s.title), start))
        used: set[int] = set()
        for g in gold["sections"]:
            match = next(
                (
                    i
                    for i, (level, title, start) in enumerate(got)
                    if i not in used
                    and level == g["level"]
                    and title == _compact(g["title"])
                    and abs(start - g["start"]) <= 2
                ),
                None,
            )
            if match is None:
                fn += 1
            else:
                used.add(match)
                tp += 1
        fp += len(got) - len(used)
    return tp, fp, fn


@needs_shared
def test_gold_section_f1() -> None:
    tp, fp, fn = _gold_scores()
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95, (tp, fp, fn)


@needs_shared
def test_traditional_and_simplified_give_the_same_tree() -> None:
    """The 1954 report is Traditional: its tree must equal that of its Simplified conversion."""
    from govreport_nlp.text.normalise import to_simplified

    for name in ("work_reports/1954_guowuyuan.txt", "written_cases/dongyang_2014.txt"):
        simplified = (SHARED / "corpora" / name).read_text(encoding="utf-8-sig")
        from opencc import OpenCC

        traditional = OpenCC("s2t").convert(simplified)
        if len(traditional) != len(simplified):  # pragma: no cover - conversion kept lengths
            pytest.skip("conversion changed the length")
        back = to_simplified(traditional)
        trees = [
            [(s.level, s.number, s.start, s.end, s.key) for s in flat(split_sections(t))]
            for t in (traditional, back)
        ]
        assert trees[0] == trees[1], name


# ---------------------------------------------------------------- blank-line layouts
# Wikisource work reports (1955-2024 national) separate paragraphs by blank lines and indent
# them with "　　"; headings stand alone, unindented, between blank lines.  A standalone line is a
# heading only in such a layout, inside the body, with no sentence punctuation.

_OPENING = "各位代表：\n\n　　现在，我代表国务院向大会作政府工作报告，请予审议。\n\n"
_BODY = "\n\n　　正文第一句。正文第二句。\n\n　　正文第三句。\n"


def blank_layout(*blocks: str) -> str:
    """A blank-line layout text: salutation, opening paragraph, then ``blocks`` between blank
    lines, each followed by an indented body paragraph."""
    return _OPENING + "".join(block + _BODY + "\n" for block in blocks)


# (block as it stands in the normalised report, expected (number, title) or None). Real lines.
STANDALONE_LINES = [
    ("关于国内建设", ("None", "关于国内建设")),  # 1984
    ("关于外交工作", ("None", "关于外交工作")),  # 1984, 1988
    ("结束语", ("None", "结束语")),  # 1982-2002
    ("关于教育改革问题", ("None", "关于教育改革问题")),  # 1957
    ("先说工业战线上的情况", ("None", "先说工业战线上的情况")),  # 1958
    ("国际形势和我国对外工作", ("None", "国际形势和我国对外工作")),  # 1964
    (
        "各级领导机关必须革命化，各级干部必须革命化",
        ("None", "各级领导机关必须革命化，各级干部必须革命化"),
    ),
    ("首先报告2001年的工作", ("None", "首先报告2001年的工作")),  # 2002
    ("五年来，外交工作开创新局面", ("None", "五年来，外交工作开创新局面")),  # 2003
    ("第一，全国动员，大办农业", ("一", "全国动员，大办农业")),  # 1978
    ("第一、关于基本建设", ("一", "关于基本建设")),  # 1958
    ("三", ("三", "")),  # 1960: bare numerals head its four parts
    # near-misses: bold lead sentences open their paragraph (1993), sentences, salutations
    (
        "　　\n必须坚持两手抓的战略方针。\n"
        "在整个社会主义现代化建设进程中，要始终坚持一手抓改革开放。",
        None,
    ),
    ("各位代表！", None),  # 1975-2024, between every part
    ("一年来，我们主要做了以下六方面工作：", None),  # 2004
    ("——必须坚持树立和落实科学发展观。", None),  # 2005
    ("这些统计表明我们的国家正在向着工业化的目标前进，正在向着社会主义的目标前进。", None),
    ("（根据直播整理）", None),  # 2020
    ("2024年3月5日", None),
    # link-markup fragment: the line after it holds a zero-width space, then the sentence goes on
    (
        "经济增速是综合性指标，今年预期目标设定\n\u200b\n为6%以上，考虑了经济运行恢复情况。",
        None,
    ),  # 2021
    # a short line inside a paragraph, not between blank lines (1954)
    ("我们第一届全国人民代表大会第一次会议，在听了刘少奇同志\n关于宪法草案的报告\n以后。", None),
    # longer than a heading: a paragraph fragment (1964)
    (
        "毛主席几年来发表的支持各国人民反对美帝国主义斗争的声明和谈话，高度地集中了世界人民的"
        "革命意志，极大地鼓舞了世界人民的革命斗争",
        None,
    ),
]


@pytest.mark.parametrize(
    ("block", "expected"), STANDALONE_LINES, ids=[row[0][:24] for row in STANDALONE_LINES]
)
def test_standalone_line(block: str, expected: tuple[str, str] | None) -> None:
    text = blank_layout(block)
    found = [(str(s.number), s.title) for s in flat(split_sections(text, W))]
    assert found == ([] if expected is None else [expected])
    for s in flat(split_sections(text, W)):
        assert text[s.title_start :].startswith(s.title)


@pytest.mark.parametrize(
    "text",
    [
        # no blank lines between paragraphs (docx extraction, provincial reports 2025/2026)
        "各位代表：\n　　现在，我代表省政府报告工作。\n关于外交工作\n　　正文。正文。\n"
        "结束语\n　　正文。\n　　正文。\n",
        # the title block before the salutation is front matter (1957, 2022)
        "政府工作报告\n\n1957年6月26日在第一届全国人民代表大会第四次会议上\n\n周恩来\n\n"
        "各位代表：\n\n　　正文。\n\n　　正文。\n",
        # a signature after the last sentence is back matter
        _OPENING + "　　正文。\n\n周恩来\n\n",
    ],
    ids=["no blank lines", "title block", "signature"],
)
def test_standalone_needs_layout_and_body(text: str) -> None:
    assert flat(split_sections(text, W)) == []


BLANK_LEVEL_CASES = [
    (  # 1984: two unnumbered parts divide the report; the numbered headings nest in them
        blank_layout(
            "关于国内建设", "一、改革城市经济体制", "二、改革建筑业", "关于外交工作", "结束语"
        ),
        [
            (1, "关于国内建设"),
            (2, "改革城市经济体制"),
            (2, "改革建筑业"),
            (1, "关于外交工作"),
            (1, "结束语"),
        ],
    ),
    (  # 1988: numbering restarts in each part
        blank_layout(
            "过去五年国内工作的基本总结",
            "一、坚持改革",
            "二、从实际出发",
            "今后五年建设和改革的目标、方针和任务",
            "一、发展农业",
            "二、发展科技",
            "结束语",
        ),
        [
            (1, "过去五年国内工作的基本总结"),
            (2, "坚持改革"),
            (2, "从实际出发"),
            (1, "今后五年建设和改革的目标、方针和任务"),
            (2, "发展农业"),
            (2, "发展科技"),
            (1, "结束语"),
        ],
    ),
    (  # 2002: a single unnumbered part is a sibling of the numbered headings
        blank_layout("首先报告2001年的工作", "一、扩大和培育内需", "二、加快农业发展", "结束语"),
        [(1, "首先报告2001年的工作"), (1, "扩大和培育内需"), (1, "加快农业发展"), (1, "结束语")],
    ),
    (  # 1957: unnumbered subheads inside a numbered run sit one level below
        blank_layout(
            "一、关于社会主义革命",
            "二、关于社会主义建设",
            "关于教育改革问题",
            "关于向科学进军",
            "三、关于人民生活",
            "关于劳动就业问题",
            "四、关于国家基本制度",
        ),
        [
            (1, "关于社会主义革命"),
            (1, "关于社会主义建设"),
            (2, "关于教育改革问题"),
            (2, "关于向科学进军"),
            (1, "关于人民生活"),
            (2, "关于劳动就业问题"),
            (1, "关于国家基本制度"),
        ],
    ),
    (  # 2003: sentence-like subheads (a comma) under the numbered heading, beside （一）
        blank_layout(
            "一、过去五年政府工作的回顾",
            "五年来，外交工作开创新局面",
            "（一）坚持正确把握宏观调控的方向和力度",
            "二、对今年政府工作的建议",
        ),
        [
            (1, "过去五年政府工作的回顾"),
            (2, "五年来，外交工作开创新局面"),
            (2, "坚持正确把握宏观调控的方向和力度"),
            (1, "对今年政府工作的建议"),
        ],
    ),
    (  # 1978: 第一， subheads under 三、; 结束语 closes at the top after the last numbered part
        blank_layout(
            "三、加快社会主义经济建设",
            "第一，全国动员，大办农业",
            "第二，加快发展基础工业",
            "四、繁荣社会主义科学教育文化事业",
            "结束语",
        ),
        [
            (1, "加快社会主义经济建设"),
            (2, "全国动员，大办农业"),
            (2, "加快发展基础工业"),
            (1, "繁荣社会主义科学教育文化事业"),
            (1, "结束语"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    BLANK_LEVEL_CASES,
    ids=[
        "1984 parts",
        "1988 restart",
        "2002 single part",
        "1957 subheads",
        "2003 comma",
        "1978 第一，",
    ],
)
def test_blank_layout_levels(text: str, expected: list[tuple[int, str]]) -> None:
    sections = split_sections(text, W)
    assert [(s.level, s.title) for s in flat(sections)] == expected
    check_tiling(text, sections, sections[0].start, len(text))


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("结束语", "closing"),
        ("关于国内建设", None),
        ("关于外交工作", None),
        ("首先报告2001年的工作", "review"),
        ("六五计划前两年的执行情况", "term_review"),
        ("“九五”时期国民经济和社会发展的回顾", "term_review"),
        ("“七五”时期的基本任务和主要建设方针", "tasks"),
        ("关于1998年政府工作的建议", "tasks"),
        ("2011年的工作", "tasks"),
        ("今后五年建设和改革的目标、方针和任务", "targets"),
        ("1981年国民经济计划的任务和主要指标", "targets"),
        ("2019年和今年以来工作回顾", "review"),
    ],
)
def test_old_work_report_keys(title: str, key: str | None) -> None:
    assert section_key(title, W) == key


# National reports without any heading in the text: 1954 (周恩来's report is one continuous
# speech in the source) and 1975 (a short report whose only standalone lines are 各位代表！).
NO_HEADINGS = {1954, 1975}


def _national_reports() -> list[Path]:
    return sorted((SHARED / "corpora" / "work_reports").glob("*_guowuyuan.txt"))


@needs_shared
def test_every_national_report_has_parts() -> None:
    from govreport_nlp.text.normalise import normalise

    short = {}
    for path in _national_reports():
        year = int(path.name[:4])
        if not 1954 <= year <= 2023:
            continue
        text = normalise(path.read_text(encoding="utf-8-sig")).text
        tops = split_sections(text, W)
        if year in NO_HEADINGS:
            assert not tops, path.name  # update NO_HEADINGS when this starts passing
        elif len(tops) < 2:
            short[path.name] = [s.title for s in tops]
    assert not short


@needs_shared
def test_blank_layout_only_where_paragraphs_are_blank_separated() -> None:
    """Disclosure reports and the docx-extracted provincial reports are no blank-line layouts,
    so the standalone-heading rule never applies to them."""
    from govreport_nlp.structure.sections import _blank_layout
    from govreport_nlp.text.normalise import normalise

    corpora = SHARED / "corpora"
    paths = sorted((corpora / "info_disclosure").glob("*.txt")) + [
        p
        for p in sorted((corpora / "work_reports").glob("202[56]_*.txt"))
        if not p.name.endswith("_guowuyuan.txt")
    ]
    assert len(paths) > 50
    for path in paths:
        text = normalise(path.read_text(encoding="utf-8-sig")).text
        assert _blank_layout(text, text.split("\n")) is None, path.name


# ------------------------------------------------------------------ paragraph starts, fast


def _paragraph_ends_plainly(text: str) -> list[int]:
    from govreport_nlp.structure import sections as sections_module

    return [m.end() for m in sections_module._PARAGRAPH_START.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="\n \u3000\t#。！”一、标题正文\u00a0\r", max_size=60))
def test_paragraph_starts_found_as_the_plain_scan_finds_them(text: str) -> None:
    from govreport_nlp.structure import sections as sections_module

    assert sections_module._paragraph_start_ends(text) == _paragraph_ends_plainly(text)


@needs_shared
@pytest.mark.parametrize(
    "path", sorted((SHARED / "corpora").glob("*/*.txt")), ids=lambda p: p.name
)
def test_paragraph_starts_on_the_corpus(path: Path) -> None:
    from govreport_nlp.structure import sections as sections_module

    text = path.read_text(encoding="utf-8", errors="replace")
    assert sections_module._paragraph_start_ends(text) == _paragraph_ends_plainly(text)


# Unnumbered standard parts whose title opens with a year (2025 Sichuan and Xizang, 2026 Gansu):
# before, a digit anywhere kept a line from being a plain heading, so the review and the plan
# were no sections and every figure of the 2025 Xizang review was read as a target.
YEAR_TITLED_PARTS = [
    ("各位代表：\n2024年工作回顾\n2024年是新中国成立75周年。地区生产总值增长6.3%。\n"
     "2025年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长7%。\n",
     ["2024年工作回顾", "2025年工作安排"]),
    ("过去一年的工作。\n2025年工作安排建议\n今年要扎实做好九个方面工作。\n",
     ["2025年工作安排建议"]),
    ("五年来成绩显著。\n2026年重点工作\n今年要突出抓好以下工作。\n", ["2026年重点工作"]),
    # a year-led line that names no standard part, or holds other digits, stays body text
    ("各位代表：\n2025年省十件民生实事\n一是增加托育服务供给。\n", []),
    ("各位代表：\n2025年10件惠民实事\n一是增加托育服务供给。\n", []),
    ("各位代表：\n2026年02月10日 07时41分\n正文。\n", []),
]


@pytest.mark.parametrize(("text", "titles"), YEAR_TITLED_PARTS,
                         ids=[c[0].split("\n")[1] for c in YEAR_TITLED_PARTS])
def test_year_titled_standard_parts(text: str, titles: list[str]) -> None:
    assert [s.title for s in flat(split_sections(text, W)) if s.level == 1] == titles


@given(st.text(alphabet="一二三十第（）()0123456789、。：；!? \t\u3000|｜-—年政府信息公开情况%",
               max_size=80))
@settings(max_examples=300, deadline=None)
def test_runin_opening_guard_changes_no_match(text: str) -> None:
    """The first-character guard of _RUNIN_OPENING only skips positions no alternative can
    match: the guarded pattern finds exactly what the bare alternatives find."""
    import regex

    from govreport_nlp.structure import sections as sections_module

    guarded = sections_module._RUNIN_OPENING
    first = sections_module._RUNIN_FIRST
    bare = regex.compile(guarded.pattern[len(first) + len("(?:") : -len(")")])
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in bare.finditer(text)]

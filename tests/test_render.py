"""render_tree on a small hand-built Report (snapshot), so the layout is pinned down without
depending on the parser."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govreport_nlp import cli
from govreport_nlp.deliver.render import display_width, pad, render_tree
from govreport_nlp.models import (
    Genre,
    Indicator,
    Kind,
    Meta,
    Report,
    Role,
    Script,
    Section,
    TableRef,
)

TEXT = (
    "本溪市2012年政府信息公开工作年度报告\n"
    "全年共发布信息约300条。\n"
    "一、概述\n"
    "（一）主动公开\n"
    "公开规章5件，规范性文件1至2个。\n"
    "（二）依申请公开\n"
    "受理申请95件。\n"
    "二、统计表\n"
    "本年新收 95\n"
    "三、其他\n"
    "全年未收取费用，答复率100%。\n"
)
META = Meta(
    "本溪市2012年政府信息公开工作年度报告",
    "本溪市",
    2012,
    Genre.INFO_DISCLOSURE,
    Script.SIMPLIFIED,
    "utf-8",
    "txt",
)


def at(text: str, after: str = "") -> tuple[int, int]:
    start = TEXT.index(text, TEXT.index(after) if after else 0)
    return start, start + len(text)


def section(heading: str, title: str, level: int, until: str | None, *children: Section):
    start, _ = at(heading)
    end = TEXT.index(until) if until else len(TEXT)
    number = heading[: -len(title)].strip("、（）")
    return Section(level, number, title, start, end, at(title, heading)[0], children=children)


def figure(text: str, value, unit: str | None, name: str, *, after: str = "", **extra):
    start, end = at(text, after)
    qualifier = extra.pop("qualifier", None)
    value_max = extra.pop("value_max", None)
    return Indicator(
        start, end, text, value, value_max, unit, qualifier, name, None, Kind.COUNT, **extra
    )


SECTIONS = (
    section(
        "一、概述",
        "概述",
        1,
        "二、统计表",
        section("（一）主动公开", "主动公开", 2, "（二）依申请公开"),
        section("（二）依申请公开", "依申请公开", 2, "二、统计表"),
    ),
    section("二、统计表", "统计表", 1, "三、其他"),
    section("三、其他", "其他", 1, None),
)
INDICATORS = (
    figure("约300条", 300, "条", "发布信息", qualifier="约"),
    figure("5件", 5, "件", "公开规章"),
    figure("1至2个", 1, "个", "规范性文件", value_max=2),
    figure(
        "95件", 95, "件", "受理申请", restates=TableRef("T3", "new_requests", "total"), agrees=True
    ),
    figure(
        "95",
        95,
        "件",
        "本年新收政府信息公开申请数量",
        after="本年新收",
        table=TableRef("T3", "new_requests", "total"),
    ),
    figure("未收取费用", 0, "元", "收取费用", implicit=True),
    figure("100%", Decimal("100"), "%", "答复率", role=Role.OUTCOME),
)
REPORT = Report("benxi.txt", "0" * 64, META, TEXT, SECTIONS, INDICATORS, warnings=("示例警告",))

EXPECTED = """\
本溪市2012年政府信息公开工作年度报告
info_disclosure · 2012 · 本溪市 · 7 figures · 1 table cell · 5 sections
(front matter)
    约300条     value=300 条 (约)  name=发布信息
一、概述
  （一）主动公开
      5件         value=5 件         name=公开规章
      1至2个      value=1..2 个      name=规范性文件
  （二）依申请公开
      95件        value=95 件        name=受理申请  [restates T3 new_requests/total ok]
二、统计表
    95          value=95 件        name=本年新收政府信息公开申请数量  [T3 new_requests/total]
三、其他
    未收取费用  value=0 元         name=收取费用  [implicit]
    100%        value=100 %        name=答复率  [outcome]
warning: 示例警告"""


def test_render_tree_snapshot():
    assert render_tree(REPORT) == EXPECTED


def test_color_adds_only_escape_codes():
    colored = render_tree(REPORT, color=True)
    assert "\x1b[" in colored
    plain = colored
    for code in ("\x1b[1m", "\x1b[36m", "\x1b[2m", "\x1b[0m"):
        plain = plain.replace(code, "")
    assert plain == EXPECTED


def test_figures_after_every_section_are_shown_apart():
    lone = Section(1, "一", "概述", 0, 3, 2)
    text = "一、概述\n共5件"
    report = Report(
        "x.txt",
        "",
        META,
        text,
        (lone,),
        (Indicator(7, 9, "5件", 5, None, "件", None, "共计", None, Kind.COUNT),),
    )
    assert render_tree(report).splitlines()[2:] == [
        "一、概述",
        "(outside sections)",
        "    5件  value=5 件  name=共计",
    ]


def test_empty_report():
    report = Report("x.txt", "", META, "")
    assert render_tree(report).splitlines() == [
        "本溪市2012年政府信息公开工作年度报告",
        "info_disclosure · 2012 · 本溪市 · 0 figures · 0 sections",
    ]


@pytest.mark.parametrize(
    ("text", "width"),
    [("95件", 4), ("约1.2万条", 9), ("1362 件", 7), ("（一）", 6), ("", 0)],
    ids=["95件", "约1.2万条", "1362 件", "（一）", "empty"],
)
def test_display_width(text, width):
    assert display_width(text) == width
    assert display_width(pad(text, 10)) == max(10, width)


def test_show_cli(monkeypatch, capsys, tmp_path):
    seen = []

    def fake_parse(path):
        seen.append(path)
        return REPORT

    monkeypatch.setattr(cli, "_parse_one", fake_parse)
    assert cli.main(["show", str(tmp_path / "r.txt"), "--no-color"]) == 0
    assert capsys.readouterr().out == EXPECTED + "\n"
    assert [p.name for p in seen] == ["r.txt"]


def test_long_figure_text_is_cut_to_the_column():
    text = "全年未发生因政府信息公开申请提起行政复议和行政诉讼的案件。"
    clause = text[2:-1]
    implicit = Indicator(
        2, len(text) - 1, clause, 0, None, "件", None, "行政复议", None, Kind.COUNT, implicit=True
    )
    (line,) = render_tree(Report("x.txt", "", META, text, (), (implicit,))).splitlines()[3:]
    assert line == "    未发生因政府…  value=0 件  name=行政复议  [implicit]"

"""Labelled header fields of crawled pages (标题: …, 发布机构: …) are read without their labels."""

import pytest

from govreport_nlp.structure.meta import read_meta

BODY = "一、总体情况\n本年度，我县政府信息公开工作有序推进。"

CASES = [
    (
        "标题:平潭县人民政府2015年政府信息公开工作年度报告\n发布时间:2016-03-20\n发布机构:平潭县人民政府\n",
        "平潭县人民政府2015年政府信息公开工作年度报告",
        "平潭县人民政府",
        2015,
    ),
    (
        "索引号：001-2016-00012 标题：福清市人民政府2015年度政府信息公开工作年度报告 "
        "发布机构：福清市人民政府 发布日期：2016-03-01 文号：无\n",
        "福清市人民政府2015年度政府信息公开工作年度报告",
        "福清市人民政府",
        2015,
    ),
    (
        "標題：本溪市2012年度政府信息公開工作報告\n來源：本溪市人民政府\n",
        "本溪市2012年度政府信息公开工作报告",
        "本溪市",
        2012,
    ),
]


@pytest.mark.parametrize("header,title,issuer,year", CASES, ids=[c[1] for c in CASES])
def test_labelled_header_fields(header, title, issuer, year):
    m = read_meta(header + BODY)
    assert (m.title, m.issuer, m.year) == (title, issuer, year)

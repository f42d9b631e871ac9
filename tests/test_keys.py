"""Canonical keys, periods, issuers and the panel (issue 15), on real names and sentences.

Names are those the pipeline gives the figures in ../shared/corpora (source in each id);
sentences are copied from the reports.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SHARED, needs_shared
from govreport_nlp import parse
from govreport_nlp.deliver.frames import PANEL_COLUMNS, panel, panel_rows
from govreport_nlp.deliver.outputs import write_panel
from govreport_nlp.figures.keys import RULES, decide_key, key_specs, template_key
from govreport_nlp.figures.periods import decide_period
from govreport_nlp.models import TableRef
from govreport_nlp.structure.issuer import canonical_issuer

WR, ID = "work_report", "info_disclosure"

KEY_CASES = [
    # (source, name, unit, genre, key, rule)
    ("2016_guowuyuan", "国内生产总值增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2016_guowuyuan", "经济增长预期目标", "%", WR, "gdp_growth", "exact_wording"),
    ("2026_anhuisheng", "全省地区生产总值增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2026_beijingshi", "地区生产总值年均增速", "%", WR, "gdp_growth", "exact_wording"),
    ("2026_henansheng", "经济增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2026_shanghaishi", "全市生产总值增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2026_shanxisheng", "“十五五”时期地区生产总值年均增长", "%", WR, "gdp_growth",
     "exact_wording"),
    ("2026_xinjiang", "建议“十五五”时期地区生产总值增速目标设定为年均增长", "%", WR,
     "gdp_growth", "exact_wording"),
    ("2004_guowuyuan", "中央提出今年经济增长预期目标", "%", WR, "gdp_growth", "exact_wording"),
    ("2026_guangxi", "提出地区生产总值年均增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2026_jiangsusheng", "地区生产总值按增长", "%", WR, "gdp_growth", "exact_wording"),
    # lead verbs, outcome words and a leading year do not change the quantity (issue 15 audit:
    # every unkeyed work-report figure whose name holds a key's wording, 2026-12-08)
    ("2012_hailaerqu", "地区生产总值完成", "元", WR, "gdp", "exact_wording"),
    ("2015_hailaerqu", "全区地区生产总值完成增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2025_yunnansheng", "全省完成地区生产总值增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2025_shandongsheng", "实现地区生产总值", "元", WR, "gdp", "exact_wording"),
    ("2017_hailaerqu", "实现城镇新增就业", "人", WR, "urban_new_jobs", "exact_wording"),
    ("2025_tianjinshi", "全市地区生产总值预计增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2025_gansusheng", "一般公共预算收入同口径增长", "%", WR, "budget_revenue_growth",
     "exact_wording"),
    ("2003_guowuyuan", "2002年国内生产总值平均每年增长", "%", WR, "gdp_growth",
     "exact_wording"),
    ("1998_guowuyuan", "1997年粮食产量", "吨", WR, "grain_output", "exact_wording"),
    ("1994_guowuyuan", "粮食总产量", "公斤", WR, "grain_output", "exact_wording"),
    ("2015_guowuyuan", "经济增长预期", "%", WR, "gdp_growth", "exact_wording"),
    ("2017_guowuyuan", "年末城镇登记失业率", "%", WR, "urban_registered_unemployment",
     "exact_wording"),
    ("2024_guowuyuan", "城镇调查失业率平均", "%", WR, "urban_surveyed_unemployment",
     "exact_wording"),
    ("2024_guowuyuan", "赤字率拟按", "%", WR, "deficit_ratio", "exact_wording"),
    ("2016_guowuyuan", "安排财政赤字", "元", WR, "deficit", "exact_wording"),
    ("2024_guowuyuan", "安排地方政府专项债券", "元", WR, "special_bonds", "exact_wording"),
    ("2014_guowuyuan", "把居民消费价格涨幅", "%", WR, "cpi_growth", "exact_wording"),
    ("2019_guowuyuan", "国内生产总值总量", "元", WR, "gdp", "exact_wording"),
    ("2012_guowuyuan", "公共财政收入", "元", WR, "budget_revenue", "exact_wording"),
    ("2000_guowuyuan", "国家财政收入", "元", WR, "budget_revenue", "exact_wording"),
    ("2016_guowuyuan", "单位国内生产总值能耗下降", "%", WR, "energy_intensity_reduction",
     "exact_wording"),
    ("2023_guowuyuan", "全社会研发经费投入强度", "%", WR, "rd_intensity", "exact_wording"),
    ("2025_jiangsusheng", "全社会研发投入强度", "%", WR, "rd_intensity", "exact_wording"),
    ("1960_guowuyuan", "一九五五年全国粮食总产量", "斤", WR, "grain_output", "exact_wording"),
    ("1955_guowuyuan", "一九三六年的粮食产量", "斤", WR, "grain_output", "exact_wording"),
    ("1958_guowuyuan", "一九五八年计划粮食产量", "斤", WR, "grain_output", "exact_wording"),
    ("2025_xinjiang", "全疆地区生产总值增长", "%", WR, "gdp_growth", "exact_wording"),
    ("2023_guowuyuan", "货物进出口总额增长", "%", WR, "trade_growth", "exact_wording"),
    ("2021_shanghaishi", "外贸进出口总额增长", "%", WR, "trade_growth", "exact_wording"),
    ("1957_guowuyuan", "1949年全国农业生产总值", "元", WR, None, "part_or_other"),
    ("2025_chongqingshi", "对东盟进出口增长", "%", WR, None, "part_or_other"),
    ("2025_hubeisheng", "跨境电商进出口增长", "%", WR, None, "part_or_other"),
    ("2006_guowuyuan", "居民消费价格总水平上涨", "%", WR, "cpi_growth", "exact_wording"),
    ("2009_guowuyuan", "居民消费价格总水平涨幅", "%", WR, "cpi_growth", "exact_wording"),
    # 数 is filler only at the end: inside 人数 and 指数 it is part of the wording
    ("2007_guowuyuan", "城镇新增就业人数", "人", WR, "urban_new_jobs", "exact_wording"),
    ("2025_hebeisheng", "居民消费价格指数涨幅", "%", WR, "cpi_growth", "exact_wording"),
    # the central and local governments' deficits are parts of the national one
    ("2016_guowuyuan", "中央财政赤字", "元", WR, None, "part_or_other"),
    ("2015_guowuyuan", "地方财政赤字增加", "元", WR, None, "part_or_other"),
    ("2009_guowuyuan", "安排中央财政赤字增加", "元", WR, None, "part_or_other"),
    # a change in an amount, a per-head level, GNP, a group's income: other quantities
    ("2000_guowuyuan", "国家财政收入增加", "元", WR, None, "part_or_other"),
    ("2025_fujiansheng", "人均地区生产总值", "元", WR, None, "part_or_other"),
    ("1986_guowuyuan", "国民生产总值平均每年增长", "%", WR, None, "part_or_other"),
    ("2026_shanghaishi", "城镇居民人均可支配收入增长", "%", WR, None, "part_or_other"),
    ("1985_guowuyuan", "粮食产量增长", "%", WR, None, "part_or_other"),
    ("2013_guowuyuan", "粮食总产量连续", "年", WR, None, "part_or_other"),
    # parts of the jurisdiction, sectors, shares and other quantities get none
    ("2026_beijingshi", "城市副中心和平原新城地区生产总值年均增长", "%", WR, None,
     "part_or_other"),
    ("2026_zhejiangsheng", "海洋生产总值增长", "%", WR, None, "part_or_other"),
    ("2026_zhejiangsheng", "海洋生产总值占GDP比重", "%", WR, None, "share"),
    ("2026_gansusheng", "旅游及相关产业增加值占地区生产总值比重", "%", WR, None, "share"),
    ("2026_guizhousheng", "社会物流总费用与地区生产总值的比率", "%", WR, None, "share"),
    ("2016_guowuyuan", "科技进步对经济增长的贡献率", "%", WR, None, "share"),
    ("2016_guowuyuan", "单位国内生产总值用水量下降", "%", WR, None, "part_or_other"),
    ("2026_chongqingshi", "单位地区生产总值二氧化碳排放下降", "%", WR, None, "part_or_other"),
    ("2026_ningxia", "地区生产总值跨越大关年均增长", "%", WR, None, "part_or_other"),
    ("2026_shanghaishi", "全社会研发经费支出相当于全市生产总值的比例", "%", WR, None, "share"),
    # the same wording in the wrong unit is another quantity
    ("unit", "地区生产总值增长", "元", WR, None, "unit_mismatch"),
    # disclosure reports: the body or channel that acted leads the name
    ("2024_huaianshi", "全市共受理政府信息公开申请", "件", ID, "requests_received",
     "disclosure_suffix"),
    ("2023_hongzequ", "2023年全区受理政府信息公开申请", "件", ID, "requests_received",
     "exact_wording"),
    ("2024_shanghaishikewei", "收到政府信息公开申请", "件", ID, "requests_received",
     "exact_wording"),
    ("qinghe_2013", "受理政府信息公开申请", "件", ID, "requests_received", "exact_wording"),
    ("dongyang_2014", "收到政府信息公开申请", "件", ID, "requests_received", "exact_wording"),
    ("dongyang_2014", "主动公开政府信息", "条", ID, "proactive_items", "exact_wording"),
    ("2024_shanghaishikewei", "涉及的行政诉讼数", "件", ID, "lawsuits", "disclosure_suffix"),
    ("2024_huaianshi", "政府信息公开行政复议", "件", ID, "admin_reviews", "disclosure_suffix"),
    ("2025_shanghaishizhengfubangongting", "不予公开", "件", ID, "requests_withheld",
     "exact_wording"),
    # 无法提供 is the template's category (three grounds), 信息不存在 one ground of it
    ("2024_shanghaishikewei", "无法提供的", "件", ID, "requests_unavailable", "exact_wording"),
    ("2025_shanghaishizhengfubangongting", "因本机关不掌握等原因无法提供", "件", ID,
     "requests_unavailable", "disclosure_suffix"),
    # the prose era's zero cases and requests named by what was asked (implicit figures)
    ("2012_benxi", "因政府信息公开申请行政复议案件", "件", ID, "admin_reviews",
     "disclosure_suffix"),
    ("qinghe_2013", "因政府信息公开行政诉讼案件", "件", ID, "lawsuits", "disclosure_suffix"),
    ("2012_benxi", "法人和其他组织申请公开政府信息", "件次", ID, "requests_received",
     "disclosure_suffix"),
    ("dongyang_2014", "网上申请", "件", ID, None, "part_or_other"),
    ("qinghe_2013", "当面申请", "件", ID, None, "part_or_other"),
    ("dongyang_2014", "主动公开政府信息增长", "%", ID, None, "part_or_other"),
    ("2025_shanghaishizhengfubangongting", "重复申请等不予处理占比", "%", ID, None, "share"),
    ("2025_shanghaishizhengfubangongting", "予以公开及部分公开", "件", ID, None, "share"),
    ("2012_benxi", "受理政策咨询件", "份", ID, None, "part_or_other"),
    # a count through one publication channel is a part of the body's total
    ("2012_benxi", "政府网站公开政府信息数", "件", ID, None, "channel_part"),
    ("2012_benxi", "政府公开数字电视主动公开政府信息数", "件", ID, None, "channel_part"),
    ("2012_benxi", "市政府及部门向查阅场所提供主动公开政府信息数量", "件", ID, None,
     "channel_part"),
    ("2024_hongzequ", "我区在政府网站平台主动公开政府信息", "条", ID, None, "channel_part"),
    ("qinghe_2013", "透过政府公报公开主动公开政府信息", "条", ID, None, "channel_part"),
]


@pytest.mark.parametrize(("source", "name", "unit", "genre", "key", "rule"), KEY_CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in KEY_CASES])
def test_key_of_real_names(source, name, unit, genre, key, rule):
    decision = decide_key(name, unit, genre=genre)
    assert (decision.key, decision.rule) == (key, rule)


@given(st.text(max_size=30), st.sampled_from(["%", "元", "件", "人", None]),
       st.sampled_from([WR, ID]))
def test_key_decision_is_a_known_key_and_rule(name, unit, genre):
    decision = decide_key(name, unit, genre=genre)
    assert decision.rule in {rule_id for rule_id, _ in RULES} | {"unit_mismatch"}
    assert decision.key is None or decision.key in {s.key for s in key_specs()}


TEMPLATE_CASES = [
    (TableRef("T3", "new_requests", "total"), "requests_received"),
    (TableRef("T3", "handled_total", "total"), "requests_handled"),
    (TableRef("T4", "cases", "review_total"), "admin_reviews"),
    (TableRef("T3", "new_requests", "natural_person"), None),  # one applicant type: a part
    (TableRef("T3", "withheld_state_secret", "total"), None),  # one term of a summed key
]


@pytest.mark.parametrize(("ref", "key"), TEMPLATE_CASES, ids=[f"{r.row}.{r.column}"
                                                              for r, _ in TEMPLATE_CASES])
def test_template_cell_keys(ref, key):
    assert template_key(ref).key == key


PERIOD_CASES = [
    # (source, text before and including the figure, figure, name, year, genre, role, period, rule)
    ("2026_shanxisheng", "“十五五”时期地区生产总值年均增长5％左右", "5％左右",
     "“十五五”时期地区生产总值年均增长", 2026, WR, "target", "2026-2030", "plan_span"),
    ("2026_xinjiang", "按照新疆快于全国平均水平，并给“十六五”预留一定空间的思路，建议“十五五”时期"
     "地区生产总值增速目标设定为年均增长5.5%—6%", "5.5%—6%",
     "建议“十五五”时期地区生产总值增速目标设定为年均增长", 2026, WR, "target", "2026-2030",
     "plan_span"),
    ("2016_guowuyuan", "“十二五”规划胜利完成。国内生产总值年均增长7.8%", "7.8%",
     "国内生产总值年均增长", 2016, WR, "outcome", "2011-2015", "average_past"),
    ("2026_guizhousheng", "地区生产总值突破2万亿元、达到23562亿元，"
     "一般公共预算收入、税收收入年均分别增长4.5%", "4.5%", "一般公共预算收入增长", 2026, WR,
     "outcome", "2021-2025", "average_past"),
    # 年均 of an earlier comma clause is not this figure's
    ("2026_x", "居民收入年均增长6%，一般公共预算收入增长4.5%", "4.5%", "一般公共预算收入增长",
     2026, WR, "outcome", "2025", "outcome_year_before"),
    ("2026_beijingshi", "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右", "5%左右",
     "地区生产总值增长", 2026, WR, "target", "2026", "target_report_year"),
    ("2019_guowuyuan", "过去一年……国内生产总值增长6.6%", "6.6%", "国内生产总值增长", 2019, WR,
     "outcome", "2018", "outcome_year_before"),
    ("2026_beijingshi", "2025年全市地区生产总值增长5.4%", "5.4%", "全市地区生产总值增长", 2026,
     WR, "outcome", "2025", "named_year"),
    ("1957_guowuyuan", "一九五二年工业总产值为二百七十亿元", "二百七十亿元", "工业总产值", 1957,
     WR, "outcome", "1952", "named_year"),
    ("2024_huaianshi", "全市共受理政府信息公开申请3119 件", "3119 件", "全市共受理政府信息公开申请",
     2024, ID, None, "2024", "disclosure_year"),
    ("no_year", "地区生产总值增长5%", "5%", "地区生产总值增长", None, WR, None, None, "no_period"),
    # a change from X to Y: X is the level before the span the passage reviews or plans, Y its
    # last year (every 从/由…到/至 pair with a keyed figure in the corpus work reports)
    ("2018_guowuyuan", "五年来，经济实力跃上新台阶。国内生产总值从54万亿元增加到82.7万亿元",
     "54万亿元", "国内生产总值", 2018, WR, "outcome", "2012", "change_from_span"),
    ("2018_guowuyuan", "五年来，经济实力跃上新台阶。国内生产总值从54万亿元增加到82.7万亿元",
     "82.7万亿元", "国内生产总值", 2018, WR, "outcome", "2017", "change_to_span"),
    ("2018_guowuyuan", "五年来……对世界经济增长贡献率超过30%。财政收入从11.7万亿元增加到17.3万亿元",
     "11.7万亿元", "财政收入", 2018, WR, "outcome", "2012", "change_from_span"),
    ("2013_guowuyuan", "这五年……五年转移农村人口8463万人，城镇化率由45.9%提高到52.6%",
     "45.9%", "城镇化率", 2013, WR, "outcome", "2007", "change_from_span"),
    ("2011_guowuyuan", "这五年……“十一五”规划……财政收入从3.16万亿元增加到8.31万亿元",
     "3.16万亿元", "财政收入", 2011, WR, "outcome", "2005", "change_from_span"),
    ("2011_guowuyuan", "“十二五”时期……积极稳妥推进城镇化，城镇化率从47.5％提高到51.5%",
     "47.5％", "城镇化率", 2011, WR, "target", "2010", "change_from_span"),
    ("2011_guowuyuan", "“十二五”时期……积极稳妥推进城镇化，城镇化率从47.5％提高到51.5%",
     "51.5%", "城镇化率", 2011, WR, "target", "2015", "change_to_span"),
    ("2021_guowuyuan", "过去五年……国内生产总值从不到70万亿元增加到超过100万亿元",
     "不到70万亿元", "国内生产总值", 2021, WR, "outcome", "2015", "change_from_span"),
    ("2026_zhejiangsheng", "五年来……常住人口城镇化率从72%提升至76%左右", "72%",
     "常住人口城镇化率", 2026, WR, "outcome", "2020", "change_from_span"),
    ("2026_guangdongsheng",
     "五年来……这是经济实力持续提升的五年。 地区生产总值从11.37万亿元提高到14.58万亿元",
     "11.37万亿元", "地区生产总值", 2026, WR, "outcome", "2020", "change_from_span"),
    # no span named within reach: the start of an outcome cannot be dated, its end can
    ("2026_gansusheng", "建成300个省级和美乡村。常住人口城镇化率由52.23%提高到58.08%", "52.23%",
     "常住人口城镇化率", 2026, WR, "outcome", None, "change_from_unknown"),
    ("2026_gansusheng", "建成300个省级和美乡村。常住人口城镇化率由52.23%提高到58.08%", "58.08%",
     "常住人口城镇化率", 2026, WR, "outcome", "2025", "outcome_year_before"),
    # a plan that neither ended last year nor begins this year names no span of this report
    ("2018_guowuyuan", "“十二五”规划……国内生产总值从54万亿元增加到82.7万亿元", "54万亿元",
     "国内生产总值", 2018, WR, "outcome", None, "change_from_unknown"),
    # 由于 is not a change's start
    ("made_up", "去年由于出口增长到2万亿元", "2万亿元", "出口", 2018, WR, "outcome", "2017",
     "outcome_year_before"),
]


@pytest.mark.parametrize(
    ("source", "text", "figure", "name", "year", "genre", "role", "period", "rule"),
    PERIOD_CASES, ids=[f"{c[0]}:{c[1][-24:]}" for c in PERIOD_CASES])
def test_period_rules(source, text, figure, name, year, genre, role, period, rule):
    start = text.rindex(figure)
    decision = decide_period(text, start, start + len(figure), name=name, year=year,
                             genre=genre, role=role)
    assert (decision.period, decision.rule) == (period, rule)


ISSUER_CASES = [
    ("洪泽区人民政府", "淮安市洪泽区人民政府", "county", "320813"),
    ("淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "county", "320813"),
    ("淮安市人民政府", "淮安市人民政府", "prefecture", "320800"),
    ("上海市科委", "上海市科学技术委员会", "department_of_province", "310000"),
    ("上海市科学技术委员会", "上海市科学技术委员会", "department_of_province", "310000"),
    ("上海市人民政府办公厅", "上海市人民政府办公厅", "department_of_province", "310000"),
    ("本溪市", "本溪市人民政府", "prefecture", "210500"),
    ("海拉尔区人民政府", "呼伦贝尔市海拉尔区人民政府", "county", "150702"),
    ("广西壮族自治区人民政府", "广西壮族自治区人民政府", "province", "450000"),
    ("国务院", "国务院", "national", "100000"),
    ("上海市普陀区社会福利院", "上海市普陀区社会福利院", "department_of_county", "310107"),
    ("没有地名的机关", None, None, None),
]


@pytest.mark.parametrize(("printed", "name", "level", "code"), ISSUER_CASES,
                         ids=[c[0] for c in ISSUER_CASES])
def test_canonical_issuer(printed, name, level, code):
    decision = canonical_issuer(printed)
    assert (decision.name, decision.level, decision.region_code) == (name, level, code)


def _record(*figures):
    return {"source": "x.txt", "sha256": None,
            "meta": {"issuer": "本溪市", "issuer_canonical": "本溪市人民政府",
                     "region_code": "210500", "year": 2012, "genre": ID},
            "indicators": list(figures)}


def _figure(value, start, key="requests_received", table=None):
    return {"start": start, "end": start + 3, "text": f"{value}件", "value": value,
            "value_max": None, "unit": "件", "qualifier": None, "key": key, "period": "2012",
            "table": table}


def test_panel_keeps_the_first_statement_and_warns_of_a_different_one():
    rows = list(panel_rows(_record(_figure(546, 10), _figure(546, 40), _figure(17, 90))))
    assert len(rows) == 1
    assert rows[0]["value"] == 546
    assert rows[0]["warning"] == "also stated as '17件' at 90"


def _hedged(value, start, qualifier, text, key="gdp", unit="元"):
    return {**_figure(value, start, key=key), "qualifier": qualifier, "text": text,
            "unit": unit}


# (statements of one cell in document order, kept text, warning): from the 2026 provincial
# reviews, where a threshold (突破2万亿元) often comes before the exact figure (23562亿元)
HEDGED_STATEMENTS = [
    ([_hedged(2 * 10**12, 10, "突破", "突破2万亿元"),
      _hedged(2356200000000, 90, None, "23562亿元")], "23562亿元", None),
    ([_hedged(130000000000, 10, "以上", "1300亿斤以上", key="grain_output", unit="斤"),
      _hedged(135097000000, 90, None, "1350.97亿斤", key="grain_output", unit="斤")],
     "1350.97亿斤", None),
    # a bound the exact value breaks is a conflict; so is an approximation that differs
    ([_hedged(3 * 10**12, 10, "突破", "突破3万亿元"),
      _hedged(2356200000000, 90, None, "23562亿元")], "23562亿元",
     "also stated as '突破3万亿元' at 10"),
    ([_hedged(5 * 10**12, 10, "约", "约5万亿元"), _hedged(4 * 10**12, 90, None, "4万亿元")],
     "4万亿元", "also stated as '约5万亿元' at 10"),
    # only hedged statements: the first is kept
    ([_hedged(2 * 10**12, 10, "突破", "突破2万亿元"),
      _hedged(3 * 10**12, 90, "超过", "超过3万亿元")], "突破2万亿元",
     "also stated as '超过3万亿元' at 90"),
]


@pytest.mark.parametrize(("figures", "kept", "warning"), HEDGED_STATEMENTS,
                         ids=[" / ".join(f["text"] for f in c[0]) for c in HEDGED_STATEMENTS])
def test_panel_prefers_an_exact_statement_to_a_hedged_one(figures, kept, warning):
    rows = list(panel_rows(_record(*figures)))
    assert [(r["text"], r["warning"]) for r in rows] == [(kept, warning)]


def test_panel_reads_a_template_cell_before_prose():
    cell = _figure(95, 900, table={"id": "T3", "row": "new_requests", "column": "total"})
    rows = list(panel_rows(_record(_figure(17, 10), cell)))
    assert [(r["value"], r["warning"]) for r in rows] == [(95, "also stated as '17件' at 10")]


def test_panel_same_value_twice_is_no_warning():
    rows = list(panel_rows(_record(_figure(546, 10), _figure(546, 40))))
    assert [(r["value"], r["warning"]) for r in rows] == [(546, None)]


def _rows():
    return [
        {**dict.fromkeys(name for name, _ in PANEL_COLUMNS), "source": "a.txt", "key": "gdp_growth",
         "role": "target", "period": "2016", "value": Decimal("6.5"), "value_max": 7,
         "report_year": 2016, "start": 3, "end": 9, "text": "6.5%－7%", "unit": "%"},
        {**dict.fromkeys(name for name, _ in PANEL_COLUMNS), "source": "b.txt",
         "key": "requests_received", "value": 546, "report_year": 2012, "start": 0, "end": 4},
    ]


def test_panel_round_trips_through_csv():
    out = io.StringIO()
    write_panel(_rows(), stream=out)
    back = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [name for name, _ in PANEL_COLUMNS] == list(back[0])
    assert [(r["key"], Decimal(r["value"]), r["period"]) for r in back] == [
        ("gdp_growth", Decimal("6.5"), "2016"), ("requests_received", 546, "")]


def test_panel_round_trips_through_sqlite(tmp_path):
    path = tmp_path / "panel.sqlite"
    write_panel(_rows(), path)
    with sqlite3.connect(path) as db:
        got = db.execute('SELECT "key", "value", "value_max" FROM panel').fetchall()
    assert got == [("gdp_growth", 6.5, 7), ("requests_received", 546, None)]


def test_panel_round_trips_through_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "panel.parquet"
    write_panel(_rows(), path)
    table = pq.read_table(path).to_pydict()
    assert table["value"] == [Decimal("6.5"), Decimal(546)]
    assert table["key"] == ["gdp_growth", "requests_received"]


def test_parse_outputs_carry_key_and_period_columns():
    report = parse("二、2024年政府工作回顾\n去年，全省地区生产总值增长5.8%。", name="x.txt")
    adapter = pytest.importorskip("govreport_nlp.deliver.frames")
    frames = adapter.to_dataframe([report], relational=True)
    assert {"key", "period", "issuer_canonical", "region_code"} <= set(frames.indicators)
    assert {"issuer_canonical", "issuer_level", "region_code"} <= set(frames.reports)
    record = report.to_dict()
    assert {"key", "period"} <= set(record["indicators"][0])
    assert {"issuer_canonical", "issuer_level", "region_code"} <= set(record["meta"])


WORK = SHARED / "corpora" / "work_reports"
NATIONAL_GDP_TARGETS = [  # as announced in each report
    ("2016_guowuyuan.txt", [("2016", Decimal("6.5"), Decimal("7"))]),
    ("2019_guowuyuan.txt", [("2019", Decimal("6"), Decimal("6.5"))]),
    ("2020_guowuyuan.txt", []),  # no GDP target that year
    ("2024_guowuyuan.txt", [("2024", Decimal("5"), None)]),
]


def _gdp_targets(path, period=None):
    rows = panel([parse(path)]).long
    rows = rows[(rows.key == "gdp_growth") & (rows.role == "target")]
    if period is not None:
        rows = rows[rows.period == period]
    return [(r.period, Decimal(r.value_exact), None if r.value_max_exact is None
             else Decimal(r.value_max_exact)) for r in rows.itertuples()]


@needs_shared
@pytest.mark.parametrize(("name", "expected"), NATIONAL_GDP_TARGETS,
                         ids=[n for n, _ in NATIONAL_GDP_TARGETS])
def test_national_gdp_growth_targets(name, expected):
    assert _gdp_targets(WORK / name) == expected


PROVINCE_2026_TARGETS = [  # each province's 2026 annual GDP growth target as printed
    ("beijingshi", "5", None), ("zhejiangsheng", "5", "5.5"), ("guangdongsheng", "4.5", "5"),
    ("gansusheng", "5.5", None), ("henansheng", "5", None), ("hubeisheng", "5.5", None),
    ("xinjiangweiwuerzizhiqu", "5.5", "6"), ("tianjinshi", "4.5", None),
    ("liaoningsheng", "4.5", None), ("hainansheng", "6", None), ("xizangzizhiqu", "7", None),
    ("jiangxisheng", "5", "5.5"), ("heilongjiangsheng", "4.5", "5"), ("jiangsusheng", "5", None),
]


@needs_shared
@pytest.mark.parametrize(("province", "low", "high"), PROVINCE_2026_TARGETS,
                         ids=[p for p, _, _ in PROVINCE_2026_TARGETS])
def test_province_2026_annual_gdp_target_is_one_row(province, low, high):
    expected = [("2026", Decimal(low), None if high is None else Decimal(high))]
    assert _gdp_targets(WORK / f"2026_{province}.txt", period="2026") == expected


@needs_shared
def test_every_province_2026_report_has_one_annual_gdp_growth_target():
    import govreport_nlp.frames as frames  # the public name of the pandas adapter

    provinces = sorted(p for p in WORK.glob("2026_*.txt") if "guowuyuan" not in p.name)
    assert len(provinces) >= 30
    rows = frames.panel([parse(p) for p in provinces]).long
    rows = rows[(rows.key == "gdp_growth") & (rows.role == "target") & (rows.period == "2026")]
    counts = rows.groupby("source").size()
    assert sorted(counts.index) == sorted(str(p) for p in provinces)
    assert set(counts) == {1}


@needs_shared
def test_prose_era_and_template_era_fill_the_same_requests_column():
    paths = [SHARED / "corpora" / "written_cases" / "dongyang_2014.txt",
             SHARED / "corpora" / "info_disclosure" / "2024_huaianshi.txt"]
    wide = panel([parse(p) for p in paths]).wide
    column = wide[("requests_received", "", "2014")].dropna().tolist() + \
        wide[("requests_received", "", "2024")].dropna().tolist()
    assert column == [46, 3119]


REVIEWED_LEVELS = [  # (report, key, {period: value}) of a five-year review's 从X增加到Y
    ("2018_guowuyuan.txt", "gdp", {"2012": "54000000000000", "2017": "82700000000000"}),
    ("2018_guowuyuan.txt", "budget_revenue",
     {"2012": "11700000000000", "2017": "17300000000000"}),
    ("2013_guowuyuan.txt", "gdp", {"2007": "26600000000000", "2012": "51900000000000"}),
    ("2026_zhejiangsheng.txt", "budget_revenue", {"2020": "724800000000", "2025": "886500000000"}),
]


@needs_shared
@pytest.mark.parametrize(("name", "key", "levels"), REVIEWED_LEVELS,
                         ids=[f"{n}:{k}" for n, k, _ in REVIEWED_LEVELS])
def test_panel_dates_both_ends_of_a_reviewed_change(name, key, levels):
    """The start of 从X增加到Y is the level before the span reviewed: it joins that year's
    column, not the year the review ends in (where it would meet Y as a conflict)."""
    rows = panel([parse(WORK / name)]).long
    rows = rows[(rows.key == key) & rows.period.isin(list(levels))]
    got = {r.period: (Decimal(r.value_exact), r.warning) for r in rows.itertuples()}
    assert got == {period: (Decimal(value), None) for period, value in levels.items()}


# A flow (new jobs, poverty reduction) stated in a passage about the five years just past is
# their total: the nearest period marker before it decides (这五年/五年来 → the span; 过去一年,
# 今年 or a printed year → one year; a plan's name is no marker, a one-year review names the plan
# it closes).  Sentences from the corpus, shortened between the marker and the figure.
SPAN_TOTALS = [
    ("2016_guowuyuan", "过去五年，我国经济实力跃上新台阶。"
     "城镇新增就业人数超过6400万人", "超过6400万人",
     "城镇新增就业人数", "urban_new_jobs", 2016, "outcome", "2011-2015", "span_total"),
    ("2018_guowuyuan", "五年来，脱贫攻坚取得决定性进展。贫困人口减少6800多万", "6800多万",
     "贫困人口减少",
     "poverty_reduction", 2018, "outcome", "2013-2017", "span_total"),
    ("2026_jilinsheng", "这五年，民生福祉持续增进。财政支出中民生占比超过80%。"
     "城镇新增就业124.27万人",
     "124.27万人", "城镇新增就业", "urban_new_jobs", 2026, "outcome", "2021-2025", "span_total"),
    # the reduction of energy per unit of GDP compounds: over five years it is their total
    ("2023_guowuyuan", "过去五年，生态环境明显改善。单位国内生产总值能耗下降8.1%", "8.1%",
     "单位国内生产总值能耗下降", "energy_intensity_reduction", 2023, "outcome", "2018-2022",
     "span_total"),
    # after a one-year marker, the year's own figure
    ("2016_guowuyuan", "过去五年，成就显著。过去一年，经济运行总体平稳。"
     "特别是就业形势总体稳定，城镇新增就业1312万人",
     "1312万人", "城镇新增就业", "urban_new_jobs", 2016, "outcome", "2015",
     "outcome_year_before"),
    ("2026_gansusheng", "五年来，全省发展成就显著。2025年，经济运行稳中有进。"
     "民生工作扎实推进。城镇新增就业31.7万人", "31.7万人",
     "城镇新增就业", "urban_new_jobs", 2026, "outcome", "2025", "outcome_year_before"),
    # a plan's name is no marker; a target is the year's, whatever passage it follows
    ("2026_shanxisheng", "“十四五”圆满收官。地区生产总值增长5.1％，城镇新增就业44.1万人",
     "44.1万人", "城镇新增就业", "urban_new_jobs", 2026, "outcome", "2025",
     "outcome_year_before"),
    ("2026_yunnansheng", "今后五年，奋力谱写新篇章。城镇新增就业50万人以上", "50万人以上",
     "城镇新增就业",
     "urban_new_jobs", 2026, "target", "2026", "target_report_year"),
    # a flow's yearly average over the span is neither (no key: comparable False)
    ("2023_guowuyuan", "过去五年，就业形势保持稳定。城镇新增就业年均1270多万人", "1270多万人",
     "城镇新增就业年均", "urban_new_jobs", 2023, "outcome", None, "flow_average"),
    ("2008_guowuyuan", "五年来，就业规模扩大。平均每年城镇新增就业1000多万人", "1000多万人",
     "平均每年城镇新增就业", "urban_new_jobs", 2008, "outcome", None, "flow_average"),
    # a level or a rate in the same passage is the span's last year, not a total
    ("2016_guowuyuan", "过去五年，民生持续改善。城镇登记失业率4.05%", "4.05%", "城镇登记失业率",
     "urban_registered_unemployment", 2016, "outcome", "2015", "outcome_year_before"),
]


@pytest.mark.parametrize(
    ("source", "text", "figure", "name", "key", "year", "role", "period", "rule"),
    SPAN_TOTALS, ids=[f"{c[0]}:{c[2]}" for c in SPAN_TOTALS])
def test_span_totals(source, text, figure, name, key, year, role, period, rule):
    start = text.rindex(figure)
    decision = decide_period(text, start, start + len(figure), name=name, year=year,
                             genre=WR, role=role, key=key)
    assert (decision.period, decision.rule) == (period, rule)


FIVE_YEAR_JOBS = [  # (report, {period: new urban jobs}): the year's and the five years' totals
    ("2016_guowuyuan.txt", {"2015": "13120000", "2011-2015": "64000000"}),
    ("2021_guowuyuan.txt", {"2020": "11860000", "2016-2020": "60000000"}),
    ("2026_fujiansheng.txt", {"2025": "545800", "2021-2025": "2651500"}),
    ("2026_jilinsheng.txt", {"2025": "228900", "2021-2025": "1242700"}),
]


@needs_shared
@pytest.mark.parametrize(("name", "levels"), FIVE_YEAR_JOBS, ids=[n for n, _ in FIVE_YEAR_JOBS])
def test_panel_keeps_a_five_year_total_apart_from_the_year(name, levels):
    """Before, the five years' total joined the year's cell as a conflicting second statement."""
    rows = panel([parse(WORK / name)]).long
    rows = rows[(rows.key == "urban_new_jobs") & (rows.role == "outcome")
                & rows.period.isin(list(levels))]
    got = {r.period: (Decimal(r.value_exact), r.warning) for r in rows.itertuples()}
    assert got == {period: (Decimal(value), None) for period, value in levels.items()}


DISCLOSURE_PROSE_AND_FORM = [  # (report, key, value): prose and template agree, no warning
    ("2024_shanghaishikewei.txt", "requests_unavailable", "10"),
    ("2025_shanghaishizhengfubangongting.txt", "requests_unavailable", "564"),
    ("2025_shanghaishizhengfubangongting.txt", "requests_not_held", "513"),
]


@needs_shared
@pytest.mark.parametrize(("name", "key", "value"), DISCLOSURE_PROSE_AND_FORM,
                         ids=[f"{n}:{k}" for n, k, _ in DISCLOSURE_PROSE_AND_FORM])
def test_prose_unavailable_count_is_the_category_total(name, key, value):
    """无法提供 in prose counts the template's whole category; before, it was read as the one
    ground 本机关不掌握 and conflicted with that cell (564 against 513)."""
    rows = panel([parse(SHARED / "corpora" / "info_disclosure" / name)]).long
    row = rows[rows.key == key].iloc[0]
    assert (row.value_exact, row.warning) == (value, None)


# A change against a base year more than a year back is cumulative: no key's column holds it
# (2006 national: 2005年与2000年相比，国内生产总值增长57.3%，年均增长9.5% — the 9.5% is the
# span's average and keeps its key; 2008: 比2002年增长65.5%).
MULTI_YEAR = [
    ("2006_guowuyuan", "2005年与2000年相比，国内生产总值增长57.3%", "57.3%", "国内生产总值增长",
     2006, None, False),
    ("2008_guowuyuan", "2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%", "65.5%",
     "国内生产总值增长", 2008, None, False),
    ("2006_guowuyuan", "2005年与2000年相比，国内生产总值增长57.3%，年均增长9.5%", "9.5%",
     "国内生产总值年均增长", 2006, "2001-2005", True),
    ("2026_gansusheng", "全省地区生产总值达到13697.5亿元，较“十三五”末的9323.1亿元增加4374.4亿元，"
     "增长33.6%", "33.6%", "全省地区生产总值增长", 2026, None, False),
    ("x", "地区生产总值较2020年增长30%", "30%", "地区生产总值增长", 2026, None, False),
    # summed over years (累计) in the figure's own stretch or the sentence's opening frame
    ("2009_guowuyuan", "近三年累计，单位国内生产总值能耗下降10.08%", "10.08%",
     "单位国内生产总值能耗下降", 2009, None, False),
    ("2026_hunansheng", "地方一般公共预算收入累计超1.6万亿元", "超1.6万亿元",
     "地方一般公共预算收入", 2026, None, False),
    # another item's 累计 is not this figure's
    ("2026_neimengguzizhiqu", "这五年民生福祉不断增进。"
     "城镇新增就业累计106万人，常住人口城镇化率达到71.5%", "71.5%", "常住人口城镇化率", 2026,
     "2025", True),
    # one year on: the year's own rate
    ("x", "2024年比2023年增长5%", "5%", "地区生产总值增长", 2025, "2024", True),
    ("2009_guowuyuan", "国内生产总值比上年增长9%", "9%", "国内生产总值增长", 2009, "2008", True),
]


@pytest.mark.parametrize(("source", "text", "figure", "name", "year", "period", "comparable"),
                         MULTI_YEAR, ids=[f"{c[0]}:{c[2]}" for c in MULTI_YEAR])
def test_multi_year_change_is_not_comparable(source, text, figure, name, year, period,
                                             comparable):
    start = text.rindex(figure)
    decision = decide_period(text, start, start + len(figure), name=name, year=year,
                             genre=WR, role="outcome", key="gdp_growth")
    assert (decision.period, decision.comparable) == (period, comparable)


# A target in the part about the five-year plan beginning in the report's year is the plan's:
# a flow its five years' total, a level its last year's (2016 national, 2026 provinces).
PLAN_SECTION = [
    ("2026_henansheng", ("“十五五”时期经济社会发展的主要目标",), "城镇新增就业500万人以上",
     "500万人以上", "城镇新增就业", "urban_new_jobs", "2026-2030"),
    ("2026_guizhousheng", ("“十五五”时期的主要目标任务",), "常住人口城镇化率达63%左右",
     "63%左右", "常住人口城镇化率", "urbanization_rate", "2030"),
    ("2021_guowuyuan", ("“十三五”时期发展成就和“十四五”时期主要目标任务",),
     "单位国内生产总值能耗和二氧化碳排放分别降低13.5%", "13.5%", "单位国内生产总值能耗降低",
     "energy_intensity_reduction", "2021-2025"),
    # a title about the year as well, or naming the plan in passing: the year's target
    ("2026_liaoningsheng", ("“十五五”时期目标任务和2026年工作安排",), "城镇新增就业45万人以上",
     "45万人以上", "城镇新增就业", "urban_new_jobs", "2026"),
    ("2026_fujiansheng", ("一鼓作气勇争先，全力推动“十五五”开好局、起好步",), "城镇新增就业50万人",
     "50万人", "城镇新增就业", "urban_new_jobs", "2026"),
    # a rate keeps the year unless 年均 says the span
    ("2026_x", ("“十五五”时期的主要目标任务",), "居民消费价格涨幅2%左右", "2%左右",
     "居民消费价格涨幅", "cpi_growth", "2026"),
]


@pytest.mark.parametrize(("source", "section", "text", "figure", "name", "key", "period"),
                         PLAN_SECTION, ids=[f"{c[0]}:{c[3]}" for c in PLAN_SECTION])
def test_plan_section_targets(source, section, text, figure, name, key, period):
    start = text.rindex(figure)
    year = int(source[:4]) if source[:4].isdigit() else 2026
    decision = decide_period(text, start, start + len(figure), name=name, year=year,
                             genre=WR, role="target", key=key, section=section)
    assert decision.period == period

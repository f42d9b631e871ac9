"""Numeric expressions: the case table (tests/cases/numbers.jsonl), the issue's own examples,
and hypothesis invariants of parse_numeral and find_quantities."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govreport_nlp.figures.numbers import Quantity, find_quantities, parse_numeral
from govreport_nlp.models import Kind
from govreport_nlp.text.numerals import to_chinese

CASES_FILE = Path(__file__).parent / "cases" / "numbers.jsonl"
CASE_KEYS = {
    "source", "sentence", "text", "value", "value_max", "unit", "qualifier", "kind",
    "not_quantity", "group",
}
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line]


def _number(text: str | None) -> int | Decimal | None:
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else value


def _case_id(case: dict) -> str:
    sentence = case["sentence"].replace("\n", "⏎").strip()
    at = sentence.find(case["text"].replace("\n", "⏎"))
    snippet = sentence[max(0, at - 12) : at + len(case["text"]) + 6] if at >= 0 else sentence[:30]
    return f"{case['group']}:{Path(case['source']).stem}:{snippet}"


def _params(rows: list[dict]) -> list:
    params = []
    for case in rows:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        params.append(pytest.param(case, id=_case_id(case), marks=marks))
    return params


def _shown(quantity: Quantity) -> tuple:
    return (
        quantity.text, quantity.value, quantity.value_max, quantity.unit, quantity.qualifier,
        str(quantity.kind),
    )


# --- the table's schema ----------------------------------------------------------------------


def test_case_table_is_big_enough_and_well_formed() -> None:
    assert len(CASES) >= 400
    kinds = {str(k) for k in Kind}
    for case in CASES:
        assert CASE_KEYS <= set(case) <= CASE_KEYS | {"xfail"}, case
        assert isinstance(case["sentence"], str) and case["text"] in case["sentence"], case
        if case["not_quantity"]:
            assert case["value"] is None and case["kind"] is None, case
        else:
            assert isinstance(case["value"], str) and case["kind"] in kinds, case
            _number(case["value"]), _number(case["value_max"])  # parse as exact decimals


# --- the table --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _params([c for c in CASES if not c["not_quantity"]]))
def test_quantity(case: dict) -> None:
    expected = (
        case["text"], _number(case["value"]), _number(case["value_max"]), case["unit"],
        case["qualifier"], case["kind"],
    )
    found = [_shown(q) for q in find_quantities(case["sentence"])]
    assert expected in found


@pytest.mark.parametrize("case", _params([c for c in CASES if c["not_quantity"]]))
def test_not_a_quantity(case: dict) -> None:
    sentence, word = case["sentence"], case["text"]
    quantities = find_quantities(sentence)
    start = sentence.find(word)
    while start >= 0:
        end = start + len(word)
        assert not [q.text for q in quantities if q.start < end and start < q.end]
        start = sentence.find(word, start + 1)


# --- the examples written into issue 4 and the gold README ----------------------------------

ISSUE_EXAMPLES = [
    ("公开信息3.1万份", "3.1万份", 31000, None, "份", None),
    ("发放1.26万亿元", "1.26万亿元", 1260000000000, None, "元", None),
    ("服务1500多万次", "1500多万次", 15000000, None, "次", "多"),
    ("访问5万多人次", "5万多人次", 50000, None, "人次", "多"),
    ("覆盖3200多万职工", "3200多万职工", 32000000, None, "人", "多"),
    ("查阅30939查阅人次", "30939查阅人次", 30939, None, "人次", None),
    ("完成率百分之三十", "百分之三十", 30, None, "%", None),
    ("下降三成", "三成", 30, None, "%", None),
    ("误差千分之五", "千分之五", Decimal("0.5"), None, "%", None),
    ("超过一半", "超过一半", 50, None, "%", "超过"),
    ("出生率5.2‰", "5.2‰", Decimal("5.2"), None, "‰", None),
    ("每村1至2个", "1至2个", 1, 2, "个", None),
    ("补助3-5万元", "3-5万元", 30000, 50000, "元", None),
    ("比例10%—15%", "10%—15%", 10, 15, "%", None),
    ("用三到五年时间", "三到五年", 3, 5, "年", None),
    ("建成二三十个", "二三十个", 20, 30, "个", None),
    ("办结１２，３４５，６７８元", "１２，３４５，６７８元", 12345678, None, "元", None),
    ("办理1,244件", "1,244件", 1244, None, "件", None),
    ("粮食2.6万亿斤", "2.6万亿斤", 2600000000000, None, "斤", None),
    ("受理近500条", "近500条", 500, None, "条", "近"),
    ("达到98%以上", "98%以上", 98, None, "%", "以上"),
    ("两县全部摘帽", "两县", 2, None, "县", None),
    ("共一千二百三十四件", "一千二百三十四件", 1234, None, "件", None),
    ("培训二十余人次", "二十余人次", 20, None, "人次", "余"),
    ("十分之一的村", "十分之一", 10, None, "%", None),
    ("停运三年", "三年", 3, None, "年", None),
]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "value_max", "unit", "qualifier"),
    ISSUE_EXAMPLES,
    ids=[row[0] for row in ISSUE_EXAMPLES],
)
def test_issue_example(sentence, text, value, value_max, unit, qualifier) -> None:
    found = [_shown(q)[:5] for q in find_quantities(sentence)]
    assert (text, value, value_max, unit, qualifier) in found


ISSUE_REFUSALS = [
    "2012年", "2024年度", "1月1日至12月31日", "2024-02-02", "〔2019〕60号", "国令第711号",
    "第十四届", "第二次会议", "第二十条第（五）项", "一、", "（一）", "①", "一是",
    "电话：0517-87290606", "邮编：223100", "洪泽湖大道90号", "www.gov.cn/2024/12", "- 2 -",
    "“三深入两服务”", "“一日费用清单”", "“十四五”", "0号楼", "五星件率", "G20", "5G",
    "PM2.5", "三安全一稳定", "党的二十大", "一揽子", "一带一路", "进一步", "统一", "一体化",
    "一批", "2025\n年",
]


@pytest.mark.parametrize("sentence", ISSUE_REFUSALS, ids=ISSUE_REFUSALS)
def test_issue_refusal(sentence: str) -> None:
    assert find_quantities(sentence) == []


# Issue 17's own examples (from reports outside ../shared/corpora; the corpus rows are in the
# case table: groups not_policy_name, bare_magnitude, not_call_word, not_institute_number)
ISSUE_17_EXAMPLES = [
    ("共梳理229大项539小项", "229大项", 229, None, "大项", None),
    ("共梳理229大项539小项", "539小项", 539, None, "小项", None),
    ("涵盖8大类", "8大类", 8, None, "大类", None),
    ("培训近千人次", "近千人次", 1000, None, "人次", "近"),
    ("受理热线电话11通，", "11通", 11, None, "通", None),
    ("开展活动42场次", "42场次", 42, None, "场次", None),
    ("72小时内办结", "72小时", 72, None, "小时", None),
    ("缩短至240小时", "240小时", 240, None, "小时", None),
    ("开通地铁线路3条", "3条", 3, None, "条", None),
]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "value_max", "unit", "qualifier"),
    ISSUE_17_EXAMPLES,
    ids=[f"{row[0]}:{row[1]}" for row in ISSUE_17_EXAMPLES],
)
def test_issue_17_example(sentence, text, value, value_max, unit, qualifier) -> None:
    found = [_shown(q)[:5] for q in find_quantities(sentence)]
    assert (text, value, value_max, unit, qualifier) in found


ISSUE_17_REFUSALS = [
    "落地实施240小时过境免签政策", "144小时过境免签", "拨打12345通过热线反映", "株洲608所研制",
    "0号楼", "地铁3号线", "第608所",
]


@pytest.mark.parametrize("sentence", ISSUE_17_REFUSALS, ids=ISSUE_17_REFUSALS)
def test_issue_17_refusal(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_durations_and_years_are_told_apart() -> None:
    kinds = {q.text: q.kind for q in find_quantities("经过八年持续努力，2012年至2016年")}
    assert kinds == {"八年": Kind.DURATION}


# --- parse_numeral --------------------------------------------------------------------------

PARSE_EXAMPLES = [
    ("3.1万", 31000), ("一千二百三十四", 1234), ("两", 2), ("俩", 2), ("〇", 0), ("零", 0),
    ("十二", 12), ("1.26万亿", 1260000000000), ("5万", 50000), ("一万五", 15000),
    ("二〇二四", 2024), ("三点一四", Decimal("3.14")), ("１２，３４５，６７８", 12345678),
    ("1亿2345万", 123450000), ("一亿零五百万", 105000000), ("壹佰贰拾叁", 123),
]


@pytest.mark.parametrize(("text", "value"), PARSE_EXAMPLES, ids=[p[0] for p in PARSE_EXAMPLES])
def test_parse_numeral(text: str, value) -> None:
    assert parse_numeral(text) == value
    assert type(parse_numeral(text)) is type(value)


@pytest.mark.parametrize("text", ["", "进一步", "万", "五十十", "1,2345", "一二三四五六七八九十"])
def test_parse_numeral_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_numeral(text)


_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
integers = st.integers(min_value=0, max_value=10**15)


@given(integers)
def test_parse_arabic_and_full_width(value: int) -> None:
    assert parse_numeral(str(value)) == value
    assert parse_numeral(str(value).translate(_FULL_WIDTH)) == value
    assert parse_numeral(f"{value:,}") == value


@given(integers)
def test_parse_chinese(value: int) -> None:
    assert parse_numeral(to_chinese(value)) == value


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["万", "亿", "万亿"]))
def test_parse_mixed_magnitude(mantissa: int, magnitude: str) -> None:
    factor = {"万": 10**4, "亿": 10**8, "万亿": 10**12}[magnitude]
    assert parse_numeral(f"{mantissa}{magnitude}") == mantissa * factor
    assert parse_numeral(f"{to_chinese(mantissa)}{magnitude}") == mantissa * factor


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_parse_decimals(value: Decimal) -> None:
    written = format(value, "f")
    assert parse_numeral(written) == value
    assert parse_numeral(written.translate(_FULL_WIDTH)) == value
    whole, _, fraction = written.partition(".")
    chinese = to_chinese(int(whole))
    if fraction:
        chinese += "点" + "".join("零一二三四五六七八九"[int(d)] for d in fraction)
    assert parse_numeral(chinese) == value
    mixed = value * 10000  # 3.1万 style
    assert parse_numeral(written + "万") == mixed


@given(st.integers(min_value=0, max_value=10**8 - 1), st.integers(min_value=1, max_value=9999))
def test_parse_yi_wan_sections(high: int, low: int) -> None:
    assert parse_numeral(f"{high + 1}亿{low}万") == (high + 1) * 10**8 + low * 10**4


# --- find_quantities invariants ------------------------------------------------------------

_ALPHABET = (
    "0123456789０１２３４５６７８９.,，%％一二三四五六七八九十百千万亿两零〇点分之成半"
    "近约超过突破余多以上左右不到至到-—个件条人次元亿元年月日第号届“”（）、。\n 增长下降提高"
    "的公开申请政府信息"
)


@settings(max_examples=300)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_spans_slice_back_and_ranges_are_ordered(text: str) -> None:
    previous_end = 0
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start <= quantity.number_start < quantity.number_end <= quantity.end
        assert quantity.start >= previous_end
        previous_end = quantity.end
        assert isinstance(quantity.value, int | Decimal)
        if quantity.value_max is not None:
            assert quantity.value_max >= quantity.value


# Figures printed with no measure word (counted_nouns.tsv): counted nouns after and before the
# figure, lists, 由X到Y, money measures — every figure comes out with a unit or not at all.
_UNITLESS_ALPHABET = (
    "0123456789.一二三四五六七八九十百千万亿两几多余以上左右近超突破、和及的，。 \n"
    "农牧民残疾人儿女中国学生群众对象户产值总量生产总值投资人才增加到由从达关口台阶"
)


@settings(max_examples=300)
@given(st.text(alphabet=_UNITLESS_ALPHABET, max_size=50))
@example("0百关二人")  # the bare 0百 took 二人's noun and overlapped it
def test_every_figure_has_a_unit(text: str) -> None:
    previous_end = 0
    for quantity in find_quantities(text):
        assert quantity.unit, quantity
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start >= previous_end
        previous_end = quantity.end


# A measure word on the next line: a PDF hard wrap (the corpus cases, 2024 disclosure reports)
# keeps it; a table row's number above the next row's label does not lend it (issue 19).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("政府信息公开行政复议 351\n件，其中结果维持", [("351\n件", 351, "件")]),  # 2024_huaianshi
        ("其中原创文章 294\n篇，微信公众号", [("294\n篇", 294, "篇")]),  # 2024_shanghaishikewei
        ("公开政府常务会议 7\n期，解读信息发布", [("7\n期", 7, "期")]),  # 2024_hongzequ
        ("全市在运维政务新媒体共计 95\n个，在省办", [("95\n个", 95, "个")]),  # 2024_huaianshi
        ("共计95\n个政务新媒体", [("95\n个", 95, "个")]),  # 个 is a word by itself there
        ("专项资金 1,252,300\n项目名称 金额", []),  # the next row's label 项目
        ("一般公共预算支出 1,252,300\n项目支出", []),
    ],
    ids=lambda v: repr(v)[:30] if isinstance(v, str) else "",
)
def test_a_unit_on_the_next_line_is_taken_only_as_a_word_of_its_own(
    text: str, expected: list[tuple[str, int, str]]
) -> None:
    found = [(q.text, q.value, q.unit) for q in find_quantities(text)]
    assert found == expected

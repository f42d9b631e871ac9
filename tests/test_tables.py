"""Template tables: label matching, every source format, the identities, the check command."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED, needs_shared
from govreport_nlp.cli import main as cli_main
from govreport_nlp.models import Cell, Table, TableRef
from govreport_nlp.tables import template
from govreport_nlp.tables.cells import (
    TemplateCell,
    check_template,
    extract_template,
    extract_template_cells,
)
from govreport_nlp.tables.restate import link_restatements, match_restatement

DISCLOSURE = SHARED / "corpora" / "info_disclosure"
GOLD = SHARED / "gold" / "dev"


def _values(cells) -> dict[tuple[str, str, str], object]:
    return {(c.table, c.row, c.column): c.value for c in cells}


def _assert_spans(text: str, cells) -> None:
    for c in cells:
        assert text[c.start : c.end] == c.text, c
        digits = c.text.lstrip("+-－＋−")  # 本年增/减 may print a sign
        assert (digits.strip() and digits[0].isdigit()) or digits[0] in "０１２３４５６７８９"


# --- label matching ---------------------------------------------------------------------------

LABELS = [
    ("T3", "一、本年新收政府信息公开申请数量", "new_requests"),
    ("T3", "2.其他法律行政止公开", "withheld_prohibited_by_law"),  # PDF lost 法规禁
    ("T3", "（三）不 4.保护第三方合法权益", "withheld_third_party"),  # group header glued on
    ("T3", "予公开 5.属于三类内部事务信息", "withheld_internal_affairs"),
    ("T3", "5.要求行政机关确认或重 新出具\n已获取信息", "unprocessed_confirmation"),
    ("T3", "行政机关不再处理其政府信息公", "other_overdue_supplement"),
    ("T3", "缴纳费用、 行政机关不再处理其政", "other_unpaid_fee"),
    ("T3", "计其他情形）", "partially_disclosed"),  # tail of the wording after a line break
    ("T3", "3、其他", "other"),
    ("T3", "（六）其他处理", "other_processing"),
    ("T3", "（七）总计", "handled_total"),
    ("T3", "四、结转下年度继续办理", "carried_forward"),
    ("T2", "规范性文件", "normative_documents"),
    ("T2", "行政事业性收费", "fees"),
]


@pytest.mark.parametrize(("table", "label", "key"), LABELS, ids=[x[1] for x in LABELS])
def test_match_row(table: str, label: str, key: str) -> None:
    match = template.match_row(table, label)
    assert match is not None and match.key == key


NOT_LABELS = ["申请人情况", "法人或其他组织", "行政", "信息内容"]


@pytest.mark.parametrize("label", NOT_LABELS, ids=NOT_LABELS)
def test_not_a_row(label: str) -> None:
    assert template.match_row("T3", label) is None


def test_licensing_is_not_punishment() -> None:
    assert template.match_row("T2", "行政处罚").key == "punishment"


def test_template_keys_match_the_spec() -> None:
    spec = SHARED / "spec" / "disclosure_template.tsv"
    if not spec.is_file():
        pytest.skip("../shared/spec is not beside the project")
    keys = set()
    for line in spec.read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith("#") and not line.startswith("table\t"):
            t, axis, key, *_ = line.split("\t")
            keys.add((t, axis, key))
    ours = {(t, "row", r.key) for t in template.TABLES for r in template.rows(t)}
    ours |= {(t, "column", c) for t in template.TABLES for c in template.columns(t)}
    extensions = template.extension_keys()
    assert ours - extensions == keys  # every spec key, nothing else unmarked
    assert not extensions & keys  # an extension never shadows a spec key
    assert extensions == {
        ("T2", "row", "other_services"), ("T2", "row", "procurement"),
        ("T2", "column", "published"), ("T2", "column", "items_last_year"),
        ("T2", "column", "items_change"), ("T2", "column", "procurement_items"),
        ("T2", "column", "procurement_amount"),
    }


# --- flattened PDF text -----------------------------------------------------------------------

PDF_TEXT = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 3 0 8
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 7730.28
三、收到和处理政府信息公开申请情况
申请人情况
自然人
一、本年新收政府信息公开申请数量 12 1 0 0 0 0 13
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三
、
本
年
度
（一）予以公开 5 1 0 0 0 0 6
（二）部分公开（区分处理的，只计这一情 形，不
计其他情形） 2 0 0 0 0 0 2
- 4 -
（七）总计 7 1 0 0 0 0 8
四、结转下年度继续办理 5 0 0 0 0 0 5
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果
维持
审结 总 计
1 1 0 0 2 1 0 0 0 1 2 0 1 0 3
五、存在的主要问题及改进情况
2024 年仍存在不足 5
"""


def test_pdf_text_cells() -> None:
    result = extract_template(PDF_TEXT)
    values = _values(result.cells)
    assert values[("T2", "normative_documents", "in_force")] == 8
    assert values[("T2", "fees", "amount")] == 77302800  # 7730.28 万元
    assert values[("T3", "new_requests", "total")] == 13
    assert values[("T3", "disclosed", "commercial")] == 1
    assert values[("T3", "partially_disclosed", "natural_person")] == 2  # label over two lines
    assert values[("T3", "carried_forward", "natural_person")] == 5
    assert values[("T4", "cases", "suit_after_review_total")] == 3
    assert len([c for c in result.cells if c.table == "T4"]) == 15
    _assert_spans(PDF_TEXT, result.cells)
    fee = next(c for c in result.cells if c.row == "fees")
    assert (fee.text, fee.unit) == ("7730.28", "元")


def test_pdf_text_one_cell_per_line() -> None:
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n" + "\n".join(
        ["4", "0", "0", "0", "0", "1", "5"]
    )
    values = _values(extract_template_cells(text))
    assert values[("T3", "new_requests", "other_org")] == 1
    assert values[("T3", "new_requests", "total")] == 5


# --- Markdown pipe tables from a PDF-to-Markdown converter ------------------------------------

MARKDOWN = """二、主动公开政府信息情况
22
（其中修订 16 件）
55
（含自然失效 29 件）
行政许可 0
## 表二：主动公开政府信息情况
| 规章 | 22 | 235 |
|---|---|---|
| 行政规范性文件 | 34 | 189 |

三、收到和处理政府信息公开申请情况
| 一、本年新收政府信息公开申请数量 | 10 | 0 | 0 | 0 | 0 | 0 | 10 |
|---|---|---|---|---|---|---|---|
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 三、 | （一）予以公开 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （三）不 | 1.属于国家秘密 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |  |
| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 |  |
"""


def test_markdown_pipe_cells() -> None:
    result = extract_template(MARKDOWN)
    values = _values(result.cells)
    assert values[("T2", "rules", "issued")] == 22
    assert values[("T2", "rules", "in_force")] == 235
    assert ("T2", "rules", "repealed") not in values  # its cell was lost
    assert values[("T2", "normative_documents", "repealed")] == 55  # printed apart from its row
    assert values[("T3", "disclosed", "total")] == 6  # "三、" cell before the label
    assert values[("T3", "partially_disclosed", "total")] == 0  # row without a label: next row
    assert values[("T3", "withheld_state_secret", "natural_person")] == 3
    assert values[("T3", "carried_forward", "natural_person")] == 2
    assert ("T3", "carried_forward", "total") not in values
    assert any("carried_forward.total" in w for w in result.warnings)
    _assert_spans(MARKDOWN, result.cells)


# --- structured tables (HTML / DOCX / PDF through the loader, or models.Table directly) -------


def _table(text: str, rows: list[list[str]]) -> tuple[str, Table]:
    """Append rows to ``text`` as tab-separated lines, as the loader does, with Cell offsets."""
    cells_rows = []
    for row in rows:
        line_cells = []
        for i, cell in enumerate(row):
            if i:
                text += "\t"
            line_cells.append(Cell(cell, len(text), len(text) + len(cell)))
            text += cell
        text += "\n"
        cells_rows.append(tuple(line_cells))
    return text, Table(tuple(cells_rows))


def test_models_table_with_empty_middle_cell() -> None:
    """The header places the empty cell under 本年废止件数: it is a blank 0 (issue 14)."""
    text, table = _table(
        "二、主动公开政府信息情况\n",
        [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "22", "", "235"]],
    )
    cells = extract_template_cells(text, [table])
    assert _values(cells) == {("T2", "rules", "issued"): 22, ("T2", "rules", "repealed"): 0,
                              ("T2", "rules", "in_force"): 235}
    assert [c.column for c in cells if c.blank] == ["repealed"]


def test_models_table_without_title_is_recognised_by_its_rows() -> None:
    text, table = _table(
        "",
        [
            ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
            ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
            ["三、本年度办理结果", "（一）予以公开", "3", "0", "0", "0", "0", "0", "3"],
        ],
    )
    cells = extract_template_cells(text, [table])
    assert _values(cells)[("T3", "disclosed", "total")] == 3
    _assert_spans(text, cells)


def test_html_table_through_the_loader() -> None:
    load = pytest.importorskip("govreport_nlp.read.load").load
    pytest.importorskip("bs4")
    numbers = ["1", "0", "1", "0", "2"] + ["0"] * 5 + ["3", "0", "0", "0", "3"]
    row = "".join(f"<td>{v}</td>" for v in numbers)
    html = (
        "<html><body><h3>四、政府信息公开行政复议、行政诉讼情况</h3><table>"
        "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        f"<tr>{row}</tr></table><p>五、存在的主要问题及改进情况</p></body></html>"
    )
    doc = load(html.encode("utf-8"), name="t4.html")
    cells = extract_template_cells(doc.text, doc.tables)
    values = _values(cells)
    assert values[("T4", "cases", "review_total")] == 2
    assert values[("T4", "cases", "suit_after_review_upheld")] == 3
    _assert_spans(doc.text, cells)
    assert all(c.ok for c in check_template(cells))


def test_docx_table_through_the_loader(tmp_path) -> None:
    docx = pytest.importorskip("docx")
    load = pytest.importorskip("govreport_nlp.read.load").load
    document = docx.Document()
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=4, cols=4)
    data = [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
        ["行政规范性文件", "8", "26", "66"],
    ]
    for r, values in enumerate(data):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    fee = document.add_table(rows=2, cols=2)
    fee.cell(0, 0).text, fee.cell(0, 1).text = "信息内容", "本年收费金额（单位：万元）"
    fee.cell(1, 0).text, fee.cell(1, 1).text = "行政事业性收费", "96171.6"
    path = tmp_path / "t2.docx"
    document.save(path)
    doc = load(str(path))
    cells = extract_template_cells(doc.text, doc.tables)
    values = _values(cells)
    assert values[("T2", "normative_documents", "repealed")] == 26
    assert values[("T2", "rules", "in_force")] == 11
    assert values[("T2", "fees", "amount")] == 961716000
    _assert_spans(doc.text, cells)


# --- checks -----------------------------------------------------------------------------------


def _cell(table: str, row: str, column: str, value) -> TemplateCell:
    return TemplateCell(table, row, column, value, "件", 0, len(str(value)), str(value))


def test_balance_check_reports_the_numbers() -> None:
    cells = [
        _cell("T3", "new_requests", "natural_person", 120),
        _cell("T3", "carried_over", "natural_person", 6),
        _cell("T3", "handled_total", "natural_person", 118),
        _cell("T3", "carried_forward", "natural_person", 8),
    ]
    (check,) = check_template(cells)
    assert check.rule == (
        "T3.natural_person: new_requests + carried_over == handled_total + carried_forward"
    )
    assert (check.ok, check.detail) == (True, "120 + 6 == 118 + 8")


def test_identities_with_a_missing_cell_are_not_checked() -> None:
    cells = [_cell("T3", "new_requests", "natural_person", 1)]
    assert check_template(cells) == []


def test_t4_totals_and_row_totals() -> None:
    text = "四、政府信息公开行政复议、行政诉讼情况\n10 1 0 0 0 0 0 0 0 0 5 0 0 0 0\n"
    checks = check_template(extract_template_cells(text))
    failing = {c.rule: c.detail for c in checks if not c.ok}
    assert failing == {
        "T4: review_total == review_upheld + review_corrected + review_other + review_pending":
            "0 != 10 + 1 + 0 + 0",
        "T4: suit_after_review_total == suit_after_review_upheld + suit_after_review_corrected"
        " + suit_after_review_other + suit_after_review_pending": "0 != 5 + 0 + 0 + 0",
    }


def test_fee_expansion_is_exact() -> None:
    text = "二、主动公开政府信息情况\n行政事业性收费 0.05\n"
    (fee,) = extract_template_cells(text)
    assert fee.value == 500 and isinstance(fee.value, int)
    text = "二、主动公开政府信息情况\n行政事业性收费 0.00001\n"
    (fee,) = extract_template_cells(text)
    assert fee.value == Decimal("0.1")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 99999), min_size=7, max_size=7),
    st.sampled_from([" ", "  ", "\t", "\u3000"]),
)
def test_t3_row_round_trip(values: list[int], gap: str) -> None:
    line = gap.join(map(str, values))
    text = f"三、收到和处理政府信息公开申请情况\n（一）予以公开{gap}{line}\n"
    cells = extract_template_cells(text)
    assert [c.value for c in cells] == values
    _assert_spans(text, cells)


# --- restatements -----------------------------------------------------------------------------

RESTATEMENTS = [
    ("全年共受理政府信息公开申请", ("T3", "new_requests", ("total",))),
    ("本年度新收政府信息公开申请", ("T3", "new_requests", ("total",))),
    ("办结 1191 件（含上年结转", ("T3", "carried_over", ("total",))),
    ("市政府共受理政府信息公开申请 1295 件，办结", ("T3", "handled_total", ("total",))),
    ("结转下年度", ("T3", "carried_forward", ("total",))),
    ("因政府信息公开被申请行政复议", ("T4", "cases", ("review_total",))),
    ("被提起行政诉讼", ("T4", "cases", ("direct_suit_total", "suit_after_review_total"))),
    ("全年主动公开市政府规章", ("T2", "rules", ("issued",))),
    ("所有办结的信息公开申请中同意公开答复", ("T3", "disclosed", ("total",))),
    ("部分公开答复", ("T3", "partially_disclosed", ("total",))),
    ("转下一\n年度办理答复的有", ("T3", "carried_forward", ("total",))),
    ("市政府及市政府办公厅行\n政规范性文件", ("T2", "normative_documents", ("issued",))),
    # issue 14: the in_force column is named by 现行有效, not the issued one
    ("截至年底，现行有效行政规范性文件", ("T2", "normative_documents", ("in_force",))),
    ("现行有效规章", ("T2", "rules", ("in_force",))),
]


@pytest.mark.parametrize(("context", "expected"), RESTATEMENTS, ids=[r[0] for r in RESTATEMENTS])
def test_match_restatement(context: str, expected) -> None:
    found = match_restatement(context)
    assert found is not None and (found.table, found.row, found.columns) == expected


NOT_RESTATEMENTS = [
    "其中，予以公开及部分公开",
    "不予公开答复",  # a sum of eight rows, not one cell
    "无法提供答复",
    "共发布各类信息",
    "刊登市政府规章、市政府部门行政规范性文件等",
    # issue 14: a gazette's or a department's documents are not the body's T2 row
    "《政府公报》全年刊登部门规范性文件",
    "公报刊登规范性文件",
    "各部门规章",
]


@pytest.mark.parametrize("context", NOT_RESTATEMENTS, ids=NOT_RESTATEMENTS)
def test_not_a_restatement(context: str) -> None:
    assert match_restatement(context) is None


# --- the check command ------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    return cli_main(argv)


def test_check_command(tmp_path, capsys) -> None:
    good = tmp_path / "good.txt"
    title = "四、政府信息公开行政复议、行政诉讼情况\n"
    good.write_text(title + "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(title + "1 0 0 0 2 0 0 0 0 0 0 0 0 0 0\n", encoding="utf-8")
    assert _cli(["check", str(good)]) == 0
    assert _cli(["check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "bad.txt" in out and "2 != 1 + 0 + 0 + 0" in out and "good.txt" not in out


# --- the real reports -------------------------------------------------------------------------

CORPUS_TXT = [
    "2023_hongzequ.txt",
    "2024_hongzequ.txt",
    "2024_huaianshi.txt",
    "2024_shanghaishikewei.txt",
    "2025_shanghaishizhengfubangongting.txt",
]
CORPUS_PDF = ["2023_hongzequ.pdf", "2024_hongzequ.pdf", "2024_huaianshi.pdf"]


def _read(name: str) -> str:
    return (DISCLOSURE / name).read_text(encoding="utf-8-sig")


def _load_pdf(name: str):
    load = pytest.importorskip("govreport_nlp.read.load").load
    return load(str(DISCLOSURE / "raw_formats" / name))


def _gold(name: str) -> list[tuple[tuple[str, str, str], object]]:
    gold = json.loads((GOLD / name).read_text(encoding="utf-8"))
    return [((g["table"], g["row"], g["column"]), g["value"]) for g in gold["table_cells"]]


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("source", ["txt", "pdf"])
def test_hongze_2024_every_gold_cell(source: str) -> None:
    if source == "txt":
        text = (DISCLOSURE / "2024_hongzequ.txt").open(encoding="utf-8-sig", newline="").read()
        cells = extract_template_cells(text)
    else:
        doc = _load_pdf("2024_hongzequ.pdf")
        text = doc.text
        cells = extract_template_cells(doc.text, doc.tables)
    values = _values(cells)
    gold = _gold("hongze_2024.json")
    wrong = [(k, v, values.get(k)) for k, v in gold if values.get(k) != v]
    assert wrong == []
    assert len(cells) == len(gold)
    _assert_spans(text, cells)


@needs_shared
@pytest.mark.corpus
def test_shanghai_office_2025_gold_cells() -> None:
    text = (DISCLOSURE / "2025_shanghaishizhengfubangongting.txt").open(
        encoding="utf-8-sig", newline=""
    ).read()
    values = _values(extract_template_cells(text))
    gold = _gold("shanghai_office_2025.json")
    wrong = [(k, v, values.get(k)) for k, v in gold if values.get(k) != v]
    assert wrong == []


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_TXT + CORPUS_PDF, ids=CORPUS_TXT + CORPUS_PDF)
def test_corpus_report_yields_three_tables(name: str) -> None:
    if name.endswith(".pdf"):
        doc = _load_pdf(name)
        text, cells = doc.text, extract_template_cells(doc.text, doc.tables)
    else:
        text = _read(name)
        cells = extract_template_cells(text)
    tables = {c.table for c in cells}
    assert tables == {"T2", "T3", "T4"}
    assert len([c for c in cells if c.table == "T4"]) == 15
    assert len([c for c in cells if c.table == "T3"]) >= 160
    _assert_spans(text, cells)


# The 2023 洪泽区 report prints T4 as 10 1 0 0 | 0 ... 5 0 0 0 | 0: both totals are 0 although
# their parts are not (checked against the PDF itself). The check must report it.
INCONSISTENT = {"2023_hongzequ.txt", "2023_hongzequ.pdf"}


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_TXT + CORPUS_PDF, ids=CORPUS_TXT + CORPUS_PDF)
def test_corpus_checks(name: str) -> None:
    if name.endswith(".pdf"):
        doc = _load_pdf(name)
        cells = extract_template_cells(doc.text, doc.tables)
    else:
        cells = extract_template_cells(_read(name))
    checks = check_template(cells)
    assert len(checks) > 20
    failing = sorted(c.rule.split(":")[0] + ":" + c.rule.split(":")[1].split("==")[0].strip()
                     for c in checks if not c.ok)
    if name in INCONSISTENT:
        assert failing == ["T4:review_total", "T4:suit_after_review_total"]
    else:
        assert failing == []


@needs_shared
@pytest.mark.corpus
def test_check_command_over_the_corpus(capsys) -> None:
    assert _cli(["check", *(str(DISCLOSURE / n) for n in CORPUS_TXT)]) == 1
    out = capsys.readouterr().out
    assert "2023_hongzequ.txt" in out
    assert "2024_hongzequ.txt" not in out


@needs_shared
@pytest.mark.corpus
def test_blank_template_docx_has_no_cells() -> None:
    load = pytest.importorskip("govreport_nlp.read.load").load
    doc = load(str(DISCLOSURE / "raw_formats" / "template_nianbao_geshi.docx"))
    result = extract_template(doc.text, doc.tables)
    assert result.cells == ()
    assert "T3: table not found" in result.warnings


def test_link_restatements_agrees_and_disagrees() -> None:
    from govreport_nlp.models import Indicator, Kind, TableRef

    text = (
        "全年共受理政府信息公开申请 13 件，上年结转 2 件。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 12 1 0 0 0 0 13\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    )
    cells = extract_template_cells(text)

    def figure(number: str) -> Indicator:
        start = text.index(number + " 件")
        return Indicator(start, start + len(number) + 2, number + " 件", int(number), None, "件",
                         None, "", None, Kind.COUNT)

    linked = link_restatements([figure("13"), figure("2")], cells, text=text)
    assert [(i.restates, i.agrees) for i in linked] == [
        (TableRef("T3", "new_requests", "total"), True),
        (TableRef("T3", "carried_over", "total"), False),
    ]


# --- the 2019 template (国办公开办函〔2019〕60号: reports on 2019 and 2020) ---------------------
# Its T2 prints other columns than the 2021 one (本年新制作数量 / 本年新公开数量 / 对外公开总数量;
# 上一年项目数量 / 本年增/减 / 处理决定数量; fees without an amount; 政府集中采购), its T3 prints
# （六）其他处理 as one row, its T4 is the same.  Laid out as a PDF-to-text converter prints it:
# header cells broken over lines, the vertical 三、本年度办理结果 one character per line.

PDF_2019 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新
制作数量
本年新
公开数量 对外公开总数量
规章 2 2 31
规范性文件 14 14 126
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 215 -3 4286
其他对外管理服务事项 37 2 512
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 1032 15 2190
行政强制 48 0 57
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 12 -1
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 6 251000元
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，
等于第三项加第四项之和）
申请人情况
自然人
法人或其他组织
总计
商业
企业
科研
机构
社会公
益组织
法律服
务机构
其他
一、本年新收政府信息公开申请数量 88 6 0 1 2 0 97
二、上年结转政府信息公开申请数量 3 0 0 0 0 0 3
三
、
本
年
度
办
理
结
果
（一）予以公开 40 3 0 1 1 0 45
（二）部分公开（区分处理的，只计这一情形，不计其他
情形） 5 0 0 0 0 0 5
（三）不予公开
1.属于国家秘密 0 0 0 0 0 0 0
2.其他法律行政法规禁止公开 1 0 0 0 0 0 1
3.危及“三安全一稳定” 0 0 0 0 0 0 0
4.保护第三方合法权益 2 0 0 0 0 0 2
5.属于三类内部事务信息 1 0 0 0 0 0 1
6.属于四类过程性信息 3 1 0 0 0 0 4
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 2 0 0 0 0 0 2
（四）无法提供
1.本机关不掌握相关政府信息 20 1 0 0 1 0 22
2.没有现成信息需要另行制作 3 0 0 0 0 0 3
3.补正后申请内容仍不明确 1 0 0 0 0 0 1
（五）不予处理
1.信访举报投诉类申请 4 0 0 0 0 0 4
2.重复申请 2 0 0 0 0 0 2
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 1 0 0 0 0 0 1
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
（六）其他处理 2 1 0 0 0 0 3
（七）总计 87 6 0 1 2 0 96
四、结转下年度继续办理 4 0 0 0 0 0 4
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果
维持
结果
纠正
其他
结果
尚未
审结
总计
未经复议直接起诉 复议后起诉
3 1 0 1 5 2 0 1 0 3 1 0 0 1 2
五、存在的主要问题及改进情况
"""

T2_2019 = {
    ("rules", "issued"): 2, ("rules", "published"): 2, ("rules", "in_force"): 31,
    ("normative_documents", "issued"): 14, ("normative_documents", "published"): 14,
    ("normative_documents", "in_force"): 126,
    ("licensing", "items_last_year"): 215, ("licensing", "items_change"): -3,
    ("licensing", "decisions"): 4286,
    ("other_services", "items_last_year"): 37, ("other_services", "items_change"): 2,
    ("other_services", "decisions"): 512,
    ("punishment", "items_last_year"): 1032, ("punishment", "items_change"): 15,
    ("punishment", "decisions"): 2190,
    ("enforcement", "items_last_year"): 48, ("enforcement", "items_change"): 0,
    ("enforcement", "decisions"): 57,
    ("fees", "items_last_year"): 12, ("fees", "items_change"): -1,
    ("procurement", "procurement_items"): 6, ("procurement", "procurement_amount"): 251000,
}
T3_2019 = {
    "new_requests": (88, 6, 0, 1, 2, 0, 97),
    "carried_over": (3, 0, 0, 0, 0, 0, 3),
    "disclosed": (40, 3, 0, 1, 1, 0, 45),
    "partially_disclosed": (5, 0, 0, 0, 0, 0, 5),
    "withheld_state_secret": (0,) * 7,
    "withheld_prohibited_by_law": (1, 0, 0, 0, 0, 0, 1),
    "withheld_security_stability": (0,) * 7,
    "withheld_third_party": (2, 0, 0, 0, 0, 0, 2),
    "withheld_internal_affairs": (1, 0, 0, 0, 0, 0, 1),
    "withheld_process_info": (3, 1, 0, 0, 0, 0, 4),
    "withheld_enforcement_files": (0,) * 7,
    "withheld_query_matters": (2, 0, 0, 0, 0, 0, 2),
    "unavailable_not_held": (20, 1, 0, 0, 1, 0, 22),
    "unavailable_needs_creation": (3, 0, 0, 0, 0, 0, 3),
    "unavailable_unclear": (1, 0, 0, 0, 0, 0, 1),
    "unprocessed_petition": (4, 0, 0, 0, 0, 0, 4),
    "unprocessed_duplicate": (2, 0, 0, 0, 0, 0, 2),
    "unprocessed_publication": (0,) * 7,
    "unprocessed_mass_repeated": (1, 0, 0, 0, 0, 0, 1),
    "unprocessed_confirmation": (0,) * 7,
    "other_processing": (2, 1, 0, 0, 0, 0, 3),
    "handled_total": (87, 6, 0, 1, 2, 0, 96),
    "carried_forward": (4, 0, 0, 0, 0, 0, 4),
}
T4_2019 = (3, 1, 0, 1, 5, 2, 0, 1, 0, 3, 1, 0, 0, 1, 2)


def _expected_2019() -> dict[tuple[str, str, str], object]:
    expected: dict[tuple[str, str, str], object] = {
        ("T2", row, column): value for (row, column), value in T2_2019.items()
    }
    t3, t4 = template.columns("T3"), template.columns("T4")
    for row, values in T3_2019.items():
        expected.update({("T3", row, c): v for c, v in zip(t3, values, strict=True)})
    expected.update({("T4", "cases", c): v for c, v in zip(t4, T4_2019, strict=True)})
    return expected


def test_2019_pdf_text_every_cell() -> None:
    result = extract_template(PDF_2019)
    assert _values(result.cells) == _expected_2019()
    assert result.warnings == ()  # every cell the 2019 template prints was found
    assert all(c.ok for c in check_template(result.cells))
    _assert_spans(PDF_2019, result.cells)
    units = {(c.row, c.column): c.unit for c in result.cells if c.table == "T2"}
    assert units[("fees", "items_change")] == "项"
    assert units[("procurement", "procurement_amount")] == "元"  # printed 251000元
    assert units[("licensing", "decisions")] == "件"
    change = next(c for c in result.cells if c.row == "licensing" and c.column == "items_change")
    assert change.text == "-3"


MARKDOWN_2019 = """## 二、主动公开政府信息情况

| 第二十条第（一）项 | | | |
|---|---|---|---|
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | 0 | 0 | 12 |
| 规范性文件 | 5 | 5 | 48 |
| 第二十条第（五）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 64 | +6 | 1,305 |
| 其他对外管理服务事项 | 9 | 0 | 77 |
| 第二十条第（六）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政处罚 | 120 | -4 | 356 |
| 行政强制 | 8 | 0 | 11 |
| 第二十条第（八）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | |
| 行政事业性收费 | 3 | 0 | |
| 第二十条第（九）项 | | | |
| 信息内容 | 采购项目数量 | 采购总金额（万元） | |
| 政府集中采购 | 14 | 326.5 | |

## 三、收到和处理政府信息公开申请情况

| （六）其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
|---|---|---|---|---|---|---|---|
"""


def test_2019_markdown_t2_every_cell() -> None:
    result = extract_template(MARKDOWN_2019)
    t2 = {(r, c): v for (t, r, c), v in _values(result.cells).items() if t == "T2"}
    assert t2 == {
        ("rules", "issued"): 0, ("rules", "published"): 0, ("rules", "in_force"): 12,
        ("normative_documents", "issued"): 5, ("normative_documents", "published"): 5,
        ("normative_documents", "in_force"): 48,
        ("licensing", "items_last_year"): 64, ("licensing", "items_change"): 6,
        ("licensing", "decisions"): 1305,
        ("other_services", "items_last_year"): 9, ("other_services", "items_change"): 0,
        ("other_services", "decisions"): 77,
        ("punishment", "items_last_year"): 120, ("punishment", "items_change"): -4,
        ("punishment", "decisions"): 356,
        ("enforcement", "items_last_year"): 8, ("enforcement", "items_change"): 0,
        ("enforcement", "decisions"): 11,
        ("fees", "items_last_year"): 3, ("fees", "items_change"): 0,
        ("procurement", "procurement_items"): 14,
        ("procurement", "procurement_amount"): 3265000,  # 326.5 万元, from the header
    }
    assert not any(w.startswith("T2") for w in result.warnings)
    _assert_spans(MARKDOWN_2019, result.cells)


def test_2019_fee_row_with_an_amount_column() -> None:
    # Some 2019-era reports add the 2021 amount column to the fee row; the header says which.
    text = ("二、主动公开政府信息情况\n第二十条第（八）项\n"
            "信息内容 上一年项目数量 本年增/减 本年收费金额（单位：万元）\n"
            "行政事业性收费 7 1 12.5\n")
    values = _values(extract_template_cells(text))
    assert values == {("T2", "fees", "items_last_year"): 7, ("T2", "fees", "items_change"): 1,
                      ("T2", "fees", "amount"): 125000}


def test_2019_procurement_amount_without_a_unit_is_not_read() -> None:
    text = "二、主动公开政府信息情况\n信息内容 采购项目数量 采购总金额\n政府集中采购 6 251000\n"
    result = extract_template(text)
    assert _values(result.cells) == {("T2", "procurement", "procurement_items"): 6}
    assert any("procurement.procurement_amount 251000 printed without a unit" in w
               for w in result.warnings)


def _html_row(label: str, values: list[str], spans: list[int] | None = None) -> str:
    spans = spans or [1] * len(values)
    cells = "".join(f"<td colspan={s}>{v}</td>" for v, s in zip(values, spans, strict=True))
    return f"<tr><td>{label}</td>{cells}</tr>"


def test_2019_html_tables_through_the_loader() -> None:
    load = pytest.importorskip("govreport_nlp.read.load").load
    pytest.importorskip("bs4")
    blank = "&nbsp;"
    t2 = "".join([
        "<tr><td colspan=5>第二十条第（一）项</td></tr>",
        _html_row("信息内容", ["本年新<br/>制作数量", "本年新<br/>公开数量", "对外公开总数量"],
                  [1, 2, 1]),
        _html_row("规章", ["13", "13", "524"], [1, 2, 1]),
        _html_row("规范性文件", ["60", "60", "368"], [1, 2, 1]),
        "<tr><td colspan=5>第二十条第（五）项</td></tr>",
        _html_row("信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"], [1, 2, 1]),
        _html_row("行政许可", ["0", "0", "0"], [2, 1, 1]),
        _html_row("其他对外管理服务事项", ["0", "0", "0"], [2, 1, 1]),
        "<tr><td colspan=5>第二十条第（六）项</td></tr>",
        _html_row("信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"], [1, 2, 1]),
        _html_row("行政处罚", ["5", "1", "9"], [2, 1, 1]),
        _html_row("行政强制", ["0", "0", "0"], [2, 1, 1]),
        "<tr><td colspan=5>第二十条第（八）项</td></tr>",
        _html_row("信息内容", ["上一年项目数量", "本年增/减"], [2, 2]),
        _html_row("行政事业性收费", ["0", "0"], [2, 2]),
        "<tr><td colspan=5>第二十条第（九）项</td></tr>",
        _html_row("信息内容", ["采购项目数量", "采购总金额"], [2, 2]),
        _html_row("政府集中采购", ["6", "251000元"], [2, 2]),
    ])
    # T3 as the 2019 reports print it on the web: zeros often left blank.
    t3 = "".join([
        _html_row("一、本年新收政府信息公开申请数量", ["821", "35", blank, blank, "2", "1", "859"]),
        _html_row("二、上年结转政府信息公开申请数量", ["18", blank, blank, blank, blank, blank,
                                                   "18"]),
        "<tr><td rowspan=20>三、本年度办理结果</td><td>（一）予以公开</td>"
        + "".join(f"<td>{v}</td>" for v in ["258", "12", blank, blank, "1", "1", "272"])
        + "</tr>",
        _html_row("（六）其他处理", ["3", blank, blank, blank, blank, blank, blank]),
    ])
    html = (
        "<html><body><p>二、主动公开政府信息情况</p>"
        f"<table>{t2}</table><p>三、收到和处理政府信息公开申请情况</p><table>{t3}</table>"
        "</body></html>"
    )
    doc = load(html.encode("utf-8"), name="2019.html")
    result = extract_template(doc.text, doc.tables)
    values = _values(result.cells)
    t2_values = {(r, c): v for (t, r, c), v in values.items() if t == "T2"}
    assert t2_values == {
        ("rules", "issued"): 13, ("rules", "published"): 13, ("rules", "in_force"): 524,
        ("normative_documents", "issued"): 60, ("normative_documents", "published"): 60,
        ("normative_documents", "in_force"): 368,
        **{(row, column): 0 for row in ("licensing", "other_services", "enforcement")
           for column in ("items_last_year", "items_change", "decisions")},
        ("punishment", "items_last_year"): 5, ("punishment", "items_change"): 1,
        ("punishment", "decisions"): 9,
        ("fees", "items_last_year"): 0, ("fees", "items_change"): 0,
        ("procurement", "procurement_items"): 6, ("procurement", "procurement_amount"): 251000,
    }
    t3_values = {(r, c): v for (t, r, c), v in values.items() if t == "T3"}
    # Blank cells stay blank: neither 0 nor a difference is put in their place.
    assert t3_values == {
        ("new_requests", "natural_person"): 821, ("new_requests", "commercial"): 35,
        ("new_requests", "legal_services"): 2, ("new_requests", "other_org"): 1,
        ("new_requests", "total"): 859,
        ("carried_over", "natural_person"): 18, ("carried_over", "total"): 18,
        ("disclosed", "natural_person"): 258, ("disclosed", "commercial"): 12,
        ("disclosed", "legal_services"): 1, ("disclosed", "other_org"): 1,
        ("disclosed", "total"): 272,
        ("other_processing", "natural_person"): 3,
    }
    _assert_spans(doc.text, result.cells)


# --- T3 rows that lost a cell or their label: never guessed -----------------------------------

T3_TITLE = "三、收到和处理政府信息公开申请情况\n"


def test_six_applicants_without_a_total() -> None:
    result = extract_template(T3_TITLE + "一、本年新收政府信息公开申请数量 5 2 0 0 0 1\n")
    values = _values(result.cells)
    assert [values.get(("T3", "new_requests", c)) for c in template.columns("T3")] == [
        5, 2, 0, 0, 0, 1, None]  # the total is not computed
    assert any("new_requests: six applicant numbers and no printed total" in w
               for w in result.warnings)


def test_five_applicants_and_a_total_are_not_placed() -> None:
    # 5 + 2 + 0 + 0 + 1 == 8: a blank applicant cell, and which one is unknown.
    result = extract_template(T3_TITLE + "一、本年新收政府信息公开申请数量 5 2 0 0 1 8\n")
    assert _values(result.cells) == {("T3", "new_requests", "total"): 8}
    assert any("one applicant cell is missing" in w for w in result.warnings)


def test_structured_row_with_one_blank_applicant_cell() -> None:
    text = T3_TITLE + "| 一、本年新收政府信息公开申请数量 | 5 |  | 0 | 0 | 1 | 0 | 6 |\n"
    result = extract_template(text)
    values = _values(result.cells)
    assert ("T3", "new_requests", "commercial") not in values
    assert values[("T3", "new_requests", "research")] == 0
    assert values[("T3", "new_requests", "total")] == 6
    assert any("the commercial cell is blank; not taken as 0" in w for w in result.warnings)


_CONFIRMATION = "5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0\n"
_TOTAL = "（七）总计 9 0 0 0 0 0 9\n"


@pytest.mark.parametrize(
    ("unlabelled", "expected"),
    [
        (3, ["other_overdue_supplement", "other_unpaid_fee", "other"]),  # the 2021 rows
        (1, ["other_processing"]),  # the 2019 row
        (2, []),  # fits neither template: not read
    ],
    ids=["three rows = 2021", "one row = 2019", "two rows = neither"],
)
def test_unlabelled_rows_where_the_templates_differ(unlabelled: int, expected) -> None:
    text = T3_TITLE + _CONFIRMATION + "1 0 0 0 0 0 1\n" * unlabelled + _TOTAL
    result = extract_template(text)
    rows = {r for (t, r, c) in _values(result.cells) if t == "T3"}
    assert rows == {"unprocessed_confirmation", "handled_total", *expected}
    if not expected:
        assert any("2 row(s) without a label before handled_total do not fit" in w
                   for w in result.warnings)


def test_unlabelled_row_at_the_end_where_the_templates_differ() -> None:
    result = extract_template(T3_TITLE + _CONFIRMATION + "1 0 0 0 0 0 1\n")
    assert {r for (_, r, _) in _values(result.cells)} == {"unprocessed_confirmation"}
    assert any("2019 and 2021 templates order these rows differently" in w
               for w in result.warnings)


def test_unlabelled_row_at_the_end_in_a_known_template() -> None:
    # The T2 header says 2019: the unlabelled row after 5. is （六）其他处理.
    text = ("二、主动公开政府信息情况\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n"
            "规章 1 1 9\n" + T3_TITLE + _CONFIRMATION + "1 0 0 0 0 0 1\n")
    values = _values(extract_template_cells(text))
    assert values[("T3", "other_processing", "total")] == 1


def test_unlabelled_row_between_adjacent_rows_is_not_read() -> None:
    text = (T3_TITLE + "（一）予以公开 4 0 0 0 0 0 4\n" + "7 0 0 0 0 0 7\n"
            + "（二）部分公开 1 0 0 0 0 0 1\n")
    result = extract_template(text)
    assert {r for (_, r, _) in _values(result.cells)} == {"disclosed", "partially_disclosed"}
    assert any("1 row(s) without a label before partially_disclosed" in w
               for w in result.warnings)


def test_unlabelled_rows_filling_a_gap_exactly_are_read() -> None:
    text = (T3_TITLE + "（一）予以公开 4 0 0 0 0 0 4\n" + "7 0 0 0 0 0 7\n"
            + "（三）不予公开 1.属于国家秘密 1 0 0 0 0 0 1\n")
    values = _values(extract_template_cells(text))
    assert values[("T3", "partially_disclosed", "total")] == 7


def test_row_out_of_template_order_is_read_by_its_label() -> None:
    text = (T3_TITLE + "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n"
            + "一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9\n")
    values = _values(extract_template_cells(text))
    assert values[("T3", "new_requests", "total")] == 9
    assert values[("T3", "carried_over", "total")] == 1


def test_a_repeated_row_is_not_read_twice() -> None:
    text = (T3_TITLE + "一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9\n"
            + "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n"
            + "一、本年新收政府信息公开申请数量 8 0 0 0 0 0 8\n")
    result = extract_template(text)
    assert _values(result.cells)[("T3", "new_requests", "total")] == 9
    assert any("repeats new_requests" in w for w in result.warnings)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 999), min_size=6, max_size=6))
def test_six_numbers_never_make_seven_cells(values: list[int]) -> None:
    line = " ".join(map(str, values))
    result = extract_template(T3_TITLE + f"（一）予以公开 {line}\n")
    cells = {c.column: c.value for c in result.cells}
    # Either the six applicants or the total alone: never a cell the row did not print.
    assert cells == dict(zip(template.columns("T3")[:6], values, strict=True)) or cells == {
        "total": values[-1]}
    assert set(cells.values()) <= set(values)
    assert any("row disclosed" in w for w in result.warnings)


# --- through the pipeline: genre missed, restatements ----------------------------------------

T4_ONLY = "四、政府信息公开行政复议、行政诉讼情况\n1 0 0 0 2 0 0 0 0 0 0 0 0 0 0\n"


def test_pipeline_reads_the_tables_when_a_title_is_printed() -> None:
    from govreport_nlp import parse
    from govreport_nlp.models import Genre

    report = parse(T4_ONLY)
    assert report.meta.genre is not Genre.INFO_DISCLOSURE  # genre detection misses
    assert [c.detail for c in report.checks if not c.ok] == ["2 != 1 + 0 + 0 + 0"]
    assert len([i for i in report.indicators if i.table is not None]) == 15


def test_check_command_goes_through_the_pipeline(tmp_path, capsys, monkeypatch) -> None:
    import govreport_nlp.pipeline as pipeline

    calls = []
    real = pipeline.parse_document
    monkeypatch.setattr(pipeline, "parse_document", lambda doc: calls.append(doc) or real(doc))
    bad = tmp_path / "bad.txt"
    bad.write_text(T4_ONLY, encoding="utf-8")
    assert _cli(["check", str(bad)]) == 1
    assert [d.source for d in calls] == [str(bad)]
    assert "2 != 1 + 0 + 0 + 0" in capsys.readouterr().out


RESTATED = (
    "一、总体情况\n全年共受理政府信息公开申请96件。\n"
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量 90 5 0 0 0 0 95\n"
)


def test_disagreeing_restatement_is_a_warning_with_both_numbers() -> None:
    from govreport_nlp import parse

    report = parse(RESTATED)
    (figure,) = [i for i in report.indicators if i.text == "96件"]
    record = figure.to_dict()
    assert record["restates"] == TableRef("T3", "new_requests", "total").to_dict()
    assert record["agrees"] is False
    (warning,) = [w for w in report.warnings if "disagree" in w]
    assert "96" in warning and "= 95" in warning and "new_requests.total" in warning


def test_agreeing_restatement_is_linked_without_a_warning() -> None:
    from govreport_nlp import parse

    report = parse(RESTATED.replace("96件", "95件"))
    (figure,) = [i for i in report.indicators if i.text == "95件"]
    assert figure.to_dict()["agrees"] is True
    assert not any("disagree" in w for w in report.warnings)


_TITLE_PIECES = [
    "三、", "## 表二：", "（四）", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "政府信息公开", "情况", "\n", " ", "\u3000", "况",
    "政 府", "信息", "公开", "㈢", "表三:", "行政复议",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=12).map("".join))
def test_title_search_shortcut_equals_matching_every_line(text: str) -> None:
    expected = any(
        len(line) <= template._TITLE_LINE_MAX and template.match_title(line) is not None
        for line in text.splitlines()
    )
    assert template.has_title(text) == expected

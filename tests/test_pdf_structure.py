"""A fixed-layout document's structure from its pages (issue 16): a table of contents is not
the section tree, its entries' body headings are the parts, a numbered list ends at the next
part, table rows are never headings, and the cover's title and issuer are read whatever the
genre.  PDFs are built in the test (reportlab); the real budget PDFs of ``../shared`` are
checked too when present."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from conftest import SHARED, needs_shared
from govreport_nlp.models import Genre
from govreport_nlp.pipeline import parse_document
from govreport_nlp.read.formats.layout import PageBlock
from govreport_nlp.read.formats.pages import (
    body_parts,
    contents_lines,
    contents_parts,
    entry_title,
)
from govreport_nlp.read.load import load

PAGE = (595, 842)
FONT = "STSong-Light"
TITLE = "某某区2024年区级部门预算"
ISSUER = "某某区人民政府某某街道办事处"
PARTS = ["部门主要职能", "部门机构设置", "名词解释", "部门预算编制说明", "其他相关情况说明"]
DUTIES = ["加强党的建设。落实基层党建责任制。", "统筹社区发展。推动辖区有序发展。",
          "承办区委、区政府交办的其他事项。"]
# a budget table: its rows start with numbering (一、…) and must not become headings
TABLE = [
    ["项目", "预算数", "项目", "预算数"],
    ["一、财政拨款收入", "1,000", "一、一般公共服务支出", "600"],
    ["二、事业收入", "200", "二、公共安全支出", "400"],
    ["收入总计", "1,200", "支出总计", "1,000"],
]
WIDTHS = [130, 80, 150, 80]


@dataclass
class _Pen:
    canvas: object
    y: float = 80.0

    def line(self, text: str, size: float = 11, *, x: float = 72) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, PAGE[1] - self.y, text)
        self.y += size * 1.8

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        self.canvas.setFont(FONT, 10)
        for row in rows:
            x, top = 72.0, PAGE[1] - self.y - 20
            for width, text in zip(WIDTHS, row, strict=True):
                self.canvas.rect(x, top, width, 20)
                self.canvas.drawString(x + 4, top + 6, text)
                x += width
            self.y += 20
        self.y += 20


def budget_pdf(*, leaders: bool = True, holder: str | None = None) -> bytes:
    """Cover (title and issuer centred in large type), contents page (目录, entries with
    dotted leaders and page numbers, or bare), body pages with the parts as plain lines, a
    numbered list of duties under the first part and a ruled table under the fourth.
    ``holder``: the body names the holder in full where the contents says 部门."""
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
    cidfonts = pytest.importorskip("reportlab.pdfbase.cidfonts")
    pytest.importorskip("pypdfium2")
    pdfmetrics.registerFont(cidfonts.UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    c = canvas_module.Canvas(buffer, pagesize=PAGE)
    c.setFont(FONT, 24)
    c.drawCentredString(PAGE[0] / 2, PAGE[1] - 200, TITLE)
    c.setFont(FONT, 16)
    c.drawCentredString(PAGE[0] / 2, PAGE[1] - 260, f"预算主管部门：{ISSUER}")
    c.showPage()
    pen = _Pen(c)
    pen.line("目 录", 16, x=270)
    numerals = "一二三四五六七八"
    for i, part in enumerate(PARTS):
        entry = f"{numerals[i]}、{part}"
        pen.line(f"{entry}{'.' * 40}{i + 3}" if leaders else entry)
        if i == 3:
            pen.line(f"1. 2024年部门财务收支预算总表{'.' * 20}5" if leaders else
                     "1. 2024年部门财务收支预算总表")
    c.showPage()

    def named(part: str) -> str:
        return f"{holder}{part[2:]}" if holder and part.startswith("部门") else part

    pen = _Pen(c)
    pen.line(named(PARTS[0]), 14, x=240)
    pen.line("某某街道办事处是区政府的派出机关。主要职能包括：")
    for i, duty in enumerate(DUTIES):
        pen.line(f"{numerals[i]}、{duty}")
    pen.line(named(PARTS[1]), 14, x=240)
    pen.line("本部门中，行政单位1家，事业单位2家。")
    pen.line(PARTS[2], 14, x=240)
    pen.line("（一）基本支出预算：是保障机构正常运转的年度基本支出计划。")
    pen.line("（二）项目支出预算：是完成特定工作任务的年度项目支出计划。")
    c.showPage()
    pen = _Pen(c)
    pen.line(named(PARTS[3]), 14, x=240)
    pen.line("2024年部门财务收支预算总表")
    pen.table(TABLE)
    pen.line(PARTS[4], 14, x=240)
    pen.line("（一）“三公”经费预算情况说明。2024年“三公”经费预算为0万元。")
    c.showPage()
    c.save()
    return buffer.getvalue()


def _level_one(report) -> list[str]:
    return [s.title for s in report.sections]


@pytest.mark.parametrize("leaders", [True, False], ids=["dotted-leaders", "bare-entries"])
def test_contents_list_is_dropped_and_its_entries_head_the_body(leaders: bool) -> None:
    doc = load(budget_pdf(leaders=leaders), name="budget.pdf")
    assert "目" not in doc.text.splitlines()[2:4]
    assert "....." not in doc.text and "目 录" not in doc.text
    assert list(doc.parts) == PARTS  # the 1. entry (a table listed under 四、) is no part
    report = parse_document(doc)
    assert report.meta.genre is Genre.OTHER
    assert _level_one(report) == PARTS


def test_a_numbered_list_under_a_part_ends_at_the_next_part() -> None:
    doc = load(budget_pdf(), name="budget.pdf")
    report = parse_document(doc)
    duties, structure = report.sections[0], report.sections[1]
    assert [(c.level, c.number) for c in duties.children] == [(2, "一"), (2, "二"), (2, "三")]
    assert duties.children[-1].end == structure.start
    assert doc.text[duties.children[-1].start :].startswith("三、承办区委")


def test_table_rows_are_never_headings() -> None:
    doc = load(budget_pdf(), name="budget.pdf")
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row]
    assert "一、财政拨款收入" in cells
    report = parse_document(doc)
    titles = [s.title for top in report.sections for s in top.walk()]
    assert not [t for t in titles if "财政拨款收入" in t or "事业收入" in t]
    budget = report.sections[3]
    assert budget.title == "部门预算编制说明" and budget.children == ()


def test_a_body_heading_may_name_the_holder_the_contents_calls_部门() -> None:
    holder = "某某区某某街道办事处"
    doc = load(budget_pdf(holder=holder), name="budget.pdf")
    assert doc.parts[:2] == (f"{holder}主要职能", f"{holder}机构设置")
    report = parse_document(doc)
    assert _level_one(report)[:2] == [f"{holder}主要职能", f"{holder}机构设置"]


def test_cover_title_and_issuer_are_read_for_a_document_of_neither_genre() -> None:
    report = parse_document(load(budget_pdf(), name="budget.pdf"))
    assert report.meta.genre is Genre.OTHER
    assert (report.meta.title, report.meta.issuer) == (TITLE, ISSUER)


def _block(text: str) -> PageBlock:
    return PageBlock(top=0.0, text=text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (["部门主要职能", "正文。"], ("部门主要职能",)),
        (["上海市某某福利院主要职能"], ("上海市某某福利院主要职能",)),
        # an entry's words after its holder word are too few (预算表): a table title, not it
        (["2024年部门“三公”经费预算表"], ()),
        # a sentence naming the part is prose
        (["部门主要职能包括以下几项。"], ()),
        # each entry heads once: the first line naming it
        (["部门主要职能", "部门主要职能"], ("部门主要职能",)),
    ],
    ids=["exact", "holder-named", "short-tail", "sentence", "once"],
)
def test_body_parts_match_contents_entries(body: list[str], expected: tuple[str, ...]) -> None:
    contents_page = [_block("目 录"), _block("一、部门主要职能…………3"),
                     _block("二、部门预算表…………5"), _block("1. 2024年部门财务收支预算总表…………6")]
    pages = [contents_page, [_block(text) for text in body]]
    contents = contents_lines(pages)
    assert contents == {(0, b) for b in range(4)}
    parts = contents_parts(pages, contents)
    assert parts == ["部门主要职能", "部门预算表"]
    assert body_parts(pages, contents, parts) == expected


BUDGETS = [
    ("2023_putuo_wanli_bumen_yusuan.pdf", "上海市普陀区2023年区级部门预算",
     "上海市普陀区人民政府万里街道办事处",
     ["部门主要职能", "部门机构设置", "名词解释", "部门预算编制说明", "其他相关情况说明",
      "项目经费情况说明"], "九"),
    ("2024_putuo_fuliyuan_danwei_yusuan.pdf", "上海市普陀区社会福利院2024年单位预算",
     "上海市普陀区社会福利院",
     ["上海市普陀区社会福利院主要职能", "上海市普陀区社会福利院机构设置", "名词解释",
      "2024年单位预算编制说明", "其他相关情况说明"], "2"),
]


@needs_shared
@pytest.mark.parametrize(("name", "title", "issuer", "parts", "last_duty"), BUDGETS,
                         ids=[b[0] for b in BUDGETS])
def test_real_budget_pdfs(name: str, title: str, issuer: str, parts: list[str],
                          last_duty: str) -> None:
    path = SHARED / "corpora" / "other" / name
    doc = load(path.read_bytes(), name=name)
    report = parse_document(doc)
    assert (report.meta.title, report.meta.issuer) == (title, issuer)
    assert _level_one(report) == parts
    # the duties list ends inside the first part (九、… used to span the whole body)
    duties = report.sections[0]
    assert duties.children[-1].number == last_duty
    assert duties.end == report.sections[1].start < len(doc.text) // 10
    # no heading starts on a table row
    row_starts = {
        min(c.start for c in row if c.start >= 0)
        for table in doc.tables for row in table.rows if any(c.start >= 0 for c in row)
    }
    headings = [s for top in report.sections for s in top.walk()]
    assert not [s.title for s in headings
                if doc.text.rfind("\n", 0, s.start + 1) + 1 in row_starts]


# Contents entries as Chinese budgets and disclosure reports print them (the leader shapes of
# Word, WPS and LaTeX tables of contents, and of hand-typed lists), each on the page after
# the contents page, where the list goes on only through lines with a leader and a page
# number; and lines that end in a number but are no entry.
CONTENTS_LINES = [
    ("二、部门机构设置……4", "部门机构设置"),
    ("二、部门机构设置⋯⋯4", "部门机构设置"),
    ("二、部门机构设置··4", "部门机构设置"),
    ("二、部门机构设置..4", "部门机构设置"),
    ("二、部门机构设置．．4", "部门机构设置"),
    ("二、部门机构设置...4", "部门机构设置"),
    ("二、部门机构设置 …… 4", "部门机构设置"),
    ("二、部门机构设置. . . . . . 4", "部门机构设置"),
    ("二、部门机构设置································4", "部门机构设置"),
    ("二、部门机构设置…………………………………12", "部门机构设置"),
    ("二、部门机构设置------------4", "部门机构设置"),
    ("二、部门机构设置______4", "部门机构设置"),
    ("第二部分 2024年部门预算表……- 4 -", "2024年部门预算表"),
    ("（二）收到和处理政府信息公开申请情况……5", "收到和处理政府信息公开申请情况"),
    ("1. 2024年部门财务收支预算总表··6", "2024年部门财务收支预算总表"),
    ("二、部門機構設置……4", "部門機構設置"),
]
NOT_CONTENTS_LINES = [
    "其中：政府信息公开申请12",  # a body line ending in a number
    "政府信息公开申请 12",  # a flattened table row: label, space, number
    "政府信息公开申请\t12",
    "同比增长3.5",  # a decimal: one dot
    "规划期2021--2025",  # a range: two dashes
    "二、部门机构设置——4",  # the Chinese dash (two em dashes) is no leader
    "二、部门机构设置…4",  # one ellipsis character alone
    "第一季度……",  # a leader but no page number
]


def _continued(line: str) -> bool:
    contents_page = [_block("目 录"), _block("一、部门主要职能……3")]
    pages = [contents_page, [_block(line), _block("部门主要职能")]]
    return (1, 0) in contents_lines(pages)


@pytest.mark.parametrize(("line", "title"), CONTENTS_LINES, ids=[c[0] for c in CONTENTS_LINES])
def test_contents_entry_leader_shapes(line: str, title: str) -> None:
    assert _continued(line)
    assert entry_title(line) == title


@pytest.mark.parametrize("line", NOT_CONTENTS_LINES, ids=NOT_CONTENTS_LINES)
def test_lines_ending_in_a_number_are_no_contents_entry(line: str) -> None:
    assert not _continued(line)


def test_a_short_leader_entry_is_no_body_heading() -> None:
    """The contents page's entries with a two-character leader (……) are taken off as the
    contents, and the body's first heading ends the list: the body heading is a part."""
    contents_page = [_block("目 录"), _block("一、部门主要职能……3"), _block("二、部门预算表··5")]
    pages = [contents_page, [_block("部门主要职能"), _block("正文。"), _block("部门预算表")]]
    contents = contents_lines(pages)
    assert contents == {(0, 0), (0, 1), (0, 2)}
    parts = contents_parts(pages, contents)
    assert parts == ["部门主要职能", "部门预算表"]
    assert body_parts(pages, contents, parts) == ("部门主要职能", "部门预算表")

"""Tables as grids: HTML rowspan/colspan and DOCX w:gridSpan/w:vMerge expanded so that every
row has one cell per grid column (issue 14).  Documents are built inside the tests, modelled on
the template tables as published (T4's three header rows over 15 columns, T3's label cells
merged over several rows)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp.read.formats._builder import GridCell, TextBuilder, expand_grid
from govreport_nlp.tables.cells import check_template, extract_template_cells

T4_HEADER = (
    "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
    "<tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td>"
    "<td rowspan=2>尚未审结</td><td rowspan=2>总计</td>"
    "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
    "<tr>" + "".join(
        f"<td>{h}</td>" for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    ) + "</tr>"
)
T4_VALUES = ["1", "0", "1", "0", "2", "0", "0", "0", "0", "0", "3", "0", "0", "0", "3"]


def _load(html: str, name: str = "t.html"):
    load = pytest.importorskip("govreport_nlp.read.load").load
    pytest.importorskip("bs4")
    return load(html.encode("utf-8"), name=name)


def _page(table_rows: str, heading: str = "四、政府信息公开行政复议、行政诉讼情况") -> str:
    return (
        f"<html><body><h3>{heading}</h3><table>{table_rows}</table>"
        "<p>五、存在的主要问题及改进情况</p></body></html>"
    )


def _assert_rectangular_with_exact_origins(doc) -> None:
    for table in doc.tables:
        assert len({len(row) for row in table.rows}) == 1
        for row in table.rows:
            for cell in row:
                if cell.merged:
                    assert (cell.start, cell.end) == (-1, -1)
                elif cell.start >= 0:
                    assert doc.text[cell.start : cell.end] == cell.text


def test_t4_three_header_rows_expand_to_fifteen_columns() -> None:
    row = "".join(f"<td>{v}</td>" for v in T4_VALUES)
    doc = _load(_page(T4_HEADER + f"<tr>{row}</tr>"))
    _assert_rectangular_with_exact_origins(doc)
    grid = doc.tables[0].texts()
    assert len(grid[0]) == 15
    # Each data column's header path, read down the grid.
    paths = [tuple(dict.fromkeys(r[j] for r in grid[:3])) for j in range(15)]
    assert paths[0] == ("行政复议", "结果维持")
    assert paths[14] == ("行政诉讼", "复议后起诉", "总计")
    values = {(c.row, c.column): c.value for c in extract_template_cells(doc.text, doc.tables)}
    assert values[("cases", "review_total")] == 2
    assert values[("cases", "suit_after_review_upheld")] == 3
    assert values[("cases", "suit_after_review_total")] == 3


def test_merged_copies_are_not_written_twice() -> None:
    doc = _load(_page(T4_HEADER + "<tr>" + "".join(f"<td>{v}</td>" for v in T4_VALUES) + "</tr>"))
    assert doc.text.count("行政复议") == 2  # the heading and the header cell, not 5 copies
    merged = [c for row in doc.tables[0].rows for c in row if c.merged]
    assert merged and all(c.text for c in merged)


T3_ROWS = [
    # (label cells with their spans, printed numbers) — the T3 body as gov pages print it,
    # the section label merged down over its sub-rows.
    ('<td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td>', "10"),
    ("<td colspan=2>（二）部分公开</td>", "2"),
    ('<td rowspan=1>（三）不予公开</td><td>1.属于国家秘密</td>', "1"),
]


def test_t3_labels_merged_over_rows_keep_numbers_in_their_columns() -> None:
    header = "<tr><td colspan=3>申请人情况</td><td>自然人</td></tr>"
    body = "".join(f"<tr>{label}<td>{n}</td></tr>" for label, n in T3_ROWS)
    doc = _load(_page(header + body, heading="三、收到和处理政府信息公开申请情况"))
    _assert_rectangular_with_exact_origins(doc)
    grid = doc.tables[0].texts()
    assert [row[-1] for row in grid[1:]] == ["10", "2", "1"]
    assert [row[0] for row in grid[1:]] == ["三、本年度办理结果"] * 3
    assert grid[1][1:3] == ["（一）予以公开", "（一）予以公开"]


def test_docx_merged_cells_expand(tmp_path) -> None:
    docx = pytest.importorskip("docx")
    load = pytest.importorskip("govreport_nlp.read.load").load
    document = docx.Document()
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table = document.add_table(rows=4, cols=15)
    table.cell(0, 0).merge(table.cell(0, 4)).text = "行政复议"
    table.cell(0, 5).merge(table.cell(0, 14)).text = "行政诉讼"
    for j, head in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        table.cell(1, j).merge(table.cell(2, j)).text = head
    table.cell(1, 5).merge(table.cell(1, 9)).text = "未经复议直接起诉"
    table.cell(1, 10).merge(table.cell(1, 14)).text = "复议后起诉"
    for j in range(5, 15):
        table.cell(2, j).text = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][j % 5]
    for j, value in enumerate(T4_VALUES):
        table.cell(3, j).text = value
    document.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "t4.docx"
    document.save(path)
    doc = load(str(path))
    _assert_rectangular_with_exact_origins(doc)
    grid = doc.tables[0].texts()
    assert len(grid) == 4 and len(grid[0]) == 15
    assert grid[0][4] == "行政复议" and doc.tables[0].rows[0][4].merged
    assert grid[2][0] == "结果维持" and doc.tables[0].rows[2][0].merged  # w:vMerge continue
    assert grid[1][14] == "复议后起诉"
    cells = extract_template_cells(doc.text, doc.tables)
    values = {(c.row, c.column): c.value for c in cells}
    assert values[("cases", "review_total")] == 2
    assert values[("cases", "suit_after_review_total")] == 3
    assert all(c.ok for c in check_template(cells))


_SPANNED = st.lists(
    st.lists(
        st.builds(
            GridCell,
            st.text("ab1", max_size=2),
            st.integers(1, 3),
            st.integers(1, 3),
        ),
        max_size=4,
    ),
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(_SPANNED)
def test_grid_keeps_every_printed_cell_once(rows) -> None:
    """Span expansion never loses or duplicates a printed cell: the origins, read in order,
    are the physical cells, and the built table is rectangular."""
    grid = expand_grid(rows)
    assert len(grid) == len(rows)
    for physical, grid_row in zip(rows, grid, strict=True):
        origins = [t for t, merged in grid_row if not merged and t != ""]
        assert origins == [c.text for c in physical if c.text != ""]
    builder = TextBuilder()
    for grid_row in grid:
        builder.row([t for t, _ in grid_row], merged=[m for _, m in grid_row])
    builder.end_table()
    _text, tables = builder.build()
    for table in tables:
        assert len({len(r) for r in table.rows}) == 1


BLANK_CASES = [
    # (printed T4 row, blank written as, expected {column: (value, blank)} for a few columns,
    #  columns left absent)
    pytest.param(T4_VALUES, "&nbsp;", {"review_corrected": (0, True), "review_total": (2, False),
                                       "direct_suit_total": (0, True)}, set(), id="nbsp-zeros"),
    pytest.param(T4_VALUES, "",
                 {"review_pending": (0, True), "suit_after_review_total": (3, False)},
                 set(), id="empty-zeros"),
    pytest.param(["1", "0", "1", "0", "", "0", "0", "0", "0", "", "3", "0", "0", "0", ""],
                 "&nbsp;", {"review_upheld": (1, False), "direct_suit_total": (0, True)},
                 {"review_total", "suit_after_review_total"}, id="blank-totals-over-nonzero-parts"),
]


@pytest.mark.parametrize(("printed", "blank", "expected", "absent"), BLANK_CASES)
def test_t4_blank_cells_are_zero_and_flagged(printed, blank, expected, absent) -> None:
    row = "".join(f"<td>{blank if v in ('0', '') else v}</td>" for v in printed)
    doc = _load(_page(T4_HEADER + f"<tr>{row}</tr>"))
    cells = {c.column: c for c in extract_template_cells(doc.text, doc.tables) if c.table == "T4"}
    for column, (value, is_blank) in expected.items():
        assert (cells[column].value, cells[column].blank) == (value, is_blank)
        assert cells[column].ref.to_dict().get("blank", False) is is_blank
    assert absent.isdisjoint(cells)
    assert len(cells) == 15 - len(absent)
    for cell in cells.values():
        assert doc.text[cell.start : cell.end] == cell.text

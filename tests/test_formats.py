"""Fixed-layout and office formats, each made inside the test: PDF (ruled tables with blank
cells, running footers, a table of contents, page-1 title, encryption, scanned pages read by
OCR), OFD, .xlsx/.xls workbooks and binary Word files, also inside zip archives."""

from __future__ import annotations

import io
import shutil
import tarfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from govreport_nlp import _extras
from govreport_nlp.errors import (
    CorruptFileError,
    EncryptedFileError,
    EncryptedPdfError,
    MissingExtraError,
    ScannedPdfError,
    UnsupportedFormatError,
)
from govreport_nlp.models import Cell, Document
from govreport_nlp.pipeline import parse_document
from govreport_nlp.read.load import load, sniff_format
from govreport_nlp.read.sources import iter_sources

PAGE = (595, 842)  # A4 in points
# The national template's table 2 (section 二): a blank cell must not shift the numbers left.
T2_ROWS = [
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "3", "", "10"],
    ["行政规范性文件", "25", "4", "120"],
]
T2_WIDTHS = [150, 100, 100, 100]
MORE_LINES = ["二是推进重点领域信息公开。", "三是做好政策解读回应关切。", "四是加强平台建设。",
              "五是强化监督保障。"]
TITLE = "某市2023年政府信息公开工作年度报告"
BODY = "全年共受理政府信息公开申请95件，办结93件。"


def assert_cells_exact(doc: Document) -> None:
    for table in doc.tables:
        assert len({len(row) for row in table.rows}) == 1  # rectangular
        for row in table.rows:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text
                if not cell.text:
                    assert (cell.start, cell.end) == (-1, -1)


# --------------------------------------------------------------------- PDF builders


@dataclass
class Page:
    """What one page of a test PDF draws (top-down y in points)."""

    lines: Sequence[tuple[float, str, float]] = ()  # (y, text, size)
    table: Sequence[Sequence[str]] = ()
    table_top: float = 150
    footer: str | None = None
    centred: Sequence[tuple[float, str, float]] = ()


def _canvas(**kwargs: object) -> tuple[object, io.BytesIO]:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
    cidfonts = pytest.importorskip("reportlab.pdfbase.cidfonts")
    pdfmetrics.registerFont(cidfonts.UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    return canvas.Canvas(buffer, pagesize=PAGE, **kwargs), buffer


def make_pdf(pages: Sequence[Page], **kwargs: object) -> bytes:
    pytest.importorskip("pypdfium2")
    c, buffer = _canvas(**kwargs)
    height = PAGE[1]
    for page in pages:
        for y, text, size in page.centred:
            c.setFont("STSong-Light", size)
            c.drawCentredString(PAGE[0] / 2, height - y, text)
        for y, text, size in page.lines:
            c.setFont("STSong-Light", size)
            c.drawString(72, height - y, text)
        c.setFont("STSong-Light", 11)
        for r, row in enumerate(page.table):
            y = height - page.table_top - (r + 1) * 20
            x = 72
            for width, text in zip(T2_WIDTHS, row, strict=True):
                c.rect(x, y, width, 20)
                c.drawString(x + 4, y + 6, text)
                x += width
        if page.footer is not None:
            c.drawCentredString(PAGE[0] / 2, 40, page.footer)
        c.showPage()
    c.save()
    return buffer.getvalue()


def report_pages(footer: Callable[[int, int], str] | None = None, n: int = 1) -> list[Page]:
    first = Page(
        centred=[(60, TITLE, 18)],
        lines=[(110, "一、总体情况", 11), (130, BODY, 11), (150, "二、主动公开政府信息情况", 11)],
        table=T2_ROWS,
        table_top=160,
    )
    more = [Page(lines=[(120, line, 11)]) for line in MORE_LINES[: n - 1]]
    pages = [first, *more]
    if footer is not None:
        for k, page in enumerate(pages, start=1):
            page.footer = footer(k, len(pages))
    return pages


# --------------------------------------------------------------------- PDF: text layer


def test_pdf_ruled_table_keeps_blank_cell_in_its_column() -> None:
    doc = load(make_pdf(report_pages()), name="r.pdf")
    table = doc.tables[0]
    assert table.texts() == T2_ROWS
    assert table.rows[1][2] == Cell("")
    assert "规章\t3\t\t10" in doc.text.split("\n")
    assert_cells_exact(doc)


def test_pdf_template_cells_from_ruled_table() -> None:
    report = parse_document(load(make_pdf(report_pages()), name="r.pdf"))
    cells = {
        (i.table.id, i.table.row, i.table.column): i.value
        for i in report.indicators
        if i.table is not None
    }
    # 现行有效件数 of 规章 is 10, not shifted into 本年废止件数 by the blank before it, and
    # the blank 本年废止件数 is 0 (issue 14: flagged blank in the cell's table object)
    assert cells == {
        ("T2", "rules", "issued"): 3,
        ("T2", "rules", "repealed"): 0,
        ("T2", "rules", "in_force"): 10,
        ("T2", "normative_documents", "issued"): 25,
        ("T2", "normative_documents", "repealed"): 4,
        ("T2", "normative_documents", "in_force"): 120,
    }


def test_pdf_page_one_title_is_document_title() -> None:
    doc = load(make_pdf(report_pages()), name="r.pdf")
    assert doc.title == TITLE
    assert parse_document(doc).meta.title == TITLE


def test_pdf_page_one_title_of_neither_genre_is_kept() -> None:
    title = "上海市某区2024年区级部门预算"
    pages = [
        Page(centred=[(60, title, 20)], lines=[(120, "预算主管部门：某区人民政府", 11)]),
        Page(lines=[(80 + 20 * k, f"第{k}项支出预算安排如下，主要用于日常运转。", 11)
                    for k in range(1, 8)]),
    ]
    report = parse_document(load(make_pdf(pages), name="budget.pdf"))
    assert report.meta.title == title


FOOTERS = [
    pytest.param(lambda k, n: f"— {k} —", id="— 3 —"),
    pytest.param(lambda k, n: f"- {k} -", id="- 3 -"),
    pytest.param(lambda k, n: f"第{k}页 共{n}页", id="第3页 共8页"),
    pytest.param(lambda k, n: f"{k}", id="3"),
]


@pytest.mark.parametrize("footer", FOOTERS)
def test_pdf_running_footers_dropped(footer: Callable[[int, int], str]) -> None:
    doc = load(make_pdf(report_pages(footer, n=4)), name="r.pdf")
    lines = doc.text.split("\n")
    assert not any(footer(k, 4) == line.strip() for k in range(1, 5) for line in lines)
    assert BODY in lines and all(line in lines for line in MORE_LINES[:3])


def test_pdf_single_page_keeps_a_margin_line() -> None:
    """Repetition decides: one page's footer is not known to be one."""
    doc = load(make_pdf(report_pages(lambda k, n: f"— {k} —")), name="r.pdf")
    assert "— 1 —" in doc.text.split("\n")


CONTENTS = [
    ("一、总体情况", "……………………", "1"),
    ("二、主动公开政府信息情况", "……………", "2"),
    ("三、收到和处理政府信息公开申请情况", "………", "2"),
    ("四、存在的主要问题及改进情况", ".........", "3"),
]


def _contents_pdf(leaders: bool) -> bytes:
    toc = [(60, TITLE, 18), (120, "目  录", 14)]
    entries = [
        (160 + 24 * i, f"{t}{lead}{p}" if leaders else t, 11)
        for i, (t, lead, p) in enumerate(CONTENTS)
    ]
    body = [
        Page(lines=[(80, "一、总体情况", 11), (100, BODY, 11),
                    (140, "二、主动公开政府信息情况", 11), (160, "本年主动公开信息120条。", 11)]),
        Page(lines=[(80, "三、收到和处理政府信息公开申请情况", 11), (100, "本年新收申请95件。", 11),
                    (140, "四、存在的主要问题及改进情况", 11), (160, "公开质量有待提高。", 11)]),
    ]
    return make_pdf([Page(centred=toc, lines=entries), *body])


@pytest.mark.parametrize("leaders", [True, False], ids=["dotted leaders", "titles only"])
def test_pdf_contents_list_is_not_the_section_tree(leaders: bool) -> None:
    doc = load(_contents_pdf(leaders), name="r.pdf")
    assert "目  录" not in doc.text and "……" not in doc.text
    report = parse_document(doc)
    titles = [s.title for s in report.all_sections()]
    assert titles == [t.split("、", 1)[1] for t, _l, _p in CONTENTS]
    # each section starts at its heading in the body, not at its contents entry
    for section in report.sections:
        assert doc.text[section.start :].startswith(section.number + "、" + section.title)
    assert doc.title == TITLE


def test_pdf_entries_with_leaders_continue_on_next_page() -> None:
    first = Page(centred=[(60, "目录", 14)],
                 lines=[(100 + 20 * i, f"第{i}章 规定{i}…………{i}", 11) for i in range(1, 4)])
    second = Page(lines=[(80, "第4章 规定4…………9", 11), (100, "第一章 总则", 11),
                         (120, "为了规范工作，制定本办法。", 11)])
    doc = load(make_pdf([first, second]), name="r.pdf")
    assert doc.text.split("\n")[-2:] == ["第一章 总则", "为了规范工作，制定本办法。"]


LEFT_COLUMN = [f"左栏第{k}行，全年主动公开政府信息{k}条。" for k in range(1, 9)]
RIGHT_COLUMN = [f"右栏第{k}行，受理依申请公开{k}件。" for k in range(1, 9)]


def test_pdf_two_column_page_reads_left_column_then_right() -> None:
    c, buffer = _canvas()
    c.setFont("STSong-Light", 16)
    c.drawCentredString(PAGE[0] / 2, PAGE[1] - 60, TITLE)
    c.setFont("STSong-Light", 10)
    for k, (left, right) in enumerate(zip(LEFT_COLUMN, RIGHT_COLUMN, strict=True)):
        c.drawString(60, PAGE[1] - 110 - 16 * k, left)
        c.drawString(320, PAGE[1] - 110 - 16 * k, right)
    c.drawCentredString(PAGE[0] / 2, 40, "— 1 —")
    c.showPage()
    c.save()
    doc = load(buffer.getvalue(), name="two.pdf")
    assert doc.text.split("\n") == [TITLE, *LEFT_COLUMN, *RIGHT_COLUMN, "— 1 —"]


def test_pdf_borderless_table_is_not_two_columns() -> None:
    """Labels with their numbers far to the right are rows, not a second column of prose."""
    rows = [(f"第{k}项 行政许可事项办理情况", str(100 * k)) for k in range(1, 9)]
    c, buffer = _canvas()
    c.setFont("STSong-Light", 10)
    for k, (label, number) in enumerate(rows):
        c.drawString(60, PAGE[1] - 110 - 16 * k, label)
        c.drawString(400, PAGE[1] - 110 - 16 * k, number)
    c.showPage()
    c.save()
    doc = load(buffer.getvalue(), name="rows.pdf")
    assert doc.text.split("\n") == [f"{label} {number}" for label, number in rows]


# --------------------------------------------------------------------- PDF: encryption


def _encrypted(user: str) -> bytes:
    pytest.importorskip("reportlab.lib.pdfencrypt")
    return make_pdf(report_pages(), encrypt=_encryption(user))


def _encryption(user: str) -> object:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption(user, ownerPassword="owner-secret", canPrint=1)


def test_pdf_encrypted_with_empty_user_password_opens() -> None:
    doc = load(_encrypted(""), name="locked.pdf")
    assert doc.tables[0].texts() == T2_ROWS


def test_pdf_encrypted_with_a_password_is_a_typed_error() -> None:
    with pytest.raises(EncryptedPdfError, match=r"locked\.pdf.*empty password") as info:
        load(_encrypted("s3cret"), name="locked.pdf")
    assert isinstance(info.value, EncryptedFileError)


# --------------------------------------------------------------------- PDF: scanned pages


def _scanned(data: bytes, scale: float = 3.0) -> bytes:
    """The pages of ``data`` rendered to images, as an image-only PDF."""
    pdfium = pytest.importorskip("pypdfium2")
    pytest.importorskip("PIL")
    pdf = pdfium.PdfDocument(data)
    images = [pdf[i].render(scale=scale).to_pil().convert("RGB") for i in range(len(pdf))]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=72 * scale, save_all=True,
                   append_images=images[1:])
    return out.getvalue()


def _without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _extras.require

    def require(module: str, **kwargs: object) -> object:
        if module == "rapidocr_onnxruntime":
            raise MissingExtraError(module, "ocr", "Reading scanned PDF pages")
        return real(module, **kwargs)

    monkeypatch.setattr("govreport_nlp.read.formats.ocr.require", require)
    from govreport_nlp.read.formats import ocr

    ocr._engine.cache_clear()


def test_scanned_pdf_without_ocr_names_pages_and_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    scan = _scanned(make_pdf(report_pages(n=2)))
    _without_ocr(monkeypatch)
    with pytest.raises(ScannedPdfError, match=r"scan\.pdf: page\(s\) 1, 2 .*\[ocr\]") as info:
        load(scan, name="scan.pdf")
    assert info.value.pages == (1, 2)


def test_blank_pdf_page_is_not_a_scan() -> None:
    doc = load(make_pdf([*report_pages(), Page()]), name="r.pdf")
    assert doc.ocr_pages == ()


@pytest.fixture(scope="module")
def text_and_ocr() -> tuple[Document, Document]:
    pytest.importorskip("rapidocr_onnxruntime")
    data = make_pdf(report_pages(n=2))
    text_doc = load(data, name="r.pdf")
    if "政府" not in text_doc.text or not _renders_chinese():
        # The test report's font (reportlab's STSong-Light) is not embedded: PDFium needs a
        # system CJK font to render it (text extraction may still work from the character
        # codes), or the scanned image holds only the digits.
        pytest.skip("no CJK system font for the built test PDF (Debian: fonts-noto-cjk, "
                    "which .ci/run installs)")
    return text_doc, load(_scanned(data), name="scan.pdf")


def _renders_chinese() -> bool:
    """Whether PDFium draws any ink for a line of Chinese in the test PDFs' font."""
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(make_pdf([Page(lines=[(120, "政府信息公开工作年度报告", 18)])]))
    image = pdf[0].render(scale=1).to_pil().convert("L")
    return image.getextrema()[0] < 128


def test_ocr_reads_scanned_pages_like_the_text_layer(text_and_ocr) -> None:
    text_doc, ocr_doc = text_and_ocr
    assert ocr_doc.ocr_pages == (1, 2) and text_doc.ocr_pages == ()
    assert ocr_doc.tables[0].texts() == text_doc.tables[0].texts() == T2_ROWS
    assert_cells_exact(ocr_doc)
    assert ocr_doc.title == TITLE


def test_ocr_gives_the_same_figures_and_template_cells(text_and_ocr) -> None:
    text_doc, ocr_doc = text_and_ocr
    text_report, ocr_report = parse_document(text_doc), parse_document(ocr_doc)

    def figures(report: object) -> list[tuple]:
        return [(i.value, i.unit, i.kind, i.table and (i.table.row, i.table.column))
                for i in report.indicators]

    assert figures(ocr_report) == figures(text_report)
    assert ocr_report.meta.to_dict()["ocr_pages"] == [1, 2]
    assert "ocr_pages" not in text_report.meta.to_dict()
    # every OCR'd figure carries the score of the line or cell it was read from; a blank
    # cell (a 0 read from where no text is) was read from no OCR'd text and carries none
    printed = [i for i in ocr_report.indicators if not (i.table and i.table.blank)]
    assert len(printed) < len(ocr_report.indicators)
    assert all(0 < i.ocr_confidence <= 1 for i in printed)
    assert all("ocr_confidence" in i.to_dict() for i in printed)
    assert all(i.ocr_confidence is None for i in text_report.indicators)
    assert all("ocr_confidence" not in i.to_dict() for i in text_report.indicators)


# --------------------------------------------------------------------- OFD


def _ofd(pages: Sequence[Sequence[str]], title: str | None = "测试文档") -> bytes:
    """An OFD package: each page a list of XML objects (TextObject/PathObject)."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = f"<ofd:Title>{title}</ofd:Title>" if title else ""
        z.writestr("OFD.xml", f'<ofd:OFD {ns} Version="1.0"><ofd:DocBody><ofd:DocInfo>{info}'
                   "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                   "</ofd:DocBody></ofd:OFD>")
        listed = "".join(f'<ofd:Page ID="{i}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                         for i in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f"<ofd:Document {ns}><ofd:CommonData><ofd:PageArea>"
                   "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                   f"</ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>")
        for i, objects in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml",
                       f"<ofd:Page {ns}><ofd:Content><ofd:Layer>{''.join(objects)}"
                       "</ofd:Layer></ofd:Content></ofd:Page>")
    return out.getvalue()


def _ofd_text(x: float, y: float, text: str, size: float = 4.0) -> str:
    return (f'<ofd:TextObject Boundary="{x} {y} 150 {size * 1.5}" Size="{size}" Font="1">'
            f'<ofd:TextCode X="0" Y="{size}" DeltaX="g {max(len(text) - 1, 1)} {size}">'
            f"{text}</ofd:TextCode></ofd:TextObject>")


def _ofd_table(x: float, y: float, rows: Sequence[Sequence[str]], widths: Sequence[float],
               height: float = 8.0) -> list[str]:
    """A ruled table: one path of M/L strokes for the grid, a TextObject per cell."""
    total = sum(widths)
    moves = []
    for r in range(len(rows) + 1):
        moves.append(f"M 0 {r * height} L {total} {r * height}")
    edge = 0.0
    for w in [0.0, *widths]:
        edge += w
        moves.append(f"M {edge} 0 L {edge} {len(rows) * height}")
    objects = [f'<ofd:PathObject Boundary="{x} {y} {total} {len(rows) * height}">'
               f"<ofd:AbbreviatedData>{' '.join(moves)}</ofd:AbbreviatedData></ofd:PathObject>"]
    for r, row in enumerate(rows):
        left = x
        for w, text in zip(widths, row, strict=True):
            if text:
                objects.append(_ofd_text(left + 1, y + r * height + 1.5, text, 3.5))
            left += w
    return objects


def test_ofd_text_and_ruled_table() -> None:
    page = [_ofd_text(25, 20, TITLE, 6), _ofd_text(25, 40, "二、主动公开政府信息情况"),
            *_ofd_table(25, 50, T2_ROWS, [50, 35, 35, 35]), _ofd_text(25, 90, BODY)]
    data = _ofd([page])
    assert sniff_format(data, hint=".ofd") == "ofd"
    doc = load(data, name="r.ofd")
    assert doc.format == "ofd"
    assert doc.text.split("\n") == [
        TITLE, "二、主动公开政府信息情况", *("\t".join(r) for r in T2_ROWS), BODY,
    ]
    assert doc.tables[0].texts() == T2_ROWS and doc.tables[0].rows[1][2] == Cell("")
    assert doc.title == TITLE
    assert_cells_exact(doc)


def test_ofd_title_from_doc_info_when_page_one_has_no_large_type() -> None:
    doc = load(_ofd([[_ofd_text(25, 20, BODY)]], title="某区预算说明"), name="r.ofd")
    assert doc.title == "某区预算说明"


def _deflate_damaged(data: bytes) -> bytes:
    """The package re-deflated, with its page's compressed bytes overwritten (the fuzz of
    issue 19 found raw ``zlib.error`` escaping from such files)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members:
            z.writestr(name, body * 20)
    packed = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(packed))) as z:
        page = next(i for i in z.infolist() if i.filename.endswith("Content.xml"))
    start = page.header_offset + 30 + len(page.filename.encode())
    packed[start : start + 8] = b"\xff" * 8  # an invalid deflate block type
    return bytes(packed)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d[: len(d) // 2], id="truncated"),
        pytest.param(lambda d: _ofd([["<ofd:TextObject"]]), id="bad page XML"),
        pytest.param(_deflate_damaged, id="damaged deflate data"),
    ],
)
def test_ofd_damaged_is_corrupt(damage: Callable[[bytes], bytes]) -> None:
    with pytest.raises(CorruptFileError, match=r"r\.ofd"):
        load(damage(_ofd([[_ofd_text(25, 20, BODY)]])), name="r.ofd")


@pytest.mark.parametrize(
    "data",
    [b"\x1f\x8b\x08", b"\x1f\x8b", b"\x1f\x8b\x08\x00\x00", b"BZh"],
    ids=["gzip cut after its method byte", "gzip magic only", "gzip cut in its flags",
         "bzip2 magic"],
)
def test_a_damaged_tar_archive_is_one_error_record(data: bytes) -> None:
    # found by the fuzz of issue 19: the first one raised TypeError out of the batch
    (record,) = list(iter_sources([("x.tar.gz", data), ("ok.txt", BODY.encode())]))[:1]
    assert record.type == "CorruptFileError" and "x.tar.gz" in record.message
    assert len(list(iter_sources([("x.tar.gz", data), ("ok.txt", BODY.encode())]))) == 2


# --------------------------------------------------------------------- workbooks

SHEET = [
    ["指标", "2023年", "2024年", "单位"],
    ["地区生产总值", 7545.2, 8012.0, "亿元"],
    ["常住人口", 512, None, "万人"],
]
SHEET_TEXT = [["指标", "2023年", "2024年", "单位"], ["地区生产总值", "7545.2", "8012", "亿元"],
              ["常住人口", "512", "", "万人"]]


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xls(sheets: dict[str, list[list[object]]]) -> bytes:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("make", "name"), [(_xlsx, "annex.xlsx"), (_xls, "annex.xls")],
                         ids=["xlsx", "xls"])
def test_workbook_sheets_are_tables(make: Callable, name: str) -> None:
    pytest.importorskip("python_calamine")
    data = make({"主要指标": SHEET, "附表2": [["项目", "金额"], ["教育支出", 12.5]]})
    assert sniff_format(data) == name.rsplit(".", 1)[1]
    doc = load(data, name=name)
    assert doc.format == name.rsplit(".", 1)[1]
    assert [t.texts() for t in doc.tables] == [SHEET_TEXT, [["项目", "金额"], ["教育支出", "12.5"]]]
    assert doc.text.split("\n")[0] == "主要指标"
    assert doc.tables[0].rows[2][2] == Cell("")
    assert_cells_exact(doc)


def test_workbook_figures_keep_exact_values() -> None:
    pytest.importorskip("python_calamine")
    doc = load(_xlsx({"s": [["项目", "金额（万元）"], ["教育支出", 0.1], ["卫生支出", 1234.56]]}),
               name="a.xlsx")
    assert doc.tables[0].texts()[1:] == [["教育支出", "0.1"], ["卫生支出", "1234.56"]]


def test_workbook_damaged_is_corrupt() -> None:
    pytest.importorskip("python_calamine")
    data = _xls({"s": SHEET})
    with pytest.raises(CorruptFileError, match=r"cut\.xls"):
        load(data[: len(data) // 2], name="cut.xls")


# --------------------------------------------------------------------- binary Word


def _ole(stream: str) -> bytes:
    """The head of a compound file naming one stream (enough to be told apart)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + stream.encode("utf-16-le") + b"\x00" * 1024


@pytest.mark.parametrize(("name", "kind"), [("r.doc", "doc"), ("r.wps", "wps")])
def test_binary_word_without_libreoffice_names_format_and_fix(
    monkeypatch: pytest.MonkeyPatch, name: str, kind: str
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    data = _ole("WordDocument")
    assert sniff_format(data, hint="." + kind) == kind
    with pytest.raises(UnsupportedFormatError, match=rf"{name}.*\.{kind}.*LibreOffice.*\.docx"):
        load(data, name=name)


def test_legacy_office_of_unknown_kind_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormatError, match="legacy Office"):
        load(_ole("PowerPoint Document"), name="deck.bin")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
def test_binary_word_converted_by_libreoffice(tmp_path) -> None:
    import subprocess

    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(BODY)
    source = tmp_path / "r.docx"
    document.save(source)
    subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    doc = load((tmp_path / "r.doc").read_bytes(), name="r.doc")
    assert doc.text.split("\n")[:2] == [TITLE, BODY]


# --------------------------------------------------------------------- inside archives


def _zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:  # stored: a member PDF's header is near the start
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _tarred(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize(("pack", "name"), [(_zipped, "archive.zip"), (_tarred, "archive.tar.gz")],
                         ids=["zip", "tar.gz"])
def test_every_format_inside_an_archive(pack: Callable, name: str) -> None:
    pytest.importorskip("python_calamine")
    members = {
        "a/report.pdf": make_pdf(report_pages()),
        "a/report.ofd": _ofd([[_ofd_text(25, 20, BODY)]]),
        "a/annex.xlsx": _xlsx({"s": SHEET}),
        "a/annex.xls": _xls({"s": SHEET}),
    }
    blobs = list(iter_sources([(name, pack(members))]))
    docs = [load(blob.data, name=blob.source) for blob in blobs]
    formats = {d.source.rsplit("/", 1)[-1]: d.format for d in docs}
    assert formats == {"report.pdf": "pdf", "report.ofd": "ofd", "annex.xlsx": "xlsx",
                       "annex.xls": "xls"}
    assert docs[[d.format for d in docs].index("pdf")].tables[0].texts() == T2_ROWS


def test_a_zip_archive_is_not_one_document() -> None:
    """Its first member, a stored PDF, puts "%PDF-" near the start: still an archive."""
    with pytest.raises(UnsupportedFormatError):
        load(_zipped({"a/report.pdf": make_pdf(report_pages())}), name="archive.zip")

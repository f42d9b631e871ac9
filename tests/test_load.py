"""Loader: encodings, format sniffing, structured formats with table offsets, corpus twins."""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED, needs_shared
from govreport_nlp.errors import (
    CorruptFileError,
    DecodeError,
    LoadError,
    MultipleDocumentsError,
    UnsupportedFormatError,
)
from govreport_nlp.models import Document
from govreport_nlp.read.formats.encoding import decode_text
from govreport_nlp.read.load import load, load_all, sniff_format

CORPORA = SHARED / "corpora"


def assert_cells_exact(doc: Document) -> None:
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                if cell.merged:  # a merged cell's copy: printed once, at its origin
                    assert (cell.start, cell.end) == (-1, -1)
                    continue
                assert doc.text[cell.start : cell.end] == cell.text


# ---------------------------------------------------------------------------- encodings

# (report text, encoding used to write it, BOM prepended, encoding reported)
ENCODING_CASES = [
    ("政府信息公开", "gbk", b"", "gb18030"),
    ("年度报告", "gbk", b"", "gb18030"),
    ("工作", "gbk", b"", "gb18030"),
    ("水平", "gbk", b"", "gb18030"),  # its GBK bytes are valid UTF-8 ("ˮƽ")
    ("食品药品", "gbk", b"", "gb18030"),
    ("单纯", "gbk", b"", "gb18030"),  # Big5 reads the bytes as common 等曾
    ("受理申请95件", "gb2312", b"", "gb18030"),
    ("𠀀年报", "gb18030", b"", "gb18030"),  # four-byte GB18030 sequence
    ("政府資訊公開", "big5", b"", "big5"),
    ("監督", "big5", b"", "big5"),
    ("萬億元", "big5", b"", "big5"),
    ("政府工作報告", "big5", b"", "big5"),
    ("政府信息公开", "utf-8", b"", "utf-8"),
    ("政府信息公开", "utf-8", codecs.BOM_UTF8, "utf-8"),
    ("政府信息公开\r\n", "utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("政府信息公开\r\n", "utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ("政府信息公开", "utf-32-le", codecs.BOM_UTF32_LE, "utf-32"),
    ("plain ASCII report", "ascii", b"", "utf-8"),
]


@pytest.mark.parametrize(
    ("text", "codec", "bom", "reported"),
    ENCODING_CASES,
    ids=[f"{t.strip()}-{c}{'-bom' if b else ''}" for t, c, b, _ in ENCODING_CASES],
)
def test_encoding_detected(text: str, codec: str, bom: bytes, reported: str) -> None:
    doc = load(bom + text.encode(codec), name="r.txt")
    assert (doc.text, doc.encoding, doc.format) == (text, reported, "txt")


def test_utf8_bom_removed_and_offsets_index_the_rest() -> None:
    doc = load(codecs.BOM_UTF8 + "受理申请95件。".encode(), name="r.txt")
    start = doc.text.index("95")
    assert start == 4 and doc.text[start : start + 3] == "95件"


def test_line_endings_untouched() -> None:
    doc = load("一、总体情况\r\n二、主动公开\r\n".encode("gbk"), name="r.txt")
    assert doc.text == "一、总体情况\r\n二、主动公开\r\n"


def test_sha256_of_input_bytes() -> None:
    data = "政府信息公开".encode("gbk")
    assert load(data).sha256 == hashlib.sha256(data).hexdigest()
    assert load("政府信息公开").sha256 == hashlib.sha256("政府信息公开".encode()).hexdigest()


def test_undecodable_bytes_raise_decode_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken_report.txt"
    # 0x80 is a lone byte in GB18030, Big5 and UTF-8 alike.
    path.write_bytes("政府".encode() + b"\x80\x80\x80" + b"abc")
    with pytest.raises(DecodeError, match=r"broken_report\.txt"):
        load(path)


def test_truncated_bom_text_raises_decode_error() -> None:
    with pytest.raises(DecodeError, match="utf-16"):
        load(codecs.BOM_UTF16_LE + b"\x3f", name="odd.txt")


@given(st.text(alphabet=st.characters(codec="gbk", exclude_categories=("Cs", "Cc")), min_size=6))
@settings(max_examples=200, deadline=None)
def test_gbk_roundtrip_without_mojibake(text: str) -> None:
    """Whatever the detector picks, it never returns replacement characters."""
    data = text.encode("gbk")
    decoded, encoding = decode_text(data, "h.txt")
    assert "\ufffd" not in decoded
    assert decoded.encode(encoding if encoding != "utf-8" else "utf-8") == data


# ---------------------------------------------------------------------------- str input


def test_str_with_newline_is_text_even_if_a_file_has_that_name(tmp_path: Path) -> None:
    doc = load("一、总体情况\n全年受理申请95件。")
    assert (doc.source, doc.encoding, doc.format) == ("<text>", None, "txt")


def test_str_naming_existing_file_is_a_path(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("政府信息公开".encode("gbk"))
    doc = load(str(path))
    assert (doc.text, doc.source, doc.encoding) == ("政府信息公开", str(path), "gb18030")


def test_name_overrides_source(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("报告", encoding="utf-8")
    assert load(path, name="2012/benxi.txt").source == "2012/benxi.txt"
    assert load("报告", name="inline").source == "inline"


def test_missing_path_raises_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"nope\.txt"):
        load(tmp_path / "nope.txt")


# ---------------------------------------------------------------------------- sniffing

PDF_MIN = b"%PDF-1.4\n"
SNIFF_CASES = [
    ("<html><body><p>报告</p></body></html>".encode(), ".pdf", "html"),
    (b"<!DOCTYPE html><title>t</title>", ".txt", "html"),
    ('[<div class="x">\n<p>各位代表：</p>\n</div>]'.encode(), "", "html"),
    ("一、总体情况".encode(), ".html", "txt"),
    ("# 一、总体情况".encode(), ".md", "md"),
    (PDF_MIN, ".txt", "pdf"),
    (b"\n\n" + PDF_MIN, "", "pdf"),
    ('{"text": "一"}\n{"text": "二"}\n'.encode(), "", "jsonl"),
    ("a,full_text\n1,报告\n".encode(), ".csv", "csv"),
    (b"<stata_dta><header>", "", "dta"),
]


@pytest.mark.parametrize(
    ("data", "hint", "expected"),
    SNIFF_CASES,
    ids=[f"{d[:20]!r}{h}" for d, h, _ in SNIFF_CASES],
)
def test_format_by_content(data: bytes, hint: str, expected: str) -> None:
    assert sniff_format(data, hint=hint) == expected


UNSUPPORTED_CASES = [
    (b"\x89PNG\r\n\x1a\n" + bytes(40), "scan.pdf"),
    (b"\xff\xd8\xff\xe0" + bytes(40), "photo.txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40), "old.doc"),
    (bytes(range(256)) * 4, "blob.bin"),
    (b"\x00\x01\x02\x03" * 100, "report.txt"),
]


@pytest.mark.parametrize(("data", "name"), UNSUPPORTED_CASES, ids=[n for _, n in UNSUPPORTED_CASES])
def test_unsupported_content_names_the_source(data: bytes, name: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=regex.escape(name)):
        load(data, name=name)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buf.getvalue()


def test_plain_zip_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"reports\.zip"):
        load(_zip({"a.txt": b"x"}), name="reports.zip")


def test_docx_that_is_a_zip_of_junk_is_corrupt() -> None:
    with pytest.raises(CorruptFileError, match=r"fake\.docx"):
        load(_zip({"junk.bin": b"\x00" * 10}), name="fake.docx")


def test_truncated_zip_is_corrupt() -> None:
    with pytest.raises(CorruptFileError, match=r"cut\.docx"):
        load(_zip({"word/document.xml": b"<x/>" * 100})[:60], name="cut.docx")


def test_pdf_of_junk_after_header_is_corrupt() -> None:
    with pytest.raises(CorruptFileError, match=r"junk\.pdf"):
        load(PDF_MIN + b"this is not a pdf body", name="junk.pdf")


def test_binary_named_pdf_without_magic_is_corrupt() -> None:
    with pytest.raises(CorruptFileError, match=r"claims\.pdf"):
        load(b"\xff\xfe\xfd" * 3 + b"\x80" * 30, name="claims.pdf")


def test_pdf_that_is_an_html_page_reads_as_html() -> None:
    page = "<html><head><title>年报</title></head><body><p>全年受理申请95件。</p></body></html>"
    doc = load(page.encode(), name="report.pdf")
    assert (doc.format, doc.text, doc.title) == ("html", "全年受理申请95件。", "年报")


# ---------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>本溪市2012年度政府信息公开工作报告</title>
<style>p { color: red }</style><script>var x = "不是正文";</script></head>
<body>
<header>网站首页</header><nav><a>首页</a> &gt; <a>信息公开</a></nav>
<div class="bdsharebuttonbox">分享到</div>
<div class="article">
  <h2>一、概述</h2>
  <p>　　全年受理政府信息公开申请
  95件。</p>
  <p>第一行<br>第二行</p>
  <table>
    <tr><th>申请人</th><th>数量</th></tr>
    <tr><td>自然人</td><td><p>90</p></td></tr>
    <tr><td>法人或其他组织</td><td>5</td></tr>
  </table>
  <p>二、其他</p>
</div>
<footer>版权所有</footer>
</body></html>"""


def test_html_drops_furniture_and_keeps_blocks_and_table_rows() -> None:
    doc = load(HTML_PAGE.encode("gbk"), name="benxi.html")
    assert doc.format == "html" and doc.encoding == "gb18030"
    assert doc.title == "本溪市2012年度政府信息公开工作报告"
    assert doc.text.split("\n") == [
        "一、概述",
        "全年受理政府信息公开申请 95件。",
        "第一行",
        "第二行",
        "申请人\t数量",
        "自然人\t90",
        "法人或其他组织\t5",
        "二、其他",
    ]
    assert [[c.text for c in row] for row in doc.tables[0].rows] == [
        ["申请人", "数量"],
        ["自然人", "90"],
        ["法人或其他组织", "5"],
    ]
    assert_cells_exact(doc)


def test_html_layout_table_is_read_as_blocks() -> None:
    long_para = "全年受理申请95件。" * 60
    page = f"<table><tr><td><p>一、概述</p><p>{long_para}</p></td><td>侧栏</td></tr></table>"
    doc = load(page.encode(), name="x.html")
    assert doc.tables == () and doc.text.split("\n") == ["一、概述", long_para, "侧栏"]


def test_govcn_resultset_fragment_loses_list_debris() -> None:
    fragment = (
        '[<div class="conlun2_box_text">\n<h5>一、回顾</h5>\n<p>过去一年。</p>\n</div>, '
        "<div>\n<p>各位代表！</p></div>]"
    )
    doc = load(fragment.encode(), name="2014_guowuyuan.govcn_fragment.html")
    assert doc.text == "一、回顾\n过去一年。\n各位代表！"


# ---------------------------------------------------------------------------- DOCX


def _make_docx(path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、主动公开政府信息情况", style="Heading 1")
    document.add_paragraph("第二十条第（一）项")
    table = document.add_table(rows=2, cols=3)
    for i, text in enumerate(["信息内容", "本年制发件数", "本年废止件数"]):
        table.cell(0, i).text = text
    for i, text in enumerate(["规章", "0", "12"]):
        table.cell(1, i).text = text
    document.add_paragraph("二、收到和处理政府信息公开申请情况")
    document.save(path)


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    _make_docx(path)
    doc = load(path)
    assert doc.format == "docx" and doc.title == "一、主动公开政府信息情况"
    assert doc.text.split("\n") == [
        "一、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数",
        "规章\t0\t12",
        "二、收到和处理政府信息公开申请情况",
    ]
    assert doc.tables[0].texts() == [
        ["信息内容", "本年制发件数", "本年废止件数"],
        ["规章", "0", "12"],
    ]
    assert_cells_exact(doc)


def test_docx_named_txt_is_read_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    _make_docx(path)
    doc = load(path.read_bytes(), name="report.txt")
    assert doc.format == "docx"


# ---------------------------------------------------------------------------- PDF


def _pdf(content: bytes) -> bytes:
    """A one-page PDF (Helvetica) whose page draws ``content``; xref offsets computed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _text(x: int, y: int, s: str) -> bytes:
    return b"BT /F1 11 Tf %d %d Td (%s) Tj ET\n" % (x, y, s.encode("ascii"))


def _ruled_table(x: int, top: int, widths: list[int], rows: list[list[str]], h: int = 20) -> bytes:
    out = bytearray(b"0.5 w\n")
    for r, row in enumerate(rows):
        y = top - (r + 1) * h
        cx = x
        for w, text in zip(widths, row, strict=True):
            out += b"%d %d %d %d re S\n" % (cx, y, w, h)
            out += _text(cx + 4, y + 6, text)
            cx += w
    return bytes(out)


PDF_TABLE = [["Item", "Count"], ["Requests", "95"], ["Appeals", "3"]]
PDF_PAGE = (
    _text(72, 740, "Annual report 2023")
    + _text(72, 720, "Before the table")
    + _ruled_table(72, 700, [150, 80], PDF_TABLE)
    + _text(72, 600, "After the table")
)


def test_pdf_text_and_table_rows_in_reading_order() -> None:
    pytest.importorskip("pypdfium2")
    doc = load(_pdf(PDF_PAGE), name="r.pdf")
    assert doc.format == "pdf"
    assert doc.text.split("\n") == [
        "Annual report 2023",
        "Before the table",
        "Item\tCount",
        "Requests\t95",
        "Appeals\t3",
        "After the table",
    ]
    assert doc.tables[0].texts() == PDF_TABLE and doc.tables[0].page == 1
    assert_cells_exact(doc)


def test_pdf_truncated_is_corrupt() -> None:
    pytest.importorskip("pypdfium2")
    data = _pdf(PDF_PAGE)
    with pytest.raises(CorruptFileError, match=r"cut\.pdf"):
        load(data[: len(data) // 3], name="cut.pdf")


# ---------------------------------------------------------------------------- containers


def test_csv_rows_with_bom_and_longest_text_column() -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["province", "title", "full_text"])
    writer.writerow(["北京市", "2026年北京市政府工作报告", "各位代表：\r\n现在，我代表……"])
    writer.writerow(["西藏", "2026年西藏自治区政府工作报告", "各位代表：\n一、2025年工作回顾"])
    docs = load_all(codecs.BOM_UTF8 + buf.getvalue().encode(), name="reports.csv")
    assert [(d.source, d.title, d.format, d.encoding) for d in docs] == [
        ("reports.csv#1", "2026年北京市政府工作报告", "csv", "utf-8"),
        ("reports.csv#2", "2026年西藏自治区政府工作报告", "csv", "utf-8"),
    ]
    assert docs[0].text == "各位代表：\r\n现在，我代表……"
    with pytest.raises(MultipleDocumentsError, match="load_all"):
        load(codecs.BOM_UTF8 + buf.getvalue().encode(), name="reports.csv")


def test_csv_with_one_row_loads_as_one_document() -> None:
    data = 'year,full_text\n2026,"各位代表：\n现在"\n'.encode("gbk")
    doc = load(data, name="one.csv")
    assert (doc.text, doc.source, doc.encoding) == ("各位代表：\n现在", "one.csv#1", "gb18030")


def test_tsv_rows() -> None:
    docs = load_all("year\treport\n2024\t报告甲\n2025\t报告乙\n".encode(), name="r.tsv")
    assert [d.text for d in docs] == ["报告甲", "报告乙"]


def test_jsonl_fields_and_source_names() -> None:
    lines = [
        {"content": "1954年报告", "title": "政府工作报告"},
        {"full_text": "1955年报告", "source": "wikisource/1955.txt"},
        {"text": "1956年报告"},
    ]
    data = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode()
    docs = load_all(data, name="reports.jsonl")
    assert [(d.text, d.source, d.title) for d in docs] == [
        ("1954年报告", "reports.jsonl#1", "政府工作报告"),
        ("1955年报告", "wikisource/1955.txt", None),
        ("1956年报告", "reports.jsonl#3", None),
    ]


def test_jsonl_bad_line_names_source_and_line() -> None:
    with pytest.raises(CorruptFileError, match=r"r\.jsonl:2"):
        load_all(b'{"text": "a"}\n{not json}\n', name="r.jsonl")


def test_single_document_input_gives_one_element_list() -> None:
    assert [d.text for d in load_all("报告")] == ["报告"]


# ---------------------------------------------------------------------------- corpus

RAW_EXPECTED = {  # file-name ending -> (format, encoding)
    ".gbk.txt": ("txt", "gb18030"),
    ".govcn_fragment.html": ("html", "utf-8"),
    ".docx": ("docx", None),
    ".pdf": ("pdf", None),
    ".csv": ("csv", "utf-8"),
    ".dta": ("dta", None),
}


def _raw_files() -> list[Path]:
    return sorted(CORPORA.glob("*/raw_formats/*")) if CORPORA.is_dir() else []


def _expected(path: Path) -> tuple[str, str | None]:
    return next(v for k, v in RAW_EXPECTED.items() if path.name.endswith(k))


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", _raw_files(), ids=lambda p: p.name)
def test_raw_file_loads_with_right_format(path: Path) -> None:
    docs = load_all(path)
    assert docs and all((d.format, d.encoding) == _expected(path) for d in docs)
    for doc in docs:
        assert doc.text.strip()
        assert_cells_exact(doc)


def _twin(path: Path) -> Path:
    stem = path.name.split(".")[0]
    return path.parent.parent / f"{stem}.txt"


EXACT_TWINS = [
    p for p in _raw_files() if p.suffix in (".txt", ".docx", ".csv") and _twin(p).exists()
]


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", EXACT_TWINS, ids=lambda p: p.name)
def test_raw_file_equals_its_utf8_twin(path: Path) -> None:
    """GBK text, DOCX (w:p joined by newline) and CSV rows reproduce the twin exactly."""
    assert load(path).text == _twin(path).read_bytes().decode("utf-8")


@needs_shared
@pytest.mark.corpus
def test_dta_rows_equal_their_twins() -> None:
    docs = load_all(CORPORA / "work_reports/raw_formats/shanghai_2020-2024.dta")
    twins = [
        (CORPORA / f"work_reports/{y}_shanghaishi.txt").read_bytes().decode()
        for y in range(2020, 2025)
    ]
    assert [d.text for d in docs] == twins


def _han(text: str) -> str:
    return "".join(regex.findall(r"\p{Han}", text))


PDF_FILES = [p for p in _raw_files() if p.suffix == ".pdf"]


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize("path", PDF_FILES, ids=lambda p: p.name)
def test_pdf_has_same_han_characters_in_same_order_as_pypdf_twin(path: Path) -> None:
    """The twins were extracted with pypdf; layout differs, the characters must not."""
    doc = load(path)
    assert _han(doc.text) == _han(_twin(path).read_text(encoding="utf-8"))
    assert len(doc.tables) >= 3  # the disclosure template's tables 2-4


def _no_space(text: str) -> str:
    return regex.sub(r"[\s\u200b]", "", text)


# The gov.cn fragments' twins are Wikisource texts, not extractions of the fragment, so they
# differ in editorial details; whitespace is ignored and the share of the fragment's text
# found in the twin (in order) is measured.  2020's twin is the "文字实录" transcript edition.
HTML_TWINS = [
    ("2014", 1.0),
    ("2015", 0.99),
    ("2016", 1.0),
    ("2017", 0.99),
    ("2018", 1.0),
    ("2019", 1.0),
    ("2020", 0.9),
]


@needs_shared
@pytest.mark.corpus
@pytest.mark.parametrize(("year", "share"), HTML_TWINS, ids=[y for y, _ in HTML_TWINS])
def test_govcn_fragment_text_found_in_wikisource_twin(year: str, share: float) -> None:
    path = CORPORA / f"work_reports/raw_formats/{year}_guowuyuan.govcn_fragment.html"
    ours = _no_space(load(path).text)
    twin = _no_space((CORPORA / f"work_reports/{year}_guowuyuan.txt").read_text(encoding="utf-8"))
    if share == 1.0:
        assert ours in twin
    else:
        matcher = difflib.SequenceMatcher(None, ours, twin, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        assert matched / len(ours) >= share


def _all_corpus_files() -> list[Path]:
    return sorted(p for p in CORPORA.rglob("*") if p.is_file()) if CORPORA.is_dir() else []


@needs_shared
@pytest.mark.corpus
def test_every_corpus_file_loads() -> None:
    counts: dict[str, int] = {}
    for path in _all_corpus_files():
        if path.name == "MANIFEST.tsv":  # a catalogue of the corpus, not a table of reports
            with pytest.raises(UnsupportedFormatError, match="no column of report text"):
                load_all(path)
            continue
        for doc in load_all(path):
            counts[doc.format] = counts.get(doc.format, 0) + 1
    assert {"txt", "html", "docx", "pdf", "csv", "dta"} <= set(counts)


@pytest.mark.parametrize(("text", "codec"), [("00000〓", "gbk"), ("政府資訊公開", "big5")],
                         ids=["gbk-A1FE", "big5"])
def test_a_reading_the_codec_would_not_write_back_is_the_weaker_one(text: str, codec: str) -> None:
    """GBK 〓 (A1FE) is also Big5 ／, which Big5 writes as A241: the lossless reading wins
    (found by the round-trip property above)."""
    data = text.encode(codec)
    decoded, encoding = decode_text(data, "h.txt")
    assert decoded == text and decoded.encode(encoding) == data

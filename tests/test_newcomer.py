"""What a newcomer meets in the first hour (issue 20): a typed error for a mistyped path, the
documented names after a parse, one-line output errors with exit 2, and a line on the terminal
for every input that gave nothing to read.  Each case runs through the public API or the CLI
(exit status and the one line)."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import govreport_nlp
from govreport_nlp import InputNotFoundError, LoadError, parse, parse_text
from govreport_nlp.cli import main
from govreport_nlp.read.load import string_kind

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "2012_benxi.txt"
SRC = ROOT / "src"
CHINESE = "二、主动公开政府信息情况\n全年主动公开政府信息2847条。\n"


# --- a str that looks like a path is one --------------------------------------------------

@pytest.mark.parametrize("src", [
    "/typo/path.tx", "corpora/2012_benxi.tx", "report.pdf", "报告/本溪2012.txt",
    "./benxi.txt", "C:\\reports\\benxi.docx", "data/reports", "2012年报告.docx",
], ids=lambda s: s)
def test_a_missing_path_string_raises_input_not_found(src: str) -> None:
    with pytest.raises(InputNotFoundError, match="no such file"):
        parse(src)


def test_input_not_found_is_a_load_error_and_a_file_not_found_error() -> None:
    assert issubclass(InputNotFoundError, LoadError)
    assert issubclass(InputNotFoundError, FileNotFoundError)


@pytest.mark.parametrize("text", [
    "全年受理申请95件/次", "2023年/2024年受理95件", "一、总体情况", "全年受理申请95件。",
    "first line\nsecond/line.txt", "x" * 5000 + ".txt",
], ids=lambda s: s[:24])
def test_text_is_text(text: str) -> None:
    assert string_kind(text).kind == "text"
    assert parse(text).source == "<text>"


def test_parse_text_never_reads_a_path() -> None:
    report = parse_text("/typo/path.tx")
    assert report.source == "<text>" and report.text == "/typo/path.tx"
    assert parse_text(str(SEED)).text == str(SEED)  # even one that exists


def test_an_existing_path_string_is_read() -> None:
    assert parse(str(SEED)).source == str(SEED)


@pytest.mark.parametrize("command", ["check", "show", "panel", "parse"])
def test_cli_never_reads_an_argument_as_text(command: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nonexist")
    status = main([command, missing])
    err = capsys.readouterr().err.strip().splitlines()
    assert status != 0
    assert f"{missing}: no such file" in err[0] or any(
        f"{missing}: no such file" in line for line in err)


def test_check_of_a_missing_path_is_one_line_and_fails(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nonexist")]) == 2
    err = capsys.readouterr().err
    assert err == f"govreport check: {tmp_path / 'nonexist'}: no such file or folder\n"


# --- documented names stay what the docs say ----------------------------------------------

KINDS = {
    "__version__": str, "parse": "function", "parse_text": "function",
    "parse_many": "function", "load": "function", "normalise": "function",
    "segment": "function", "to_dataframe": "function", "panel": "function",
    "Document": type, "Report": type, "Section": type, "Indicator": type,
}


def test_every_public_name_is_what_the_docs_say_after_a_parse() -> None:
    parse(CHINESE)
    parse(str(SEED))
    module = importlib.reload(govreport_nlp)
    names = [name for name in module.__all__]
    assert set(KINDS) <= set(names)
    for name in names:
        value = getattr(module, name)
        exec(f"from govreport_nlp import {name} as imported", {}, scope := {})
        assert scope["imported"] is value, name
        expected = KINDS.get(name)
        if expected == "function":
            assert callable(value) and not isinstance(value, type(govreport_nlp)), name
        elif expected is not None:
            assert isinstance(value, expected), name
        else:  # the exported errors
            assert isinstance(value, type) and issubclass(value, Exception), name


def test_load_normalise_segment_are_callable_after_a_parse() -> None:
    parse(CHINESE)
    from govreport_nlp import load, normalise, segment

    assert load(CHINESE).text == CHINESE
    assert normalise(CHINESE).text == CHINESE
    assert [t.word for t in segment("政府信息")] == ["政府信息"]


# --- output errors: one line, exit 2 -------------------------------------------------------

def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_output_into_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "-o", str(tmp_path)]) == 2
    assert _one_line(capsys) == (f"govreport parse: {tmp_path}: is a folder; -o takes a file "
                                 f"name (e.g. {tmp_path / 'out.jsonl'})")


def test_output_to_an_unwritable_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    target = blocker / "out.jsonl"  # a file cannot hold a folder
    assert main(["parse", str(SEED), "-o", str(target)]) == 2
    line = _one_line(capsys)
    assert line.startswith(f"govreport parse: {target}: cannot write (")


@pytest.mark.parametrize("suffix", [".xlsx", ".txt", ".xml"])
def test_output_with_an_unknown_suffix_is_refused(suffix: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"out{suffix}"
    assert main(["parse", str(SEED), "-o", str(target)]) == 2
    assert f"unknown output suffix {suffix!r}" in _one_line(capsys)
    assert not target.exists()


def test_unknown_suffix_with_an_explicit_format_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    assert main(["parse", str(SEED), "-o", str(target), "--format", "jsonl", "-q"]) == 0
    assert target.read_text(encoding="utf-8").startswith('{"source"')


@pytest.fixture
def no_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow not installed: a None in sys.modules makes its import raise ImportError."""
    for name in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.parametrize("command", ["parse", "panel"])
def test_parquet_without_pyarrow_names_the_extra(command: str, tmp_path: Path, no_pyarrow: None,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.parquet"
    assert main([command, str(SEED), "-o", str(target)]) == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.startswith(f"govreport {command}: {target}: ")
    assert "pip install 'govreport-nlp[pandas]'" in line


# --- nothing to read is said on the terminal -----------------------------------------------

def test_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path), "-q"]) == 1
    assert _one_line(capsys) == (f"govreport parse: {tmp_path}: no report files found "
                                 "(an empty folder?)")


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["parse", str(empty)]) == 1
    err = capsys.readouterr().err
    assert f"nothing read: {empty}: empty document: the input holds no text" in err
    assert f"govreport parse: {empty}: nothing readable was parsed" in err


ENGLISH = "The city grew up from 2023 by 5 percent and built 300 roads.\n"


def test_text_without_chinese_is_flagged_not_read() -> None:
    report = parse_text(ENGLISH)
    assert str(report.meta.script) == "none"
    assert report.indicators == () and report.sections == ()
    assert report.warnings[-1].startswith("no Chinese text:")
    assert "upfrom2023" not in repr(report.to_dict())


def test_text_without_chinese_on_the_terminal(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    english = tmp_path / "en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    assert main(["parse", str(english), "-o", str(tmp_path / "o.jsonl")]) == 1
    err = capsys.readouterr().err
    assert f"nothing read: {english}: no Chinese text: " in err


def test_a_folder_with_one_readable_report_succeeds(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "zh.txt").write_text(CHINESE, encoding="utf-8")
    assert main(["parse", str(folder), "-o", str(tmp_path / "o.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "nothing read:" in err and "2 documents" in err


def test_nothing_readable_in_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_text(ENGLISH, encoding="utf-8")
    assert main(["parse", str(folder), "-o", str(tmp_path / "o.jsonl")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (f"govreport parse: {folder}: nothing readable was parsed "
                       "(see the lines above)")


def _image_only_pdf() -> bytes:
    """One page holding only a picture (a scan): no text layer."""
    image_module = pytest.importorskip("PIL.Image")
    draw_module = pytest.importorskip("PIL.ImageDraw")
    image = image_module.new("RGB", (600, 800), "white")
    draw = draw_module.Draw(image)
    for row in range(10):
        draw.rectangle((60, 80 + row * 60, 540, 100 + row * 60), fill="black")
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=72)
    return out.getvalue()


def test_image_only_pdf_says_it_needs_ocr(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_image_only_pdf())
    # OCR not installed: a None in sys.modules makes its import fail, in a fresh process
    code = ("import sys; sys.modules['rapidocr_onnxruntime'] = None; "
            "from govreport_nlp.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "parse", str(scan), "-o",
                           str(tmp_path / "o.jsonl")], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)}, check=False)
    assert done.returncode == 1
    failed = [line for line in done.stderr.splitlines() if line.startswith("  failed: ")]
    assert len(failed) == 1
    assert failed[0].startswith(f"  failed: {scan}: ScannedPdfError: {scan}: page(s) 1 have no "
                                "text layer (scanned); reading them needs OCR: pip install")


def _ofd_package(lines: list[str]) -> bytes:
    """A one-page OFD (a zip of XML) with one text object per line."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    objects = "".join(
        f'<ofd:TextObject Boundary="20 {20 + 8 * i} 170 6" Size="4" Font="1">'
        f'<ofd:TextCode X="0" Y="4" DeltaX="g {max(len(line) - 1, 1)} 4">{line}</ofd:TextCode>'
        "</ofd:TextObject>" for i, line in enumerate(lines))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("OFD.xml", f'<ofd:OFD {ns} Version="1.0"><ofd:DocBody>'
                         "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        package.writestr("Doc_0/Document.xml", f"<ofd:Document {ns}><ofd:CommonData>"
                         "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
                         "</ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID=\"0\" "
                         'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
        package.writestr("Doc_0/Pages/Page_0/Content.xml", f"<ofd:Page {ns}><ofd:Content>"
                         f"<ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>")
    return out.getvalue()


def test_ofd_in_a_folder_walk_is_read_or_gets_its_own_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.ofd").write_bytes(_ofd_package(["二、主动公开政府信息情况",
                                                 "全年主动公开政府信息2847条。"]))
    with zipfile.ZipFile(folder / "b.ofd", "w") as damaged:  # no OFD.xml
        damaged.writestr("Doc_0/Document.xml", "<x/>")
    (folder / "c.ofd").write_bytes(b"PK\x03\x04 cut short")
    out = tmp_path / "o.jsonl"
    assert main(["parse", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "batch reader" not in err and "load()" not in err
    failed = sorted(line for line in err.splitlines() if line.startswith("  failed: "))
    assert failed == [
        f"  failed: {folder / 'b.ofd'}: CorruptFileError: {folder / 'b.ofd'}: not a readable "
        "OFD file (\"There is no item named 'OFD.xml' in the archive\")",
        f"  failed: {folder / 'c.ofd'}: CorruptFileError: {folder / 'c.ofd'}: damaged OFD file "
        "(a zip inside) (File is not a zip file)",
    ]
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["meta"]["format"] == "ofd"
    assert [i["value"] for i in first["indicators"]] == [2847]


@pytest.mark.parametrize("target", ["out.xlsx", "out.jsonl"])
def test_panel_output_with_a_suffix_it_cannot_write_is_refused(
        target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", str(SEED), "-o", str(tmp_path / target)]) == 2
    line = _one_line(capsys)
    assert line.startswith(f"govreport panel: {tmp_path / target}: unknown output suffix ")
    assert not (tmp_path / target).exists()


def test_panel_into_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", str(SEED), "-o", str(tmp_path)]) == 2
    assert _one_line(capsys).startswith(f"govreport panel: {tmp_path}: is a folder; ")

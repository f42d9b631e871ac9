"""Every exception from one input is that input's typed error record; the batch goes on.

A failure is injected at each stage an input passes through — reading, parsing, serialising,
writing its rows — into each output format, through ``govreport parse``; then hostile inputs
made here: zips asking for an unknown "version needed to extract", GBK member and file names,
HTML and DOCX nested thousands deep, damaged deflate data, .docx bombs, archives with no
readable member, tar.gz bombs behind a refused member, and two processes on one SQLite file.
Bounds are checked by counting work (bytes inflated, parser calls), never by the clock.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govreport_nlp import cli
from govreport_nlp.deliver import outputs
from govreport_nlp.deliver.batch import parse_many
from govreport_nlp.errors import CorruptFileError, OutputLockedError
from govreport_nlp.models import ErrorRecord, Report
from govreport_nlp.pipeline import parse
from govreport_nlp.read.sources import Limits
from readback import integrity, outcomes, sqlite_rows

TEXTS = {
    "a.txt": "二、主动公开政府信息情况\n全年受理政府信息公开申请95件。",
    "b.txt": "本年度共办结申请120件，其中予以公开56件。",
    "c.txt": "全年主动公开政府信息2847条，较上年增加312条。",
}
FORMATS = ["jsonl", "csv", "parquet", "sqlite"]


def write_inputs(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)
    return folder


def run_cli(*args: str) -> int:
    return cli.main(["parse", "--no-progress", "-q", *map(str, args)])


def one(name: str, data: bytes) -> Report | ErrorRecord:
    """What the batch makes of one input given as bytes."""
    (item,) = parse_many([(name, data)])
    return item


def by_name(out: Path) -> dict[str, str | None]:
    return {Path(source.split("!")[-1]).name: error for source, error in outcomes(out)}


# --- a failure injected at each stage --------------------------------------------------------


def _fail_for_b(real: Callable[..., Any], source_of: Callable[..., str]) -> Callable[..., Any]:
    def injected(*args: Any, **kwargs: Any) -> Any:
        if source_of(*args, **kwargs).endswith("b.txt"):
            raise RuntimeError("injected failure")
        return real(*args, **kwargs)

    return injected


def _inject(stage: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make input b.txt fail at ``stage``; the error type its record must carry."""
    from govreport_nlp import models, pipeline
    from govreport_nlp.read import load

    if stage == "read":
        # sniff_format runs in the batch's parent (is it a container?) and in the loader
        monkeypatch.setattr(load, "sniff_format", _fail_for_b(
            load.sniff_format, lambda data, **kw: kw.get("source", "")))
        return "RuntimeError"
    if stage == "parse":
        monkeypatch.setattr(pipeline, "parse_document", _fail_for_b(
            pipeline.parse_document, lambda doc, *a, **kw: doc.source))
        return "RuntimeError"
    if stage == "serialise":
        monkeypatch.setattr(models.Report, "to_dict", _fail_for_b(
            models.Report.to_dict, lambda report, **kw: report.source))
        return "OutputError"
    # writing: the step that turns a record into the format's rows or lines
    def source_of(record: Any) -> str:
        return "" if "error" in record else str(record["source"])

    if fmt == "jsonl":
        monkeypatch.setattr(outputs, "jsonl_line", _fail_for_b(outputs.jsonl_line, source_of))
    else:
        monkeypatch.setattr(outputs, "report_row", _fail_for_b(outputs.report_row, source_of))
    return "OutputError"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stage", ["read", "parse", "serialise", "write"])
def test_a_failure_at_any_stage_is_that_input_s_error_record(
        stage: str, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_inputs(tmp_path / "in", TEXTS)
    expected = _inject(stage, fmt, monkeypatch)
    out = tmp_path / f"out.{fmt}"
    assert run_cli(folder, "-o", out) == 1  # 1: some input failed, the batch completed
    assert by_name(out) == {"a.txt": None, "b.txt": expected, "c.txt": None}
    if fmt == "sqlite":
        assert integrity(out) == "ok"
        rows = sqlite_rows(out)
        assert len(rows["inputs"]) == 3
        assert len(rows["indicators"]) == 3  # a's 95件 and c's two figures, none of b's


def test_a_failure_in_the_parent_s_container_check_does_not_end_parse_many(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_inputs(tmp_path / "in", TEXTS)
    _inject("read", "jsonl", monkeypatch)
    items = list(parse_many([folder]))
    assert [(Path(i.source).name, type(i).__name__) for i in items] == [
        ("a.txt", "Report"), ("b.txt", "ErrorRecord"), ("c.txt", "Report")]


# --- zips asking for what zipfile cannot do ---------------------------------------------------


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_version_needed(data: bytes, version: int) -> bytes:
    """The zip with every central directory entry asking for ``version`` to extract."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<H", out, at + 6, version)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, build", [
    ("reports.zip", lambda: _zip({"x.txt": TEXTS["a.txt"]})),
    ("report.docx", lambda: _docx([TEXTS["a.txt"]])),
], ids=["zip", "docx"])
def test_an_unknown_version_needed_is_one_corrupt_file_record(
        name: str, build: Callable[[], bytes], tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"a.txt": TEXTS["a.txt"],
                                     name: _with_version_needed(build(), 99),
                                     "c.txt": TEXTS["c.txt"]}
    folder = write_inputs(tmp_path / "in", files)
    out = tmp_path / "out.jsonl"
    assert run_cli(folder, "-o", out) == 1
    assert by_name(out) == {"a.txt": None, name: "CorruptFileError", "c.txt": None}
    if name.endswith(".docx"):
        with pytest.raises(CorruptFileError, match=name):
            parse(str(folder / name))


# --- names in GBK ------------------------------------------------------------------------------

GBK_NAME = "洪泽区"


def _zip_with_gbk_name(text: str) -> bytes:
    """A zip as Chinese Windows writes it: the member name in GBK, no UTF-8 flag."""
    raw = f"{GBK_NAME}.txt".encode("gbk")
    placeholder = b"X" * (len(raw) - 4) + b".txt"
    data = _zip({placeholder.decode(): text})
    assert data.count(placeholder) == 2  # the local header and the central directory
    return data.replace(placeholder, raw)


def _tar_with_gbk_name(text: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT,
                      encoding="gbk") as archive:
        data = text.encode()
        info = tarfile.TarInfo(f"{GBK_NAME}.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_gbk_names_are_decoded_and_every_writer_takes_them(fmt: str, tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in", {"z.zip": _zip_with_gbk_name(TEXTS["a.txt"]),
                                            "t.tar.gz": _tar_with_gbk_name(TEXTS["b.txt"])})
    # a file copied from a GBK system: its name's bytes are not UTF-8
    raw_dir = os.fsencode(folder)
    with open(raw_dir + b"/" + f"{GBK_NAME}2.txt".encode("gbk"), "wb") as handle:
        handle.write(TEXTS["c.txt"].encode())
    with open(raw_dir + b"/bad\xff.txt", "wb") as handle:  # neither UTF-8 nor GBK
        handle.write(TEXTS["c.txt"].encode())
    out = tmp_path / f"out.{fmt}"
    assert run_cli(folder, "-o", out) == 0
    got = outcomes(out)
    assert sorted(Path(s.split("!")[-1]).name for s, _ in got) == sorted(
        [f"{GBK_NAME}.txt", f"{GBK_NAME}.txt", f"{GBK_NAME}2.txt", "bad\\xff.txt"]), got
    assert all(error is None for _, error in got), got
    sources = [source for source, _ in got]
    assert all(source.encode("utf-8") for source in sources)
    assert any(source.endswith(f"z.zip!{GBK_NAME}.txt") for source in sources)
    assert any(source.endswith(f"t.tar.gz!{GBK_NAME}.txt") for source in sources)


# --- nesting -----------------------------------------------------------------------------------

DEPTH = 5000


def test_html_nested_5000_deep_parses() -> None:
    html = ("<html><body>" + "<div><span>" * DEPTH + TEXTS["a.txt"] + "</span></div>" * DEPTH
            + "<p>全年主动公开政府信息2847条。</p></body></html>")
    report = one("deep.html", html.encode())
    assert isinstance(report, Report), report
    assert [i.text for i in report.indicators] == ["95件", "2847条"]


@pytest.mark.parametrize("depth", [240, DEPTH], ids=["240-deep", f"{DEPTH}-deep"])
def test_docx_runs_nested_deep_parse_or_are_refused_cleanly(depth: int) -> None:
    """Runs inside hyperlinks inside hyperlinks…: read to libxml2's depth limit (256
    elements), refused past it as a damaged package named in the message."""
    data = _docx(["placeholder"])
    members = {info.filename: zipfile.ZipFile(io.BytesIO(data)).read(info.filename)
               for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    xml = members["word/document.xml"].decode()
    nested = ("<w:hyperlink>" * depth + "<w:r><w:t>全年受理申请95件。</w:t></w:r>"
              + "</w:hyperlink>" * depth)
    members["word/document.xml"] = xml.replace(
        "<w:r><w:t>placeholder</w:t></w:r>", nested).encode()
    result = one("deep.docx", _zip(members))
    if depth < 256:
        assert isinstance(result, Report), result
        assert [i.text for i in result.indicators] == ["95件"]
    else:
        assert isinstance(result, ErrorRecord), result
        assert result.type == "CorruptFileError" and "deep.docx" in result.message


# --- damaged and hostile packages ------------------------------------------------------------


def _damaged_deflate(data: bytes, member: str) -> bytes:
    """``data`` with the middle of ``member``'s compressed bytes overwritten."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    out = bytearray(data)
    name_length, extra_length = struct.unpack_from("<HH", out, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    middle = start + info.compress_size // 2
    out[middle:middle + 16] = b"\xff" * 16
    return bytes(out)


def test_a_docx_with_damaged_deflate_is_a_corrupt_file_record_naming_it(tmp_path: Path) -> None:
    paragraphs = [f"第{i}项，全年受理申请{i}件。" for i in range(400)]
    data = _damaged_deflate(_docx(paragraphs), "word/document.xml")
    folder = write_inputs(tmp_path / "in", {"a.txt": TEXTS["a.txt"], "damaged.docx": data})
    out = tmp_path / "out.jsonl"
    assert run_cli(folder, "-o", out) == 1
    assert by_name(out) == {"a.txt": None, "damaged.docx": "CorruptFileError"}
    record = json.loads(out.read_text("utf-8").splitlines()[1])
    assert "damaged.docx" in record["error"]["message"]


def _bomb_docx(paragraph_bytes: int) -> bytes:
    """A valid .docx whose document part inflates to ``paragraph_bytes`` of paragraphs."""
    data = _docx(["placeholder"])
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    paragraph = "<w:p><w:r><w:t>全年受理申请95件。</w:t></w:r></w:p>"
    body = paragraph * (paragraph_bytes // len(paragraph.encode()))
    members["word/document.xml"] = members["word/document.xml"].decode().replace(
        "<w:p><w:r><w:t>placeholder</w:t></w:r></w:p>", body).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, content in members.items():
            out.writestr(name, content)
    return buffer.getvalue()


def _many_parts_docx(parts: int) -> bytes:
    data = _docx([TEXTS["a.txt"]])
    archive = zipfile.ZipFile(io.BytesIO(data))
    members: dict[str, bytes | str] = {i.filename: archive.read(i.filename)
                                       for i in archive.infolist()}
    members.update({f"customXml/extra{i}.xml": "<a/>" for i in range(parts)})
    return _zip(members)


@pytest.mark.parametrize("build, error", [
    (lambda: _bomb_docx(16 * 1024 * 1024), "ArchiveError"),  # 16 MB of paragraphs, ~1000:1
    (lambda: _many_parts_docx(10_001), "ArchiveError"),
], ids=["ratio-16MB", "10001-parts"])
def test_a_docx_bomb_is_refused_before_its_parser_inflates_it(
        build: Callable[[], bytes], error: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    data = build()
    assert len(data) < 2 * 1024 * 1024
    opened: list[int] = []
    real = docx.Document
    monkeypatch.setattr(docx, "Document", lambda *a, **kw: opened.append(1) or real(*a, **kw))
    result = one("bomb.docx", data)
    assert isinstance(result, ErrorRecord) and result.type == error, result
    assert "bomb.docx" in result.message
    assert opened == [], "python-docx was handed the package"
    # the bound is on the package, not the reader: a small .docx of the same build opens
    assert isinstance(one("small.docx", _bomb_docx(64 * 1024)), Report)
    assert opened, "the package bound refused a small .docx"


# --- archives with nothing readable ----------------------------------------------------------


def _tar(entries: list[tarfile.TarInfo]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info in entries:
            archive.addfile(info)
    return buffer.getvalue()


def _tar_entry(name: str, kind: bytes, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


EMPTY_ARCHIVES = {
    "empty.zip": lambda: _zip({}),
    "dirs-only.zip": lambda: _zip({"2012/": b"", "2013/": b""}),
    "empty.tar.gz": lambda: _tar([]),
    "links-only.tar.gz": lambda: _tar([_tar_entry("a.txt", tarfile.SYMTYPE, "/etc/passwd"),
                                       _tar_entry("b.txt", tarfile.LNKTYPE, "a.txt")]),
    "devices-only.tar.gz": lambda: _tar([_tar_entry("null", tarfile.CHRTYPE),
                                         _tar_entry("fifo", tarfile.FIFOTYPE)]),
}


@pytest.mark.parametrize("name", list(EMPTY_ARCHIVES))
def test_an_archive_with_no_readable_member_gives_one_error_record(
        name: str, tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in", {name: EMPTY_ARCHIVES[name](), "a.txt": TEXTS["a.txt"]})
    items = list(parse_many([folder / name, folder / "a.txt"]))
    assert [type(i).__name__ for i in items] == ["ErrorRecord", "Report"]
    assert items[0].source.endswith(name) and name in items[0].message  # type: ignore[union-attr]
    out = tmp_path / "out.sqlite"
    assert run_cli(folder, "-o", out) == 1
    assert sorted(by_name(out).items()) == sorted({name: items[0].type,  # type: ignore[union-attr]
                                                   "a.txt": None}.items())


# --- a tar.gz bomb behind a refused member ----------------------------------------------------

MiB = 1024 * 1024


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def _tar_bomb(bomb_bytes: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=9) as archive:
        info = tarfile.TarInfo("bomb.txt")
        info.size = bomb_bytes
        archive.addfile(info, io.BufferedReader(_Zeros(bomb_bytes)))
        data = TEXTS["a.txt"].encode()
        info = tarfile.TarInfo("after.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_refused_tar_member_is_skipped_in_work_bounded_by_compressed_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = 96 * MiB
    data = _tar_bomb(bomb)
    path = tmp_path / "hostile.tar.gz"
    path.write_bytes(data)
    inflated = [0]
    real_read = tarfile.ExFileObject.read

    def counting_read(self: Any, size: int = -1) -> bytes:
        piece = real_read(self, size)
        inflated[0] += len(piece)
        return piece

    monkeypatch.setattr(tarfile.ExFileObject, "read", counting_read)
    limits = Limits(max_bytes=1 * MiB)
    items = list(parse_many([path], limits=limits))
    types = [(i.source.rsplit("!", 1)[-1].rsplit("/", 1)[-1], getattr(i, "type", "ok"))
             for i in items]
    assert types[0] == ("bomb.txt", "FileTooLargeError"), types
    assert types[1] == ("hostile.tar.gz", "ArchiveError"), types  # the rest is not read
    # inflating stopped at the ratio bound of the compressed bytes read (plus one piece of
    # the drain and the floor), far short of the 96 MiB the member declares
    assert inflated[0] <= limits.max_ratio * len(data) + limits.ratio_floor + 2 * MiB
    assert inflated[0] < bomb // 4


# --- two processes on one SQLite file --------------------------------------------------------

HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("CREATE TABLE IF NOT EXISTS holder (x)")
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO holder VALUES (1)")
print("locked", flush=True)
sys.stdin.readline()  # hold the write lock until told to go
db.execute("COMMIT")
"""


def _hold_lock(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_locked_sqlite_output_is_one_line_and_the_file_stays_valid(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_inputs(tmp_path / "in", TEXTS)
    out = tmp_path / "out.sqlite"
    assert run_cli(folder, "-o", out) == 0  # the schema exists; the lock is taken on writing
    (folder / "d.txt").write_text("全年答复申请7件。", "utf-8")
    monkeypatch.setattr(outputs, "SQLITE_LOCK_WAIT", 0.2)
    holder = _hold_lock(out)
    try:
        capsys.readouterr()
        assert run_cli(folder, "-o", out) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "locked" in err[0] and str(out) in err[0], err
        assert "Traceback" not in err[0]
        with pytest.raises(OutputLockedError):
            with outputs.SqliteWriter(out, lock_wait=0.1) as writer:
                writer.write({"source": "x.txt", "sha256": "0", "error": {"type": "E",
                                                                           "message": "m"}})
    finally:
        holder.communicate("go\n", timeout=60)
    assert integrity(out) == "ok"
    assert run_cli(folder, "-o", out) == 0  # the lock released: the new input is added
    assert sorted(by_name(out)) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert len(sqlite_rows(out)["inputs"]) == 4


def test_two_batches_into_one_sqlite_file_wait_for_each_other(tmp_path: Path) -> None:
    files = {f"{i:02d}_{name}": text.replace("95", str(95 + i))
             for i in range(12) for name, text in TEXTS.items()}
    folder = write_inputs(tmp_path / "in", files)
    out = tmp_path / "out.sqlite"
    command = [sys.executable, "-m", "govreport_nlp.cli", "parse", "--no-progress", "-q",
               str(folder), "-o", str(out)]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    for code, err in results:
        assert code == 0 or (code == 2 and "locked" in err), (code, err)
        assert "Traceback" not in err, err
    assert any(code == 0 for code, _ in results)
    assert integrity(out) == "ok"
    rows = sqlite_rows(out)
    assert len(rows["inputs"]) == len(files)  # each input once, whoever wrote it
    assert len(rows["reports"]) == len(files)
    assert sorted(by_name(out)) == sorted(files)

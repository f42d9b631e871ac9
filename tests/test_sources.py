"""Walking inputs: directories, archives (hostile ones included), standard input."""

from __future__ import annotations

import io
import logging
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport_nlp.errors import ArchiveError
from govreport_nlp.models import ErrorRecord
from govreport_nlp.read.sources import Blob, Limits, _safe_member_name, iter_inputs, iter_sources

GOOD = "全年受理政府信息公开申请95件。".encode()


def make_zip(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
             ) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def outcome(items: list[Blob | ErrorRecord]) -> list[tuple[str, str]]:
    """(source, "ok" or the error type) for each item, in order."""
    return [(i.source, "ok" if isinstance(i, Blob) else i.type) for i in items]


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/z/1.txt", "a/0.txt", ".git/x.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(GOOD)
    root = str(tmp_path)
    assert [s for s, _ in outcome(list(iter_sources([root])))] == [
        f"{root}/a/0.txt", f"{root}/a/z/1.txt", f"{root}/b/2.txt", f"{root}/c.txt"]


def test_symlink_in_directory_is_skipped_with_warning(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "real.txt").write_bytes(GOOD)
    os.symlink("/etc/passwd", tmp_path / "link.txt")
    with caplog.at_level(logging.WARNING, logger="govreport_nlp.read.sources"):
        items = list(iter_sources([str(tmp_path)]))
    assert outcome(items) == [(f"{tmp_path}/real.txt", "ok")]
    assert "link.txt: symbolic link skipped" in caplog.text


def test_fifo_in_directory_is_skipped_with_warning(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    os.mkfifo(tmp_path / "pipe")
    with caplog.at_level(logging.WARNING, logger="govreport_nlp.read.sources"):
        assert list(iter_sources([str(tmp_path)])) == []
    assert "device file or FIFO skipped" in caplog.text


def test_missing_path_and_oversized_file_give_error_records(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD * 100)
    small = tmp_path / "small.txt"
    small.write_bytes(GOOD)
    items = list(iter_sources([str(tmp_path / "nope.txt"), str(big), str(small)],
                              Limits(max_bytes=1000)))
    assert outcome(items) == [(str(tmp_path / "nope.txt"), "InputNotFoundError"),
                              (str(big), "FileTooLargeError"), (str(small), "ok")]


def test_zip_with_nested_directories(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "reports.zip", {
        "2012/本溪/report.txt": GOOD, "2013/a.txt": GOOD, "2013/": b""})
    items = list(iter_sources([str(archive)]))
    assert outcome(items) == [(f"{archive}!2012/本溪/report.txt", "ok"),
                              (f"{archive}!2013/a.txt", "ok")]
    assert items[0].data == GOOD  # type: ignore[union-attr]


@pytest.mark.parametrize("mode, suffix", [("w:gz", ".tar.gz"), ("w", ".tar"),
                                          ("w:gz", ".tgz"), ("w:xz", ".tar.xz")],
                         ids=["tar.gz", "tar", "tgz", "tar.xz"])
def test_tar_archives(tmp_path: Path, mode: str, suffix: str) -> None:
    path = tmp_path / f"reports{suffix}"
    with tarfile.open(path, mode) as archive:
        for name in ("2012/a.txt", "2013/b.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(GOOD)
            archive.addfile(info, io.BytesIO(GOOD))
    assert outcome(list(iter_sources([str(path)]))) == [
        (f"{path}!2012/a.txt", "ok"), (f"{path}!2013/b.txt", "ok")]


def test_nested_zip_is_opened_down_to_the_depth_limit(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("doc.txt", GOOD)
    outer = make_zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue(), "top.txt": GOOD})
    assert outcome(list(iter_sources([str(outer)]))) == [
        (f"{outer}!inner.zip!doc.txt", "ok"), (f"{outer}!top.txt", "ok")]
    assert outcome(list(iter_sources([str(outer)], Limits(max_depth=1)))) == [
        (f"{outer}!inner.zip", "ArchiveError"), (f"{outer}!top.txt", "ok")]


def test_deeply_nested_zip_stops_at_default_depth(tmp_path: Path) -> None:
    data = GOOD
    name = "doc.txt"
    for level in range(6):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    (tmp_path / "deep.zip").write_bytes(data)
    items = list(iter_sources([str(tmp_path / "deep.zip")]))
    assert [i.type for i in items if isinstance(i, ErrorRecord)] == ["ArchiveError"]
    assert "nested deeper than 3" in items[0].message  # type: ignore[union-attr]


@pytest.mark.parametrize("name", [
    "../evil.txt", "/etc/passwd", "a/../../evil.txt", "..\\..\\windows.txt", "C:/boot.txt",
], ids=["dotdot", "absolute", "climbs-late", "backslashes", "drive-letter"])
def test_zip_slip_names_are_refused_and_the_rest_read(tmp_path: Path, name: str) -> None:
    archive = make_zip(tmp_path / "slip.zip", {"ok/before.txt": GOOD, name: GOOD,
                                               "ok/after.txt": GOOD})
    items = outcome(list(iter_sources([str(archive)])))
    # members come in walk order (names sorted), whatever order the archiver stored them in
    assert sorted(items) == sorted([(f"{archive}!ok/before.txt", "ok"),
                                    (f"{archive}!{name}", "ArchiveError"),
                                    (f"{archive}!ok/after.txt", "ok")])
    assert [i for i in items if i[1] == "ok"] == [(f"{archive}!ok/after.txt", "ok"),
                                                  (f"{archive}!ok/before.txt", "ok")]


def test_tar_slip_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "slip.tar"
    with tarfile.open(path, "w") as archive:
        for name in ("../../evil.txt", "fine.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(GOOD)
            archive.addfile(info, io.BytesIO(GOOD))
    assert outcome(list(iter_sources([str(path)]))) == [
        (f"{path}!../../evil.txt", "ArchiveError"), (f"{path}!fine.txt", "ok")]


def test_zip_bomb_member_is_refused_by_ratio(tmp_path: Path) -> None:
    bomb = b"0" * (8 * 1024 * 1024)  # deflates about 1000:1
    archive = make_zip(tmp_path / "bomb.zip", {"a.txt": GOOD, "bomb.txt": bomb, "z.txt": GOOD})
    items = list(iter_sources([str(archive)]))
    assert outcome(items) == [(f"{archive}!a.txt", "ok"), (f"{archive}!bomb.txt", "ArchiveError"),
                              (f"{archive}!z.txt", "ok")]
    assert "compression ratio" in items[1].message  # type: ignore[union-attr]


def test_tar_gz_bomb_is_refused_by_stream_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.tar.gz"
    bomb = b"0" * (8 * 1024 * 1024)
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("bomb.txt")
        info.size = len(bomb)
        archive.addfile(info, io.BytesIO(bomb))
    items = list(iter_sources([str(path)]))
    assert outcome(items) == [(f"{path}!bomb.txt", "ArchiveError")]


def test_member_and_total_size_limits(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "big.zip", {f"{i}.txt": os.urandom(3000) for i in range(4)},
                       compression=zipfile.ZIP_STORED)
    per_member = outcome(list(iter_sources([str(archive)], Limits(max_bytes=2000))))
    assert {kind for _, kind in per_member} == {"FileTooLargeError"}
    total = outcome(list(iter_sources([str(archive)], Limits(max_total_bytes=7000))))
    assert [kind for _, kind in total] == ["ok", "ok", "ArchiveError", "ArchiveError"]


def test_symlink_and_device_members_in_tar_are_skipped_with_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "links.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        link = tarfile.TarInfo("passwd.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
        device = tarfile.TarInfo("null.txt")
        device.type = tarfile.CHRTYPE
        archive.addfile(device)
        info = tarfile.TarInfo("real.txt")
        info.size = len(GOOD)
        archive.addfile(info, io.BytesIO(GOOD))
    with caplog.at_level(logging.WARNING, logger="govreport_nlp.read.sources"):
        items = list(iter_sources([str(path)]))
    assert outcome(items) == [(f"{path}!real.txt", "ok")]
    assert "passwd.txt: link skipped" in caplog.text
    assert "null.txt: device file or FIFO skipped" in caplog.text


def test_symlink_member_in_zip_is_skipped(tmp_path: Path,
                                          caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "links.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
        archive.writestr("real.txt", GOOD)
    with caplog.at_level(logging.WARNING, logger="govreport_nlp.read.sources"):
        assert outcome(list(iter_sources([str(path)]))) == [(f"{path}!real.txt", "ok")]
    assert "link.txt: symbolic link skipped" in caplog.text


def test_corrupt_zip_member_gives_error_and_the_rest_is_read(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "corrupt.zip", {"a.txt": GOOD * 50, "b.txt": GOOD * 50,
                                               "c.txt": GOOD})
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("b.txt")
    data_start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(data_start + 5, data_start + 25):
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert outcome(list(iter_sources([str(path)]))) == [
        (f"{path}!a.txt", "ok"), (f"{path}!b.txt", "CorruptFileError"), (f"{path}!c.txt", "ok")]


def test_not_a_zip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(GOOD)
    assert outcome(list(iter_sources([str(path)]))) == [(str(path), "CorruptFileError")]


def test_stdin_plain_and_archive() -> None:
    assert outcome(list(iter_sources(["-"], stdin=io.BytesIO(GOOD)))) == [("<stdin>", "ok")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", GOOD)
    assert outcome(list(iter_sources(["-"], stdin=io.BytesIO(buffer.getvalue())))) == [
        ("<stdin>!x.txt", "ok")]


def test_docx_on_stdin_is_a_document_not_an_archive() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert outcome(list(iter_sources(["-"], stdin=io.BytesIO(buffer.getvalue())))) == [
        ("<stdin>", "ok")]


@given(st.text(alphabet="ab./\\:", max_size=12))
def test_safe_member_names_never_escape(name: str) -> None:
    try:
        safe = _safe_member_name(name)
    except ArchiveError:
        return
    assert not safe.startswith("/")
    assert ".." not in safe.split("/")
    assert "\\" not in safe
    assert safe and not (safe[0].isalpha() and safe[1:2] == ":")


def test_truncated_tar_gz_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for i in range(3):
            data = os.urandom(20_000)  # incompressible, so the cut lands in the last member
            info = tarfile.TarInfo(f"{i}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) * 3 // 4])
    items = outcome(list(iter_sources([str(path)])))
    assert items[:2] == [(f"{path}!0.txt", "ok"), (f"{path}!1.txt", "ok")]
    assert items[-1][1] == "CorruptFileError"


def test_walk_skips_a_collections_readme_and_manifest(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# 说明", encoding="utf-8")
    (tmp_path / "MANIFEST.tsv").write_text("file\tgenre\n", encoding="utf-8")
    (tmp_path / "2024_report.txt").write_text("全年受理申请95件。", encoding="utf-8")
    names = [Path(unit.source).name for unit in iter_inputs([tmp_path])]
    assert names == ["2024_report.txt"]
    # named explicitly, a README is read like any file
    assert [Path(u.source).name for u in iter_inputs([tmp_path / "README.md"])] == ["README.md"]

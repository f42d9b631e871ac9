"""The ``govreport`` command, run in-process."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import SHARED, needs_shared
from govreport_nlp.cli import main
from govreport_nlp.deliver.outputs import companion_paths

GOOD = {
    "a.txt": "全年受理政府信息公开申请95件。",
    "b.txt": "二、主动公开政府信息情况\n全年主动公开政府信息2847条。",
}
CONTRACT_KEYS = {"source", "sha256", "meta", "sections", "indicators", "checks", "warnings"}
META_KEYS = {"title", "issuer", "year", "genre", "script", "encoding", "format"}


def write(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    out = []
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        out.append(str(path))
    return out


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_parse_prints_one_contract_record_per_document(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    paths = write(tmp_path, GOOD)
    assert main(["parse", *paths]) == 0
    out, err = capsys.readouterr()
    records = jsonl(out)
    assert [r["source"] for r in records] == paths
    for record in records:
        assert CONTRACT_KEYS <= set(record)
        assert META_KEYS <= set(record["meta"])
        assert len(record["sha256"]) == 64
        assert "text" not in record
    assert [i["text"] for i in records[0]["indicators"]] == ["95件"]
    assert "2 documents" in err and "0 failed" in err


def test_corrupt_file_among_good_ones(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    paths = write(tmp_path, {"a.txt": GOOD["a.txt"], "broken.pdf": b"%PDF-1.7 garbage",
                             "b.txt": GOOD["b.txt"]})
    assert main(["parse", *paths]) == 1
    out, err = capsys.readouterr()
    records = jsonl(out)
    assert [("error" in r) for r in records] == [False, True, False]
    assert records[1] == {"source": paths[1], "sha256": records[1]["sha256"],
                          "error": {"type": "CorruptFileError",
                                    "message": records[1]["error"]["message"]}}
    assert "1 failed" in err and "broken.pdf: CorruptFileError" in err


def test_missing_path_is_an_error_record(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nope.txt")]) == 1
    (record,) = jsonl(capsys.readouterr().out)
    assert record["error"]["type"] == "InputNotFoundError" and record["sha256"] is None


def test_include_text_and_max_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write(tmp_path, {"a.txt": GOOD["a.txt"], "big.txt": GOOD["a.txt"] * 50})
    assert main(["parse", "--include-text", "--max-bytes", "1k", *paths]) == 1
    small, big = jsonl(capsys.readouterr().out)
    assert small["text"] == GOOD["a.txt"]
    assert big["error"]["type"] == "FileTooLargeError"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD["a.txt"].encode())))
    assert main(["parse", "-"]) == 0
    (record,) = jsonl(capsys.readouterr().out)
    assert record["source"] == "<stdin>" and record["indicators"][0]["value"] == 95


def test_hostile_archive_every_other_member_parsed(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2012/a.txt", GOOD["a.txt"])
        zf.writestr("../../escape.txt", GOOD["a.txt"])
        zf.writestr("bomb.txt", b"0" * (8 * 1024 * 1024))
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("broken.pdf", b"%PDF-1.7 garbage")
        zf.writestr("2013/b.txt", GOOD["b.txt"])
    assert main(["parse", str(archive)]) == 1
    out, err = capsys.readouterr()
    got = [(r["source"].split("!", 1)[1], r.get("error", {}).get("type", "ok"))
           for r in jsonl(out)]
    # in walk order (path parts sorted), not the order the archiver stored them
    assert got == [("../../escape.txt", "ArchiveError"), ("2012/a.txt", "ok"),
                   ("2013/b.txt", "ok"), ("bomb.txt", "ArchiveError"),
                   ("broken.pdf", "CorruptFileError")]
    assert "link.txt: symbolic link skipped" in err


def test_tar_gz_with_symlink_member(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        link = tarfile.TarInfo("evil.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/shadow"
        archive.addfile(link)
        data = GOOD["a.txt"].encode()
        info = tarfile.TarInfo("dir/a.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    assert main(["parse", str(path)]) == 0
    out, err = capsys.readouterr()
    assert [r["source"] for r in jsonl(out)] == [f"{path}!dir/a.txt"]
    assert "evil.txt: link skipped" in err


def test_no_progress_bar_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", *write(tmp_path, GOOD)])
    err = capsys.readouterr().err
    assert "\r" not in err and "it/s" not in err and "input/s" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["parse", *write(tmp_path, GOOD)]) == 0
    shown = terminal.getvalue()
    assert "2/2" in shown and "input/s" in shown  # counts and rate
    assert "2 documents" in shown


@pytest.mark.parametrize("fmt", ["parquet", "sqlite"])
def test_binary_formats_need_an_output_file(fmt: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", fmt, *write(tmp_path, GOOD)]) == 2
    assert "needs -o" in capsys.readouterr().err


def test_csv_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "csv", *write(tmp_path, GOOD)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("source,sha256,title,")
    assert len(lines) == 3


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse"]) == 2
    assert main(["parse", "--max-bytes", "lots", "x"]) == 2
    assert main([]) == 2


@pytest.mark.parametrize("command", ["parse", "check", "evaluate", "show"])
def test_every_subcommand_is_registered(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert command in capsys.readouterr().out
    assert main([command, "--help"]) == 0


def test_sqlite_rerun_skips_stored_documents(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    paths = write(tmp_path, {**GOOD, "broken.pdf": b"%PDF-1.7 garbage"})
    db = tmp_path / "out.sqlite"
    assert main(["parse", "-o", str(db), *paths]) == 1
    first = capsys.readouterr().err
    assert "2 documents" in first
    assert main(["parse", "-o", str(db), *paths]) == 1
    second = capsys.readouterr().err
    assert "0 documents" in second and "2 inputs already stored (skipped)" in second
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM inputs").fetchone()[0] == 3


def count_formats(base: Path) -> dict[str, dict[str, int]]:
    """Documents, failures and indicators as each output format tells them."""
    import pyarrow.parquet as pq

    records = jsonl((base.with_suffix(".jsonl")).read_text(encoding="utf-8"))
    found = {"jsonl": {
        "records": len(records), "failures": sum("error" in r for r in records),
        "indicators": sum(len(r.get("indicators", ())) for r in records),
        "sections": sum(len(r.get("sections", ())) for r in records)}}
    csv_paths = companion_paths(base.with_suffix(".csv"))
    found["csv"] = {
        "records": _csv_rows(csv_paths["reports"]),
        "failures": sum(1 for line in _csv_dicts(csv_paths["reports"]) if line["error_type"]),
        "indicators": _csv_rows(csv_paths["indicators"]),
        "sections": _csv_rows(csv_paths["sections"])}
    pq_paths = companion_paths(base.with_suffix(".parquet"))
    reports = pq.read_table(pq_paths["reports"]).to_pandas()
    found["parquet"] = {
        "records": len(reports), "failures": int(reports["error_type"].notna().sum()),
        "indicators": pq.read_table(pq_paths["indicators"]).num_rows,
        "sections": pq.read_table(pq_paths["sections"]).num_rows}
    with sqlite3.connect(base.with_suffix(".sqlite")) as db:
        found["sqlite"] = {
            "records": db.execute("SELECT count(*) FROM reports").fetchone()[0],
            "failures": db.execute(
                "SELECT count(*) FROM reports WHERE error_type IS NOT NULL").fetchone()[0],
            "indicators": db.execute("SELECT count(*) FROM indicators").fetchone()[0],
            "sections": db.execute("SELECT count(*) FROM sections").fetchone()[0]}
    return found


def _csv_dicts(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _csv_rows(path: Path) -> int:
    return len(_csv_dicts(path))


def test_one_command_writes_every_format_and_counts_agree(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write(tmp_path, {**GOOD, "broken.pdf": b"%PDF-1.7 garbage"})
    base = tmp_path / "all"
    outputs = [f"-o{base}.{suffix}" for suffix in ("jsonl", "csv", "parquet", "sqlite")]
    assert main(["parse", *outputs, *paths]) == 1
    found = count_formats(base)
    assert found["jsonl"]["records"] == 3 and found["jsonl"]["failures"] == 1
    assert all(counts == found["jsonl"] for counts in found.values()), found


@pytest.mark.slow
@needs_shared
def test_corpus_end_to_end_every_format(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    corpora = SHARED / "corpora"
    base = tmp_path / "corpus"
    status = main(["parse", "--jobs", "2", *[f"-o{base}.{s}" for s in
                                             ("jsonl", "csv", "parquet", "sqlite")],
                   str(corpora)])
    err = capsys.readouterr().err
    found = count_formats(base)
    assert all(counts == found["jsonl"] for counts in found.values()), found
    # the walk passes over the corpus's own catalogue (MANIFEST.tsv): it is not a report
    files = [p for p in corpora.rglob("*") if p.is_file() and not p.name.startswith(".")
             and p.name != "MANIFEST.tsv"]
    records = jsonl(base.with_suffix(".jsonl").read_text(encoding="utf-8"))
    # Every file is accounted for: by its own records or its container's rows.
    sources = {r["source"].split("#", 1)[0] for r in records}
    assert sources == {str(p) for p in files}
    assert status == 0, err
    assert found["jsonl"]["failures"] == 0
    formats = {r["meta"]["format"] for r in records if "meta" in r}
    assert {"txt", "html", "docx", "pdf", "csv", "dta"} <= formats


def test_show_explain_prints_each_figures_name_rule(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    report.write_text("二、主动公开政府信息情况\n全年主动公开政府信息2847条，较上年增加312条。\n",
                      encoding="utf-8")
    assert main(["show", "--no-color", str(report)]) == 0
    assert "name_rule=" not in capsys.readouterr().out
    assert main(["show", "--no-color", "--explain", str(report)]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "value=" in x]
    assert len(lines) == 2
    assert "name=主动公开政府信息  name_rule=left" in lines[0]
    assert "name=主动公开政府信息增加  name_rule=topic_change" in lines[1]

"""Batch parsing: every input accounted for, in order, in parallel, memory bounded."""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govreport_nlp.deliver.batch import Group, _pool_context, in_order, parse_many, parse_records
from govreport_nlp.models import ErrorRecord, Report

segment_module = importlib.import_module("govreport_nlp.text.segment")

TEXTS = {
    "a.txt": "全年受理政府信息公开申请95件。",
    "b.txt": "二、主动公开政府信息情况\n全年主动公开政府信息2847条。",
    "c.txt": "本年度共办结申请120件，其中予以公开56件。",
}
BAD = {
    "bad.pdf": b"%PDF-1.4 this is not a pdf",
    "noise.txt": bytes(range(256)) * 8,
}


def write(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        paths.append(str(path))
    return paths


def kinds(items: list[Any]) -> list[tuple[str, str]]:
    return [(Path(i.source).name, "ok" if isinstance(i, Report) else i.type) for i in items]


def test_every_input_gives_a_record_in_order(tmp_path: Path) -> None:
    good = write(tmp_path, TEXTS)
    bad = write(tmp_path, BAD)
    items = list(parse_many([good[0], bad[0], good[1], bad[1], good[2]]))
    assert kinds(items) == [("a.txt", "ok"), ("bad.pdf", "CorruptFileError"), ("b.txt", "ok"),
                            ("noise.txt", "UnsupportedFormatError"), ("c.txt", "ok")]
    assert [i.text for i in items[0].indicators] == ["95件"]  # type: ignore[union-attr]


def test_error_records_carry_the_digest_of_what_was_read(tmp_path: Path) -> None:
    (bad,) = write(tmp_path, {"bad.pdf": BAD["bad.pdf"]})
    (record,) = parse_many([bad])
    assert isinstance(record, ErrorRecord)
    import hashlib
    assert record.sha256 == hashlib.sha256(BAD["bad.pdf"]).hexdigest()
    assert "bad.pdf" in record.message


def test_a_stage_crash_is_one_error_record_not_the_end_of_the_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govreport_nlp import pipeline

    real = pipeline.parse_document

    def crash_on_b(doc: Any) -> Report:
        if doc.source.endswith("b.txt"):
            raise ZeroDivisionError("a stage divided by zero")
        return real(doc)

    monkeypatch.setattr(pipeline, "parse_document", crash_on_b)
    items = list(parse_many(write(tmp_path, TEXTS)))
    assert kinds(items) == [("a.txt", "ok"), ("b.txt", "ZeroDivisionError"), ("c.txt", "ok")]


def test_too_large_file_gets_an_error_record(tmp_path: Path) -> None:
    paths = write(tmp_path, {"big.txt": TEXTS["a.txt"] * 100, "a.txt": TEXTS["a.txt"]})
    assert kinds(list(parse_many(paths, max_bytes=1000))) == [
        ("big.txt", "FileTooLargeError"), ("a.txt", "ok")]


def test_container_rows_are_separate_documents(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS.values())
    (path,) = write(tmp_path, {"reports.jsonl": lines})
    items = list(parse_many([path]))
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert all(isinstance(i, Report) for i in items)


def test_a_single_path_is_one_input(tmp_path: Path) -> None:
    (path,) = write(tmp_path, {"a.txt": TEXTS["a.txt"]})
    assert kinds(list(parse_many(path))) == [("a.txt", "ok")]
    assert kinds(list(parse_many(Path(path)))) == [("a.txt", "ok")]


def test_bytes_pairs_are_inputs_too() -> None:
    (report,) = parse_many([("内存.txt", TEXTS["a.txt"].encode())])
    assert isinstance(report, Report) and report.source == "内存.txt"


@pytest.mark.slow
def test_two_jobs_give_the_same_records_in_the_same_order(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(24):
            name, text = list(TEXTS.items())[i % 3]
            zf.writestr(f"{i:02d}/{name}", text.replace("95", str(i + 1)))
        zf.writestr("broken.pdf", BAD["bad.pdf"])
    one = list(parse_records([str(archive)], jobs=1))
    two = list(parse_records([str(archive)], jobs=2, chunk_size=1))
    assert len(one) == 25
    assert one == two


def testin_order_keeps_order_and_bounds_work_in_flight() -> None:
    pulled = 0
    in_flight: list[int] = []
    peak = 0

    def chunks() -> Any:
        nonlocal pulled
        for i in range(50):
            pulled += 1
            yield [i]

    def submit(chunk: list[int]) -> Callable[[], list[Group]]:
        nonlocal peak
        in_flight.append(chunk[0])
        peak = max(peak, len(in_flight))

        def result() -> list[Group]:
            in_flight.remove(chunk[0])
            return [Group(str(chunk[0]), None, chunk)]
        return result

    out = [g.source for g in in_order(submit, chunks(), window=4)]
    assert out == [str(i) for i in range(50)]
    assert peak == 4  # never more than the window read ahead: memory flat


def testin_order_is_lazy() -> None:
    pulled = []

    def chunks() -> Any:
        for i in range(1000):
            pulled.append(i)
            yield [i]

    def submit(chunk: list[int]) -> Callable[[], list[Group]]:
        return lambda: [Group(str(chunk[0]), None, chunk)]

    iterator = in_order(submit, chunks(), window=3)
    next(iterator)
    assert len(pulled) == 3


def _pool_workers() -> list[int]:
    """Pids of this process's pool workers: its children forked warm ("fork"), or its
    grandchildren forked by the forkserver; never the forkserver or resource tracker."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(stat[1])
    children = {pid for pid, parent in parents.items() if parent == os.getpid()}
    grandchildren = [pid for pid, parent in parents.items() if parent in children]

    def helper(pid: int) -> bool:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return True
        return b"forkserver" in cmdline or b"resource_tracker" in cmdline

    return [pid for pid in children if not helper(pid)] + grandchildren


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds workers through /proc")
def test_a_killed_worker_does_not_stop_the_batch(tmp_path: Path) -> None:
    paths = []
    for i in range(16):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(TEXTS["a.txt"].replace("95", str(i + 1)), encoding="utf-8")
        paths.append(str(path))
    records = []
    for n, record in enumerate(parse_records(paths, jobs=2, chunk_size=1)):
        records.append(record)
        if n == 0:
            workers = _pool_workers()
            assert workers
            os.kill(workers[0], signal.SIGKILL)
    # Every input is accounted for, in order; the retried tasks parse fine on a new worker.
    assert [r["source"] for r in records] == paths
    assert all("error" not in r for r in records)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")
def test_workers_fork_warm_when_no_other_thread_runs() -> None:
    for _ in range(50):  # a pool closed by an earlier test may still be ending its threads
        if threading.active_count() == 1:
            break
        time.sleep(0.1)
    if threading.active_count() != 1:
        pytest.skip("another thread runs in this test process")
    assert _pool_context().get_start_method() == "fork"
    # the parent warmed up before forking: the segmenter's dictionary is built
    assert segment_module._rust is not None or segment_module._pos_tokenizer is not None


def test_workers_start_fresh_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _pool_context().get_start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        thread.join()


def test_small_documents_go_many_to_a_task_and_large_ones_alone() -> None:
    from govreport_nlp.deliver.batch import CHUNK_BYTES, MAX_CHUNK, Task, _task_chunks
    from govreport_nlp.read.sources import Blob

    def tasks(sizes: list[int]) -> list[Task]:
        return [Task(i, f"{i}.txt", None, Blob(f"{i}.txt", b"x" * n)) for i, n in enumerate(sizes)]

    small = [len(c) for c in _task_chunks(tasks([3000] * 100), None)]
    assert sum(small) == 100
    assert all(n * 3000 >= CHUNK_BYTES or n == MAX_CHUNK for n in small[:-1])
    large = [len(c) for c in _task_chunks(tasks([CHUNK_BYTES] * 5), None)]
    assert large == [1] * 5
    assert next(len(c) for c in _task_chunks(tasks([10] * 100), None)) == MAX_CHUNK
    assert [len(c) for c in _task_chunks(tasks([10] * 5), 1)] == [1] * 5  # fixed when given


@pytest.mark.parametrize("jobs", [1, 2], ids=["1-job", "2-jobs"])
def test_records_encoded_in_the_workers_equal_the_writer_s_lines(jobs: int) -> None:
    from govreport_nlp.deliver.batch import iter_groups, record_counts
    from govreport_nlp.deliver.outputs import EncodedRecord, jsonl_line

    inputs = [
        ("a.txt", "二、主动公开政府信息情况\n全年主动公开政府信息2847条，增长12.3%。".encode()),
        ("b.pdf", b"%PDF-1.7 broken"),
        ("c.txt", "全年共受理政府信息公开申请95件，办结率100%。".encode()),
    ]
    plain = [r for g in iter_groups(inputs, jobs=jobs, as_dicts=True) for r in g.records]
    encoded = [r for g in iter_groups(inputs, jobs=jobs, encode_jsonl=True) for r in g.records]
    assert all(isinstance(r, EncodedRecord) for r in encoded)
    assert [r.line for r in encoded] == [jsonl_line(r) for r in plain]
    assert [r.counts for r in encoded] == [record_counts(r) for r in plain]
    assert [r.error for r in encoded] == [r.get("error") for r in plain]
    assert [r.counts for r in encoded] == [(1, 2, 0), (0, 0, 1), (1, 2, 0)]

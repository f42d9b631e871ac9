"""Kill a real batch, run it again, and get what an uninterrupted run writes: every format.

``govreport parse`` runs in a subprocess over copies of corpus reports (every format the corpus
has, and one broken file) and is stopped at a chosen point of its writing by
``tests/interrupt_driver.py`` — between inputs, with an input's records written but not
recorded, with half a record or half a ledger line written, in the middle of an SQLite
transaction — then signalled there: SIGINT to its process group (what Ctrl-C does) or
SIGKILL to the batch process alone.  The same command is run again, is killed again at the
next point, and so on; the last run completes.  Its output must equal the output of one
uninterrupted run byte for byte (JSON Lines, CSV), row for row (Parquet, SQLite without row
ids): nothing duplicated, nothing half-written, nothing lost.  With ``--jobs 2`` the worker
processes must exit when the batch process is killed.

Waiting is bounded only as a safety net (a hung run fails the test); nothing is timed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SHARED, needs_shared
from readback import contents, integrity, outcomes

pytestmark = [needs_shared, pytest.mark.slow]

DRIVER = Path(__file__).with_name("interrupt_driver.py")
SAFETY = 300.0  # seconds before a run that neither pauses nor ends counts as hung

INT, KILL = signal.SIGINT, signal.SIGKILL
# (point, N, signal): where each run of a chain is stopped; the run after the last completes
CHAINS = {
    "jsonl": [("between", 3, INT), ("before-ledger", 2, KILL), ("torn-record", 2, KILL),
              ("torn-ledger", 3, KILL), ("torn-record", 2, INT), ("before-ledger", 1, INT)],
    "csv": [("between", 3, INT), ("before-ledger", 2, KILL), ("torn-record", 2, KILL),
            ("torn-ledger", 3, KILL), ("torn-record", 2, INT), ("before-ledger", 1, INT)],
    "parquet": [("between", 3, INT), ("before-ledger", 2, KILL), ("torn-ledger", 3, KILL),
                ("before-ledger", 2, INT), ("torn-ledger", 1, INT)],
    "sqlite": [("between", 3, INT), ("mid-transaction", 2, KILL),
               ("mid-transaction", 3, INT), ("between", 2, KILL)],
}
JOBS_2_CHAINS = {
    "jsonl": [("before-ledger", 4, KILL), ("torn-record", 3, INT)],
    "csv": [("torn-record", 4, KILL), ("before-ledger", 3, INT)],
    "parquet": [("before-ledger", 4, KILL), ("torn-ledger", 3, INT)],
    "sqlite": [("mid-transaction", 4, KILL), ("mid-transaction", 3, INT)],
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of corpus reports: every 8th file, each format the corpus holds, a broken PDF."""
    files = sorted(p for p in (SHARED / "corpora").rglob("*")
                   if p.is_file() and p.name != "MANIFEST.tsv")
    chosen = files[::8]
    for suffix in (".html", ".docx", ".pdf", ".dta", ".csv"):
        chosen += [p for p in files if p.suffix == suffix][:1]
    folder = tmp_path_factory.mktemp("inputs")
    for number, path in enumerate(dict.fromkeys(chosen)):
        shutil.copyfile(path, folder / f"{number:03d}_{path.name}")
    (folder / "999_broken.pdf").write_bytes(b"%PDF-1.4 not a pdf at all")
    return folder


def _command(inputs: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, str(DRIVER), "parse", "--no-progress", "--jobs", str(jobs),
            str(inputs), "-o", str(out)]


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What an uninterrupted run writes, per format."""
    folder = tmp_path_factory.mktemp("reference")
    got: dict[str, object] = {}
    for fmt in CHAINS:
        out = folder / f"out.{fmt}"
        done = subprocess.run(_command(inputs, out, 1), capture_output=True, text=True,
                              timeout=SAFETY)
        assert done.returncode == 1, done.stderr  # 1: the broken PDF failed, all else written
        got[fmt] = contents(out)
        kinds = [error for _, error in outcomes(out)]
        assert kinds.count("CorruptFileError") == 1 and kinds.count(None) >= 20, kinds
    return got


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + SAFETY
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"safety timeout: {what}"
        time.sleep(0.05)


def interrupt(inputs: Path, out: Path, point: str, n: int, sig: int, jobs: int) -> None:
    """One run of the batch stopped by ``sig`` the ``n``-th time it reaches ``point``."""
    marker = out.parent / "paused.json"
    marker.unlink(missing_ok=True)
    env = dict(os.environ, GOVREPORT_TEST_PAUSE=f"{point}:{n}",
               GOVREPORT_TEST_MARKER=str(marker))
    run = subprocess.Popen(_command(inputs, out, jobs), env=env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: marker.exists() or run.poll() is not None, f"{point}:{n} reached")
        assert marker.exists(), f"the batch ended before {point}:{n}: {run.stderr.read()}"
        paused = json.loads(marker.read_text())
        assert len(paused["workers"]) == (jobs if jobs > 1 else 0), paused
        if sig == INT:
            os.killpg(run.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
        else:
            os.kill(run.pid, signal.SIGKILL)  # the batch process alone, no clean-up
        code = run.wait(timeout=SAFETY)
        err = run.stderr.read()  # type: ignore[union-attr]
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    if sig == INT:
        assert code == 130, err
        assert "Traceback" not in err, err
        assert "run the same command again to resume" in err
    else:
        assert code == -signal.SIGKILL
    _wait_for(lambda: all(_gone(pid) for pid in paused["workers"]), "the workers exit")


def _chain(inputs: Path, out: Path, chain: list[tuple[str, int, int]], jobs: int,
           expected: object) -> None:
    for point, n, sig in chain:
        interrupt(inputs, out, point, n, sig, jobs)
    final = subprocess.run(_command(inputs, out, jobs), capture_output=True, text=True,
                           timeout=SAFETY)
    assert final.returncode == 1, final.stderr
    assert "inputs already stored (skipped)" in final.stderr, final.stderr  # resumed
    assert contents(out) == expected
    assert not list(out.parent.glob("*.partial"))
    assert not list(out.parent.glob("*.resume")), "a complete run leaves no ledger"
    if out.suffix == ".sqlite":
        assert integrity(out) == "ok"


@pytest.mark.parametrize("fmt", list(CHAINS))
def test_killed_and_resumed_equals_uninterrupted(
        fmt: str, inputs: Path, reference: dict[str, object], tmp_path: Path) -> None:
    _chain(inputs, tmp_path / f"out.{fmt}", CHAINS[fmt], 1, reference[fmt])


@pytest.mark.parametrize("fmt", list(JOBS_2_CHAINS))
def test_killed_and_resumed_with_two_jobs_equals_uninterrupted(
        fmt: str, inputs: Path, reference: dict[str, object], tmp_path: Path) -> None:
    _chain(inputs, tmp_path / f"out.{fmt}", JOBS_2_CHAINS[fmt], 2, reference[fmt])

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

The points are drawn at random (issue 19): for each format and ``--jobs`` 1 and 2 a chain of
runs, each stopped at a point the format has, the ``N``-th time it gets there (``N`` from 1
to 4; 2 at least for the first run, so that one input is stored and the last run has something
to skip), by SIGINT or SIGKILL.  With one job the chain stops at every point of the format once,
in a random order, and at one more; with two, at three; every chain has both signals.  The
draws come from ``random.Random`` seeded by ``GOVREPORT_RESUME_SEED`` (a fresh seed each
session when unset); a failure names its seed and chain, and setting the variable to that
seed replays it.

Waiting is bounded only as a safety net (a hung run fails the test); nothing is timed.
"""

from __future__ import annotations

import json
import os
import random
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
# the points where a run of each format can be stopped (tests/interrupt_driver.py)
POINTS = {
    "jsonl": ("between", "before-ledger", "torn-record", "torn-ledger"),
    "csv": ("between", "before-ledger", "torn-record", "torn-ledger"),
    "parquet": ("between", "before-ledger", "torn-ledger"),
    "sqlite": ("between", "mid-transaction"),
}
SEED_VARIABLE = "GOVREPORT_RESUME_SEED"
SEED = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(1_000_000))
Chain = list[tuple[str, int, signal.Signals]]


def random_chain(fmt: str, jobs: int, seed: int = SEED) -> Chain:
    """(point, N, signal) for each run of a chain, drawn from ``seed``; the run after the
    last completes.  One job: every point of the format once, in a random order, then one
    more; two jobs: three points.  At least one SIGINT and one SIGKILL.  The first run goes
    on to the second time at least: a chain stopped before any input is stored (every run at
    ``before-ledger:1``, say) would leave nothing to resume."""
    rng = random.Random(f"{seed}:{fmt}:{jobs}")
    points = list(POINTS[fmt])
    rng.shuffle(points)
    points = [*points, rng.choice(POINTS[fmt])] if jobs == 1 else [
        rng.choice(POINTS[fmt]) for _ in range(3)]
    signals = [rng.choice((INT, KILL)) for _ in points]
    if len(set(signals)) == 1:
        flip = rng.randrange(len(signals))
        signals[flip] = KILL if signals[flip] == INT else INT
    counts = [rng.randint(2 if k == 0 else 1, 4) for k in range(len(points))]
    return list(zip(points, counts, signals, strict=True))


def _replay(chain: Chain) -> str:
    runs = ", ".join(f"{point}:{n} {sig.name}" for point, n, sig in chain)
    return f"chain {runs}; replay with {SEED_VARIABLE}={SEED}"


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
    for fmt in POINTS:
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


def _chain(inputs: Path, out: Path, chain: Chain, jobs: int, expected: object) -> None:
    for point, n, sig in chain:
        interrupt(inputs, out, point, n, sig, jobs)
    final = subprocess.run(_command(inputs, out, jobs), capture_output=True, text=True,
                           timeout=SAFETY)
    assert final.returncode == 1, final.stderr
    assert "inputs already stored (skipped)" in final.stderr, final.stderr  # resumed
    assert contents(out) == expected, "the resumed output differs from an uninterrupted run"
    assert not list(out.parent.glob("*.partial"))
    assert not list(out.parent.glob("*.resume")), "a complete run leaves no ledger"
    if out.suffix == ".sqlite":
        assert integrity(out) == "ok"


def _replayable_chain(inputs: Path, out: Path, jobs: int, expected: object) -> None:
    chain = random_chain(out.suffix.lstrip("."), jobs)
    try:
        _chain(inputs, out, chain, jobs, expected)
    except AssertionError as exc:  # the message names the seed: the failure can be replayed
        raise AssertionError(f"{_replay(chain)}\n{exc}") from exc


@pytest.mark.parametrize("fmt", list(POINTS))
def test_killed_at_random_points_and_resumed_equals_uninterrupted(
        fmt: str, inputs: Path, reference: dict[str, object], tmp_path: Path) -> None:
    _replayable_chain(inputs, tmp_path / f"out.{fmt}", 1, reference[fmt])


@pytest.mark.parametrize("fmt", list(POINTS))
def test_killed_at_random_points_with_two_jobs_and_resumed_equals_uninterrupted(
        fmt: str, inputs: Path, reference: dict[str, object], tmp_path: Path) -> None:
    _replayable_chain(inputs, tmp_path / f"out.{fmt}", 2, reference[fmt])


@pytest.mark.parametrize("seed", [0, 1, 19, 4711])
def test_random_chains_cover_every_point_and_both_signals(seed: int) -> None:
    """The draws themselves (no batch run): replayable, in reach, every point with one job."""
    for fmt, points in POINTS.items():
        for jobs in (1, 2):
            chain = random_chain(fmt, jobs, seed)
            assert chain == random_chain(fmt, jobs, seed)
            assert {sig for _, _, sig in chain} == {INT, KILL}
            assert all(point in points and 1 <= n <= 4 for point, n, _ in chain)
            assert chain[0][1] >= 2  # the first run stores an input: the last one resumes
            if jobs == 1:
                assert {point for point, _, _ in chain} == set(points)

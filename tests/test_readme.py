"""The README's examples run as tests, and its two commands are the ones CI runs."""

from __future__ import annotations

import contextlib
import doctest
import io
import shlex
from pathlib import Path

import pytest

from govreport_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_readme_examples_run() -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_starts_with_the_install_and_test_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines[:8] if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert "govreport panel corpora/ -o out/panel.csv" in commands[0]
    assert "govreport show --html " in commands[0]
    test_command = commands[1].split("&& ", 2)[-1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_first_command_runs_on_the_bundled_sample(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ``govreport`` step of command 1, as a fresh clone runs it (from the project's
    root, writing out/): exit 0, and the files it names are there for a person to open."""
    pytest.importorskip("pypdfium2")
    pytest.importorskip("docx")
    line = next(line for line in (ROOT / "README.md").read_text("utf-8").splitlines()
                if line.startswith("python3 -m venv"))
    steps = [shlex.split(step) for step in line.split("&&")]
    steps = [step for step in steps if step[0] == "govreport"]
    assert [step[1] for step in steps] == ["panel", "show"]
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    monkeypatch.chdir(tmp_path)
    for step in steps:
        args, target = step[1:], None
        if ">" in args:
            args, target = args[:args.index(">")], args[args.index(">") + 1]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(args) == 0, step
        if target is not None:
            Path(target).write_text(out.getvalue(), encoding="utf-8")
    panel = (tmp_path / "out" / "panel.csv").read_text(encoding="utf-8").splitlines()
    assert panel[0].startswith("source,issuer,issuer_canonical,") and len(panel) > 50
    view = (tmp_path / "out" / "view.html").read_text(encoding="utf-8")
    assert view.startswith("<!DOCTYPE html>") and '<mark class="figure' in view

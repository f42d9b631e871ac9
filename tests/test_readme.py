"""The README's examples run as tests, and its two commands are the ones CI runs."""

from __future__ import annotations

import doctest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_examples_run() -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_starts_with_the_install_and_test_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines[:8] if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert "govreport parse corpora/" in commands[0]
    test_command = commands[1].split("&& ", 2)[-1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

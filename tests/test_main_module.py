"""``python -m govreport_nlp`` runs the CLI (issue 20)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("argv", "status", "needle"),
    [
        (["--help"], 0, "usage"),
        ([], 2, "usage"),
    ],
    ids=["--help", "no-subcommand"],
)
def test_python_dash_m_runs_the_cli(argv, status, needle):
    done = subprocess.run(
        [sys.executable, "-m", "govreport_nlp", *argv],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == status
    assert needle in (done.stdout + done.stderr).lower()

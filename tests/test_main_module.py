"""``python -m govreport_nlp`` runs the CLI (issue 20)."""

import re
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


def test_summary_says_one_document(tmp_path, capsys):
    from govreport_nlp.cli import main

    report = tmp_path / "one.txt"
    report.write_text("2023年全市地区生产总值增长5.2%。\n", encoding="utf-8")
    status = main(["parse", str(report), "-o", str(tmp_path / "out.jsonl")])
    summary = capsys.readouterr().err
    assert status == 0
    # a rate such as "166.1 documents/s" is not a count
    assert "1 document," in summary and not re.search(r"(?<![\d.])1 documents", summary)

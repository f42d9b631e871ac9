"""``parse()`` from 8 threads gives what it gives from one, over the whole corpus.

The state parse() shares between calls, and why each is safe from threads:

* the jieba tokenizer (``text.segment.tokenizer``) and the Rust segmenter are built once,
  under a lock; the segmenter's per-character tag table is filled with values that depend
  on the character alone, so two threads filling it write the same thing;
* ``functools.cache``/``lru_cache`` builders return immutable values (compiled patterns,
  frozen vocabularies, tuples), and two threads building one at once build equal values;
* the role scanner (``figures.roles._scanner``) memoises per-sentence readings in dicts,
  each value computed whole before it is stored, and equal whoever computes it;
* PDFium keeps one library state and is not thread-safe: PDFs are read one at a time
  (``read.load.PDFIUM_LOCK``);
* the per-document time budget uses a signal and so applies on the main thread only.

The threaded pass runs first, in a fresh interpreter, so the lazy builders race as they
would in a user's program (a warm pytest process would hide that); the sequential pass then
runs in the same interpreter and every result is compared whole.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SHARED, needs_shared

pytestmark = [needs_shared, pytest.mark.slow]

THREADS = 8

SCRIPT = r"""
import json, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from govreport_nlp import parse
from govreport_nlp.errors import GovReportError

files = sorted(str(p) for p in Path(sys.argv[1]).rglob("*")
               if p.is_file() and p.name != "MANIFEST.tsv")

def result(path):
    try:
        return parse(path).to_dict(include_text=True)
    except GovReportError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}

with ThreadPoolExecutor(int(sys.argv[2])) as pool:
    threaded = list(pool.map(result, files))
sequential = [result(path) for path in files]
print(json.dumps({
    "files": len(files),
    "reports": sum("error" not in r for r in sequential),
    "differ": [f for f, a, b in zip(files, threaded, sequential) if a != b],
}))
"""


def test_parse_from_threads_equals_parse_in_sequence() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(SHARED / "corpora"), str(THREADS)],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["files"] >= 150 and got["reports"] >= 150, got
    assert got["differ"] == [], got["differ"]

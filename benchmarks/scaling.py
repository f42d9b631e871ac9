"""Every stage's cost is linear in its input: ``parse_text`` at 1x, 4x and 16x of each input.

    python benchmarks/scaling.py                  # base 64 k characters: 16x is 1 M
    python benchmarks/scaling.py --base 16000     # quicker
    python benchmarks/scaling.py --only digit-runs spaced-digits

Inputs (each built at the size asked, cut to exactly that many characters):

- ``normal``: the bundled report ``corpora/2012_benxi.txt`` repeated (lines, paragraphs);
- ``long-line``: the same text with every newline removed (one line);
- ``dense-figures``: one line of figures and units (1件2条3.5%4万元…);
- ``digit-runs``: one run of digits (``1111…``);
- ``spaced-digits``: small numbers separated by spaces (``1 1 1 …``, a flattened table row);
- ``table-rows``: rows of spaced numbers after a label (``规章 0 1 0 2 …\\n``);
- ``whitespace``: a run of spaces after a non-terminator (``政`` then spaces);
- ``grouped``: comma-grouped digit runs (``123,123,…``) and ``1,1,1,…``;
- ``numerals``: Chinese numerals (``一二三…万亿``).

Each size is parsed in this process after a warm-up (CPU time, best of ``--repeat``); the
ratios 4x/1x and 16x/1x are printed: linear work gives about 4 and 16.  Nothing here is a
test: times on a shared machine are noisy, and tests assert no time (see
``tests/test_regex_safety.py`` for the step-counting checks).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from govreport_nlp.pipeline import parse_text

ROOT = Path(__file__).resolve().parents[1]


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _report() -> str:
    return (ROOT / "corpora" / "2012_benxi.txt").read_text("utf-8")


INPUTS: dict[str, Callable[[int], str]] = {
    "normal": lambda n: _repeat(_report())(n),
    "long-line": lambda n: _repeat(_report().replace("\n", ""))(n),
    "dense-figures": _repeat("1件2条3.5%4万元，增长12.3%；"),
    "digit-runs": _repeat("1"),
    "spaced-digits": _repeat("1 "),
    "table-rows": _repeat("规章 0 1 0 2 0 0 3 0 1 0 0 0 0 2\n"),
    "whitespace": lambda n: "政" + " " * (n - 1),
    "grouped-3": _repeat("123,"),
    "grouped-1": _repeat("1,"),
    "numerals": _repeat("一二三四五六七八九十百千万亿"),
}


def measure(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        parse_text(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=64_000, help="characters at 1x")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", nargs="*", choices=sorted(INPUTS), default=None)
    args = parser.parse_args()
    parse_text(_report())  # warm-up: vocabularies, segmenter
    print(f"# base {args.base:,} chars; load average {os.getloadavg()}")
    print(f"{'input':<15} {'1x s':>8} {'4x s':>8} {'16x s':>8} {'4x/1x':>6} {'16x/1x':>7}")
    for name in args.only or INPUTS:
        build = INPUTS[name]
        times = [measure(build(args.base * k), args.repeat) for k in (1, 4, 16)]
        low = max(times[0], 1e-4)
        print(
            f"{name:<15} {times[0]:8.3f} {times[1]:8.3f} {times[2]:8.3f} "
            f"{times[1] / low:6.1f} {times[2] / low:7.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()

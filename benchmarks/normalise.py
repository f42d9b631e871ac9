"""Load + normalise throughput on the corpus, beside OpenCC-only and jieba-only passes.

Prints chars/s (single process) for the Simplified and the Traditional texts separately.
The Traditional set is the corpus's Traditional reports plus the bundled one, and — so that
there is enough of it to time — the Simplified corpus converted to Traditional with OpenCC
``s2t`` beforehand (conversion not timed).

    python benchmarks/normalise.py [--corpora ../shared/corpora] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _best_rate(texts: list[str] | list[bytes], work: Callable[..., object], repeat: int,
               chars: int | None = None) -> float:
    """Characters per second of the fastest of ``repeat`` passes (``chars`` when the inputs
    are bytes, whose length is not the number of characters)."""
    chars = chars if chars is not None else sum(map(len, texts))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            work(text)
        best = min(best, time.perf_counter() - start)
    return chars / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import jieba
    import opencc

    from govreport_nlp.models import Script
    from govreport_nlp.read.load import load
    from govreport_nlp.text.normalise import detect_script, normalise

    paths = sorted(args.corpora.glob("*/*.txt")) + sorted((ROOT / "corpora").glob("*.txt"))
    if not paths:
        parser.error(f"no .txt reports under {args.corpora}")
    raw = {p: p.read_bytes() for p in paths}
    texts = {p: load(data, name=p.name).text for p, data in raw.items()}
    simplified = [t for t in texts.values() if detect_script(t) is Script.SIMPLIFIED]
    traditional = [t for t in texts.values() if detect_script(t) is not Script.SIMPLIFIED]
    s2t = opencc.OpenCC("s2t")
    traditional += [s2t.convert(t) for t in simplified[:20]]
    traditional_bytes = [t.encode("utf-8") for t in traditional]
    simplified_bytes = [t.encode("utf-8") for t in simplified]

    t2s = opencc.OpenCC("t2s").convert  # the installed converter as it is, no fast path
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()

    def load_and_normalise(data: bytes) -> object:
        return normalise(load(data).text)

    rows = []
    for label, texts_, blobs in (
        ("simplified", simplified, simplified_bytes),
        ("traditional", traditional, traditional_bytes),
    ):
        rows.append((label, "govreport load+normalise",
                     _best_rate(blobs, load_and_normalise, args.repeat,
                                chars=sum(map(len, texts_)))))
        rows.append((label, "govreport normalise only", _best_rate(texts_, normalise, args.repeat)))
        rows.append((label, "OpenCC t2s only", _best_rate(texts_, t2s, 1)))
        rows.append((label, "jieba lcut only", _best_rate(texts_, tokenizer.lcut, 1)))

    print(f"# load + normalise throughput — {platform.python_implementation()} "
          f"{platform.python_version()} on {platform.machine()}, {time.strftime('%Y-%m-%d')}")
    print(f"# {len(simplified)} Simplified texts ({sum(map(len, simplified)):,} chars), "
          f"{len(traditional)} Traditional texts ({sum(map(len, traditional)):,} chars)")
    print(f"{'script':<12} {'pass':<28} {'chars/s':>14}")
    for label, name, rate in rows:
        print(f"{label:<12} {name:<28} {rate:>14,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

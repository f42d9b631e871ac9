"""Parse throughput per genre, against jieba ``lcut`` of the same texts in the same process.

    python benchmarks/genres.py [--corpora ../shared/corpora] [--repeat 3] [--profile GENRE]

Genres:

* ``disclosure`` — the information-disclosure annual reports: every ``info_disclosure/*.txt``
  of the shared corpus, ``written_cases/dongyang_2014.txt`` and the bundled seed
  ``corpora/2012_benxi.txt`` (the template tables T1–T4 are parsed here);
* ``work`` — the government work reports, ``work_reports/*.txt``.

Both sides run in this one process, after a warm-up pass over the same texts (jieba's
dictionary loaded, patterns compiled, the pipeline's caches filled), so the ratio compares
steady-state work: characters per CPU second (``time.process_time``) of ``load`` +
``parse_document`` against ``jieba.Tokenizer().lcut``.  Best of ``--repeat`` passes each.
Issue 18's target: disclosure ≥ 1.5 × jieba, work reports not slower than before.

``--profile GENRE`` runs cProfile over one pass of that genre and prints the 30 functions
with the most internal time instead.
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, and benchmarks/numbers.py would
# shadow the standard library module that decimal imports: drop the folder first.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402  (after the sys.path fix above)
import platform  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
DISCLOSURE_TARGET = 1.5


def genre_paths(corpora: Path) -> dict[str, list[Path]]:
    """The texts of each genre (see the module docstring)."""
    disclosure = sorted((corpora / "info_disclosure").glob("*.txt"))
    disclosure.append(corpora / "written_cases" / "dongyang_2014.txt")
    disclosure.append(ROOT / "corpora" / "2012_benxi.txt")
    return {
        "disclosure": [p for p in disclosure if p.is_file()],
        "work": sorted((corpora / "work_reports").glob("*.txt")),
    }


def _best_cpu(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def measure(blobs: list[tuple[str, bytes]], repeat: int) -> tuple[int, float, float]:
    """(characters, govreport chars/s, jieba chars/s) over ``blobs`` in this process."""
    import jieba

    from govreport_nlp.pipeline import parse_document
    from govreport_nlp.read.load import load

    texts = [data.decode("utf-8") for _, data in blobs]
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()

    def parse_all() -> None:
        for name, data in blobs:
            parse_document(load(data, name=name))

    def segment_all() -> None:
        for text in texts:
            tokenizer.lcut(text)

    parse_all()  # warm-up: patterns compiled, dictionaries built
    segment_all()
    chars = sum(map(len, texts))
    return chars, chars / _best_cpu(parse_all, repeat), chars / _best_cpu(segment_all, repeat)


def profile(blobs: list[tuple[str, bytes]]) -> None:
    import cProfile
    import pstats

    from govreport_nlp.pipeline import parse_document
    from govreport_nlp.read.load import load

    for name, data in blobs:  # warm-up, as in measure()
        parse_document(load(data, name=name))
    profiler = cProfile.Profile()
    profiler.enable()
    for name, data in blobs:
        parse_document(load(data, name=name))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", choices=("disclosure", "work"))
    args = parser.parse_args(argv)

    paths = genre_paths(args.corpora)
    if not any(paths.values()):
        print(f"no corpus texts under {args.corpora}", file=sys.stderr)
        return 2
    blobs = {genre: [(p.name, p.read_bytes()) for p in found] for genre, found in paths.items()}
    if args.profile:
        profile(blobs[args.profile])
        return 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# python {platform.python_version()}, load average {load}, best of {args.repeat}")
    header = ("genre", "texts", "chars", "govreport/s", "jieba/s", "ratio")
    print("{:<11} {:>5} {:>9} {:>12} {:>10} {:>6}".format(*header))
    for genre, genre_blobs in blobs.items():
        if not genre_blobs:
            continue
        chars, ours, theirs = measure(genre_blobs, args.repeat)
        print(f"{genre:<11} {len(genre_blobs):>5} {chars:>9,} {ours:>12,.0f} {theirs:>10,.0f}"
              f" {ours / theirs:>5.2f}×")
        if genre == "disclosure":
            met = "met" if ours / theirs >= DISCLOSURE_TARGET else "not met"
            print(f"# target: disclosure >= {DISCLOSURE_TARGET} × jieba lcut: {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

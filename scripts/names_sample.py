"""Score the names of the hand-checked names sample (tests/cases/names_sample.tsv, issue 17).

    python scripts/names_sample.py [--corpora ../shared/corpora] [--misses]

Every figure the parser found in the sampled reports has a name written by hand from the text
under the gold README's conventions (``—``: not a figure, not scored).  A name agrees when its
character F1 with the hand-written one is at least 0.5, as ``evaluate`` judges gold names; a
sampled figure the parser no longer finds counts as a miss.  Prints the share per file and
overall; ``--misses`` lists the disagreements.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
from pathlib import Path

from govreport_nlp import parse
from govreport_nlp.evaluate import NAME_AGREEMENT, char_f1

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "cases" / "names_sample.tsv"
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
NOT_A_FIGURE = "—"


def sample_rows(path: Path = SAMPLE) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def report_path(name: str, corpora: Path) -> Path:
    """The sampled report: the bundled seed under corpora/, the others in the shared corpus."""
    bundled = ROOT / "corpora" / name
    return bundled if bundled.is_file() else corpora / name


def score(corpora: Path = DEFAULT_CORPORA) -> dict[str, list[tuple[dict[str, str], str, float]]]:
    """For each sampled file: (row, our name, char F1) of every scored row."""
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in sample_rows():
        by_file[row["file"]].append(row)
    out: dict[str, list[tuple[dict[str, str], str, float]]] = {}
    for name, rows in by_file.items():
        ours: dict[tuple[int, int], list[str]] = defaultdict(list)
        for ind in parse(report_path(name, corpora)).indicators:
            ours[(ind.start, ind.end)].append(ind.name)
        seen: Counter[tuple[int, int]] = Counter()
        scored = []
        for row in rows:
            span = (int(row["start"]), int(row["end"]))
            k = seen[span]
            seen[span] += 1
            if row["name"] == NOT_A_FIGURE:
                continue
            got = ours[span][k] if k < len(ours[span]) else ""
            scored.append((row, got, char_f1(got, row["name"])))
        out[name] = scored
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--misses", action="store_true", help="list the names that disagree")
    args = ap.parse_args()
    agree_all = total_all = 0
    for name, scored in score(args.corpora).items():
        agree = sum(f1 >= NAME_AGREEMENT for _, _, f1 in scored)
        agree_all, total_all = agree_all + agree, total_all + len(scored)
        print(f"{name:40} names {agree}/{len(scored)} = {agree / len(scored):.3f}")
        if args.misses:
            for row, got, f1 in scored:
                if f1 < NAME_AGREEMENT:
                    where = f"{row['start']:>6} {row['text']:12}"
                    print(f"    {where} {got or '—'!r} vs {row['name']!r} ({f1:.2f})")
    print(f"{'overall':40} names {agree_all}/{total_all} = {agree_all / total_all:.3f}")


if __name__ == "__main__":
    main()

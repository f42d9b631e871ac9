"""Section trees and meta of disclosure reports flattened the way crawled pages arrive (issue 17).

Every corpus disclosure report and the prose-era ones (本溪 2012, 东阳 2014, 清河 2013) are
parsed as printed, then flattened: a crawled page's field header on top (标题: …, 发布时间: …,
发布机构: …, from the report's own meta) and the paragraphs joined into one line by a space or
by nothing.  The section tree of the flattened text is scored against the printed one (a
heading matches one of the same level and title), meta field by field (title, issuer, year,
genre).

    PYTHONPATH=src python benchmarks/flattened.py [--misses]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from govreport_nlp.pipeline import parse_text

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
FILES = [
    *sorted(str(p) for p in (SHARED / "corpora/info_disclosure").glob("*.txt")),
    str(SHARED / "corpora/written_cases/dongyang_2014.txt"),
    str(PROJECT / "corpora/2012_benxi.txt"),
    str(PROJECT / "corpora/qinghe_2013_traditional.txt"),
]
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t\u3000]*")
_KEY = re.compile(r"[\s。！？：:；;，,、.．]+")
META = ("title", "issuer", "year", "genre")


def crawled(text: str, joint: str, meta, *, header: bool = True) -> str:
    """The page a crawler stores: field header lines, then the body as one line."""
    # a page is published early in the year after the one it reports on
    fields = [f"标题：{meta.title}" if meta.title else "", f"发布时间：{meta.year + 1}-01-20"
              if meta.year else "", f"发布机构：{meta.issuer}" if meta.issuer else ""]
    body = _LINE_BREAK.sub(joint, text.strip())
    return "\n".join([h for h in fields if h and header] + [body])


def tree(parsed) -> Counter:
    return Counter((s.level, _KEY.sub("", s.title)) for s in parsed.all_sections())


def main(show_misses: bool) -> None:
    for joint, header, label in (
        (" ", True, "space-joined"), ("", True, "joined by nothing"),
        (" ", False, "space-joined, no field header"), ("", False, "nothing, no field header"),
    ):
        tp = fp = fn = 0
        meta_ok: Counter = Counter()
        for name in FILES:
            text = Path(name).read_text(encoding="utf-8-sig")
            printed = parse_text(text)
            flat = parse_text(crawled(text, joint, printed.meta, header=header))
            want, got = tree(printed), tree(flat)
            tp, fp, fn = tp + sum((want & got).values()), fp + sum((got - want).values()), (
                fn + sum((want - got).values()))
            for f in META:
                meta_ok[f] += getattr(printed.meta, f) == getattr(flat.meta, f)
            if show_misses and header:
                for f in META:
                    if getattr(printed.meta, f) != getattr(flat.meta, f):
                        print(f"  {Path(name).stem} meta {f}: {getattr(printed.meta, f)!r} -> "
                              f"{getattr(flat.meta, f)!r}")
                for k in want - got:
                    print(f"  {Path(name).stem} miss {k}")
                for k in got - want:
                    print(f"  {Path(name).stem} extra {k}")
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        n = len(FILES)
        meta_share = sum(meta_ok.values()) / (n * len(META))
        print(f"{label}: sections P {p:.3f} R {r:.3f} F1 {f1:.3f} ({tp}/{tp + fn} printed, "
              f"{fp} invented); meta {meta_share:.3f} "
              + " ".join(f"{f} {meta_ok[f]}/{n}" for f in META))


if __name__ == "__main__":
    main("--misses" in sys.argv)

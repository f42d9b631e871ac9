"""Write or compare a snapshot of the parser's full output over the corpus.

A speed change must not change a single field of any report.  Before the change::

    python scripts/snapshot.py write /tmp/before.jsonl

after it::

    python scripts/snapshot.py compare /tmp/before.jsonl

prints each report that differs (and the first differing top-level fields) and exits 1 if any
does.  A change that adds a field compares without it: ``compare --added name_rule F`` drops
that key, at any depth, from the new records first (and says how many carried it).

Texts: every ``*.txt`` report under ``../shared/corpora`` and ``corpora/``, plus every
third Simplified one converted to Traditional with OpenCC ``s2t`` (the Traditional path).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"


def texts(corpora: Path) -> list[tuple[str, str]]:
    from govreport_nlp.models import Script
    from govreport_nlp.read.load import load
    from govreport_nlp.text.normalise import detect_script

    paths = sorted(corpora.glob("*/*.txt")) + sorted((ROOT / "corpora").glob("*.txt"))
    out: list[tuple[str, str]] = []
    simplified: list[tuple[str, str]] = []
    for path in paths:
        text = load(path.read_bytes(), name=path.name).text
        out.append((path.name, text))
        if detect_script(text) is Script.SIMPLIFIED:
            simplified.append((path.name, text))
    import opencc

    s2t = opencc.OpenCC("s2t")
    out += [("s2t:" + name, s2t.convert(text)) for name, text in simplified[::3]]
    return out


def records(corpora: Path) -> dict[str, dict[str, object]]:
    from govreport_nlp.pipeline import parse_document
    from govreport_nlp.read.load import load

    return {
        name: parse_document(load(text.encode("utf-8"), name=name)).to_dict()
        for name, text in texts(corpora)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("write", "compare"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--added", action="append", default=[], metavar="FIELD",
                        help="a field the change adds: left out of the comparison")
    args = parser.parse_args()
    current = records(args.corpora)
    if args.mode == "write":
        with args.path.open("w", encoding="utf-8") as out:
            for name, record in current.items():
                out.write(json.dumps({"name": name, "record": record}, ensure_ascii=False) + "\n")
        print(f"{len(current)} reports written to {args.path}")
        return 0
    before = {}
    for line in args.path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        before[row["name"]] = row["record"]
    # through JSON, as written, so Decimal and enum values compare as stored
    now = {k: json.loads(json.dumps(v, ensure_ascii=False)) for k, v in current.items()}
    carried = sum(_drop(record, set(args.added)) for record in now.values())
    if args.added:
        print(f"added {', '.join(args.added)}: {carried} values left out of the comparison")
    differ = [name for name in sorted(set(before) | set(now)) if before.get(name) != now.get(name)]
    for name in differ:
        old, new = before.get(name) or {}, now.get(name) or {}
        fields = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        print(f"DIFFERS {name}: {', '.join(fields)}")
    print(f"{len(now)} reports, {len(differ)} differ")
    return 1 if differ else 0


def _drop(value: object, fields: set[str]) -> int:
    """Remove ``fields`` from every dict inside ``value``; how many were removed."""
    removed = 0
    if isinstance(value, dict):
        for name in fields & value.keys():
            del value[name]
            removed += 1
        items: list[object] = list(value.values())
    elif isinstance(value, list):
        items = value
    else:
        return 0
    return removed + sum(_drop(v, fields) for v in items)


if __name__ == "__main__":
    sys.exit(main())

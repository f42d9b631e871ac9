"""Regenerate ``src/govreport_nlp/data/script_chars.tsv`` from OpenCC's character tables.

A character is *traditional-specific* when OpenCC's Traditional->Simplified table maps it to
something other than itself (後 -> 后), and *simplified-specific* when the Simplified->
Traditional table maps it only to other characters (发 -> 發 髮).  Characters valid in both
scripts (后, 面) count for neither.  ``tests/test_normalise.py`` checks the committed file is
current whenever opencc-python-reimplemented's dictionaries are installed.

Run: ``python scripts/regen_script_chars.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "govreport_nlp" / "data" / "script_chars.tsv"


def _table(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        key, values = line.split("\t")
        table[key] = values.split()
    return table


def render() -> str:
    import opencc  # the pure-Python package ships its dictionaries as text

    dictionary = Path(opencc.__file__).parent / "dictionary"
    t2s = _table(dictionary / "TSCharacters.txt")
    s2t = _table(dictionary / "STCharacters.txt")
    traditional = sorted(c for c, to in t2s.items() if len(c) == 1 and c not in to)
    simplified = sorted(c for c, to in s2t.items() if len(c) == 1 and c not in to)
    header = (
        "# Characters that identify a script, derived from OpenCC's TSCharacters.txt and\n"
        "# STCharacters.txt by scripts/regen_script_chars.py (do not edit by hand).\n"
        "# script: the one script the characters belong to.\n"
        "# chars: the characters, concatenated.\n"
        "script\tchars\n"
    )
    return header + f"traditional\t{''.join(traditional)}\nsimplified\t{''.join(simplified)}\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")

"""Regenerate ``src/govreport_nlp/data/jieba_overlap.tsv`` from the installed jieba.

The Rust segmenter starts from jieba-rs's built-in copy of jieba's ``dict.txt`` and adds our
user dictionary.  To give jieba's exact totals and tags it needs, for each of our words that
``dict.txt`` already holds, that entry's frequency and tag; this file lists them, with the
SHA-256 of the ``dict.txt`` they were read from (the Rust path checks it at start-up and
builds its dictionary from ``dict.txt`` itself when it differs).

    python scripts/regen_jieba_overlap.py
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

TARGET = (
    Path(__file__).resolve().parents[1] / "src" / "govreport_nlp" / "data" / "jieba_overlap.tsv"
)


def render() -> str:
    segment = importlib.import_module("govreport_nlp.text.segment")
    text = segment._jieba_dictionary_text()
    ours = {word for word, _, _ in segment._userdict_entries()}
    rows = []
    for line in text.splitlines():
        word, freq, tag = line.split(" ")
        if word in ours:
            rows.append(f"{word}\t{freq}\t{tag}")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    header = [
        "# Entries of jieba's dict.txt for the words of gov_userdict.txt that it already holds:",
        "# their frequency and tag there (jieba adds our frequency to its total without taking",
        "# theirs away, and keeps our tag).  Written by scripts/regen_jieba_overlap.py from the",
        "# dict.txt with the SHA-256 below; govreport_nlp.text.segment uses them only for that",
        "# file.",
        f"# dict.txt sha256: {digest}",
        "word\tfreq\ttag",
    ]
    return "\n".join(header + rows) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")

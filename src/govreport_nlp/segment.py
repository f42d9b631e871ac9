"""Word segmentation tuned for official Chinese: jieba with a government user dictionary.

jieba's global tokenizer logs to stderr, writes a cache file into the temp directory and is
shared by every library in the process.  Here a *private* ``jieba.Tokenizer`` is built lazily
on first use, in memory, with ``data/gov_userdict.txt`` loaded so terms such as
政府信息公开申请 or 地区生产总值 stay whole; part-of-speech tags come from a
``jieba.posseg.POSTokenizer`` over that private tokenizer.

Set the environment variable ``GOVREPORT_NLP_JIEBA_CACHE`` to a directory to let jieba keep
its prefix-dictionary cache there (faster start); without it nothing is written to disk.

>>> [t.word for t in segment("全年共收到政府信息公开申请46件")]
['全年', '共', '收到', '政府信息公开申请', '46', '件']
>>> segment("")
[]
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._data import data_text

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["CACHE_ENV", "USERDICT", "Token", "segment", "tokenizer"]

USERDICT = "gov_userdict.txt"
CACHE_ENV = "GOVREPORT_NLP_JIEBA_CACHE"


@dataclass(frozen=True, slots=True)
class Token:
    """One word: ``text[start:end] == word``; ``pos`` is jieba's part-of-speech tag."""

    word: str
    pos: str
    start: int
    end: int


_lock = threading.Lock()
_pos_tokenizer: Any = None


def _userdict_entries() -> Iterator[tuple[str, int, str | None]]:
    """(word, frequency, pos) rows of the packaged user dictionary, comments skipped."""
    for raw in data_text(USERDICT).splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, freq, *pos = line.split(" ")
        yield word, int(freq), (pos[0] if pos else None)


def _build() -> Any:
    # jieba is imported here, not at module import: it is only needed once text is segmented.
    import jieba
    import jieba.posseg

    base = jieba.Tokenizer()
    cache_dir = os.environ.get(CACHE_ENV)
    if cache_dir:
        # Asked for: let jieba keep its marshal cache in the user's directory.  jieba logs
        # through its own module logger while it does so; we add no handler of ours.
        base.tmp_dir = cache_dir
        base.initialize()
    else:
        # The in-memory path: the same prefix dictionary jieba builds, with no log line and
        # no cache file in the temp directory.
        base.FREQ, base.total = base.gen_pfdict(base.get_dict_file())
        base.initialized = True
    for word, freq, pos in _userdict_entries():
        base.add_word(word, freq, pos)
    return jieba.posseg.POSTokenizer(base)


def tokenizer() -> Any:
    """The private ``jieba.posseg.POSTokenizer`` (created once, thread-safe)."""
    global _pos_tokenizer
    if _pos_tokenizer is None:
        with _lock:
            if _pos_tokenizer is None:
                _pos_tokenizer = _build()
    return _pos_tokenizer


def segment(text: str, *, hmm: bool = True) -> list[Token]:
    """Split ``text`` into words with part of speech; the tokens tile ``text`` exactly.

    ``hmm=False`` skips jieba's hidden-Markov guess at unknown words (about eight times
    faster; unknown words then come out a character at a time).

    >>> toks = segment("行政复议0件")
    >>> [(t.word, t.start, t.end) for t in toks]
    [('行政复议', 0, 4), ('0', 4, 5), ('件', 5, 6)]
    """
    if not text:
        return []
    out: list[Token] = []
    pos = 0
    for pair in tokenizer().cut(text, HMM=hmm):
        word: str = pair.word
        flag: str = pair.flag
        if flag == "eng" and word.replace(".", "").isdigit():
            flag = "m"  # jieba's no-HMM path tags Arabic numbers "eng"; the HMM path says "m"
        end = pos + len(word)
        out.append(Token(word, flag, pos, end))
        pos = end
    return out
